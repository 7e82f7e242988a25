"""The full-size demo check on its own, small enough for CI (under a minute on two cores):

    python -m benchmarks.check_demo [--years 2] [--db PATH]

Builds the demo at full size (by default 2018 and 2019: about 800,000 loans) in a temporary
folder and checks that the program's yearly statistics of every demo year equal the
generator's exact targets — for the central library in 2019, every total and breakdown of
the annual report's table; for each county branch its loans, renewals, reading-room visits,
visitors, new holdings and its own activities (activities, participants, lectures); and that
the libraries add up to the city. Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from workstation.commands.demo import ConsoleProgress
from workstation.db import open_database
from workstation.demo import DemoOptions, build_demo
from workstation.demo.branches import activity_target
from workstation.demo.targets import BRANCHES, as_table, branch_target, demo_years, target
from workstation.models import CENTRAL_LIBRARY_ID
from workstation.reports.statistics import FIGURES, several_libraries, year_figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--db", type=Path, help="where to build (default: a temporary folder)")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "demo-check.sqlite3"
    started = time.perf_counter()
    db = open_database(f"sqlite:///{path}")
    try:
        build_demo(db, DemoOptions(years=args.years), ConsoleProgress())
        built = time.perf_counter() - started
        bad = 0
        for year in demo_years(args.years):
            with db.begin() as s:
                figures = year_figures(s, year, library_id=CENTRAL_LIBRARY_ID)
                libraries = {library.name: library.id for library in several_libraries(s)}
                branches = {b.name: year_figures(s, year, library_id=libraries[b.name]) for b in BRANCHES}
                city = year_figures(s, year)
            for key, (value, parts) in as_table(target(year)).items():
                figure = figures.figure(key)
                got = {p.label: int(p.value) for p in figure.parts if p.value}
                if figure.value != value or got != parts:
                    bad += 1
                    print(f"{year} {key}: expected {value} {parts}, got {figure.value} {got}")
            for branch in BRANCHES:
                goal, found = branch_target(branch, year), branches[branch.name]
                for key in ("loans", "renewals", "reading", "visitors"):
                    if found.value(key) != getattr(goal, key):
                        bad += 1
                        print(f"{year} {branch.name} {key}: expected {getattr(goal, key)}, got {found.value(key)}")
                held = activity_target(branch, year)
                for key in ("activities", "activity_participants", "lectures"):
                    if found.value(key) != getattr(held, key):
                        bad += 1
                        print(f"{year} {branch.name} {key}: expected {getattr(held, key)}, got {found.value(key)}")
                if found.value("new_holdings") != goal.new_books:
                    bad += 1
                    print(f"{year} {branch.name} new_holdings: expected {goal.new_books}, "
                          f"got {found.value('new_holdings')}")
            for key, *_rest in FIGURES:
                total = figures.value(key) + sum(b.value(key) for b in branches.values())
                if city.value(key) != total:
                    bad += 1
                    print(f"{year} city {key}: {city.value(key)}, the libraries add up to {total}")
    finally:
        db.dispose()
    print(f"built in {built:.0f} s; {'all figures equal their targets' if not bad else f'{bad} differences'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
