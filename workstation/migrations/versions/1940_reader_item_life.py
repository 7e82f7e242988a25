"""A reader's and an item's whole life: withdrawn items and item status notes, loans closed
as lost or voided, replaced (retired) card numbers, and managers' loan corrections.

Columns are added (never a batch rebuild of ``loan``, whose triggers keep
``loan_day_count``): SQLite keeps the triggers in place.

Revision ID: 1940
Revises: 1930
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1940"
down_revision = "1930"
branch_labels = None
depends_on = None


def _enum(name: str, values: list[str], length: int = 10) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade() -> None:
    op.add_column("item", sa.Column("withdrawn_on", sa.Date(), nullable=True))
    op.add_column("item", sa.Column("status_note", sa.String(200), nullable=True))
    op.create_index("ix_item_withdrawn_on", "item", ["withdrawn_on"])
    op.add_column("loan", sa.Column("closed_as", _enum("loan_end", ["lost", "voided"]), nullable=True))
    op.create_table(
        "retired_card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_number", sa.String(32), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=False),
        sa.Column("replaced_by", sa.String(32), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["reader_id"], ["reader.id"], name=op.f("fk_retired_card_reader_id_reader"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_retired_card_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retired_card")),
        sa.UniqueConstraint("card_number", name=op.f("uq_retired_card_card_number")),
    )
    op.create_index("ix_retired_card_reader_id", "retired_card", ["reader_id"])
    op.create_table(
        "loan_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("correction_kind", ["loan", "return"]), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("event_day", sa.Date(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("returned_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("return_point_id", sa.Integer(), nullable=True),
        sa.Column("return_stop_id", sa.Integer(), nullable=True),
        sa.Column("return_staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["loan_id"], ["loan.id"], name=op.f("fk_loan_correction_loan_id_loan"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_loan_correction_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["service_point_id"], ["service_point.id"],
                                name=op.f("fk_loan_correction_service_point_id_service_point"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["return_point_id"], ["service_point.id"],
                                name=op.f("fk_loan_correction_return_point_id_service_point"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["return_stop_id"], ["bookmobile_stop.id"],
                                name=op.f("fk_loan_correction_return_stop_id_bookmobile_stop"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["return_staff_id"], ["staff.id"],
                                name=op.f("fk_loan_correction_return_staff_id_staff"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_correction")),
    )
    op.create_index("ix_loan_correction_loan_id", "loan_correction", ["loan_id"])
    op.create_index("ix_loan_correction_point_day", "loan_correction", ["service_point_id", "event_day"])


def downgrade() -> None:
    op.drop_table("loan_correction")
    op.drop_table("retired_card")
    # plain ALTER TABLE … DROP COLUMN (SQLite 3.35+ and PostgreSQL): a batch rebuild of
    # ``loan`` would drop its counting triggers
    op.execute("ALTER TABLE loan DROP COLUMN closed_as")
    op.drop_index("ix_item_withdrawn_on", table_name="item")
    op.execute("ALTER TABLE item DROP COLUMN status_note")
    op.execute("ALTER TABLE item DROP COLUMN withdrawn_on")
