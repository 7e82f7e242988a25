"""Importing items from a CSV or XLSX catalogue file (headers in Chinese or English).

Two steps: ``read_catalogue`` checks every row and reports each bad one; ``import_catalogue``
then inserts in one transaction: everything, or (if the user chooses) the good rows only.
Nothing is half-imported: a failure rolls the whole file back. The columns are documented
in docs/import/circulation.md.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, Conflict, ValidationError, WorkstationError
from workstation.models import Role, ServicePoint
from workstation.models.circulation import CollectionType, Item, ItemStatus
from workstation.services import audit, bulk, safe_files
from workstation.services.circulation import items
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

MAX_ROWS = 200_000
MAX_LISTED_ERRORS = 1_000
ITEM_TABLE = cast(Table, Item.__table__)
CHUNK = 1_000

# header (lower-cased, spaces removed) -> field
HEADERS = {
    "barcode": "barcode", "条码": "barcode", "条码号": "barcode", "册条码": "barcode",
    "title": "title", "题名": "title", "书名": "title",
    "author": "author", "责任者": "author", "作者": "author",
    "isbn": "isbn",
    "call_number": "call_number", "callnumber": "call_number", "索书号": "call_number",
    "collection_type": "collection_type", "type": "collection_type", "文献类型": "collection_type",
    "home_point": "home_point", "馆藏地": "home_point", "馆藏地点": "home_point",
}
REQUIRED = ("barcode", "title")


@dataclass(frozen=True)
class RowError:
    row: int  # as the user sees it in the spreadsheet: the header is row 1
    field: str
    error: WorkstationError


@dataclass
class CataloguePreview:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # good rows, cleaned
    # the first MAX_LISTED_ERRORS problems; a file of 200,000 bad rows would otherwise hold
    # a million error objects (the rows with problems are all counted in ``bad_rows``)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0
    unlisted_errors: int = 0
    _bad: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self._bad

    @property
    def bad_rows(self) -> list[int]:
        return sorted(self._bad)

    def add_error(self, error: RowError) -> None:
        self._bad.add(error.row)
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(error)
        else:
            self.unlisted_errors += 1


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _checked_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise ValidationError("file", N_("File: choose a .csv or .xlsx file."))
    # sniffed, measured and scanned before parsing: no zip bomb, entity payload or formula
    return safe_files.check_import_file(path)


def _as_text(rows: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text), empty rows skipped (see ``safe_files``)."""
    for number, values in rows:
        yield number, [_text(v) for v in values]


def _header(cells: list[str]) -> list[str | None]:
    fields = [HEADERS.get(clean_text(c).lower().replace(" ", "")) for c in cells]
    missing = [f for f in REQUIRED if f not in fields]
    if missing:
        raise ValidationError("file", N_("File: the first row must name the columns; missing: {columns}. "
                                          "See the import format."), columns=", ".join(missing))
    return fields


def read_catalogue(session: Session, actor: Actor, path: Path | str) -> CataloguePreview:
    """Read and check every row; nothing is written."""
    require_role(actor, Role.DESK)
    with bulk.collector_paused():
        return _read_catalogue(session, Path(path))


def _read_catalogue(session: Session, path: Path) -> CataloguePreview:
    if not path.is_file():
        raise ValidationError("file", N_("File: {path} does not exist."), path=str(path))
    kind = _checked_kind(path)
    with safe_files.table_rows(path, kind, max_rows=MAX_ROWS, delimiter=",") as table:
        # read once without keeping anything: a file past the row limit, or with a row that
        # cannot be read, is refused in a second, before 200,000 rows are checked
        if sum(1 for _ in table()) == 0:
            raise ValidationError("file", N_("File: it is empty."))
        # a CSV's cells are text already; a workbook's numbers and dates become text
        return _check_rows(session, table() if kind == "text" else _as_text(table()))


def _check_rows(session: Session, rows: Iterator[tuple[int, list[str]]]) -> CataloguePreview:
    first = next(rows, None)
    if first is None:  # pragma: no cover - the file changed between the two readings
        raise ValidationError("file", N_("File: it is empty."))
    fields = _header(first[1])
    points = {name: pid for pid, name in session.execute(select(ServicePoint.id, ServicePoint.name))}
    preview = CataloguePreview()
    seen: dict[str, int] = {}
    for number, cells in rows:
        if not "".join(cells).strip():
            continue
        preview.total += 1
        # a short row's missing cells are empty (every check reads with a default of ""), a
        # long row's extra cells are ignored
        raw = dict(zip(fields, cells, strict=False))
        cleaned = _check_row(raw, points, number, preview)
        if cleaned is None:
            if preview.total >= MAX_LISTED_ERRORS and not preview.rows:
                # a thousand rows and not one good: the wrong file or the wrong columns, not
                # a thousand things to fix; stop rather than check 200,000 rows
                raise ValidationError("file", N_("File: none of its first {n} rows can be imported (row {row}: "
                                                  "{problem}); is this the right file? Nothing was imported."),
                                      n=preview.total, row=preview.errors[0].row,
                                      problem=preview.errors[0].error.english())
            continue
        code = cleaned["barcode"]
        if code in seen:
            preview.add_error(RowError(number, "barcode", ValidationError(
                "barcode", N_("Barcode: {barcode} appears again (first in row {row})."), barcode=code,
                row=seen[code])))
            continue
        seen[code] = number
        preview.rows.append((number, cleaned))
    _check_existing(session, preview)
    return preview


@functools.lru_cache(maxsize=64)  # a file spells its few types over and over
def _collection_type(value: str) -> CollectionType:
    return items.parse_collection_type(value or "book")


# (field, check of the cell's text); every check runs, so a row reports all its errors at once
_CHECKS: tuple[tuple[str, Callable[[str], Any]], ...] = (
    ("barcode", items.validate_barcode),
    ("title", items.validate_title),
    ("author", items.validate_author),
    ("isbn", items.validate_isbn),
    ("call_number", items.validate_call_number),
    ("collection_type", _collection_type),
)


def _check_row(raw: dict[str | None, str], points: dict[str, int], number: int,
               preview: CataloguePreview) -> dict[str, Any] | None:
    cleaned: dict[str, Any] = {}
    ok = True
    for name, check in _CHECKS:
        try:
            cleaned[name] = check(raw.get(name, ""))
        except ValidationError as err:
            preview.add_error(RowError(number, err.field, err))
            ok = False
    try:
        cleaned["home_point_id"] = _point(raw.get("home_point", ""), points)
    except ValidationError as err:
        preview.add_error(RowError(number, err.field, err))
        ok = False
    if not ok:
        return None
    cleaned["call_number"], cleaned["clc_class"] = cleaned["call_number"]
    return cleaned


def _point(name: str, points: dict[str, int]) -> int | None:
    name = clean_text(name)
    if not name:
        return None
    if name not in points:
        raise ValidationError("home_point", N_("Home service point: no service point called {name}."), name=name)
    return points[name]


def _chunks(values: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _check_existing(session: Session, preview: CataloguePreview) -> None:
    codes = [row["barcode"] for _, row in preview.rows]
    existing: set[str] = set()
    for chunk in _chunks(codes):
        existing.update(session.scalars(select(Item.barcode).where(Item.barcode.in_(chunk))))
    if not existing:
        return
    keep = []
    for number, row in preview.rows:
        if row["barcode"] in existing:
            preview.add_error(RowError(number, "barcode", ValidationError(
                "barcode", N_("Barcode: {barcode} is already in the catalogue."), barcode=row["barcode"])))
        else:
            keep.append((number, row))
    preview.rows = keep
    preview.errors.sort(key=lambda e: e.row)


def import_catalogue(session: Session, actor: Actor, preview: CataloguePreview, *, good_rows_only: bool = False,
                     progress: Callable[[int, int], None] | None = None, source: str = "") -> int:
    """Insert the checked rows. With errors in the file, nothing is imported unless the
    user chose ``good_rows_only``. Returns the number of items added."""
    require_role(actor, Role.DESK)
    if preview.errors and not good_rows_only:
        raise ValidationError("file", N_("File: {n} rows have errors; fix them, or choose to import "
                                         "the good rows only. Nothing was imported."), n=len(preview.bad_rows))
    if not preview.rows:
        raise ValidationError("file", N_("File: no rows to import."))
    columns = ("barcode", "title", "author", "isbn", "call_number", "clc_class", "collection_type", "home_point_id")
    constants = {"status": ItemStatus.AVAILABLE, "created_at": timeutil.now_utc()}
    connection = session.connection()
    done = 0
    try:
        with bulk.collector_paused():
            values = list(map(itemgetter(*columns), (row for _, row in preview.rows)))
            for chunk in _chunks(values):
                done += bulk.insert_rows(connection, ITEM_TABLE, columns, chunk, constants)
                if progress is not None:
                    progress(done, len(values))
    except IntegrityError:
        raise Conflict(N_("Import: another desk added some of these barcodes meanwhile; read the file again. "
                          "Nothing was imported.")) from None
    audit.record(session, actor, "import", "item", None,
                 {"source": source, "added": done, "skipped_rows": preview.bad_rows})
    return done
