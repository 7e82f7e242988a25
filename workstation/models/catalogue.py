"""The catalogue: bibliographic records (书目) and what came in from another system.

A ``BibRecord`` is one title: the full MARC record it came with is kept (``marc``, pymarc's
JSON of every field, whatever the file's encoding was) so that nothing is lost when the
catalogue is exported again, and the fields the program uses are extracted into columns.
Items (copies) point to their record with ``item.record_id``. Records made from items
catalogued before records existed (the migration, the catalogue CSV import) have no MARC.

An ``ImportBatch`` is one import of readers or open loans from an old system; the loans it
brought in are listed in ``MigratedLoan`` (the loan rows themselves are ordinary loans of
the desk chosen at the import, so the year's figures count them once, on the day they
were lent).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

from sqlalchemy import Enum, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workstation.models.base import Base, UTCDateTime, utcnow


class MarcFormat(enum.StrEnum):
    CNMARC = "cnmarc"
    MARC21 = "marc21"


class BatchKind(enum.StrEnum):
    READERS = "readers"
    LOANS = "loans"


def _enum(cls: type[enum.Enum], name: str, length: int = 10) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=length,
                values_callable=lambda e: [m.value for m in e])


class BibRecord(Base):
    __tablename__ = "bib_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    control_number: Mapped[str] = mapped_column(String(40), default="", index=True)  # 001
    marc_format: Mapped[MarcFormat | None] = mapped_column(_enum(MarcFormat, "marc_format"), default=None)
    marc: Mapped[str | None] = mapped_column(Text, default=None)  # pymarc JSON of the record as received
    title: Mapped[str] = mapped_column(String(300), index=True)
    responsibility: Mapped[str] = mapped_column(String(300), default="")
    isbn: Mapped[str | None] = mapped_column(String(13), index=True, default=None)
    price: Mapped[Decimal | None] = mapped_column(Numeric(12, 2), default=None)
    price_text: Mapped[str] = mapped_column(String(60), default="")  # as written: CNY68.00（含光盘）
    publisher: Mapped[str] = mapped_column(String(200), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    pub_year: Mapped[str] = mapped_column(String(20), default="")
    clc_class: Mapped[str] = mapped_column(String(20), default="")
    call_number: Mapped[str] = mapped_column(String(60), default="")
    pinyin: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ImportBatch(Base):
    """One import of readers or open loans from an old system."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[BatchKind] = mapped_column(_enum(BatchKind, "import_batch_kind"))
    source: Mapped[str] = mapped_column(String(300), default="")
    service_point_id: Mapped[int | None] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"),
                                                         default=None)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))
    rows: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class MigratedLoan(Base):
    """A loan the old system made, brought in open (marks the loan row as migrated)."""

    __tablename__ = "migrated_loan"

    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id", ondelete="CASCADE"), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="RESTRICT"), index=True)
    old_renewals: Mapped[int] = mapped_column(default=0)
