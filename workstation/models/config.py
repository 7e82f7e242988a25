"""Configuration data a library edits: libraries (the central library and its branches, 总分馆),
their service points (desks, bookmobile, rooms) and the bookmobile's stops."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workstation.models.base import Base, UTCDateTime, utcnow

# The central library is the first row of ``library``: the migration that brought libraries
# creates it with this id, and every row written before branches existed belongs to it.
CENTRAL_LIBRARY_ID = 1
TRANSIT_DAYS_DEFAULT = 7


class LoanRulesBy(enum.StrEnum):
    """Whose loan rules apply to a loan across libraries (Koha's CircControl)."""

    LENDING = "lending"  # the library where the item is lent
    OWNING = "owning"  # the library that owns the item


class Library(Base):
    """The central library or one of its branches (分馆): service points, items, staff and
    readers each belong to one, and the figures can be given per library or for the city."""

    __tablename__ = "library"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # 馆代码, printed on transfer slips
    name: Mapped[str] = mapped_column(String(100), unique=True)  # on slips and workbook sheets
    is_central: Mapped[bool] = mapped_column(default=False)
    loan_rules_by: Mapped[LoanRulesBy] = mapped_column(
        Enum(LoanRulesBy, name="loan_rules_by", native_enum=False, length=10,
             values_callable=lambda e: [m.value for m in e]),
        default=LoanRulesBy.LENDING,
    )
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    # an item travelling to this library longer than this many days is flagged on the transit list
    transit_days: Mapped[int] = mapped_column(default=TRANSIT_DAYS_DEFAULT,
                                              server_default=text(str(TRANSIT_DAYS_DEFAULT)))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Library {self.id} {self.code} {self.name}>"


def library_column() -> Mapped[int]:
    """The library a row belongs to: a plain foreign key (no ON DELETE clause, which SQLite
    can add to a filled table in place), the central library unless said otherwise."""
    return mapped_column(ForeignKey("library.id"), index=True, default=CENTRAL_LIBRARY_ID,
                         server_default=text(str(CENTRAL_LIBRARY_ID)))


class ServicePointKind(enum.StrEnum):
    LENDING_DESK = "lending_desk"
    BOOKMOBILE = "bookmobile"
    READING_ROOM = "reading_room"


class ServicePoint(Base):
    """A place where service is given and counted. Never deleted once used: retired instead,
    so that the history recorded against it keeps its name in every report."""

    __tablename__ = "service_point"
    __table_args__ = (
        CheckConstraint("seats IS NULL OR seats >= 0", name="seats_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[ServicePointKind] = mapped_column(
        Enum(ServicePointKind, name="service_point_kind", native_enum=False, length=20,
             values_callable=lambda e: [m.value for m in e])
    )
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    seats: Mapped[int | None] = mapped_column(default=None)
    library_id: Mapped[int] = library_column()
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)

    stops: Mapped[list[BookmobileStop]] = relationship(
        back_populates="service_point", order_by="BookmobileStop.sort_order"
    )

    def __repr__(self) -> str:
        return f"<ServicePoint {self.id} {self.name} {self.kind.value}>"


class BookmobileStop(Base):
    """A community or institution the bookmobile serves (惠丰社区, 长治医学院 …)."""

    __tablename__ = "bookmobile_stop"
    __table_args__ = (UniqueConstraint("service_point_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_point_id: Mapped[int] = mapped_column(
        ForeignKey("service_point.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)

    service_point: Mapped[ServicePoint] = relationship(back_populates="stops")


class LibrarySetting(Base):
    """Library-wide settings as key/value data (the library's name on reports, …)."""

    __tablename__ = "library_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
