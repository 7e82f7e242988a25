"""The records behind every figure (``reports.drilldown``): for each figure of the yearly
table and each of its breakdown rows, the records listed add up to the figure — their
number, or the sum of their ``measure`` column — on the hand-made dataset (both backends)
and on the scaled demo; typed totals have no records; the hours-of-the-week cells add up
to the period's loans and reading-room visits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests.reports.test_statistics import build_dataset
from workstation.db import Database, open_database
from workstation.demo import DemoOptions, build_demo
from workstation.models.circulation import Item, ItemStatus, Loan
from workstation.models.outreach import ActivityCategory
from workstation.models.reading import HeadCount
from workstation.reports import drilldown, statistics
from workstation.reports.figures import YearFigures
from workstation.services.circulation import items
from workstation.services.context import Actor
from workstation.services.outreach import activities
from workstation.timeutil import LIBRARY_TZ, month_days, year_days

D = dt.date


def add_series(db: Database, desk: Actor) -> None:
    """Two series with umbrella rows (one whose umbrella counted more people than its events,
    one whose events did) and a 文源讲坛 lecture in an ordinary category."""
    with db.begin() as s:
        cat = dict(s.execute(select(ActivityCategory.code, ActivityCategory.id)).all())
        for name, umbrella_people, events in (("七十周年", 500, (100, 150)), ("春来节到", 20, (40, 30))):
            series = activities.create_series(s, desk, name).id
            activities.record_activity(s, desk, activities.ActivityInput(
                f"{name}系列活动", cat["reading_promotion"], D(2019, 9, 1), participants=umbrella_people,
                series_id=series))
            for n, people in enumerate(events, start=1):
                activities.record_activity(s, desk, activities.ActivityInput(
                    f"{name}·第{n}场", cat["reading_promotion"], D(2019, 9, n + 1), participants=people,
                    series_id=series))
        activities.record_activity(s, desk, activities.ActivityInput(
            "文源讲坛：太行山", cat["reading_promotion"], D(2019, 10, 1), participants=60))


def check_every_figure(db: Database, year: int) -> YearFigures:
    """Every figure and breakdown row of ``year`` equals what its records add up to."""
    with db.begin() as s:
        data = statistics.year_figures(s, year)
        for figure in data.figures:
            records = drilldown.figure_records(s, year, figure.key)
            if figure.key in drilldown.TYPED:
                assert records is None, figure.key
                continue
            assert records is not None
            assert records.figure == figure.value, figure.key
            assert len(records.rows) == min(records.total, statistics.DRILL_LIMIT), figure.key
            if records.measure is not None and records.total <= statistics.DRILL_LIMIT:
                column = records.headers.index(records.measure)
                assert sum(r[column] for r in records.rows) == figure.value, figure.key
            for part in figure.parts:
                behind = drilldown.figure_records(s, year, figure.key, part.label)
                assert behind is not None and behind.figure == part.value, (figure.key, part.label)
    return data


def withdraw_one(db: Database, manager: Actor) -> str:
    """A manager withdraws (注销) one item in May 2019; its barcode."""
    with db.begin() as s:
        item = s.scalars(select(Item).where(Item.status == ItemStatus.AVAILABLE).order_by(Item.id)).first()
        assert item is not None
        items.mark_item(s, manager, item.id, ItemStatus.WITHDRAWN, "剔旧",
                        now=dt.datetime(2019, 5, 6, 3, tzinfo=dt.UTC))
        return item.barcode


@pytest.fixture
def dataset(db: Database, admin: Actor, manager: Actor, desk: Actor) -> Database:
    build_dataset(db, admin, manager, desk)
    add_series(db, desk)
    withdraw_one(db, manager)
    return db


def test_every_figure_of_the_hand_made_year_is_its_records(dataset: Database) -> None:
    data = check_every_figure(dataset, 2019)
    check_every_figure(dataset, 2018)
    assert data.value("activity_participants") == 260 + 500 + 70 + 60  # umbrella 500 > 250; events 70 > 20
    with dataset.begin() as s:
        people = drilldown.activity_participants(s, 2019)
        titles = {r[2] for r in people.rows}
        assert "七十周年系列活动" in titles and "七十周年·第1场" not in titles
        assert "春来节到系列活动" not in titles and "春来节到·第2场" in titles
        assert "七十周年系列活动" not in {r[2] for r in drilldown.activities(s, 2019).rows}
        other = drilldown.figure_records(s, 2019, "lectures", statistics.OTHER_LECTURES)
        assert other is not None and [r[2] for r in other.rows] == ["文源讲坛：太行山"]
        loans = drilldown.figure_records(s, 2019, "loans", "综合借阅处")
        assert loans is not None and [r[3] for r in loans.rows] == ["TTB", "TTA"]
        hours = drilldown.figure_records(s, 2019, "volunteer_hours")
        assert hours is not None and hours.figure == Decimal("3.5") and hours.measure == "hours"
        gone = drilldown.figure_records(s, 2019, "withdrawn")
        assert gone is not None and gone.figure == data.value("withdrawn") == 1 and len(gone.rows) == 1
        holdings = drilldown.figure_records(s, 2019, "new_holdings")
        assert holdings is not None and sorted(r[2] for r in holdings.rows) == ["batch", "catalogued", "catalogued"]
        with pytest.raises(drilldown.NoSuchFigure):
            drilldown.figure_records(s, 2019, "loans", "没有这个服务点")
        with pytest.raises(drilldown.NoSuchFigure):
            drilldown.figure_records(s, 2019, "nothing")


def test_the_digitization_bars_are_their_batches(dataset: Database) -> None:
    with dataset.begin() as s:
        project = statistics.chart_data(s, 2019).projects[0]
        assert project.project_id is not None
        during = drilldown.project_done(s, project.project_id, 2019)
        before = drilldown.project_done(s, project.project_id, 2019, before=True)
    assert (during.figure, before.figure) == (project.done_in_year, project.done_total - project.done_in_year)
    assert [r[2] for r in during.rows] == ["二"] and [r[2] for r in before.rows] == ["一"]


def test_hours_of_the_week_add_up_to_the_period(dataset: Database) -> None:
    with dataset.begin() as s:
        data = statistics.year_figures(s, 2019)
        loans = drilldown.week_hours(s, "loans", *year_days(2019))
        visits = drilldown.week_hours(s, "visits", *year_days(2019))
        march = drilldown.week_hours(s, "loans", *month_days(2019, 3))
        cells = {(what, w, h): drilldown.week_cell_records(s, what, *year_days(2019), w, h)
                 for what, week in (("loans", loans), ("visits", visits)) for w, h in week.cells}
    assert loans.total == data.value("loans") == 4
    # L2 1 Jan 2019 00:00 and L5 31 Dec 2019 23:59 (Tuesdays), L3 5 Mar 10:00 (Tuesday), L4 10 Jun 10:00 (Monday)
    assert loans.cells == {(1, 0): 1, (1, 23): 1, (1, 10): 1, (0, 10): 1}
    assert list(loans.hours()) == list(range(0, 24))
    assert visits.total == data.value("reading") == 71  # 23 + 7 on a Wednesday, 41 on a Sunday
    assert visits.cells == {(2, 10): 23, (2, 15): 7, (6, 10): 41}
    assert visits.untimed == data.value("visitors")  # the gate's day totals have no time of day
    assert march.cells == {(1, 10): 1} and list(march.hours()) == list(range(8, 21))
    for (what, w, h), records in cells.items():  # each cell lists the records behind it
        assert records.figure == (loans if what == "loans" else visits).cells[(w, h)]
    assert [r[3] for r in cells[("loans", 1, 0)].rows] == ["TTB"]  # 1 January 2019, 00:00


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('drill') / 'demo.sqlite3'}")
    build_demo(db, DemoOptions(years=2, scale=0.01))
    yield db
    db.dispose()


def test_every_figure_of_the_demo_is_its_records(demo: Database) -> None:
    data = check_every_figure(demo, 2019)
    assert any(p.label.endswith("（自助借还）") for p in data.figure("loans").parts)  # drilled at zero too
    with demo.begin() as s:
        chart = statistics.chart_data(s, 2019)
        for project in chart.projects:
            assert project.project_id is not None
            assert drilldown.project_done(s, project.project_id, 2019).figure == project.done_in_year
            assert drilldown.project_done(s, project.project_id, 2019, before=True).figure == \
                project.done_total - project.done_in_year


def test_hours_of_the_week_on_the_demo(demo: Database) -> None:
    with demo.begin() as s:
        data = statistics.year_figures(s, 2019)
        loans = drilldown.week_hours(s, "loans", *year_days(2019))
        visits = drilldown.week_hours(s, "visits", *year_days(2019))
        lent = s.execute(select(Loan.lent_at).where(Loan.local_day >= D(2019, 1, 1),
                                                    Loan.local_day <= D(2019, 12, 31))).scalars().all()
        counted = s.execute(select(HeadCount.counted_at, HeadCount.count).where(
            HeadCount.local_day >= D(2019, 1, 1), HeadCount.local_day <= D(2019, 12, 31),
            HeadCount.superseded_by_id.is_(None))).all()
        assert s.scalar(select(func.count(Loan.id))) > loans.total > 0
    assert loans.total == data.value("loans") and visits.total == data.value("reading")
    by_hand: dict[tuple[int, int], int] = {}  # each record placed by its own local time
    for moment in lent:
        local = moment.astimezone(LIBRARY_TZ)
        by_hand[(local.weekday(), local.hour)] = by_hand.get((local.weekday(), local.hour), 0) + 1
    assert loans.cells == by_hand
    people: dict[tuple[int, int], int] = {}
    for moment, n in counted:
        local = moment.astimezone(LIBRARY_TZ)
        people[(local.weekday(), local.hour)] = people.get((local.weekday(), local.hour), 0) + n
    assert {k: v for k, v in visits.cells.items() if v} == {k: v for k, v in people.items() if v}
