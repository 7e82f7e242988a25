"""Configuration data a library edits: service points (desks, bookmobile, rooms) and stops."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workstation.models.base import Base, UTCDateTime, utcnow


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
