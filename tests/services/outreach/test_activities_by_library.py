"""Reader activities belong to a library (总分馆): a branch's staff record their own library's
activities, the central library's staff any library's; refusals write nothing; the figures,
form lines and drill-downs of a library count the activities it held, and the city is their
sum. The migration gives every activity recorded before the central library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.branch_data import Branches, build
from workstation.db import SCHEMA_HEADS, Database, make_engine, open_database, upgrade_to
from workstation.errors import PermissionDenied, ValidationError
from workstation.models import CENTRAL_LIBRARY_ID, AuditEntry
from workstation.models.outreach import Activity, ActivityCategory
from workstation.reports import drilldown, statistics
from workstation.services.outreach import activities as act
from workstation.services.outreach import importer

D = dt.date


@pytest.fixture
def city(db: Database) -> Branches:
    return build(db)


def _category(db: Database, code: str) -> int:
    with db.begin() as s:
        found = s.scalar(select(ActivityCategory.id).where(ActivityCategory.code == code))
        assert found is not None
        return found


def _counts(db: Database) -> tuple[int, int]:
    with db.begin() as s:
        return (s.scalar(select(func.count()).select_from(Activity)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_a_branch_records_its_own_activity_by_default(db: Database, city: Branches) -> None:
    lecture = _category(db, "culture_lecture")
    with db.begin() as s:
        made = act.record_activity(s, city.desks[city.xy], act.ActivityInput(
            "文化大讲堂：襄垣历史", lecture, D(2019, 4, 10), participants=80))
        made_id = made.id
    with db.begin() as s:
        saved = s.get(Activity, made_id)
        assert saved is not None and saved.library_id == city.xy
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "activity")
                          .order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.details["library_id"] == city.xy
        assert [a.id for a in act.list_activities(s, D(2019, 1, 1), D(2019, 12, 31), library_id=city.xy)] == [made_id]
        assert act.list_activities(s, D(2019, 1, 1), D(2019, 12, 31), library_id=city.lc) == []


def test_another_librarys_activity_is_refused_and_nothing_is_written(db: Database, city: Branches) -> None:
    reading = _category(db, "reading_promotion")
    before = _counts(db)
    with db.begin() as s, pytest.raises(PermissionDenied) as refused:
        act.record_activity(s, city.desks[city.xy], act.ActivityInput(
            "黎城读书会", reading, D(2019, 5, 1), participants=30, library_id=city.lc))
    message = refused.value.english()
    assert message.startswith("Library:") and "襄垣县图书馆" in message and "黎城县图书馆" in message
    with db.begin() as s, pytest.raises(ValidationError) as unknown:
        act.record_activity(s, city.desks[city.central], act.ActivityInput(
            "读书会", reading, D(2019, 5, 1), library_id=999))
    assert unknown.value.field == "library"
    assert _counts(db) == before


def test_the_central_library_records_for_a_branch_and_a_branch_cannot_take_it_over(db: Database,
                                                                                     city: Branches) -> None:
    reading = _category(db, "reading_promotion")
    with db.begin() as s:
        central_own = act.record_activity(s, city.desks[city.central], act.ActivityInput(
            "总馆读书会", reading, D(2019, 5, 1), participants=40)).id
        for_lc = act.record_activity(s, city.desks[city.central], act.ActivityInput(
            "黎城读书会", reading, D(2019, 5, 2), participants=30, library_id=city.lc)).id
    with db.begin() as s:
        assert s.get(Activity, central_own).library_id == CENTRAL_LIBRARY_ID  # type: ignore[union-attr]
        assert s.get(Activity, for_lc).library_id == city.lc  # type: ignore[union-attr]
    before = _counts(db)
    with db.begin() as s, pytest.raises(PermissionDenied):  # the central library's activity is not 襄垣's
        act.update_activity(s, city.desks[city.xy], central_own, act.ActivityInput(
            "总馆读书会", reading, D(2019, 5, 1), participants=41))
    with db.begin() as s, pytest.raises(PermissionDenied):  # nor may 黎城 hand its activity to 襄垣
        act.update_activity(s, city.desks[city.lc], for_lc, act.ActivityInput(
            "黎城读书会", reading, D(2019, 5, 2), participants=30, library_id=city.xy))
    assert _counts(db) == before
    with db.begin() as s:  # editing keeps the activity's library unless one is chosen
        act.update_activity(s, city.desks[city.lc], for_lc, act.ActivityInput(
            "黎城读书会", reading, D(2019, 5, 2), participants=35))
        assert s.get(Activity, for_lc).library_id == city.lc  # type: ignore[union-attr]
        act.update_activity(s, city.desks[city.central], for_lc, act.ActivityInput(
            "黎城读书会", reading, D(2019, 5, 2), participants=35, library_id=city.xy))
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "activity")
                          .order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.details["library_id"] == [city.lc, city.xy]
    with db.begin() as s:
        assert [c.id for c in act.choosable_libraries(s, city.desks[city.xy])] == [city.xy]
        assert [c.id for c in act.choosable_libraries(s, city.desks[city.central])] == [CENTRAL_LIBRARY_ID, city.xy,
                                                                                        city.lc]


def test_figures_count_each_librarys_activities_and_the_city_sums_them(db: Database, city: Branches) -> None:
    cats = {code: _category(db, code) for code in ("reading_promotion", "culture_lecture", "health_lecture")}
    held = ((city.central, "总馆读书会", "reading_promotion", D(2019, 3, 1), 40),
            (city.central, "健康大讲堂：春季养生", "health_lecture", D(2019, 3, 5), 90),
            (city.xy, "文化大讲堂：襄垣历史", "culture_lecture", D(2019, 4, 10), 80),
            (city.xy, "襄垣读书会", "reading_promotion", D(2019, 4, 11), 25),
            (city.lc, "健康大讲堂：黎城义诊", "health_lecture", D(2019, 5, 10), 50))
    with db.begin() as s:
        for library, title, code, day, people in held:
            act.record_activity(s, city.desks[library], act.ActivityInput(title, cats[code], day,
                                                                          participants=people))
    expected = {CENTRAL_LIBRARY_ID: (2, 130, 1, 0, 1), city.xy: (2, 105, 1, 1, 0), city.lc: (1, 50, 1, 0, 1)}
    keys = ("activities", "activity_participants", "lectures", "culture_lectures", "health_lectures")
    with db.begin() as s:
        for library, numbers in expected.items():
            data = statistics.year_figures(s, 2019, library_id=library)
            assert tuple(data.value(k) for k in keys) == numbers, library
            assert not set(keys) & data.at_central
            records = drilldown.figure_records(s, 2019, "activities", library_id=library)
            assert records is not None and records.figure == numbers[0]
            titles = {title for lib, title, *_ in held if lib == library}
            assert {r[2] for r in records.rows} == titles
            lectures = drilldown.figure_records(s, 2019, "lectures", library_id=library)
            assert lectures is not None and lectures.figure == numbers[2]
        city_data = statistics.year_figures(s, 2019)
        assert tuple(city_data.value(k) for k in keys) == tuple(map(sum, zip(*expected.values(), strict=True)))
        assert statistics.year_figures(s, 2019, library_id=city.xy).value("visitors") == 0  # still 计入总馆
        assert act.activity_count(s, D(2019, 1, 1), D(2019, 12, 31), library_id=city.lc) == 1
        assert act.monthly_counts(s, 2019, library_id=city.xy)[4] == (2, 105, 0)


def test_an_import_names_the_library_and_is_refused_for_another(db: Database, city: Branches,
                                                                  tmp_path: Path) -> None:
    good = tmp_path / "xy.csv"
    good.write_text("活动名称,类别,开始日期,现场参与人次,图书馆\n襄垣读书会,阅读推广,2019-04-11,25,\n"
                    "襄垣诵读会,阅读推广,2019-04-12,30,XY\n", encoding="utf-8")
    with db.begin() as s:
        result = importer.import_file(s, city.desks[city.xy], "activities", good)
        assert {a.library_id for a in s.scalars(select(Activity).where(Activity.id.in_(result.ids)))} == {city.xy}
    before = _counts(db)
    bad = tmp_path / "lc.csv"
    bad.write_text("活动名称,类别,开始日期,图书馆\n黎城读书会,阅读推广,2019-04-11,黎城县图书馆\n", encoding="utf-8")
    with db.begin() as s, pytest.raises(importer.ImportRejected) as refused:
        importer.import_file(s, city.desks[city.xy], "activities", bad)
    assert refused.value.problems[0].row == 2
    assert _counts(db) == before


# -- migration 1980 on a database the previous version made ---------------------------------------

def test_migration_gives_existing_activities_the_central_library(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    upgrade_to(engine, "1970")
    with engine.begin() as conn:
        category = conn.scalar(text("SELECT id FROM activity_category WHERE code = 'reading_promotion'"))
        for title, day in (("迎新年读书会", "2018-12-30"), ("上党文化讲座", "2019-04-01")):
            conn.execute(text("INSERT INTO activity (title, category_id, start_day, end_day, place, partners, "
                              "participants, online_views, chronicle, chronicle_text, created_at) VALUES "
                              "(:t, :c, :d, :d, '', '', 10, 0, false, '', '2019-04-01 02:00:00')"),
                         {"t": title, "c": category, "d": day})
    engine.dispose()
    db = open_database(empty_db_url)
    try:
        with db.begin() as s:
            assert set(s.scalars(select(Activity.library_id))) == {CENTRAL_LIBRARY_ID}
            assert statistics.year_figures(s, 2019, library_id=CENTRAL_LIBRARY_ID).value("activities") == 1
        with db.engine.connect() as conn:
            version = conn.scalar(text("SELECT version_num FROM alembic_version"))
        assert (version,) == SCHEMA_HEADS  # the newest revision, this one or a later one
    finally:
        db.dispose()
