"""Money at the desk: card deposits and overdue fees, as a library setting chooses.

The settings (``MoneySettings``, a manager's): the deposit taken when a card is registered
(0: none; paid back when the card is cancelled), the overdue fee per item and day (0: no
fees), its caps per item and per reader (0: no cap), and whether fees owed stop a reader
from borrowing (off by default: a fee never blocks unless the library says so).

A fee is not a stored debt: it is computed from the loan (days past the due date until the
return, times the daily fee, at most the item cap). It becomes payable when the item is
returned; the fees of a reader's returned, unsettled loans are owed together, at most the
reader cap. Paying (or a manager's waiver) settles those loans: one ``Payment`` row with
its receipt number, desk and staff member, and one ``PaymentLoan`` per loan with its share.
Every payment and refund prints a receipt slip; the cash journal lists a desk's day.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, NotFound, ValidationError
from workstation.models import LibrarySetting, Role, ServicePoint, Staff
from workstation.models.circulation import Item, Loan, Reader, ReaderStatus
from workstation.models.desk_records import INCOMING, OUTGOING, Payment, PaymentKind, PaymentLoan
from workstation.services import audit
from workstation.services.admin import slip_name
from workstation.services.circulation.holdshelf import mask_card, mask_name
from workstation.services.context import Actor, require_role
from workstation.services.safe_files import neutralise
from workstation.services.text import clean_text

ZERO = Decimal("0.00")
MAX_AMOUNT = Decimal("10000")
_AMOUNT = re.compile(r"[0-9]{1,5}(\.[0-9]{1,2})?")
MAX_NOTE = 150

KEYS = {"deposit": "money_deposit", "fee_per_day": "money_fee_per_day", "cap_item": "money_fee_cap_item",
        "cap_reader": "money_fee_cap_reader", "fees_block": "money_fees_block"}

KIND_LABELS = {
    PaymentKind.DEPOSIT: N_("deposit"),
    PaymentKind.DEPOSIT_REFUND: N_("deposit refunded"),
    PaymentKind.FEE: N_("overdue fee"),
    PaymentKind.FEE_WAIVED: N_("fee waived"),
}
KIND_ZH = {PaymentKind.DEPOSIT: "押金", PaymentKind.DEPOSIT_REFUND: "退押金", PaymentKind.FEE: "逾期费",
           PaymentKind.FEE_WAIVED: "减免"}


def parse_amount(value: Decimal | int | str, field: str, label: str) -> Decimal:
    """An amount of yuan typed in a form: ordinary digits, at most two decimals, from 0 to
    10,000. A minus sign, a full-width digit or anything else is refused, naming the field."""
    text = str(value).strip()
    if text.startswith("-"):
        raise ValidationError(field, N_("{label}: must not be negative."), label=label)
    if text and not text.isascii():
        raise ValidationError(field, N_("{label}: type the amount with ordinary (half-width) digits 0-9."),
                              label=label)
    if not _AMOUNT.fullmatch(text):
        raise ValidationError(field, N_("{label}: an amount in yuan such as 100 or 0.50 (at most two decimals)."),
                              label=label)
    amount = Decimal(text).quantize(Decimal("0.01"))
    if amount > MAX_AMOUNT:
        raise ValidationError(field, N_("{label}: at most {max} yuan."), label=label, max=MAX_AMOUNT)
    return amount


@dataclass(frozen=True)
class MoneySettings:
    deposit: Decimal = ZERO
    fee_per_day: Decimal = ZERO
    cap_item: Decimal = ZERO
    cap_reader: Decimal = ZERO
    fees_block: bool = False

    @property
    def takes_deposit(self) -> bool:
        return self.deposit > 0

    @property
    def charges_fees(self) -> bool:
        return self.fee_per_day > 0


def money_settings(session: Session) -> MoneySettings:
    rows = {s.key: s.value for s in session.scalars(select(LibrarySetting).where(
        LibrarySetting.key.in_(KEYS.values())))}

    def amount(name: str) -> Decimal:
        try:
            return Decimal(rows.get(KEYS[name], "0")).quantize(Decimal("0.01"))
        except ArithmeticError:
            return ZERO

    return MoneySettings(amount("deposit"), amount("fee_per_day"), amount("cap_item"), amount("cap_reader"),
                         rows.get(KEYS["fees_block"]) == "1")


def set_money_settings(session: Session, actor: Actor, *, deposit: Decimal | int | str,
                       fee_per_day: Decimal | int | str, cap_item: Decimal | int | str = 0,
                       cap_reader: Decimal | int | str = 0, fees_block: bool = False) -> MoneySettings:
    """The library's money policy (a manager's). All fields are checked before any is saved."""
    require_role(actor, Role.MANAGER)
    new = MoneySettings(parse_amount(deposit, "deposit", N_("Deposit")),
                        parse_amount(fee_per_day, "fee_per_day", N_("Fee per day")),
                        parse_amount(cap_item, "cap_item", N_("Cap per item")),
                        parse_amount(cap_reader, "cap_reader", N_("Cap per reader")), bool(fees_block))
    if new.fees_block and not new.charges_fees:
        raise ValidationError("fees_block", N_("Fees block borrowing: set a fee per day first."))
    old = money_settings(session)
    if new == old:
        return new
    values = {"deposit": str(new.deposit), "fee_per_day": str(new.fee_per_day), "cap_item": str(new.cap_item),
              "cap_reader": str(new.cap_reader), "fees_block": "1" if new.fees_block else "0"}
    for name, value in values.items():
        row = session.get(LibrarySetting, KEYS[name])
        if row is None:
            session.add(LibrarySetting(key=KEYS[name], value=value))
        else:
            row.value = value
    audit.record(session, actor, "update", "library_setting", None,
                 {"key": "money", "old": _plain(old), "new": values})
    return new


def _plain(settings: MoneySettings) -> dict[str, str]:
    return {"deposit": str(settings.deposit), "fee_per_day": str(settings.fee_per_day),
            "cap_item": str(settings.cap_item), "cap_reader": str(settings.cap_reader),
            "fees_block": "1" if settings.fees_block else "0"}


# -- fees ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeeLine:
    loan_id: int
    barcode: str
    title: str
    due_date: dt.date
    days: int
    amount: Decimal
    returned: bool  # payable; an open loan's fee still grows


def _item_fee(days: int, settings: MoneySettings) -> Decimal:
    fee = settings.fee_per_day * days
    if settings.cap_item > 0:
        fee = min(fee, settings.cap_item)
    return fee.quantize(Decimal("0.01"))


def _unsettled(reader_id: int, today: dt.date) -> Select[Loan, str, str]:
    settled = exists().where(PaymentLoan.loan_id == Loan.id)
    late = func.coalesce(Loan.return_local_day, today) > Loan.due_date
    return (select(Loan, Item.barcode, Item.title).join(Item, Item.id == Loan.item_id)
            .where(Loan.reader_id == reader_id, late, ~settled).order_by(Loan.due_date, Loan.id))


def fee_lines(session: Session, actor: Actor, reader_id: int, today: dt.date | None = None) -> list[FeeLine]:
    """The reader's overdue loans whose fee is not settled (none when the library charges none)."""
    require_role(actor, Role.DESK)
    settings = money_settings(session)
    if not settings.charges_fees:
        return []
    today = today or timeutil.today()
    lines = []
    for loan, barcode, title in session.execute(_unsettled(reader_id, today)):
        end = loan.return_local_day or today
        days = (end - loan.due_date).days
        lines.append(FeeLine(loan.id, barcode, title, loan.due_date, days, _item_fee(days, settings),
                             loan.returned_at is not None))
    return lines


def _owed(lines: list[FeeLine], settings: MoneySettings) -> tuple[Decimal, list[tuple[FeeLine, Decimal]]]:
    """What the returned loans' fees come to (at most the reader cap), and each loan's share."""
    payable = [line for line in lines if line.returned]
    total = sum((line.amount for line in payable), ZERO)
    if settings.cap_reader > 0:
        total = min(total, settings.cap_reader)
    shares, left = [], total
    for line in payable:  # the oldest first take the cap
        share = min(line.amount, left)
        shares.append((line, share))
        left -= share
    return total, shares


def owed(session: Session, actor: Actor, reader_id: int, today: dt.date | None = None) -> Decimal:
    lines = fee_lines(session, actor, reader_id, today)
    return _owed(lines, money_settings(session))[0]


FEES_BLOCK_SETTING = select(LibrarySetting.value).where(LibrarySetting.key == KEYS["fees_block"])


def fees_block(session: Session, reader_id: int, today: dt.date) -> Decimal | None:
    """For the checkout: what the reader owes, when the library lets fees block borrowing and
    the reader owes anything; else ``None``. One indexed read when the setting is off."""
    return fees_block_if(session, session.connection().execute(FEES_BLOCK_SETTING).scalar(), reader_id, today)


def fees_block_if(session: Session, setting: str | None, reader_id: int, today: dt.date) -> Decimal | None:
    """``fees_block`` when the caller has read the setting (``FEES_BLOCK_SETTING``) in this
    transaction already: nothing more is read while it is off."""
    if setting != "1":
        return None
    settings = money_settings(session)
    lines = []
    for loan, barcode, title in session.execute(_unsettled(reader_id, today)):
        if loan.return_local_day is not None:
            days = (loan.return_local_day - loan.due_date).days
            lines.append(FeeLine(loan.id, barcode, title, loan.due_date, days, _item_fee(days, settings), True))
    total = _owed(lines, settings)[0]
    return total if total > 0 else None


# -- payments --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReceiptSlip:
    """What a receipt slip says. The reader is masked as on the hold slip."""

    receipt: str
    kind: PaymentKind
    amount: Decimal
    card: str
    reader: str
    library: str
    point: str
    staff: str
    at: dt.datetime
    lines: list[tuple[str, Decimal]]  # (barcode, share) for fees
    note: str


def _desk_point(session: Session, actor: Actor) -> ServicePoint:
    point = session.get(ServicePoint, actor.service_point_id) if actor.service_point_id is not None else None
    if point is None:
        raise ValidationError("service_point", N_("Service point: log in at a desk to take or pay back money."))
    return point


def _reader(session: Session, reader_id: int) -> Reader:
    reader = session.get(Reader, reader_id)
    if reader is None:
        raise NotFound(N_("No reader with number {id}."), id=reader_id)
    return reader


def _note(value: str, required: bool) -> str:
    text = clean_text(value)
    if required and not text:
        raise ValidationError("reason", N_("Reason: say why."))
    if len(text) > MAX_NOTE:
        raise ValidationError("reason", N_("Reason: at most {n} characters."), n=MAX_NOTE)
    return text


def _pay(session: Session, actor: Actor, reader: Reader, kind: PaymentKind, amount: Decimal, note: str,
         now: dt.datetime | None, shares: Sequence[tuple[FeeLine, Decimal]] = ()) -> Payment:
    point = _desk_point(session, actor)
    now = now or timeutil.now_utc()
    day = timeutil.local_day(now)
    payment = Payment(receipt=uuid.uuid4().hex, kind=kind, amount=amount,
                      reader_id=reader.id, service_point_id=point.id, staff_id=actor.staff_id, at=now,
                      local_day=day, note=note)
    session.add(payment)
    session.flush()
    payment.receipt = f"{day:%Y%m%d}-{payment.id:06d}"
    for line, share in shares:
        session.add(PaymentLoan(payment_id=payment.id, loan_id=line.loan_id, amount=share))
    session.flush()
    return payment


def take_deposit(session: Session, actor: Actor, reader_id: int, amount: Decimal | int | str | None = None,
                 now: dt.datetime | None = None) -> ReceiptSlip:
    """The card deposit, the library's amount unless another is given."""
    require_role(actor, Role.DESK)
    settings = money_settings(session)
    if not settings.takes_deposit:
        raise ValidationError("deposit", N_("Deposit: this library takes no deposit (see the money settings)."))
    money = settings.deposit if amount is None or str(amount).strip() == "" else parse_amount(
        amount, "deposit", N_("Deposit"))
    if money <= 0:
        raise ValidationError("deposit", N_("Deposit: must be more than 0."))
    reader = _reader(session, reader_id)
    payment = _pay(session, actor, reader, PaymentKind.DEPOSIT, money, "", now)
    reader.deposit = (reader.deposit or ZERO) + money
    audit.record(session, actor, "pay", "payment", payment.id,
                 {"kind": payment.kind.value, "amount": str(money), "card_number": reader.card_number,
                  "receipt": payment.receipt})
    return _slip(session, payment, reader)


def deposit_at_registration(session: Session, actor: Actor, reader: Reader, amount: Decimal) -> str:
    """The payment row of a deposit taken by ``readers.register_reader`` (whose audit entry
    names it); returns the receipt number."""
    return _pay(session, actor, reader, PaymentKind.DEPOSIT, amount, "", None).receipt


def registration_receipt(session: Session, actor: Actor, reader_id: int) -> ReceiptSlip | None:
    """The receipt of the deposit a reader paid when registering (none: ``None``)."""
    require_role(actor, Role.DESK)
    payment = session.scalar(select(Payment).where(Payment.reader_id == reader_id,
                                                   Payment.kind == PaymentKind.DEPOSIT).order_by(Payment.id).limit(1))
    return _slip(session, payment, _reader(session, reader_id)) if payment is not None else None


def refund_deposit(session: Session, actor: Actor, reader_id: int, reason: str,
                   now: dt.datetime | None = None) -> ReceiptSlip:
    """Cancel the card (退证): the deposit is paid back, once every item is returned and every
    fee settled; the card is blocked for good (its status says so in the audit trail)."""
    require_role(actor, Role.DESK)
    note = _note(reason, required=True)
    reader = _reader(session, reader_id)
    if (reader.deposit or ZERO) <= 0:
        raise ValidationError("reader", N_("Card {card} holds no deposit."), card=reader.card_number)
    today = timeutil.local_day(now or timeutil.now_utc())
    open_loans = session.scalar(select(func.count()).select_from(Loan).where(
        Loan.reader_id == reader.id, Loan.returned_at.is_(None))) or 0
    if open_loans:
        raise ValidationError("reader", N_("Card {card}: {n} items are still on loan; they must be returned "
                                           "before the deposit is paid back."), card=reader.card_number, n=open_loans)
    due = owed(session, actor, reader.id, today)
    if due > 0:
        raise ValidationError("reader", N_("Card {card}: {amount} yuan of fees are owed; they must be settled "
                                           "before the deposit is paid back."), card=reader.card_number, amount=due)
    money = reader.deposit
    payment = _pay(session, actor, reader, PaymentKind.DEPOSIT_REFUND, money, note, now)
    reader.deposit = ZERO
    old_status = reader.status
    reader.status = ReaderStatus.BLOCKED
    audit.record(session, actor, "refund", "payment", payment.id,
                 {"kind": payment.kind.value, "amount": str(money), "card_number": reader.card_number,
                  "receipt": payment.receipt, "reason": note, "card_cancelled": True,
                  "status": [old_status.value, reader.status.value]})
    return _slip(session, payment, reader)


def pay_fees(session: Session, actor: Actor, reader_id: int, amount: Decimal | int | str,
             now: dt.datetime | None = None) -> ReceiptSlip:
    """The reader pays what they owe; ``amount`` is the cash taken and must be exactly that."""
    require_role(actor, Role.DESK)
    money = parse_amount(amount, "amount", N_("Amount"))
    reader = _reader(session, reader_id)
    today = timeutil.local_day(now or timeutil.now_utc())
    total, shares = _owed(fee_lines(session, actor, reader.id, today), money_settings(session))
    if total <= 0:
        raise ValidationError("amount", N_("Amount: card {card} owes nothing."), card=reader.card_number)
    if money != total:
        raise ValidationError("amount", N_("Amount: card {card} owes {owed} yuan; take exactly that."),
                              card=reader.card_number, owed=total)
    payment = _pay(session, actor, reader, PaymentKind.FEE, total, "", now, shares)
    audit.record(session, actor, "pay", "payment", payment.id,
                 {"kind": payment.kind.value, "amount": str(total), "card_number": reader.card_number,
                  "receipt": payment.receipt, "loans": [line.loan_id for line, _ in shares]})
    return _slip(session, payment, reader)


def waive_fees(session: Session, actor: Actor, reader_id: int, reason: str,
               now: dt.datetime | None = None) -> ReceiptSlip:
    """A manager lets the reader off what they owe, with a reason (no cash moves)."""
    require_role(actor, Role.MANAGER)
    note = _note(reason, required=True)
    reader = _reader(session, reader_id)
    today = timeutil.local_day(now or timeutil.now_utc())
    total, shares = _owed(fee_lines(session, actor, reader.id, today), money_settings(session))
    if total <= 0:
        raise ValidationError("reader", N_("Card {card} owes nothing."), card=reader.card_number)
    payment = _pay(session, actor, reader, PaymentKind.FEE_WAIVED, total, note, now, shares)
    audit.record(session, actor, "waive", "payment", payment.id,
                 {"kind": payment.kind.value, "amount": str(total), "card_number": reader.card_number,
                  "receipt": payment.receipt, "reason": note})
    return _slip(session, payment, reader)


def _slip(session: Session, payment: Payment, reader: Reader) -> ReceiptSlip:
    point = session.get(ServicePoint, payment.service_point_id)
    staff = session.get(Staff, payment.staff_id)
    lines = [(barcode, share) for barcode, share in session.execute(
        select(Item.barcode, PaymentLoan.amount).join(Loan, Loan.id == PaymentLoan.loan_id)
        .join(Item, Item.id == Loan.item_id).where(PaymentLoan.payment_id == payment.id).order_by(PaymentLoan.id))]
    return ReceiptSlip(payment.receipt, payment.kind, payment.amount, mask_card(reader.card_number),
                       mask_name(reader.name), slip_name(session, payment.service_point_id),
                       point.name if point else "",
                       staff.display_name if staff else "", payment.at, lines, payment.note)


def receipt(session: Session, actor: Actor, number: str) -> ReceiptSlip:
    """A receipt again (a reprint), by its number."""
    require_role(actor, Role.DESK)
    payment = session.scalar(select(Payment).where(Payment.receipt == clean_text(number)))
    if payment is None:
        raise NotFound(N_("No receipt with number {id}."), id=number)
    return _slip(session, payment, _reader(session, payment.reader_id))


# -- the cash journal ---------------------------------------------------------------------------

@dataclass(frozen=True)
class JournalLine:
    receipt: str
    at: dt.datetime
    kind: PaymentKind
    cash_in: Decimal
    cash_out: Decimal
    waived: Decimal
    card: str  # masked
    staff: str
    note: str


@dataclass(frozen=True)
class Journal:
    point: str
    day: dt.date
    lines: list[JournalLine]

    @property
    def cash_in(self) -> Decimal:
        return sum((x.cash_in for x in self.lines), ZERO)

    @property
    def cash_out(self) -> Decimal:
        return sum((x.cash_out for x in self.lines), ZERO)

    @property
    def waived(self) -> Decimal:
        return sum((x.waived for x in self.lines), ZERO)

    @property
    def net(self) -> Decimal:
        return self.cash_in - self.cash_out


def cash_journal(session: Session, actor: Actor, point_id: int | None, day: dt.date) -> Journal:
    """A desk's payments and refunds of one day, in order, with the day's totals."""
    require_role(actor, Role.DESK)
    point = session.get(ServicePoint, point_id) if point_id is not None else None
    if point is None:
        raise ValidationError("service_point", N_("Service point: unknown."))
    rows = session.execute(
        select(Payment, Reader.card_number, Staff.display_name).join(Reader, Reader.id == Payment.reader_id)
        .join(Staff, Staff.id == Payment.staff_id)
        .where(and_(Payment.service_point_id == point.id, Payment.local_day == day)).order_by(Payment.id))
    lines = []
    for payment, card, staff in rows:
        amount = payment.amount
        lines.append(JournalLine(payment.receipt, payment.at, payment.kind,
                                 amount if payment.kind in INCOMING else ZERO,
                                 amount if payment.kind in OUTGOING else ZERO,
                                 amount if payment.kind is PaymentKind.FEE_WAIVED else ZERO,
                                 mask_card(card), staff, payment.note))
    return Journal(point.name, day, lines)


JOURNAL_HEADERS = ("收据号", "时间", "类别", "收入", "支出", "减免", "读者证号", "经办人", "备注")


def export_journal_xlsx(session: Session, actor: Actor, point_id: int | None, day: dt.date,
                        path: Path | str) -> Journal:
    """The day's cash journal of a desk as a workbook, amounts as numbers with two decimals
    and the day's totals as formulas-free numbers. Audited."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    journal = cash_journal(session, actor, point_id, day)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "现金日记账"
    sheet.append([neutralise(f"{slip_name(session, point_id)} {journal.point} 现金日记账"), day])
    sheet["B1"].number_format = "yyyy-mm-dd"
    sheet.append(list(JOURNAL_HEADERS))
    for line in journal.lines:
        local = line.at.astimezone(timeutil.LIBRARY_TZ).strftime("%H:%M:%S")
        sheet.append([line.receipt, local, KIND_ZH[line.kind], line.cash_in, line.cash_out, line.waived,
                      line.card, neutralise(line.staff), neutralise(line.note)])
    sheet.append(["合计", None, None, journal.cash_in, journal.cash_out, journal.waived])
    sheet.append(["净额", None, None, journal.net])
    for row in sheet.iter_rows(min_row=3, min_col=4, max_col=6):
        for cell in row:
            cell.number_format = "0.00"
    for cell in (*sheet[1], *sheet[2], *sheet[sheet.max_row - 1], *sheet[sheet.max_row]):
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHI", (18, 10, 8, 10, 10, 10, 14, 10, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    target = Path(path)
    try:
        book.save(target)
    except OSError as err:
        raise ValidationError("path", N_("The file {path} cannot be written: {reason}"), path=str(target),
                              reason=err.strerror or str(err)) from err
    audit.record(session, actor, "export", "cash_journal", point_id,
                 {"day": day.isoformat(), "lines": len(journal.lines), "net": str(journal.net)})
    return journal
