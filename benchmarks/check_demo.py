"""The full-size demo check on its own, small enough for CI (under a minute on two cores):

    python -m benchmarks.check_demo [--years 2] [--db PATH]

Builds the demo at full size (by default 2018 and 2019: about 800,000 loans) in a temporary
folder and checks that the program's yearly statistics of every demo year equal the
generator's exact targets — for 2019, every total and breakdown of the annual report's
table. Exit status 1 on any difference.
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
from workstation.demo.targets import as_table, demo_years, target
from workstation.reports.statistics import year_figures


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
                figures = year_figures(s, year)
            for key, (value, parts) in as_table(target(year)).items():
                figure = figures.figure(key)
                got = {p.label: int(p.value) for p in figure.parts if p.value}
                if figure.value != value or got != parts:
                    bad += 1
                    print(f"{year} {key}: expected {value} {parts}, got {figure.value} {got}")
    finally:
        db.dispose()
    print(f"built in {built:.0f} s; {'all figures equal their targets' if not bad else f'{bad} differences'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
