"""Corrections (更正): a manager voids a loan or a return made by mistake, with a reason.

The loan's row stays (it is history); the correction is a row of its own
(``LoanCorrection``) that belongs to the day and service point of the event it undoes, so
that day's figures — and so the month's and the year's — change by exactly it:

- a voided loan is closed as ``voided`` (the item goes back on the shelf when it was still
  out) and taken off the daily loan counts (``loan_day_count``) of its day, service point
  and class; every figure counted from loans leaves it out;
- a voided return opens the loan again (the item is on loan to the reader again); the
  return's columns move to the correction row, so the return is no longer counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from workstation import timeutil
from workstation.errors import N_, Conflict, NotFound
from workstation.models import Role, ServicePoint
from workstation.models.circulation import (
    CorrectionKind,
    Item,
    ItemStatus,
    Loan,
    LoanCorrection,
    LoanEnd,
)
from workstation.models.statistics import UNCLASSIFIED, LoanDayCount
from workstation.services import audit
from workstation.services.circulation.readers import validate_reason
from workstation.services.context import Actor, require_role

KIND_LABELS = {
    CorrectionKind.LOAN: N_("loan voided"),
    CorrectionKind.RETURN: N_("return voided"),
}


def _loan(session: Session, loan_id: int) -> Loan:
    loan = session.get(Loan, loan_id, with_for_update=True, populate_existing=True)
    if loan is None:
        raise NotFound(N_("No loan with number {id}."), id=loan_id)
    return loan


def _class_of(clc_class: str) -> str:
    """The class ``loan_day_count`` filed the loan under (as its trigger computes it)."""
    return clc_class[:1].upper() or UNCLASSIFIED


def void_loan(session: Session, actor: Actor, loan_id: int, reason: str, *,
              now: dt.datetime | None = None) -> LoanCorrection:
    """A loan made by mistake (to the wrong reader, say) no longer counts."""
    require_role(actor, Role.MANAGER)
    why = validate_reason(reason)
    now = now or timeutil.now_utc()
    today = timeutil.local_day(now)
    loan = _loan(session, loan_id)
    if loan.closed_as is LoanEnd.VOIDED:
        raise Conflict(N_("Loan {id} is already voided."), id=loan.id)
    if loan.closed_as is LoanEnd.LOST:
        raise Conflict(N_("Loan {id} was closed because its reader lost the item; a lost item's loan is not "
                          "voided."), id=loan.id)
    item = session.get(Item, loan.item_id, with_for_update=True, populate_existing=True)
    assert item is not None
    was_open = loan.returned_at is None
    if was_open:
        loan.returned_at = now
        loan.return_local_day = today
        loan.return_point_id = actor.service_point_id or loan.service_point_id
        loan.return_staff_id = actor.staff_id
        if item.status is ItemStatus.ON_LOAN:
            item.status = ItemStatus.AVAILABLE
    loan.closed_as = LoanEnd.VOIDED
    # the trigger counted the loan under the class the item had then; read it from the counts
    clc = _class_of(item.clc_class)
    counted = session.scalar(select(LoanDayCount.clc).where(
        LoanDayCount.local_day == loan.local_day, LoanDayCount.service_point_id == loan.service_point_id,
        LoanDayCount.clc == clc, LoanDayCount.loans > 0))
    if counted is None:  # the item's class changed since: take it from a class counted that day
        counted = session.scalar(select(LoanDayCount.clc).where(
            LoanDayCount.local_day == loan.local_day, LoanDayCount.service_point_id == loan.service_point_id,
            LoanDayCount.loans > 0).order_by(LoanDayCount.clc).limit(1))
    if counted is not None:
        session.execute(update(LoanDayCount).where(
            LoanDayCount.local_day == loan.local_day, LoanDayCount.service_point_id == loan.service_point_id,
            LoanDayCount.clc == counted).values(loans=LoanDayCount.loans - 1))
    row = LoanCorrection(loan_id=loan.id, kind=CorrectionKind.LOAN, reason=why, staff_id=actor.staff_id, made_at=now,
                         local_day=today, event_day=loan.local_day, service_point_id=loan.service_point_id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "void_loan", "loan", loan.id,
                 {"barcode": item.barcode, "correction_id": row.id, "day": loan.local_day.isoformat(),
                  "service_point_id": loan.service_point_id, "was_open": was_open, "reason": why})
    return row


def void_return(session: Session, actor: Actor, loan_id: int, reason: str, *,
                now: dt.datetime | None = None) -> LoanCorrection:
    """A return made by mistake (the reader still has the item): the loan is open again."""
    require_role(actor, Role.MANAGER)
    why = validate_reason(reason)
    now = now or timeutil.now_utc()
    loan = _loan(session, loan_id)
    if loan.returned_at is None or loan.closed_as is not None or loan.return_local_day is None \
            or loan.return_point_id is None:
        raise Conflict(N_("Loan {id} has no return to void."), id=loan.id)
    item = session.get(Item, loan.item_id, with_for_update=True, populate_existing=True)
    assert item is not None
    if item.status is not ItemStatus.AVAILABLE or session.scalar(
            select(Loan.id).where(Loan.item_id == item.id, Loan.returned_at.is_(None))) is not None:
        raise Conflict(N_("Item {barcode} has moved on since that return (lent again, reserved or marked); "
                          "its return cannot be voided."), barcode=item.barcode)
    row = LoanCorrection(loan_id=loan.id, kind=CorrectionKind.RETURN, reason=why, staff_id=actor.staff_id,
                         made_at=now, local_day=timeutil.local_day(now), event_day=loan.return_local_day,
                         service_point_id=loan.return_point_id, returned_at=loan.returned_at,
                         return_point_id=loan.return_point_id, return_stop_id=loan.return_stop_id,
                         return_staff_id=loan.return_staff_id)
    session.add(row)
    loan.returned_at = None
    loan.return_local_day = None
    loan.return_point_id = None
    loan.return_stop_id = None
    loan.return_staff_id = None
    item.status = ItemStatus.ON_LOAN
    session.flush()
    audit.record(session, actor, "void_return", "loan", loan.id,
                 {"barcode": item.barcode, "correction_id": row.id, "day": row.event_day.isoformat(),
                  "service_point_id": row.service_point_id, "reason": why})
    return row


@dataclass(frozen=True)
class CorrectionLine:
    made_on: dt.date
    event_day: dt.date
    point: str
    kind: CorrectionKind
    barcode: str
    title: str
    reason: str
    manager: str


def corrections_between(session: Session, first: dt.date, last: dt.date) -> list[CorrectionLine]:
    """The corrections of events in ``first``…``last`` (what the workbook notes)."""
    from workstation.models import Staff

    rows = session.execute(
        select(LoanCorrection.local_day, LoanCorrection.event_day, ServicePoint.name, LoanCorrection.kind,
               Item.barcode, Item.title, LoanCorrection.reason, Staff.display_name)
        .join(Loan, Loan.id == LoanCorrection.loan_id).join(Item, Item.id == Loan.item_id)
        .join(ServicePoint, ServicePoint.id == LoanCorrection.service_point_id)
        .join(Staff, Staff.id == LoanCorrection.staff_id)
        .where(LoanCorrection.event_day >= first, LoanCorrection.event_day <= last)
        .order_by(LoanCorrection.event_day, LoanCorrection.id)).all()
    return [CorrectionLine(*row) for row in rows]


def loan_counts() -> ColumnElement[bool]:
    """The condition that a ``Loan`` row counts as a loan: it was not voided."""
    return or_(Loan.closed_as.is_(None), Loan.closed_as != LoanEnd.VOIDED)
