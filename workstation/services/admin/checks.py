"""``workstation check``: integrity and consistency of the whole database, as a report.

Each check gives a line: OK, or a problem with the rows to look at. Nothing is changed.
- storage: SQLite's ``PRAGMA integrity_check`` and ``foreign_key_check``; on PostgreSQL the
  server guarantees these, so the check only confirms it answers;
- loans: no item with two open loans; item status agrees with the open loans; a loan is
  either open (no return fields) or returned (all of them);
- counts: each loan's renewal count equals its renewal rows, numbered 1..n;
- audit trail: the protection against UPDATE and DELETE is in place (triggers), entry ids
  rise with time, and every loan and renewal has its audit entry: its own (lent, renewed at
  a desk), or the entry of the bulk load that brought it in (``record_bulk_load``: loans
  migrated from an earlier system, or made by the demo's generator), which names the range
  of ids it wrote. A loan outside every recorded range and without its own entry was
  written behind the program's back.

The schema comes first: a database missing tables or columns of this program (a restore
gone wrong, a file of another program) is reported as such, and the other checks, which
would only fail on the missing tables, are not run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, func, inspect, not_, or_, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from workstation.errors import N_
from workstation.models import AuditEntry, Base, Role
from workstation.models.circulation import Item, ItemStatus, Loan, Renewal, Transfer
from workstation.services import audit
from workstation.services.context import Actor, require_role

SAMPLE = 10  # rows named per problem
BULK_LOAD = "bulk_load"  # the audit action of rows written in bulk, not one by one


@dataclass(frozen=True)
class Finding:
    name: str  # short English key, e.g. "open_loans_unique"
    ok: bool
    message: str  # an N_() template
    params: dict[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return self.message.format(**self.params) if self.params else self.message


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    def add(self, name: str, problems: Sequence[object], ok_message: str, bad_message: str, **params: object) -> None:
        if problems:
            self.findings.append(Finding(name, False, bad_message,
                                         {"n": len(problems), "rows": ", ".join(map(str, problems[:SAMPLE])),
                                          **params}))
        else:
            self.findings.append(Finding(name, True, ok_message, dict(params)))


def record_bulk_load(session: Session, actor: Actor, entity: str, first_id: int, last_id: int, rows: int,
                     source: str) -> None:
    """The audit entry of ``rows`` records of ``entity`` (``"loan"``, ``"renewal"``) with
    ids ``first_id``..``last_id`` written in bulk by ``source`` (a migration from another
    system, the demo's generator): the trail says where they came from, and ``check``
    accepts them without an entry each. Administrators only."""
    require_role(actor, Role.ADMIN)
    audit.record(session, actor, BULK_LOAD, entity, None,
                 {"first_id": first_id, "last_id": last_id, "rows": rows, "source": source})


def _bulk_ranges(session: Session, entity: str) -> list[tuple[int, int]]:
    ranges = []
    for details in session.scalars(select(AuditEntry.details).where(AuditEntry.action == BULK_LOAD,
                                                                    AuditEntry.entity == entity)):
        try:
            ranges.append((int(details["first_id"]), int(details["last_id"])))
        except (KeyError, TypeError, ValueError):
            continue
    return ranges


def _outside(column: Any, ranges: list[tuple[int, int]]) -> ColumnElement[bool]:
    return and_(True, *(not_(column.between(first, last)) for first, last in ranges))


def run_checks(session: Session) -> Report:
    report = Report()
    if not _schema(session, report):
        return report
    for step in (_storage, _loans, _renewals, _audit):
        try:
            step(session, report)
        except DatabaseError as exc:  # a damaged file: say so instead of crashing
            if any(word in str(exc.orig).lower() for word in ("locked", "serialize", "deadlock")):
                raise  # busy, not damaged: the caller's message for a busy database
            report.findings.append(Finding("readable", False, N_(
                "Storage: the database cannot be read to the end ({reason}); restore a backup. The remaining "
                "checks were not run."), {"reason": str(exc.orig).strip()}))
            break
    return report


def _schema(session: Session, report: Report) -> bool:
    """Every table of this program with its columns; ``False`` if the database lacks some."""
    inspector = inspect(session.connection())
    present = set(inspector.get_table_names())
    problems: list[str] = []
    for name, table in sorted(Base.metadata.tables.items()):
        if name not in present:
            problems.append(name)
            continue
        have = {c["name"] for c in inspector.get_columns(name)}
        problems.extend(f"{name}.{c.name}" for c in table.columns if c.name not in have)
    report.add("schema", problems, N_("Schema: every table of this program is there with its columns."),
               N_("Schema: {n} tables or columns of this program are missing ({rows}); restore a backup. "
                  "The other checks were not run."))
    return not problems


def _storage(session: Session, report: Report) -> None:
    if session.get_bind().dialect.name == "sqlite":
        try:
            result = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
        except DatabaseError as exc:  # so damaged that the check itself stops
            result = [str(exc.orig).strip()]
        report.add("integrity", [] if result == ["ok"] else result,
                   N_("Storage: SQLite integrity check ok."),
                   N_("Storage: SQLite integrity check found {n} problems: {rows}"))
        fk = [f"{r[0]}#{r[1]}" for r in session.execute(text("PRAGMA foreign_key_check"))]
        report.add("foreign_keys", fk, N_("Storage: every reference points at an existing row."),
                   N_("Storage: {n} rows refer to rows that do not exist: {rows}"))
    else:
        session.execute(text("SELECT 1"))
        report.add("integrity", [], N_("Storage: the PostgreSQL server answers."), "")


def _loans(session: Session, report: Report) -> None:
    doubles = list(session.scalars(select(Loan.item_id).where(Loan.returned_at.is_(None))
                                   .group_by(Loan.item_id).having(func.count() > 1)))
    report.add("open_loans_unique", doubles, N_("Loans: no item has two open loans."),
               N_("Loans: {n} items have more than one open loan (item ids {rows})."))
    open_items = select(Loan.item_id).where(Loan.returned_at.is_(None))
    wrong_status = list(session.scalars(select(Item.barcode).where(or_(
        and_(Item.id.in_(open_items), Item.status != ItemStatus.ON_LOAN),
        and_(Item.id.not_in(open_items), Item.status == ItemStatus.ON_LOAN))).order_by(Item.id)))
    report.add("item_status", wrong_status, N_("Loans: every item's status agrees with its loans."),
               N_("Loans: {n} items are marked on loan without an open loan, or the reverse: {rows}"))
    # 通借通还: an item is in transit exactly while its journey between libraries is open
    journeys = select(Transfer.item_id).where(Transfer.received_at.is_(None))
    transit = list(session.scalars(select(Item.barcode).where(or_(
        and_(Item.id.in_(journeys), Item.status != ItemStatus.IN_TRANSIT),
        and_(Item.id.not_in(journeys), Item.status == ItemStatus.IN_TRANSIT))).order_by(Item.id)))
    report.add("item_transit", transit, N_("Transfers: every item in transit has its open journey, and the reverse."),
               N_("Transfers: {n} items are marked in transit without an open journey, or the reverse: {rows}"))
    half = list(session.scalars(select(Loan.id).where(or_(
        and_(Loan.returned_at.is_(None), or_(Loan.return_local_day.is_not(None), Loan.return_point_id.is_not(None))),
        and_(Loan.returned_at.is_not(None), or_(Loan.return_local_day.is_(None), Loan.return_point_id.is_(None)))))
        .order_by(Loan.id)))
    report.add("loan_returns", half, N_("Loans: every return is recorded whole."),
               N_("Loans: {n} loans are half returned (loan ids {rows})."))


def _renewals(session: Session, report: Report) -> None:
    counted = (select(Renewal.loan_id, func.count().label("n"), func.max(Renewal.number).label("top"))
               .group_by(Renewal.loan_id).subquery())
    rows = session.execute(select(Loan.id).outerjoin(counted, counted.c.loan_id == Loan.id).where(or_(
        Loan.renewal_count != func.coalesce(counted.c.n, 0),
        func.coalesce(counted.c.top, 0) != func.coalesce(counted.c.n, 0))).order_by(Loan.id)).scalars()
    report.add("renewal_counts", list(rows), N_("Counts: every loan's renewals add up."),
               N_("Counts: {n} loans whose renewal count differs from their renewals (loan ids {rows})."))


def _audit(session: Session, report: Report) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        triggers = set(session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                            "AND tbl_name = 'audit_entry'")))
    else:
        triggers = set(session.scalars(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                                            "AND tgrelid = 'audit_entry'::regclass")))
    needed = {"audit_entry_no_update", "audit_entry_no_delete"} if dialect == "sqlite" \
        else {"audit_entry_append_only"}
    report.add("audit_protected", sorted(needed - triggers),
               N_("Audit trail: entries cannot be changed or deleted (database triggers in place)."),
               N_("Audit trail: the protection against changes is missing ({rows})."))
    # an entry written more than a minute before the entry preceding it: a clock set back,
    # or rows slipped in out of order (read as a stream: the trail can be long)
    skew = dt.timedelta(minutes=1)
    jumps: list[int] = []
    previous: dt.datetime | None = None
    for entry_id, at in session.execute(select(AuditEntry.id, AuditEntry.at).order_by(AuditEntry.id)
                                        .execution_options(yield_per=5000)):
        if previous is not None and at < previous - skew:
            jumps.append(entry_id)
        previous = at if previous is None else max(previous, at)
    report.add("audit_order", jumps, N_("Audit trail: entries follow each other in time."),
               N_("Audit trail: {n} entries are dated before the entry written just before them (ids {rows})."))
    missing_loans = list(session.scalars(
        select(Loan.id).where(_outside(Loan.id, _bulk_ranges(session, "loan")), ~select(AuditEntry.id).where(
            AuditEntry.entity == "loan", AuditEntry.entity_id == Loan.id, AuditEntry.action == "checkout").exists())
        .order_by(Loan.id).limit(1000)))
    report.add("audit_loans", missing_loans, N_("Audit trail: every loan has its audit entry."),
               N_("Audit trail: {n} loans have no checkout entry and were not loaded in bulk (loan ids {rows})."))
    missing_renewals = list(session.scalars(
        select(Renewal.id).where(_outside(Renewal.id, _bulk_ranges(session, "renewal")), ~select(AuditEntry.id).where(
            AuditEntry.entity == "renewal", AuditEntry.entity_id == Renewal.id).exists())
        .order_by(Renewal.id).limit(1000)))
    report.add("audit_renewals", missing_renewals, N_("Audit trail: every renewal has its audit entry."),
               N_("Audit trail: {n} renewals have no audit entry (renewal ids {rows})."))
