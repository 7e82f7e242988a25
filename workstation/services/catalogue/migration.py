"""Readers and open loans from the old system (Interlib, 汇文, dp2 …): CSV (UTF-8 or GBK)
or XLSX, a column mapping (a preset or the person's own, saved by name), every row checked
like a registration or a loan, and all or nothing: a file with one bad row is refused
whole, with each bad row named (row, column, reason) in the migration report.

Open loans are recorded as the loans the old system made: a ``Loan`` of the lending desk
chosen for the migration, on the day it was lent (so a library switching mid-year still
counts the whole year's loans, each once), marked in ``MigratedLoan``; renewals made in
the old system are kept as the loan's ``renewal_count`` (their dates are not known, so
they are not counted as this program's renewals).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, ValidationError, WorkstationError
from workstation.models import LibrarySetting, Role, ServicePoint, ServicePointKind
from workstation.models.catalogue import BatchKind, ImportBatch, MigratedLoan
from workstation.models.circulation import IdType, Item, ItemStatus, Loan, Reader, ReaderCategory, ReaderStatus
from workstation.services import audit, bulk, safe_files
from workstation.services.circulation import (
    parse_id_type,
    validate_barcode,
    validate_card_number,
    validate_deposit,
    validate_id_number,
    validate_name,
    validate_phone,
    validate_valid_until,
)
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

MAX_ROWS = 200_000
MAX_LISTED = 1_000
READER_TABLE = cast(Table, Reader.__table__)
PRESET_PREFIX = "import_preset."


class Kind(enum.StrEnum):
    READERS = "readers"
    LOANS = "loans"


# the program's fields, in the order a mapping dialog shows them; required ones first
READER_FIELDS = ("card_number", "name", "category", "id_type", "id_number", "phone", "valid_until", "deposit")
READER_REQUIRED = ("card_number", "name", "id_number")
LOAN_FIELDS = ("card_number", "barcode", "lent_on", "due_on", "renewals")
LOAN_REQUIRED = ("card_number", "barcode", "lent_on", "due_on")
FIELDS = {Kind.READERS: READER_FIELDS, Kind.LOANS: LOAN_FIELDS}
REQUIRED = {Kind.READERS: READER_REQUIRED, Kind.LOANS: LOAN_REQUIRED}

# Built-in presets: field -> the column headers it is found under. "standard" is this
# program's own layout (docs/import-formats.md); the others are the headers of the old
# systems' usual exports as libraries describe them; check them against your own file.
PRESETS: dict[Kind, dict[str, dict[str, tuple[str, ...]]]] = {
    Kind.READERS: {
        "standard": {"card_number": ("证号", "读者证号", "card_number"), "name": ("姓名", "name"),
                     "category": ("读者类型", "category"), "id_type": ("证件类型", "id_type"),
                     "id_number": ("证件号码", "身份证号", "id_number"), "phone": ("电话", "手机", "phone"),
                     "valid_until": ("有效期至", "valid_until"), "deposit": ("押金", "deposit")},
        "interlib": {"card_number": ("读者证号", "证号"), "name": ("读者姓名", "姓名"), "category": ("读者类型",),
                     "id_number": ("身份证号", "证件号"), "phone": ("手机号码", "联系电话"),
                     "valid_until": ("终止日期", "有效期"), "deposit": ("押金",)},
        "huiwen": {"card_number": ("证件号", "读者条码"), "name": ("姓名",), "category": ("读者类型",),
                   "id_number": ("身份证号",), "phone": ("手机", "电话"), "valid_until": ("失效日期",),
                   "deposit": ("押金",)},
        "dp2": {"card_number": ("证条码号",), "name": ("姓名",), "category": ("读者类型",),
                "id_number": ("身份证号",), "phone": ("电话",), "valid_until": ("失效期",),
                "deposit": ("押金",)},
    },
    Kind.LOANS: {
        "standard": {"card_number": ("证号", "读者证号", "card_number"), "barcode": ("册条码", "条码", "barcode"),
                     "lent_on": ("借出日期", "借书日期", "lent_on"), "due_on": ("应还日期", "due_on"),
                     "renewals": ("续借次数", "renewals")},
        "interlib": {"card_number": ("读者证号",), "barcode": ("条码号",), "lent_on": ("借书日期",),
                     "due_on": ("应还日期",), "renewals": ("续借次数",)},
        "huiwen": {"card_number": ("证件号", "读者条码"), "barcode": ("条码号",), "lent_on": ("借阅日期",),
                   "due_on": ("应还日期",), "renewals": ("续借次数",)},
        "dp2": {"card_number": ("证条码号",), "barcode": ("册条码号",), "lent_on": ("借阅日期",),
                "due_on": ("应还日期",), "renewals": ("续借次数",)},
    },
}

CATEGORY_ALIASES = {
    "adult": ReaderCategory.ADULT, "成人": ReaderCategory.ADULT, "普通": ReaderCategory.ADULT,
    "普通读者": ReaderCategory.ADULT, "成人读者": ReaderCategory.ADULT,
    "child": ReaderCategory.CHILD, "少儿": ReaderCategory.CHILD, "儿童": ReaderCategory.CHILD,
    "少儿读者": ReaderCategory.CHILD,
    "disabled": ReaderCategory.DISABLED, "残障": ReaderCategory.DISABLED, "残疾人": ReaderCategory.DISABLED,
    "视障": ReaderCategory.DISABLED,
    "other": ReaderCategory.OTHER, "其他": ReaderCategory.OTHER,
}
ID_TYPE_ALIASES = {"身份证": IdType.RESIDENT_ID, "居民身份证": IdType.RESIDENT_ID, "护照": IdType.PASSPORT,
                   "其他": IdType.OTHER}


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    error: WorkstationError


@dataclass
class MigrationResult:
    kind: Kind
    source: str
    rows: int = 0
    added: int = 0
    batch_id: int | None = None
    came_in: list[tuple[int, str, str]] = field(default_factory=list)  # row, card, what
    problems: list[RowProblem] = field(default_factory=list)
    unlisted: int = 0
    _bad: set[int] = field(default_factory=set)

    def add(self, problem: RowProblem) -> None:
        self._bad.add(problem.row)
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)
        else:
            self.unlisted += 1

    @property
    def bad_rows(self) -> list[int]:
        return sorted(self._bad)


class MigrationRefused(ValidationError):
    """Rows with problems: nothing was imported (the result lists them)."""

    def __init__(self, result: MigrationResult) -> None:
        first = result.problems[0]
        super().__init__("file", N_("File: {n} rows have problems (first: row {row}, {column}: {reason}). "
                                    "Nothing was imported; see the migration report."),
                         n=len(result.bad_rows), row=first.row, column=first.column, reason=first.error.english())
        self.result = result


# -- the file and its columns ---------------------------------------------------------------

def _checked(path: Path | str) -> tuple[Path, str]:
    path = Path(path)
    if not path.is_file():
        raise ValidationError("file", N_("File: {path} does not exist."), path=str(path))
    if path.suffix.lower() not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise ValidationError("file", N_("File: choose a .csv or .xlsx file."))
    return path, safe_files.check_import_file(path)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_header(path: Path | str) -> list[str]:
    """The column names of the file's first row (for the mapping step)."""
    path, kind = _checked(path)
    with safe_files.table_rows(path, kind, max_rows=MAX_ROWS, delimiter=",") as table:
        for _number, cells in table():
            return [clean_text(_text(c)) for c in cells]
    raise ValidationError("file", N_("File: it is empty."))


def _norm(header: str) -> str:
    return clean_text(header).lower().replace(" ", "")


def mapping_from_preset(kind: Kind | str, preset: str, header: list[str]) -> dict[str, str]:
    """field -> the header of the file's column, by a built-in preset or a saved one."""
    kind = Kind(kind)
    names = PRESETS[kind].get(preset)
    if names is None:
        raise ValidationError("preset", N_("Column preset: no preset called {name}."), name=preset)
    found = {_norm(h): h for h in header if h}
    out = {}
    for name, candidates in names.items():
        for c in candidates:
            if _norm(c) in found:
                out[name] = found[_norm(c)]
                break
    return out


def saved_presets(session: Session, kind: Kind | str) -> dict[str, dict[str, str]]:
    prefix = f"{PRESET_PREFIX}{Kind(kind).value}."
    rows = session.scalars(select(LibrarySetting).where(LibrarySetting.key.startswith(prefix)))
    return {r.key.removeprefix(prefix): json.loads(r.value) for r in rows}


def save_preset(session: Session, actor: Actor, kind: Kind | str, name: str, mapping: dict[str, str]) -> None:
    """Keep a column mapping under a name, for the next file of the same layout."""
    require_role(actor, Role.DESK)
    kind = Kind(kind)
    name = clean_text(name)
    if not name or len(name) > 30:
        raise ValidationError("preset", N_("Preset name: 1 to 30 characters."))
    unknown = [f for f in mapping if f not in FIELDS[kind]]
    if unknown:
        raise ValidationError("preset", N_("Column preset: unknown fields {fields}."), fields=", ".join(unknown))
    value = json.dumps(mapping, ensure_ascii=False)
    if len(value) > 500:
        raise ValidationError("preset", N_("Column preset: the column names are too long to keep."))
    key = f"{PRESET_PREFIX}{kind.value}.{name}"
    row = session.get(LibrarySetting, key)
    if row is None:
        session.add(LibrarySetting(key=key, value=value))
    else:
        row.value = value
    audit.record(session, actor, "update", "import_preset", None, {"kind": kind.value, "name": name})


def _rows(path: Path, kind: str, mapping: dict[str, str], fields: tuple[str, ...], required: tuple[str, ...]
          ) -> Iterator[tuple[int, dict[str, str]]]:
    missing = [f for f in required if not mapping.get(f)]
    if missing:
        raise ValidationError("mapping", N_("Columns: choose the column for {fields}."), fields=", ".join(missing))
    with safe_files.table_rows(path, kind, max_rows=MAX_ROWS, delimiter=",") as table:
        rows = table()
        first = next(rows, None)
        if first is None:
            raise ValidationError("file", N_("File: it is empty."))
        header = [clean_text(_text(c)) for c in first[1]]
        index: dict[str, int] = {}
        for name, column in mapping.items():
            if name not in fields or not column:
                continue
            if column not in header:
                raise ValidationError("mapping", N_("Columns: the file has no column {column}."), column=column)
            index[name] = header.index(column)
        for number, cells in rows:
            values = {name: _text(cells[i]).strip() if i < len(cells) else "" for name, i in index.items()}
            if any(values.values()):
                yield number, values


_DATE = re.compile(r"(\d{4})\D?(\d{1,2})\D?(\d{1,2})")


def parse_date(value: str, column: str) -> dt.date:
    """2019-03-01, 2019/3/1, 20190301, 2019年3月1日 (a time after it is ignored)."""
    match = _DATE.match(value.strip())
    try:
        if match is None:
            raise ValueError(value)
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise ValidationError(column, N_("{column}: {value} is not a date such as 2019-03-01."), column=column,
                              value=value) from None


# -- readers ------------------------------------------------------------------------------

def _category(value: str) -> ReaderCategory:
    found = CATEGORY_ALIASES.get(_norm(value or "adult"))
    if found is None:
        raise ValidationError("category", N_("Reader category: {value} is not one of {names}."), value=value,
                              names="成人 adult, 少儿 child, 残障 disabled, 其他 other")
    return found


def _id_type(value: str, number: str) -> IdType:
    if not value:
        return IdType.RESIDENT_ID if len(number.strip()) == 18 else IdType.OTHER
    return ID_TYPE_ALIASES.get(_norm(value)) or parse_id_type(value)


def _check_reader(values: dict[str, str], today: dt.date) -> dict[str, Any]:
    """Every check of a registration; raises a list of errors through ``errors``."""
    out: dict[str, Any] = {}
    errors: list[ValidationError] = []

    def check(name: str, fn: Callable[[], Any]) -> None:
        try:
            out[name] = fn()
        except ValidationError as err:
            errors.append(err)

    check("card_number", lambda: validate_card_number(values.get("card_number", "")))
    check("name", lambda: validate_name(values.get("name", "")))
    check("category", lambda: _category(values.get("category", "")))
    check("id_type", lambda: _id_type(values.get("id_type", ""), values.get("id_number", "")))
    if "id_type" in out:
        check("id_number", lambda: validate_id_number(out["id_type"], values.get("id_number", "")))
    check("phone", lambda: validate_phone(values.get("phone", "")))
    check("valid_until", lambda: validate_valid_until(
        parse_date(values["valid_until"], "valid_until") if values.get("valid_until") else None, today))
    check("deposit", lambda: validate_deposit(values.get("deposit", "") or "0"))
    if errors:
        raise _RowErrors(errors)
    return out


class _RowErrors(Exception):
    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__(errors)
        self.errors = errors


def _point(session: Session, point_id: int | None, actor: Actor) -> ServicePoint:
    pid = point_id if point_id is not None else actor.service_point_id
    point = session.get(ServicePoint, pid) if pid is not None else None
    if point is None or point.kind not in (ServicePointKind.LENDING_DESK, ServicePointKind.BOOKMOBILE):
        raise ValidationError("service_point", N_("Desk: choose the lending desk the old system's loans and "
                                                  "readers belong to."))
    return point


def _existing(session: Session, column: Any, values: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(values), 1000):
        found.update(session.scalars(select(column).where(column.in_(values[start:start + 1000]))))
    return found


def import_readers(session: Session, actor: Actor, path: Path | str, mapping: dict[str, str], *,
                   service_point_id: int | None = None, today: dt.date | None = None,
                   progress: Callable[[int, int], None] | None = None) -> MigrationResult:
    """All the readers of the file, or none (see the module's text)."""
    require_role(actor, Role.DESK)
    file, kind = _checked(path)
    point = _point(session, service_point_id, actor)
    today = today or timeutil.today()
    result = MigrationResult(Kind.READERS, file.name)
    good: list[tuple[int, dict[str, Any]]] = []
    cards: dict[str, int] = {}
    ids: dict[str, int] = {}
    with bulk.collector_paused():
        for number, values in _rows(file, kind, mapping, READER_FIELDS, READER_REQUIRED):
            result.rows += 1
            try:
                reader = _check_reader(values, today)
            except _RowErrors as bad:
                for err in bad.errors:
                    result.add(RowProblem(number, err.field, err))
                continue
            card, idn = reader["card_number"], reader["id_number"]
            if card in cards:
                result.add(RowProblem(number, "card_number", ValidationError(
                    "card_number", N_("Card number: {card} appears again (first in row {row})."), card=card,
                    row=cards[card])))
                continue
            if idn in ids:
                result.add(RowProblem(number, "id_number", ValidationError(
                    "id_number", N_("ID number: appears again (first in row {row})."), row=ids[idn])))
                continue
            cards[card], ids[idn] = number, number
            good.append((number, reader))
        if result.rows == 0:
            raise ValidationError("file", N_("File: no rows to import."))
        taken_cards = _existing(session, Reader.card_number, list(cards))
        taken_ids = _existing(session, Reader.id_number, list(ids))
        for number, reader in good:
            if reader["card_number"] in taken_cards:
                result.add(RowProblem(number, "card_number", ValidationError(
                    "card_number", N_("Card number: {card} is already registered."), card=reader["card_number"])))
            if reader["id_number"] in taken_ids:
                result.add(RowProblem(number, "id_number", ValidationError(
                    "id_number", N_("ID number: a reader with this ID number is already registered."))))
        if result.problems:
            result.problems.sort(key=lambda p: p.row)
            raise MigrationRefused(result)
        batch = _batch(session, actor, BatchKind.READERS, file.name, point.id, len(good))
        now = timeutil.now_utc()
        columns = ("card_number", "name", "category", "id_type", "id_number", "phone", "valid_until", "deposit")
        rows = [tuple(r[c] for c in columns) for _, r in good]
        connection = session.connection()
        for start in range(0, len(rows), 1000):
            result.added += bulk.insert_rows(connection, READER_TABLE, columns, rows[start:start + 1000], {
                "registered_point_id": point.id, "registered_at": now, "status": ReaderStatus.ACTIVE})
            if progress is not None:
                progress(result.added, len(rows))
    result.batch_id = batch.id
    result.came_in = [(n, r["card_number"], r["name"]) for n, r in good[:MAX_LISTED]]
    audit.record(session, actor, "import", "reader", None, {"source": file.name, "batch": batch.id,
                                                            "added": result.added, "service_point": point.id})
    return result


def _batch(session: Session, actor: Actor, kind: BatchKind, source: str, point_id: int, rows: int) -> ImportBatch:
    batch = ImportBatch(kind=kind, source=source[:300], service_point_id=point_id, staff_id=actor.staff_id,
                        rows=rows, created_at=timeutil.now_utc())
    session.add(batch)
    session.flush()
    return batch


# -- open loans ---------------------------------------------------------------------------

def _check_loan(values: dict[str, str], today: dt.date) -> dict[str, Any]:
    out: dict[str, Any] = {}
    errors: list[ValidationError] = []

    def check(name: str, fn: Callable[[], Any]) -> None:
        try:
            out[name] = fn()
        except ValidationError as err:
            errors.append(err)

    check("card_number", lambda: validate_card_number(values.get("card_number", "")))
    check("barcode", lambda: validate_barcode(values.get("barcode", "")))
    check("lent_on", lambda: parse_date(values.get("lent_on", ""), "lent_on"))
    check("due_on", lambda: parse_date(values.get("due_on", ""), "due_on"))
    check("renewals", lambda: _renewals(values.get("renewals", "")))
    if "lent_on" in out and out["lent_on"] > today:
        errors.append(ValidationError("lent_on", N_("Lent on: {day} is after today."), day=out["lent_on"]))
    if "lent_on" in out and "due_on" in out and out["due_on"] < out["lent_on"]:
        errors.append(ValidationError("due_on", N_("Due on: before the day it was lent.")))
    if errors:
        raise _RowErrors(errors)
    return out


def _renewals(value: str) -> int:
    value = value.strip() or "0"
    if not value.isdigit() or int(value) > 99:
        raise ValidationError("renewals", N_("Renewals: a whole number from 0 to 99."))
    return int(value)


def import_loans(session: Session, actor: Actor, path: Path | str, mapping: dict[str, str], *,
                 service_point_id: int | None = None, today: dt.date | None = None,
                 progress: Callable[[int, int], None] | None = None) -> MigrationResult:
    """All the open loans of the file, or none (see the module's text)."""
    require_role(actor, Role.DESK)
    file, kind = _checked(path)
    point = _point(session, service_point_id, actor)
    today = today or timeutil.today()
    result = MigrationResult(Kind.LOANS, file.name)
    good: list[tuple[int, dict[str, Any]]] = []
    barcodes: dict[str, int] = {}
    with bulk.collector_paused():
        for number, values in _rows(file, kind, mapping, LOAN_FIELDS, LOAN_REQUIRED):
            result.rows += 1
            try:
                loan = _check_loan(values, today)
            except _RowErrors as bad:
                for err in bad.errors:
                    result.add(RowProblem(number, err.field, err))
                continue
            if loan["barcode"] in barcodes:
                result.add(RowProblem(number, "barcode", ValidationError(
                    "barcode", N_("Barcode: {barcode} appears again (first in row {row})."),
                    barcode=loan["barcode"], row=barcodes[loan["barcode"]])))
                continue
            barcodes[loan["barcode"]] = number
            good.append((number, loan))
        if result.rows == 0:
            raise ValidationError("file", N_("File: no rows to import."))
        readers = _ids_by(session, Reader.card_number, Reader.id, [r["card_number"] for _, r in good])
        items = _ids_by(session, Item.barcode, Item.id, [r["barcode"] for _, r in good])
        item_ids = list(items.values())
        open_items: set[int] = set()
        for start in range(0, len(item_ids), 1000):
            open_items.update(session.scalars(select(Loan.item_id).where(
                Loan.item_id.in_(item_ids[start:start + 1000]), Loan.returned_at.is_(None))))
        for number, loan in good:
            if loan["card_number"] not in readers:
                result.add(RowProblem(number, "card_number", ValidationError(
                    "card_number", N_("Card number: no reader with card {card}; import the readers first."),
                    card=loan["card_number"])))
            item = items.get(loan["barcode"])
            if item is None:
                result.add(RowProblem(number, "barcode", ValidationError(
                    "barcode", N_("Barcode: no item {barcode} in the catalogue; import the catalogue first."),
                    barcode=loan["barcode"])))
            elif item in open_items:
                result.add(RowProblem(number, "barcode", ValidationError(
                    "barcode", N_("Barcode: {barcode} is already on loan."), barcode=loan["barcode"])))
        if result.problems:
            result.problems.sort(key=lambda p: p.row)
            raise MigrationRefused(result)
        batch = _batch(session, actor, BatchKind.LOANS, file.name, point.id, len(good))
        rows = []
        for _, loan in good:
            lent = timeutil.at_local(loan["lent_on"], 12)
            rows.append({"item_id": items[loan["barcode"]], "reader_id": readers[loan["card_number"]],
                         "service_point_id": point.id, "staff_id": actor.staff_id, "lent_at": lent,
                         "local_day": loan["lent_on"], "due_date": loan["due_on"],
                         "renewal_count": loan["renewals"]})
        for start in range(0, len(rows), 1000):
            part = rows[start:start + 1000]
            ids = session.execute(insert(Loan).returning(Loan.id, sort_by_parameter_order=True), part).scalars().all()
            session.execute(insert(MigratedLoan), [
                {"loan_id": lid, "batch_id": batch.id, "old_renewals": row["renewal_count"]}
                for lid, row in zip(ids, part, strict=True)])
            session.execute(update(Item).where(Item.id.in_([r["item_id"] for r in part]))
                            .values(status=ItemStatus.ON_LOAN), execution_options={"synchronize_session": False})
            result.added += len(part)
            if progress is not None:
                progress(result.added, len(rows))
    result.batch_id = batch.id
    result.came_in = [(n, r["card_number"], r["barcode"]) for n, r in good[:MAX_LISTED]]
    audit.record(session, actor, "import", "loan", None, {"source": file.name, "batch": batch.id,
                                                          "added": result.added, "service_point": point.id})
    return result


def _ids_by(session: Session, key: Any, ident: Any, values: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    unique = sorted(set(values))
    for start in range(0, len(unique), 1000):
        out.update({k: i for k, i in session.execute(select(key, ident).where(key.in_(unique[start:start + 1000])))})
    return out


# -- the migration report -----------------------------------------------------------------

def write_report(result: MigrationResult, path: Path | str,
                 translate: Callable[[WorkstationError], str] | None = None) -> Path:
    """What came in and what did not, as a workbook."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    summary = book.create_sheet("概要 Summary")
    what = "读者 readers" if result.kind is Kind.READERS else "在借 open loans"
    summary.append(["导入 Import", what])
    summary.append(["文件 File", safe_files.neutralise(result.source)])
    summary.append(["行数 Rows", result.rows])
    summary.append(["已导入 Came in", result.added])
    summary.append(["有问题的行 Rows with problems", len(result.bad_rows)])
    came = book.create_sheet("已导入 Came in")
    came.append(["行 Row", "证号 Card", "姓名或条码 Name or barcode"])
    for row, card, other in result.came_in:
        came.append([row, safe_files.neutralise(card), safe_files.neutralise(other)])
    bad = book.create_sheet("未导入 Not imported")
    bad.append(["行 Row", "列 Column", "原因 Reason"])
    for p in result.problems:
        reason = translate(p.error) if translate is not None else p.error.english()
        bad.append([p.row, p.column, safe_files.neutralise(reason)])
    out = Path(path)
    part = out.with_name(out.name + ".part")
    book.save(part)
    part.replace(out)
    return out

