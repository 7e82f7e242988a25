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


def test_report_prints_the_chosen_librarys_summary_and_writes_every_library(sqlite_db: Database,
                                                                            tmp_path: Path) -> None:
    """With branches, ``--library`` (name or code, spaces around it ignored) chooses whose
    summary is printed; the workbook holds the city and each library whatever is chosen; an
    unknown library is refused with the choices, and nothing is written."""
    import datetime as dt

    from tests.branch_data import build
    from workstation import timeutil
    from workstation.services.circulation import loans

    world = build(sqlite_db, readers=3, books_each=2)
    lent = timeutil.at_local(dt.date(2019, 5, 6), 10)
    with sqlite_db.begin() as s:
        loans.checkout(s, world.desks[world.xy], world.readers[0], world.books[world.xy][0], now=lent)
        loans.checkout(s, world.desks[world.xy], world.readers[1], world.books[world.xy][1], now=lent)
        loans.checkout(s, world.desks[world.central], world.readers[2], world.books[world.central][0], now=lent)
    url = sqlite_db.url
    sqlite_db.dispose()

    def loans_line(stdout: str) -> list[str]:
        return next(line.split()[1:] for line in stdout.splitlines() if line.startswith("文献外借（册次）"))

    city = run("--db", url, "report", "--year", "2019", "--out", str(tmp_path / "city.xlsx"))
    assert city.returncode == 0, city.stderr
    assert loans_line(city.stdout)[0] == "3"
    for chosen in ("襄垣县图书馆", " xy "):
        out = tmp_path / "xy.xlsx"
        branch = run("--db", url, "report", "--year", "2019", "--library", chosen, "--out", str(out))
        assert branch.returncode == 0, branch.stderr
        assert branch.stdout.startswith("襄垣县图书馆 2019 年业务统计") and loans_line(branch.stdout)[0] == "2"
        names = openpyxl.load_workbook(out).sheetnames
        assert {"业务统计（全市）", "业务统计·襄垣县图书馆", "业务统计·长治市图书馆"} <= set(names), names
    unknown = run("--db", url, "report", "--year", "2019", "--library", "沁县图书馆", "--out",
                  str(tmp_path / "none.xlsx"))
    assert unknown.returncode == 2 and "no such library" in unknown.stderr and "黎城县图书馆（LC）" in unknown.stderr
    assert not (tmp_path / "none.xlsx").exists()
