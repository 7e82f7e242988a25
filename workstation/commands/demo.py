"""``workstation demo``: build the demonstration database and open the program on it.

    workstation demo                      build (once) and open ``demo.sqlite3`` beside the
                                          normal database, logged in as the demo manager
    workstation demo --db URL --years 10  the ten-year benchmark database
    workstation demo --rebuild            throw the demo database away and build it again
    workstation demo --no-gui             only build

The demo never touches a library's real data: it builds only into a new, empty SQLite
database, and reuses or rebuilds only a database it built itself (marked as a demo).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from workstation.errors import WorkstationError

DEMO_FILE = "demo.sqlite3"


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="build the demonstration database (Changzhi City Library, 2019) and open it")
    demo.add_argument("--db", dest="demo_db", metavar="URL",
                      help=f"SQLite file or URL for the demo (default: {DEMO_FILE} beside the normal database)")
    demo.add_argument("--years", type=int, default=2,
                      help="years of history ending with 2019 (default 2: 2018 and 2019; 10 for the benchmarks)")
    demo.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)  # tests: smaller row tables
    demo.add_argument("--rebuild", action="store_true", help="delete the demo database and build it again")
    demo.add_argument("--no-gui", action="store_true", help="only build the database, do not open the program")
    demo.set_defaults(func=demo_command)


def default_demo_url() -> str:
    from workstation.db import default_database_path, normalise_url

    return normalise_url(f"sqlite:///{default_database_path().with_name(DEMO_FILE)}")


def sqlite_path(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def inspect_file(path: Path) -> dict[str, Any] | bool | None:
    """What is in the file, read-only: ``False`` if it does not exist or is empty, ``None``
    if it holds anything but a demo database, else the demo's marker."""
    import json

    from workstation.demo.accounts import MARKER

    if not path.exists() or path.stat().st_size == 0:
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return False
        if "library_setting" not in tables:
            return None
        row = con.execute("SELECT value FROM library_setting WHERE key = ?", (MARKER,)).fetchone()
        if row is None:
            staff = con.execute("SELECT count(*) FROM staff").fetchone()[0] if "staff" in tables else 1
            return False if staff == 0 else None
        return dict(json.loads(row[0]))
    except sqlite3.DatabaseError:
        return None
    finally:
        con.close()


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            candidate.unlink()


class ConsoleProgress:
    """A progress bar on the console: ``[#####.....]  50 %  loans 2015  (12 s)``."""

    def __init__(self, stream: Any = sys.stderr, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self.started = time.perf_counter()
        self.last = -1.0

    def __call__(self, stage: str, fraction: float) -> None:
        now = time.perf_counter()
        if fraction < 1 and now - self.last < 0.5:
            return
        self.last = now
        filled = int(self.width * min(max(fraction, 0.0), 1.0))
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {fraction:4.0%}  {stage:<60.60} ({now - self.started:.0f} s)")
        if fraction >= 1:
            self.stream.write("\n")
        self.stream.flush()


def demo_command(args: argparse.Namespace) -> int:
    from workstation.db import normalise_url, open_database
    from workstation.demo import DemoOptions, build_demo
    from workstation.demo.accounts import DEMO_ACCOUNTS, hint_text
    from workstation.demo.build import describe

    url = normalise_url(args.demo_db or args.db or default_demo_url())
    path = sqlite_path(url)
    if path is None:
        print("演示数据库只能是 SQLite 文件 (the demo database must be a SQLite file)", file=sys.stderr)
        return 2
    state = inspect_file(path)
    if state is None:
        print(f"{path} 不是演示数据库，不会改动 (not a demo database; it is left untouched)", file=sys.stderr)
        return 2
    options = DemoOptions(years=args.years, scale=args.scale)
    if isinstance(state, dict):
        same = state.get("years") == options.years and state.get("scale") == options.scale
        if args.rebuild:
            remove_sqlite(path)
            state = False
        elif not same:
            print(f"{path}: 已有演示数据库（{state.get('years')} 年），用 --rebuild 重建 "
                  f"(a demo database with other options exists; use --rebuild)", file=sys.stderr)
            return 2
        else:
            print(f"使用已有的演示数据库 (reusing the demo database) {path}")
    try:
        if state is False:
            print(f"正在生成演示数据库 (building the demo database) {path}")
            db = open_database(url)
            try:
                report = build_demo(db, options, ConsoleProgress())
            finally:
                db.dispose()
            print(describe(report))
    except WorkstationError as err:
        from workstation.commands.common import Translator

        print(Translator(args.lang)(err), file=sys.stderr)
        return 2
    for username, _name, role, password in DEMO_ACCOUNTS:
        print(f"  {username:<13} {password:<18} {role.value}")
    if args.no_gui:
        return 0
    manager = next(a for a in DEMO_ACCOUNTS if a[0] == "demo-manager")
    years = int(state["years"]) if isinstance(state, dict) else options.years
    return run_demo_gui(url, args.lang, hint_text(args.lang, years), manager[0], manager[3])


def run_demo_gui(url: str, lang: str, hint: str, username: str, password: str) -> int:
    """The program as ``run_gui`` starts it (DEMO in the title, accounts on the login
    screen), then logged in as ``username`` through the login dialog's own path."""
    from workstation.db import open_database
    from workstation.logs import setup_logging
    from workstation.ui.app import Controller, install_excepthook, make_application
    from workstation.ui.messages import error_text
    from workstation.ui.settings import app_settings

    setup_logging()
    app = make_application(lang)
    install_excepthook()
    try:
        db = open_database(url)
    except WorkstationError as err:
        print(error_text(err), file=sys.stderr)
        return 1
    controller = Controller(db, app_settings(), hint)
    controller.quit_with(app)
    controller.start()
    login = controller.login
    if login is None:
        return 0
    login.username.setText(username)
    login.password.setText(password)
    login.try_login()  # on success the controller opens the main window; else the login stays
    code = app.exec()
    db.dispose()
    return code
