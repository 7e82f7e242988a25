"""Reading rooms and visitors: headcounts, gate counters and readings, visitor day totals.

Revision ID: 0200
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workstation.models.base import UTCDateTime

revision = "0200"
down_revision = "0002"
branch_labels = None
depends_on = None

METHODS = ("tap", "typed", "empty", "imported")


def _method(name: str) -> sa.Enum:
    return sa.Enum(*METHODS, name=name, native_enum=False, length=10)


def _trace_columns(table: str) -> list[sa.Column]:
    return [
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("entered_at", UTCDateTime(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.Column("superseded_at", UTCDateTime(), nullable=True),
    ]


def _trace_constraints(table: str) -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f(f"fk_{table}_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["replaces_id"], [f"{table}.id"], name=op.f(f"fk_{table}_replaces_id_{table}"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["superseded_by_id"], [f"{table}.id"],
                                name=op.f(f"fk_{table}_superseded_by_id_{table}"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("replaces_id", name=op.f(f"uq_{table}_replaces_id")),
    ]


def upgrade() -> None:
    op.create_table(
        "head_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("counted_at", UTCDateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("method", _method("head_count_method"), nullable=False),
        *_trace_columns("head_count"),
        sa.CheckConstraint("count >= 0", name=op.f("ck_head_count_count_non_negative")),
        sa.CheckConstraint("method <> 'empty' OR count = 0", name=op.f("ck_head_count_empty_is_zero")),
        sa.ForeignKeyConstraint(["room_id"], ["service_point.id"], name=op.f("fk_head_count_room_id_service_point"),
                                ondelete="RESTRICT"),
        *_trace_constraints("head_count"),
    )
    op.create_index(op.f("ix_head_count_local_day"), "head_count", ["local_day"])
    op.create_index(op.f("ix_head_count_staff_id"), "head_count", ["staff_id"])
    op.create_index("ix_head_count_room_day", "head_count", ["room_id", "local_day"])

    op.create_table(
        "gate_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("mode", sa.Enum("one_way", "two_way", name="gate_counter_mode", native_enum=False, length=10),
                  nullable=False),
        sa.Column("rollover", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("rollover IS NULL OR rollover > 0", name=op.f("ck_gate_counter_rollover_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate_counter")),
        sa.UniqueConstraint("name", name=op.f("uq_gate_counter_name")),
    )

    op.create_table(
        "gate_reading",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=False),
        sa.Column("reading", sa.Integer(), nullable=False),
        sa.Column("method", _method("gate_reading_method"), nullable=False),
        *_trace_columns("gate_reading"),
        sa.CheckConstraint("reading >= 0", name=op.f("ck_gate_reading_reading_non_negative")),
        sa.ForeignKeyConstraint(["counter_id"], ["gate_counter.id"],
                                name=op.f("fk_gate_reading_counter_id_gate_counter"), ondelete="RESTRICT"),
        *_trace_constraints("gate_reading"),
    )
    op.create_index(op.f("ix_gate_reading_local_day"), "gate_reading", ["local_day"])
    op.create_index(op.f("ix_gate_reading_staff_id"), "gate_reading", ["staff_id"])
    op.create_index("ix_gate_reading_counter_read_at", "gate_reading", ["counter_id", "read_at"])

    op.create_table(
        "visitor_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("method", _method("visitor_day_method"), nullable=False),
        *_trace_columns("visitor_day"),
        sa.CheckConstraint("count >= 0", name=op.f("ck_visitor_day_count_non_negative")),
        *_trace_constraints("visitor_day"),
    )
    op.create_index(op.f("ix_visitor_day_local_day"), "visitor_day", ["local_day"])
    op.create_index(op.f("ix_visitor_day_staff_id"), "visitor_day", ["staff_id"])
    op.create_index("ix_visitor_day_current_day", "visitor_day", ["local_day"], unique=True,
                    sqlite_where=sa.text("superseded_by_id IS NULL"),
                    postgresql_where=sa.text("superseded_by_id IS NULL"))


def downgrade() -> None:
    op.drop_table("visitor_day")
    op.drop_table("gate_reading")
    op.drop_table("gate_counter")
    op.drop_table("head_count")
