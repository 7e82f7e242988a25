"""Visitors per library (总分馆): each library's gate counters and day totals, who may record
them, and the rule "a day total or counter readings" per library and day. On both backends."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from tests.branch_data import Branches, build
from workstation.db import Database, make_engine, open_database, upgrade_to
from workstation.errors import Conflict, PermissionDenied, ValidationError
from workstation.models import CENTRAL_LIBRARY_ID, AuditEntry, Staff
from workstation.models.reading import GateCounter, GateReading, VisitorDay
from workstation.services.admin import staff
from workstation.services.context import Actor
from workstation.services.reading import gate
from workstation.timeutil import at_local

MON = dt.date(2026, 3, 2)
TUE = MON + dt.timedelta(days=1)


def rows(db: Database) -> tuple[int, int, int, int]:
    with db.begin() as s:
        return tuple(s.scalar(select(func.count()).select_from(table)) or 0  # type: ignore[return-value]
                     for table in (GateCounter, GateReading, VisitorDay, AuditEntry))


@pytest.fixture
def city(db: Database) -> Branches:
    return build(db)


def _branch_admin(db: Database, city: Branches, library: int) -> Actor:
    with db.begin() as s:
        account = staff.create_staff(s, city.admin, f"admin.{library}", "分馆管理员", "admin", "admin-pass-1",
                                     library_id=library)
        return Actor.of(account, "test-ws")


def test_counters_and_totals_belong_to_a_library(db: Database, city: Branches) -> None:
    xy_admin = _branch_admin(db, city, city.xy)
    with db.begin() as s:
        own = gate.create_counter(s, xy_admin, "襄垣正门", "one_way")  # the administrator's own library
        for_lc = gate.create_counter(s, city.admin, "黎城正门", "two_way", library_id=city.lc)
        central = gate.create_counter(s, city.admin, "总馆东门", "one_way")
        assert (own.library_id, for_lc.library_id, central.library_id) == (city.xy, city.lc, CENTRAL_LIBRARY_ID)
        assert [c.name for c in gate.list_counters(s, library_id=city.xy)] == ["襄垣正门"]
        own_id, lc_id, central_id = own.id, for_lc.id, central.id
    xy_desk, lc_desk, central_desk = city.desks[city.xy], city.desks[city.lc], city.desks[CENTRAL_LIBRARY_ID]
    with db.begin() as s:
        gate.record_reading(s, xy_desk, own_id, 500, at=at_local(MON, 8))
        gate.record_reading(s, xy_desk, own_id, 560, at=at_local(MON, 20))
        gate.record_reading(s, lc_desk, lc_id, 0, at=at_local(MON, 8))
        gate.record_reading(s, lc_desk, lc_id, 81, at=at_local(MON, 20))
        gate.record_day_total(s, central_desk, MON, 900)
        # the central library's total does not stop a branch's readings, nor theirs its total
        total = gate.record_day_total(s, xy_desk, TUE, 70)
        assert total.library_id == city.xy
        gate.record_day_total(s, central_desk, TUE, 800)
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "visitor_day", AuditEntry.entity_id == total.id)
                          ).one()
        assert entry.details["library_id"] == city.xy
        created = s.scalars(select(AuditEntry).where(AuditEntry.entity == "gate_counter",
                                                     AuditEntry.entity_id == lc_id)).one()
        assert created.details["library_id"] == city.lc
    with db.begin() as s:
        assert gate.visitor_totals(s, MON, TUE, library_id=city.xy) == [(MON, 60), (TUE, 70)]
        assert gate.visitor_totals(s, MON, TUE, library_id=city.lc) == [(MON, 41)]  # two-way: 81 / 2 rounded up
        assert gate.visitor_totals(s, MON, TUE, library_id=CENTRAL_LIBRARY_ID) == [(MON, 900), (TUE, 800)]
        assert gate.visitor_totals(s, MON, TUE) == [(MON, 900 + 60 + 41), (TUE, 800 + 70)]
        assert {r.kind for r in gate.day_entries(s, MON, city.xy)} == {"reading"}
        assert [r.value for r in gate.day_entries(s, MON, CENTRAL_LIBRARY_ID)] == [900]
        assert [c.counter_id for c in gate.counter_days(s, MON, TUE, library_id=city.lc)] == [lc_id]
        assert central_id not in [c.counter_id for c in gate.counter_days(s, MON, TUE, library_id=city.xy)]


def test_two_libraries_enter_a_total_for_the_same_day(db: Database, city: Branches) -> None:
    with db.begin() as s:
        gate.record_day_total(s, city.desks[city.xy], MON, 30)
        gate.record_day_total(s, city.desks[city.lc], MON, 40)
        gate.record_day_total(s, city.admin, MON, 50, library_id=CENTRAL_LIBRARY_ID)
    with db.begin() as s:
        assert gate.visitor_totals(s, MON, MON) == [(MON, 120)]
        old = s.scalar(select(VisitorDay.id).where(VisitorDay.library_id == city.lc))
        assert old is not None
    with db.begin() as s:  # a correction supersedes only that library's total
        gate.correct_day_total(s, city.desks[city.lc], old, 44, "重新清点")
    with db.begin() as s:
        assert gate.visitor_totals(s, MON, MON, library_id=city.lc) == [(MON, 44)]
        assert gate.visitor_totals(s, MON, MON) == [(MON, 124)]
    with pytest.raises(Conflict) as err, db.begin() as s:  # but one current total per library and day
        gate.record_day_total(s, city.desks[city.xy], MON, 31)
    assert "this library" in err.value.english()


def test_a_branch_acts_only_for_its_own_library(db: Database, city: Branches) -> None:
    xy_admin = _branch_admin(db, city, city.xy)
    with db.begin() as s:
        lc_counter = gate.create_counter(s, city.admin, "黎城正门", "one_way", library_id=city.lc).id
        gate.record_day_total(s, city.desks[city.lc], MON, 40)
        lc_total = s.scalar(select(VisitorDay.id))
    xy_desk = city.desks[city.xy]
    before = rows(db)
    refusals = [
        lambda s: gate.create_counter(s, xy_admin, "黎城侧门", "one_way", library_id=city.lc),
        lambda s: gate.update_counter(s, xy_admin, lc_counter, name="黎城北门"),
        lambda s: gate.record_reading(s, xy_desk, lc_counter, 10, at=at_local(MON, 8)),
        lambda s: gate.record_day_total(s, xy_desk, TUE, 10, library_id=city.lc),
        lambda s: gate.correct_day_total(s, xy_desk, lc_total, 10, "不对"),
    ]
    for refusal in refusals:
        with pytest.raises(PermissionDenied) as err, db.begin() as s:
            refusal(s)
        assert "黎城县图书馆" in err.value.english() and "Library" in err.value.english()
    with pytest.raises(ValidationError) as bad, db.begin() as s:
        gate.record_day_total(s, city.admin, TUE, 10, library_id=999)
    assert bad.value.field == "library"
    assert rows(db) == before  # nothing written
    with db.begin() as s:  # the central library's staff act for any library
        gate.record_reading(s, city.desks[CENTRAL_LIBRARY_ID], lc_counter, 10, at=at_local(TUE, 8))
        gate.record_day_total(s, city.desks[CENTRAL_LIBRARY_ID], MON, 5, library_id=city.xy)


def test_a_library_closed_that_day_refuses_its_total(db: Database, city: Branches) -> None:
    from workstation.services import calendar

    with db.begin() as s:
        calendar.add_closed_day(s, city.admin, MON, "分馆闭馆", library_id=city.xy)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        gate.record_day_total(s, city.desks[city.xy], MON, 10)
    assert err.value.field == "day"
    with db.begin() as s:
        gate.record_day_total(s, city.desks[city.lc], MON, 10)  # open there


def test_the_migration_gives_existing_visitors_to_the_central_library(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    upgrade_to(engine, "1970")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO staff (id, username, display_name, role, password_hash, active, "
                          "failed_logins, created_at) "
                          "VALUES (50, 'old', '老馆员', 'desk', 'x', TRUE, 0, '2019-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO gate_counter (id, name, mode, active, sort_order, created_at) "
                          "VALUES (1, '正门', 'one_way', TRUE, 10, '2019-01-01 00:00:00')"))
        for i, (reading, hour) in enumerate(((100, 0), (160, 12)), start=1):
            conn.execute(text("INSERT INTO gate_reading (id, counter_id, local_day, read_at, reading, method, "
                              "staff_id, entered_at, note) VALUES (:id, 1, '2019-03-04', :at, :r, 'typed', 50, "
                              ":at, '')"), {"id": i, "r": reading, "at": f"2019-03-04 {hour:02d}:00:00"})
        # a corrected day total: two rows of one day, one current
        conn.execute(text("INSERT INTO visitor_day (id, local_day, count, method, staff_id, entered_at, note) "
                          "VALUES (1, '2019-03-05', 90, 'typed', 50, '2019-03-05 10:00:00', '')"))
        conn.execute(text("UPDATE visitor_day SET superseded_by_id = 1, superseded_at = '2019-03-05 11:00:00' "
                          "WHERE id = 1"))  # as the service does: superseded first, the new row's id after
        conn.execute(text("INSERT INTO visitor_day (id, local_day, count, method, staff_id, entered_at, note, "
                          "replaces_id) VALUES (2, '2019-03-05', 95, 'typed', 50, '2019-03-05 11:00:00', '', 1)"))
        conn.execute(text("UPDATE visitor_day SET superseded_by_id = 2 WHERE id = 1"))
    engine.dispose()
    db = open_database(empty_db_url)
    try:
        with db.begin() as s:
            assert set(s.scalars(select(GateCounter.library_id))) == {CENTRAL_LIBRARY_ID}
            assert list(s.scalars(select(VisitorDay.library_id))) == [CENTRAL_LIBRARY_ID] * 2
            assert gate.visitor_totals(s, dt.date(2019, 3, 4), dt.date(2019, 3, 5), library_id=CENTRAL_LIBRARY_ID
                                       ) == [(dt.date(2019, 3, 4), 60), (dt.date(2019, 3, 5), 95)]
            assert s.get(Staff, 50) is not None
        with pytest.raises(IntegrityError), db.begin() as s:  # still one current total per library and day
            s.execute(text("UPDATE visitor_day SET superseded_by_id = NULL WHERE id = 1"))
    finally:
        db.dispose()


def test_imports_go_to_a_library(db: Database, city: Branches, tmp_path: Path) -> None:
    from workstation.services.reading import importer

    with db.begin() as s:
        lc_counter = gate.create_counter(s, city.admin, "黎城正门", "one_way", library_id=city.lc).id
    totals = tmp_path / "totals.csv"
    totals.write_text(f"日期,到馆人次\n{MON.isoformat()},30\n{TUE.isoformat()},35\n", encoding="utf-8")
    readings = tmp_path / "readings.csv"
    readings.write_text(f"日期,时间,计数器,读数\n{MON.isoformat()},08:00,黎城正门,10\n"
                        f"{MON.isoformat()},20:00,黎城正门,50\n", encoding="utf-8")
    xy_desk = city.desks[city.xy]
    before = rows(db)
    with pytest.raises(PermissionDenied), db.begin() as s:  # another library's totals, or its counter
        importer.import_file(s, xy_desk, totals, library_id=city.lc)
    with pytest.raises(importer.ImportRejected) as rejected, db.begin() as s:
        importer.import_file(s, xy_desk, readings)
    assert all("黎城县图书馆" in e.error.english() for e in rejected.value.errors)
    assert rows(db) == before
    with db.begin() as s:
        importer.import_file(s, xy_desk, totals)  # the librarian's own library
        importer.import_file(s, city.desks[CENTRAL_LIBRARY_ID], readings)
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "visitor_day", AuditEntry.action == "import")
                          ).one()
        assert entry.details["library_id"] == city.xy
    with db.begin() as s:
        assert gate.visitor_totals(s, MON, TUE, library_id=city.xy) == [(MON, 30), (TUE, 35)]
        assert gate.visitor_totals(s, MON, TUE, library_id=city.lc) == [(MON, 40)]
        assert [c.counter_id for c in gate.counter_days(s, MON, MON)] == [lc_counter]
