"""What the lending desk records besides loans: money taken and paid back (deposits,
overdue fees) and stocktakes (清点) with the barcodes seen.

Money (services/circulation/money.py): every payment and every refund is one ``Payment``
row naming the desk, the staff member and the receipt number printed on the slip; amounts
are positive ``Decimal`` yuan, the direction is the kind. Rows are never changed.

A stocktake (services/circulation/stocktake.py) names what is expected (a shelf's call-number
prefix, a call-number range, or a whole collection type, at one service point) and collects
the barcodes seen, on as many days as it takes, until it is closed.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, UTCDateTime


def _enum(cls: type[enum.Enum], name: str, length: int = 20) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=length,
                values_callable=lambda e: [m.value for m in e])


class PaymentKind(enum.StrEnum):
    DEPOSIT = "deposit"  # a card deposit taken (in)
    DEPOSIT_REFUND = "deposit_refund"  # the deposit paid back when the card is cancelled (out)
    FEE = "fee"  # overdue fees paid (in)
    FEE_WAIVED = "fee_waived"  # overdue fees a manager let off (no cash moves)


INCOMING = frozenset({PaymentKind.DEPOSIT, PaymentKind.FEE})
OUTGOING = frozenset({PaymentKind.DEPOSIT_REFUND})


class Payment(Base):
    """One payment or refund at a desk, with its receipt number."""

    __tablename__ = "payment"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_non_negative"),
        Index("ix_payment_point_day", "service_point_id", "local_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[PaymentKind] = mapped_column(_enum(PaymentKind, "payment_kind"))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    reader_id: Mapped[int] = mapped_column(ForeignKey("reader.id", ondelete="RESTRICT"), index=True)
    # the overdue loans a fee settles are listed in ``PaymentLoan``
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    local_day: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")


class PaymentLoan(Base):
    """The share of a fee payment (or waiver) that settles one overdue loan."""

    __tablename__ = "payment_loan"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_non_negative"),
        UniqueConstraint("loan_id"),  # a loan's fee is settled once
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id", ondelete="RESTRICT"), index=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id", ondelete="RESTRICT"))
    amount: Mapped[Decimal] = mapped_column(Numeric(10, 2))


class StocktakeScope(enum.StrEnum):
    SHELF = "shelf"  # call numbers beginning with ``first``
    RANGE = "range"  # call numbers from ``first`` to ``last`` (inclusive, by prefix)
    COLLECTION = "collection"  # every item of the collection type ``first``


class Stocktake(Base):
    __tablename__ = "stocktake"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"))
    scope: Mapped[StocktakeScope] = mapped_column(_enum(StocktakeScope, "stocktake_scope"))
    first: Mapped[str] = mapped_column(String(60))
    last: Mapped[str] = mapped_column(String(60), default="")
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class StocktakeSeen(Base):
    """One barcode seen in a stocktake (the first time; a second scan changes nothing)."""

    __tablename__ = "stocktake_seen"
    __table_args__ = (UniqueConstraint("stocktake_id", "barcode"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stocktake_id: Mapped[int] = mapped_column(ForeignKey("stocktake.id", ondelete="RESTRICT"))
    barcode: Mapped[str] = mapped_column(String(32))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id", ondelete="RESTRICT"), default=None)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
