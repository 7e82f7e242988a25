"""Bookmobile stops, and the service points of the library the program starts with.

The names come from Changzhi City Library's 2019 report. They are ordinary rows: a library
renames, adds and retires them in the Admin tab.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from workstation.models.base import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LENDING_DESKS = ["综合借阅处", "文学借阅处", "青少年图书借阅处"]
BOOKMOBILE = "流动图书车"
READING_ROOMS = ["期刊阅览室", "报纸阅览室", "青少年阅览室", "古籍阅览室", "地方文献阅览室", "电子阅览室"]
STOPS = [
    "惠丰社区", "清华社区", "城上城社区", "御林苑社区", "安康社区", "六府苑社区",
    "消防支队", "长治医学院", "和济医院", "市十二中", "武警长治支队",
]


def upgrade() -> None:
    op.create_table(
        "bookmobile_stop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["service_point_id"], ["service_point.id"],
                                name=op.f("fk_bookmobile_stop_service_point_id_service_point"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookmobile_stop")),
        sa.UniqueConstraint("service_point_id", "name", name=op.f("uq_bookmobile_stop_service_point_id_name")),
    )
    op.create_index(op.f("ix_bookmobile_stop_service_point_id"), "bookmobile_stop", ["service_point_id"])

    now = dt.datetime.now(dt.UTC)
    points = sa.table(
        "service_point",
        sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("kind", sa.String),
        sa.column("active", sa.Boolean), sa.column("sort_order", sa.Integer),
        sa.column("seats", sa.Integer), sa.column("created_at", UTCDateTime),
    )
    bind = op.get_bind()
    if bind.execute(sa.select(sa.func.count()).select_from(points)).scalar_one():
        return  # a database that already has its own service points keeps them
    rows = [(name, "lending_desk") for name in LENDING_DESKS] + [(BOOKMOBILE, "bookmobile")]
    rows += [(name, "reading_room") for name in READING_ROOMS]
    op.bulk_insert(points, [
        {"name": name, "kind": kind, "active": True, "sort_order": i * 10, "seats": None, "created_at": now}
        for i, (name, kind) in enumerate(rows)
    ])
    bookmobile_id = bind.execute(sa.select(points.c.id).where(points.c.name == BOOKMOBILE)).scalar_one()
    stops = sa.table(
        "bookmobile_stop",
        sa.column("service_point_id", sa.Integer), sa.column("name", sa.String),
        sa.column("active", sa.Boolean), sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(stops, [
        {"service_point_id": bookmobile_id, "name": name, "active": True, "sort_order": i * 10}
        for i, name in enumerate(STOPS)
    ])


def downgrade() -> None:
    op.drop_table("bookmobile_stop")
