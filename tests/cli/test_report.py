"""``workstation report``: the yearly workbook from the command line, with a summary."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.cli.test_cli import run
from tests.conftest import make_staff
from tests.reports.test_statistics import SUMMARY_ROWS, build_dataset
from workstation.db import Database
from workstation.models import Role


def test_report_writes_the_workbook_and_prints_the_figures(sqlite_db: Database, tmp_path: Path) -> None:
    admin = make_staff(sqlite_db, "root", Role.ADMIN)
    build_dataset(sqlite_db, admin, make_staff(sqlite_db, "boss", Role.MANAGER),
                  make_staff(sqlite_db, "desk1", Role.DESK))
    url = sqlite_db.url
    sqlite_db.dispose()
    out = tmp_path / "2019.xlsx"
    result = run("--db", url, "report", "--year", "2019", "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("长治市图书馆 2019 年业务统计（对比 2018 年）")
    figures = {line.split()[0]: line.split()[1:] for line in lines[2:-2]}
    assert figures["文献外借（册次）"] == ["4", "1", "+300.0%"]
    assert figures["续借（不计入外借）（册次）"] == ["1", "0", "—"]
    assert figures["新增馆藏（册（件））"] == ["1,002", "3", "+33300.0%"]
    assert figures["志愿服务时长（小时）"] == ["3.5", "2.0", "+75.0%"]
    assert len(figures) == len([r for r in SUMMARY_ROWS if not r[0].startswith(" ")])
    assert lines[-1] == f"已写入 Workbook written: {out}"
    ws = openpyxl.load_workbook(out)["业务统计"]
    assert [tuple(ws.cell(r, c).value for c in range(1, 6)) for r in range(4, 4 + len(SUMMARY_ROWS))] == SUMMARY_ROWS


def test_report_with_a_comparison_year_and_errors(sqlite_db: Database, tmp_path: Path) -> None:
    url = sqlite_db.url
    sqlite_db.dispose()
    out = tmp_path / "2019"
    result = run("--db", url, "report", "--year", "2019", "--compare", "2017", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "（对比 2017 年）" in result.stdout and (tmp_path / "2019.xlsx").exists()
    assert openpyxl.load_workbook(tmp_path / "2019.xlsx")["业务统计"]["D3"].value == "2017 年"
    missing = run("--db", url, "report", "--year", "2019", "--out", str(tmp_path / "no" / "x.xlsx"))
    assert missing.returncode == 2 and "no such folder" in missing.stderr
    assert run("--db", url, "report", "--out", str(out)).returncode == 2  # --year is required
