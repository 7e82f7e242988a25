"""The bookmobile's offline trips: prepared trip stores, uploads and the events they carry.

Revision ID: 1950
Revises: 1940
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1950"
down_revision = "1940"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offline_trip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(36), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("prepared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prepared_by", sa.Integer(), nullable=False),
        sa.Column("card_prefix", sa.String(16), nullable=False),
        sa.Column("card_from", sa.Integer(), nullable=False),
        sa.Column("card_to", sa.Integer(), nullable=False),
        sa.Column("seq_from", sa.Integer(), nullable=False),
        sa.CheckConstraint("card_from >= 1 AND card_to >= card_from", name=op.f("ck_offline_trip_card_range")),
        sa.CheckConstraint("seq_from >= 1", name=op.f("ck_offline_trip_seq_positive")),
        sa.ForeignKeyConstraint(["vehicle_id"], ["bookmobile_vehicle.id"],
                                name=op.f("fk_offline_trip_vehicle_id_bookmobile_vehicle"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["service_point_id"], ["service_point.id"],
                                name=op.f("fk_offline_trip_service_point_id_service_point"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["prepared_by"], ["staff.id"], name=op.f("fk_offline_trip_prepared_by_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_trip")),
        sa.UniqueConstraint("key", name=op.f("uq_offline_trip_key")),
    )
    op.create_index(op.f("ix_offline_trip_vehicle_id"), "offline_trip", ["vehicle_id"])
    op.create_table(
        "offline_upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trip_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("clock_offset_seconds", sa.Integer(), nullable=False),
        sa.Column("in_store", sa.Integer(), nullable=False),
        sa.Column("new_events", sa.Integer(), nullable=False),
        sa.Column("damaged", sa.Integer(), nullable=False),
        sa.Column("salvaged", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["trip_id"], ["offline_trip.id"], name=op.f("fk_offline_upload_trip_id_offline_trip"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_offline_upload_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_upload")),
    )
    op.create_index(op.f("ix_offline_upload_trip_id"), "offline_upload", ["trip_id"])
    op.create_table(
        "offline_event",
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.Column("trip_id", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("client_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("corrected_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("stop_id", sa.Integer(), nullable=True),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("state", sa.Enum("pending", "applied", "warning", "exception", "discarded",
                                   name="offline_event_state", native_enum=False, length=10), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(20), nullable=False),
        sa.Column("reason", sa.String(300), nullable=False),
        sa.ForeignKeyConstraint(["trip_id"], ["offline_trip.id"], name=op.f("fk_offline_event_trip_id_offline_trip"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["upload_id"], ["offline_upload.id"],
                                name=op.f("fk_offline_event_upload_id_offline_upload"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["vehicle_id"], ["bookmobile_vehicle.id"],
                                name=op.f("fk_offline_event_vehicle_id_bookmobile_vehicle"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_offline_event_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["stop_id"], ["bookmobile_stop.id"],
                                name=op.f("fk_offline_event_stop_id_bookmobile_stop"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["resolved_by"], ["staff.id"], name=op.f("fk_offline_event_resolved_by_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_offline_event")),
        sa.UniqueConstraint("vehicle_id", "seq", name=op.f("uq_offline_event_vehicle_id_seq")),
    )
    op.create_index(op.f("ix_offline_event_trip_id"), "offline_event", ["trip_id"])
    op.create_index(op.f("ix_offline_event_upload_id"), "offline_event", ["upload_id"])
    op.create_index("ix_offline_event_state_time", "offline_event", ["state", "corrected_time"])


def downgrade() -> None:
    op.drop_table("offline_event")
    op.drop_table("offline_upload")
    op.drop_table("offline_trip")
