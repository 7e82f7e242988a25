"""The desk's hold shelf, money and stocktakes: why a reservation closed, payments with
their receipts (and the loans a fee settles), stocktakes and the barcodes they saw.

Revision ID: 1910
Revises: 1800
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1910"
down_revision = "1800"
branch_labels = None
depends_on = None


def _enum(name: str, values: list[str], length: int = 20) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade() -> None:
    with op.batch_alter_table("hold") as batch:
        batch.add_column(sa.Column("close_reason", sa.String(200), nullable=False, server_default=""))
    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt", sa.String(32), nullable=False),
        sa.Column("kind", _enum("payment_kind", ["deposit", "deposit_refund", "fee", "fee_waived"]),
                  nullable=False),
        sa.Column("amount", sa.Numeric(10, 2), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("note", sa.String(200), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_payment_amount_non_negative")),
        sa.ForeignKeyConstraint(["reader_id"], ["reader.id"], name=op.f("fk_payment_reader_id_reader"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["service_point_id"], ["service_point.id"],
                                name=op.f("fk_payment_service_point_id_service_point"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_payment_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
        sa.UniqueConstraint("receipt", name=op.f("uq_payment_receipt")),
    )
    op.create_index("ix_payment_point_day", "payment", ["service_point_id", "local_day"])
    op.create_index("ix_payment_reader_id", "payment", ["reader_id"])
    op.create_table(
        "payment_loan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(10, 2), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_payment_loan_amount_non_negative")),
        sa.ForeignKeyConstraint(["payment_id"], ["payment.id"], name=op.f("fk_payment_loan_payment_id_payment"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["loan_id"], ["loan.id"], name=op.f("fk_payment_loan_loan_id_loan"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_loan")),
        sa.UniqueConstraint("loan_id", name=op.f("uq_payment_loan_loan_id")),
    )
    op.create_index("ix_payment_loan_payment_id", "payment_loan", ["payment_id"])
    op.create_table(
        "stocktake",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("scope", _enum("stocktake_scope", ["shelf", "range", "collection"]), nullable=False),
        sa.Column("first", sa.String(60), nullable=False),
        sa.Column("last", sa.String(60), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["service_point_id"], ["service_point.id"],
                                name=op.f("fk_stocktake_service_point_id_service_point"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_stocktake_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stocktake")),
    )
    op.create_table(
        "stocktake_seen",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stocktake_id", sa.Integer(), nullable=False),
        sa.Column("barcode", sa.String(32), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["stocktake_id"], ["stocktake.id"],
                                name=op.f("fk_stocktake_seen_stocktake_id_stocktake"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_stocktake_seen_item_id_item"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_stocktake_seen_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stocktake_seen")),
        sa.UniqueConstraint("stocktake_id", "barcode", name=op.f("uq_stocktake_seen_stocktake_id_barcode")),
    )


def downgrade() -> None:
    op.drop_table("stocktake_seen")
    op.drop_table("stocktake")
    op.drop_index("ix_payment_loan_payment_id", table_name="payment_loan")
    op.drop_table("payment_loan")
    op.drop_index("ix_payment_reader_id", table_name="payment")
    op.drop_index("ix_payment_point_day", table_name="payment")
    op.drop_table("payment")
    with op.batch_alter_table("hold") as batch:
        batch.drop_column("close_reason")
