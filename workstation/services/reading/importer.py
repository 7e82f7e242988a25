"""Importing headcounts and gate counts kept in spreadsheets (CSV or XLSX).

The formats are documented in ``docs/import/reading.md``, with example files in
``docs/examples/reading/``. An import is all-or-nothing: every row is checked with the
same rules as typed input, and if any row is wrong nothing is written and the error
report names each bad row (as numbered in the spreadsheet, header = row 1) and why.
Cells holding formulas are refused: save the values, not the formulas.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import N_, ValidationError, WorkstationError
from workstation.models import Role, ServicePoint, ServicePointKind
from workstation.models.circulation import ClosedDay
from workstation.models.reading import CountMethod, GateCounter, HeadCount
from workstation.services import audit, safe_files
from workstation.services import calendar as library_calendar
from workstation.services.context import Actor, require_role
from workstation.services.reading import counts as reading
from workstation.services.reading import gate
from workstation.services.text import clean_text
from workstation.timeutil import local_day, now_utc

MAX_ROWS = 200_000
MAX_FILE_BYTES = 50 * 1024 * 1024


class ImportKind(enum.StrEnum):
    HEADCOUNTS = "headcounts"
    GATE_READINGS = "gate_readings"
    VISITOR_TOTALS = "visitor_totals"


# Header names accepted for each column (compared after NFKC, trimming and lower-casing).
COLUMNS: dict[str, tuple[str, ...]] = {
    "day": ("日期", "date", "day"),
    "time": ("时间", "time"),
    "room": ("阅览室", "room"),
    "count": ("人数", "count"),
    "counter": ("计数器", "counter", "gate"),
    "reading": ("读数", "reading"),
    "visitors": ("到馆人次", "visitors"),
    "note": ("备注", "note"),
}
REQUIRED = {
    ImportKind.HEADCOUNTS: ("day", "time", "room", "count"),
    ImportKind.GATE_READINGS: ("day", "time", "counter", "reading"),
    ImportKind.VISITOR_TOTALS: ("day", "visitors"),
}


@dataclass(frozen=True)
class RowError:
    row: int  # as numbered in the spreadsheet: the header is row 1
    field: str
    error: WorkstationError


class ImportRejected(WorkstationError):
    """Nothing was imported; ``errors`` lists every bad row."""

    def __init__(self, errors: list[RowError], *, more: bool = False) -> None:
        self.errors = errors
        n = len({e.row for e in errors})
        if more:
            super().__init__(N_("Nothing was imported: more than {n} rows have problems (the first {n} are "
                                "listed); is this the right file?"), n=n)
        else:
            super().__init__(N_("Nothing was imported: {n} rows have problems. Fix them and import the file "
                                "again."), n=n)

    @property
    def only_needs_confirmation(self) -> bool:
        return all(isinstance(e.error, reading.NeedsConfirmation) for e in self.errors)

    def report(self) -> str:
        """The English report (the UI translates each message itself)."""
        return "\n".join(f"row {e.row}: {e.error.english()}" for e in self.errors)


@dataclass
class ImportResult:
    kind: ImportKind
    rows: int
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    ids: list[int] = field(default_factory=list)


# -- reading files -----------------------------------------------------------------------

def _header_key(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value or "")).strip().lower()


class _Formula:
    """A cell holding a formula in an XLSX sheet (refused row by row)."""


def _marked(rows: Iterator[tuple[int, list[Any]]], xlsx: bool) -> Iterator[tuple[int, list[Any]]]:
    for number, values in rows:
        if xlsx:
            values = [_Formula() if isinstance(v, str) and v.startswith("=") else v for v in values]
        yield number, values


def _blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


@contextlib.contextmanager
def read_rows(path: Path) -> Iterator[tuple[dict[str, int], Callable[[], Iterator[tuple[int, list[Any]]]]]]:
    """The header (column name -> index) of a CSV or XLSX file, and a function giving its
    non-empty data rows as a stream. The whole file is read once here, without keeping it,
    so that a file past the row limit or with an unreadable row is refused before anything
    is checked against the database."""
    if not path.exists():
        raise ValidationError("file", N_("File: {name} does not exist."), name=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValidationError("file", N_("File: {name} is too large to import."), name=path.name)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx"):
        raise ValidationError("file", N_("File: import a .csv or .xlsx file, not {name}."), name=path.name)
    # sniffed, measured and scanned before parsing: no zip bomb or entity payload (formulas
    # are refused below, row by row); read as a stream with bounded lines, cells and rows
    kind = safe_files.check_import_file(path, formulas_checked_by_caller=True)
    with safe_files.table_rows(path, kind, max_rows=MAX_ROWS, data_only=False) as table:
        header: dict[str, int] | None = None
        header_row = 0
        for number, values in table():
            if _blank(values):
                continue
            if header is None:
                header, header_row = {}, number
                for index, value in enumerate(values):
                    key = _header_key(value)
                    for name, aliases in COLUMNS.items():
                        if key in aliases:
                            header[name] = index
        if header is None:
            raise ValidationError("file", N_("File: {name} is empty."), name=path.name)

        def data() -> Iterator[tuple[int, list[Any]]]:
            for number, values in _marked(table(), kind == "xlsx"):
                if number > header_row and not _blank(values):
                    yield number, values

        yield header, data


def detect_kind(header: dict[str, int]) -> ImportKind:
    for kind in (ImportKind.HEADCOUNTS, ImportKind.GATE_READINGS, ImportKind.VISITOR_TOTALS):
        if all(name in header for name in REQUIRED[kind]):
            return kind
    raise ValidationError("file", N_("File: the first row must name the columns, e.g. {columns} "
                                     "(see the import formats)."), columns="日期、时间、阅览室、人数")


def _cell(values: list[Any], header: dict[str, int], name: str) -> Any:
    index = header.get(name)
    if index is None or index >= len(values):
        return None
    value = values[index]
    if isinstance(value, _Formula):
        raise ValidationError(name, N_("Formula: this cell holds a formula; save the values, not the formulas."))
    return value


def _required(values: list[Any], header: dict[str, int], name: str) -> Any:
    value = _cell(values, header, name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(name, N_("This row has no value in the column {column}."), column=COLUMNS[name][0])
    return value


# -- importing ---------------------------------------------------------------------------

MAX_LISTED_ERRORS = 1_000
FLUSH_EVERY = 1_000  # rows added to the session between flushes: memory stays bounded


class _Errors(list[RowError]):
    """The bad rows found so far; past ``MAX_LISTED_ERRORS`` rows the import stops at once
    (a file of 200,000 bad rows is the wrong file, not 200,000 things to fix)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: set[int] = set()

    def append(self, error: RowError) -> None:
        if error.row not in self._rows and len(self._rows) >= MAX_LISTED_ERRORS:
            raise ImportRejected(sorted(self, key=lambda e: e.row), more=True)
        self._rows.add(error.row)
        super().append(error)


class _Counted:
    """The data rows, counted as they pass."""

    def __init__(self, rows: Iterator[tuple[int, list[Any]]]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[tuple[int, list[Any]]]:
        for row in self.rows:
            self.count += 1
            yield row


def import_file(session: Session, actor: Actor, path: Path | str, *, kind: ImportKind | None = None,
                confirm_over_capacity: bool = False, library_id: int | None = None) -> ImportResult:
    """Import a headcount, gate-reading or visitor-total file (its kind is recognised from
    the header row). All rows or none: on any bad row, ``ImportRejected`` lists them all.
    Visitor totals are library ``library_id``'s (the staff member's own by default); gate
    readings are their counter's library's."""
    require_role(actor, Role.DESK)
    library = gate.check_library(session, actor, library_id)
    path = Path(path)
    with read_rows(path) as (header, rows):
        the_kind = kind or detect_kind(header)
        missing = [COLUMNS[name][0] for name in REQUIRED[the_kind] if name not in header]
        if missing:
            raise ValidationError("file", N_("File: the columns {columns} are missing."), columns=", ".join(missing))
        errors = _Errors()
        savepoint = session.begin_nested()
        try:
            data = _Counted(rows())
            if the_kind is ImportKind.HEADCOUNTS:
                result = _headcounts(session, actor, header, data, errors, confirm_over_capacity)
            elif the_kind is ImportKind.GATE_READINGS:
                result = _gate_readings(session, actor, header, data, errors)
            else:
                result = _visitor_totals(session, actor, header, data, errors, library)
            if not data.count:
                errors.append(RowError(2, "file", ValidationError("file", N_("File: there are no rows to import."))))
            if errors:
                raise ImportRejected(sorted(errors, key=lambda e: e.row))
        except BaseException:
            savepoint.rollback()
            raise
    savepoint.commit()
    audit.record(session, actor, "import", {
        ImportKind.HEADCOUNTS: "head_count", ImportKind.GATE_READINGS: "gate_reading",
        ImportKind.VISITOR_TOTALS: "visitor_day"}[the_kind], None,
        {"file": path.name, "kind": the_kind.value, "rows": result.rows,
         "first_day": result.first_day.isoformat() if result.first_day else None,
         "last_day": result.last_day.isoformat() if result.last_day else None,
         **({"library_id": library} if the_kind is ImportKind.VISITOR_TOTALS else {})})
    return result


def _span(result: ImportResult, day: dt.date) -> None:
    result.first_day = day if result.first_day is None else min(result.first_day, day)
    result.last_day = day if result.last_day is None else max(result.last_day, day)


def _headcounts(session: Session, actor: Actor, header: dict[str, int], data: Iterable[tuple[int, list[Any]]],
                errors: list[RowError], confirm_over_capacity: bool) -> ImportResult:
    result = ImportResult(ImportKind.HEADCOUNTS, 0)
    rooms = {p.name: p for p in session.scalars(
        select(ServicePoint).where(ServicePoint.kind == ServicePointKind.READING_ROOM))}
    seen: set[tuple[int, dt.datetime, int]] = set()
    now = now_utc()
    weekly = library_calendar.weekly_closing_days(session)
    closed = set(session.scalars(select(ClosedDay.day)))
    for number, values in data:
        try:
            day = reading.check_day(reading.parse_day(_required(values, header, "day")))
            time = reading.parse_time(_required(values, header, "time"))
            name = clean_text(str(_required(values, header, "room")))
            room = rooms.get(name)
            if room is None:
                raise ValidationError("room", N_("Room: there is no reading room called {name}."), name=name)
            count = reading.parse_count(_required(values, header, "count"))
            moment = reading.check_moment(reading.combine_local(day, time))
            if day.weekday() in weekly or day in closed:
                reading.check_open(session, day)  # raises the closed-day error
            reading.check_capacity(room, count, confirm_over_capacity)
            note = reading.clean_note(str(_cell(values, header, "note") or ""), "note")
            key = (room.id, moment, count)
            duplicate = key in seen or session.scalar(select(HeadCount.id).where(
                HeadCount.room_id == room.id, HeadCount.counted_at == moment, HeadCount.count == count,
                HeadCount.superseded_by_id.is_(None))) is not None
            if duplicate:
                raise ValidationError("row", N_("This count ({room}, {day} {time}, {count}) is already recorded."),
                                      room=room.name, day=day.isoformat(), time=time.strftime("%H:%M"),
                                      count=count)
        except WorkstationError as err:
            errors.append(RowError(number, getattr(err, "field", "row"), err))
            continue
        seen.add(key)
        entry = HeadCount(room_id=room.id, local_day=local_day(moment), counted_at=moment, count=count,
                          method=CountMethod.IMPORTED, staff_id=actor.staff_id, entered_at=now, note=note)
        session.add(entry)
        result.rows += 1
        if result.rows % FLUSH_EVERY == 0:
            session.flush()  # the session then keeps them weakly: memory stays bounded
        _span(result, day)
    session.flush()
    return result


def _gate_readings(session: Session, actor: Actor, header: dict[str, int], data: Iterable[tuple[int, list[Any]]],
                   errors: list[RowError]) -> ImportResult:
    result = ImportResult(ImportKind.GATE_READINGS, 0)
    counters = {c.name: c for c in session.scalars(select(GateCounter))}
    parsed: list[tuple[dt.datetime, int, GateCounter, Any, str]] = []
    for number, values in data:
        try:
            day = reading.parse_day(_required(values, header, "day"))
            time = reading.parse_time(_required(values, header, "time"))
            name = clean_text(str(_required(values, header, "counter")))
            counter = counters.get(name)
            if counter is None:
                raise ValidationError("counter", N_("Counter: there is no gate counter called {name}."), name=name)
            value = _required(values, header, "reading")
            note = str(_cell(values, header, "note") or "")
        except WorkstationError as err:
            errors.append(RowError(number, getattr(err, "field", "row"), err))
            continue
        parsed.append((reading.combine_local(day, time), number, counter, value, note))
    # in time order, so that each reading is checked against the one before it
    for moment, number, counter, value, note in sorted(parsed, key=lambda p: (p[2].id, p[0], p[1])):
        try:
            entry = gate.record_reading(session, actor, counter.id, value, at=moment, note=note,
                                        method=CountMethod.IMPORTED, audit_it=False)
        except WorkstationError as err:
            errors.append(RowError(number, getattr(err, "field", "row"), err))
            continue
        result.rows += 1
        result.ids.append(entry.id)
        _span(result, entry.local_day)
    return result


def _visitor_totals(session: Session, actor: Actor, header: dict[str, int], data: Iterable[tuple[int, list[Any]]],
                    errors: list[RowError], library_id: int) -> ImportResult:
    result = ImportResult(ImportKind.VISITOR_TOTALS, 0)
    for number, values in data:
        try:
            day = _required(values, header, "day")
            count = _required(values, header, "visitors")
            note = str(_cell(values, header, "note") or "")
            entry = gate.record_day_total(session, actor, day, count, note=note, method=CountMethod.IMPORTED,
                                          audit_it=False, library_id=library_id)
        except WorkstationError as err:
            errors.append(RowError(number, getattr(err, "field", "row"), err))
            continue
        result.rows += 1
        result.ids.append(entry.id)
        _span(result, entry.local_day)
    return result
