from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests import paths
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.models import AuditEntry, ServicePoint
from workstation.models.reading import CountMethod, GateReading, HeadCount, VisitorDay
from workstation.services.admin import service_points as sp
from workstation.services.context import Actor
from workstation.services.reading import counts as reading
from workstation.services.reading import gate
from workstation.services.reading import importer as ri
from workstation.timeutil import today

EXAMPLES = paths.EXAMPLES / "reading"


def counts(db: Database) -> tuple[int, int, int, int]:
    with db.begin() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
                     for t in (HeadCount, GateReading, VisitorDay, AuditEntry))


def room_totals(db: Database, day: dt.date) -> dict[str, int | None]:
    with db.begin() as s:
        return {r.room_name: r.total for r in reading.day_overview(s, day)}


def test_example_headcounts_csv_imports(db: Database, desk: Actor) -> None:
    with db.begin() as s:
        result = ri.import_file(s, desk, EXAMPLES / "headcounts.csv")
    assert (result.kind, result.rows) == (ri.ImportKind.HEADCOUNTS, 10)
    assert (result.first_day, result.last_day) == (dt.date(2019, 3, 4), dt.date(2019, 3, 5))
    assert room_totals(db, dt.date(2019, 3, 4)) == {
        "期刊阅览室": 101, "报纸阅览室": 82, "青少年阅览室": None, "古籍阅览室": 0, "地方文献阅览室": None,
        "电子阅览室": None}
    assert room_totals(db, dt.date(2019, 3, 5))["青少年阅览室"] == 40
    with db.begin() as s:
        methods = set(s.scalars(select(HeadCount.method)))
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert methods == {CountMethod.IMPORTED}
    assert entry is not None and entry.action == "import" and entry.details["rows"] == 10
    # the same counts as XLSX are recognised as already recorded: nothing is imported twice
    before = counts(db)
    with pytest.raises(ri.ImportRejected) as err, db.begin() as s:
        ri.import_file(s, desk, EXAMPLES / "headcounts.xlsx")
    assert [e.row for e in err.value.errors] == list(range(2, 12))
    assert counts(db) == before


def test_example_headcounts_xlsx_imports(db: Database, desk: Actor) -> None:
    with db.begin() as s:
        result = ri.import_file(s, desk, EXAMPLES / "headcounts.xlsx")
    assert result.rows == 10
    assert room_totals(db, dt.date(2019, 3, 4))["期刊阅览室"] == 101
    assert room_totals(db, dt.date(2019, 3, 5))["电子阅览室"] == 9


def test_example_gate_files_import(db: Database, admin: Actor, desk: Actor) -> None:
    with db.begin() as s:
        gate.create_counter(s, admin, "东门", "one_way", rollover=100000)
        gate.create_counter(s, admin, "西门", "two_way")
    with db.begin() as s:
        readings = ri.import_file(s, desk, EXAMPLES / "gate_readings.csv")
        totals_csv = ri.import_file(s, desk, EXAMPLES / "visitor_totals.csv")
    assert (readings.kind, readings.rows) == (ri.ImportKind.GATE_READINGS, 6)
    assert (totals_csv.kind, totals_csv.rows) == (ri.ImportKind.VISITOR_TOTALS, 3)
    with db.begin() as s:
        days = gate.visitor_totals(s, dt.date(2019, 3, 1), dt.date(2019, 3, 31), "day")
    # east (one-way, rolls over at 100000): 99968 - 99120 = 848; 815 + 100000 - 99968 = 847
    # west (two-way): 41011 - 40210 = 801 passes -> 401; 41901 - 41011 = 890 -> 445
    assert days == [(dt.date(2019, 3, 4), 848 + 401), (dt.date(2019, 3, 5), 847 + 445),
                    (dt.date(2019, 3, 6), 1534), (dt.date(2019, 3, 7), 1620), (dt.date(2019, 3, 8), 1893)]
    before = counts(db)
    with pytest.raises(ri.ImportRejected), db.begin() as s:  # already there
        ri.import_file(s, desk, EXAMPLES / "visitor_totals.xlsx")
    assert counts(db) == before


def test_visitor_totals_xlsx_example_imports(db: Database, desk: Actor) -> None:
    with db.begin() as s:
        assert ri.import_file(s, desk, EXAMPLES / "visitor_totals.xlsx").rows == 3
        assert gate.visitor_totals(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31), "year") == [
            (dt.date(2019, 1, 1), 1534 + 1620 + 1893)]


def test_bad_rows_are_reported_and_nothing_is_written(db: Database, admin: Actor, desk: Actor,
                                                      tmp_path: Path) -> None:
    with db.begin() as s:
        rid = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "古籍阅览室"))
        assert rid is not None
        sp.set_seats(s, admin, rid, 30)
    future = (today() + dt.timedelta(days=3)).isoformat()
    path = tmp_path / "bad.csv"
    path.write_text(
        "日期,时间,阅览室,人数,备注\n"
        "2019-03-04,09:00,期刊阅览室,２３,full-width is fine\n"   # row 2 good
        "2019-03-04,09:00,期刊阅览室,-4,\n"                         # row 3 negative
        "2019-03-04,09:00,会议室,4,\n"                              # row 4 no such room
        "2019-02-30,09:00,期刊阅览室,4,\n"                          # row 5 no such day
        f"{future},09:00,期刊阅览室,4,\n"                           # row 6 future
        "2019-03-04,22:30,期刊阅览室,4,\n"                          # row 7 after closing
        "\n"                                                         # row 8 blank: skipped
        "2019-03-04,10:00,古籍阅览室,45,\n"                         # row 9 above 30 seats
        "2019-03-04,10:00,报纸阅览室,,\n"                           # row 10 no count
        "2019-03-04,09:00,期刊阅览室,２３,the same as row 2\n",     # row 11 duplicate
        encoding="utf-8")
    before = counts(db)
    with pytest.raises(ri.ImportRejected) as err, db.begin() as s:
        ri.import_file(s, desk, path)
    assert counts(db) == before
    got = [(e.row, e.field) for e in err.value.errors]
    assert got == [(3, "count"), (4, "room"), (5, "day"), (6, "day"), (7, "time"), (9, "count"), (10, "count"),
                   (11, "row")]
    assert isinstance(err.value.errors[5].error, reading.NeedsConfirmation)
    assert "row 4: Room: there is no reading room called 会议室." in err.value.report()
    assert "8 rows" in err.value.english()


def test_over_capacity_rows_import_when_confirmed(db: Database, admin: Actor, desk: Actor, tmp_path: Path) -> None:
    with db.begin() as s:
        rid = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "古籍阅览室"))
        assert rid is not None
        sp.set_seats(s, admin, rid, 30)
    path = tmp_path / "big.csv"
    path.write_text("date,time,room,count\n2019-03-04,10:00,古籍阅览室,45\n", encoding="utf-8")
    with pytest.raises(ri.ImportRejected) as err, db.begin() as s:
        ri.import_file(s, desk, path)
    assert err.value.only_needs_confirmation
    with db.begin() as s:
        assert ri.import_file(s, desk, path, confirm_over_capacity=True).rows == 1


def test_gbk_csv_and_tab_separated(db: Database, desk: Actor, tmp_path: Path) -> None:
    path = tmp_path / "excel-saved.csv"
    path.write_bytes("日期\t时间\t阅览室\t人数\n2019/3/4\t9:05\t报纸阅览室\t17\n".encode("gb18030"))
    with db.begin() as s:
        assert ri.import_file(s, desk, path).rows == 1
    assert room_totals(db, dt.date(2019, 3, 4))["报纸阅览室"] == 17


def test_xlsx_formulas_are_refused(db: Database, desk: Actor, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["日期", "时间", "阅览室", "人数"])
    ws.append([dt.date(2019, 3, 4), dt.time(9), "期刊阅览室", 5])
    ws.append([dt.date(2019, 3, 4), dt.time(10), "期刊阅览室", "=B2*3"])
    ws.append([dt.date(2019, 3, 4), dt.time(11), "期刊阅览室", 7.5])
    path = tmp_path / "formula.xlsx"
    wb.save(path)
    before = counts(db)
    with pytest.raises(ri.ImportRejected) as err, db.begin() as s:
        ri.import_file(s, desk, path)
    assert [(e.row, e.field) for e in err.value.errors] == [(3, "count"), (4, "count")]
    assert "formula" in err.value.errors[0].error.english()
    assert counts(db) == before


def test_bad_files(db: Database, desk: Actor, tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    headerless = tmp_path / "headerless.csv"
    headerless.write_text("2019-03-04,09:00,期刊阅览室,23\n")
    only_header = tmp_path / "only_header.csv"
    only_header.write_text("日期,时间,阅览室,人数\n")
    for path in (fake, empty, headerless, tmp_path / "missing.csv", tmp_path / "x.ods"):
        with pytest.raises(ValidationError) as err, db.begin() as s:
            ri.import_file(s, desk, path)
        assert err.value.field == "file", path
    with pytest.raises(ri.ImportRejected), db.begin() as s:
        ri.import_file(s, desk, only_header)
    assert counts(db)[0] == 0
