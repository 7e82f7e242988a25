"""The one place where the kiosk server reaches circulation.

Lending, returning and renewing go through ``KioskDesk``, a ``DeskSession``
(services/circulation/desk.py) per kiosk connection: the kiosk is a client of the desk, and
the rules exist once. Look-ups (the reader's lists, an item's status, the PIN) are read
functions taking the caller's Session. Answers are plain values the handlers turn into
SIP2 fields.

Kiosk semantics (docs/kiosks.md):
- checking out an item already on the same reader's loan is a renewal, except right after
  it was lent or renewed (``RETRY_WINDOW``): then it is the kiosk retrying a checkout whose
  answer it lost, and it gets the same answer without changing anything;
- returning an item reserved for someone captures the hold as at the desk and answers with
  the alert and routing fields (CV/CT) instead of a printed slip;
- every transaction is recorded under the kiosk's staff row at its service point, and
  audited like the desk's (the audit entry's workstation names the kiosk and its address).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.db import Database
from workstation.errors import WorkstationError
from workstation.models import Role, ServicePoint
from workstation.models.circulation import Hold, HoldState, Item, ItemStatus, Loan, Reader, ReaderStatus, Renewal
from workstation.services import retry
from workstation.services.admin.kiosks import KioskLogin
from workstation.services.circulation import pins, rules
from workstation.services.circulation.desk import DeskSession, Kind, Mode, OfferChoice
from workstation.services.circulation.refusals import CirculationRefused, Refusal
from workstation.services.context import Actor
from workstation.services.text import normalize_identifier

T = TypeVar("T")
RETRY_WINDOW = dt.timedelta(minutes=10)

# What the kiosk's screen says (AF); never another reader's card or name.
SCREEN = {
    Refusal.CARD_UNKNOWN: "读者证无效",
    Refusal.CARD_EXPIRED: "读者证已过期，请到服务台办理",
    Refusal.CARD_LOST: "读者证已挂失，请到服务台办理",
    Refusal.CARD_BLOCKED: "读者证已停用，请到服务台办理",
    Refusal.TOO_MANY_LOANS: "已达借阅册数上限",
    Refusal.OVERDUE_ITEMS: "有超期图书，请先归还",
    Refusal.ITEM_UNKNOWN: "图书条码无效",
    Refusal.ITEM_UNAVAILABLE: "此书不能外借，请到服务台",
    Refusal.ON_LOAN_SAME_READER: "此书已借给您",
    Refusal.ON_LOAN_OTHER_READER: "此书尚未归还，请到服务台",
    Refusal.RESERVED_FOR_OTHER: "此书已被他人预约",
    Refusal.NOT_ON_LOAN: "此书未被借出",
    Refusal.RENEWAL_LIMIT: "已达续借次数上限",
    Refusal.NO_LOAN_RULE: "此书不能外借，请到服务台",
    Refusal.FEES_OWED: "有未缴的逾期费，请到服务台",
    Refusal.CARD_REPLACED: "读者证已挂失补办，请使用新证",
    Refusal.RENEW_TOO_SOON: "现在续借不会延长期限，请稍后再续借",
}
PIN_WRONG = "密码错误"
UNKNOWN_CARD = SCREEN[Refusal.CARD_UNKNOWN]
UNKNOWN_ITEM = SCREEN[Refusal.ITEM_UNKNOWN]
EXPIRED = SCREEN[Refusal.CARD_EXPIRED]
BLOCKED = SCREEN[Refusal.CARD_BLOCKED]
NO_RENEW = "本机不能续借，请到服务台"
FAILED = "操作未完成，请到服务台"


def actor_for(kiosk: KioskLogin, address: str) -> Actor:
    return Actor(kiosk.staff_id, kiosk.staff_username, f"自助借还机 {kiosk.login}", Role.DESK,
                 f"kiosk:{kiosk.login}@{address}"[:100], kiosk.service_point_id)


def _screen(err: WorkstationError) -> str:
    if isinstance(err, CirculationRefused):
        return SCREEN.get(err.code, FAILED)
    return FAILED


@dataclass(frozen=True)
class ItemLine:
    barcode: str
    title: str
    due: dt.date | None = None


@dataclass(frozen=True)
class ReaderInfo:
    id: int
    card: str
    name: str
    phone: str
    blocked: bool  # blocked, lost or expired: no loans, renewals or holds
    lost: bool
    expired: bool
    charged: list[ItemLine]
    overdue: list[ItemLine]
    holds: list[ItemLine]  # ready at a pickup point
    unavailable_holds: list[ItemLine]  # still waiting
    max_loans: int | None
    too_many: bool
    has_pin: bool


def find_reader(session: Session, card: str) -> Reader | None:
    code = normalize_identifier(card)
    if not code or code.startswith("ANON-"):
        return None
    return session.scalar(select(Reader).where(Reader.card_number == code))


def reader_info(session: Session, card: str, today: dt.date | None = None) -> ReaderInfo | None:
    reader = find_reader(session, card)
    if reader is None:
        return None
    today = today or timeutil.today()
    rows = session.execute(
        select(Item.barcode, Item.title, Loan.due_date).join(Item, Item.id == Loan.item_id)
        .where(Loan.reader_id == reader.id, Loan.returned_at.is_(None), Loan.due_date >= dt.date.min)
        .order_by(Loan.due_date, Loan.id)).all()
    charged = [ItemLine(b, t, d) for b, t, d in rows]
    overdue = [line for line in charged if line.due is not None and line.due < today]
    ready: list[ItemLine] = []
    waiting: list[ItemLine] = []
    hold_rows = session.execute(
        select(Hold.state, Hold.item_id, Hold.ready_item_id, Hold.isbn)
        .where(Hold.reader_id == reader.id,
               Hold.state.in_([HoldState.WAITING, HoldState.IN_TRANSIT, HoldState.READY]))
        .order_by(Hold.placed_at, Hold.id)).all()
    for state, item_id, ready_id, isbn in hold_rows:
        target = ready_id or item_id
        if target is not None:
            item = session.get(Item, target)
            line = ItemLine(item.barcode, item.title) if item else ItemLine("", isbn or "")
        else:
            title = session.scalar(select(Item.title).where(Item.isbn == isbn).limit(1)) or (isbn or "")
            line = ItemLine("", title)
        (ready if state is HoldState.READY else waiting).append(line)
    limits = [r.max_loans for r in rules.list_rules(session) if r.reader_category == reader.category]
    max_loans = max(limits) if limits else None
    lost = reader.status is ReaderStatus.LOST
    expired = reader.valid_until < today
    return ReaderInfo(reader.id, reader.card_number, reader.name, reader.phone or "",
                      reader.status is not ReaderStatus.ACTIVE or expired, lost, expired, charged, overdue, ready,
                      waiting, max_loans, max_loans is not None and len(charged) >= max_loans,
                      pins.has_pin(session, reader.id))


def pin_required(session: Session) -> bool:
    return pins.kiosk_requires_pin(session)


def pin_ok(session: Session, reader_id: int, pin: str) -> bool:
    return pins.check_pin(session, reader_id, pin)


@dataclass(frozen=True)
class ItemInfo:
    barcode: str
    title: str
    status: str  # SIP2 circulation status, two digits
    due: dt.date | None
    home: str
    hold_pickup: str


def item_info(session: Session, barcode: str) -> ItemInfo | None:
    code = normalize_identifier(barcode)
    item = session.scalar(select(Item).where(Item.barcode == code)) if code else None
    if item is None:
        return None
    due = session.scalar(select(Loan.due_date).where(Loan.item_id == item.id, Loan.returned_at.is_(None)))
    status = {ItemStatus.AVAILABLE: "03", ItemStatus.ON_LOAN: "04", ItemStatus.ON_HOLD_SHELF: "08",
              ItemStatus.LOST: "12", ItemStatus.WITHDRAWN: "01", ItemStatus.MISSING: "13",
              ItemStatus.DAMAGED: "01", ItemStatus.IN_REPAIR: "01"}[item.status]
    home = session.get(ServicePoint, item.home_point_id) if item.home_point_id else None
    pickup = ""
    if item.status is ItemStatus.ON_HOLD_SHELF:
        point_id = session.scalar(select(Hold.pickup_point_id).where(Hold.ready_item_id == item.id,
                                                                     Hold.state == HoldState.READY))
        point = session.get(ServicePoint, point_id) if point_id else None
        pickup = point.name if point else ""
    return ItemInfo(item.barcode, item.title, status, due, home.name if home else "", pickup)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    barcode: str
    title: str = ""
    due: dt.date | None = None
    renewed: bool = False
    message: str = ""
    card: str = ""
    # a returned item caught for a reservation
    alert: bool = False
    alert_type: str = ""  # CV: 01 hold here, 02 hold at another point, 04 send to another library
    destination: str = ""  # CT: where it goes
    home: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class KioskDesk:
    """A kiosk's desk: a ``DeskSession`` (services/circulation/desk.py) acting as the kiosk
    at its service point, driven the way a kiosk speaks: each request names the reader and
    the item together. The desk's rules (blocks, expiry, limits, overdue, reservations, loan
    rules, closed days), its transactions and its retries are the desk's own."""

    def __init__(self, db: Database, kiosk: KioskLogin, address: str,
                 clock: Callable[[], dt.datetime] = timeutil.now_utc) -> None:
        self.db = db
        self.kiosk = kiosk
        actor = actor_for(kiosk, address)
        # two desks: lending keeps its reader between a kiosk's messages, and a return
        # between two loans does not make it load the reader again
        self.desk = DeskSession(db, actor, clock=clock)
        self.returns = DeskSession(db, actor, clock=clock)
        self.returns.set_mode(Mode.RETURN)
        self.clock = clock

    def _read(self, action: Callable[[Session], T]) -> T:
        return retry.run(self.db, action, writes=False)

    def _title(self, code: str) -> str:
        return self._read(lambda s: s.scalar(select(Item.title).where(Item.barcode == code)) or "") if code else ""

    def _serve(self, card: str, mode: Mode) -> str | None:
        """Make ``card``'s reader the one at the desk in ``mode``; a screen message if not."""
        desk = self.desk
        desk.forget_last_scan()
        if desk.mode is not mode:
            desk.set_mode(mode)
        code = normalize_identifier(card)
        if desk.reader is not None and desk.reader.card_number == code:
            return None
        if code.startswith("ANON-"):
            return UNKNOWN_CARD
        out = desk.scan(code)
        desk.forget_last_scan()
        if out.kind is not Kind.READER:
            desk.end_reader()
            return _screen_of(out.reason)
        if out.reason is not None:  # lost, blocked or expired: shown at a desk, refused at a kiosk
            desk.end_reader()
            return _screen_of(out.reason)
        return None

    def checkout(self, card: str, barcode: str) -> Outcome:
        code = normalize_identifier(barcode)
        refused = self._serve(card, Mode.LEND)
        if refused is not None:
            return Outcome(False, code, self._title(code), message=refused)
        out = self.desk.scan(code)
        self.desk.forget_last_scan()
        reader = self.desk.reader
        assert reader is not None
        if out.kind is Kind.LENT and out.line is not None:
            return Outcome(True, out.line.barcode, out.line.title, out.line.due_date, card=reader.card_number)
        if out.kind is Kind.OFFER and out.offer is OfferChoice.RENEW:
            return self._again(code, reader.card_number)
        self.desk.decline_offer()
        return Outcome(False, code, self._title(code), message=_screen_of(out.reason), card=reader.card_number)

    def _again(self, code: str, card: str) -> Outcome:
        """The item is already on this reader's loan: a retry of a checkout just made
        (answered again, nothing changed) or a renewal."""
        def loan_of(s: Session) -> tuple[dt.datetime, dt.date, str]:
            row = s.execute(select(Loan.id, Loan.lent_at, Loan.due_date, Item.title)
                            .join(Item, Item.id == Loan.item_id)
                            .where(Item.barcode == code, Loan.returned_at.is_(None))).one()
            renewed = s.scalar(select(func.max(Renewal.renewed_at)).where(Renewal.loan_id == row.id))
            return (max(row.lent_at, renewed) if renewed is not None else row.lent_at), row.due_date, row.title

        latest, due, title = self._read(loan_of)
        if self.clock() - latest < RETRY_WINDOW:
            self.desk.decline_offer()
            return Outcome(True, code, title, due, card=card)
        if not self.kiosk.may_renew:
            self.desk.decline_offer()
            return Outcome(False, code, title, due, message=NO_RENEW, card=card)
        out = self.desk.accept_offer()
        if out is not None and out.kind is Kind.RENEWED and out.renewed:
            return Outcome(True, code, out.renewed[0].title, out.renewed[0].new_due, renewed=True, card=card)
        return Outcome(False, code, title, due, message=_screen_of(out.reason if out else None), card=card)

    def checkin(self, barcode: str) -> Outcome:
        code = normalize_identifier(barcode)
        desk = self.returns
        desk.forget_last_scan()
        out = desk.scan(code)
        desk.forget_last_scan()
        back = out.returned
        if out.kind not in (Kind.RETURNED, Kind.HOLD_FOUND, Kind.TRANSIT) or back is None:
            return Outcome(False, code, self._title(code), message=_screen_of(out.reason))
        if back.transfer is not None:  # another library's book: staff send it on with its slip
            slip = back.transfer
            return Outcome(True, back.barcode, back.title, card=back.card_number, alert=True, alert_type="04",
                           destination=slip.to_name, message=f"此书需送往{slip.to_name}，请放入调拨箱")
        if back.hold is None:
            return Outcome(True, back.barcode, back.title, card=back.card_number)
        here = back.hold.pickup_point == self.kiosk.service_point_name
        return Outcome(True, back.barcode, back.title, card=back.card_number, alert=True,
                       alert_type="01" if here else "02", destination=back.hold.pickup_point,
                       message=f"此书已被预约，请放入预约架（{back.hold.pickup_point}）")

    def renew(self, card: str, barcode: str) -> Outcome:
        code = normalize_identifier(barcode)
        if not self.kiosk.may_renew:
            return Outcome(False, code, self._title(code), message=NO_RENEW)
        refused = self._serve(card, Mode.LEND)
        if refused is not None:
            return Outcome(False, code, self._title(code), message=refused)
        reader = self.desk.reader
        assert reader is not None
        loan = self._read(lambda s: s.execute(
            select(Loan.id, Loan.reader_id, Loan.due_date, Item.title).join(Item, Item.id == Loan.item_id)
            .where(Item.barcode == code, Loan.returned_at.is_(None))).one_or_none())
        if loan is None or loan.reader_id != reader.id:
            return Outcome(False, code, self._title(code), message=SCREEN[Refusal.NOT_ON_LOAN],
                           card=reader.card_number)
        out = self.desk.renew([loan.id])
        if out.kind is Kind.RENEWED and out.renewed:
            return Outcome(True, code, out.renewed[0].title, out.renewed[0].new_due, renewed=True,
                           card=reader.card_number)
        return Outcome(False, code, loan.title, loan.due_date, message=_screen_of(out.reason, out.error),
                       card=reader.card_number)

    def renew_all(self, card: str) -> tuple[list[str], list[str], str]:
        """(renewed barcodes, not renewed barcodes, screen message); each renewal is its own
        transaction, so one refusal does not undo the others."""
        if not self.kiosk.may_renew:
            return [], [], NO_RENEW
        refused = self._serve(card, Mode.LEND)
        if refused is not None:
            return [], [], refused
        reader = self.desk.reader
        assert reader is not None
        open_items = self._read(lambda s: list(s.scalars(
            select(Item.barcode).join(Loan, Loan.item_id == Item.id)
            .where(Loan.reader_id == reader.id, Loan.returned_at.is_(None)).order_by(Loan.due_date, Loan.id))))
        if not open_items:
            return [], [], ""
        out = self.desk.renew_all()
        done = [r.barcode for r in out.renewed]
        message = _screen_of(out.reason, out.error) if out.kind is not Kind.RENEWED else ""
        return done, [b for b in open_items if b not in done], message

    def end_reader(self) -> None:
        self.desk.end_reader()
        self.returns.end_reader()


def _screen_of(reason: Refusal | None, error: WorkstationError | None = None) -> str:
    if reason is Refusal.RENEW_TOO_SOON and error is not None and "first" in error.params:
        return f"{SCREEN[reason]}（{error.params['first']} 起可续借）"
    return SCREEN.get(reason, FAILED) if reason is not None else FAILED
