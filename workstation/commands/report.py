"""``workstation report --year 2019 --out 2019.xlsx [--library 襄垣县图书馆]``: the yearly
statistics workbook without the GUI, with a summary of the main figures on the console. The
workbook holds the city and, with branches (总分馆), each library; ``--library`` (a library's
name or code) chooses whose summary is printed, as the Reports tab's chooser does."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    report = sub.add_parser("report", help="write the yearly statistics workbook (xlsx)")
    report.add_argument("--year", type=int, required=True, help="the year, e.g. 2019")
    report.add_argument("--out", type=Path, required=True, help="the workbook to write, e.g. 2019.xlsx")
    report.add_argument("--compare", type=int, default=None, metavar="YEAR",
                        help="the year to compare with (default: the year before)")
    report.add_argument("--library", default=None, metavar="NAME",
                        help="print this library's summary (its name or code); default: the whole city. "
                             "The workbook holds every library either way")
    report.set_defaults(func=report_command)


def _columns(text: str) -> int:
    """How many console columns ``text`` takes (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _number(value: int | Decimal | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return f"{value:,.1f}"
    return f"{value:,}"


def _libraries(session: Any) -> list[Any]:
    from sqlalchemy import select

    from workstation.models import Library

    return list(session.scalars(select(Library).order_by(Library.id)))


def _library(session: Any, wanted: str) -> int | None:
    """The id of the library named or coded ``wanted`` (spaces around it ignored; a code in
    any case), None when there is none."""
    key = unicodedata.normalize("NFKC", wanted).strip()
    for library in _libraries(session):
        if key == library.name or key.upper() == library.code.upper():
            return int(library.id)
    return None


def report_command(args: argparse.Namespace) -> int:
    from workstation.commands.common import Translator
    from workstation.db import open_database
    from workstation.errors import WorkstationError
    from workstation.reports import statistics
    from workstation.reports.workbook import write_workbook

    translate = Translator(args.lang)
    if not 1900 <= args.year <= 2100:
        print(f"年份不对 (not a year): {args.year}", file=sys.stderr)
        return 2
    out: Path = args.out.expanduser()
    if out.suffix.lower() != ".xlsx":
        out = out.with_suffix(".xlsx")
    if not out.parent.is_dir():
        print(f"文件夹不存在 (no such folder): {out.parent}", file=sys.stderr)
        return 2
    try:
        db = open_database(args.db)
    except WorkstationError as err:
        print(translate(err), file=sys.stderr)
        return 2
    try:
        with db.begin() as session:
            data = statistics.workbook_figures(session, args.year, compare_year=args.compare)
            summary = data
            if args.library is not None:
                chosen = _library(session, args.library)
                if chosen is None:
                    names = "、".join(f"{lib.name}（{lib.code}）" for lib in _libraries(session))
                    print(f"没有这个图书馆 (no such library): {args.library.strip()}；可选 (choose from): {names}",
                          file=sys.stderr)
                    return 2
                summary = next((part for part in data.libraries if part.library_id == chosen), data)
        path = write_workbook(data, out)
    except WorkstationError as err:
        print(translate(err), file=sys.stderr)
        return 2
    except OSError as err:
        print(f"未能写入 (not written): {err}", file=sys.stderr)
        return 2
    finally:
        db.dispose()

    data = summary
    rows = [(f"{f.label}（{f.unit}）", f) for f in data.figures if f.in_summary]
    width = max(_columns(name) for name, _f in rows) + 2
    print(f"{data.library} {data.year} 年业务统计（对比 {data.previous_year} 年） — {data.source}")
    print(f"项目{' ' * (width - 4)}{data.year:>14}{data.previous_year:>14}{'增减':>8}")
    for name, figure in rows:
        change = f"{figure.change:+.1%}" if figure.change is not None else "—"
        print(f"{name}{' ' * (width - _columns(name))}{_number(figure.value):>14}{_number(figure.previous):>14}"
              f"{change:>10}")
    print("文献外借只计首次外借，续借另计 (loans count initial loans only; renewals apart, ISO 2789)")
    print(f"已写入 Workbook written: {path}")
    return 0
