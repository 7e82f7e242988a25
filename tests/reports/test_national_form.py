"""The national form's lines (文旅基3表) on the scaled demo, each checked against the records
counted here in plain Python (loaded row by row, independent of the SQL of
``reports.national_form``); the mapping file's checks; a library's own mapping file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.db import Database, open_database
from workstation.demo import DemoOptions, build_demo
from workstation.models import ServicePoint, ServicePointKind
from workstation.models.circulation import Item, Loan, Reader, ReaderStatus
from workstation.models.collection import Acquisition, CollectionType
from workstation.models.config import LibrarySetting
from workstation.models.outreach import Activity, ActivityCategory, ActivitySeries, VolunteerRecord
from workstation.reports import national_form, statistics
from workstation.reports.figures import FormRow, YearFigures
from workstation.reports.workbook import write_workbook
from workstation.timeutil import local_day

YEAR = 2019
SCALE = 0.01


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('form') / 'demo.sqlite3'}")
    build_demo(db, DemoOptions(years=2, scale=SCALE))
    yield db
    db.dispose()


@pytest.fixture(scope="module")
def figures(demo: Database) -> YearFigures:
    with demo.begin() as s:
        return statistics.year_figures(s, YEAR, form=True)


def line(data: YearFigures, label: str) -> FormRow:
    return next(r for r in data.form if r.label.strip() == label)


# -- the records, counted by hand -------------------------------------------------------------

def _activities(s: Session, year: int) -> list[tuple[Activity, str]]:
    rows = s.execute(select(Activity, ActivityCategory.code).join(ActivityCategory)
                     .where(Activity.voided_at.is_(None))).all()
    return [(a, code) for a, code in rows if a.start_day.year == year]


def _umbrellas(acts: list[tuple[Activity, str]]) -> set[int]:
    members: dict[int, int] = {}
    for a, _code in acts:
        if a.series_id is not None:
            members[a.series_id] = members.get(a.series_id, 0) + 1
    return {a.id for a, _c in acts if a.series_id is not None and "系列活动" in a.title and members[a.series_id] > 1}


def _kind(acts: list[tuple[Activity, str]], kind: national_form.ActivityKind) -> tuple[int, int]:
    skip = _umbrellas(acts)
    chosen = [a for a, code in acts if a.id not in skip and (
        code in kind.categories or any(w in a.title for w in kind.title_words))]
    return len(chosen), sum(a.participants for a in chosen)


def test_new_purchases_exclude_e_resources(demo: Database, figures: YearFigures) -> None:
    with demo.begin() as s:
        items = [t for t, created in s.execute(select(Item.collection_type, Item.created_at))
                 if local_day(created).year == YEAR]
        batches = [(a.collection_type, a.quantity) for a in s.scalars(select(Acquisition))
                   if a.local_day.year == YEAR and a.voided_at is None]
    physical = {CollectionType.BOOK, CollectionType.SERIAL, CollectionType.AUDIOVISUAL}
    expected = sum(1 for t in items if t in physical) + sum(q for t, q in batches if t in physical)
    e_docs = sum(1 for t in items if t is CollectionType.E_DOCUMENT) + sum(
        q for t, q in batches if t is CollectionType.E_DOCUMENT)
    assert e_docs > 0  # the demo has subscribed databases: they must not be new purchases
    assert line(figures, "本年新购藏量").value == expected
    assert line(figures, "本年新购藏量").value == figures.value("new_holdings") - e_docs
    assert line(figures, "电子文献（本年新增，含订购数据库）").value == e_docs
    assert line(figures, "电子图书").source == national_form.NOT_RECORDED


def test_borrowing_visits_are_distinct_reader_days(demo: Database, figures: YearFigures) -> None:
    with demo.begin() as s:
        pairs = {(r, d) for r, d in s.execute(select(Loan.reader_id, Loan.local_day)) if d.year == YEAR}
    row = line(figures, "书刊文献外借人次")
    assert row.value == len(pairs) and row.source == national_form.DERIVED
    assert 0 < row.value <= figures.value("loans")


def test_activities_lectures_exhibitions_trainings(demo: Database, figures: YearFigures) -> None:
    mapping = national_form.load_mapping()
    with demo.begin() as s:
        acts = _activities(s, YEAR)
        before = _activities(s, YEAR - 1)
    umbrellas = _umbrellas(acts)
    assert len(umbrellas) == 2  # the spring festival's and World Book Day's umbrella rows
    assert line(figures, "为读者举办各种活动次数").value == len(acts) - len(umbrellas)
    assert line(figures, "为读者举办各种活动次数").previous == len(before) - len(_umbrellas(before))
    assert figures.value("activities") == len(acts) - len(umbrellas)
    for kind, count, people in (("lecture", "讲座次数", "讲座参加人次"), ("exhibition", "展览次数", "展览参观人次"),
                                ("training", "培训班次数", "培训人次")):
        n, p = _kind(acts, mapping.kinds[kind])
        assert n > 0
        assert (line(figures, f"其中：{count}").value, line(figures, people).value) == (n, p)
    lectures = {a.title for a, code in acts if "讲坛" in a.title or "报告会" in a.title}
    assert any(t.startswith("文源讲坛") for t in lectures) and "刘蒙将军红色教育主题报告会" in lectures
    assert figures.value("lectures") == _kind(acts, mapping.kinds["lecture"])[0]
    assert figures.value("lectures") > figures.value("culture_lectures") + figures.value("health_lectures")


def test_participants_count_an_umbrella_series_once(demo: Database, figures: YearFigures) -> None:
    with demo.begin() as s:
        acts = _activities(s, YEAR)
    umbrellas = _umbrellas(acts)
    covered = {a.series_id for a, _c in acts if a.id in umbrellas}
    expected = sum(a.participants for a, _c in acts if a.series_id not in covered)
    for series in covered:
        own = sum(a.participants for a, _c in acts if a.series_id == series and a.id in umbrellas)
        events = sum(a.participants for a, _c in acts if a.series_id == series and a.id not in umbrellas)
        expected += max(own, events)
    assert line(figures, "为读者举办各种活动参加人次").value == expected


def test_seventieth_anniversary_series_totals_in_the_workbook(demo: Database, figures: YearFigures,
                                                              tmp_path: Path) -> None:
    with demo.begin() as s:
        series = s.scalar(select(ActivitySeries).where(ActivitySeries.name.contains("70周年")))
        assert series is not None
        events = [a for a, _c in _activities(s, YEAR) if a.series_id == series.id]
        name = series.name
    people, views = sum(a.participants for a in events), sum(a.online_views for a in events)
    assert (people, views) == (5_764, 8_400)  # the annual report's figures, made of the records
    ws = openpyxl.load_workbook(write_workbook(figures, tmp_path / "2019.xlsx"))["读者活动"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    found = next(r for r in rows if r[1] == name)
    assert (found[2], found[6], found[7]) == (len(events), people, views)


def test_seats_and_cards(demo: Database, figures: YearFigures) -> None:
    end = dt.date(YEAR, 12, 31)
    with demo.begin() as s:
        seats = sum(p.seats or 0 for p in s.scalars(select(ServicePoint).where(
            ServicePoint.kind == ServicePointKind.READING_ROOM, ServicePoint.active.is_(True))))
        readers = s.execute(select(Reader.registered_at, Reader.valid_until, Reader.status)).all()
    valid = sum(1 for at, until, status in readers
                if local_day(at) <= end and until >= end and status == ReaderStatus.ACTIVE)
    new = sum(1 for at, _u, _s in readers if local_day(at).year == YEAR)
    assert seats > 0 and line(figures, "阅览室座席").value == seats
    assert line(figures, "有效借书证数").value == valid
    assert line(figures, "其中：本年新办证数").value == new


def test_online_service_is_not_fed_by_hits(figures: YearFigures) -> None:
    online = line(figures, "线上服务人次")
    assert online.value is None and online.source == national_form.NOT_RECORDED
    website = line(figures, "网站访问量")
    assert website.value == figures.value("website_hits") and website.source == national_form.TYPED
    assert all(r.value != figures.value("mobile_hits") for r in figures.form)


def test_every_line_has_unit_and_source(figures: YearFigures) -> None:
    mapping = national_form.load_mapping()
    assert [r.label for r in figures.form] == [m.label for m in mapping.lines]
    assert all(r.unit and r.source for r in figures.form)
    visitors = line(figures, "总流通人次")
    assert visitors.value == figures.value("visitors") and "开馆日有计数" in visitors.coverage


def test_volunteer_hours_since_founding(demo: Database, figures: YearFigures) -> None:
    with demo.begin() as s:
        hours = [(r.local_day, r.hours) for r in s.scalars(select(VolunteerRecord)) if r.voided_at is None]
    since = national_form.VOLUNTEERS_SINCE_DEFAULT
    expected = sum((h for d, h in hours if since <= d <= dt.date(YEAR, 12, 31)), Decimal(0))
    figure = figures.figure("volunteer_hours_since")
    assert figure.value == expected and figure.value > figures.value("volunteer_hours")
    assert "2015 年 2 月" in figure.label


def test_breakdowns_carry_the_previous_year(figures: YearFigures) -> None:
    with_parts = [f for f in figures.figures if f.parts]
    assert with_parts
    for figure in with_parts:
        assert all(p.previous is not None for p in figure.parts)
        if figure.key != "lectures":
            assert sum(p.previous for p in figure.parts) == figure.previous, figure.key  # type: ignore[misc]


def test_footnote_names_typed_and_imported_figures(figures: YearFigures, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_workbook(figures, tmp_path / "2019.xlsx"))["业务统计"]
    note = next(c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)
                and c.value.startswith("说明"))
    assert "未经手工录入" not in note
    for words in ("门户网站点击量", "移动图书馆点击量", "LED", "到馆读者", "电子文献", "报刊"):
        assert words in note


# -- the mapping file ------------------------------------------------------------------------

def test_shipped_mapping_is_valid() -> None:
    mapping = national_form.parse_mapping(national_form.default_mapping_text())
    assert len({m.label for m in mapping.lines}) == len(mapping.lines)
    assert all(m.value is None or m.value in national_form.VALUES for m in mapping.lines)


@pytest.mark.parametrize(("text", "message"), [
    ('[[line]]\nlabel = "总藏量"\n', "unit is missing"),
    ('[[line]]\nlabel = "a"\nunit = "个"\nvalue = "hits"\n', "value 'hits' is not one of"),
    ('[[line]]\nlabel = "a"\nunit = "个"\n[[line]]\nlabel = "a"\nunit = "次"\n', "appears twice"),
    ('[[line]]\nlabel = "a"\nunit = "个"\ncolour = "red"\n', "unknown key colour"),
    ('[[line]]\nlabel = "a"\nunit = "个"\n[activity_kinds.lecture]\ntitle_words = "讲座"\n', "must be a list"),
    ("[[line]\n", "not a TOML file"),
    ('title = "x"\n', "unknown section"),
])
def test_bad_mapping_is_refused_with_the_line(text: str, message: str) -> None:
    with pytest.raises(national_form.MappingError, match=message):
        national_form.parse_mapping(text)


def test_library_relabels_and_adds_lines_without_code(demo: Database, tmp_path: Path) -> None:
    text = national_form.default_mapping_text().replace('label = "书刊文献外借册次"', 'label = "文献外借册次（新版）"')
    text += '\n[[line]]\nlabel = "移动图书馆访问量"\nunit = "次"\nvalue = "mobile_hits"\n'
    own = tmp_path / "form-2021.toml"
    own.write_text(text, encoding="utf-8")
    with demo.begin() as s:
        s.add(LibrarySetting(key=national_form.SETTING_FILE, value=str(own)))
        s.flush()
        data = statistics.year_figures(s, YEAR, form=True)
        s.rollback()
    assert line(data, "文献外借册次（新版）").value == data.value("loans")
    assert line(data, "移动图书馆访问量").value == data.value("mobile_hits")
    assert not any(r.label == "书刊文献外借册次" for r in data.form)
