"""The one month arithmetic (timeutil) and the one list of formula starts (safe_files)
that the workbook and the exports share."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from workstation.reports.workbook import put
from workstation.services import safe_files
from workstation.timeutil import month_days, months_before


@pytest.mark.parametrize(("year", "month", "last"), [
    (2019, 1, dt.date(2019, 1, 31)), (2019, 2, dt.date(2019, 2, 28)), (2020, 2, dt.date(2020, 2, 29)),
    (2019, 4, dt.date(2019, 4, 30)), (2019, 12, dt.date(2019, 12, 31)),
])
def test_month_days(year: int, month: int, last: dt.date) -> None:
    assert month_days(year, month) == (dt.date(year, month, 1), last)


def test_months_before_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 1, 15), 24) == dt.date(2024, 1, 15)
    assert months_before(dt.date(2024, 2, 29), 12) == dt.date(2023, 2, 28)


@pytest.mark.parametrize("text", ["=1+1", "+86 138", "-5", "@SUM(A1)", "\tx", "＝A1", "＋1", "－1", "＠x"])
def test_the_workbook_and_the_exports_treat_the_same_text_as_a_formula(text: str, tmp_path: Path) -> None:
    assert safe_files.neutralise(text) == "'" + text
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    cell = put(ws, 1, 1, text)
    assert cell.data_type == "s" and cell.quotePrefix
    wb.save(tmp_path / "x.xlsx")
    back = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert back is not None and back["A1"].value == text and back["A1"].quotePrefix
    assert not safe_files.is_formula_like("张三") and not put(ws, 2, 1, "张三").quotePrefix
