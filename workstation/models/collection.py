"""Collection growth: dated acquisitions of holdings that are not catalogued item by item
(e-documents, databases, serial runs …), with a quantity and a source.

New holdings for a period = items catalogued in it (circulation's ``Item``) + these rows.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, Date, Enum, String
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, UTCDateTime, utcnow


class CollectionType(enum.StrEnum):
    """The holdings types of the yearly figures: 图书, 报刊, 视听资料, 电子文献."""

    BOOK = "book"
    SERIAL = "serial"
    AUDIOVISUAL = "audiovisual"
    E_DOCUMENT = "e_document"


class Acquisition(Base):
    """``quantity`` items of one collection type added to the holdings on ``local_day``."""

    __tablename__ = "acquisition"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    local_day: Mapped[dt.date] = mapped_column(Date, index=True)
    collection_type: Mapped[CollectionType] = mapped_column(
        Enum(CollectionType, name="collection_type", native_enum=False, length=20,
             values_callable=lambda e: [m.value for m in e])
    )
    quantity: Mapped[int]
    source: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
