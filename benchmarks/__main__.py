"""The benchmark suite: ``python -m benchmarks [--db PATH] [--json out.json]``.

Builds (or reuses) the ten-year demo database, checks that the program's yearly statistics
of every demo year equal their targets (2019: the annual report's table), then runs every
benchmark the issues name, each beside the bare baseline measured in the same run:

* circulation (issue 3, ``benchmarks.bench_circulation``): checkout through the services
  against a bare SQLite transaction; a reader with 500 + 5,000 loans against one with
  none; scan-to-screen in the GUI;
* statistics (issue 7, ``benchmarks.bench_statistics``): all yearly figures against one
  bare ``GROUP BY month, desk``; the yearly workbook; the Charts tab redrawing a year;
* the program (issue 8, ``benchmarks.bench_app``): main-window start-up against a bare
  PySide6 window; peak memory with the whole loan history in its lazy table view scrolled
  to the end; catalogue import of items against bare ``executemany``;
* MARC (issue 24, ``benchmarks.bench_marc``): import of 100,000 CNMARC records with
  holdings against pymarc's bare reading of the same file;
* SIP2 kiosks (issue 17, ``benchmarks.bench_sip2``): 20 kiosks at once, 500 checkout +
  checkin pairs each, median and p99 per transaction on SQLite and PostgreSQL;
* the bookmobile (issue 18, ``benchmarks.bench_bookmobile``): a trip store prepared on a
  copy of the demo; a day's 300 offline events synced into PostgreSQL against 300 bare
  transactions of 20 ``SELECT 1`` each.

The other modules run as child processes (each in its own memory), and their printed
figures are read back. The JSON keys are documented in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import platformdirs

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Row:
    key: str
    label: str
    unit: str
    value: float | None
    baseline: float | None
    ratio: float | None
    target: str
    met: bool | None


def child(*args: str, timeout: int = 1800) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=timeout, check=False)


def number(pattern: str, text: str) -> float | None:
    found = re.search(pattern, text)
    return float(found.group(1).replace(",", "")) if found else None


def machine() -> dict[str, Any]:
    memory = None
    with contextlib.suppress(ValueError, OSError, AttributeError):
        memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {"cpus": os.cpu_count(), "memory_gib": memory, "system": platform.platform(),
            "python": platform.python_version()}


def demo_check(path: Path) -> dict[str, Any]:
    from workstation.db import open_database
    from workstation.demo.targets import as_table, demo_years, target
    from workstation.models import CENTRAL_LIBRARY_ID
    from workstation.reports.statistics import year_figures

    db = open_database(f"sqlite:///{path}")
    mismatches = []
    started = time.perf_counter()
    try:
        for year in demo_years(10):
            with db.begin() as s:  # the targets are the central library's (the branches have their own)
                figures = year_figures(s, year, library_id=CENTRAL_LIBRARY_ID)
            for key, (value, parts) in as_table(target(year)).items():
                figure = figures.figure(key)
                got = {p.label: int(p.value) for p in figure.parts if p.value}
                if figure.value != value or got != parts:
                    mismatches.append({"year": year, "key": key, "expected": str(value), "got": str(figure.value),
                                       "expected_parts": parts, "got_parts": got})
    finally:
        db.dispose()
    return {"years": demo_years(10), "ok": not mismatches, "mismatches": mismatches,
            "seconds": time.perf_counter() - started}


def circulation(path: Path) -> tuple[list[Row], str]:
    run = child("-m", "benchmarks.bench_circulation", "--db", str(path))
    out = run.stdout + run.stderr
    checkout = number(r"checkout via services: median ([\d.]+) ms", out)
    bare = number(r"bare SQLite transaction: median ([\d.]+) ms", out)
    heavy = number(r"past loans: median ([\d.]+) ms", out)
    fresh = number(r"reader with none: ([\d.]+) ms", out)
    gui = number(r"scan-to-screen .*?: median ([\d.]+) ms", out)
    rows = [
        Row("circulation.checkout_ms", "checkout through the services (median)", "ms", checkout, bare,
            _ratio(checkout, bare), "<= 2 ms and <= 10x",
            None if checkout is None or bare is None else checkout <= 2 and checkout / bare <= 10),
        Row("circulation.heavy_reader_ms", "checkout, reader with 500 + 5,000 loans vs none", "ms", heavy, fresh,
            _ratio(heavy, fresh), "<= 1.2x", None if heavy is None or fresh is None else heavy / fresh <= 1.2),
        Row("circulation.gui_scan_ms", "GUI scan-to-screen (median)", "ms", gui, None, None, "<= 30 ms",
            None if gui is None else gui <= 30),
    ]
    return rows, out


def statistics_rows(path: Path) -> tuple[list[Row], str]:
    run = child("-m", "benchmarks.bench_statistics", "--db", str(path), "--year", "2019")
    out = run.stdout + run.stderr
    bare = number(r"bare GROUP BY month, desk over all loans: ([\d,.]+) ms", out)
    figures = number(r"all yearly figures of \d+:\s+([\d,.]+) ms", out)
    book = number(r"yearly workbook \(figures \+ file\):\s+([\d,.]+) ms", out)
    redraw = number(r"Charts tab redraws a year:\s+([\d,.]+) ms", out)
    rows = [
        Row("statistics.year_figures_ms", "all yearly figures of 2019 (the city: every library)", "ms", figures, bare,
            _ratio(figures, bare), "<= 0.5x", None if figures is None or bare is None else figures / bare <= 0.5),
        Row("statistics.workbook_ms", "yearly workbook (figures + file)", "ms", book, None, None, "<= 3000 ms",
            None if book is None else book <= 3000),
        Row("statistics.charts_redraw_ms", "Charts tab redraws a year", "ms", redraw, None, None, "<= 300 ms",
            None if redraw is None else redraw <= 300),
    ]
    for code, value, name in re.findall(r"yearly figures of \d+, library (\S+): ([\d,.]+) ms .*\[(.+)\]", out):
        ms = float(value.replace(",", ""))
        rows.append(Row(f"statistics.year_figures_{code.lower()}_ms", f"yearly figures of 2019, {name} alone", "ms",
                        ms, bare, _ratio(ms, bare), "<= 0.5x", None if bare is None else ms / bare <= 0.5))
    return rows, out


def startup_rows(path: Path, n: int) -> tuple[list[Row], str]:
    """Whole-process wall time, median of ``n`` each, the three kinds interleaved: a bare
    PySide6 window; the program as ``workstation --db`` starts it, to its first window (the
    login) painted; the main window logged in and painted on its first tab. Then, as a person
    waits: from Enter on the login (the password typed a second after the window could log
    in) to the main window painted, measured inside the real start-up, median of ``n``."""
    times: dict[str, list[float]] = {"bare": [], "first": [], "main": []}
    waits: list[float] = []
    log = []
    for _ in range(n):
        for kind, bucket in times.items():
            t0 = time.perf_counter()
            run = child("-m", "benchmarks.bench_app", "startup", kind, "--db", str(path), timeout=300)
            bucket.append(time.perf_counter() - t0)
            log.append(f"{kind}: {bucket[-1] * 1000:.0f} ms rc={run.returncode} {run.stdout.strip()}"
                       f"{run.stderr.strip()[-300:]}")
        run = child("-m", "benchmarks.bench_app", "startup", "login", "--db", str(path), timeout=300)
        with contextlib.suppress(IndexError, KeyError, ValueError):
            waits.append(float(json.loads(run.stdout.strip().splitlines()[-1])["login_to_main_ms"]))
        log.append(f"login: rc={run.returncode} {run.stdout.strip()}{run.stderr.strip()[-300:]}")
    bare, first, main = (statistics.median(times[k]) * 1000 for k in ("bare", "first", "main"))
    wait = statistics.median(waits) if waits else None
    return [Row("app.first_window_ms", "start-up to the first window (login) painted, median", "ms", first, bare,
                first / bare, "<= 2.5x", first / bare <= 2.5),
            Row("app.login_to_main_ms", "from Enter on the login to the main window painted, median", "ms", wait,
                None, None, "<= 150 ms", None if wait is None else wait <= 150),
            Row("app.startup_ms", "start-up to the main window, logged in, median (no target)", "ms", main, bare,
                main / bare, "", None)], "\n".join(log)


def memory_rows(path: Path) -> tuple[list[Row], str]:
    run = child("-m", "benchmarks.bench_app", "loan-history", "--db", str(path), timeout=3600)
    try:
        result = json.loads(run.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return [Row("app.loan_history_peak_mb", "peak memory, loan history scrolled to the end", "MB", None, None,
                    None, "<= 300 MB", None)], run.stdout + run.stderr
    peak = result["peak_rss_mb"]
    rows = [Row("app.loan_history_peak_mb", f"peak memory, {result['rows']:,} loans in the view scrolled to the end",
                "MB", peak, result["rss_before_mb"], None, "<= 300 MB", peak <= 300)]
    log = json.dumps(result)
    screen = child("-m", "benchmarks.bench_app", "history-screen", "--db", str(path), timeout=3600)
    try:
        shown = json.loads(screen.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        rows.append(Row("app.history_screen_peak_mb", "peak memory, the desk's loan-history window", "MB", None,
                        None, None, "<= 300 MB", None))
        return rows, log + "\n" + screen.stdout + screen.stderr
    peak = shown["peak_rss_mb"]
    rows.append(Row("app.history_screen_peak_mb",
                    f"peak memory, the desk's loan-history window: {shown['rows']:,} loans scrolled to the end, "
                    "then filtered", "MB", peak, shown["rss_before_mb"], None, "<= 300 MB", peak <= 300))
    return rows, log + "\n" + json.dumps(shown)


def import_rows(n: int) -> tuple[list[Row], str]:
    run = child("-m", "benchmarks.bench_app", "import", "-n", str(n), timeout=1800)
    try:
        result = json.loads(run.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return [Row("import.items_per_s", "catalogue import of items", "rows/s", None, None, None, ">= 0.3x", None)], \
            run.stdout + run.stderr
    speed, bare = result["service_rows_per_s"], result["bare_rows_per_s"]
    return [Row("import.items_per_s", f"catalogue import of {n:,} items (read, check, insert)", "rows/s", speed,
                bare, speed / bare, ">= 0.3x", speed / bare >= 0.3)], json.dumps(result)


def marc_rows(n: int) -> tuple[list[Row], str]:
    """MARC import of ``n`` CNMARC records with holdings against pymarc's bare reading of the
    same file (benchmarks.bench_marc)."""
    run = child("-m", "benchmarks.bench_marc", "-n", str(n), timeout=1800)
    try:
        result = json.loads(run.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return [Row("import.marc_records_per_s", "MARC import of CNMARC records", "records/s", None, None, None,
                    ">= 0.3x", None)], run.stdout + run.stderr
    speed, bare = result["service_records_per_s"], result["bare_records_per_s"]
    return [Row("import.marc_records_per_s", f"MARC import of {n:,} CNMARC records with holdings vs pymarc reading",
                "records/s", speed, bare, speed / bare, ">= 0.3x", speed / bare >= 0.3)], json.dumps(result)


def sip2_rows(path: Path) -> tuple[list[Row], str]:
    """20 kiosks at once, 500 checkout + checkin pairs each, through the SIP2 server: on the
    demo (SQLite) and on a fresh PostgreSQL database (benchmarks.bench_sip2)."""
    rows: list[Row] = []
    log = []
    for backend, args in (("sqlite", ["--db", str(path)]), ("postgresql", ["--pg"])):
        run = child("-m", "benchmarks.bench_sip2", *args, timeout=3600)
        log.append(run.stdout + run.stderr[-2000:])
        try:
            result = json.loads(run.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            rows.append(Row(f"sip2.{backend}_p99_ms", f"SIP2 kiosk transaction p99, {backend}", "ms", None, None,
                            None, "<= 50 ms", None))
            continue
        clean = result["errors"] == 0 and result["double_loans"] == 0 and \
            result["loans_made"] == result["kiosks"] * result["pairs"]
        rows += [
            Row(f"sip2.{backend}_median_ms", f"SIP2 kiosk transaction median, {backend}, 20 kiosks", "ms",
                result["median_ms"], None, None, "", None),
            Row(f"sip2.{backend}_p99_ms", f"SIP2 kiosk transaction p99, {backend}, 20 kiosks", "ms", result["p99_ms"],
                None, None, "<= 50 ms", result["p99_ms"] is not None and result["p99_ms"] <= 50),
            Row(f"sip2.{backend}_errors", f"SIP2 errors + double loans, {backend} (loans made as asked)", "",
                result["errors"] + result["double_loans"], None, None, "0", clean),
        ]
    return rows, "\n".join(log)


def bookmobile_rows(path: Path) -> tuple[list[Row], str]:
    """Preparing a trip store on a copy of the demo, and syncing 300 offline events into a fresh
    PostgreSQL beside 300 bare transactions (benchmarks.bench_bookmobile)."""
    rows: list[Row] = []
    log = []
    for what, args in (("prepare", ["prepare", "--demo", str(path)]), ("sync", ["sync"])):
        run = child("-m", "benchmarks.bench_bookmobile", *args, timeout=3600)
        log.append(run.stdout + run.stderr[-2000:])
        try:
            result = json.loads(run.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            key = "bookmobile.prepare_s" if what == "prepare" else "bookmobile.sync_300_pg_s"
            rows.append(Row(key, f"bookmobile {what}", "s", None, None, None,
                            "<= 30 s" if what == "prepare" else "<= 3 s", None))
            continue
        if what == "prepare":
            rows.append(Row("bookmobile.prepare_s", f"bookmobile trip store for one vehicle ({result['readers']:,} "
                            "readers)", "s", result["value"], None, None, "<= 30 s", result["met"]))
        else:
            rows.append(Row("bookmobile.sync_300_pg_s", f"bookmobile sync of {result['events']} events, PostgreSQL "
                            f"({result['statements_per_event']} statements/event)", "s", result["value"],
                            result["baseline"], result["ratio"], "<= 3 s", result["met"]))
    return rows, "\n".join(log)


def _ratio(value: float | None, base: float | None) -> float | None:
    return None if value is None or not base else value / base


def show(rows: list[Row]) -> None:
    print(f"{'figure':<58} {'value':>12} {'baseline':>12} {'ratio':>8}  {'target':<20} met")
    for r in rows:
        value = "—" if r.value is None else f"{r.value:,.2f} {r.unit}"
        base = "—" if r.baseline is None else f"{r.baseline:,.2f}"
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}x"
        met = "?" if r.met is None else ("yes" if r.met else "NO")
        print(f"{r.label:<58.58} {value:>12} {base:>12} {ratio:>8}  {r.target:<20} {met}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default = platformdirs.user_cache_path("library-workstation", appauthor=False) / "bench-demo-10y.sqlite3"
    parser.add_argument("--db", type=Path, default=default, help=f"the ten-year demo database (default {default})")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=50_000)
    parser.add_argument("--only", nargs="*", default=None,
                        choices=["check", "circulation", "statistics", "startup", "memory", "import", "marc",
                                 "sip2", "bookmobile"])
    parser.add_argument("--marc-records", type=int, default=100_000)
    args = parser.parse_args()
    from benchmarks import demo_data

    wanted = set(args.only or ["check", "circulation", "statistics", "startup", "memory", "import", "marc", "sip2",
                               "bookmobile"])
    args.db.parent.mkdir(parents=True, exist_ok=True)
    build_s = demo_data.ensure(args.db, rebuild=args.rebuild)
    import sqlite3

    with sqlite3.connect(args.db) as con:
        sizes = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("loan", "reader", "item")}
    database = {"path": str(args.db), "size_mib": round(args.db.stat().st_size / 2**20), "loans": sizes["loan"],
                "readers": sizes["reader"], "items": sizes["item"],
                "build_s": None if build_s is None else round(build_s, 1)}
    print(f"database: {args.db} ({database['size_mib']:,} MiB): {sizes['loan']:,} loans, {sizes['reader']:,} readers, "
          f"{sizes['item']:,} items; " + ("reused" if build_s is None else f"built in {build_s:.0f} s"), flush=True)
    rows: list[Row] = []
    logs: dict[str, str] = {}
    check = None
    if "check" in wanted:
        check = demo_check(args.db)
        rows.append(Row("demo.figures_equal_targets", "yearly statistics 2010–2019 equal the demo targets", "",
                        len(check["mismatches"]), None, None, "0 mismatches", check["ok"]))
        print(f"demo check: {'all figures equal' if check['ok'] else check['mismatches'][:5]} "
              f"({check['seconds']:.1f} s)", flush=True)
    steps = [("circulation", lambda: circulation(args.db)), ("statistics", lambda: statistics_rows(args.db)),
             ("startup", lambda: startup_rows(args.db, args.startup_runs)), ("memory", lambda: memory_rows(args.db)),
             ("import", lambda: import_rows(args.import_rows)), ("marc", lambda: marc_rows(args.marc_records)),
             ("sip2", lambda: sip2_rows(args.db)), ("bookmobile", lambda: bookmobile_rows(args.db))]
    for name, step in steps:
        if name not in wanted:
            continue
        t0 = time.perf_counter()
        got, log = step()
        rows += got
        logs[name] = log
        print(f"-- {name} ({time.perf_counter() - t0:.0f} s)", flush=True)
        show(got)
    print()
    show(rows)
    if args.json:
        args.json.write_text(json.dumps({
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": machine(),
            "database": database, "figures": [asdict(r) for r in rows], "demo_check": check, "logs": logs,
        }, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"written {args.json}")


if __name__ == "__main__":
    main()
