"""Staff accounts and the append-only audit trail."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workstation.models.base import Base, UTCDateTime, utcnow
from workstation.models.config import library_column


class Role(enum.StrEnum):
    """Ordered from least to most privileged; see ``Role.rank``."""

    DESK = "desk"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return [Role.DESK, Role.MANAGER, Role.ADMIN].index(self)


class Staff(Base):
    __tablename__ = "staff"
    __table_args__ = (
        CheckConstraint("failed_logins >= 0", name="failed_logins_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="staff_role", native_enum=False, length=10,
             values_callable=lambda e: [m.value for m in e])
    )
    password_hash: Mapped[str] = mapped_column(String(200))
    # the library the account works in; an administrator of the central library manages all
    library_id: Mapped[int] = library_column()
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


class AuditEntry(Base):
    """One change anyone made. Rows are only ever inserted: database triggers refuse
    UPDATE and DELETE, so not even a path around the services can rewrite history."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", ondelete="RESTRICT"), index=True, default=None
    )
    workstation: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(default=None)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    staff: Mapped[Staff | None] = relationship()
