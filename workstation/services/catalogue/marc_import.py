"""Importing a MARC file (ISO 2709 or MARCXML, CNMARC or MARC21) as records and copies.

``preview_marc`` checks the whole file's structure (``marc.scan``: a bad file is refused
naming the record, before anything is written) and shows the first records with what the
field maps take from them. ``import_marc`` then reads the records in chunks, in the one
transaction of the action: records with a blocking problem (no title, a bad or repeated
barcode, a duplicate when duplicates are to be reported) stop the whole import unless the
person chose to import the good records only; either way the problem list names each
record (number, tag, reason) and can be saved as a workbook (``write_problems``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, Conflict, ValidationError, WorkstationError
from workstation.models import Role, ServicePoint
from workstation.models.catalogue import BibRecord, MarcFormat
from workstation.models.circulation import CollectionType, Item, ItemStatus
from workstation.services import audit, bulk, safe_files
from workstation.services.catalogue import marc
from workstation.services.circulation import (
    parse_collection_type,
    validate_barcode,
    validate_call_number,
    validate_isbn,
)
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

CHUNK = 2_000
PREVIEW_RECORDS = 20
MAX_LISTED = 1_000
ITEM_TABLE = cast(Table, Item.__table__)
RECORD_TABLE = cast(Table, BibRecord.__table__)
RECORD_COLUMNS = ("id", "control_number", "marc_format", "marc", "title", "responsibility", "isbn", "price",
                  "price_text", "publisher", "place", "pub_year", "clc_class", "call_number", "pinyin")
ITEM_COLUMNS = ("barcode", "title", "author", "isbn", "call_number", "clc_class", "record_id")


class Duplicates(enum.StrEnum):
    MERGE = "merge"  # the copies join the record already there; copies whose barcode is there are left out
    SKIP = "skip"  # a record already there (same ISBN and title) is left out with its copies
    REPORT = "report"  # any duplicate stops the import, listed


@dataclass(frozen=True)
class Problem:
    record: int
    tag: str
    reason: str  # English; the UI translates ``error`` when it has one
    blocking: bool
    error: WorkstationError | None = None


@dataclass
class PreviewRecord:
    number: int
    fields: marc.Extracted


@dataclass
class MarcPreview:
    path: Path
    info: marc.FileInfo
    first: list[PreviewRecord]


@dataclass
class MarcImportResult:
    info: marc.FileInfo
    records_added: int = 0
    records_merged: int = 0
    records_skipped: int = 0
    items_added: int = 0
    problems: list[Problem] = field(default_factory=list)
    unlisted: int = 0
    next_id: int = 0  # the id the next new record gets (ids are given here, so records go in by bulk)

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_LISTED:
            self.problems.append(problem)
        else:
            self.unlisted += 1

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]


class MarcImportRefused(ValidationError):
    """Records with blocking problems and no choice to import the good ones: nothing written."""

    def __init__(self, result: MarcImportResult) -> None:
        first = result.blocking[0]
        super().__init__("file", N_("Import: {n} records cannot be imported (first: record {record}, {tag}: "
                                    "{reason}). Nothing was imported; save the problem list, or choose to "
                                    "import the good records only."),
                         n=len({p.record for p in result.blocking}), record=first.record, tag=first.tag,
                         reason=first.reason)
        self.result = result


def _problem(result: MarcImportResult, number: int, tag: str, error: WorkstationError, blocking: bool) -> None:
    result.add(Problem(number, tag, error.english(), blocking, error))


def preview_marc(session: Session, actor: Actor, path: Path | str, fmt: str = "auto", encoding: str = "auto",
                 limit: int = PREVIEW_RECORDS) -> MarcPreview:
    """The file checked whole; its format, encoding, record count and first records."""
    require_role(actor, Role.DESK)
    path = _checked_path(path)
    info = marc.scan(path, fmt, encoding)
    first = []
    for number, record in marc.records(path, info):
        first.append(PreviewRecord(number, marc.extract(record, info.format)))
        if len(first) >= limit:
            break
    return MarcPreview(path, info, first)


def _checked_path(path: Path | str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise ValidationError("file", N_("File: {path} does not exist."), path=str(path))
    return path


@dataclass
class _Prepared:
    number: int
    values: dict[str, Any]
    copies: list[tuple[str, str, str]]  # barcode, call number, clc
    key: tuple[str, str] | None  # (isbn, title) when there is an ISBN


def _isbn(value: str) -> str | None:
    """A clean ISBN-13 checked here (most records carry one), anything else by the
    catalogue's own check (hyphens, ISBN-10, the prefix "ISBN")."""
    if len(value) == 13 and value.isdigit() and value[:3] in ("978", "979"):
        total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(value[:12]))
        if (10 - total % 10) % 10 == int(value[12]):
            return value
    return validate_isbn(value)


def _truncate(value: str, n: int) -> str:
    return clean_text(value)[:n]


def _prepare(number: int, record: marc.MarcRecord, fmt: str, result: MarcImportResult) -> _Prepared | None:
    x = marc.extract(record, fmt)
    title_tag, isbn_tag, hold_tag = ("200", "010", "905") if fmt == "cnmarc" else ("245", "020", "852")
    ok = True
    title = _truncate(x.title, 300)
    if not title:
        _problem(result, number, title_tag, ValidationError("title", N_("Title: must not be empty.")), True)
        ok = False
    isbn: str | None = None
    if x.isbn:
        try:
            isbn = _isbn(x.isbn)
        except ValidationError as err:  # kept in the MARC; the record comes in without it
            _problem(result, number, isbn_tag, err, False)
    if x.price_text and x.price is None:
        _problem(result, number, isbn_tag, ValidationError("price", N_("Price: no amount in {price}."),
                                                           price=x.price_text), False)
    copies: list[tuple[str, str, str]] = []
    for copy in x.copies:
        try:
            code = validate_barcode(copy.barcode)
        except ValidationError as err:
            _problem(result, number, hold_tag, err, True)
            ok = False
            continue
        try:
            call, clc = validate_call_number(copy.call_number)
        except ValidationError as err:
            _problem(result, number, hold_tag, err, False)
            call, clc = _truncate(copy.call_number, 60), ""
        copies.append((code, call, clc))
    if not ok:
        return None
    values = {
        "control_number": _truncate(x.control_number, 40), "marc_format": MarcFormat(fmt),
        "marc": record.as_json(without=marc.HOLDINGS_TAGS[fmt]), "title": title,
        "responsibility": _truncate(x.responsibility, 300), "isbn": isbn,
        "price": x.price if x.price is not None and x.price < Decimal("1e10") else None,
        "price_text": _truncate(x.price_text, 60), "publisher": _truncate(x.publisher, 200),
        "place": _truncate(x.place, 100), "pub_year": _truncate(x.pub_year, 20),
        "clc_class": _truncate(x.clc_class, 20), "call_number": _truncate(x.call_number, 60),
        "pinyin": _truncate(x.pinyin, 300),
    }
    return _Prepared(number, values, copies, (isbn, title) if isbn else None)


def _chunks(records: Iterator[tuple[int, marc.MarcRecord]], size: int) -> Iterator[list[tuple[int, marc.MarcRecord]]]:
    chunk: list[tuple[int, marc.MarcRecord]] = []
    for pair in records:
        chunk.append(pair)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def import_marc(session: Session, actor: Actor, path: Path | str, *, fmt: str = "auto", encoding: str = "auto",
                duplicates: Duplicates | str = Duplicates.MERGE, good_only: bool = False,
                home_point_id: int | None = None, collection_type: CollectionType | str = CollectionType.BOOK,
                progress: Callable[[int, int], None] | None = None) -> MarcImportResult:
    """Import every record of the file in this transaction (see the module's text)."""
    require_role(actor, Role.DESK)
    path = _checked_path(path)
    policy = Duplicates(duplicates)
    kind = parse_collection_type(collection_type)
    if home_point_id is not None and session.get(ServicePoint, home_point_id) is None:
        raise ValidationError("home_point", N_("Home service point: unknown."))
    info = marc.scan(path, fmt, encoding)
    result = MarcImportResult(info)
    seen_barcodes: dict[str, int] = {}
    seen_keys: dict[tuple[str, str], int] = {}  # (isbn, title) -> record id in this import
    now = timeutil.now_utc()
    connection = session.connection()
    with bulk.collector_paused():
        try:
            for chunk in _chunks(marc.records(path, info), CHUNK):
                prepared = [p for n, r in chunk if (p := _prepare(n, r, info.format, result)) is not None]
                _import_chunk(session, connection, prepared, policy, result, seen_barcodes, seen_keys, now,
                              kind, home_point_id)
                if progress is not None:
                    progress(chunk[-1][0], info.records)
        except IntegrityError:
            raise Conflict(N_("Import: another desk added some of these barcodes meanwhile; import the file "
                              "again. Nothing was imported.")) from None
    if result.blocking and not good_only:
        raise MarcImportRefused(result)
    if result.records_added:
        _move_sequence(session)
    if result.records_added + result.records_merged == 0:
        raise ValidationError("file", N_("Import: no record of the file could be imported. Nothing was imported."))
    audit.record(session, actor, "import", "bib_record", None, {
        "source": path.name, "format": info.format, "encoding": info.encoding, "records": info.records,
        "added": result.records_added, "merged": result.records_merged, "skipped": result.records_skipped,
        "items_added": result.items_added, "duplicates": policy.value,
        "records_left_out": sorted({p.record for p in result.blocking})[:MAX_LISTED]})
    return result


def _existing_records(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    if not keys:
        return {}
    found: dict[tuple[str, str], int] = {}
    # by ISBN alone, through its index, the titles compared here: a (isbn, title) tuple IN
    # is not served by the index on SQLite and scanned every record once per query
    isbns = sorted({isbn for isbn, _ in keys})
    for start in range(0, len(isbns), 500):
        part = isbns[start:start + 500]
        rows = session.execute(select(BibRecord.isbn, BibRecord.title, BibRecord.id)
                               .where(BibRecord.isbn.in_(part)).order_by(BibRecord.id))
        for isbn, title, rid in rows:
            if (str(isbn), title) in keys:
                found.setdefault((str(isbn), title), rid)
    return found


def _next_id(session: Session, result: MarcImportResult) -> int:
    if not result.next_id:
        result.next_id = (session.scalar(select(func.max(BibRecord.id))) or 0) + 1
    return result.next_id


def _move_sequence(session: Session) -> None:
    """PostgreSQL: the ids given by the import are past the sequence; move it after them."""
    bind = session.connection()
    if bind.dialect.name == "postgresql":
        bind.execute(text("SELECT setval(pg_get_serial_sequence('bib_record', 'id'), "
                          "(SELECT max(id) FROM bib_record))"))


def _import_chunk(session: Session, connection: Any, prepared: list[_Prepared], policy: Duplicates,
                  result: MarcImportResult, seen_barcodes: dict[str, int], seen_keys: dict[tuple[str, str], int],
                  now: Any, kind: CollectionType, home_point_id: int | None) -> None:
    codes = [c[0] for p in prepared for c in p.copies]
    existing_codes: set[str] = set()
    for start in range(0, len(codes), 1000):
        existing_codes.update(session.scalars(select(Item.barcode).where(Item.barcode.in_(codes[start:start + 1000]))))
    existing = _existing_records(session, {p.key for p in prepared if p.key is not None and p.key not in seen_keys})
    new: list[_Prepared] = []
    targets: list[tuple[_Prepared, int | None]] = []  # record and the record id its copies join (None: new)
    for p in prepared:
        copies = []
        bad = False
        for code, call, clc in p.copies:
            if code in seen_barcodes:
                _problem(result, p.number, "holdings", ValidationError(
                    "barcode", N_("Barcode: {barcode} appears again (first in record {record})."),
                    barcode=code, record=seen_barcodes[code]), True)
                bad = True
            elif code in existing_codes:
                err = ValidationError("barcode", N_("Barcode: {barcode} is already in the catalogue."), barcode=code)
                _problem(result, p.number, "holdings", err, policy is Duplicates.REPORT)
                bad = bad or policy is Duplicates.REPORT
            else:
                copies.append((code, call, clc))
        if bad:
            continue
        for code, _, _ in copies:
            seen_barcodes[code] = p.number
        p.copies = copies
        there = None
        if p.key is not None:
            there = seen_keys.get(p.key) or existing.get(p.key)
        if there is not None:
            err = ValidationError("record", N_("Record: {title} (ISBN {isbn}) is already in the catalogue."),
                                  title=p.key[1] if p.key else "", isbn=p.key[0] if p.key else "")
            if policy is Duplicates.REPORT:
                _problem(result, p.number, "001", err, True)
                continue
            if policy is Duplicates.SKIP:
                _problem(result, p.number, "001", err, False)
                result.records_skipped += 1
                continue
            result.records_merged += 1
            targets.append((p, there))
        else:
            new.append(p)
            targets.append((p, None))
    if new:
        first = _next_id(session, result)
        rows = []
        for offset, p in enumerate(new):
            rid = p.values["id"] = first + offset
            if p.key is not None:
                seen_keys[p.key] = rid
            rows.append(tuple(p.values[c] for c in RECORD_COLUMNS))
        bulk.insert_rows(connection, RECORD_TABLE, RECORD_COLUMNS, rows, {"created_at": now, "updated_at": now})
        result.next_id = first + len(new)
        result.records_added += len(new)
    items: list[tuple[Any, ...]] = []
    for p, there in targets:
        rid = there if there is not None else p.values["id"]
        v = p.values
        author = v["responsibility"][:200]
        for code, call, clc in p.copies:
            items.append((code, v["title"], author, v["isbn"], call or v["call_number"], clc or v["clc_class"], rid))
    if items:
        result.items_added += bulk.insert_rows(connection, ITEM_TABLE, ITEM_COLUMNS, items, {
            "status": ItemStatus.AVAILABLE, "created_at": now, "collection_type": kind,
            "home_point_id": home_point_id})


def write_problems(result_or_problems: MarcImportResult | list[Problem], path: Path | str,
                   translate: Callable[[WorkstationError], str] | None = None) -> Path:
    """The problem list as a workbook: record number, tag, reason, whether it was left out."""
    from openpyxl import Workbook

    problems = result_or_problems.problems if isinstance(result_or_problems, MarcImportResult) \
        else result_or_problems
    book = Workbook(write_only=True)
    sheet = book.create_sheet("问题 Problems")
    sheet.append(["记录号 Record", "字段 Tag", "原因 Reason", "未导入 Left out"])
    for p in problems:
        reason = translate(p.error) if translate is not None and p.error is not None else p.reason
        sheet.append([p.record, p.tag, safe_files.neutralise(reason), "是 yes" if p.blocking else "否 no"])
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    book.save(tmp)
    tmp.replace(path)
    return path

