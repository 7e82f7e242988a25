"""Outreach and collection growth: activities, bookmobile trips, volunteers, monthly
metrics, dated acquisitions; seeds the default activity categories, metric definitions
and the two bookmobile vehicles.

Revision ID: 0400
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workstation.models.base import UTCDateTime

revision = "0400"
down_revision = "0002"
branch_labels = None
depends_on = None

# (code, name) — names are the library's own Chinese labels, editable data.
CATEGORIES = [
    ("reading_promotion", "阅读推广"),
    ("culture_lecture", "文化大讲堂"),
    ("health_lecture", "健康大讲堂"),
    ("exhibition", "展览"),
    ("film", "电影放映"),
    ("training", "培训"),
    ("volunteer_service", "志愿服务"),
    ("youth", "青少年活动"),
    ("blind", "视障读者服务"),
    ("disabled", "残障读者服务"),
    ("party_building", "党建活动"),
    ("other", "其他"),
]
# (code, name, unit, aggregation)
METRICS = [
    ("website_hits", "门户网站点击量", "次", "sum"),
    ("mobile_library_hits", "移动图书馆点击量", "次", "sum"),
    ("led_days", "LED 咨询宣传", "天", "sum"),
    ("wechat_followers", "微信公众号关注人数", "人", "last"),
]
VEHICLES = ["流动图书车 1 号", "流动图书车 2 号"]


def upgrade() -> None:
    op.create_table(
        "activity_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_category")),
        sa.UniqueConstraint("code", name=op.f("uq_activity_category_code")),
        sa.UniqueConstraint("name", name=op.f("uq_activity_category_name")),
    )
    op.create_table(
        "activity_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_series")),
        sa.UniqueConstraint("name", name=op.f("uq_activity_series_name")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("partners", sa.String(length=300), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("online_views", sa.Integer(), nullable=False),
        sa.Column("chronicle", sa.Boolean(), nullable=False),
        sa.Column("chronicle_text", sa.String(length=500), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("voided_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("end_day >= start_day", name=op.f("ck_activity_end_not_before_start")),
        sa.CheckConstraint("participants >= 0", name=op.f("ck_activity_participants_non_negative")),
        sa.CheckConstraint("online_views >= 0", name=op.f("ck_activity_online_views_non_negative")),
        sa.ForeignKeyConstraint(["category_id"], ["activity_category.id"],
                                name=op.f("fk_activity_category_id_activity_category"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["series_id"], ["activity_series.id"],
                                name=op.f("fk_activity_series_id_activity_series"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
    )
    op.create_index(op.f("ix_activity_category_id"), "activity", ["category_id"])
    op.create_index(op.f("ix_activity_series_id"), "activity", ["series_id"])
    op.create_index(op.f("ix_activity_start_day"), "activity", ["start_day"])

    op.create_table(
        "bookmobile_vehicle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("plate", sa.String(length=20), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["service_point_id"], ["service_point.id"],
                                name=op.f("fk_bookmobile_vehicle_service_point_id_service_point"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookmobile_vehicle")),
        sa.UniqueConstraint("name", name=op.f("uq_bookmobile_vehicle_name")),
    )
    op.create_index(op.f("ix_bookmobile_vehicle_service_point_id"), "bookmobile_vehicle", ["service_point_id"])
    op.create_table(
        "bookmobile_trip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("loans_typed", sa.Integer(), nullable=True),
        sa.Column("returns_typed", sa.Integer(), nullable=True),
        sa.Column("new_cards_typed", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("voided_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("loans_typed IS NULL OR loans_typed >= 0",
                           name=op.f("ck_bookmobile_trip_loans_typed_non_negative")),
        sa.CheckConstraint("returns_typed IS NULL OR returns_typed >= 0",
                           name=op.f("ck_bookmobile_trip_returns_typed_non_negative")),
        sa.CheckConstraint("new_cards_typed IS NULL OR new_cards_typed >= 0",
                           name=op.f("ck_bookmobile_trip_new_cards_typed_non_negative")),
        sa.ForeignKeyConstraint(["vehicle_id"], ["bookmobile_vehicle.id"],
                                name=op.f("fk_bookmobile_trip_vehicle_id_bookmobile_vehicle"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["service_point_id"], ["service_point.id"],
                                name=op.f("fk_bookmobile_trip_service_point_id_service_point"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookmobile_trip")),
    )
    op.create_index(op.f("ix_bookmobile_trip_local_day"), "bookmobile_trip", ["local_day"])
    op.create_index(op.f("ix_bookmobile_trip_vehicle_id"), "bookmobile_trip", ["vehicle_id"])
    op.create_index(op.f("ix_bookmobile_trip_service_point_id"), "bookmobile_trip", ["service_point_id"])
    op.create_table(
        "bookmobile_trip_stop",
        sa.Column("trip_id", sa.Integer(), nullable=False),
        sa.Column("stop_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["trip_id"], ["bookmobile_trip.id"],
                                name=op.f("fk_bookmobile_trip_stop_trip_id_bookmobile_trip"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stop_id"], ["bookmobile_stop.id"],
                                name=op.f("fk_bookmobile_trip_stop_stop_id_bookmobile_stop"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("trip_id", "stop_id", name=op.f("pk_bookmobile_trip_stop")),
    )
    op.create_index(op.f("ix_bookmobile_trip_stop_stop_id"), "bookmobile_trip_stop", ["stop_id"])

    op.create_table(
        "volunteer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("organisation", sa.String(length=100), nullable=False),
        sa.Column("nationally_registered", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer")),
    )
    op.create_table(
        "volunteer_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("volunteer_id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("hours", sa.Numeric(precision=4, scale=1), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("voided_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("hours > 0 AND hours <= 24", name=op.f("ck_volunteer_record_hours_in_range")),
        sa.CheckConstraint("hours * 2 = ROUND(hours * 2)", name=op.f("ck_volunteer_record_hours_half_hour_steps")),
        sa.ForeignKeyConstraint(["volunteer_id"], ["volunteer.id"],
                                name=op.f("fk_volunteer_record_volunteer_id_volunteer"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"],
                                name=op.f("fk_volunteer_record_activity_id_activity"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_record")),
    )
    op.create_index(op.f("ix_volunteer_record_volunteer_id"), "volunteer_record", ["volunteer_id"])
    op.create_index(op.f("ix_volunteer_record_local_day"), "volunteer_record", ["local_day"])
    op.create_index(op.f("ix_volunteer_record_activity_id"), "volunteer_record", ["activity_id"])

    op.create_table(
        "metric_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("aggregation", sa.Enum("sum", "last", name="metric_aggregation", native_enum=False, length=10),
                  nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_definition")),
        sa.UniqueConstraint("code", name=op.f("uq_metric_definition_code")),
        sa.UniqueConstraint("name", name=op.f("uq_metric_definition_name")),
    )
    op.create_table(
        "metric_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_metric_value_month_in_range")),
        sa.CheckConstraint("value >= 0", name=op.f("ck_metric_value_value_non_negative")),
        sa.ForeignKeyConstraint(["metric_id"], ["metric_definition.id"],
                                name=op.f("fk_metric_value_metric_id_metric_definition"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric_value")),
        sa.UniqueConstraint("metric_id", "year", "month", name=op.f("uq_metric_value_metric_id_year_month")),
    )
    op.create_index(op.f("ix_metric_value_metric_id"), "metric_value", ["metric_id"])
    op.create_index(op.f("ix_metric_value_year"), "metric_value", ["year"])

    op.create_table(
        "acquisition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("collection_type", sa.Enum("book", "serial", "audiovisual", "e_document",
                                             name="collection_type", native_enum=False, length=20),
                  nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("voided_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_acquisition_quantity_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acquisition")),
    )
    op.create_index(op.f("ix_acquisition_local_day"), "acquisition", ["local_day"])
    _seed()


def _seed() -> None:
    categories = sa.table(
        "activity_category",
        sa.column("code", sa.String), sa.column("name", sa.String),
        sa.column("active", sa.Boolean), sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(categories, [
        {"code": code, "name": name, "active": True, "sort_order": i * 10}
        for i, (code, name) in enumerate(CATEGORIES)
    ])
    metrics = sa.table(
        "metric_definition",
        sa.column("code", sa.String), sa.column("name", sa.String), sa.column("unit", sa.String),
        sa.column("aggregation", sa.String), sa.column("active", sa.Boolean), sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(metrics, [
        {"code": code, "name": name, "unit": unit, "aggregation": agg, "active": True, "sort_order": i * 10}
        for i, (code, name, unit, agg) in enumerate(METRICS)
    ])
    points = sa.table("service_point", sa.column("id", sa.Integer), sa.column("kind", sa.String))
    bookmobile_id = op.get_bind().execute(
        sa.select(points.c.id).where(points.c.kind == "bookmobile").order_by(points.c.id).limit(1)
    ).scalar()
    if bookmobile_id is None:
        return  # a library without a bookmobile adds vehicles when it gets one
    vehicles = sa.table(
        "bookmobile_vehicle",
        sa.column("service_point_id", sa.Integer), sa.column("name", sa.String),
        sa.column("plate", sa.String), sa.column("active", sa.Boolean),
    )
    op.bulk_insert(vehicles, [
        {"service_point_id": bookmobile_id, "name": name, "plate": "", "active": True} for name in VEHICLES
    ])


def downgrade() -> None:
    op.drop_table("acquisition")
    op.drop_table("metric_value")
    op.drop_table("metric_definition")
    op.drop_table("volunteer_record")
    op.drop_table("volunteer")
    op.drop_table("bookmobile_trip_stop")
    op.drop_table("bookmobile_trip")
    op.drop_table("bookmobile_vehicle")
    op.drop_table("activity")
    op.drop_table("activity_series")
    op.drop_table("activity_category")
