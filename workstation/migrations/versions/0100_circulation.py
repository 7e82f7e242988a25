"""Circulation: readers, items, loans, renewals, holds, loan rules, closed days.

Revision ID: 0100
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workstation.models.base import UTCDateTime

revision = "0100"
down_revision = "0002"
branch_labels = None
depends_on = None

CATEGORIES = ("adult", "child", "disabled", "other")
COLLECTIONS = ("book", "serial", "audiovisual", "e_document")
OPEN = sa.text("returned_at IS NULL")

# (loan days, max loans, max renewals) by collection type; the blind or disabled get longer
# periods, children fewer items. A library edits these in the Circulation settings.
DEFAULT_RULES = {
    "adult": {"book": (30, 5, 1), "serial": (14, 3, 0), "audiovisual": (14, 2, 0), "e_document": (30, 5, 1)},
    "child": {"book": (30, 3, 1), "serial": (14, 2, 0), "audiovisual": (14, 1, 0), "e_document": (30, 3, 1)},
    "disabled": {"book": (60, 10, 2), "serial": (30, 5, 1), "audiovisual": (30, 5, 1),
                 "e_document": (60, 10, 2)},
    "other": {"book": (30, 3, 1), "serial": (14, 2, 0), "audiovisual": (14, 1, 0), "e_document": (30, 3, 1)},
}


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=20)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"),
                                   ondelete="RESTRICT")


def upgrade() -> None:
    op.create_table(
        "reader",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_number", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("category", _enum(CATEGORIES, "reader_category"), nullable=False),
        sa.Column("id_type", _enum(("resident_id", "passport", "other"), "reader_id_type"), nullable=False),
        sa.Column("id_number", sa.String(length=40), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("registered_point_id", sa.Integer(), nullable=False),
        sa.Column("registered_at", UTCDateTime(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("status", _enum(("active", "lost", "blocked"), "reader_status"), nullable=False),
        sa.Column("deposit", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.CheckConstraint("deposit >= 0", name=op.f("ck_reader_deposit_non_negative")),
        _fk("reader", "registered_point_id", "service_point"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reader")),
        sa.UniqueConstraint("card_number", name=op.f("uq_reader_card_number")),
    )
    op.create_index(op.f("ix_reader_name"), "reader", ["name"])
    op.create_index(op.f("ix_reader_id_number"), "reader", ["id_number"])
    op.create_index(op.f("ix_reader_phone"), "reader", ["phone"])

    op.create_table(
        "item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("barcode", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("isbn", sa.String(length=13), nullable=True),
        sa.Column("call_number", sa.String(length=60), nullable=False),
        sa.Column("clc_class", sa.String(length=20), nullable=False),
        sa.Column("collection_type", _enum(COLLECTIONS, "collection_type"), nullable=False),
        sa.Column("home_point_id", sa.Integer(), nullable=True),
        sa.Column("status", _enum(("available", "on_loan", "on_hold_shelf", "lost", "withdrawn"), "item_status"),
                  nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk("item", "home_point_id", "service_point"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item")),
        sa.UniqueConstraint("barcode", name=op.f("uq_item_barcode")),
    )
    op.create_index(op.f("ix_item_title"), "item", ["title"])
    op.create_index(op.f("ix_item_isbn"), "item", ["isbn"])

    op.create_table(
        "loan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("stop_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("lent_at", UTCDateTime(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("renewal_count", sa.Integer(), nullable=False),
        sa.Column("returned_at", UTCDateTime(), nullable=True),
        sa.Column("return_local_day", sa.Date(), nullable=True),
        sa.Column("return_point_id", sa.Integer(), nullable=True),
        sa.Column("return_stop_id", sa.Integer(), nullable=True),
        sa.Column("return_staff_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("renewal_count >= 0", name=op.f("ck_loan_renewal_count_non_negative")),
        _fk("loan", "item_id", "item"),
        _fk("loan", "reader_id", "reader"),
        _fk("loan", "service_point_id", "service_point"),
        _fk("loan", "stop_id", "bookmobile_stop"),
        _fk("loan", "staff_id", "staff"),
        _fk("loan", "return_point_id", "service_point"),
        _fk("loan", "return_stop_id", "bookmobile_stop"),
        _fk("loan", "return_staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan")),
    )
    op.create_index(op.f("ix_loan_item_id"), "loan", ["item_id"])
    op.create_index(op.f("ix_loan_reader_id"), "loan", ["reader_id"])
    op.create_index(op.f("ix_loan_local_day"), "loan", ["local_day"])
    op.create_index("ix_loan_open_item", "loan", ["item_id"], unique=True,
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index("ix_loan_open_reader", "loan", ["reader_id", "due_date"],
                    sqlite_where=OPEN, postgresql_where=OPEN)
    op.create_index("ix_loan_point_day", "loan", ["service_point_id", "local_day"])
    op.create_index("ix_loan_return_point_day", "loan", ["return_point_id", "return_local_day"])

    op.create_table(
        "renewal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("stop_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("renewed_at", UTCDateTime(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("old_due", sa.Date(), nullable=False),
        sa.Column("new_due", sa.Date(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_renewal_number_positive")),
        _fk("renewal", "loan_id", "loan"),
        _fk("renewal", "service_point_id", "service_point"),
        _fk("renewal", "stop_id", "bookmobile_stop"),
        _fk("renewal", "staff_id", "staff"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renewal")),
        sa.UniqueConstraint("loan_id", "number", name=op.f("uq_renewal_loan_id_number")),
    )
    op.create_index(op.f("ix_renewal_local_day"), "renewal", ["local_day"])
    op.create_index("ix_renewal_point_day", "renewal", ["service_point_id", "local_day"])

    op.create_table(
        "hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("isbn", sa.String(length=13), nullable=True),
        sa.Column("pickup_point_id", sa.Integer(), nullable=False),
        sa.Column("state", _enum(("waiting", "ready", "fulfilled", "cancelled"), "hold_state"), nullable=False),
        sa.Column("placed_at", UTCDateTime(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("ready_item_id", sa.Integer(), nullable=True),
        sa.Column("ready_at", UTCDateTime(), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("item_id IS NOT NULL OR isbn IS NOT NULL", name=op.f("ck_hold_item_or_title")),
        _fk("hold", "reader_id", "reader"),
        _fk("hold", "item_id", "item"),
        _fk("hold", "pickup_point_id", "service_point"),
        _fk("hold", "staff_id", "staff"),
        _fk("hold", "ready_item_id", "item"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hold")),
    )
    op.create_index(op.f("ix_hold_reader_id"), "hold", ["reader_id"])
    op.create_index(op.f("ix_hold_local_day"), "hold", ["local_day"])
    op.create_index("ix_hold_item_state", "hold", ["item_id", "state"])
    op.create_index("ix_hold_isbn_state", "hold", ["isbn", "state"])

    rules = op.create_table(
        "loan_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reader_category", _enum(CATEGORIES, "reader_category"), nullable=False),
        sa.Column("collection_type", _enum(COLLECTIONS, "collection_type"), nullable=False),
        sa.Column("loan_days", sa.Integer(), nullable=False),
        sa.Column("max_loans", sa.Integer(), nullable=False),
        sa.Column("max_renewals", sa.Integer(), nullable=False),
        sa.CheckConstraint("loan_days >= 1", name=op.f("ck_loan_rule_loan_days_positive")),
        sa.CheckConstraint("max_loans >= 0", name=op.f("ck_loan_rule_max_loans_non_negative")),
        sa.CheckConstraint("max_renewals >= 0", name=op.f("ck_loan_rule_max_renewals_non_negative")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_rule")),
        sa.UniqueConstraint("reader_category", "collection_type",
                            name=op.f("uq_loan_rule_reader_category_collection_type")),
    )
    op.create_table(
        "closed_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closed_day")),
        sa.UniqueConstraint("day", name=op.f("uq_closed_day_day")),
    )
    op.create_table(
        "weekly_closing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.CheckConstraint("weekday >= 0 AND weekday <= 6", name=op.f("ck_weekly_closing_weekday_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_closing")),
        sa.UniqueConstraint("weekday", name=op.f("uq_weekly_closing_weekday")),
    )
    assert rules is not None
    op.bulk_insert(rules, [
        {"reader_category": cat, "collection_type": coll, "loan_days": d, "max_loans": n, "max_renewals": r}
        for cat, by_coll in DEFAULT_RULES.items() for coll, (d, n, r) in by_coll.items()
    ])


def downgrade() -> None:
    for table in ("weekly_closing", "closed_day", "loan_rule", "hold", "renewal", "loan", "item", "reader"):
        op.drop_table(table)
