"""The demo generator: a scaled build checked figure by figure against its exact target
table (the central library's, and each county branch's), the full-size 2019 target against
the report's table, and the spreads that make the data believable."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from workstation.db import Database, open_database
from workstation.demo import DemoOptions, build_demo, demo_marker, target
from workstation.demo.targets import BRANCHES, SEED_2019, Table, as_table, branch_target
from workstation.errors import Conflict
from workstation.models import CENTRAL_LIBRARY_ID, Library, ServicePoint, Staff
from workstation.models.circulation import Item, ItemStatus, Loan, Reader, Renewal
from workstation.models.kiosk import Kiosk
from workstation.models.outreach import Activity, BookmobileTrip, bookmobile_trip_stop
from workstation.models.reading import HeadCount
from workstation.reports.statistics import FIGURES, year_figures
from workstation.services.outreach import activities
from workstation.services.outreach import summary as outreach_summary
from workstation.services.reading import gate
from workstation.timeutil import local_day

SCALE = 0.01


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}")
    build_demo(db, DemoOptions(years=2, scale=SCALE))
    yield db
    db.dispose()


def test_full_size_2019_target_is_the_reports_table() -> None:
    # 长治市图书馆 2019 年年度报告, 二、2019 年业务统计 (domain.md)
    seed: Table = {
        "new_holdings": (652_761, {"图书": 21_861, "报刊": 8_102, "视听资料": 12, "电子文献": 622_786}),
        "loans": (410_000, {"综合借阅处": 92_220, "文学借阅处": 132_926, "青少年图书借阅处": 156_854,
                            "流动图书车": 28_000}),
        "reading": (143_126, {"期刊阅览室": 38_644, "报纸阅览室": 57_251, "青少年阅览室": 18_606,
                              "古籍阅览室": 11_793, "地方文献阅览室": 11_578, "电子阅览室": 5_254}),
        "visitors": (500_000, {}),
        "activities": (488, {}),
        "culture_lectures": (12, {}),
        "health_lectures": (9, {}),
        "bookmobile_trips": (411, {}),
        "website_hits": (358_000, {}),
        "mobile_hits": (7_546_000, {}),
        "led_days": (365, {}),
        "volunteer_hours": (Decimal("826.5"), {}),
    }
    table = as_table(target(2019))
    for key, expected in seed.items():
        assert table[key] == expected, key
    # the parts add up to the totals the report gives
    for key in ("new_holdings", "loans", "reading"):
        assert sum(table[key][1].values()) == table[key][0]
    assert target(2019) is SEED_2019
    # the previous year is a few percent lower, not equal
    before = as_table(target(2018))
    assert 0.9 * 410_000 < before["loans"][0] < 410_000


def sql_table(session: object, year: int) -> Table:
    """The year's figures counted straight from the records (independent of the yearly
    statistics module): loans and renewals per service point, current headcounts, visitors
    through the gate service, outreach through its summary."""
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    central = ServicePoint.library_id == CENTRAL_LIBRARY_ID  # the report is the central library's
    loans = dict(session.execute(
        select(ServicePoint.name, func.count(Loan.id)).join(ServicePoint, ServicePoint.id == Loan.service_point_id)
        .where(Loan.local_day.between(first, last), central).group_by(ServicePoint.name)).all())
    renewals = dict(session.execute(
        select(ServicePoint.name, func.count(Renewal.id))
        .join(ServicePoint, ServicePoint.id == Renewal.service_point_id)
        .where(Renewal.local_day.between(first, last), central).group_by(ServicePoint.name)).all())
    reading = dict(session.execute(
        select(ServicePoint.name, func.sum(HeadCount.count)).join(ServicePoint, ServicePoint.id == HeadCount.room_id)
        .where(HeadCount.local_day.between(first, last), HeadCount.superseded_by_id.is_(None), central)
        .group_by(ServicePoint.name)).all())
    visitors = sum(n for _day, n in gate.visitor_totals(session, first, last, "year", CENTRAL_LIBRARY_ID))
    out = outreach_summary.year_figures(session, year, CENTRAL_LIBRARY_ID)
    # a series' umbrella row (系列活动, with its events recorded too) is not an activity of its own
    in_series = select(Activity.series_id).where(Activity.start_day.between(first, last),
                                                 Activity.voided_at.is_(None)).group_by(Activity.series_id)
    umbrellas = session.scalar(select(func.count(Activity.id)).where(
        Activity.start_day.between(first, last), Activity.voided_at.is_(None), Activity.title.contains("系列活动"),
        Activity.series_id.in_(in_series.having(func.count(Activity.id) > 1))))
    labels = {"book": "图书", "serial": "报刊", "audiovisual": "视听资料", "e_document": "电子文献"}
    return {
        "new_holdings": (out.new_holdings_total, {labels[k.value]: v for k, v in out.new_holdings.items()}),
        "loans": (sum(loans.values()), {k: int(v) for k, v in loans.items()}),
        "renewals": (sum(renewals.values()), {k: int(v) for k, v in renewals.items()}),
        "reading": (sum(int(v) for v in reading.values()), {k: int(v) for k, v in reading.items()}),
        "visitors": (visitors, {}),
        "activities": (out.activities - int(umbrellas or 0), {}),
        "culture_lectures": (out.culture_lectures, {}),
        "health_lectures": (out.health_lectures, {}),
        "bookmobile_trips": (out.bookmobile_trips, {}),
        "website_hits": (out.metrics["website_hits"], {}),
        "mobile_hits": (out.metrics["mobile_library_hits"], {}),
        "led_days": (out.metrics["led_days"], {}),
        "volunteer_hours": (out.volunteer_hours, {}),
    }


def statistics_table(session: object, year: int) -> Table:
    """The year's figures as the program's statistics service computes them."""
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    figures = year_figures(session, year, library_id=CENTRAL_LIBRARY_ID)
    table: Table = {}
    for key in as_table(target(year, SCALE)):
        figure = figures.figure(key)
        table[key] = (figure.value, {p.label: int(p.value) for p in figure.parts if p.value})
    return table


@pytest.mark.parametrize("year", [2019, 2018])
def test_yearly_statistics_of_the_scaled_demo_equal_its_exact_targets(demo: Database, year: int) -> None:
    expected = as_table(target(year, SCALE))
    with demo.begin() as s:
        got = statistics_table(s, year)
    for key, value in expected.items():
        assert got[key] == value, key


@pytest.mark.parametrize("year", [2019, 2018])
def test_scaled_demo_records_add_up_to_the_exact_targets(demo: Database, year: int) -> None:
    """The same check counted straight from the records, independent of the statistics."""
    expected = as_table(target(year, SCALE))
    with demo.begin() as s:
        got = sql_table(s, year)
    for key, value in expected.items():
        assert got[key] == value, key


def test_demo_items_belong_to_records(demo: Database) -> None:
    from sqlalchemy import func, select

    from workstation.models.catalogue import BibRecord
    from workstation.models.circulation import Item

    with demo.begin() as s:
        assert s.scalar(select(func.count()).select_from(Item).where(Item.record_id.is_(None))) == 0
        assert s.scalar(select(func.count()).select_from(BibRecord)) == s.scalar(
            select(func.count(func.distinct(Item.record_id))))
        item = s.scalars(select(Item).order_by(Item.id.desc()).limit(1)).one()
        record = s.get(BibRecord, item.record_id)
        assert record is not None and (record.title, record.isbn) == (item.title, item.isbn)


def test_demo_is_marked_and_refuses_a_second_build(demo: Database) -> None:
    marker = demo_marker(demo)
    assert marker is not None and marker["scale"] == SCALE and marker["years"] == 2
    with pytest.raises(Conflict):
        build_demo(demo, DemoOptions(years=1, scale=SCALE))


def test_spreads_look_like_a_library(demo: Database) -> None:
    with demo.begin() as s:
        points = dict(s.execute(select(ServicePoint.name, ServicePoint.id)).all())
        youth = points["青少年图书借阅处"]
        month = func.strftime("%m", Loan.local_day)
        per_month = dict(s.execute(select(month, func.count(Loan.id)).where(
            Loan.service_point_id == youth, Loan.local_day.between(dt.date(2019, 1, 1), dt.date(2019, 12, 31)))
            .group_by(month)).all())
        # youth loans peak in the summer and winter holidays
        assert per_month["08"] > 1.5 * per_month["04"]
        assert per_month["07"] > 1.3 * per_month["05"]
        assert per_month["01"] + per_month["02"] > per_month["03"] + per_month["04"]
        # weekends are busier than weekdays at the general desk
        weekday = func.strftime("%w", Loan.local_day)
        by_weekday = dict(s.execute(select(weekday, func.count(Loan.id)).where(
            Loan.service_point_id == points["综合借阅处"]).group_by(weekday)).all())
        assert by_weekday["6"] > by_weekday["2"]
        # loans happen in opening hours (library-local time)
        sample = s.scalars(select(Loan.lent_at).where(Loan.stop_id.is_(None)).limit(300)).all()
        assert all(9 <= t.astimezone(dt.timezone(dt.timedelta(hours=8))).hour < 20 for t in sample)
        assert all(local_day(t) == d for t, d in s.execute(select(Loan.lent_at, Loan.local_day).limit(300)))
        # the bookmobile lends only on its trip days, at a stop of that day's trip
        mobile = points["流动图书车"]
        off_trip = s.scalar(select(func.count(Loan.id)).where(
            Loan.service_point_id == mobile,
            ~select(BookmobileTrip.id).join(bookmobile_trip_stop, bookmobile_trip_stop.c.trip_id == BookmobileTrip.id)
            .where(BookmobileTrip.local_day == Loan.local_day, bookmobile_trip_stop.c.stop_id == Loan.stop_id)
            .exists()))
        assert off_trip == 0
        assert s.scalar(select(func.count(Loan.id)).where(Loan.service_point_id == mobile)) > 0
        # returns come after the loan; open loans only at the end of the last year, one per item
        assert s.scalar(select(func.count(Loan.id)).where(Loan.returned_at < Loan.lent_at)) == 0
        open_loans = s.scalar(select(func.count(Loan.id)).where(Loan.returned_at.is_(None)))
        assert open_loans and open_loans == s.scalar(select(func.count(Item.id)).where(
            Item.status == ItemStatus.ON_LOAN))
        assert s.scalar(select(func.min(Loan.local_day)).where(Loan.returned_at.is_(None))) >= dt.date(2019, 10, 1)
        # a renewal is its own row and happens before the original due date
        renewed = s.execute(select(Renewal.local_day, Renewal.old_due, Renewal.new_due, Loan.local_day)
                            .join(Loan, Loan.id == Renewal.loan_id).limit(200)).all()
        assert renewed and all(lent < day <= old < new for day, old, new, lent in renewed)
        # nothing is counted on a closed day (Spring Festival)
        assert s.scalar(select(func.count(Loan.id)).where(Loan.local_day == dt.date(2019, 2, 5))) == 0


def test_named_events_of_the_report(demo: Database) -> None:
    with demo.begin() as s:
        rows = {a.title: a for a in s.scalars(select(Activity))}
        spring = rows["“春来节到·品书怡情”新春系列活动"]
        assert (spring.start_day, spring.end_day, spring.chronicle) == (dt.date(2019, 1, 15), dt.date(2019, 3, 1), True)
        day423 = rows["“4·23”世界读书日系列活动"]
        assert (day423.start_day, day423.end_day) == (dt.date(2019, 4, 12), dt.date(2019, 4, 23))
        science = rows["全国科普日宣传活动"]
        assert (science.start_day, science.end_day) == (dt.date(2019, 9, 14), dt.date(2019, 9, 20))
        series = activities.series_by_name(s, "庆祝中华人民共和国成立70周年系列活动")
        assert series is not None
        totals = activities.series_totals(s, series.id)
        assert (totals.participants, totals.online_views) == (5_764, 8_400)
        assert (totals.first_day, totals.last_day) == (dt.date(2019, 9, 15), dt.date(2019, 10, 30))
        assert "刘蒙将军红色教育主题报告会" in rows
        assert len(activities.chronicle(s, 2019)) >= 4


def _fingerprint(path: Path) -> str:
    import sqlite3

    con = sqlite3.connect(path)
    digest = hashlib.sha256()
    for table in ("reader", "item", "loan", "renewal", "head_count", "visitor_day", "gate_reading"):
        for row in con.execute(f"SELECT * FROM {table} ORDER BY id"):
            digest.update(repr(row).encode())
    con.close()
    return digest.hexdigest()


def test_same_seed_same_database(tmp_path: Path) -> None:
    prints = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.sqlite3"
        db = open_database(f"sqlite:///{path}")
        build_demo(db, DemoOptions(years=1, scale=0.002))
        db.dispose()
        prints.append(_fingerprint(path))
    assert prints[0] == prints[1]


def test_generator_works_without_qt() -> None:
    """``workstation.demo`` is part of the Qt-free core: the generator imports with PySide6 blocked."""
    import subprocess
    import sys
    import textwrap

    probe = textwrap.dedent("""
        import importlib, pkgutil, sys

        class NoQt:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")):
                    raise ImportError(f"{name} is blocked in this test")
                return None

        sys.meta_path.insert(0, NoQt())
        import workstation.demo
        names = [i.name for i in pkgutil.walk_packages(workstation.demo.__path__, "workstation.demo.")]
        for name in names:
            importlib.import_module(name)
        assert "PySide6" not in sys.modules
        print(len(names))
    """)
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=root, check=False)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 5


def test_cards_made_at_the_bookmobile_are_made_on_its_trips(demo: Database) -> None:
    from workstation.models.circulation import Reader

    with demo.begin() as s:
        mobile = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "流动图书车"))
        registered = s.scalars(select(Reader.registered_at).where(Reader.registered_point_id == mobile)).all()
        trip_days = set(s.scalars(select(BookmobileTrip.local_day)))
    assert registered
    assert all(local_day(moment) in trip_days for moment in registered)


@pytest.mark.parametrize("year", [2019, 2018])
def test_each_branch_equals_its_target_and_the_libraries_add_up_to_the_city(demo: Database, year: int) -> None:
    with demo.begin() as s:
        ids = dict(s.execute(select(Library.name, Library.id)).all())
        central = year_figures(s, year, library_id=CENTRAL_LIBRARY_ID)
        city = year_figures(s, year)
        for branch in BRANCHES:
            goal = branch_target(branch, year, SCALE)
            found = year_figures(s, year, library_id=ids[branch.name])
            assert (found.value("loans"), found.value("renewals"), found.value("reading"),
                    found.value("new_holdings")) == (goal.loans, goal.renewals, goal.reading, goal.new_books)
            # its own entrance gate: the counter's readings give its visitors
            assert found.value("visitors") == goal.visitors
            assert sum(n for _d, n in gate.visitor_totals(s, dt.date(year, 1, 1), dt.date(year, 12, 31), "year",
                                                          ids[branch.name])) == goal.visitors
            assert {p.label for p in found.figure("loans").parts} == {branch.desk}
            # counted straight from the records: the branch's desk, room and items
            desk = s.scalar(select(ServicePoint.id).where(ServicePoint.name == branch.desk))
            assert s.scalar(select(func.count(Loan.id)).where(
                Loan.service_point_id == desk, Loan.local_day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            ) == goal.loans
        branches = [year_figures(s, year, library_id=ids[b.name]) for b in BRANCHES]
    for key, *_rest in FIGURES:
        assert city.value(key) == central.value(key) + sum(b.value(key) for b in branches), key


def test_branches_are_small_county_libraries_with_their_own_people_and_books(demo: Database) -> None:
    with demo.begin() as s:
        names = list(s.scalars(select(Library.name).order_by(Library.id)))
        assert names == ["长治市图书馆", "襄垣县图书馆", "长子县图书馆"]
        for library_id, branch in zip((2, 3), BRANCHES, strict=True):
            points = list(s.scalars(select(ServicePoint.id).where(ServicePoint.library_id == library_id)))
            assert len(points) == 2
            readers = s.scalar(select(func.count(Reader.id)).where(Reader.registered_point_id.in_(points)))
            items = s.scalar(select(func.count(Item.id)).where(Item.library_id == library_id))
            staff = s.scalar(select(func.count(Staff.id)).where(Staff.library_id == library_id))
            assert readers and items and staff == len(branch.staff)
            # the branch lends its own books to its own readers, at its own desk
            foreign = s.scalar(select(func.count(Loan.id)).join(Item, Item.id == Loan.item_id)
                               .where(Loan.service_point_id.in_(points), Item.library_id != library_id))
            assert foreign == 0
        # the kiosks, the bookmobile and the outreach stay the central library's
        assert set(s.scalars(select(ServicePoint.library_id).where(ServicePoint.kind == "bookmobile"))) == {1}
        kiosk_points = select(Kiosk.service_point_id)
        assert set(s.scalars(select(ServicePoint.library_id).where(ServicePoint.id.in_(kiosk_points)))) == {1}
    full = {b.name: branch_target(b, 2019) for b in BRANCHES}
    assert all(t.loans < 0.1 * SEED_2019.loans_total for t in full.values())  # much smaller than the city's
    assert full["襄垣县图书馆"].loans > full["长子县图书馆"].loans
