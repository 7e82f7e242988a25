"""The hold shelf (预约架): items set aside for the readers who reserved them.

A reservation becomes *ready* when its copy comes back (``loans.checkin``) and waits on the
shelf for a number of the library's *opening* days (a library setting, ``hold_shelf_days``,
counted with ``services.calendar``: a closed day does not count). The day's run
(``expire_holds``) closes every ready reservation whose last day has passed: the copy goes
to the next reader in line (a new slip is printed), in transit to another library (its
transfer slip is printed: a reader collects it there, or it belongs there), or back to the
shelf. A reservation is
cancelled by the reader or by staff, always with a reason kept on the row.

Readers are named on the shelf list and on slips as the desk's screens name a reader to
anyone standing by: the name's first character and the card's last four (``mask_name``,
``mask_card``). The notification list for SMS or WeChat carries the full phone
number: it is for staff only, and each export is audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, NotFound, ValidationError
from workstation.models import LibrarySetting, Role, ServicePoint
from workstation.models.circulation import Hold, HoldState, Item, ItemStatus, Reader
from workstation.services import audit, calendar
from workstation.services.admin import slip_name
from workstation.services.circulation import holds, transfers
from workstation.services.circulation.holds import HoldSlip
from workstation.services.circulation.readers import mask_phone
from workstation.services.circulation.transfers import TransferSlip
from workstation.services.context import Actor, require_role
from workstation.services.safe_files import neutralise
from workstation.services.text import clean_text

SHELF_DAYS_KEY = "hold_shelf_days"
DEFAULT_SHELF_DAYS = 7
MAX_SHELF_DAYS = 60
MAX_REASON = 150
_ASCII_WHOLE = re.compile(r"[0-9]{1,4}")

CANCELLED_BY = {"reader": N_("by the reader"), "staff": N_("by staff")}

# Column headings of the notification file: the library's own use, in Chinese.
NOTIFY_HEADERS = ("手机号", "姓名", "读者证号", "题名", "条码", "取书地点", "保留至", "短信内容")


def parse_whole(value: int | str, field: str, label: str, low: int, high: int) -> int:
    """A whole number typed in a form: ordinary digits only (a full-width digit is refused
    by name, as are signs, decimals and blanks), between ``low`` and ``high``."""
    text = str(value).strip()
    if text and not text.isascii():
        raise ValidationError(field, N_("{label}: type the number with ordinary (half-width) digits 0-9."),
                              label=label)
    if not _ASCII_WHOLE.fullmatch(text):
        raise ValidationError(field, N_("{label}: a whole number from {low} to {high}."), label=label,
                              low=low, high=high)
    number = int(text)
    if not low <= number <= high:
        raise ValidationError(field, N_("{label}: a whole number from {low} to {high}."), label=label,
                              low=low, high=high)
    return number


def shelf_days(session: Session) -> int:
    setting = session.get(LibrarySetting, SHELF_DAYS_KEY)
    if setting is None or not setting.value.isdigit():
        return DEFAULT_SHELF_DAYS
    return int(setting.value)


def set_shelf_days(session: Session, actor: Actor, days: int | str) -> int:
    """How many opening days a reserved item waits for its reader (a manager's setting)."""
    require_role(actor, Role.MANAGER)
    value = parse_whole(days, "shelf_days", N_("Hold shelf days"), 1, MAX_SHELF_DAYS)
    old = shelf_days(session)
    setting = session.get(LibrarySetting, SHELF_DAYS_KEY)
    if setting is not None and value == old:
        return value
    if setting is None:
        session.add(LibrarySetting(key=SHELF_DAYS_KEY, value=str(value)))
    else:
        setting.value = str(value)
    audit.record(session, actor, "update", "library_setting", None, {"key": SHELF_DAYS_KEY, "old": old, "new": value})
    return value


def expiry_day(session: Session, ready_day: dt.date, days: int) -> dt.date:
    """The last day a reader may collect an item set aside on ``ready_day``: the ``days``-th
    opening day after it."""
    weekly = calendar.weekly_closing_days(session)
    closed = calendar.closed_dates(session, ready_day, ready_day + dt.timedelta(days=calendar.MAX_LOOKAHEAD_DAYS))
    day, counted = ready_day, 0
    for _ in range(calendar.MAX_LOOKAHEAD_DAYS):
        day += dt.timedelta(days=1)
        if day.weekday() not in weekly and day not in closed:
            counted += 1
            if counted == days:
                return day
    return calendar.next_open_day(session, day)  # raises: the calendar has no open day


def mask_card(card: str) -> str:
    """A card number on the shelf and on the hold slip: its last four characters, so the
    reader can match it to the card in hand."""
    if len(card) <= 4:
        return card
    return "*" * (len(card) - 4) + card[-4:]


def mask_name(name: str) -> str:
    """A reader's name as a slip or a shelf label shows it to anyone standing by: 张*, 欧**."""
    name = name.strip()
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)


@dataclass(frozen=True)
class ShelfLine:
    hold_id: int
    barcode: str
    title: str
    call_number: str
    card: str  # masked
    reader: str  # masked
    phone: str  # masked
    pickup_point: str
    ready_day: dt.date
    expires_on: dt.date

    def expired(self, today: dt.date) -> bool:
        return self.expires_on < today


def _point(session: Session, point_id: int | None) -> ServicePoint:
    point = session.get(ServicePoint, point_id) if point_id is not None else None
    if point is None:
        raise ValidationError("service_point", N_("Service point: unknown."))
    return point


def _ready(session: Session, point_id: int | None) -> list[tuple[Hold, Item, Reader]]:
    query = (select(Hold, Item, Reader).join(Item, Item.id == Hold.ready_item_id)
             .join(Reader, Reader.id == Hold.reader_id).where(Hold.state == HoldState.READY))
    if point_id is not None:
        query = query.where(Hold.pickup_point_id == point_id)
    return [(h, i, r) for h, i, r in session.execute(query.order_by(Hold.ready_at, Hold.id)).all()]


def shelf(session: Session, actor: Actor, point_id: int | None, today: dt.date | None = None) -> list[ShelfLine]:
    """The items waiting at ``point_id`` (every pickup point: ``None``), the first to expire first."""
    require_role(actor, Role.DESK)
    del today  # the list is the same whatever the day; ``ShelfLine.expired(today)`` tells
    names = {p.id: p.name for p in session.scalars(select(ServicePoint))}
    days = shelf_days(session)
    lines = []
    for hold, item, reader in _ready(session, point_id):
        assert hold.ready_at is not None
        ready = timeutil.local_day(hold.ready_at)
        lines.append(ShelfLine(hold.id, item.barcode, item.title, item.call_number, mask_card(reader.card_number),
                               mask_name(reader.name), mask_phone(reader.phone), names.get(hold.pickup_point_id, ""),
                               ready, expiry_day(session, ready, days)))
    return sorted(lines, key=lambda line: (line.expires_on, line.hold_id))


def _slip(session: Session, hold: Hold, item: Item, now: dt.datetime) -> HoldSlip:
    reader = session.get(Reader, hold.reader_id)
    point = session.get(ServicePoint, hold.pickup_point_id)
    assert reader is not None and point is not None
    return HoldSlip(hold.id, reader.card_number, reader.name, item.barcode, item.title, item.call_number,
                    point.name, now)


def _release(session: Session, actor: Actor, hold: Hold, now: dt.datetime) -> HoldSlip | TransferSlip | None:
    """The item ``hold`` kept goes to the next reader in line here (their slip), in transit to
    another library (the transfer slip: a reader collects it there, or it belongs there), or
    to the open shelf here (None)."""
    item = session.get(Item, hold.ready_item_id) if hold.ready_item_id is not None else None
    if item is None or item.status is not ItemStatus.ON_HOLD_SHELF:
        return None
    here = session.get(ServicePoint, hold.pickup_point_id)
    assert here is not None
    for other in holds.active_holds_for_item(session, item):
        if other.id != hold.id and other.state is HoldState.WAITING:
            point = session.get(ServicePoint, other.pickup_point_id)
            if point is not None and point.library_id != here.library_id:
                break  # collected at another library: routed below, with the item's transfer
            other.state = HoldState.READY
            other.ready_item_id = item.id
            other.ready_at = now
            item.status = ItemStatus.ON_HOLD_SHELF
            return _slip(session, other, item, now)
    session.flush()
    row = transfers.ItemRow(item.id, item.barcode, item.title, item.isbn, item.call_number, item.library_id)
    ready, transfer = transfers.route(session.connection(), actor, row, library_id=here.library_id,
                                      point_id=actor.service_point_id, now=now)
    session.expire(item)
    return ready or transfer


def hold_slip(session: Session, actor: Actor, hold_id: int) -> HoldSlip:
    """The slip of a reservation on the shelf again (a reprint)."""
    require_role(actor, Role.DESK)
    hold = session.get(Hold, hold_id)
    item = session.get(Item, hold.ready_item_id) if hold is not None and hold.ready_item_id is not None else None
    if hold is None or item is None or hold.state is not HoldState.READY or hold.ready_at is None:
        raise NotFound(N_("No reservation on the hold shelf with number {id}."), id=hold_id)
    return _slip(session, hold, item, hold.ready_at)


@dataclass(frozen=True)
class Expired:
    expired: list[str]  # barcodes whose reservation ended
    passed_on: list[HoldSlip]  # the next reader's slip, one per item passed on
    reshelved: list[str]  # barcodes back on the open shelf
    sent: list[TransferSlip] = field(default_factory=list)  # in transit to another library: their slips


def expire_holds(session: Session, actor: Actor, today: dt.date | None = None,
                 now: dt.datetime | None = None) -> Expired:
    """The day's run: every ready reservation whose last day is before ``today`` expires."""
    require_role(actor, Role.DESK)
    now = now or timeutil.now_utc()
    today = today or timeutil.local_day(now)
    days = shelf_days(session)
    expired: list[str] = []
    passed: list[HoldSlip] = []
    reshelved: list[str] = []
    sent: list[TransferSlip] = []
    for hold, item, _reader in _ready(session, None):
        assert hold.ready_at is not None
        if expiry_day(session, timeutil.local_day(hold.ready_at), days) >= today:
            continue
        hold.state = HoldState.EXPIRED
        hold.closed_at = now
        hold.close_reason = "expired"
        expired.append(item.barcode)
        session.flush()
        released = _release(session, actor, hold, now)
        if isinstance(released, HoldSlip):
            passed.append(released)
        elif released is not None:
            sent.append(released)
        else:
            reshelved.append(item.barcode)
    session.flush()
    audit.record(session, actor, "expire", "hold", None,
                 {"day": today.isoformat(), "expired": expired, "passed_on": [s.barcode for s in passed],
                  "reshelved": reshelved, "sent": [s.barcode for s in sent]})
    return Expired(expired, passed, reshelved, sent)


def cancel_hold(session: Session, actor: Actor, hold_id: int, by: str, reason: str,
                now: dt.datetime | None = None) -> HoldSlip | TransferSlip | None:
    """Cancel a reservation, asked ``by`` the reader or by staff, for ``reason`` (kept on the
    row). A copy on the hold shelf goes to the next reader in line here (their slip is
    returned), in transit to another library (the transfer slip is returned) or back to the
    shelf (None)."""
    require_role(actor, Role.DESK)
    if by not in CANCELLED_BY:
        raise ValidationError("by", N_("Cancelled by: choose the reader or staff."))
    text = clean_text(reason)
    if not text:
        raise ValidationError("reason", N_("Reason: say why the reservation is cancelled."))
    if len(text) > MAX_REASON:
        raise ValidationError("reason", N_("Reason: at most {n} characters."), n=MAX_REASON)
    hold = session.get(Hold, hold_id)
    if hold is None or hold.state not in holds.ACTIVE:
        raise NotFound(N_("No open reservation with number {id}."), id=hold_id)
    now = now or timeutil.now_utc()
    was_ready = hold.state is HoldState.READY
    hold.state = HoldState.CANCELLED
    hold.closed_at = now
    hold.close_reason = f"{by}: {text}"
    session.flush()
    released = _release(session, actor, hold, now) if was_ready else None
    audit.record(session, actor, "cancel", "hold", hold.id,
                 {"reader_id": hold.reader_id, "by": by, "reason": text,
                  "passed_on": released.barcode if isinstance(released, HoldSlip) else None,
                  "sent": released.barcode if isinstance(released, TransferSlip) else None})
    return released


@dataclass(frozen=True)
class OpenHold:
    hold_id: int
    title: str
    state: HoldState
    pickup_point: str
    placed_day: dt.date


def open_holds(session: Session, actor: Actor, reader_id: int) -> list[OpenHold]:
    """A reader's open reservations, for the cancel dialog."""
    require_role(actor, Role.DESK)
    names = {p.id: p.name for p in session.scalars(select(ServicePoint))}
    rows = []
    for hold in holds.reader_holds(session, reader_id):
        item_id = hold.ready_item_id or hold.item_id
        title = ""
        if item_id is not None:
            title = session.scalar(select(Item.title).where(Item.id == item_id)) or ""
        elif hold.isbn:
            title = session.scalar(select(Item.title).where(Item.isbn == hold.isbn).limit(1)) or hold.isbn
        rows.append(OpenHold(hold.id, title, hold.state, names.get(hold.pickup_point_id, ""), hold.local_day))
    return rows


@dataclass(frozen=True)
class NotifyLine:
    phone: str  # in full: for staff sending the messages
    name: str
    card: str
    title: str
    barcode: str
    pickup_point: str
    expires_on: dt.date
    message: str


def notify_list(session: Session, actor: Actor, point_id: int | None) -> list[NotifyLine]:
    """The readers to tell that their reservation is waiting, with the message to send."""
    require_role(actor, Role.DESK)
    if point_id is not None:
        _point(session, point_id)
    library = slip_name(session, point_id if point_id is not None else actor.service_point_id)
    days = shelf_days(session)
    names = {p.id: p.name for p in session.scalars(select(ServicePoint))}
    lines = []
    for hold, item, reader in _ready(session, point_id):
        assert hold.ready_at is not None
        until = expiry_day(session, timeutil.local_day(hold.ready_at), days)
        point = names.get(hold.pickup_point_id, "")
        head = f"【{library}】" if library else ""
        message = (f"{head}{reader.name}您好，您预约的《{item.title}》已到馆，请于{until.isoformat()}前"
                   f"到{point}凭读者证取书。")
        lines.append(NotifyLine(reader.phone or "", reader.name, reader.card_number, item.title, item.barcode,
                                point, until, message))
    return lines


def export_notify_csv(session: Session, actor: Actor, point_id: int | None, path: Path | str) -> int:
    """The notification list as a CSV file (UTF-8 with a byte-order mark, so Excel and the
    SMS platforms' importers read the Chinese) ; returns the number of readers. Audited."""
    lines = notify_list(session, actor, point_id)
    target = Path(path)
    try:
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(NOTIFY_HEADERS)
            for line in lines:
                writer.writerow([neutralise(v) for v in (line.phone, line.name, line.card, line.title, line.barcode,
                                                         line.pickup_point)]
                                + [line.expires_on.isoformat(), neutralise(line.message)])
    except OSError as err:
        raise ValidationError("path", N_("The file {path} cannot be written: {reason}"), path=str(target),
                              reason=err.strerror or str(err)) from err
    audit.record(session, actor, "export", "hold_notify", point_id, {"lines": len(lines)})
    return len(lines)
