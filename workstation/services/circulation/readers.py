"""Reader cards: registration with validation as you type, duplicate checks, search, and
masked display of ID numbers and phones for everyone but administrators."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from workstation import timeutil
from workstation.errors import N_, Conflict, NotFound, PermissionDenied, ValidationError, WorkstationError
from workstation.models import LibrarySetting, Role, ServicePoint
from workstation.models.circulation import IdType, Loan, Reader, ReaderCategory, ReaderStatus, RetiredCard
from workstation.services import audit
from workstation.services.admin import manager_for_override
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text, normalize_identifier

CARD_PATTERN = re.compile(r"[A-Z0-9-]{4,32}")
PHONE_PATTERN = re.compile(r"1\d{10}|0\d{9,11}|\d{7,8}")
DEFAULT_VALID_YEARS = 3
MAX_VALID_YEARS = 10
MAX_DEPOSIT = Decimal("10000")
SEARCH_LIMIT = 100
# Cards of the placeholder readers that old loans are re-linked to (services/circulation/privacy.py):
# never given to a person, never listed in a search.
ANONYMOUS_CARD_PREFIX = "ANON-"

STATUS_LABELS = {
    ReaderStatus.ACTIVE: N_("active"),
    ReaderStatus.LOST: N_("reported lost"),
    ReaderStatus.BLOCKED: N_("blocked"),
}
ID_TYPE_LABELS = {
    IdType.RESIDENT_ID: N_("resident ID card"),
    IdType.PASSPORT: N_("passport"),
    IdType.OTHER: N_("other document"),
}


# -- field checks (the registration dialog calls them as the user types) ---------------------

def validate_card_number(value: str) -> str:
    card = normalize_identifier(value)
    if not card:
        raise ValidationError("card_number", N_("Card number: must not be empty."))
    if not CARD_PATTERN.fullmatch(card):
        raise ValidationError("card_number", N_("Card number: 4 to 32 letters, digits or hyphens."))
    if card.startswith(ANONYMOUS_CARD_PREFIX):
        raise ValidationError("card_number", N_("Card number: numbers beginning with {prefix} are kept for "
                                                "anonymised loans."), prefix=ANONYMOUS_CARD_PREFIX)
    return card


def validate_name(value: str) -> str:
    name = clean_text(value)
    if not name:
        raise ValidationError("name", N_("Name: must not be empty."))
    if len(name) > 60:
        raise ValidationError("name", N_("Name: at most {n} characters."), n=60)
    return name


def parse_category(value: ReaderCategory | str) -> ReaderCategory:
    try:
        return ReaderCategory(value)
    except ValueError:
        raise ValidationError("category", N_("Reader category: choose adult, child, blind or disabled, "
                                             "or other.")) from None


def parse_id_type(value: IdType | str) -> IdType:
    try:
        return IdType(value)
    except ValueError:
        raise ValidationError("id_type", N_("ID type: choose resident ID card, passport or other.")) from None


def validate_id_number(id_type: IdType, value: str) -> str:
    number = normalize_identifier(value)
    if not number:
        raise ValidationError("id_number", N_("ID number: must not be empty."))
    if id_type is IdType.RESIDENT_ID:
        if not re.fullmatch(r"\d{17}[\dX]", number):
            raise ValidationError("id_number", N_("ID number: a resident ID card number has 18 characters, "
                                                  "17 digits and a digit or X."))
        try:
            born = ric.get_birth_date(number)
        except (InvalidComponent, ValueError):
            raise ValidationError("id_number", N_("ID number: the birth date in it is not a real date.")) from None
        if born > timeutil.today() or born.year < 1900:
            raise ValidationError("id_number", N_("ID number: the birth date in it is in the future or before 1900."))
        try:
            ric.validate(number)
        except InvalidChecksum:
            raise ValidationError("id_number", N_("ID number: the check digit (last character) is wrong; "
                                                  "check the number again.")) from None
        except (InvalidComponent, InvalidFormat, InvalidLength, StdnumError):
            raise ValidationError("id_number", N_("ID number: the region code in it is not valid.")) from None
        return number
    if not re.fullmatch(r"[A-Z0-9]{5,40}", number):
        raise ValidationError("id_number", N_("ID number: 5 to 40 letters or digits."))
    return number


def validate_phone(value: str) -> str | None:
    phone = re.sub(r"[\s\-()]", "", normalize_identifier(value))
    if phone.startswith("+86"):
        phone = phone[3:]
    if not phone:
        return None
    if not PHONE_PATTERN.fullmatch(phone):
        raise ValidationError("phone", N_("Phone: an 11-digit mobile number or a landline with area code."))
    return phone


def validate_valid_until(value: dt.date | None, today: dt.date) -> dt.date:
    if value is None:
        try:
            return today.replace(year=today.year + DEFAULT_VALID_YEARS)
        except ValueError:  # 29 February
            return today.replace(year=today.year + DEFAULT_VALID_YEARS, day=28)
    if value <= today or value.year > today.year + MAX_VALID_YEARS:
        raise ValidationError("valid_until", N_("Valid until: a date after today and at most {n} years ahead."),
                              n=MAX_VALID_YEARS)
    return value


def validate_deposit(value: Decimal | int | str) -> Decimal:
    try:
        amount = Decimal(str(value).strip() or "0")
    except InvalidOperation:
        raise ValidationError("deposit", N_("Deposit: an amount in yuan, such as 100 or 100.00.")) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_DEPOSIT or amount != amount.quantize(Decimal("0.01")):
        raise ValidationError("deposit", N_("Deposit: from 0 to {max} yuan, at most two decimals."),
                              max=MAX_DEPOSIT)
    return amount.quantize(Decimal("0.01"))


def duplicate_of(session: Session, *, card_number: str | None = None, id_number: str | None = None,
                 phone: str | None = None, exclude_id: int | None = None) -> None:
    """Raise a ValidationError naming the field if another reader already has this value."""
    # A shared phone (a child registered with a guardian's phone) is not refused: see
    # ``phone_shared_with``, which the forms show as a warning naming the other reader.
    del phone
    checks: list[tuple[str, object, str]] = [
        ("card_number", Reader.card_number, N_("Card number: {card} is already registered.")),
        ("id_number", Reader.id_number, N_("ID number: already registered to card {card} ({name}).")),
    ]
    values = {"card_number": card_number, "id_number": id_number}
    for field, column, message in checks:
        value = values[field]
        if not value:
            continue
        query = select(Reader).where(column == value)  # type: ignore[arg-type]
        if exclude_id is not None:
            query = query.where(Reader.id != exclude_id)
        other = session.scalar(query.limit(1))
        if other is not None:
            raise ValidationError(field, message, card=other.card_number, name=other.name)
    if card_number and replaced_by(session, card_number) is not None:
        raise ValidationError("card_number", N_("Card number: {card} was a lost card's number and cannot be "
                                                "given again."), card=card_number)


def phone_shared_with(session: Session, phone: str | None, exclude_id: int | None = None) -> WorkstationError | None:
    """A warning (not a refusal) when another reader already has this phone: a guardian's
    phone for a child, say. Names that reader; ``None`` when the phone is nobody else's."""
    if not phone:
        return None
    query = select(Reader.card_number, Reader.name).where(Reader.phone == phone)
    if exclude_id is not None:
        query = query.where(Reader.id != exclude_id)
    other = session.execute(query.order_by(Reader.id).limit(1)).one_or_none()
    if other is None:
        return None
    return Conflict(N_("Phone: also the phone of card {card} ({name}); saved all the same (a shared "
                       "phone, such as a guardian's)."), card=other.card_number, name=other.name)


def replaced_by(session: Session, card: str) -> str | None:
    """The reader's current card number when ``card`` is a lost card that was replaced."""
    code = normalize_identifier(card)
    if not code:
        return None
    row = session.execute(select(RetiredCard.reader_id).where(RetiredCard.card_number == code)).one_or_none()
    if row is None:
        return None
    return session.scalar(select(Reader.card_number).where(Reader.id == row.reader_id))


# -- masking -------------------------------------------------------------------------------

def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 2) + value[-1:]
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    if len(value) <= 4:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * (len(value) - 4) + value[-4:]


@dataclass(frozen=True)
class ReaderView:
    """A reader as the desk shows them: ID number and phone masked unless the viewer is an admin."""

    id: int
    card_number: str
    name: str
    category: ReaderCategory
    id_type: IdType
    id_number: str
    phone: str
    valid_until: dt.date
    status: ReaderStatus
    deposit: Decimal
    registered_point: str

    def expired(self, today: dt.date) -> bool:
        return self.valid_until < today


def view_of(reader: Reader, actor: Actor, point_name: str = "") -> ReaderView:
    show = actor.role is Role.ADMIN
    return ReaderView(
        id=reader.id, card_number=reader.card_number, name=reader.name, category=reader.category,
        id_type=reader.id_type,
        id_number=(reader.id_number or "") if show else mask_id_number(reader.id_number),
        phone=(reader.phone or "") if show else mask_phone(reader.phone),
        valid_until=reader.valid_until, status=reader.status, deposit=reader.deposit,
        registered_point=point_name,
    )


# -- use cases -------------------------------------------------------------------------------

def register_reader(session: Session, actor: Actor, *, card_number: str, name: str,
                    category: ReaderCategory | str, id_type: IdType | str, id_number: str, phone: str = "",
                    valid_until: dt.date | None = None, deposit: Decimal | int | str = 0,
                    today: dt.date | None = None, now: dt.datetime | None = None) -> Reader:
    require_role(actor, Role.DESK)
    today = today or timeutil.today()
    card = validate_card_number(card_number)
    clean_name = validate_name(name)
    cat = parse_category(category)
    kind = parse_id_type(id_type)
    number = validate_id_number(kind, id_number)
    tel = validate_phone(phone)
    until = validate_valid_until(valid_until, today)
    money = validate_deposit(deposit)
    if actor.service_point_id is None or session.get(ServicePoint, actor.service_point_id) is None:
        raise ValidationError("service_point", N_("Service point: log in at a service point to register readers."))
    duplicate_of(session, card_number=card, id_number=number, phone=tel)
    reader = Reader(card_number=card, name=clean_name, category=cat, id_type=kind, id_number=number, phone=tel,
                    registered_point_id=actor.service_point_id, registered_at=now or timeutil.now_utc(),
                    valid_until=until, status=ReaderStatus.ACTIVE, deposit=money)
    session.add(reader)
    session.flush()
    details = {"card_number": card, "category": cat.value, "deposit": str(money)}
    if money > 0:  # the deposit taken at registration is a payment with its receipt, like any other
        from workstation.services.circulation import money as cash  # money imports this module

        details["receipt"] = cash.deposit_at_registration(session, actor, reader, money)
    audit.record(session, actor, "create", "reader", reader.id, details)
    return reader


# How restrictive each status is: going down this order lifts a restriction, which needs a
# manager (their own account, or their username and password typed at the desk).
_RESTRICTION = {ReaderStatus.ACTIVE: 0, ReaderStatus.BLOCKED: 1, ReaderStatus.LOST: 2}


def lifts_restriction(old: ReaderStatus, new: ReaderStatus) -> bool:
    return _RESTRICTION[new] < _RESTRICTION[old]


def validate_reason(value: str) -> str:
    why = clean_text(value)
    if len(why) < 2:
        raise ValidationError("reason", N_("Reason: say why (at least 2 characters)."))
    if len(why) > 200:
        raise ValidationError("reason", N_("Reason: at most {n} characters."), n=200)
    return why


def set_reader_status(session: Session, actor: Actor, reader_id: int, status: ReaderStatus | str,
                      reason: str = "", *, manager_username: str = "", manager_password: str = "") -> Reader:
    """Report the card lost, block it, or lift a block or a lost report, with a reason.

    Lifting (blocked or lost → active, lost → blocked) is a manager's decision, as an
    override is: a desk account needs a manager's username and password (checked, counted
    towards that account's lockout and audited like an override); without them it is
    refused here, whatever the screen offers."""
    require_role(actor, Role.DESK)
    reader = get_reader(session, reader_id)
    try:
        new = ReaderStatus(status)
    except ValueError:
        raise ValidationError("status", N_("Card status: choose active, lost or blocked.")) from None
    if new is reader.status:
        return reader
    why = validate_reason(reason)
    details: dict[str, object] = {"card_number": reader.card_number, "status": [reader.status.value, new.value],
                                  "reason": why}
    if lifts_restriction(reader.status, new) and actor.role.rank < Role.MANAGER.rank:
        if not manager_username:
            raise PermissionDenied(N_("Card status: lifting a block or a lost report needs a manager's grant "
                                      "(their username and password)."))
        manager = manager_for_override(session, actor, manager_username, manager_password,
                                       {"code": "card_status", "reader_id": reader.id})
        details["manager_id"] = manager.id
        details["manager"] = manager.username
    audit.record(session, actor, "update", "reader", reader.id, details)
    reader.status = new
    return reader


# -- the reader record (读者信息) ------------------------------------------------------------

VALID_YEARS_KEY = "card_valid_years.{category}"


def validity_years(session: Session, category: ReaderCategory) -> int:
    """How many years a card of this category is extended by (a library setting; 3 by default)."""
    setting = session.get(LibrarySetting, VALID_YEARS_KEY.format(category=category.value))
    try:
        return int(setting.value) if setting is not None else DEFAULT_VALID_YEARS
    except ValueError:
        return DEFAULT_VALID_YEARS


def set_validity_years(session: Session, actor: Actor, category: ReaderCategory | str, years: int) -> None:
    require_role(actor, Role.MANAGER)
    cat = parse_category(category)
    if not isinstance(years, int) or not 1 <= years <= MAX_VALID_YEARS:
        raise ValidationError("years", N_("Card validity: from 1 to {n} years."), n=MAX_VALID_YEARS)
    old = validity_years(session, cat)
    key = VALID_YEARS_KEY.format(category=cat.value)
    setting = session.get(LibrarySetting, key)
    if setting is None:
        session.add(LibrarySetting(key=key, value=str(years)))
    else:
        setting.value = str(years)
    audit.record(session, actor, "update", "library_setting", None, {"key": key, "old": old, "new": years})


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Saved:
    """A reader saved, with what the person at the desk should still be told."""

    reader: ReaderView
    warning: WorkstationError | None = None


@dataclass(frozen=True)
class ReaderRecord:
    """Everything the reader record (读者信息) shows."""

    view: ReaderView
    registered_on: dt.date
    has_pin: bool
    old_cards: tuple[str, ...]
    open_loans: int
    all_loans: int
    extend_years: int


def reader_record(session: Session, actor: Actor, reader_id: int) -> ReaderRecord:
    require_role(actor, Role.DESK)
    from workstation.models.kiosk import ReaderPin

    reader = get_reader(session, reader_id)
    old = tuple(session.scalars(select(RetiredCard.card_number).where(RetiredCard.reader_id == reader.id)
                                .order_by(RetiredCard.id)))
    open_loans = session.scalar(select(func.count()).select_from(Loan).where(
        Loan.reader_id == reader.id, Loan.returned_at.is_(None), Loan.due_date >= dt.date.min)) or 0
    all_loans = session.scalar(select(func.count()).select_from(Loan).where(Loan.reader_id == reader.id)) or 0
    has_pin = session.get(ReaderPin, reader.id) is not None
    point = session.get(ServicePoint, reader.registered_point_id)
    return ReaderRecord(view_of(reader, actor, point.name if point is not None else ""),
                        timeutil.local_day(reader.registered_at), has_pin, old, int(open_loans), int(all_loans),
                        validity_years(session, reader.category))


def update_reader(session: Session, actor: Actor, reader_id: int, *, name: str, category: ReaderCategory | str,
                  id_type: IdType | str, id_number: str, phone: str) -> Saved:
    """Edit a reader's name, category, ID and phone, each field checked as at registration.
    The ID number and phone as the desk sees them are masked: a masked value typed back
    unchanged keeps the stored one."""
    require_role(actor, Role.DESK)
    reader = get_reader(session, reader_id)
    clean_name = validate_name(name)
    cat = parse_category(category)
    kind = parse_id_type(id_type)
    shown = view_of(reader, actor)
    number = reader.id_number or "" if id_number.strip() == shown.id_number and shown.id_number else \
        validate_id_number(kind, id_number)
    tel = reader.phone if phone.strip() == shown.phone and shown.phone else validate_phone(phone)
    duplicate_of(session, id_number=number, exclude_id=reader.id)
    changes: dict[str, object] = {}
    for field, old, new in (("name", reader.name, clean_name), ("category", reader.category.value, cat.value),
                            ("id_type", reader.id_type.value, kind.value)):
        if old != new:
            changes[field] = [old, new]
    if number != (reader.id_number or ""):
        changes["id_number"] = [mask_id_number(reader.id_number), mask_id_number(number)]
    if tel != reader.phone:
        changes["phone"] = [mask_phone(reader.phone), mask_phone(tel)]
    warning = phone_shared_with(session, tel, reader.id) if "phone" in changes else None
    if changes:
        reader.name, reader.category, reader.id_type, reader.id_number, reader.phone = \
            clean_name, cat, kind, number, tel
        session.flush()
        audit.record(session, actor, "update", "reader", reader.id, {"card_number": reader.card_number, **changes})
    return Saved(view_of(reader, actor), warning)


def extend_card(session: Session, actor: Actor, reader_id: int, today: dt.date | None = None) -> Reader:
    """Extend the card by its category's period: from its expiry date while it is valid,
    from today once it has expired."""
    require_role(actor, Role.DESK)
    today = today or timeutil.today()
    reader = get_reader(session, reader_id)
    if reader.status is ReaderStatus.LOST:
        raise ValidationError("valid_until", N_("Valid until: the card is reported lost; replace it first."))
    years = validity_years(session, reader.category)
    start = max(reader.valid_until, today)
    until = _add_years(start, years)
    if until.year > today.year + MAX_VALID_YEARS:
        raise ValidationError("valid_until", N_("Valid until: a date after today and at most {n} years ahead."),
                              n=MAX_VALID_YEARS)
    audit.record(session, actor, "extend", "reader", reader.id,
                 {"card_number": reader.card_number, "valid_until": [reader.valid_until.isoformat(),
                                                                     until.isoformat()], "years": years})
    reader.valid_until = until
    return reader


def replace_card(session: Session, actor: Actor, reader_id: int, new_card: str) -> Reader:
    """A lost card replaced by a new one: the reader keeps their record, loans and history
    under the new number; the old number is kept as retired and refused when scanned,
    naming the new card. A card reported lost becomes active again with its new number."""
    require_role(actor, Role.DESK)
    reader = get_reader(session, reader_id)
    card = validate_card_number(new_card)
    if card == reader.card_number:
        raise ValidationError("card_number", N_("Card number: the new card needs a new number."))
    duplicate_of(session, card_number=card)
    old = reader.card_number
    session.add(RetiredCard(card_number=old, reader_id=reader.id, replaced_by=card, retired_at=timeutil.now_utc(),
                            staff_id=actor.staff_id))
    details: dict[str, object] = {"card_number": [old, card]}
    if reader.status is ReaderStatus.LOST:
        details["status"] = [reader.status.value, ReaderStatus.ACTIVE.value]
        reader.status = ReaderStatus.ACTIVE
    reader.card_number = card
    session.flush()
    audit.record(session, actor, "replace_card", "reader", reader.id, details)
    return reader


def get_reader(session: Session, reader_id: int) -> Reader:
    reader = session.get(Reader, reader_id)
    if reader is None:
        raise NotFound(N_("No reader with number {id}."), id=reader_id)
    return reader


def find_by_card(session: Session, card: str) -> Reader | None:
    code = normalize_identifier(card)
    if not code:
        return None
    return session.scalar(select(Reader).where(Reader.card_number == code))


def search_readers(session: Session, actor: Actor, query: str, limit: int = SEARCH_LIMIT) -> list[ReaderView]:
    """By card number (exact or prefix), name (part), phone or ID number (exact)."""
    require_role(actor, Role.DESK)
    text = clean_text(query)
    if not text:
        return []
    code = normalize_identifier(text)
    digits = re.sub(r"[\s\-]", "", code)
    conditions = [Reader.card_number.startswith(code, autoescape=True), Reader.name.contains(text, autoescape=True),
                  Reader.phone == digits, Reader.id_number == code]
    rows: Sequence[Reader] = session.scalars(
        select(Reader).where(or_(*conditions), Reader.card_number.not_like(f"{ANONYMOUS_CARD_PREFIX}%"))
        .order_by(Reader.card_number).limit(limit)).all()
    return [view_of(r, actor) for r in rows]
