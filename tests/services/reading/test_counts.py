from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, func, select

from workstation.db import Database
from workstation.errors import Conflict, PermissionDenied, ValidationError
from workstation.models import AuditEntry, ServicePoint
from workstation.models.reading import CountMethod, HeadCount
from workstation.services.admin import service_points as sp
from workstation.services.context import Actor
from workstation.services.reading import counts as reading
from workstation.timeutil import LIBRARY_TZ, at_local, today

DAY = dt.date(2026, 3, 10)


def room_id(db: Database, name: str = "期刊阅览室") -> int:
    with db.begin() as s:
        rid = s.scalar(select(ServicePoint.id).where(ServicePoint.name == name))
        assert rid is not None
        return rid


def rows(db: Database) -> tuple[int, int]:
    """(headcount rows, audit entries): what a refused input must leave unchanged."""
    with db.begin() as s:
        return (s.scalar(select(func.count()).select_from(HeadCount)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def test_taps_typed_total_and_empty(db: Database, desk: Actor) -> None:
    periodicals, papers, youth = room_id(db), room_id(db, "报纸阅览室"), room_id(db, "青少年阅览室")
    with db.begin() as s:
        for minute in range(5):
            reading.tap(s, desk, periodicals, at=at_local(DAY, 9, minute))
        reading.record_count(s, desk, periodicals, "１２", at=at_local(DAY, 10))  # full-width digits
        reading.record_empty(s, desk, papers, at=at_local(DAY, 11))
    with db.begin() as s:
        assert reading.day_total(s, periodicals, DAY) == 17
        assert reading.day_total(s, papers, DAY) == 0        # looked: empty
        assert reading.day_total(s, youth, DAY) is None      # not counted
        overview = {r.room_name: r for r in reading.day_overview(s, DAY)}
    assert overview["期刊阅览室"].total == 17 and overview["期刊阅览室"].entries == 6
    assert overview["期刊阅览室"].last_at == at_local(DAY, 10)
    assert overview["报纸阅览室"].total == 0 and overview["报纸阅览室"].entries == 1
    assert overview["青少年阅览室"].total is None and overview["青少年阅览室"].last_at is None
    assert len(overview) == 6


@pytest.mark.parametrize(("count", "field"), [
    (-3, "count"), ("-1", "count"), ("12.5", "count"), ("十二", "count"), ("", "count"), (" ", "count"),
    (True, "count"), (reading.MAX_COUNT + 1, "count"), ("1,2,3", "count"), ("--3", "count"), (None, "count"),
])
def test_bad_counts_are_refused_and_nothing_written(db: Database, desk: Actor, count: object, field: str) -> None:
    rid = room_id(db)
    before = rows(db)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        reading.record_count(s, desk, rid, count, at=at_local(DAY, 10))
    assert err.value.field == field
    assert rows(db) == before


def test_counts_with_spaces_and_full_width_are_accepted(db: Database, desk: Actor) -> None:
    rid = room_id(db)
    with db.begin() as s:
        assert reading.record_count(s, desk, rid, " 2 3 ".replace(" ", "") + "　", at=at_local(DAY, 10)).count == 23
        assert reading.record_count(s, desk, rid, "１,２００", at=at_local(DAY, 11)).count == 1200
        assert reading.record_count(s, desk, rid, 7.0, at=at_local(DAY, 12)).count == 7


def test_times_out_of_range_are_refused(db: Database, desk: Actor) -> None:
    rid = room_id(db)
    before = rows(db)
    tomorrow = today() + dt.timedelta(days=1)
    cases = [
        (at_local(DAY, 7, 59), "time"),                       # before opening
        (at_local(DAY, 21, 1), "time"),                       # after closing
        (at_local(tomorrow, 10), "day"),                      # a future day
        (at_local(dt.date(1999, 12, 31), 10), "day"),         # out of range
    ]
    for moment, field in cases:
        with pytest.raises(ValidationError) as err, db.begin() as s:
            reading.tap(s, desk, rid, at=moment)
        assert err.value.field == field, moment
    future_today = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    with pytest.raises(ValidationError), db.begin() as s:
        reading.record_count(s, desk, rid, 3, at=future_today)
    assert rows(db) == before
    with db.begin() as s:  # the edges of opening hours are open
        reading.tap(s, desk, rid, at=at_local(DAY, 8, 0))
        reading.tap(s, desk, rid, at=at_local(DAY, 21, 0))


def test_count_above_seats_needs_confirmation(db: Database, admin: Actor, desk: Actor) -> None:
    rid = room_id(db, "古籍阅览室")
    with db.begin() as s:
        sp.set_seats(s, admin, rid, 40)
    before = rows(db)
    with pytest.raises(reading.NeedsConfirmation) as err, db.begin() as s:
        reading.record_count(s, desk, rid, 41, at=at_local(DAY, 10))
    assert err.value.field == "count" and "40" in err.value.english()
    assert rows(db) == before
    with db.begin() as s:
        reading.record_count(s, desk, rid, 40, at=at_local(DAY, 10))
        reading.record_count(s, desk, rid, 41, at=at_local(DAY, 11), confirm_over_capacity=True)
        assert reading.day_total(s, rid, DAY) == 81


def test_only_reading_rooms_in_service(db: Database, admin: Actor, desk: Actor) -> None:
    desk_point = room_id(db, "综合借阅处")
    rid = room_id(db, "电子阅览室")
    with pytest.raises(ValidationError) as err, db.begin() as s:
        reading.tap(s, desk, desk_point, at=at_local(DAY, 10))
    assert err.value.field == "room"
    with db.begin() as s:
        reading.tap(s, desk, rid, at=at_local(DAY, 10))
        sp.retire_service_point(s, admin, rid)
    with pytest.raises(ValidationError), db.begin() as s:
        reading.tap(s, desk, rid, at=at_local(DAY, 11))
    with db.begin() as s:  # its history stays and can be back-filled
        reading.back_fill(s, desk, rid, "2026年3月10日", "15:00", 4, "paper sheet")
        assert reading.day_total(s, rid, DAY) == 5
        assert [r.room_name for r in reading.room_totals(s, DAY, DAY)] == ["电子阅览室"]


def test_back_fill_needs_a_reason_and_a_valid_day(db: Database, desk: Actor) -> None:
    rid = room_id(db)
    before = rows(db)
    bad = [
        (("2026-03-10", "10:00", 5, "  "), "reason"),
        (("2026-02-30", "10:00", 5, "x"), "day"),
        (("10/03/2026", "10:00", 5, "x"), "day"),
        (((today() + dt.timedelta(days=2)).isoformat(), "10:00", 5, "x"), "day"),
        (("2026-03-10", "25:00", 5, "x"), "time"),
        (("2026-03-10", "06:30", 5, "x"), "time"),
        (("2026-03-10", "10:00", -5, "x"), "count"),
    ]
    for args, field in bad:
        with pytest.raises(ValidationError) as err, db.begin() as s:
            reading.back_fill(s, desk, rid, *args)
        assert err.value.field == field, args
    assert rows(db) == before
    with db.begin() as s:
        entry = reading.back_fill(s, desk, rid, "２０２６/３/１０", "１０：３０", "８", "从纸质登记表补录")
    assert entry.local_day == DAY and entry.counted_at.astimezone(LIBRARY_TZ).time() == dt.time(10, 30)
    assert entry.note == "从纸质登记表补录" and entry.method is CountMethod.TYPED
    with db.begin() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and last.action == "back_fill" and last.details["count"] == 8


def test_correction_keeps_old_value_with_who_and_why(db: Database, desk: Actor, manager: Actor) -> None:
    rid = room_id(db)
    with db.begin() as s:
        reading.record_count(s, desk, rid, 20, at=at_local(DAY, 9))
        wrong = reading.record_count(s, desk, rid, 35, at=at_local(DAY, 14))
    _, audits_before = rows(db)
    with db.begin() as s:
        fixed = reading.correct_count(s, manager, wrong.id, "25", "typo: 35 for 25")
    with db.begin() as s:
        assert reading.day_total(s, rid, DAY) == 45
        hist = reading.history(s, rid, DAY)
    assert rows(db)[1] == audits_before + 1
    old = next(h for h in hist if h.id == wrong.id)
    new = next(h for h in hist if h.id == fixed.id)
    assert not old.current and old.count == 35 and old.superseded_by_id == fixed.id and old.staff_name == "Desk1"
    assert new.current and new.count == 25 and new.replaced_count == 35 and new.note == "typo: 35 for 25"
    assert new.staff_name == "Boss" and new.counted_at == at_local(DAY, 14)
    with db.begin() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.staff_id == manager.staff_id
        assert (entry.action, entry.entity, entry.entity_id) == ("correct", "head_count", fixed.id)
        assert entry.details["old"] == 35 and entry.details["count"] == 25
    # the superseded value cannot be corrected again; reasons are required; nothing changes
    before = rows(db)
    with pytest.raises(Conflict), db.begin() as s:
        reading.correct_count(s, manager, wrong.id, 30, "again")
    with pytest.raises(ValidationError) as err, db.begin() as s:
        reading.correct_count(s, manager, fixed.id, 30, "")
    assert err.value.field == "reason"
    with pytest.raises(ValidationError), db.begin() as s:
        reading.correct_count(s, manager, fixed.id, -1, "x")
    assert rows(db) == before
    # a count made by mistake is withdrawn by correcting it to 0
    with db.begin() as s:
        reading.correct_count(s, desk, fixed.id, 0, "counted in the wrong room")
        assert reading.day_total(s, rid, DAY) == 20


def test_room_totals_by_day_month_year(db: Database, desk: Actor) -> None:
    p, n = room_id(db), room_id(db, "报纸阅览室")
    with db.begin() as s:
        reading.record_count(s, desk, p, 10, at=at_local(dt.date(2025, 12, 31), 20))
        reading.record_count(s, desk, p, 3, at=at_local(dt.date(2026, 1, 1), 8))
        reading.record_count(s, desk, p, 4, at=at_local(dt.date(2026, 1, 31), 21))
        reading.record_count(s, desk, n, 5, at=at_local(dt.date(2026, 2, 1), 9))
        reading.record_empty(s, desk, n, at=at_local(dt.date(2026, 2, 2), 9))
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    with db.begin() as s:
        days = reading.room_totals(s, first, last, "day")
        months = reading.room_totals(s, first, last, "month")
        years = reading.room_totals(s, dt.date(2025, 1, 1), last, "year")
        all_rooms = reading.attendance_totals(s, first, last, "month")
    assert [(t.room_name, t.period, t.total) for t in days] == [
        ("期刊阅览室", dt.date(2026, 1, 1), 3), ("期刊阅览室", dt.date(2026, 1, 31), 4),
        ("报纸阅览室", dt.date(2026, 2, 1), 5), ("报纸阅览室", dt.date(2026, 2, 2), 0)]
    assert [(t.room_name, t.period, t.total, t.entries) for t in months] == [
        ("期刊阅览室", dt.date(2026, 1, 1), 7, 2), ("报纸阅览室", dt.date(2026, 2, 1), 5, 2)]
    assert [(t.room_name, t.period, t.total) for t in years] == [
        ("期刊阅览室", dt.date(2025, 1, 1), 10), ("期刊阅览室", dt.date(2026, 1, 1), 7),
        ("报纸阅览室", dt.date(2026, 1, 1), 5)]
    assert all_rooms == [(dt.date(2026, 1, 1), 7), (dt.date(2026, 2, 1), 5)]


def test_month_totals_for_a_year_come_from_one_statement(db: Database, desk: Actor) -> None:
    """A year of counts in six rooms: the month totals per room are one SQL aggregation."""
    with db.begin() as s:
        rooms = [r.id for r in reading.reading_rooms(s)]
    year = 2025
    day = dt.date(year, 1, 1)
    expected: dict[tuple[int, int], int] = {}
    batch = []
    while day.year == year:
        for i, rid in enumerate(rooms):
            for hour, n in ((9, (day.day + i) % 7), (15, (day.month * 3 + i) % 11)):
                batch.append(HeadCount(room_id=rid, local_day=day, counted_at=at_local(day, hour), count=n,
                                       method=CountMethod.TYPED, staff_id=desk.staff_id))
                expected[(rid, day.month)] = expected.get((rid, day.month), 0) + n
        day += dt.timedelta(days=1)
    with db.begin() as s:
        s.add_all(batch)
    # one superseded entry that must not count
    with db.begin() as s:
        reading.correct_count(s, desk, batch[0].id, batch[0].count + 100, "test")
        expected[(rooms[0], 1)] += 100
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    with db.begin() as s:
        s.execute(select(1))  # the transaction's own BEGIN is not ours
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            totals = reading.room_totals(s, dt.date(year, 1, 1), dt.date(year, 12, 31), "month")
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1, statements
    assert "GROUP BY" in statements[0].upper() and "SUM" in statements[0].upper()
    got = {(t.room_id, t.period.month): t.total for t in totals}
    assert got == expected
    assert len(totals) == 12 * 6
    assert sum(t.total for t in totals) == sum(expected.values())


def test_permissions(db: Database, desk: Actor) -> None:
    rid = room_id(db)
    nobody = Actor(desk.staff_id, "x", "x", desk.role, "ws")
    with db.begin() as s:
        reading.tap(s, nobody, rid, at=at_local(DAY, 10))  # desk staff may count
    from workstation.services.reading import gate
    with pytest.raises(PermissionDenied), db.begin() as s:
        gate.create_counter(s, desk, "东门", "one_way")


def test_closed_days_are_not_counted(db: Database, manager: Actor, desk: Actor, tmp_path) -> None:
    from workstation.services import calendar as library_calendar
    from workstation.services.reading import gate
    from workstation.services.reading import importer as ri

    rid = room_id(db)
    holiday = dt.date(2026, 5, 1)  # a Friday
    monday = dt.date(2026, 3, 9)
    with db.begin() as s:
        library_calendar.add_closed_day(s, manager, holiday, "劳动节")
        library_calendar.set_weekly_closing(s, manager, [0])  # closed on Mondays
    before = rows(db)
    for call in (
        lambda s: reading.tap(s, desk, rid, at=at_local(holiday, 10)),
        lambda s: reading.record_empty(s, desk, rid, at=at_local(monday, 10)),
        lambda s: reading.back_fill(s, desk, rid, monday, "10:00", 3, "paper"),
        lambda s: gate.record_day_total(s, desk, holiday, 100),
    ):
        with pytest.raises(ValidationError) as err, db.begin() as s:
            call(s)
        assert err.value.field == "day" and "closed" in err.value.english()
    path = tmp_path / "closed.csv"
    path.write_text("日期,时间,阅览室,人数\n2026-03-10,10:00,期刊阅览室,4\n2026-03-09,10:00,期刊阅览室,4\n",
                    encoding="utf-8")
    with pytest.raises(ri.ImportRejected) as rejected, db.begin() as s:
        ri.import_file(s, desk, path)
    assert [(e.row, e.field) for e in rejected.value.errors] == [(3, "day")]
    assert rows(db) == before
    with db.begin() as s:
        assert reading.closed_days(s, dt.date(2026, 4, 27), dt.date(2026, 5, 4)) == {
            dt.date(2026, 4, 27), holiday, dt.date(2026, 5, 4)}
        reading.tap(s, desk, rid, at=at_local(DAY, 10))  # a Tuesday: open
