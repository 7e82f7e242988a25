from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from workstation.db import Database
from workstation.errors import Conflict, ValidationError
from workstation.models import AuditEntry
from workstation.models.reading import GateReading, VisitorDay
from workstation.services.context import Actor
from workstation.services.reading import gate
from workstation.timeutil import at_local, today

MON = dt.date(2026, 3, 2)
WEEK = [MON + dt.timedelta(days=i) for i in range(7)]


def rows(db: Database) -> tuple[int, int, int]:
    with db.begin() as s:
        return (s.scalar(select(func.count()).select_from(GateReading)) or 0,
                s.scalar(select(func.count()).select_from(VisitorDay)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


@pytest.fixture
def counters(db: Database, admin: Actor) -> tuple[int, int]:
    with db.begin() as s:
        east = gate.create_counter(s, admin, "东门", "one_way", rollover="１００００")
        west = gate.create_counter(s, admin, "西门", "two_way")
        return east.id, west.id


def test_a_week_with_a_rollover_and_a_two_way_counter(db: Database, desk: Actor, counters: tuple[int, int]) -> None:
    east, west = counters
    # East gate, one-way, rolls over at 10000. Worked by hand:
    #   Mon 08:00  9000 start           Mon 21:00  9400  -> 400
    #   Tue        9900  -> 500         Wed         300  -> 300 + 10000 - 9900 = 400 (rollover)
    #   Thu        1000  -> 700         Fri        1650  -> 650
    #   Sat        2500  -> 850         Sun        3100  -> 600
    east_readings = [9400, 9900, 300, 1000, 1650, 2500, 3100]
    # West gate, two-way (in and out), no rollover; visitors = passes / 2, rounded half up:
    #   Mon 08:00 50000 start; Mon 50801 -> 801 passes -> 401 (400.5 up)
    #   Tue 51601 -> 800 -> 400;  Wed 52400 -> 799 -> 400 (399.5 up);  Thu 53000 -> 600 -> 300
    #   Fri 53900 -> 900 -> 450;  Sat 55100 -> 1200 -> 600;            Sun 56000 -> 900 -> 450
    west_readings = [50801, 51601, 52400, 53000, 53900, 55100, 56000]
    with db.begin() as s:
        gate.record_reading(s, desk, east, 9000, at=at_local(MON, 8))
        gate.record_reading(s, desk, west, "５００００", at=at_local(MON, 7, 45))
        for day, e, w in zip(WEEK, east_readings, west_readings, strict=True):
            gate.record_reading(s, desk, east, e, at=at_local(day, 21))
            gate.record_reading(s, desk, west, w, at=at_local(day, 21, 5))
    with db.begin() as s:
        per_counter = gate.counter_days(s, MON, WEEK[-1])
        daily = gate.visitor_totals(s, MON, WEEK[-1], "day")
        weekly = gate.visitor_totals(s, MON, WEEK[-1], "month")
    assert [(c.day, c.passes, c.visitors) for c in per_counter if c.counter_id == east] == [
        (WEEK[0], 400, 400), (WEEK[1], 500, 500), (WEEK[2], 400, 400), (WEEK[3], 700, 700),
        (WEEK[4], 650, 650), (WEEK[5], 850, 850), (WEEK[6], 600, 600)]
    assert [(c.passes, c.visitors) for c in per_counter if c.counter_id == west] == [
        (801, 401), (800, 400), (799, 400), (600, 300), (900, 450), (1200, 600), (900, 450)]
    assert daily == list(zip(WEEK, [801, 900, 800, 1000, 1100, 1450, 1050], strict=True))
    assert weekly == [(dt.date(2026, 3, 1), 7101)]
    # a day total on the next Monday adds to March; the first day alone gives the same numbers
    with db.begin() as s:
        gate.record_day_total(s, desk, "2026-03-09", "1234")
        assert gate.visitor_totals(s, dt.date(2026, 3, 1), dt.date(2026, 3, 31), "month") == [
            (dt.date(2026, 3, 1), 8335)]
        assert gate.visitor_totals(s, WEEK[2], WEEK[2], "day") == [(WEEK[2], 800)]
        assert gate.visitor_totals(s, dt.date(2026, 1, 1), dt.date(2026, 12, 31), "year") == [
            (dt.date(2026, 1, 1), 8335)]


def test_reading_rules(db: Database, desk: Actor, counters: tuple[int, int]) -> None:
    east, west = counters
    with db.begin() as s:
        gate.record_reading(s, desk, west, 5000, at=at_local(MON, 8))
        gate.record_reading(s, desk, west, 5600, at=at_local(MON, 21))
        gate.record_reading(s, desk, east, 9990, at=at_local(MON, 21))
    before = rows(db)
    bad = [
        (west, 4000, at_local(WEEK[1], 21), ValidationError),      # lower, and no rollover
        (west, 5700, at_local(MON, 12), ValidationError),          # higher than the later reading
        (east, 10000, at_local(WEEK[1], 21), ValidationError),     # a 0..9999 counter never shows it
        (east, -1, at_local(WEEK[1], 21), ValidationError),
        (east, "1.5", at_local(WEEK[1], 21), ValidationError),
        (east, 5, at_local(today() + dt.timedelta(days=1), 9), ValidationError),  # future
        (west, 5601, at_local(MON, 21), Conflict),                 # a reading at that moment exists
    ]
    for counter, value, moment, error in bad:
        with pytest.raises(error), db.begin() as s:
            gate.record_reading(s, desk, counter, value, at=moment)
    assert rows(db) == before
    with db.begin() as s:  # readings before opening and after closing are fine; rollover accepted
        gate.record_reading(s, desk, east, 20, at=at_local(WEEK[1], 22, 30))
        assert gate.counter_days(s, WEEK[1], WEEK[1])[0].passes == 30


def test_day_total_or_readings_never_both(db: Database, desk: Actor, counters: tuple[int, int]) -> None:
    east, _ = counters
    with db.begin() as s:
        gate.record_reading(s, desk, east, 100, at=at_local(MON, 21))
        gate.record_day_total(s, desk, WEEK[1], 800)
    before = rows(db)
    with pytest.raises(Conflict), db.begin() as s:
        gate.record_day_total(s, desk, MON, 500)
    with pytest.raises(Conflict), db.begin() as s:
        gate.record_reading(s, desk, east, 900, at=at_local(WEEK[1], 21))
    with pytest.raises(Conflict), db.begin() as s:
        gate.record_day_total(s, desk, WEEK[1], 900)
    for value, day, field in [(-5, WEEK[2], "count"), (5, today() + dt.timedelta(days=1), "day"),
                              (5, "2026-13-01", "day"), (5, dt.date(1990, 1, 1), "day")]:
        with pytest.raises(ValidationError) as err, db.begin() as s:
            gate.record_day_total(s, desk, day, value)
        assert err.value.field == field
    assert rows(db) == before


def test_corrections_keep_the_old_value(db: Database, desk: Actor, manager: Actor,
                                        counters: tuple[int, int]) -> None:
    east, _ = counters
    with db.begin() as s:
        gate.record_reading(s, desk, east, 100, at=at_local(MON, 8))
        wrong = gate.record_reading(s, desk, east, 1900, at=at_local(MON, 21))
        total = gate.record_day_total(s, desk, WEEK[1], 800)
    _, _, audits = rows(db)
    with db.begin() as s:
        fixed = gate.correct_reading(s, manager, wrong.id, 1090, "misread 9 as 0")
        new_total = gate.correct_day_total(s, manager, total.id, 850, "recounted from the sheet")
    assert rows(db)[2] == audits + 2
    with db.begin() as s:
        assert gate.visitor_totals(s, MON, WEEK[1], "day") == [(MON, 990), (WEEK[1], 850)]
        entries = gate.day_entries(s, MON) + gate.day_entries(s, WEEK[1])
        old_total = s.get(VisitorDay, total.id)
        assert old_total is not None and old_total.superseded_by_id == new_total.id
    assert [(e.kind, e.value, e.current) for e in entries] == [
        ("reading", 100, True), ("reading", 1900, False), ("reading", 1090, True),
        ("total", 800, False), ("total", 850, True)]
    assert next(e for e in entries if e.id == fixed.id).note == "misread 9 as 0"
    with pytest.raises(Conflict), db.begin() as s:
        gate.correct_day_total(s, manager, total.id, 900, "again")
    with pytest.raises(ValidationError), db.begin() as s:
        gate.correct_reading(s, manager, fixed.id, 10000, "not on a counter that rolls over at 10000")


def test_counter_settings(db: Database, admin: Actor) -> None:
    with db.begin() as s:
        c = gate.create_counter(s, admin, " 北门 ", "two_way", rollover="")
        assert (c.name, c.rollover, c.directions) == ("北门", None, 2)
    with pytest.raises(Conflict), db.begin() as s:
        gate.create_counter(s, admin, "北门", "one_way")
    with pytest.raises(ValidationError) as err, db.begin() as s:
        gate.create_counter(s, admin, "南门", "sideways")
    assert err.value.field == "mode"
    with pytest.raises(ValidationError) as err, db.begin() as s:
        gate.create_counter(s, admin, "南门", "one_way", rollover=-100)
    assert err.value.field == "rollover"
    with db.begin() as s:
        gate.update_counter(s, admin, c.id, mode="one_way", rollover=99999, active=False)
        assert [x.name for x in gate.list_counters(s)] == []
        assert [x.rollover for x in gate.list_counters(s, include_retired=True)] == [99999]


def test_visitors_per_month_for_a_year_come_from_one_statement(db: Database, desk: Actor,
                                                               counters: tuple[int, int]) -> None:
    from sqlalchemy import event

    east, west = counters
    expected: dict[int, int] = {}
    batch = []
    day = dt.date(2025, 1, 1)
    east_value, west_value = 9000, 0
    while day.year == 2025:
        if day.day % 5 == 0:  # a day total instead of readings
            batch.append(VisitorDay(local_day=day, count=1000 + day.day, method="typed", staff_id=desk.staff_id))
            expected[day.month] = expected.get(day.month, 0) + 1000 + day.day
        else:
            passes_east, passes_west = 300 + day.day, 2 * (200 + day.month)
            east_value = (east_value + passes_east) % 10000  # rolls over now and then
            west_value += passes_west
            for counter, value in ((east, east_value), (west, west_value)):
                batch.append(GateReading(counter_id=counter, local_day=day, read_at=at_local(day, 21), reading=value,
                                         method="typed", staff_id=desk.staff_id))
            if day != dt.date(2025, 1, 1):  # the very first readings are the starting points
                expected[day.month] = expected.get(day.month, 0) + passes_east + passes_west // 2
        day += dt.timedelta(days=1)
    with db.begin() as s:
        s.add_all(batch)
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    with db.begin() as s:
        s.execute(select(1))
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            months = gate.visitor_totals(s, dt.date(2025, 1, 1), dt.date(2025, 12, 31), "month")
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert {m.month: v for m, v in months} == expected
