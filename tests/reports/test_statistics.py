"""The yearly statistics from a small hand-made dataset where every figure is worked by
hand, checked in the statistics object and in every cell of the 业务统计 sheet; the
workbook converted by LibreOffice; formula-like activity titles kept as text.

The dataset (library-local times, Asia/Shanghai):

loans — 2018: L1 综合 31 Dec 23:59.  2019: L2 综合 1 Jan 00:00, L3 文学 5 Mar (returned
20 Mar at 综合), L4 流动图书车 10 Jun, L5 综合 31 Dec 23:59 (the item of L1, returned in
January).  2020: L6 综合 1 Jan 00:00.  So 2019: 4 loans (综合 2, 文学 1, 流动图书车 1),
2018: 1.  A renewal of L2 at 文学 on 15 Jan 2019 is a renewal, not a loan.

reading — 期刊 2 Jan 2019 23 + 7; 报纸 3 Feb 2019 40 corrected to 41; 期刊 28 Dec 2018 5.
2019: 71 (期刊 30, 报纸 41); 2018: 5.
visitors — day totals 2 Jan 2019 300, 31 Dec 2019 200, 28 Dec 2018 100: 500 / 100.
activities — 2019: 文化大讲堂 1 Apr (150), "=1+1 读书会" 1 May (30, 12 online), 健康大讲堂
1 Jun (80); 2018: one on 30 Dec (10).  2019: 3 activities, 260 participants, 2 lectures.
trips — 2 in 2019.  volunteers — 2.5 + 1 = 3.5 h in 2019, 2 h in 2018.
metrics — website 1,000 + 2,500; mobile library 12,345; LED 31 (all 2019).
new holdings — 2019: 1 book and 1 audiovisual catalogued, 1,000 e-documents acquired:
1,002; 2018: 3 books catalogued.
digitization — 地方文献 (页, target 54,000): a batch of 300 done in 2018, 200 in 2019.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import delete, func, select, update

from tests.conftest import make_staff
from tests.services.digitization.test_projects import add as add_batch
from tests.services.digitization.test_projects import make_project, run_through
from workstation.db import Database
from workstation.models import BookmobileStop, Role, ServicePoint
from workstation.models.circulation import Item, Loan
from workstation.models.outreach import ActivityCategory, BookmobileVehicle, MetricDefinition
from workstation.models.statistics import LoanDayCount
from workstation.reports import national_form, statistics
from workstation.reports.workbook import write_workbook
from workstation.services.admin.library import set_library_name
from workstation.services.circulation import items, loans, readers
from workstation.services.context import Actor
from workstation.services.outreach import activities, bookmobile, holdings, metrics, volunteers
from workstation.services.reading.counts import correct_count, record_count, record_empty
from workstation.services.reading.gate import record_day_total
from workstation.timeutil import at_local

D = dt.date
FORMULA_TITLE = "=1+1 读书会"


def _point(db: Database, name: str) -> int:
    with db.begin() as s:
        pid = s.scalar(select(ServicePoint.id).where(ServicePoint.name == name))
        assert pid is not None
        return pid


def build_dataset(db: Database, admin: Actor, manager: Actor, desk: Actor) -> None:
    general, literature = _point(db, "综合借阅处"), _point(db, "文学借阅处")
    mobile = _point(db, "流动图书车")
    at_general, at_literature, at_mobile = desk.at(general), desk.at(literature), desk.at(mobile)
    with db.begin() as s:
        set_library_name(s, admin, "长治市图书馆")
        stop = s.scalar(select(BookmobileStop.id).where(BookmobileStop.name == "长治医学院"))
        people = [readers.register_reader(s, at_general, card_number=f"R000{n}", name="王小明", category="adult",
                                          id_type="other", id_number=f"P12345{n}").id for n in range(6)]
        kinds = {"A": "book", "B": "book", "C": "book", "D": "book", "E": "audiovisual", "F": "book"}
        for code, kind in kinds.items():
            call = "I247.5/1" if code < "D" else "K29/2"
            items.create_item(s, at_general, barcode=f"TT{code}", title=f"书{code}", call_number=call,
                              collection_type=kind)
    with db.begin() as s:  # catalogued: A, B, C in 2018; D, E in 2019; F in 2020
        for codes, day in (("ABC", D(2018, 6, 1)), ("DE", D(2019, 2, 1)), ("F", D(2020, 2, 1))):
            s.execute(update(Item).where(Item.barcode.in_([f"TT{c}" for c in codes]))
                      .values(created_at=at_local(day, 10)))

    def lend(actor: Actor, code: str, when: dt.datetime, stop_id: int | None = None) -> int:
        with db.begin() as s:  # a reader per loan: none of them is ever overdue at the next loan
            return loans.checkout(s, actor, people.pop(), f"TT{code}", now=when, stop_id=stop_id).line.loan_id

    def give_back(actor: Actor, code: str, when: dt.datetime) -> None:
        with db.begin() as s:
            loans.checkin(s, actor, f"TT{code}", now=when)

    lend(at_general, "A", at_local(D(2018, 12, 31), 23, 59))                      # L1, 2018
    l2 = lend(at_general, "B", at_local(D(2019, 1, 1), 0, 0))                     # L2
    give_back(at_general, "A", at_local(D(2019, 1, 10), 10))
    with db.begin() as s:
        loans.renew(s, at_literature, l2, now=at_local(D(2019, 1, 15), 11))       # a renewal, not a loan
    lend(at_literature, "C", at_local(D(2019, 3, 5), 10))                          # L3
    give_back(at_general, "C", at_local(D(2019, 3, 20), 10))                       # returned
    lend(at_mobile, "D", at_local(D(2019, 6, 10), 10), stop_id=stop)               # L4
    lend(at_general, "A", at_local(D(2019, 12, 31), 23, 59))                      # L5
    lend(at_general, "E", at_local(D(2020, 1, 1), 0, 0))                           # L6, 2020

    periodicals, newspapers = _point(db, "期刊阅览室"), _point(db, "报纸阅览室")
    with db.begin() as s:
        record_count(s, desk, periodicals, 23, at=at_local(D(2019, 1, 2), 10))
        record_count(s, desk, periodicals, 7, at=at_local(D(2019, 1, 2), 15))
        wrong = record_count(s, desk, newspapers, 40, at=at_local(D(2019, 2, 3), 10)).id
        record_count(s, desk, periodicals, 5, at=at_local(D(2018, 12, 28), 10))
    with db.begin() as s:
        correct_count(s, desk, wrong, 41, "数错了")
        record_day_total(s, desk, D(2019, 1, 2), 300)
        record_day_total(s, desk, D(2019, 12, 31), 200)
        record_day_total(s, desk, D(2018, 12, 28), 100)

    with db.begin() as s:
        cat = dict(s.execute(select(ActivityCategory.code, ActivityCategory.id)).all())
        for title, code, day, people, online in (
                ("文化大讲堂：上党文化", "culture_lecture", D(2019, 4, 1), 150, 0),
                (FORMULA_TITLE, "reading_promotion", D(2019, 5, 1), 30, 12),
                ("健康大讲堂：冬季养生", "health_lecture", D(2019, 6, 1), 80, 0),
                ("迎新年读书会", "reading_promotion", D(2018, 12, 30), 10, 0)):
            activities.record_activity(s, desk, activities.ActivityInput(
                title, cat[code], day, participants=people, online_views=online))
        vehicle = s.scalar(select(BookmobileVehicle.id).order_by(BookmobileVehicle.id))
        for day in (D(2019, 6, 10), D(2019, 7, 1)):
            bookmobile.record_trip(s, desk, day, vehicle, [stop] if stop else [], loans=5)
        helper = volunteers.create_volunteer(s, manager, "李强", "长治医学院").id
        for day, hours in ((D(2019, 3, 3), "2.5"), (D(2019, 8, 8), "1"), (D(2018, 8, 8), "2")):
            volunteers.record_service(s, desk, helper, day, hours)
        metric = dict(s.execute(select(MetricDefinition.code, MetricDefinition.id)).all())
        for code, month, value in (("website_hits", 1, 1000), ("website_hits", 2, 2500),
                                   ("mobile_library_hits", 1, 12345), ("led_days", 1, 31)):
            metrics.enter_value(s, desk, metric[code], 2019, month, value)
        holdings.record_acquisition(s, desk, D(2019, 3, 1), "e_document", 1000, "采购")
    project = make_project(db, manager)
    for label, qty, when in (("一", 300, at_local(D(2018, 11, 1), 16)), ("二", 200, at_local(D(2019, 5, 1), 16))):
        run_through(db, desk, add_batch(db, desk, project, label, qty), when)


EXPECTED = {  # key: (2019 value, 2018 value, parts of 2019)
    "new_holdings": (1002, 3, [("图书", 1), ("报刊", 0), ("视听资料", 1), ("电子文献", 1000)]),
    "withdrawn": (0, 0, [("图书", 0), ("报刊", 0), ("视听资料", 0), ("电子文献", 0)]),
    "loans": (4, 1, [("综合借阅处", 2), ("文学借阅处", 1), ("青少年图书借阅处", 0), ("流动图书车", 1)]),
    "loans_bookmobile": (1, 0, []),
    "renewals": (1, 0, [("综合借阅处", 0), ("文学借阅处", 1), ("青少年图书借阅处", 0), ("流动图书车", 0)]),
    "reading": (71, 5, [("期刊阅览室", 30), ("报纸阅览室", 41), ("青少年阅览室", 0), ("古籍阅览室", 0),
                        ("地方文献阅览室", 0), ("电子阅览室", 0)]),
    "visitors": (500, 100, []),
    "activities": (3, 1, []),
    "activity_participants": (260, 10, []),
    "bookmobile_trips": (2, 0, []),
    "lectures": (2, 0, [("文化大讲堂", 1), ("健康大讲堂", 1), ("其他讲座（文源讲坛、报告会等）", 0)]),
    "culture_lectures": (1, 0, []),
    "health_lectures": (1, 0, []),
    "website_hits": (3500, 0, []),
    "mobile_hits": (12345, 0, []),
    "led_days": (31, 0, []),
    "volunteer_hours": (Decimal("3.5"), Decimal("2"), []),
    "volunteer_hours_since": (Decimal("5.5"), Decimal("2"), []),
}


@pytest.fixture
def dataset(db: Database, admin: Actor, manager: Actor, desk: Actor) -> Database:
    build_dataset(db, admin, manager, desk)
    return db


def test_year_figures_worked_by_hand(dataset: Database) -> None:
    with dataset.begin() as s:
        data = statistics.year_figures(s, 2019)
    assert data.library == "长治市图书馆" and data.year == 2019 and data.previous_year == 2018
    assert data.source == dataset.display_name()
    got = {f.key: (f.value, f.previous, [(p.label, p.value) for p in f.parts]) for f in data.figures}
    assert got == EXPECTED
    assert isinstance(data.value("volunteer_hours"), Decimal)
    assert data.figure("loans").change == pytest.approx(3.0)
    assert data.figure("renewals").change is None  # nothing to compare with
    loans_by_month = dict(data.series(statistics.LOANS_SERIES).rows)
    assert loans_by_month["综合借阅处"] == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)
    assert loans_by_month["文学借阅处"] == (0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert loans_by_month["流动图书车"] == (0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0)
    assert dict(data.series(statistics.RENEWALS_SERIES).rows)["文学借阅处"][0] == 1
    assert dict(data.series(statistics.READING_SERIES).rows)["报纸阅览室"][1] == 41
    assert data.series(statistics.VISITORS_SERIES).rows == (("到馆读者", (300, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200)),)
    previous = data.previous_series(statistics.LOANS_SERIES)
    assert previous is not None and dict(previous.rows)["综合借阅处"][11] == 1
    assert [(p.name, p.unit, p.target, p.done_in_year, p.done_total) for p in data.projects] == [
        ("地方文献", "页", 54000, 200, 500)]
    assert [(a.title, a.participants, a.online_views) for a in data.activities] == [
        ("文化大讲堂：上党文化", 150, 0), (FORMULA_TITLE, 30, 12), ("健康大讲堂：冬季养生", 80, 0)]
    with dataset.begin() as s:
        assert statistics.year_figures(s, 2020).value("loans") == 1  # L6, 1 Jan 2020 00:00
        assert statistics.year_figures(s, 2019, compare_year=2020).figure("loans").previous == 1


def test_chart_queries_and_drill_down(dataset: Database) -> None:
    with dataset.begin() as s:
        assert statistics.daily_loans(s, 2019) == {D(2019, 1, 1): 1, D(2019, 3, 5): 1, D(2019, 6, 10): 1,
                                                   D(2019, 12, 31): 1}
        assert statistics.loans_by_class(s, 2019) == [("I", 3), ("K", 1)]
        records = statistics.loans_in_month(s, 2019, 12, "综合借阅处")
        assert records.total == 1 and [r[3] for r in records.rows] == ["TTA"]
        assert statistics.loan_records(s, D(2019, 1, 1), D(2019, 12, 31), letter="K").total == 1
        assert statistics.renewals_in_month(s, 2019, 1).total == 1
        assert statistics.headcounts_in_month(s, 2019, 2, "报纸阅览室").rows[0][3] == 41
        assert statistics.visitor_days(s, D(2019, 1, 1), D(2019, 1, 31)).rows == ((D(2019, 1, 2), 300),)
        by_category = {c.name: (c.activities, c.participants) for c in statistics.activities_by_category(s, 2019)}
        assert by_category == {"阅读推广": (1, 30), "文化大讲堂": (1, 150), "健康大讲堂": (1, 80)}


def test_daily_counts_follow_the_loans(dataset: Database) -> None:
    """The triggers keep loan_day_count equal to the loans: insert adds, delete removes."""
    with dataset.begin() as s:
        assert statistics.loan_counts_match(s, D(2000, 1, 1), D(2100, 1, 1))
        assert s.scalar(select(func.sum(LoanDayCount.loans))) == 6
        s.execute(delete(Loan).where(Loan.local_day == D(2020, 1, 1)))
    with dataset.begin() as s:
        assert statistics.loan_counts_match(s, D(2000, 1, 1), D(2100, 1, 1))
        assert s.scalar(select(LoanDayCount.loans).where(LoanDayCount.local_day == D(2020, 1, 1))) == 0
        assert statistics.year_figures(s, 2020).value("loans") == 0


def test_bulk_load_recipe_recounts_the_same(sqlite_db: Database) -> None:
    """What a bulk loader does on SQLite (drop the triggers, load, recount, put them back)
    leaves the same counts as the triggers, and the triggers the migration made are those."""
    from workstation.models import statistics as counting

    with sqlite_db.engine.begin() as conn:
        made = {r[0]: r[1] for r in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'loan'")}
    assert sorted(made.values()) == sorted(counting.SQLITE_CREATE_TRIGGERS)
    admin = make_staff(sqlite_db, "root", Role.ADMIN)
    build_dataset(sqlite_db, admin, make_staff(sqlite_db, "boss", Role.MANAGER),
                  make_staff(sqlite_db, "desk1", Role.DESK))
    with sqlite_db.begin() as s:
        before = s.execute(select(LoanDayCount.local_day, LoanDayCount.service_point_id, LoanDayCount.clc,
                                  LoanDayCount.loans).order_by(LoanDayCount.local_day)).all()
    with sqlite_db.engine.begin() as conn:
        for sql in counting.SQLITE_DROP_TRIGGERS:
            conn.exec_driver_sql(sql)
        conn.exec_driver_sql(counting.RECOUNT_DELETE)
        conn.exec_driver_sql(counting.RECOUNT_INSERT)
        for sql in counting.SQLITE_CREATE_TRIGGERS:
            conn.exec_driver_sql(sql)
    with sqlite_db.begin() as s:
        after = s.execute(select(LoanDayCount.local_day, LoanDayCount.service_point_id, LoanDayCount.clc,
                                 LoanDayCount.loans).order_by(LoanDayCount.local_day)).all()
        assert after == before and len(after) == 6
        assert statistics.loan_counts_match(s, D(2000, 1, 1), D(2100, 1, 1))


# the records begin after the team's founding (February 2015): the label says from when they count
VOLUNTEERS_SINCE_LABEL = "志愿服务累计时长（2015 年 2 月服务队成立以来；记录始于 2018-08-08）"
SUMMARY_ROWS = [  # every row of 业务统计 below the header: label, unit, 2019, 2018, change
    ("新增馆藏", "册（件）", 1002, 3, pytest.approx(333.0)),
    ("    其中：图书", "册（件）", 1, 3, None),
    ("    其中：报刊", "册（件）", 0, 0, None),
    ("    其中：视听资料", "册（件）", 1, 0, None),
    ("    其中：电子文献", "册（件）", 1000, 0, None),
    ("文献外借", "册次", 4, 1, pytest.approx(3.0)),
    ("    其中：综合借阅处", "册次", 2, 1, None),
    ("    其中：文学借阅处", "册次", 1, 0, None),
    ("    其中：青少年图书借阅处", "册次", 0, 0, None),
    ("    其中：流动图书车", "册次", 1, 0, None),
    ("续借（不计入外借）", "册次", 1, 0, None),
    ("    其中：综合借阅处", "册次", 0, 0, None),
    ("    其中：文学借阅处", "册次", 1, 0, None),
    ("    其中：青少年图书借阅处", "册次", 0, 0, None),
    ("    其中：流动图书车", "册次", 0, 0, None),
    ("阅览", "人次", 71, 5, pytest.approx(13.2)),
    ("    其中：期刊阅览室", "人次", 30, 5, None),
    ("    其中：报纸阅览室", "人次", 41, 0, None),
    ("    其中：青少年阅览室", "人次", 0, 0, None),
    ("    其中：古籍阅览室", "人次", 0, 0, None),
    ("    其中：地方文献阅览室", "人次", 0, 0, None),
    ("    其中：电子阅览室", "人次", 0, 0, None),
    ("到馆读者", "人次", 500, 100, pytest.approx(4.0)),
    ("读者活动", "场次", 3, 1, pytest.approx(2.0)),
    ("读者活动参加人次", "人次", 260, 10, pytest.approx(25.0)),
    ("流动图书车出车", "车次", 2, 0, None),
    ("讲座", "场次", 2, 0, None),
    ("    其中：文化大讲堂", "场次", 1, 0, None),
    ("    其中：健康大讲堂", "场次", 1, 0, None),
    ("    其中：其他讲座（文源讲坛、报告会等）", "场次", 0, 0, None),
    ("门户网站点击量", "次", 3500, 0, None),
    ("移动图书馆点击量", "次", 12345, 0, None),
    ("LED 咨询宣传", "天", 31, 0, None),
    ("志愿服务时长", "小时", 3.5, 2.0, pytest.approx(0.75)),
    # since the team's founding (default February 2015): 2 h of 2018 + 3.5 h of 2019
    (VOLUNTEERS_SINCE_LABEL, "小时", 5.5, 2.0, pytest.approx(1.75)),
    ("注销馆藏", "册（件）", 0, 0, None),
    ("    其中：图书", "册（件）", 0, 0, None),
    ("    其中：报刊", "册（件）", 0, 0, None),
    ("    其中：视听资料", "册（件）", 0, 0, None),
    ("    其中：电子文献", "册（件）", 0, 0, None),
]


def test_summary_sheet_every_cell(dataset: Database, tmp_path: Path) -> None:
    with dataset.begin() as s:
        data = statistics.year_figures(s, 2019, form=True)
    wb = openpyxl.load_workbook(write_workbook(data, tmp_path / "2019.xlsx"))
    assert wb.sheetnames == ["业务统计", "外借月报", "续借月报", "阅览月报", "到馆月报", "数字资源建设", "读者活动",
                             "文旅基3表对照"]
    ws = wb["业务统计"]
    assert ws["A1"].value == "长治市图书馆 2019 年业务统计"
    assert ws["A2"].value == "数据来源：业务工作站记录"
    assert [c.value for c in ws[3]] == ["项目", "单位", "2019 年", "2018 年", "增减"]
    rows = [tuple(ws.cell(r, c).value for c in range(1, 6)) for r in range(4, 4 + len(SUMMARY_ROWS))]
    assert rows == SUMMARY_ROWS
    after = 4 + len(SUMMARY_ROWS)
    assert all(ws.cell(after, c).value is None for c in range(1, 6))
    assert ws.cell(after + 1, 1).value.startswith("说明：文献外借只计首次外借")
    assert ws.max_row == after + 1 and ws.max_column == 5
    for r in range(4, after):
        assert ws.cell(r, 3).number_format in ("#,##0", "#,##0.0")
    volunteers_since = after - 6  # the hours since the team's founding, above the withdrawals
    assert ws["C4"].number_format == "#,##0" and ws.cell(volunteers_since, 3).number_format == "#,##0.0"
    assert dataset.display_name() in wb.properties.description
    loans_sheet = wb["外借月报"]
    assert [c.value for c in loans_sheet[3]] == [
        "月份", "综合借阅处", "文学借阅处", "青少年图书借阅处", "流动图书车", "合计"]
    assert [loans_sheet.cell(16, c).value for c in range(1, 7)] == ["合计", 2, 1, 0, 1, 4]
    projects = wb["数字资源建设"]
    assert [c.value for c in projects[4]] == ["地方文献", "页", 54000, 200, 500, pytest.approx(500 / 54000)]
    sheet = wb["文旅基3表对照"]
    mapping = {sheet.cell(r, 1).value: sheet.cell(r, 3).value for r in range(4, 4 + len(data.form))}
    assert mapping["书刊文献外借册次"] == 4 and mapping["总流通人次"] == 500
    assert mapping["  其中：馆外流动服务点（含流动图书车）借阅册次"] == 1


def test_formula_like_activity_title_is_text(dataset: Database, tmp_path: Path) -> None:
    with dataset.begin() as s:
        data = statistics.year_figures(s, 2019)
    out = write_workbook(data, tmp_path / "2019.xlsx")
    ws = openpyxl.load_workbook(out)["读者活动"]
    cell = next(c for row in ws.iter_rows(min_col=2, max_col=2) for c in row if c.value == FORMULA_TITLE)
    assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(out) as z:  # no formula anywhere in the file
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_workbook_opens_in_libreoffice_with_charts(dataset: Database, tmp_path: Path) -> None:
    with dataset.begin() as s:
        data = statistics.year_figures(s, 2019)
    out = write_workbook(data, tmp_path / "2019.xlsx")

    def convert(kind: str, folder: Path) -> Path:
        result = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
                                 "--convert-to", kind, "--outdir", str(folder), str(out)],
                                capture_output=True, text=True, timeout=240, check=False)
        target = folder / f"2019.{kind}"
        assert result.returncode == 0 and target.exists(), result.stderr
        return target

    pdf = convert("pdf", tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 4  # one native chart per monthly sheet
        assert all(b"<barChart>" in z.read(n) or b"<lineChart>" in z.read(n) for n in charts)
    monthly = ("外借月报", "续借月报", "阅览月报", "到馆月报")
    wb = openpyxl.load_workbook(out)
    assert [len(wb[name]._charts) for name in monthly] == [1, 1, 1, 1]
    # LibreOffice read them as charts: saved again by it, each sheet still has its chart
    again = openpyxl.load_workbook(convert("xlsx", tmp_path / "again"))
    assert [len(again[name]._charts) for name in monthly] == [1, 1, 1, 1]
    assert again["业务统计"]["C9"].value == 4


def test_not_counted_is_a_dash_and_counted_empty_is_zero(dataset: Database, desk: Actor, tmp_path: Path) -> None:
    """A room-month with no count prints "—"; one counted empty ("looked, room empty")
    prints 0; the sheet and the summary's note say how many opening days are counted."""
    youth = _point(dataset, "青少年阅览室")
    with dataset.begin() as s:
        record_empty(s, desk, youth, at=at_local(D(2019, 3, 4), 10))
    with dataset.begin() as s:
        data = statistics.year_figures(s, 2019)
        opening = national_form.opening_days(s, 2019)
    wb = openpyxl.load_workbook(write_workbook(data, tmp_path / "2019.xlsx"))
    ws = wb["阅览月报"]
    column = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    months = {ws.cell(r, 1).value: r for r in range(4, 16)}
    assert ws.cell(months["1月"], column["期刊阅览室"]).value == 30
    assert ws.cell(months["2月"], column["期刊阅览室"]).value == "—"  # nobody counted there in February
    assert ws.cell(months["3月"], column["青少年阅览室"]).value == 0   # counted: the room was empty
    assert ws.cell(months["4月"], column["青少年阅览室"]).value == "—"
    # room-days: 期刊 2 Jan, 报纸 3 Feb, 青少年 4 Mar, over the three rooms with a count
    coverage = f"3 / {3 * opening} 个阅览室开放日有计数"
    assert data.series("阅览月报").coverage == coverage and coverage in str(ws.cell(17, 1).value)
    visitors = f"2 / {opening} 个开馆日有计数"  # day totals on 2 Jan and 31 Dec
    assert data.series("到馆月报").coverage == visitors
    note = next(c.value for row in wb["业务统计"].iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("说明"))
    assert coverage in note and visitors in note
