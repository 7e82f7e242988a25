"""Fixtures: a fresh database per test, on SQLite and on PostgreSQL.

Each backend has a template migrated once per session; a test gets a copy (a file copy for
SQLite, ``CREATE DATABASE … TEMPLATE`` for PostgreSQL), so every test runs against a real,
fully migrated database with real commits, and leaves nothing behind.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from tests.netproxy import FlakyLine
from tests.pgserver import ENV as PG_ENV
from tests.pgserver import TemporaryCluster
from workstation.db import Database, open_database
from workstation.models import Role, Staff
from workstation.services.admin import staff as staff_service
from workstation.services.context import Actor

# The person's own folders are never read or written: before any test runs, HOME and the
# XDG folders (settings, data, cache, state, logs: what Qt's QSettings and platformdirs use)
# point into a folder of this run (nothing imported above reads them yet); each test then
# gets its own ones (``_private_folders``). Child processes the tests start inherit them.
ISOLATED_HOME = Path(tempfile.mkdtemp(prefix="ws-tests-home-"))
XDG_VARIABLES = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def private_folders(home: Path) -> dict[str, str]:
    """The environment that puts every per-user folder of the program under ``home``."""
    env = {"HOME": str(home)}
    for var in XDG_VARIABLES:
        env[var] = str(home / var.lower().removeprefix("xdg_").removesuffix("_home"))
    return env


os.environ.update(private_folders(ISOLATED_HOME))
os.environ["WORKSTATION_SILENT"] = "1"  # the desk's player never plays a real sound in a test

_counter = itertools.count()
TEST_PASSWORD = "secret-pass-1"


@pytest.fixture(autouse=True)
def _private_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own settings, data, cache, log and home folders."""
    home = tmp_path_factory.mktemp("home")
    for var, value in private_folders(home).items():
        monkeypatch.setenv(var, value)
    from PySide6.QtCore import QSettings

    # QSettings reads its folders once per process: point both formats at this test's.
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(home / "config"))
    yield home
    # An idle lock a test leaves running (in a window it left behind, GUI test or not) would
    # open its lock dialog ten minutes later as a modal in the middle of another test.
    idle_lock = sys.modules.get("workstation.ui.idle_lock")
    if idle_lock is not None:
        idle_lock.stop_all()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


# -- SQLite ------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = open_database(f"sqlite:///{path}")
    db.dispose()  # the last connection to close checkpoints the WAL into the file
    return path


def fresh_sqlite(template: Path, directory: Path) -> Database:
    target = directory / f"ws-{next(_counter)}.sqlite3"
    shutil.copyfile(template, target)
    return open_database(f"sqlite:///{target}")


# -- PostgreSQL --------------------------------------------------------------------------

@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    url = os.environ.get(PG_ENV)
    if url:
        yield url
        return
    cluster = TemporaryCluster()
    try:
        yield cluster.start()
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str) -> Iterator[str]:
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    name = f"ws_template_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    open_database(url).dispose()
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_db(pg_admin_url: str, pg_template: str) -> Iterator[Database]:
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    name = f"ws_test_{os.getpid()}_{next(_counter)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"'))
    db = open_database(make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False))
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database (no tables) of each backend, for a test that builds an
    older schema with ``upgrade_to`` and then opens it with the program (a migration test)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    admin_url: str = request.getfixturevalue("pg_admin_url")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"ws_empty_{os.getpid()}_{next(_counter)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def line(pg_db: Database) -> Iterator[FlakyLine]:
    """A relay between the program and the PostgreSQL server that a test can cut."""
    relay = FlakyLine(pg_db.url)
    try:
        yield relay
    finally:
        relay.close()


@pytest.fixture
def branch_db(pg_db: Database, line: FlakyLine) -> Iterator[Database]:
    """``pg_db`` as a branch reaches it: through ``line``."""
    db = open_database(line.url_for(pg_db.url))
    try:
        yield db
    finally:
        db.dispose()


# -- what tests use ----------------------------------------------------------------------

@pytest.fixture
def sqlite_db(sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    db = fresh_sqlite(sqlite_template, tmp_path)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db(request: pytest.FixtureRequest) -> Database:
    """A fresh, migrated database; service tests run once on each backend."""
    fixture = "sqlite_db" if request.param == "sqlite" else "pg_db"
    return request.getfixturevalue(fixture)  # type: ignore[no-any-return]


def make_staff(db: Database, username: str, role: Role, password: str = TEST_PASSWORD) -> Actor:
    """Create an account directly (bootstrapping the first admin if needed) and act as it."""
    with db.begin() as s:
        if not staff_service.has_any_staff(s):
            first = staff_service.create_first_admin(s, "root", "系统管理员", password)
            if username == "root":
                return Actor.of(first, "test-ws")
        root_id = s.scalar(select(Staff.id).where(Staff.username == "root"))
        assert root_id is not None, "make the admin first"
        root = Actor.of(staff_service.get_staff(s, root_id), "test-ws")
        staff = staff_service.create_staff(s, root, username, username.title(), role, password)
        return Actor.of(staff, "test-ws")


@pytest.fixture
def admin(db: Database) -> Actor:
    return make_staff(db, "root", Role.ADMIN)


@pytest.fixture
def desk(db: Database, admin: Actor) -> Actor:
    return make_staff(db, "desk1", Role.DESK)


@pytest.fixture
def manager(db: Database, admin: Actor) -> Actor:
    return make_staff(db, "boss", Role.MANAGER)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many tests ran on each database backend, so a run that silently skipped
    PostgreSQL is visible in the summary."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if getattr(report, "when", "call") != "call" and outcome == "passed":
                continue
            for backend in ("sqlite", "postgresql"):
                if nodeid.endswith(f"[{backend}]") or f"[{backend}-" in nodeid:
                    counts.setdefault(backend, {}).setdefault(outcome, 0)
                    counts[backend][outcome] += 1
    if counts:
        parts = [f"{backend}: " + ", ".join(f"{n} {o}" for o, n in sorted(c.items()))
                 for backend, c in sorted(counts.items())]
        terminalreporter.write_line("database backends — " + "; ".join(parts))
