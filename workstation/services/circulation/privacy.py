"""Readers' privacy: how long returned loans stay linked to the reader who borrowed them.

The retention policy (a library setting, ``loan_retention_months``, 24 by default; 0
keeps everything) anonymises returned loans older than that many months: the loan is
re-linked from the reader to an anonymous placeholder reader *of the same category*. The
loan keeps its day, service point, item, staff member, renewals and return, so every
statistic (loans and renewals per desk and month, per class, per reader category) stays
exactly the same, while nobody can tell any more who read what.

Placeholders instead of an empty reader column: the loan table keeps its schema (its
statistics triggers and the partial indexes stay as they are), and every query that joins
a loan to its reader keeps working. Placeholder cards are blocked, expired and cannot borrow.

Identity numbers and phones are shown masked to everyone but administrators, on screen
(``readers.view_of``) and in exports (``overdue.export_overdue_xlsx``); ``masked_reader_fields``
is the one function exports use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, ValidationError
from workstation.models import LibrarySetting, Role, ServicePoint, ServicePointKind
from workstation.models.circulation import IdType, Loan, Reader, ReaderCategory, ReaderStatus
from workstation.services import audit
from workstation.services.circulation.readers import ANONYMOUS_CARD_PREFIX, mask_id_number, mask_phone
from workstation.services.context import Actor, require_role
from workstation.timeutil import months_before

RETENTION_KEY = "loan_retention_months"
DEFAULT_RETENTION_MONTHS = 24
MAX_RETENTION_MONTHS = 240
ANONYMOUS_NAME = "（已匿名）"


def retention_months(session: Session) -> int:
    setting = session.get(LibrarySetting, RETENTION_KEY)
    if setting is None:
        return DEFAULT_RETENTION_MONTHS
    try:
        return int(setting.value)
    except ValueError:
        return DEFAULT_RETENTION_MONTHS


def parse_months(value: int | str) -> int:
    try:
        months = int(str(value).strip())
    except ValueError:
        raise ValidationError("months", N_("Retention: give a whole number of months.")) from None
    if not 0 <= months <= MAX_RETENTION_MONTHS:
        raise ValidationError("months", N_("Retention: from 0 (keep everything) to {n} months."),
                              n=MAX_RETENTION_MONTHS)
    return months


def set_retention_months(session: Session, actor: Actor, months: int | str) -> int:
    """Administrators set how many months returned loans keep their reader (0: forever)."""
    require_role(actor, Role.ADMIN)
    months = parse_months(months)
    old = retention_months(session)
    setting = session.get(LibrarySetting, RETENTION_KEY)
    if setting is None:
        session.add(LibrarySetting(key=RETENTION_KEY, value=str(months)))
    elif setting.value == str(months):
        return months
    else:
        setting.value = str(months)
    audit.record(session, actor, "update", "library_setting", None,
                 {"key": RETENTION_KEY, "old": old, "new": months})
    return months


def anonymous_reader(session: Session, category: ReaderCategory) -> int:
    """The placeholder reader of ``category`` (created the first time it is needed)."""
    card = f"{ANONYMOUS_CARD_PREFIX}{category.value.upper()}"
    found = session.scalar(select(Reader.id).where(Reader.card_number == card))
    if found is not None:
        return found
    point = session.scalar(select(ServicePoint.id).where(ServicePoint.kind == ServicePointKind.LENDING_DESK)
                           .order_by(ServicePoint.id).limit(1)) \
        or session.scalar(select(ServicePoint.id).order_by(ServicePoint.id).limit(1))
    if point is None:
        raise ValidationError("service_point", N_("Retention: the library has no service point yet."))
    reader = Reader(card_number=card, name=ANONYMOUS_NAME, category=category, id_type=IdType.OTHER,
                    id_number=None, phone=None, registered_point_id=point, valid_until=dt.date(2000, 1, 1),
                    status=ReaderStatus.BLOCKED)
    session.add(reader)
    session.flush()
    return reader.id


def _old_loans(cutoff: dt.date) -> ColumnElement[bool]:
    """Returned before ``cutoff`` and still linked to a real reader."""
    placeholders = select(Reader.id).where(Reader.card_number.like(f"{ANONYMOUS_CARD_PREFIX}%"))
    return and_(Loan.returned_at.is_not(None), Loan.return_local_day < cutoff, Loan.reader_id.not_in(placeholders))


@dataclass(frozen=True)
class RetentionPreview:
    months: int  # 0: everything is kept
    cutoff: dt.date | None  # loans returned before this day are due for anonymising
    loans: int


def preview_anonymise(session: Session, actor: Actor, today: dt.date | None = None) -> RetentionPreview:
    """How many returned loans ``anonymise_old_loans`` would unlink now; nothing changes."""
    require_role(actor, Role.ADMIN)
    months = retention_months(session)
    if months == 0:
        return RetentionPreview(0, None, 0)
    cutoff = months_before(today or timeutil.today(), months)
    count = session.scalar(select(func.count()).select_from(Loan).where(_old_loans(cutoff))) or 0
    return RetentionPreview(months, cutoff, count)


ANONYMISE_WINDOW = 50_000  # loan ids per step: a progress bar moves, the statements stay small


def anonymise_old_loans(session: Session, actor: Actor, today: dt.date | None = None,
                        progress: Callable[[int, int], None] | None = None) -> int:
    """Unlink returned loans older than the retention period from their readers; returns
    how many loans were anonymised (one audit entry with the count). The work goes in
    windows of loan ids, all in the caller's one transaction: ``progress(step, steps)`` is
    called after each, and an error anywhere leaves every loan as it was."""
    require_role(actor, Role.ADMIN)
    months = retention_months(session)
    if months == 0:
        return 0
    today = today or timeutil.today()
    cutoff = months_before(today, months)
    old = _old_loans(cutoff)
    first, last = session.execute(select(func.min(Loan.id), func.max(Loan.id)).where(old)).one()
    if first is None:
        return 0
    starts = range(first, last + 1, ANONYMISE_WINDOW)
    targets: dict[ReaderCategory, int] = {}
    total = 0
    for step, start in enumerate(starts, start=1):
        window = and_(old, Loan.id >= start, Loan.id < start + ANONYMISE_WINDOW)
        for category in ReaderCategory:
            of_category = Loan.reader_id.in_(select(Reader.id).where(Reader.category == category))
            if category not in targets:  # the placeholder is made only for a category that needs one
                if session.scalar(select(Loan.id).where(window, of_category).limit(1)) is None:
                    continue
                targets[category] = anonymous_reader(session, category)
            result = session.execute(update(Loan).where(window, of_category).values(reader_id=targets[category])
                                     .execution_options(synchronize_session=False))
            total += result.rowcount  # type: ignore[attr-defined]
        if progress is not None:
            progress(step, len(starts))
    session.expire_all()
    if total:
        audit.record(session, actor, "anonymise", "loan", None,
                     {"loans": total, "returned_before": cutoff.isoformat(), "months": months})
    return total


def masked_reader_fields(actor: Actor, id_number: str | None, phone: str | None) -> tuple[str, str]:
    """(ID number, phone) as ``actor`` may see them: in full for administrators only."""
    if actor.role is Role.ADMIN:
        return id_number or "", phone or ""
    return mask_id_number(id_number), mask_phone(phone)
