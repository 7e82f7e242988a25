"""The bookmobile's offline work as the central database receives it (docs/bookmobile.md).

``OfflineTrip`` is one prepared trip store: its key, the vehicle, who prepared it and when,
the card numbers reserved for readers registered on the road and the event numbers reserved
for it. ``OfflineUpload`` is one sync of a trip store. ``OfflineEvent`` is one action done
offline, uploaded once (its id, made on the laptop, is the primary key) and replayed once:
its ``state`` ends as applied, warning (applied with a warning), exception or discarded.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, UTCDateTime, utcnow


class EventState(enum.StrEnum):
    PENDING = "pending"  # uploaded, not yet replayed (an upload killed halfway leaves some)
    APPLIED = "applied"
    WARNING = "warning"  # applied, with a warning for staff
    EXCEPTION = "exception"  # not applied: waits for staff on the exceptions screen
    DISCARDED = "discarded"  # a manager decided it is not to be applied (with a reason)


class OfflineTrip(Base):
    __tablename__ = "offline_trip"
    __table_args__ = (
        CheckConstraint("card_from >= 1 AND card_to >= card_from", name="card_range"),
        CheckConstraint("seq_from >= 1", name="seq_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(36), unique=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("bookmobile_vehicle.id", ondelete="RESTRICT"), index=True)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"))
    prepared_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    prepared_by: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    card_prefix: Mapped[str] = mapped_column(String(16))
    card_from: Mapped[int] = mapped_column()
    card_to: Mapped[int] = mapped_column()
    seq_from: Mapped[int] = mapped_column()


class OfflineUpload(Base):
    __tablename__ = "offline_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("offline_trip.id", ondelete="RESTRICT"), index=True)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    clock_offset_seconds: Mapped[int] = mapped_column(default=0)
    in_store: Mapped[int] = mapped_column(default=0)  # events whose checksum held
    new_events: Mapped[int] = mapped_column(default=0)  # of those, not uploaded before
    damaged: Mapped[int] = mapped_column(default=0)  # records refused by their checksum (salvage)
    salvaged: Mapped[bool] = mapped_column(default=False)


class OfflineEvent(Base):
    __tablename__ = "offline_event"
    __table_args__ = (
        UniqueConstraint("vehicle_id", "seq"),
        Index("ix_offline_event_state_time", "state", "corrected_time"),
    )

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    trip_id: Mapped[int] = mapped_column(ForeignKey("offline_trip.id", ondelete="RESTRICT"), index=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("offline_upload.id", ondelete="RESTRICT"), index=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("bookmobile_vehicle.id", ondelete="RESTRICT"))
    seq: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    overrides: Mapped[list[Any]] = mapped_column(JSON, default=list)
    client_time: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    corrected_time: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    stop_id: Mapped[int | None] = mapped_column(ForeignKey("bookmobile_stop.id", ondelete="RESTRICT"), default=None)
    checksum: Mapped[str] = mapped_column(String(64))
    state: Mapped[EventState] = mapped_column(
        Enum(EventState, name="offline_event_state", native_enum=False, length=10,
             values_callable=lambda e: [m.value for m in e]), default=EventState.PENDING)
    code: Mapped[str] = mapped_column(String(40), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    applied_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"), default=None)
    resolution: Mapped[str] = mapped_column(String(20), default="")  # forced, discarded, retried
    reason: Mapped[str] = mapped_column(String(300), default="")
