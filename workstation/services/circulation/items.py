"""Items (copies): barcodes, titles, ISBNs checked with python-stdnum, search."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import ValidationError as StdnumError

from workstation.errors import N_, ValidationError
from workstation.models import Role, ServicePoint
from workstation.models.circulation import CollectionType, Item, ItemStatus
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
    ItemStatus.MISSING: N_("missing"),
}

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
