"""``workstation report --year 2019 --out 2019.xlsx``: the yearly statistics workbook
without the GUI, with a summary of the main figures on the console."""

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
        path = write_workbook(data, out)
    except WorkstationError as err:
        print(translate(err), file=sys.stderr)
        return 2
    except OSError as err:
        print(f"未能写入 (not written): {err}", file=sys.stderr)
        return 2
    finally:
        db.dispose()

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
