from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests import paths
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.models import AuditEntry
from workstation.models.outreach import Activity, MetricValue, Volunteer, VolunteerRecord
from workstation.services.context import Actor
from workstation.services.outreach import activities as act
from workstation.services.outreach import metrics as met
from workstation.services.outreach import volunteers as vol
from workstation.services.outreach.importer import ImportRejected, import_file

EXAMPLES = paths.EXAMPLES / "outreach"


def table_counts(db: Database) -> tuple[int, ...]:
    with db.begin() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) or 0
                     for m in (Activity, Volunteer, VolunteerRecord, MetricValue, AuditEntry))


def test_example_activities_import(db: Database, desk: Actor) -> None:
    with db.begin() as s:
        result = import_file(s, desk, "activities", EXAMPLES / "activities.csv")
    assert (result.imported, result.created_series) == (5, 1)
    with db.begin() as s:
        assert act.activity_count(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31), "culture_lecture") == 1
        series = act.series_by_name(s, "庆祝新中国成立70周年系列活动")
        assert series is not None
        st = act.series_totals(s, series.id)
        assert (st.activities, st.participants, st.online_views) == (2, 5764, 8400)
        assert [a.title for a in act.chronicle(s, 2019)] == ["“我和我的祖国”诵读会", "壮丽七十年 书画作品展"]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
        assert entry.details["rows"] == 5 and entry.details["file"] == "activities.csv"


def test_example_volunteer_records_import_csv_and_xlsx(db: Database, desk: Actor) -> None:
    with db.begin() as s:
        assert import_file(s, desk, "volunteer_records", EXAMPLES / "volunteer_records.csv").created_volunteers == 3
    with db.begin() as s:
        result = import_file(s, desk, "volunteer_records", EXAMPLES / "volunteer_records.xlsx")
        assert (result.imported, result.created_volunteers) == (2, 1)
    with db.begin() as s:
        assert vol.hours_total(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31)) == Decimal("16.5")
        wang = vol.find_volunteer(s, "王芳", "长治学院")
        assert wang is not None and wang.nationally_registered
        assert vol.hours_total(s, dt.date(2019, 1, 1), dt.date(2019, 12, 31), volunteer_id=wang.id) == Decimal("5.5")


def test_example_metrics_import(db: Database, desk: Actor) -> None:
    with db.begin() as s:
        assert import_file(s, desk, "metrics", EXAMPLES / "metrics.csv").imported == 6
    with db.begin() as s:
        assert met.metric_year_total(s, "website_hits", 2019) == 58_000
        assert met.metric_year_total(s, "led_days", 2019) == 59
    # the same file again: every month is already entered, nothing more is written
    before = table_counts(db)
    with pytest.raises(ImportRejected) as err, db.begin() as s:
        import_file(s, desk, "metrics", EXAMPLES / "metrics.csv")
    assert [p.row for p in err.value.problems] == [2, 3, 4, 5, 6, 7]
    assert table_counts(db) == before


def test_a_bad_row_is_reported_with_row_and_reason_and_nothing_is_imported(db: Database, desk: Actor,
                                                                           tmp_path: Path) -> None:
    path = tmp_path / "volunteers.csv"
    path.write_text(
        "志愿者,单位,日期,时长\n"
        "王芳,长治学院,2019-03-16,3.5\n"
        "新人,新单位,2019-03-17,1.25\n"
        "\n"
        "李强,,2019-02-30,2\n"
        "张敏,,2019-03-18,-2\n",
        encoding="utf-8-sig")
    before = table_counts(db)
    with pytest.raises(ImportRejected) as err, db.begin() as s:
        import_file(s, desk, "volunteer_records", path)
    problems = [(p.row, getattr(p.error, "field", None)) for p in err.value.problems]
    assert problems == [(3, "hours"), (5, "day"), (6, "hours")]
    assert "half-hour" in err.value.problems[0].error.english()
    assert "row 3" in err.value.english()
    assert table_counts(db) == before  # not even the good row, nor the new volunteer


def test_bad_activity_rows_in_xlsx(db: Database, desk: Actor, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["title", "category", "start", "end", "participants", "chronicle"])
    ws.append(["好活动", "展览", dt.datetime(2019, 5, 1), None, 30, "否"])
    ws.append(["坏类别", "不存在的类别", dt.datetime(2019, 5, 1), None, 30, None])
    ws.append(["倒序", "展览", "2019-05-09", "2019-05-01", 30, None])
    ws.append(["负数", "展览", "2019-05-09", None, -4, None])
    ws.append(["大事记", "展览", "2019-05-09", None, 4, "也许"])
    path = tmp_path / "a.xlsx"
    wb.save(path)
    before = table_counts(db)
    with pytest.raises(ImportRejected) as err, db.begin() as s:
        import_file(s, desk, "activities", path)
    assert [(p.row, getattr(p.error, "field", None)) for p in err.value.problems] == [
        (3, "category"), (4, "end_day"), (5, "participants"), (6, "chronicle")]
    assert table_counts(db) == before


def test_bad_files(db: Database, desk: Actor, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "gbk.csv").write_bytes("志愿者,日期,时长\n王芳,2019-01-01,2\n".encode("gbk"))
    (tmp_path / "cols.csv").write_text("志愿者,日期\n王芳,2019-01-01\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    for name in ("x.txt", "gbk.csv", "cols.csv", "empty.csv", "broken.xlsx", "missing.csv"):
        with pytest.raises(ValidationError) as err, db.begin() as s:
            import_file(s, desk, "volunteer_records", tmp_path / name)
        assert err.value.field == "file", name
    with pytest.raises(ValidationError) as err, db.begin() as s:
        import_file(s, desk, "books", tmp_path / "cols.csv")
    assert err.value.field == "kind"
