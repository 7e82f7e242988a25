"""Statistics benchmark: prints figures, it does not assert them.

1. The yardstick: one bare ``GROUP BY month, desk`` over the whole loans table, measured
   in the same run on the same connection.
2. All yearly figures (``reports.statistics.year_figures``: loans, renewals, reading rooms,
   visitors, outreach, new holdings, digitization, activities, the comparison year) and
   their ratio to the yardstick (target ≤ 0.5): for the city (every library), and, when the
   database has branches (the ten-year demo has the central library and two county
   branches), for each library on its own.
3. The yearly workbook: figures read and the file written (target ≤ 3 s).
4. The Charts tab redrawing a year: figures read, the chart on show built and drawn
   (target ≤ 300 ms), the median over alternating years with the first page on show; then
   the median of three with each page on show.

    python -m benchmarks.bench_statistics [--db PATH] [--build] [--readers N --items N --loans N]
    python -m benchmarks.bench_statistics --pg URL [--readers N --items N --loans N]

The dataset is the circulation benchmark's (``benchmarks.circulation_data``: by default ten
years, 4,000,000 loans), plus a year of reading-room counts and gate totals added here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select, text

from benchmarks import circulation_data as data
from workstation.db import Database, open_database
from workstation.models import ServicePoint, ServicePointKind, Staff
from workstation.models.circulation import Loan
from workstation.models.reading import HeadCount, VisitorDay
from workstation.reports.statistics import several_libraries, year_figures
from workstation.reports.workbook import write_workbook
from workstation.services.context import Actor
from workstation.timeutil import at_local

BARE = {
    "sqlite": "SELECT strftime('%Y-%m', local_day) AS month, service_point_id, count(*) FROM loan "
              "GROUP BY month, service_point_id",
    "postgresql": "SELECT date_trunc('month', local_day) AS month, service_point_id, count(*) FROM loan "
                  "GROUP BY month, service_point_id",
}


def median_s(fn: object, n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def add_counts(db: Database, year: int) -> None:
    """Five headcounts per room and day and a gate total per day for ``year`` (once)."""
    with db.begin() as s:
        if s.scalar(select(func.count(VisitorDay.id)).where(VisitorDay.local_day.between(
                dt.date(year, 1, 1), dt.date(year, 12, 31)))):
            return
        staff = s.scalar(select(Staff.id).order_by(Staff.id))
        rooms = list(s.scalars(select(ServicePoint.id).where(ServicePoint.kind == ServicePointKind.READING_ROOM)))
        rng = random.Random(year)
        counts, days = [], []
        day = dt.date(year, 1, 1)
        while day.year == year:
            for room in rooms:
                for hour in (9, 11, 14, 16, 19):
                    moment = at_local(day, hour)
                    counts.append({"room_id": room, "local_day": day, "counted_at": moment, "count": rng.randrange(40),
                                   "method": "typed", "staff_id": staff, "entered_at": moment, "note": ""})
            moment = at_local(day, 21)
            days.append({"local_day": day, "count": rng.randrange(800, 2000), "method": "typed", "staff_id": staff,
                         "entered_at": moment, "note": ""})
            day += dt.timedelta(days=1)
        s.execute(HeadCount.__table__.insert(), counts)
        s.execute(VisitorDay.__table__.insert(), days)


def build_postgresql(url: str, readers: int, items: int, loans: int) -> Database:
    """The same shape of data on PostgreSQL, made by the server itself (generate_series):
    ten years of returned loans spread over the lending desks and the bookmobile, items in
    22 CLC classes. The loan trigger keeps the daily counts while the rows go in."""
    db = open_database(url)
    with db.begin() as s:
        if (s.scalar(select(func.count(Loan.id))) or 0) >= loans:
            return db
        staff = s.scalar(select(Staff.id).order_by(Staff.id))
        if staff is None:
            from workstation.services.admin import staff as staff_service

            staff = staff_service.create_first_admin(s, "bench", "基准测试", data.PASSWORD).id
        points = list(s.scalars(select(ServicePoint.id).where(ServicePoint.kind.in_(
            [ServicePointKind.LENDING_DESK, ServicePointKind.BOOKMOBILE])).order_by(ServicePoint.id)))
    params = {"readers": readers, "items": items, "loans": loans, "staff": staff, "points": points,
              "start": dt.datetime.now(dt.UTC) - dt.timedelta(days=3650)}
    with db.begin() as s:
        s.execute(text(
            "INSERT INTO reader (card_number, name, category, id_type, id_number, registered_point_id, registered_at,"
            " valid_until, status, deposit) SELECT 'R' || g, '读者' || g, 'adult', 'other', 'P' || g, "
            "(:points)[1 + g % cardinality(CAST(:points AS int[]))], :start, DATE '2100-01-01', 'active', 0 "
            "FROM generate_series(1, :readers) g"), params)
        s.execute(text(
            "INSERT INTO item (barcode, title, author, call_number, clc_class, collection_type, status, created_at) "
            "SELECT 'T' || g, '图书' || g, '', '', substr('ABCDEFGHIJKNOPQRSTUVXZ', 1 + g % 22, 1) || '247', "
            "'book', 'available', :start FROM generate_series(1, :items) g"), params)
        s.execute(text(
            "INSERT INTO loan (item_id, reader_id, service_point_id, staff_id, lent_at, local_day, due_date, "
            "renewal_count, returned_at, return_local_day, return_point_id, return_staff_id) "
            "SELECT 1 + (g * 7919) % :items, 1 + (g * 104729) % :readers, p, :staff, t, "
            "CAST(t AT TIME ZONE 'Asia/Shanghai' AS date), CAST(t AT TIME ZONE 'Asia/Shanghai' AS date) + 30, 0, "
            "t + interval '10 days', CAST(t AT TIME ZONE 'Asia/Shanghai' AS date) + 10, p, :staff "
            "FROM (SELECT g, (:points)[1 + g % cardinality(CAST(:points AS int[]))] AS p, "
            "CAST(:start AS timestamptz) + (g * 315000000 / :loans) * interval '1 second' AS t "
            "FROM generate_series(CAST(1 AS bigint), :loans) g) x"), params)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    return db


def chart_redraw(db: Database, year: int, n: int) -> tuple[float, dict[str, float]]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workstation.ui.context import AppContext
    from workstation.ui.i18n import install_font, install_translations
    from workstation.ui.statistics.charts_tab import ChartsTab

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    install_font(app)
    install_translations(app)
    with db.begin() as s:
        staff = s.scalar(select(Staff).order_by(Staff.id))
        assert staff is not None
        actor = Actor.of(staff, "bench")
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    tab = ChartsTab(AppContext(db, actor, None, settings))
    tab.resize(1200, 800)
    tab.show()
    app.processEvents()
    tab.year.blockSignals(True)
    tab.year.setValue(year)
    tab.year.blockSignals(False)
    tab.refresh()
    times = []
    for i in range(n):
        tab.year.blockSignals(True)
        tab.year.setValue(year - i % 2)  # alternate two years: nothing is cached between redraws
        tab.year.blockSignals(False)
        t0 = time.perf_counter()
        tab.refresh()
        times.append(time.perf_counter() - t0)
        app.processEvents()
    pages = {}
    for key, page in tab.chart_pages.items():
        tab.pages.setCurrentWidget(page)
        app.processEvents()
        pages[key] = median_s(tab.refresh, 3)
    tab.close()
    return statistics.median(times), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="a dataset built by benchmarks.circulation_data")
    parser.add_argument("--build", action="store_true", help="(re)build the dataset at --db first")
    parser.add_argument("--readers", type=int, default=300_000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--loans", type=int, default=4_000_000)
    parser.add_argument("--year", type=int, default=None, help="default: the last complete year of the data")
    parser.add_argument("-n", type=int, default=5, help="repetitions per figure (median)")
    parser.add_argument("--no-gui", action="store_true")
    parser.add_argument("--pg", metavar="URL", help="a PostgreSQL database to fill (generate_series) and measure")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "bench.sqlite3"
    if args.pg:
        t0 = time.perf_counter()
        db = build_postgresql(args.pg, args.readers, args.items, args.loans)
        print(f"PostgreSQL dataset ready in {time.perf_counter() - t0:,.0f} s")
        path = Path(tempfile.mkdtemp()) / "pg"
        path.mkdir()
    else:
        if args.build or not path.exists():
            print("building", path, data.build(path, args.readers, args.items, args.loans))
        db = open_database(f"sqlite:///{path}")
    year = args.year or dt.date.today().year - 1
    add_counts(db, year)
    with db.begin() as s:
        loans = s.scalar(select(func.count(Loan.id))) or 0
        in_year = s.scalar(select(func.count(Loan.id)).where(
            Loan.local_day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))) or 0
    where = db.display_name() if args.pg else f"{path} ({path.stat().st_size / 2**20:,.0f} MiB)"
    print(f"database: {where}, {loans:,} loans, {in_year:,} in {year}")

    def bare() -> None:
        with db.begin() as s:
            s.execute(text(BARE[db.backend])).all()

    def figures() -> None:
        with db.begin() as s:
            year_figures(s, year)

    out = path.parent / f"statistics-{year}.xlsx"

    def workbook() -> None:
        with db.begin() as s:
            found = year_figures(s, year)
        write_workbook(found, out)

    bare()  # warm the cache for both sides alike
    figures()
    t_bare = median_s(bare, args.n)
    t_figures = median_s(figures, args.n)
    with db.begin() as s:
        libraries = [(library.id, library.code, library.name) for library in several_libraries(s)]
    print(f"bare GROUP BY month, desk over all loans: {t_bare * 1000:,.0f} ms")
    print(f"all yearly figures of {year}:            {t_figures * 1000:,.0f} ms  "
          f"ratio {t_figures / t_bare:.3f} (target <= 0.5)" + (f"  [the city, {len(libraries)} libraries]"
                                                                if libraries else ""))
    for library_id, code, name in libraries:

        def of_library(library_id: int = library_id) -> None:
            with db.begin() as s:
                year_figures(s, year, library_id=library_id)

        t_library = median_s(of_library, args.n)
        print(f"yearly figures of {year}, library {code}: {t_library * 1000:,.0f} ms  "
              f"ratio {t_library / t_bare:.3f} (target <= 0.5)  [{name}]")
    t_book = median_s(workbook, args.n)
    print(f"yearly workbook (figures + file):        {t_book * 1000:,.0f} ms  (target <= 3,000 ms) -> {out}")
    if not args.no_gui:
        redraw, pages = chart_redraw(db, year, max(args.n, 5))
        print(f"Charts tab redraws a year:               {redraw * 1000:,.0f} ms  (target <= 300 ms)")
        print("  the same with each page on show: " + ", ".join(f"{k} {v * 1000:,.0f} ms" for k, v in pages.items()))
    db.dispose()


if __name__ == "__main__":
    main()
