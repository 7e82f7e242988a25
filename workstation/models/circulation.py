"""Circulation: readers, items, loans, renewals, reservations, loan rules and the calendar.

Counting rules (ISO 2789 / GB/T 13191): a *loan* is one initial lending of one item to one
reader, a ``Loan`` row; a *renewal* is a ``Renewal`` row and is never counted as a loan.
Both belong to the service point (and bookmobile stop) where they happened and to the
library-local day they happened on (``local_day``, indexed with the service point, which
is what the statistics group by).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workstation.models.base import Base, UTCDateTime, utcnow
from workstation.models.collection import CollectionType as CollectionType  # one list, re-exported
from workstation.models.config import library_column


def _enum(cls: type[enum.Enum], name: str, length: int = 20) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=length,
                values_callable=lambda e: [m.value for m in e])


class ReaderCategory(enum.StrEnum):
    ADULT = "adult"
    CHILD = "child"
    DISABLED = "disabled"  # the blind or disabled
    OTHER = "other"


class IdType(enum.StrEnum):
    RESIDENT_ID = "resident_id"  # 18-digit 居民身份证
    PASSPORT = "passport"
    OTHER = "other"


class ReaderStatus(enum.StrEnum):
    ACTIVE = "active"
    LOST = "lost"
    BLOCKED = "blocked"


class ItemStatus(enum.StrEnum):
    AVAILABLE = "available"
    ON_LOAN = "on_loan"
    ON_HOLD_SHELF = "on_hold_shelf"  # returned, waiting for the reader who reserved it
    LOST = "lost"
    WITHDRAWN = "withdrawn"  # 注销: out of the holdings from ``Item.withdrawn_on``
    DAMAGED = "damaged"
    MISSING = "missing"  # not found on the shelf (a stocktake, or a search)
    IN_REPAIR = "in_repair"
    IN_TRANSIT = "in_transit"  # 在途: on its way to its home library or a pickup library (``Transfer``)


class LoanEnd(enum.StrEnum):
    """How a loan ended when it was not returned: reported lost by its reader (the loan
    still counts), or voided by a manager as made by mistake (it no longer counts)."""

    LOST = "lost"
    VOIDED = "voided"


class CorrectionKind(enum.StrEnum):
    LOAN = "loan"  # a loan made by mistake: it no longer counts
    RETURN = "return"  # a return made by mistake: the loan is open again


class HoldState(enum.StrEnum):
    WAITING = "waiting"
    READY = "ready"  # an item is set aside at the pickup point
    IN_TRANSIT = "in_transit"  # an item was caught for it at another library and travels to the pickup library
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # not collected from the hold shelf in time (services/circulation/holdshelf.py)


class Reader(Base):
    __tablename__ = "reader"
    __table_args__ = (
        CheckConstraint("deposit >= 0", name="deposit_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(60), index=True)
    category: Mapped[ReaderCategory] = mapped_column(_enum(ReaderCategory, "reader_category"))
    id_type: Mapped[IdType] = mapped_column(_enum(IdType, "reader_id_type"))
    id_number: Mapped[str | None] = mapped_column(String(40), index=True, default=None)
    phone: Mapped[str | None] = mapped_column(String(20), index=True, default=None)
    registered_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"))
    registered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[ReaderStatus] = mapped_column(_enum(ReaderStatus, "reader_status"),
                                                 default=ReaderStatus.ACTIVE)
    deposit: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))


class Item(Base):
    __tablename__ = "item"

    id: Mapped[int] = mapped_column(primary_key=True)
    barcode: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(300), index=True)
    author: Mapped[str] = mapped_column(String(200), default="")
    isbn: Mapped[str | None] = mapped_column(String(13), index=True, default=None)
    call_number: Mapped[str] = mapped_column(String(60), default="")
    clc_class: Mapped[str] = mapped_column(String(20), default="")  # 中图法 class, e.g. I247.5
    collection_type: Mapped[CollectionType] = mapped_column(_enum(CollectionType, "collection_type"))
    home_point_id: Mapped[int | None] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"),
                                                      default=None)
    # the bibliographic record (书目) this copy belongs to (models/catalogue.py); a plain
    # foreign key (no ON DELETE clause), which SQLite can add to a table in place
    record_id: Mapped[int | None] = mapped_column(ForeignKey("bib_record.id"),
                                                  index=True, default=None)
    status: Mapped[ItemStatus] = mapped_column(_enum(ItemStatus, "item_status"), default=ItemStatus.AVAILABLE)
    # the library that owns the copy (its home, where it goes back to after a loan elsewhere)
    library_id: Mapped[int] = library_column()
    # when the item was catalogued: new holdings per year and month are counted from it
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # the library-local day it was withdrawn (注销): it leaves the holdings on that day
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date, index=True, default=None)
    # why the item has its status (lost, damaged, missing, withdrawn, in repair)
    status_note: Mapped[str | None] = mapped_column(String(200), default=None)


class Loan(Base):
    """One item lent to one reader: the unit the statistics count as 外借册次."""

    __tablename__ = "loan"
    __table_args__ = (
        CheckConstraint("renewal_count >= 0", name="renewal_count_non_negative"),
        # one open loan per item, enforced by the database on both backends
        Index("ix_loan_open_item", "item_id", unique=True,
              sqlite_where=text("returned_at IS NULL"), postgresql_where=text("returned_at IS NULL")),
        # a reader's current loans, found without scanning their history
        Index("ix_loan_open_reader", "reader_id", "due_date",
              sqlite_where=text("returned_at IS NULL"), postgresql_where=text("returned_at IS NULL")),
        Index("ix_loan_point_day", "service_point_id", "local_day"),
        Index("ix_loan_return_point_day", "return_point_id", "return_local_day"),
        # borrowing visits (外借人次: distinct reader-days with a loan) read from the index alone
        Index("ix_loan_day_reader", "local_day", "reader_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="RESTRICT"), index=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("reader.id", ondelete="RESTRICT"), index=True)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"))
    stop_id: Mapped[int | None] = mapped_column(ForeignKey("bookmobile_stop.id", ondelete="RESTRICT"),
                                                default=None)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    lent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    local_day: Mapped[dt.date] = mapped_column(Date, index=True)
    due_date: Mapped[dt.date] = mapped_column(Date)
    renewal_count: Mapped[int] = mapped_column(default=0)
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    return_local_day: Mapped[dt.date | None] = mapped_column(Date, default=None)
    return_point_id: Mapped[int | None] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"),
                                                        default=None)
    return_stop_id: Mapped[int | None] = mapped_column(ForeignKey("bookmobile_stop.id", ondelete="RESTRICT"),
                                                       default=None)
    return_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"),
                                                        default=None)
    # set when the loan ended otherwise than by a return (the return columns then say when
    # and where it was closed; a closed-as-lost or voided loan is not counted as a return)
    closed_as: Mapped[LoanEnd | None] = mapped_column(_enum(LoanEnd, "loan_end", 10), default=None)

    item: Mapped[Item] = relationship()
    reader: Mapped[Reader] = relationship()


class Renewal(Base):
    """A renewal event, counted apart from loans (ISO 2789 6.2.3.2)."""

    __tablename__ = "renewal"
    __table_args__ = (
        CheckConstraint("number >= 1", name="number_positive"),
        UniqueConstraint("loan_id", "number"),
        Index("ix_renewal_point_day", "service_point_id", "local_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id", ondelete="RESTRICT"))
    number: Mapped[int] = mapped_column()  # 1 for the first renewal of the loan
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"))
    stop_id: Mapped[int | None] = mapped_column(ForeignKey("bookmobile_stop.id", ondelete="RESTRICT"),
                                                default=None)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    renewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    local_day: Mapped[dt.date] = mapped_column(Date, index=True)
    old_due: Mapped[dt.date] = mapped_column(Date)
    new_due: Mapped[dt.date] = mapped_column(Date)


class Hold(Base):
    """A reservation: on one item, or on a title (any copy with that ISBN)."""

    __tablename__ = "hold"
    __table_args__ = (
        CheckConstraint("item_id IS NOT NULL OR isbn IS NOT NULL", name="item_or_title"),
        Index("ix_hold_item_state", "item_id", "state"),
        Index("ix_hold_isbn_state", "isbn", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("reader.id", ondelete="RESTRICT"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id", ondelete="RESTRICT"), default=None)
    isbn: Mapped[str | None] = mapped_column(String(13), default=None)
    pickup_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"))
    state: Mapped[HoldState] = mapped_column(_enum(HoldState, "hold_state"), default=HoldState.WAITING)
    placed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    local_day: Mapped[dt.date] = mapped_column(Date, index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    ready_item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id", ondelete="RESTRICT"), default=None)
    ready_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    # why a reservation was cancelled ("by the reader: …", "by staff: …"), or "" when it was not
    close_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")

    reader: Mapped[Reader] = relationship()


class TransferReason(enum.StrEnum):
    RETURN_HOME = "return_home"  # returned at another library: back to the library that owns it
    HOLD_PICKUP = "hold_pickup"  # caught for a reservation collected at another library


class Transfer(Base):
    """One journey of an item between two libraries (通借通还): sent when it was returned (or
    caught for a reservation) away from where it must go, received there by a scan. While
    ``received_at`` is NULL the item is in transit (``ItemStatus.IN_TRANSIT``)."""

    __tablename__ = "transfer"
    __table_args__ = (
        CheckConstraint("from_library_id <> to_library_id", name="between_libraries"),
        # one journey at a time per item, enforced by the database on both backends
        Index("ix_transfer_open_item", "item_id", unique=True,
              sqlite_where=text("received_at IS NULL"), postgresql_where=text("received_at IS NULL")),
        Index("ix_transfer_to_received", "to_library_id", "received_at"),
        Index("ix_transfer_from_received", "from_library_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="RESTRICT"), index=True)
    from_library_id: Mapped[int] = mapped_column(ForeignKey("library.id", ondelete="RESTRICT"))
    to_library_id: Mapped[int] = mapped_column(ForeignKey("library.id", ondelete="RESTRICT"))
    reason: Mapped[TransferReason] = mapped_column(_enum(TransferReason, "transfer_reason"))
    hold_id: Mapped[int | None] = mapped_column(ForeignKey("hold.id", ondelete="RESTRICT"), default=None)
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sent_day: Mapped[dt.date] = mapped_column(Date)
    sent_by: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    sent_point_id: Mapped[int | None] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"),
                                                      default=None)
    received_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    received_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"), default=None)
    received_point_id: Mapped[int | None] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"),
                                                          default=None)


class LoanRule(Base):
    """Loan period and limits for one reader category and collection type, for one library
    or (``library_id`` NULL) for all libraries; a library's own rule comes first."""

    __tablename__ = "loan_rule"
    __table_args__ = (
        UniqueConstraint("library_id", "reader_category", "collection_type"),
        # NULLs are distinct in a unique constraint: the rules for all libraries get their own
        Index("ix_loan_rule_all_libraries", "reader_category", "collection_type", unique=True,
              sqlite_where=text("library_id IS NULL"), postgresql_where=text("library_id IS NULL")),
        CheckConstraint("loan_days >= 1", name="loan_days_positive"),
        CheckConstraint("max_loans >= 0", name="max_loans_non_negative"),
        CheckConstraint("max_renewals >= 0", name="max_renewals_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    library_id: Mapped[int | None] = mapped_column(ForeignKey("library.id"), default=None)
    reader_category: Mapped[ReaderCategory] = mapped_column(_enum(ReaderCategory, "reader_category"))
    collection_type: Mapped[CollectionType] = mapped_column(_enum(CollectionType, "collection_type"))
    loan_days: Mapped[int] = mapped_column()
    max_loans: Mapped[int] = mapped_column()
    max_renewals: Mapped[int] = mapped_column()


class ClosedDay(Base):
    """A date a library is closed (holiday, emergency); due dates move past it. ``library_id``
    NULL: every library is closed that day."""

    __tablename__ = "closed_day"
    __table_args__ = (
        UniqueConstraint("library_id", "day"),
        Index("ix_closed_day_all_libraries", "day", unique=True,
              sqlite_where=text("library_id IS NULL"), postgresql_where=text("library_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    library_id: Mapped[int | None] = mapped_column(ForeignKey("library.id"), default=None)
    day: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(100), default="")


class WeeklyClosing(Base):
    """A weekday a library is closed every week (0 = Monday … 6 = Sunday); ``library_id``
    NULL: every library."""

    __tablename__ = "weekly_closing"
    __table_args__ = (
        CheckConstraint("weekday >= 0 AND weekday <= 6", name="weekday_range"),
        UniqueConstraint("library_id", "weekday"),
        Index("ix_weekly_closing_all_libraries", "weekday", unique=True,
              sqlite_where=text("library_id IS NULL"), postgresql_where=text("library_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    library_id: Mapped[int | None] = mapped_column(ForeignKey("library.id"), default=None)
    weekday: Mapped[int] = mapped_column()


class RetiredCard(Base):
    """A card number reported lost and replaced: scanning it is refused, naming the new card.
    The reader (and so their loans and history) keeps its row; only the number changed."""

    __tablename__ = "retired_card"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_number: Mapped[str] = mapped_column(String(32), unique=True)
    reader_id: Mapped[int] = mapped_column(ForeignKey("reader.id", ondelete="CASCADE"), index=True)
    replaced_by: Mapped[str] = mapped_column(String(32))
    retired_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))


class LoanCorrection(Base):
    """A manager's correction of a loan or a return made by mistake. The loan's row stays;
    this row says what was undone, why and by whom. It belongs to the day and service point
    of the event it undoes (``event_day``, ``service_point_id``): that day's figures change
    by exactly it. A voided return keeps here the return's columns the loan gave back."""

    __tablename__ = "loan_correction"
    __table_args__ = (Index("ix_loan_correction_point_day", "service_point_id", "event_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[CorrectionKind] = mapped_column(_enum(CorrectionKind, "correction_kind", 10))
    reason: Mapped[str] = mapped_column(String(200))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    local_day: Mapped[dt.date] = mapped_column(Date)  # when the correction was made
    event_day: Mapped[dt.date] = mapped_column(Date)  # the day of the loan or return undone
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"))
    returned_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    return_point_id: Mapped[int | None] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"),
                                                        default=None)
    return_stop_id: Mapped[int | None] = mapped_column(ForeignKey("bookmobile_stop.id", ondelete="RESTRICT"),
                                                       default=None)
    return_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"),
                                                        default=None)
