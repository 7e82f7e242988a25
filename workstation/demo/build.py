"""Build the demo database: Changzhi City Library's years as recorded transactions.

    build_demo(db, DemoOptions(years=2))        2018 and 2019, full size
    build_demo(db, DemoOptions(scale=0.01))     the same generator, 1 % of the row-by-row data
    build_demo(db, DemoOptions(years=10))       the benchmark database (about 4 million loans)

The central library (长治市图书馆) and two county branches (``demo.branches``: 襄垣县图书馆,
长子县图书馆) with their own desks, readers, items and loans. The same options and seed
give the same database. Only an empty database is filled; the
result is marked as a demo (library setting ``demo_database``) so that the ``demo``
command can tell it from a library's real data.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import func, select

from workstation.db import Database
from workstation.demo import branches, bulk, records
from workstation.demo import kiosks as demo_kiosks
from workstation.demo.accounts import MARKER
from workstation.demo.calendar import Trip, Year, closed_days, trip_schedule
from workstation.demo.targets import BOOKMOBILE, LAST_YEAR, YearTarget, demo_years, target
from workstation.errors import N_, Conflict
from workstation.models.circulation import Loan, Renewal
from workstation.models.config import LibrarySetting
from workstation.services.admin import checks, library
from workstation.services.admin import staff as staff_service

LIBRARY_NAME = "长治市图书馆"
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class DemoOptions:
    years: int = 2
    scale: float = 1.0
    seed: int = 2019

    @property
    def readers(self) -> int:
        return max(400, round(30_000 * self.years * self.scale))

    @property
    def items(self) -> int:
        return max(2_500, round(100_000 * self.years * self.scale))


@dataclass
class DemoReport:
    options: DemoOptions
    targets: dict[int, YearTarget]
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


def is_demo(db: Database) -> bool:
    with db.begin() as s:
        return s.get(LibrarySetting, MARKER) is not None


def demo_marker(db: Database) -> dict[str, object] | None:
    with db.begin() as s:
        row = s.get(LibrarySetting, MARKER)
        return None if row is None else dict(json.loads(row.value))


def targets_for(options: DemoOptions) -> dict[int, YearTarget]:
    return {y: target(y, options.scale) for y in demo_years(options.years)}


def catalogued_plan(goal: YearTarget, scale: float) -> dict[str, int]:
    """How many of the year's new books and audiovisual items are catalogued as items (the
    rest of the year's new holdings are dated acquisitions)."""
    return {"book": round(goal.new_holdings["book"] * scale),
            "audiovisual": goal.new_holdings["audiovisual"] if scale == 1 else 0}


def build_demo(db: Database, options: DemoOptions = DemoOptions(), progress: Progress | None = None) -> DemoReport:
    """Fill the empty database ``db`` with the demo years. SQLite only (bulk loading)."""
    started = time.perf_counter()
    say = progress or (lambda _stage, _fraction: None)
    if db.backend != "sqlite":
        raise Conflict(N_("The demonstration database is built on SQLite only."))
    with db.begin() as s:
        if staff_service.has_any_staff(s):
            raise Conflict(N_("The database already holds accounts; the demonstration data goes only into a new, "
                              "empty database."))
    years = demo_years(options.years)
    goals = targets_for(options)
    report = DemoReport(options, goals)
    say("accounts", 0.0)
    with db.begin() as s:
        admin = records.create_accounts(s, options.seed)
        records.configure(s, admin, years)
        library.set_library_name(s, admin, LIBRARY_NAME)
        county = branches.configure(s, admin, options.seed)
        s.add(LibrarySetting(key=MARKER, value=json.dumps(
            {"seed": options.seed, "years": options.years, "scale": options.scale,
             "built": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})))
    with db.begin() as s:
        ids = records.staff_ids(s)
        points = records.point_ids(s)
        rooms = records.room_point_ids(s)
        stops = records.bookmobile_stop_ids(s)
        manager = records.actor_for(s, "demo-manager")
        desk_actor = records.actor_for(s, "zhangli")
        team = [records.actor_for(s, u) for u in ("guolei", "demo-desk")]
    calendars = {y: Year.of(y) for y in years}
    trips: dict[int, list[Trip]] = {y: trip_schedule(calendars[y], goals[y].bookmobile_trips, len(stops))
                                    for y in years}
    rng = np.random.default_rng([options.seed, 99])
    projects: dict[str, int] = {}
    for k, y in enumerate(years):
        say(f"{y}: activities, trips, volunteers, metrics, digitization", 0.02 + 0.12 * k / len(years))
        with db.begin() as s:
            records.record_activities(s, manager, calendars[y], goals[y], rng)
            records.record_trips(s, desk_actor.at(points.get(BOOKMOBILE)), trips[y], stops)
            records.record_volunteers(s, manager, calendars[y], goals[y].volunteer_hours, rng)
            records.record_metrics(s, manager, goals[y], rng)
            records.record_acquisitions(s, manager, goals[y], catalogued_plan(goals[y], options.scale))
            if y >= 2018:
                if not projects:
                    projects = records.create_projects(s, manager)
                records.record_digitization(s, team, projects, y, rng, unfinished=y == LAST_YEAR,
                                            scale=options.scale)
    with db.begin() as s:  # the county branches' own activities
        report.rows["branch_activities"] = branches.record_activities(s, county, years)
    report.rows.update(_bulk(db, options, goals, calendars, trips, ids, points, rooms, stops, say, county))
    with db.begin() as s:  # the loans and renewals made in bulk, each range in one audit entry
        for entity, model in (("loan", Loan), ("renewal", Renewal)):
            first, last, n = s.execute(select(func.min(model.id), func.max(model.id), func.count())).one()
            if n:
                checks.record_bulk_load(s, admin, entity, first, last, n, "demo generator")
    with db.begin() as s:  # self-service kiosks and readers' PINs, for kiosk simulators
        admin_actor = records.actor_for(s, "demo-admin")
        demo_kiosks.create_kiosks(s, admin_actor)
        demo_kiosks.set_reader_pins(s, admin_actor)
    say("done", 1.0)
    report.seconds = time.perf_counter() - started
    return report


def _bulk(db: Database, options: DemoOptions, goals: dict[int, YearTarget], calendars: dict[int, Year],
          trips: dict[int, list[Trip]], ids: dict[str, int], points: dict[str, int], rooms: dict[str, int],
          stops: list[int], say: Progress, county: list[branches.BranchIds]) -> dict[str, int]:
    years = list(goals)
    desk_staff = {0: [ids["zhangli"], ids["wanghong"]], 1: [ids["wanghong"], ids["liujing"]],
                  2: [ids["liujing"], ids["zhangli"]], 3: [ids["sunpeng"], ids["sunpeng"]]}
    ctx = bulk.Context(points, rooms, stops, desk_staff, [ids["wuna"]], options.seed, years[0], years,
                       options.scale)
    ctx.trip_days = np.array(sorted(t.day.toordinal() for y in years for t in trips[y]), dtype=np.int64)
    clock = bulk.Clock(years[0], years[-1])
    open_days = {y: calendars[y].open_days() for y in years}
    closed = {d.toordinal() for y in range(years[0] - 30, years[-1] + 2) if y in _festival_years()
              for d, _ in closed_days(y)}
    plan = {y: catalogued_plan(goals[y], options.scale) for y in years}
    rows: dict[str, int] = {}
    raw = db.engine.raw_connection()
    try:
        con = raw.driver_connection
        assert con is not None
        con.execute("PRAGMA synchronous=OFF")  # the load only; the program itself runs with FULL
        con.execute("PRAGMA cache_size=-200000")
        index_sql = [sql for (sql,) in con.execute(
            "SELECT sql FROM sqlite_master WHERE type='index' AND tbl_name IN ('loan', 'renewal') "
            "AND sql IS NOT NULL")]
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='index' "
                                   "AND tbl_name IN ('loan', 'renewal') AND sql IS NOT NULL").fetchall():
            con.execute(f'DROP INDEX "{name}"')
        total_loans = sum(g.loans_total for g in goals.values())
        con.execute("BEGIN")
        say("readers", 0.15)
        rows["readers"] = bulk.executemany(con, bulk.READER_SQL, bulk.reader_rows(ctx, clock, options.readers,
                                                                                     open_days))
        say("items", 0.2)
        rows["items"] = bulk.executemany(
            con, bulk.ITEM_SQL, bulk.item_rows(ctx, clock, options.items, {y: p["book"] for y, p in plan.items()},
                                               {y: p["audiovisual"] for y, p in plan.items()}, open_days),
            progress=lambda n: say("items", 0.2 + 0.1 * n / options.items))
        rows.update(branches.reader_and_item_rows(con, county, clock, years, options.scale, options.seed, open_days))
        rows["records"] = bulk.records_for_items(con)
        con.execute("COMMIT")
        done = 0
        next_open = bulk._next_open(closed, clock.base, clock.last)
        rows["loans"] = rows["renewals"] = rows["head_counts"] = rows["visitor_days"] = rows["gate_readings"] = 0
        open_items: list[int] = []
        for y in years:
            con.execute("BEGIN")
            loans = bulk.year_loans(ctx, clock, calendars[y], goals[y], trips[y], closed, y == years[-1])
            base = done

            def tick(n: int, base: int = base, year: int = y) -> None:
                say(f"loans {year}", 0.3 + 0.6 * (base + n) / max(total_loans, 1))

            rows["loans"] += bulk.executemany(con, bulk.LOAN_SQL, loans.rows, progress=tick)
            done += len(loans.rows)
            rows["renewals"] += bulk.executemany(con, bulk.RENEWAL_SQL, loans.renewals)
            rows["head_counts"] += bulk.executemany(con, bulk.HEAD_COUNT_SQL,
                                                    bulk.head_count_rows(ctx, clock, calendars[y], goals[y]))
            rows["visitor_days"] += bulk.executemany(con, bulk.VISITOR_SQL,
                                                     bulk.visitor_rows(ctx, clock, calendars[y], goals[y]))
            open_items += loans.open_items
            for branch in county:  # the branches' year, after the central library's
                lent, renewed, counted, still_out = branches.year_rows(
                    branch, clock, calendars[y], next_open, options.scale, options.seed, ctx.next_loan_id,
                    y == years[-1])
                ctx.next_loan_id += len(lent)
                rows["loans"] += bulk.executemany(con, bulk.LOAN_SQL, lent)
                rows["renewals"] += bulk.executemany(con, bulk.RENEWAL_SQL, renewed)
                rows["head_counts"] += bulk.executemany(con, bulk.HEAD_COUNT_SQL, counted)
                rows["gate_readings"] += bulk.executemany(con, branches.GATE_SQL, branches.gate_rows(
                    branch, clock, calendars[y], options.scale, options.seed, y == years[0]))
                open_items += still_out
            con.execute("COMMIT")
        con.execute("BEGIN")
        con.executemany("UPDATE item SET status = 'on_loan' WHERE id = ?", [(i,) for i in open_items])
        con.execute("COMMIT")
        say("indexes", 0.92)
        for sql in index_sql:
            con.execute(sql)
        con.execute("ANALYZE")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA synchronous=FULL")
    finally:
        raw.close()
    return rows


def _festival_years() -> set[int]:
    from workstation.demo.calendar import SPRING_FESTIVAL

    return set(SPRING_FESTIVAL)


def describe(report: DemoReport) -> str:
    o = report.options
    rows = ", ".join(f"{k} {v:,}" for k, v in report.rows.items())
    return f"years {o.years}, scale {o.scale}, seed {o.seed}: {rows} in {report.seconds:.0f} s"

