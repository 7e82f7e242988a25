"""The demo's two county branches (总分馆): 襄垣县图书馆 and 长子县图书馆, each a library with
its own lending desk, reading room, entrance gate counter, librarians, readers, items, loans,
renewals, reading-room counts and gate readings, generated like the central library's
(``bulk``) but much smaller.

The central library's records are untouched: its figures still equal the annual report
(``targets.SEED_2019``); each branch's equal ``targets.branch_target`` exactly. Each branch
also holds a few reader activities of its own in 2018 and 2019 (``ACTIVITIES``, recorded by its
librarian; ``activity_target`` says what they add up to). The kiosks, the bookmobile and the
other outreach records stay the central library's.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from workstation.demo import bulk
from workstation.demo.calendar import Year, allocate
from workstation.demo.records import staff_password
from workstation.demo.targets import BRANCHES, Branch, branch_target
from workstation.models import Role, ServicePoint, Staff
from workstation.models.outreach import ActivityCategory
from workstation.services.admin import libraries, service_points
from workstation.services.admin import staff as staff_service
from workstation.services.context import Actor
from workstation.services.outreach import activities as outreach
from workstation.services.reading import gate

# each branch's own activities, held in 2018 and in 2019: (month, day, title, category code,
# participants in 2019); 2018 had nine tenths of the people. Only the 文化大讲堂 / 健康大讲堂
# categories are lectures (no other title holds a lecture word of the form's mapping).
ACTIVITY_YEARS = (2018, 2019)
LECTURE_CATEGORIES = ("culture_lecture", "health_lecture")
ACTIVITIES: dict[str, tuple[tuple[int, int, str, str, int], ...]] = {
    "XY": ((3, 8, "襄垣县图书馆“三八”女性读书分享会", "reading_promotion", 60),
           (4, 23, "世界读书日·襄垣全民阅读推广", "reading_promotion", 150),
           (6, 15, "文化大讲堂·襄垣分场：太行山水与上党文化", "culture_lecture", 120),
           (7, 20, "襄垣暑期少儿绘本共读", "youth", 45),
           (10, 19, "健康大讲堂·襄垣分场：秋冬养生", "health_lecture", 90)),
    "ZZ": ((4, 23, "世界读书日·长子全民阅读推广", "reading_promotion", 110),
           (5, 18, "文化大讲堂·长子分场：长子县的历史与传说", "culture_lecture", 80),
           (8, 5, "长子暑期少儿读书会", "youth", 40)),
}


@dataclass(frozen=True)
class ActivityTarget:
    """What a branch's own activities of one year add up to."""

    activities: int
    activity_participants: int
    lectures: int


def _people(participants: int, year: int) -> int:
    return participants if year == ACTIVITY_YEARS[-1] else round(participants * 0.9)


def activity_target(branch: Branch, year: int) -> ActivityTarget:
    plan = ACTIVITIES.get(branch.code, ()) if year in ACTIVITY_YEARS else ()
    return ActivityTarget(len(plan), sum(_people(p[4], year) for p in plan),
                          sum(1 for p in plan if p[3] in LECTURE_CATEGORIES))


def record_activities(session: Session, branches: list[BranchIds], years: list[int]) -> int:
    """Each branch's activities of ``years`` (those of ``ACTIVITY_YEARS``), recorded through
    the service by the branch's first librarian: they belong to the branch's library."""
    codes = dict(session.execute(select(ActivityCategory.code, ActivityCategory.id)).all())
    made = 0
    for ids in branches:
        staff = session.get(Staff, ids.staff[0])
        assert staff is not None
        librarian = Actor.of(staff, "demo", ids.desk)
        for year in (y for y in years if y in ACTIVITY_YEARS):
            for month, day, title, code, people in ACTIVITIES.get(ids.branch.code, ()):
                outreach.record_activity(session, librarian, outreach.ActivityInput(
                    title, codes[code], dt.date(year, month, day), place=ids.branch.name,
                    participants=_people(people, year)))
                made += 1
    return made

ITEM_SQL = ("INSERT INTO item (id, barcode, title, author, isbn, call_number, clc_class, collection_type, "
            f"home_point_id, library_id, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'book', ?, ?, 'available', "
            f"{bulk.TS_SQL})")
CLC = ["I247.5", "K29", "F32", "S5", "R24", "G624", "I287.5", "TS97", "D63", "J21"]


@dataclass
class BranchIds:
    branch: Branch
    library: int
    desk: int
    room: int
    staff: list[int]
    counter: int = 0
    counter_reading: int = 0  # what its gate counter shows now (the demo's counter never rolls over)
    readers: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))   # ids, registration order
    reader_days: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    items: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))     # the lending cycle
    new_items: dict[int, np.ndarray] = field(default_factory=dict)                      # year → ids
    pointer: int = 0


def configure(session: Session, admin: Actor, seed: int) -> list[BranchIds]:
    """The branch libraries, their desk and reading room, and two librarians each, through
    the services (the library of a desk and an account is set as the city's admin would)."""
    out: list[BranchIds] = []
    for branch in BRANCHES:
        library = libraries.create_library(session, admin, branch.code, branch.name).id
        desk = service_points.create_service_point(session, admin, branch.desk, "lending_desk").id
        room = service_points.create_service_point(session, admin, branch.room, "reading_room").id
        service_points.set_seats(session, admin, room, branch.seats)
        session.execute(update(ServicePoint).where(ServicePoint.id.in_([desk, room])).values(library_id=library))
        staff = [staff_service.create_staff(session, admin, username, name, Role.DESK,
                                            staff_password(seed, username)).id for username, name in branch.staff]
        session.execute(update(Staff).where(Staff.id.in_(staff)).values(library_id=library))
        counter = gate.create_counter(session, admin, branch.gate, "one_way", library_id=library).id
        out.append(BranchIds(branch, library, desk, room, staff, counter, 40_000 + 1_000 * len(out)))
    return out


def _next_id(con: sqlite3.Connection, table: str) -> int:
    return int(con.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def reader_and_item_rows(con: sqlite3.Connection, branches: list[BranchIds], clock: bulk.Clock, years: list[int],
                         scale: float, seed: int, open_days: dict[int, np.ndarray]) -> dict[str, int]:
    """Each branch's readers (registered at its desk) and items (owned by it: held before
    the demo years, then each year's new books)."""
    rows = {"branch_readers": 0, "branch_items": 0}
    first = dt.date(years[0], 1, 1).toordinal()
    for k, ids in enumerate(branches):
        b = ids.branch
        rng = np.random.default_rng([seed, 70, k])
        n = max(60, round(b.readers_per_year * len(years) * scale))
        legacy = int(n * 0.4)
        days = np.empty(n, dtype=np.int64)
        days[:legacy] = rng.integers(first - 5 * 365, first, size=legacy)
        at = legacy
        for y, m in zip(years, allocate(n - legacy, np.ones(len(years))).tolist(), strict=True):
            days[at:at + m] = rng.choice(open_days[y], size=m)
            at += m
        days.sort()
        start = _next_id(con, "reader")
        ids.readers, ids.reader_days = np.arange(start, start + n), days
        rows["branch_readers"] += bulk.executemany(con, bulk.READER_SQL, _readers(ids, clock, rng, start))
        start = _next_id(con, "item")
        held = max(300, round(b.items_per_year * len(years) * scale))
        plan = [(np.sort(rng.integers(first - 15 * 365, first, size=held)), 0)]
        for y in years:
            plan.append((np.sort(rng.choice(open_days[y], size=branch_target(b, y, scale).new_books)), y))
        rows["branch_items"] += bulk.executemany(con, ITEM_SQL, _items(ids, clock, rng, start, plan))
        ids.items = rng.permutation(np.arange(start, start + held))
    return rows


def _readers(ids: BranchIds, clock: bulk.Clock, rng: np.random.Generator, start: int) -> Iterator[tuple[object, ...]]:
    b = ids.branch
    n = ids.readers.size
    epochs = clock.epoch(ids.reader_days, bulk._seconds(rng, n))
    surname = rng.integers(0, len(bulk.SURNAMES), size=n)
    given = rng.integers(0, len(bulk.GIVEN), size=(n, 2))
    phone = rng.integers(10_000_000, 99_999_999, size=n)
    for i, day in enumerate(clock.day_text(ids.reader_days)):
        registered = dt.date.fromisoformat(day)
        child = i % 4 == 0
        birth = dt.date(registered.year - (7 + i % 9 if child else 19 + i % 50), 1 + i % 12, 1 + i % 28)
        body = f"{b.region}{birth:%Y%m%d}{i % 1000:03d}"
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
        name = bulk.SURNAMES[surname[i]] + bulk.GIVEN[given[i, 0]] + (bulk.GIVEN[given[i, 1]] if i % 3 else "")
        yield (start + i, f"{b.region[-4:]}{i + 1:08d}", name, "child" if child else "adult", "resident_id",
               body + check, f"13{phone[i]:09d}", ids.desk, int(epochs[i]),
               (dt.date(2028, 12, 31) + dt.timedelta(days=i % 365)).isoformat())


def _items(ids: BranchIds, clock: bulk.Clock, rng: np.random.Generator, start: int,
           plan: list[tuple[np.ndarray, int]]) -> Iterator[tuple[object, ...]]:
    k = 0
    for days, year in plan:
        epochs = clock.epoch(days, rng.integers(9 * 3600, 17 * 3600, size=days.size))
        if year:
            ids.new_items[year] = np.arange(start + k, start + k + days.size)
        for j in range(days.size):
            clc = CLC[(k + j) % len(CLC)]
            title = f"{bulk.WORDS_A[(k + j) % len(bulk.WORDS_A)]}{bulk.WORDS_B[(k * 7 + j) % len(bulk.WORDS_B)]}"
            author = bulk.SURNAMES[(k + j) % len(bulk.SURNAMES)] + bulk.GIVEN[(k + j * 3) % len(bulk.GIVEN)]
            yield (start + k + j, f"{ids.branch.code}{k + j + 1:08d}", title, author,
                   bulk._isbn(900_000 + start + k + j), f"{clc}/{(k + j) % 900 + 100}", clc, ids.desk, ids.library,
                   int(epochs[j]))
        k += days.size


def year_rows(ids: BranchIds, clock: bulk.Clock, year: Year, next_open: np.ndarray, scale: float, seed: int,
              next_loan_id: int, last_year: bool) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]],
                                                            list[tuple[object, ...]], list[int]]:
    """One branch's loans, renewals and reading-room counts of ``year`` (exactly its
    target), and the items still out at the end of the last year."""
    b = ids.branch
    goal = branch_target(b, year.year, scale)
    rng = np.random.default_rng([seed, 71, year.year, ids.library])
    if year.year - 1 in ids.new_items:  # last year's new books are lent first
        ids.items = np.concatenate([ids.items[:ids.pointer], ids.new_items[year.year - 1], ids.items[ids.pointer:]])
    n = goal.loans
    day = np.repeat(year.open_days(), allocate(n, year.weights("adult", rng)))
    secs = bulk._seconds(rng, n)
    order = np.lexsort((secs, day))
    day, secs = day[order], secs[order]
    items = ids.items[(ids.pointer + np.arange(n)) % ids.items.size]
    ids.pointer = int((ids.pointer + n) % ids.items.size)
    year_start, year_end = int(year.ordinal[0]), int(year.ordinal[-1])
    pool = max(int(np.searchsorted(ids.reader_days, year_start)), min(50, ids.readers.size))
    readers = ids.readers[np.floor(pool * rng.random(n) ** 1.6).astype(np.int64)]
    base = clock.base
    due = next_open[day + bulk.LOAN_DAYS - base]
    eligible = np.flatnonzero(day <= year_end - 40)
    renewed = np.sort(rng.choice(eligible, size=min(goal.renewals, eligible.size), replace=False))
    if renewed.size != goal.renewals:
        raise ValueError(f"{year.year}: too many renewals for the loans of {b.name}")
    r_day = next_open[day[renewed] + rng.integers(18, 30, size=renewed.size) - base]
    r_secs = bulk._seconds(rng, renewed.size)
    new_due = due.copy()
    new_due[renewed] = next_open[due[renewed] + bulk.LOAN_DAYS - base]
    keep = np.minimum(np.ceil(rng.gamma(2.2, 8.0, size=n)).astype(np.int64) + 1, 75)
    back = day + keep
    back[renewed] = r_day + rng.integers(3, 31, size=renewed.size)
    back = next_open[np.minimum(back, clock.last) - base]
    back_secs = bulk._seconds(rng, n)
    back_secs = np.where(back == day, np.maximum(back_secs, secs + 600), back_secs)
    is_open = back > year_end if last_year else np.zeros(n, dtype=bool)
    if last_year:  # one open loan per item: an earlier one of the same item came back on the last day
        out_items = items[is_open]
        _, last_pos = np.unique(out_items[::-1], return_index=True)
        keep_open = np.zeros(out_items.size, dtype=bool)
        keep_open[out_items.size - 1 - last_pos] = True
        fix = np.flatnonzero(is_open)[~keep_open]
        is_open[fix] = False
        back[fix] = year_end
        back_secs[fix] = np.maximum(19 * 3600, secs[fix] + 600)
    lent, returned = clock.epoch(day, secs), clock.epoch(back, back_secs)
    staff = np.array(ids.staff)[(day + (secs >= 13 * 3600)) % 2]
    back_staff = np.array(ids.staff)[(back + (back_secs >= 13 * 3600)) % 2]
    renewal_count = np.zeros(n, dtype=np.int64)
    renewal_count[renewed] = 1
    loan_ids = np.arange(next_loan_id, next_loan_id + n)
    day_text, due_text, back_text = clock.day_text(day), clock.day_text(new_due), clock.day_text(back)
    loans: list[tuple[object, ...]] = []
    for i, (lid, item, reader, who, when, count, came, who_back, out) in enumerate(zip(
            loan_ids.tolist(), items.tolist(), readers.tolist(), staff.tolist(), lent.tolist(),
            renewal_count.tolist(), returned.tolist(), back_staff.tolist(), is_open.tolist(), strict=True)):
        loans.append((lid, item, reader, ids.desk, None, who, when, day_text[i], due_text[i], count,
                      None if out else came, None if out else back_text[i], None if out else ids.desk, None,
                      None if out else who_back))
    r_epoch = clock.epoch(r_day, r_secs)
    r_staff = np.array(ids.staff)[(r_day + (r_secs >= 13 * 3600)) % 2]
    r_text, old_text, new_text = clock.day_text(r_day), clock.day_text(due[renewed]), clock.day_text(new_due[renewed])
    renewals: list[tuple[object, ...]] = [
        (int(loan_ids[j]), ids.desk, int(r_staff[k]), int(r_epoch[k]), r_text[k], old_text[k], new_text[k])
        for k, j in enumerate(renewed.tolist())]
    counts = allocate(goal.reading, year.weights("quiet", rng))
    open_days = year.open_days()
    moments = clock.epoch(open_days, np.full(open_days.size, 15 * 3600 + 30 * 60))
    heads: list[tuple[object, ...]] = [
        (ids.room, d, int(m), int(c), "typed" if c else "empty", ids.staff[i % 2], int(m))
        for i, (d, m, c) in enumerate(zip(clock.day_text(open_days), moments.tolist(), counts.tolist(), strict=True))]
    return loans, renewals, heads, items[is_open].tolist()


GATE_SQL = ("INSERT INTO gate_reading (counter_id, local_day, read_at, reading, method, staff_id, entered_at, note) "
            f"VALUES (?, ?, {bulk.TS_SQL}, ?, 'typed', ?, {bulk.TS_SQL}, '')")


def gate_rows(ids: BranchIds, clock: bulk.Clock, year: Year, scale: float, seed: int, first_year: bool
              ) -> list[tuple[object, ...]]:
    """One branch's gate readings of ``year``: what its counter shows after closing on each
    open day (the year's visitors exactly its target), and, in the first year, the reading
    before opening on the first day that starts the counting."""
    goal = branch_target(ids.branch, year.year, scale)
    rng = np.random.default_rng([seed, 72, year.year, ids.library])
    days = year.open_days()
    counts = allocate(goal.visitors, year.weights("adult", rng))
    closing = clock.epoch(days, np.full(days.size, 18 * 3600 + 20 * 60))
    out: list[tuple[object, ...]] = []
    day_text = clock.day_text(days)
    if first_year:
        start = int(clock.epoch(days[:1], np.array([8 * 3600 + 10 * 60]))[0])
        out.append((ids.counter, day_text[0], start, ids.counter_reading, ids.staff[0], start))
    for i, (day, moment, n) in enumerate(zip(day_text, closing.tolist(), counts.tolist(), strict=True)):
        ids.counter_reading += int(n)
        out.append((ids.counter, day, int(moment), ids.counter_reading, ids.staff[i % 2], int(moment)))
    return out
