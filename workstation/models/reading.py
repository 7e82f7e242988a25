"""Reading rooms and visitors: headcounts, the entrance gate counter, visitor day totals.

Rooms are the service points of kind ``reading_room`` (see ``config.py``), so a renamed or
retired room keeps its history.

Nothing here is ever deleted. A correction is a new row whose ``replaces_id`` names the
row it corrects; the old row gets ``superseded_by_id``/``superseded_at`` and stays, with
who entered it and when. Every total counts only *current* rows (``superseded_by_id IS
NULL``). "Room empty" is a row with count 0, which is different from "not counted" (no
row at all).
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, UTCDateTime, utcnow
from workstation.models.config import CENTRAL_LIBRARY_ID


class CountMethod(enum.StrEnum):
    """How a number came in."""

    TAP = "tap"            # one tap on the count button: one reader
    TYPED = "typed"        # a typed total for a session, a back-filled count or a correction
    EMPTY = "empty"        # "looked, room empty": a 0 that marks the room as counted
    IMPORTED = "imported"  # from a spreadsheet


def _method_enum(name: str) -> Enum:
    return Enum(CountMethod, name=name, native_enum=False, length=10,
                values_callable=lambda e: [m.value for m in e])


class HeadCount(Base):
    """One count of readers in a reading room at a moment of a library-local day."""

    __tablename__ = "head_count"
    __table_args__ = (
        CheckConstraint("count >= 0", name="count_non_negative"),
        CheckConstraint("method <> 'empty' OR count = 0", name="empty_is_zero"),
        UniqueConstraint("replaces_id"),
        Index("ix_head_count_room_day", "room_id", "local_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"))
    local_day: Mapped[dt.date] = mapped_column(Date, index=True)
    counted_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    count: Mapped[int]
    method: Mapped[CountMethod] = mapped_column(_method_enum("head_count_method"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"), index=True)
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("head_count.id", ondelete="RESTRICT"), default=None)
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("head_count.id", ondelete="RESTRICT"), default=None)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None


class CounterMode(enum.StrEnum):
    """A one-way counter counts people coming in; a two-way counter counts every pass, in
    and out, so the visitors are half the passes."""

    ONE_WAY = "one_way"
    TWO_WAY = "two_way"


def _library_column() -> Mapped[int]:
    """The library whose visitors a row counts (the central library for the rows recorded
    before branches counted their own)."""
    return mapped_column(ForeignKey("library.id", ondelete="RESTRICT"), index=True, default=CENTRAL_LIBRARY_ID,
                         server_default=text(str(CENTRAL_LIBRARY_ID)))


class GateCounter(Base):
    """An entrance gate counter of one library: its kind and the number at which its display
    rolls over to 0 (e.g. 100000 for a five-digit counter; NULL if it never does). Its
    readings count that library's visitors."""

    __tablename__ = "gate_counter"
    __table_args__ = (
        CheckConstraint("rollover IS NULL OR rollover > 0", name="rollover_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    library_id: Mapped[int] = _library_column()
    name: Mapped[str] = mapped_column(String(60), unique=True)
    mode: Mapped[CounterMode] = mapped_column(
        Enum(CounterMode, name="gate_counter_mode", native_enum=False, length=10,
             values_callable=lambda e: [m.value for m in e]))
    rollover: Mapped[int | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def directions(self) -> int:
        return 2 if self.mode is CounterMode.TWO_WAY else 1


class GateReading(Base):
    """What a gate counter showed at a moment. The passes between consecutive readings
    belong to the day of the later reading; see ``services/reading/gate.py``."""

    __tablename__ = "gate_reading"
    __table_args__ = (
        CheckConstraint("reading >= 0", name="reading_non_negative"),
        UniqueConstraint("replaces_id"),
        Index("ix_gate_reading_counter_read_at", "counter_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("gate_counter.id", ondelete="RESTRICT"))
    local_day: Mapped[dt.date] = mapped_column(Date, index=True)
    read_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    reading: Mapped[int]
    method: Mapped[CountMethod] = mapped_column(_method_enum("gate_reading_method"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"), index=True)
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("gate_reading.id", ondelete="RESTRICT"), default=None)
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("gate_reading.id", ondelete="RESTRICT"), default=None)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class VisitorDay(Base):
    """A library's visitor total of a day, entered or imported directly (when none of that
    library's counters has readings that day). At most one current row per library and day,
    enforced by a partial unique index."""

    __tablename__ = "visitor_day"
    __table_args__ = (
        CheckConstraint("count >= 0", name="count_non_negative"),
        UniqueConstraint("replaces_id"),
        Index("ix_visitor_day_current_library_day", "library_id", "local_day", unique=True,
              sqlite_where=text("superseded_by_id IS NULL"),
              postgresql_where=text("superseded_by_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    library_id: Mapped[int] = _library_column()
    local_day: Mapped[dt.date] = mapped_column(Date, index=True)
    count: Mapped[int]
    method: Mapped[CountMethod] = mapped_column(_method_enum("visitor_day_method"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"), index=True)
    entered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("visitor_day.id", ondelete="RESTRICT"), default=None)
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("visitor_day.id", ondelete="RESTRICT"), default=None)
    superseded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
