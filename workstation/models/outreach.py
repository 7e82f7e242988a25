"""Outreach models: activities and their categories and series, bookmobile vehicles and
trips, volunteers and their service records, and monthly online / promotion metrics.

Categories and metrics are data a library edits, not code: the migration seeds the
defaults (reading promotion, 文化大讲堂, 健康大讲堂 …; website hits, mobile-library hits,
LED screen days, WeChat followers). Every figure is recorded once, here, and every total
is derived from these rows. Records are never deleted: a mistaken one is voided
(``voided_at``) with an audit entry, and totals leave it out.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    Enum,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workstation.models.base import Base, UTCDateTime, utcnow
from workstation.models.config import CENTRAL_LIBRARY_ID, BookmobileStop, Library, ServicePoint


class ActivityCategory(Base):
    """A kind of activity (阅读推广, 文化大讲堂 …). ``code`` is a stable key reports use to
    pick out e.g. the culture lectures; ``name`` is the label a library may rename."""

    __tablename__ = "activity_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class ActivitySeries(Base):
    """A series groups activities and sums them (the 70th-anniversary series …)."""

    __tablename__ = "activity_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Activity(Base):
    """One reader activity, lecture, exhibition … held from ``start_day`` to ``end_day``
    (library-local days). It counts once, in the period holding its start day, in the figures
    of the library that held it (``library_id``; before 1980 every activity was the central
    library's)."""

    __tablename__ = "activity"
    __table_args__ = (
        CheckConstraint("end_day >= start_day", name="end_not_before_start"),
        CheckConstraint("participants >= 0", name="participants_non_negative"),
        CheckConstraint("online_views >= 0", name="online_views_non_negative"),
        # a series' events at one library (the umbrella row's test, national_form.umbrella_condition):
        # an index on the library alone led SQLite through every activity of the library
        Index("ix_activity_series_library", "series_id", "library_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    library_id: Mapped[int] = mapped_column(ForeignKey("library.id", ondelete="RESTRICT"),
                                            default=CENTRAL_LIBRARY_ID,
                                            server_default=text(str(CENTRAL_LIBRARY_ID)))
    category_id: Mapped[int] = mapped_column(ForeignKey("activity_category.id", ondelete="RESTRICT"), index=True)
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity_series.id", ondelete="RESTRICT"), index=True, default=None)
    start_day: Mapped[dt.date] = mapped_column(Date, index=True)
    end_day: Mapped[dt.date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(100), default="")
    partners: Mapped[str] = mapped_column(String(300), default="")
    participants: Mapped[int] = mapped_column(default=0)
    online_views: Mapped[int] = mapped_column(default=0)
    chronicle: Mapped[bool] = mapped_column(default=False)
    chronicle_text: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)

    category: Mapped[ActivityCategory] = relationship()
    series: Mapped[ActivitySeries | None] = relationship()
    library: Mapped[Library] = relationship()


class BookmobileVehicle(Base):
    """A vehicle of a bookmobile service point (the library has two)."""

    __tablename__ = "bookmobile_vehicle"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    plate: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(default=True)

    service_point: Mapped[ServicePoint] = relationship()


bookmobile_trip_stop = Table(
    "bookmobile_trip_stop",
    Base.metadata,
    Column("trip_id", ForeignKey("bookmobile_trip.id", ondelete="CASCADE"), primary_key=True),
    Column("stop_id", ForeignKey("bookmobile_stop.id", ondelete="RESTRICT"), primary_key=True, index=True),
)


class BookmobileTrip(Base):
    """One outing (出车) of a vehicle on a local day, with the stops it visited.

    The loans, returns and new cards of a trip come from circulation records made at the
    bookmobile service point on that day when there are any; the ``*_typed`` figures are
    used otherwise (NULL: not typed)."""

    __tablename__ = "bookmobile_trip"
    __table_args__ = (
        CheckConstraint("loans_typed IS NULL OR loans_typed >= 0", name="loans_typed_non_negative"),
        CheckConstraint("returns_typed IS NULL OR returns_typed >= 0", name="returns_typed_non_negative"),
        CheckConstraint("new_cards_typed IS NULL OR new_cards_typed >= 0", name="new_cards_typed_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    local_day: Mapped[dt.date] = mapped_column(Date, index=True)
    vehicle_id: Mapped[int] = mapped_column(ForeignKey("bookmobile_vehicle.id", ondelete="RESTRICT"), index=True)
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"), index=True)
    loans_typed: Mapped[int | None] = mapped_column(default=None)
    returns_typed: Mapped[int | None] = mapped_column(default=None)
    new_cards_typed: Mapped[int | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)

    vehicle: Mapped[BookmobileVehicle] = relationship()
    stops: Mapped[list[BookmobileStop]] = relationship(secondary=bookmobile_trip_stop,
                                                       order_by="BookmobileStop.sort_order")


class Volunteer(Base):
    __tablename__ = "volunteer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    organisation: Mapped[str] = mapped_column(String(100), default="")
    nationally_registered: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class VolunteerRecord(Base):
    """Hours one volunteer served on a local day, in half-hour steps (checked in the schema)."""

    __tablename__ = "volunteer_record"
    __table_args__ = (
        CheckConstraint("hours > 0 AND hours <= 24", name="hours_in_range"),
        CheckConstraint("hours * 2 = ROUND(hours * 2)", name="hours_half_hour_steps"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="RESTRICT"), index=True)
    local_day: Mapped[dt.date] = mapped_column(Date, index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activity.id", ondelete="RESTRICT"), index=True, default=None)
    place: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)

    volunteer: Mapped[Volunteer] = relationship()
    activity: Mapped[Activity | None] = relationship()


class MetricAggregation(enum.StrEnum):
    """How months add up to a year: hits and days are summed; a stock such as WeChat
    followers is the value of the last month entered."""

    SUM = "sum"
    LAST = "last"


class MetricDefinition(Base):
    """A monthly figure the library keeps (website hits, LED screen days …): data, not code."""

    __tablename__ = "metric_definition"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    unit: Mapped[str] = mapped_column(String(20), default="")
    aggregation: Mapped[MetricAggregation] = mapped_column(
        Enum(MetricAggregation, name="metric_aggregation", native_enum=False, length=10,
             values_callable=lambda e: [m.value for m in e]),
        default=MetricAggregation.SUM,
    )
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


class MetricValue(Base):
    """The value of one metric for one calendar month; entered once (unique), corrected in place."""

    __tablename__ = "metric_value"
    __table_args__ = (
        UniqueConstraint("metric_id", "year", "month"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_in_range"),
        CheckConstraint("value >= 0", name="value_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    metric_id: Mapped[int] = mapped_column(ForeignKey("metric_definition.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    month: Mapped[int]
    value: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    metric: Mapped[MetricDefinition] = relationship()
