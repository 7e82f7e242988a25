"""Stocktake (清点): scan what is on a shelf, a call-number range or a whole collection, over
as many days as it takes, and compare it with the catalogue.

A stocktake belongs to a service point and names what it expects: the items whose home is
that service point (or that have no home recorded), which are not lost or withdrawn, and
whose call number begins with the shelf's prefix, lies in the range (from ``first`` up to
every call number beginning with ``last``, compared as text), or whose collection type is
the one chosen. Each barcode seen is kept once. The report lists

- *expected, not seen*: on the shelf by the catalogue but not scanned (a manager marks them
  missing once the shelf is confirmed: ``mark_missing``);
- *seen, belongs elsewhere*: another service point's item, or one outside the scope;
- *seen, on loan*: the catalogue says it is out (the desk offers to return it);
- *not in the catalogue*: barcodes no item has.

A missing item scanned in a later stocktake is on the shelf again (its status goes back).

Items on loan or on the hold shelf are not expected on the shelf. The report is exported to
an Excel workbook, one sheet per list.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, NotFound, ValidationError
from workstation.models import Role, ServicePoint, ServicePointKind
from workstation.models.circulation import CollectionType, Item, ItemStatus, Loan, Reader
from workstation.models.desk_records import Stocktake, StocktakeScope, StocktakeSeen
from workstation.services import audit
from workstation.services.circulation import items as item_service
from workstation.services.circulation.holdshelf import mask_card
from workstation.services.context import Actor, require_role
from workstation.services.safe_files import neutralise
from workstation.services.text import clean_text, normalize_identifier

SCOPE_LABELS = {
    StocktakeScope.SHELF: N_("a shelf (call numbers beginning with)"),
    StocktakeScope.RANGE: N_("a call-number range"),
    StocktakeScope.COLLECTION: N_("a whole collection"),
}
NOT_ON_SHELF = (ItemStatus.LOST, ItemStatus.WITHDRAWN)
REPORT_LIMIT = 5000  # lines per list on screen; the workbook has them all


class Seen(enum.StrEnum):
    EXPECTED = "expected"
    ELSEWHERE = "elsewhere"
    ON_LOAN = "on_loan"
    UNKNOWN = "unknown"
    AGAIN = "again"


@dataclass(frozen=True)
class ScanResult:
    verdict: Seen
    barcode: str
    title: str = ""
    where: str = ""  # ELSEWHERE: the item's home, or "" when it is only outside the scope
    card: str = ""  # ON_LOAN: the borrower's card, masked


@dataclass(frozen=True)
class StocktakeView:
    id: int
    name: str
    point: str
    scope: StocktakeScope
    first: str
    last: str
    started: dt.date
    closed: bool
    seen: int


@dataclass(frozen=True)
class ItemLine:
    barcode: str
    title: str
    call_number: str
    status: ItemStatus
    note: str = ""  # elsewhere: the item's home; on loan: the borrower's masked card and due date


@dataclass(frozen=True)
class Report:
    stocktake: StocktakeView
    expected: int
    seen: int
    not_seen: list[ItemLine]
    elsewhere: list[ItemLine]
    on_loan: list[ItemLine]
    unknown: list[str]


def _scope(session: Session, stocktake: Stocktake) -> ColumnElement[bool]:
    if stocktake.scope is StocktakeScope.SHELF:
        in_scope: ColumnElement[bool] = Item.call_number.startswith(stocktake.first, autoescape=True)
    elif stocktake.scope is StocktakeScope.RANGE:
        in_scope = and_(Item.call_number >= stocktake.first,
                        or_(Item.call_number <= stocktake.last,
                            Item.call_number.startswith(stocktake.last, autoescape=True)))
    else:
        in_scope = Item.collection_type == CollectionType(stocktake.first)
    home = or_(Item.home_point_id == stocktake.service_point_id, Item.home_point_id.is_(None))
    return and_(in_scope, home, Item.status.not_in(NOT_ON_SHELF))


def _get(session: Session, stocktake_id: int) -> Stocktake:
    stocktake = session.get(Stocktake, stocktake_id)
    if stocktake is None:
        raise NotFound(N_("No stocktake with number {id}."), id=stocktake_id)
    return stocktake


def _view(session: Session, stocktake: Stocktake) -> StocktakeView:
    point = session.get(ServicePoint, stocktake.service_point_id)
    seen = session.scalar(select(func.count()).select_from(StocktakeSeen)
                          .where(StocktakeSeen.stocktake_id == stocktake.id)) or 0
    return StocktakeView(stocktake.id, stocktake.name, point.name if point else "", stocktake.scope, stocktake.first,
                         stocktake.last, timeutil.local_day(stocktake.started_at), stocktake.closed_at is not None,
                         seen)


def _call_number(value: str, field: str, label: str) -> str:
    text = clean_text(value).upper()  # as the catalogue keeps them (items.validate_call_number)
    if not text:
        raise ValidationError(field, N_("{label}: must not be empty."), label=label)
    if len(text) > 60:
        raise ValidationError(field, N_("{label}: at most {n} characters."), label=label, n=60)
    return text


def start_stocktake(session: Session, actor: Actor, name: str, scope: StocktakeScope | str, first: str,
                    last: str = "", point_id: int | None = None, now: dt.datetime | None = None) -> Stocktake:
    """Begin a stocktake at ``point_id`` (the actor's own by default)."""
    require_role(actor, Role.DESK)
    title = clean_text(name)
    if not title:
        raise ValidationError("name", N_("Stocktake name: must not be empty."))
    if len(title) > 100:
        raise ValidationError("name", N_("Stocktake name: at most {n} characters."), n=100)
    try:
        kind = StocktakeScope(scope)
    except ValueError:
        raise ValidationError("scope", N_("Scope: choose a shelf, a call-number range or a collection.")) from None
    start, end = "", ""
    if kind is StocktakeScope.COLLECTION:
        try:
            start = item_service.parse_collection_type(first).value
        except ValidationError:
            raise ValidationError("first", N_("Collection: choose one of the collection types.")) from None
    else:
        start = _call_number(first, "first", N_("From call number"))
        if kind is StocktakeScope.RANGE:
            end = _call_number(last, "last", N_("To call number"))
            if end < start and not start.startswith(end):
                raise ValidationError("last", N_("To call number: must not come before the first one."))
    where = point_id if point_id is not None else actor.service_point_id
    point = session.get(ServicePoint, where) if where is not None else None
    if point is None or point.kind is ServicePointKind.READING_ROOM:
        raise ValidationError("service_point", N_("Service point: choose a lending desk or the bookmobile."))
    stocktake = Stocktake(name=title, service_point_id=point.id, scope=kind, first=start, last=end,
                          staff_id=actor.staff_id, started_at=now or timeutil.now_utc())
    session.add(stocktake)
    session.flush()
    audit.record(session, actor, "create", "stocktake", stocktake.id,
                 {"name": title, "scope": kind.value, "first": start, "last": end, "service_point_id": point.id})
    return stocktake


def list_stocktakes(session: Session, actor: Actor, include_closed: bool = False) -> list[StocktakeView]:
    require_role(actor, Role.DESK)
    query = select(Stocktake).order_by(Stocktake.started_at.desc(), Stocktake.id.desc())
    if not include_closed:
        query = query.where(Stocktake.closed_at.is_(None))
    return [_view(session, s) for s in session.scalars(query)]


def scan(session: Session, actor: Actor, stocktake_id: int, code: str, now: dt.datetime | None = None) -> ScanResult:
    """One barcode seen on the shelf: kept (once), and what it means."""
    require_role(actor, Role.DESK)
    stocktake = _get(session, stocktake_id)
    if stocktake.closed_at is not None:
        raise ValidationError("stocktake", N_("Stocktake {name} is closed; start a new one."), name=stocktake.name)
    barcode = normalize_identifier(code)
    if not barcode or len(barcode) > 32:
        raise ValidationError("barcode", N_("Barcode: scan the item's barcode (at most 32 characters)."))
    if session.scalar(select(StocktakeSeen.id).where(StocktakeSeen.stocktake_id == stocktake.id,
                                                     StocktakeSeen.barcode == barcode)) is not None:
        return ScanResult(Seen.AGAIN, barcode)
    item = session.scalar(select(Item).where(Item.barcode == barcode))
    session.add(StocktakeSeen(stocktake_id=stocktake.id, barcode=barcode, item_id=item.id if item else None,
                              staff_id=actor.staff_id, seen_at=now or timeutil.now_utc()))
    found = item is not None and item.status is ItemStatus.MISSING
    if found:  # a missing item turns up on a shelf: it is back
        assert item is not None
        item.status = ItemStatus.AVAILABLE
    result = _verdict(session, stocktake, barcode, item)
    session.flush()
    audit.record(session, actor, "scan", "stocktake", stocktake.id,
                 {"barcode": barcode, "verdict": result.verdict, "found_missing": found})
    return result


def _verdict(session: Session, stocktake: Stocktake, barcode: str, item: Item | None) -> ScanResult:
    if item is None:
        return ScanResult(Seen.UNKNOWN, barcode)
    if item.status is ItemStatus.ON_LOAN:
        row = session.execute(select(Reader.card_number).join(Loan, Loan.reader_id == Reader.id)
                              .where(Loan.item_id == item.id, Loan.returned_at.is_(None))).first()
        return ScanResult(Seen.ON_LOAN, barcode, item.title, card=mask_card(row[0]) if row else "")
    in_scope = session.scalar(select(Item.id).where(Item.id == item.id, _scope(session, stocktake))) is not None
    if in_scope:
        return ScanResult(Seen.EXPECTED, barcode, item.title)
    home = session.get(ServicePoint, item.home_point_id) if item.home_point_id is not None else None
    where = home.name if home is not None and home.id != stocktake.service_point_id else ""
    return ScanResult(Seen.ELSEWHERE, barcode, item.title, where=where)


def report(session: Session, actor: Actor, stocktake_id: int, limit: int | None = REPORT_LIMIT) -> Report:
    require_role(actor, Role.DESK)
    stocktake = _get(session, stocktake_id)
    scope = _scope(session, stocktake)
    seen_here = exists().where(StocktakeSeen.stocktake_id == stocktake.id, StocktakeSeen.item_id == Item.id)
    expected = session.scalar(select(func.count()).select_from(Item).where(scope)) or 0
    on_shelf = Item.status.in_((ItemStatus.AVAILABLE, ItemStatus.MISSING))
    not_seen = [ItemLine(i.barcode, i.title, i.call_number, i.status) for i in session.scalars(
        select(Item).where(scope, on_shelf, ~seen_here).order_by(Item.call_number, Item.barcode).limit(limit))]
    points = {p.id: p.name for p in session.scalars(select(ServicePoint))}
    seen_items = select(Item).join(StocktakeSeen, StocktakeSeen.item_id == Item.id) \
        .where(StocktakeSeen.stocktake_id == stocktake.id)
    elsewhere = [ItemLine(i.barcode, i.title, i.call_number, i.status,
                          points.get(i.home_point_id or 0, "") if i.home_point_id != stocktake.service_point_id else "")
                 for i in session.scalars(seen_items.where(~scope, Item.status != ItemStatus.ON_LOAN)
                                          .order_by(Item.call_number, Item.barcode).limit(limit))]
    on_loan = [ItemLine(i.barcode, i.title, i.call_number, i.status, f"{mask_card(card)} {due.isoformat()}")
               for i, card, due in session.execute(
                   seen_items.add_columns(Reader.card_number, Loan.due_date)
                   .join(Loan, and_(Loan.item_id == Item.id, Loan.returned_at.is_(None)))
                   .join(Reader, Reader.id == Loan.reader_id)
                   .order_by(Item.call_number, Item.barcode).limit(limit))]
    unknown = list(session.scalars(select(StocktakeSeen.barcode).where(
        StocktakeSeen.stocktake_id == stocktake.id, StocktakeSeen.item_id.is_(None))
        .order_by(StocktakeSeen.barcode).limit(limit)))
    view = _view(session, stocktake)
    return Report(view, expected, view.seen, not_seen, elsewhere, on_loan, unknown)


def mark_missing(session: Session, actor: Actor, stocktake_id: int, barcodes: list[str] | None = None) -> int:
    """A manager confirms the shelf: the expected items not seen (all of them, or those of
    ``barcodes``) become missing. Returns how many changed."""
    require_role(actor, Role.MANAGER)
    stocktake = _get(session, stocktake_id)
    scope = _scope(session, stocktake)
    seen_here = exists().where(StocktakeSeen.stocktake_id == stocktake.id, StocktakeSeen.item_id == Item.id)
    query = select(Item).where(scope, Item.status == ItemStatus.AVAILABLE, ~seen_here)
    if barcodes is not None:
        wanted = [normalize_identifier(b) for b in barcodes]
        query = query.where(Item.barcode.in_(wanted))
    changed = list(session.scalars(query.order_by(Item.barcode)))
    if not changed:
        raise ValidationError("barcodes", N_("Nothing to mark missing: every expected item was seen."))
    for item in changed:
        _set_missing(item)
    session.flush()
    audit.record(session, actor, "mark_missing", "stocktake", stocktake.id,
                 {"barcodes": [i.barcode for i in changed][:1000], "count": len(changed)})
    return len(changed)


def _set_missing(item: Item) -> None:
    """The one place the stocktake changes an item's status."""
    item.status = ItemStatus.MISSING


def close_stocktake(session: Session, actor: Actor, stocktake_id: int, now: dt.datetime | None = None) -> None:
    require_role(actor, Role.MANAGER)
    stocktake = _get(session, stocktake_id)
    if stocktake.closed_at is not None:
        raise ValidationError("stocktake", N_("Stocktake {name} is closed already."), name=stocktake.name)
    stocktake.closed_at = now or timeutil.now_utc()
    audit.record(session, actor, "close", "stocktake", stocktake.id, {"name": stocktake.name})


SHEETS = ("概要", "未见", "错架", "在借", "未知条码")
ITEM_HEADERS = ("条码", "题名", "索书号", "状态", "备注")


def export_xlsx(session: Session, actor: Actor, stocktake_id: int, path: Path | str) -> Report:
    """The whole report (no line limit) as a workbook: a summary and one sheet per list."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    result = report(session, actor, stocktake_id, limit=None)
    view = result.stocktake
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = SHEETS[0]
    scope = {StocktakeScope.SHELF: "书架", StocktakeScope.RANGE: "索书号范围", StocktakeScope.COLLECTION: "馆藏类型"}
    for row in (("清点", view.name), ("服务点", view.point), ("范围", scope[view.scope]),
                ("起", view.first), ("止", view.last), ("开始日期", view.started),
                ("应在架", result.expected), ("已扫描", result.seen), ("未见", len(result.not_seen)),
                ("错架", len(result.elsewhere)), ("在借", len(result.on_loan)), ("未知条码", len(result.unknown))):
        summary.append([neutralise(row[0]), neutralise(row[1]) if isinstance(row[1], str) else row[1]])
    summary["B6"].number_format = "yyyy-mm-dd"
    summary.column_dimensions["A"].width = 12
    summary.column_dimensions["B"].width = 30
    labels = dict(item_service.ITEM_STATUS_LABELS)
    status_zh = {ItemStatus.AVAILABLE: "在架", ItemStatus.ON_LOAN: "借出", ItemStatus.ON_HOLD_SHELF: "预约架",
                 ItemStatus.LOST: "丢失", ItemStatus.WITHDRAWN: "注销", ItemStatus.MISSING: "缺失"}
    for title, lines in zip(SHEETS[1:4], (result.not_seen, result.elsewhere, result.on_loan), strict=True):
        sheet = book.create_sheet(title)
        sheet.append(list(ITEM_HEADERS))
        for line in lines:
            sheet.append([neutralise(v) for v in (line.barcode, line.title, line.call_number)]
                         + [status_zh.get(line.status, labels.get(line.status, "")), neutralise(line.note)])
        for column, width in zip("ABCDE", (14, 40, 18, 8, 24), strict=True):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
    unknown = book.create_sheet(SHEETS[4])
    unknown.append(["条码"])
    for code in result.unknown:
        unknown.append([neutralise(code)])
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    target = Path(path)
    try:
        book.save(target)
    except OSError as err:
        raise ValidationError("path", N_("The file {path} cannot be written: {reason}"), path=str(target),
                              reason=err.strerror or str(err)) from err
    audit.record(session, actor, "export", "stocktake", view.id, {"not_seen": len(result.not_seen)})
    return result
