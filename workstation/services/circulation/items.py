"""Items (copies): barcodes, titles, ISBNs checked with python-stdnum, search."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import ValidationError as StdnumError

from workstation import timeutil
from workstation.errors import N_, Conflict, NotFound, PermissionDenied, ValidationError
from workstation.models import Role, ServicePoint
from workstation.models.circulation import CollectionType, Item, ItemStatus, Loan, LoanEnd, Reader
from workstation.services import audit
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text, normalize_identifier

BARCODE_PATTERN = re.compile(r"[A-Z0-9-]{3,32}")
CLC_PATTERN = re.compile(r"[A-Z][A-Z0-9./:\-()=\"+]{0,19}")
SEARCH_LIMIT = 100

ITEM_STATUS_LABELS = {
    ItemStatus.AVAILABLE: N_("on the shelf"),
    ItemStatus.ON_LOAN: N_("on loan"),
    ItemStatus.ON_HOLD_SHELF: N_("waiting for a reservation"),
    ItemStatus.LOST: N_("lost"),
    ItemStatus.WITHDRAWN: N_("withdrawn"),
    ItemStatus.DAMAGED: N_("damaged"),
    ItemStatus.MISSING: N_("missing"),
    ItemStatus.IN_REPAIR: N_("in repair"),
    ItemStatus.IN_TRANSIT: N_("in transit"),
}
# What staff may set an item to from the item record (on loan and the hold shelf come from
# lending and returning); withdrawing (注销) and undoing it are a manager's.
MARKABLE = (ItemStatus.AVAILABLE, ItemStatus.LOST, ItemStatus.DAMAGED, ItemStatus.MISSING, ItemStatus.IN_REPAIR,
            ItemStatus.WITHDRAWN)
# Statuses in which an item cannot be lent (refused at the desk and the kiosk).
NOT_LENDABLE = frozenset({ItemStatus.LOST, ItemStatus.WITHDRAWN, ItemStatus.DAMAGED, ItemStatus.MISSING,
                          ItemStatus.IN_REPAIR, ItemStatus.IN_TRANSIT})

# Accepted spellings of the collection type in imports and forms (Chinese and English).
COLLECTION_ALIASES = {
    "book": CollectionType.BOOK, "图书": CollectionType.BOOK, "书": CollectionType.BOOK,
    "serial": CollectionType.SERIAL, "报刊": CollectionType.SERIAL, "期刊": CollectionType.SERIAL,
    "报纸": CollectionType.SERIAL,
    "audiovisual": CollectionType.AUDIOVISUAL, "视听资料": CollectionType.AUDIOVISUAL,
    "视听": CollectionType.AUDIOVISUAL,
    "e_document": CollectionType.E_DOCUMENT, "e-document": CollectionType.E_DOCUMENT,
    "电子文献": CollectionType.E_DOCUMENT, "电子": CollectionType.E_DOCUMENT,
}


def validate_barcode(value: str, field: str = "barcode") -> str:
    code = normalize_identifier(value)
    if not code:
        raise ValidationError(field, N_("Barcode: must not be empty."))
    if not BARCODE_PATTERN.fullmatch(code):
        raise ValidationError(field, N_("Barcode: 3 to 32 letters, digits or hyphens."))
    return code


def validate_isbn(value: str | None) -> str | None:
    """Empty, or a valid ISBN-10/13, stored as ISBN-13 without hyphens."""
    if value is None:
        return None
    code = normalize_identifier(value).replace("-", "")
    if code.startswith("ISBN"):
        code = code[4:].lstrip(":")
    if not code:
        return None
    try:
        return str(stdnum_isbn.to_isbn13(stdnum_isbn.validate(code)))
    except StdnumError:
        raise ValidationError("isbn", N_("ISBN: {isbn} is not a valid ISBN (check the last digit)."),
                              isbn=value.strip()) from None


def validate_title(value: str) -> str:
    title = clean_text(value)
    if not title:
        raise ValidationError("title", N_("Title: must not be empty."))
    if len(title) > 300:
        raise ValidationError("title", N_("Title: at most {n} characters."), n=300)
    return title


def validate_author(value: str) -> str:
    author = clean_text(value)
    if len(author) > 200:
        raise ValidationError("author", N_("Author: at most {n} characters."), n=200)
    return author


def validate_call_number(value: str) -> tuple[str, str]:
    """The call number (索书号) and its Chinese Library Classification class (the part before '/')."""
    call = clean_text(value).upper()
    if len(call) > 60:
        raise ValidationError("call_number", N_("Call number: at most {n} characters."), n=60)
    clc = call.split("/", 1)[0].strip()
    if clc and not CLC_PATTERN.fullmatch(clc):
        raise ValidationError("call_number", N_("Call number: should begin with a CLC class such as I247.5/123."))
    return call, clc


def parse_collection_type(value: CollectionType | str) -> CollectionType:
    if isinstance(value, CollectionType):
        return value
    found = COLLECTION_ALIASES.get(clean_text(value).lower())
    if found is None:
        raise ValidationError("collection_type", N_("Collection type: book, serial, audiovisual or e-document "
                                                    "({names})."), names="图书、报刊、视听资料、电子文献")
    return found


def create_item(session: Session, actor: Actor, *, barcode: str, title: str, author: str = "",
                isbn: str | None = None, call_number: str = "", collection_type: CollectionType | str = "book",
                home_point_id: int | None = None) -> Item:
    require_role(actor, Role.DESK)
    code = validate_barcode(barcode)
    clean_title = validate_title(title)
    clean_author = validate_author(author)
    clean_isbn = validate_isbn(isbn)
    call, clc = validate_call_number(call_number)
    kind = parse_collection_type(collection_type)
    if home_point_id is not None and session.get(ServicePoint, home_point_id) is None:
        raise ValidationError("home_point", N_("Home service point: unknown."))
    if session.scalar(select(Item.id).where(Item.barcode == code)) is not None:
        raise ValidationError("barcode", N_("Barcode: {barcode} is already in the catalogue."), barcode=code)
    item = Item(barcode=code, title=clean_title, author=clean_author, isbn=clean_isbn, call_number=call,
                clc_class=clc, collection_type=kind, home_point_id=home_point_id, status=ItemStatus.AVAILABLE)
    session.add(item)
    session.flush()
    audit.record(session, actor, "create", "item", item.id, {"barcode": code, "title": clean_title})
    return item


def find_by_barcode(session: Session, barcode: str) -> Item | None:
    code = normalize_identifier(barcode)
    if not code:
        return None
    return session.scalar(select(Item).where(Item.barcode == code))


def search_items(session: Session, actor: Actor, query: str, limit: int = SEARCH_LIMIT) -> Sequence[Item]:
    """By barcode (exact or prefix), title or author (part), or ISBN (10 or 13 digits)."""
    require_role(actor, Role.DESK)
    text = clean_text(query)
    if not text:
        return []
    code = normalize_identifier(text)
    conditions = [Item.barcode.startswith(code, autoescape=True), Item.title.contains(text, autoescape=True),
                  Item.author.contains(text, autoescape=True)]
    try:
        isbn13 = validate_isbn(text)
    except ValidationError:
        isbn13 = None
    if isbn13:
        conditions.append(Item.isbn == isbn13)
    return session.scalars(select(Item).where(or_(*conditions)).order_by(Item.barcode).limit(limit)).all()


# -- the item record (文献信息) -------------------------------------------------------------

@dataclass(frozen=True)
class ItemRecord:
    id: int
    barcode: str
    title: str
    author: str
    isbn: str
    call_number: str
    collection_type: CollectionType
    home_point_id: int | None
    status: ItemStatus
    status_note: str
    withdrawn_on: dt.date | None
    catalogued_on: dt.date
    loans: int  # every loan of the item, voided ones apart
    on_loan_to: str  # the card of the reader who has it ("" when on the shelf); masked for desk staff
    due: dt.date | None


def get_item(session: Session, item_id: int) -> Item:
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound(N_("No item with number {id}."), id=item_id)
    return item


def item_record(session: Session, actor: Actor, item_id: int) -> ItemRecord:
    require_role(actor, Role.DESK)
    from workstation.services.circulation.readers import mask_id_number

    item = get_item(session, item_id)
    count = session.scalar(select(func.count()).select_from(Loan).where(
        Loan.item_id == item.id, or_(Loan.closed_as.is_(None), Loan.closed_as != LoanEnd.VOIDED))) or 0
    current = session.execute(select(Reader.card_number, Loan.due_date).join(Reader, Reader.id == Loan.reader_id)
                              .where(Loan.item_id == item.id, Loan.returned_at.is_(None))).one_or_none()
    card = ""
    if current is not None:
        card = current.card_number if actor.role.rank >= Role.MANAGER.rank else mask_id_number(current.card_number)
    return ItemRecord(item.id, item.barcode, item.title, item.author, item.isbn or "", item.call_number,
                      item.collection_type, item.home_point_id, item.status, item.status_note or "",
                      item.withdrawn_on, timeutil.local_day(item.created_at), int(count), card,
                      current.due_date if current is not None else None)


def update_item(session: Session, actor: Actor, item_id: int, *, barcode: str, title: str, author: str = "",
                isbn: str | None = None, call_number: str = "", collection_type: CollectionType | str = "book",
                home_point_id: int | None = None) -> Item:
    """Edit the item's own columns, each checked as at cataloguing. The status is changed
    with ``mark_item`` (with a reason), never here."""
    require_role(actor, Role.DESK)
    item = get_item(session, item_id)
    code = validate_barcode(barcode)
    clean_title = validate_title(title)
    clean_author = validate_author(author)
    clean_isbn = validate_isbn(isbn)
    call, clc = validate_call_number(call_number)
    kind = parse_collection_type(collection_type)
    if home_point_id is not None and session.get(ServicePoint, home_point_id) is None:
        raise ValidationError("home_point", N_("Home service point: unknown."))
    if code != item.barcode and session.scalar(select(Item.id).where(Item.barcode == code)) is not None:
        raise ValidationError("barcode", N_("Barcode: {barcode} is already in the catalogue."), barcode=code)
    new = {"barcode": code, "title": clean_title, "author": clean_author, "isbn": clean_isbn, "call_number": call,
           "clc_class": clc, "collection_type": kind, "home_point_id": home_point_id}
    changes: dict[str, object] = {}
    for field, value in new.items():
        old = getattr(item, field)
        if old != value:
            changes[field] = [str(old) if old is not None else None, str(value) if value is not None else None]
            setattr(item, field, value)
    if changes:
        session.flush()
        audit.record(session, actor, "update", "item", item.id, {"barcode": item.barcode, **changes})
    return item


@dataclass(frozen=True)
class Marked:
    item_id: int
    barcode: str
    status: ItemStatus
    closed_loan_id: int | None  # the loan closed as lost, when the item was on loan


def mark_item(session: Session, actor: Actor, item_id: int, status: ItemStatus | str, reason: str, *,
              now: dt.datetime | None = None) -> Marked:
    """Mark an item lost, damaged, missing, in repair or withdrawn (注销), or back on the
    shelf, with a reason. An item on loan can only be reported lost (by its reader): its
    loan is closed as lost and still counts as a loan. A withdrawn item leaves the holdings
    on the day it is withdrawn; withdrawing, and undoing a withdrawal, are a manager's."""
    require_role(actor, Role.DESK)
    from workstation.services.circulation.readers import validate_reason

    now = now or timeutil.now_utc()
    today = timeutil.local_day(now)
    try:
        new = ItemStatus(status)
    except ValueError:
        raise ValidationError("status", N_("Item status: choose one of the statuses offered.")) from None
    if new not in MARKABLE:
        raise ValidationError("status", N_("Item status: choose one of the statuses offered."))
    why = validate_reason(reason)
    item = session.get(Item, item_id, with_for_update=True, populate_existing=True)
    if item is None:
        raise NotFound(N_("No item with number {id}."), id=item_id)
    old = item.status
    if new is old:
        raise ValidationError("status", N_("Item status: the item is already marked so."))
    if ItemStatus.WITHDRAWN in (old, new) and actor.role.rank < Role.MANAGER.rank:
        raise PermissionDenied(N_("Item status: withdrawing an item, or undoing a withdrawal, is a manager's "
                                  "decision."))
    if old is ItemStatus.ON_HOLD_SHELF:
        raise Conflict(N_("Item {barcode} is set aside for a reservation; cancel the reservation or lend it "
                          "first."), barcode=item.barcode)
    closed: int | None = None
    if old is ItemStatus.ON_LOAN:
        if new is not ItemStatus.LOST:
            raise Conflict(N_("Item {barcode} is on loan: return it first (only its reader's report that it is "
                              "lost closes the loan)."), barcode=item.barcode)
        loan = session.scalar(select(Loan).where(Loan.item_id == item.id, Loan.returned_at.is_(None))
                              .with_for_update())
        if loan is not None:
            loan.returned_at = now
            loan.return_local_day = today
            loan.return_point_id = actor.service_point_id or loan.service_point_id
            loan.return_staff_id = actor.staff_id
            loan.closed_as = LoanEnd.LOST
            closed = loan.id
    item.status = new
    item.status_note = why if new is not ItemStatus.AVAILABLE else None
    if new is ItemStatus.WITHDRAWN:
        item.withdrawn_on = today
    elif old is ItemStatus.WITHDRAWN:
        item.withdrawn_on = None
    session.flush()
    details: dict[str, object] = {"barcode": item.barcode, "status": [old.value, new.value], "reason": why}
    if closed is not None:
        details["loan_id"] = closed
    audit.record(session, actor, "mark", "item", item.id, details)
    return Marked(item.id, item.barcode, new, closed)
