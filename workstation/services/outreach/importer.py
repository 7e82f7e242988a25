"""Importing activities, volunteer service records and monthly metrics from CSV or XLSX.

The first row holds the column names (Chinese or English, see docs/import/outreach.md).
A file is imported whole or not at all: every row is checked, and if any row is bad
nothing is written and each bad row is reported with its row number and the reason.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from workstation.errors import N_, ValidationError, WorkstationError
from workstation.models import Role
from workstation.services import audit, safe_files
from workstation.services.context import Actor, require_role
from workstation.services.outreach import activities, metrics, volunteers
from workstation.services.text import clean_text

MAX_ROWS = 50_000
MAX_LISTED_PROBLEMS = 1_000


class ImportKind(enum.StrEnum):
    ACTIVITIES = "activities"
    VOLUNTEER_RECORDS = "volunteer_records"
    METRICS = "metrics"


# column key → accepted header names (compared after NFKC, trimming and lower-casing)
COLUMNS: dict[ImportKind, dict[str, tuple[str, ...]]] = {
    ImportKind.ACTIVITIES: {
        "title": ("title", "活动名称", "名称"),
        "category": ("category", "类别", "活动类别"),
        "start_day": ("start", "start_day", "开始日期", "日期"),
        "end_day": ("end", "end_day", "结束日期"),
        "place": ("place", "地点"),
        "partners": ("partners", "合作单位"),
        "participants": ("participants", "参与人次", "现场参与人次"),
        "online_views": ("online_views", "线上观看", "线上观看人次"),
        "chronicle": ("chronicle", "大事记"),
        "chronicle_text": ("chronicle_text", "大事记说明"),
        "series": ("series", "系列"),
        "library": ("library", "图书馆"),  # code or name; empty: the importing staff member's library
    },
    ImportKind.VOLUNTEER_RECORDS: {
        "name": ("volunteer", "name", "志愿者", "姓名"),
        "organisation": ("organisation", "organization", "单位", "所在单位"),
        "registered": ("registered", "nationally_registered", "全国志愿服务信息系统注册", "已注册"),
        "day": ("date", "day", "日期", "服务日期"),
        "hours": ("hours", "时长", "服务时长", "小时"),
        "place": ("place", "地点", "服务地点"),
        "note": ("note", "备注", "服务内容"),
    },
    ImportKind.METRICS: {
        "metric": ("metric", "指标"),
        "year": ("year", "年", "年份"),
        "month": ("month", "月", "月份"),
        "value": ("value", "数值", "数量"),
    },
}
REQUIRED: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.ACTIVITIES: ("title", "category", "start_day"),
    ImportKind.VOLUNTEER_RECORDS: ("name", "day", "hours"),
    ImportKind.METRICS: ("metric", "year", "month", "value"),
}
ENTITIES = {
    ImportKind.ACTIVITIES: "activity",
    ImportKind.VOLUNTEER_RECORDS: "volunteer_record",
    ImportKind.METRICS: "metric_value",
}
_YES = {"1", "y", "yes", "true", "是", "√", "x"}
_NO = {"", "0", "n", "no", "false", "否"}


@dataclass(frozen=True)
class RowProblem:
    row: int  # the row number a spreadsheet shows (the header is row 1)
    error: WorkstationError


@dataclass
class ImportResult:
    kind: ImportKind
    imported: int = 0
    created_volunteers: int = 0
    created_series: int = 0
    ids: list[int] = field(default_factory=list)


class ImportRejected(WorkstationError):
    """Some rows are bad; nothing was imported. ``problems`` lists each bad row."""

    def __init__(self, template: str, problems: list[RowProblem], /, **params: Any) -> None:
        self.problems = problems
        super().__init__(template, **params)


def _header_key(kind: ImportKind, header: str) -> str | None:
    text = clean_text(header).lower()
    for key, names in COLUMNS[kind].items():
        if text in {n.lower() for n in names}:
            return key
    return None


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return value.strip()
    return value


@contextlib.contextmanager
def read_rows(path: Path) -> Iterator[Callable[[], Iterator[tuple[int, list[Any]]]]]:
    """A function giving (row number, cells) for each non-empty row of a .csv (UTF-8, with
    or without BOM) or .xlsx file, as a stream with bounded lines, cells and rows
    (``safe_files``), as often as called."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise ValidationError("file", N_("File: {name} must be a .csv or .xlsx file."), name=path.name)
    # sniffed, measured and scanned before parsing: no zip bomb, entity payload or formula
    kind = safe_files.check_import_file(path)
    with safe_files.table_rows(path, kind, max_rows=MAX_ROWS, delimiter=",", utf8_only=True) as table:
        def rows() -> Iterator[tuple[int, list[Any]]]:
            for number, values in table():
                yield number, [_cell(c) for c in values]

        yield rows


def _records(kind: ImportKind, path: Path, rows: Iterator[tuple[int, list[Any]]]
             ) -> Iterator[tuple[int, dict[str, Any]]]:
    header = next(rows, None)
    if header is None:
        raise ValidationError("file", N_("File: {name} is empty."), name=path.name)
    keys = [_header_key(kind, str(h or "")) for h in header[1]]
    missing = [k for k in REQUIRED[kind] if k not in keys]
    if missing:
        names = ", ".join(next((n for n in COLUMNS[kind][k] if not n.isascii()), k) for k in missing)
        raise ValidationError("file", N_("File: the columns {columns} are missing from the first row."),
                              columns=names)
    for number, cells in rows:
        if all(c is None or c == "" for c in cells):
            continue
        record = {key: cells[i] if i < len(cells) else None for i, key in enumerate(keys) if key is not None}
        yield number, record


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _flag(value: Any, field_name: str) -> bool:
    text = clean_text(_text(value)).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValidationError(field_name, N_("Yes or no: write {yes} or {no} (not {value})."),
                          value=text, yes="是", no="否")


def _day(value: Any) -> Any:
    return value if isinstance(value, dt.date) else _text(value)


def _activity_row(session: Session, actor: Actor, row: dict[str, Any], result: ImportResult) -> int:
    category = activities.category_by_label(session, _text(row.get("category")))
    series_id = None
    series_name = clean_text(_text(row.get("series")))
    if series_name:
        series = activities.series_by_name(session, series_name)
        if series is None:
            series = activities.create_series(session, actor, series_name)
            result.created_series += 1
        series_id = series.id
    library_id = activities.library_by_label(session, _text(row.get("library")))
    data = activities.ActivityInput(
        title=_text(row.get("title")), category_id=category.id, start_day=_day(row.get("start_day")),
        end_day=_day(row.get("end_day")), place=_text(row.get("place")), partners=_text(row.get("partners")),
        participants=activities.parse_optional_count(_text(row.get("participants")), "participants"),
        online_views=activities.parse_optional_count(_text(row.get("online_views")), "online_views"),
        chronicle=_flag(row.get("chronicle"), "chronicle"), chronicle_text=_text(row.get("chronicle_text")),
        series_id=series_id, library_id=library_id)
    return activities.record_activity(session, actor, data).id


def _volunteer_row(session: Session, actor: Actor, row: dict[str, Any], result: ImportResult) -> int:
    name = _text(row.get("name"))
    organisation = _text(row.get("organisation"))
    registered = _flag(row.get("registered"), "registered")
    volunteer = volunteers.find_volunteer(session, name, organisation)
    if volunteer is None:
        volunteer = volunteers.create_volunteer(session, actor, name, organisation, registered)
        result.created_volunteers += 1
    hours = row.get("hours")
    record = volunteers.record_service(session, actor, volunteer.id, _day(row.get("day")),
                                       hours if isinstance(hours, (int, float)) else _text(hours),
                                       place=_text(row.get("place")), note=_text(row.get("note")))
    return record.id


def _metric_row(session: Session, actor: Actor, row: dict[str, Any], result: ImportResult) -> int:
    metric = metrics.definition_by_label(session, _text(row.get("metric")))
    return metrics.enter_value(session, actor, metric.id, _text(row.get("year")), _text(row.get("month")),
                               _text(row.get("value"))).id


HANDLERS: dict[ImportKind, Callable[[Session, Actor, dict[str, Any], ImportResult], int]] = {
    ImportKind.ACTIVITIES: _activity_row,
    ImportKind.VOLUNTEER_RECORDS: _volunteer_row,
    ImportKind.METRICS: _metric_row,
}


def parse_kind(value: str | ImportKind) -> ImportKind:
    try:
        return ImportKind(value)
    except ValueError:
        raise ValidationError("kind", N_("Import: choose activities, volunteer records or metrics.")) from None


def import_file(session: Session, actor: Actor, kind: str | ImportKind, path: Path | str) -> ImportResult:
    """Import every row of ``path`` or, if any row is bad, raise ``ImportRejected`` listing
    the bad rows; the caller's transaction then rolls back and nothing is written."""
    require_role(actor, Role.DESK)
    kind = parse_kind(kind)
    path = Path(path)
    if not path.is_file():
        raise ValidationError("file", N_("File: {name} does not exist."), name=str(path))
    with read_rows(path) as rows:
        # read the whole file once, keeping nothing, before any row is imported: a file past
        # the row limit, or with a row that cannot be read, is refused in a second, not
        # after a minute of importing the rows before it
        if sum(1 for _ in rows()) == 0:
            raise ValidationError("file", N_("File: {name} is empty."), name=path.name)
        return _import(session, actor, kind, path, _records(kind, path, rows()))


def _import(session: Session, actor: Actor, kind: ImportKind, path: Path,
            records: Iterator[tuple[int, dict[str, Any]]]) -> ImportResult:
    result = ImportResult(kind)
    problems: list[RowProblem] = []
    handler = HANDLERS[kind]
    with audit.one_entry_for(session):  # the import's one entry below lists the rows
        for number, row in records:
            try:
                # a savepoint per row, so one bad row leaves the session usable for checking the rest
                with session.begin_nested():
                    result.ids.append(handler(session, actor, row, result))
            except WorkstationError as err:
                problems.append(RowProblem(number, err))
                if len(problems) >= MAX_LISTED_PROBLEMS:
                    # so many bad rows: the wrong file; stop rather than check every row
                    raise ImportRejected(N_("Nothing was imported: {n} rows have problems (first: row {row}); "
                                            "the import stopped there. Is this the right file?"),
                                         problems, n=len(problems), row=problems[0].row) from None
    if problems:
        raise ImportRejected(N_("Nothing was imported: {n} rows have problems (first: row {row})."),
                             problems, n=len(problems), row=problems[0].row)
    result.imported = len(result.ids)
    audit.record(session, actor, "import", ENTITIES[kind], None,
                 {"file": path.name, "kind": kind.value, "rows": result.imported,
                  "created_volunteers": result.created_volunteers, "created_series": result.created_series,
                  "ids": list(result.ids)})
    return result
