"""Self-service kiosks (自助借还机) speaking SIP2, and readers' kiosk PINs.

A kiosk account is not a staff login: it has its own table and password. Loans, returns and
renewals need a staff member, so each kiosk owns one ``Staff`` row (deactivated, with no
usable password, refused by ``auth.login``) under which its transactions are recorded; the
kiosk's service point is where they count. ``ix_loan_staff_day`` lets the statistics find
the self-service loans of a period without reading every loan.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workstation.models.base import Base, UTCDateTime, utcnow
from workstation.models.circulation import Loan
from workstation.models.config import ServicePoint


class KioskCharset(enum.StrEnum):
    UTF8 = "utf-8"
    GBK = "gbk"
    GB18030 = "gb18030"


class KioskChecksum(enum.StrEnum):
    STRICT = "strict"
    LENIENT = "lenient"
    OFF = "off"


class KioskTerminator(enum.StrEnum):
    CR = "CR"
    CRLF = "CRLF"


class DueDateFormat(enum.StrEnum):
    SIP = "sip"  # YYYYMMDD    HHMMSS, as 3M, Koha and FOLIO send it
    ISO = "iso"  # YYYY-MM-DD, as dp2 sends it


def _enum(cls: type[enum.Enum], name: str, length: int = 10) -> Enum:
    return Enum(cls, name=name, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Kiosk(Base):
    __tablename__ = "kiosk"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)  # SIP2 CN
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, SIP2 CO
    service_point_id: Mapped[int] = mapped_column(ForeignKey("service_point.id", ondelete="RESTRICT"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"), unique=True)
    charset: Mapped[KioskCharset] = mapped_column(_enum(KioskCharset, "kiosk_charset"), default=KioskCharset.UTF8)
    checksum: Mapped[KioskChecksum] = mapped_column(_enum(KioskChecksum, "kiosk_checksum"),
                                                    default=KioskChecksum.STRICT)
    terminator: Mapped[KioskTerminator] = mapped_column(_enum(KioskTerminator, "kiosk_terminator"),
                                                        default=KioskTerminator.CR)
    due_date_format: Mapped[DueDateFormat] = mapped_column(_enum(DueDateFormat, "kiosk_due_format"),
                                                           default=DueDateFormat.SIP)
    institution_id: Mapped[str] = mapped_column(String(40), default="")  # SIP2 AO
    may_renew: Mapped[bool] = mapped_column(default=True)
    send_address: Mapped[bool] = mapped_column(default=False)
    send_phone: Mapped[bool] = mapped_column(default=False)
    send_email: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)

    service_point: Mapped[ServicePoint] = relationship()


class ReaderPin(Base):
    """A reader's kiosk PIN (SIP2 AD), argon2id; never shown, only set or reset at the desk."""

    __tablename__ = "reader_pin"

    reader_id: Mapped[int] = mapped_column(ForeignKey("reader.id", ondelete="CASCADE"), primary_key=True)
    pin_hash: Mapped[str] = mapped_column(String(200))
    set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    set_by: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"))


# the self-service loans of a period: loans recorded under a kiosk's staff row
Index("ix_loan_staff_day", Loan.staff_id, Loan.local_day)
