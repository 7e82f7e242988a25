"""Engine settings, migrations on start with a backup copy, refusal of newer schemas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text

from workstation.db import (
    SCHEMA_HEADS,
    current_revisions,
    head_revisions,
    make_engine,
    normalise_url,
    open_database,
    resolve_url,
    upgrade_to,
)
from workstation.errors import SchemaTooNew
from workstation.models import Base, ServicePoint


def test_sqlite_pragmas(sqlite_db) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("WORKSTATION_DB", raising=False)
    assert resolve_url().startswith("sqlite:///") and resolve_url().endswith("workstation.sqlite3")
    monkeypatch.setenv("WORKSTATION_DB", "postgresql://lib@dbhost/lib")
    assert resolve_url() == "postgresql+psycopg://lib@dbhost/lib"
    assert resolve_url(f"sqlite:///{tmp_path}/x.db") == f"sqlite:///{tmp_path}/x.db"
    assert normalise_url(str(tmp_path / "y.db")) == f"sqlite:///{tmp_path / 'y.db'}"


def test_schema_heads_constant_is_the_migrations_head() -> None:
    # open_database trusts SCHEMA_HEADS to skip Alembic at start: a new migration must move it
    assert set(SCHEMA_HEADS) == set(head_revisions())


def test_current_revisions_read_like_alembic(db) -> None:
    with db.engine.connect() as conn:
        assert set(current_revisions(db.engine)) == set(MigrationContext.configure(conn).get_current_heads())
    empty = make_engine(f"sqlite:///{Path(db.url.split(':///')[-1]).with_name('empty.sqlite3')}") \
        if db.backend == "sqlite" else None
    if empty is not None:
        assert current_revisions(empty) == ()
        empty.dispose()


def test_opening_a_current_database_does_not_load_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "current.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    code = ("import sys; from workstation.db import open_database; open_database(sys.argv[1]).dispose(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    out = subprocess.run([sys.executable, "-c", code, f"sqlite:///{path}"], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "[]"


def test_first_open_creates_file_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "new.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        assert path.exists() and db.backup_path is None
        with db.begin() as s:
            assert s.scalar(select(ServicePoint).limit(1)) is not None
    finally:
        db.dispose()


def test_upgrade_from_previous_revision_leaves_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_to(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO service_point (name, kind, active, sort_order, created_at) "
                          "VALUES ('老馆借阅处', 'lending_desk', 1, 0, '2019-01-01 00:00:00')"))
    engine.dispose()

    db = open_database(f"sqlite:///{path}")
    try:
        assert db.upgraded_from == ("0001",)
        assert db.backup_path is not None and db.backup_path.exists()
        with db.engine.connect() as conn:
            assert set(MigrationContext.configure(conn).get_current_heads()) == set(head_revisions())
            # the old database already had its own service points: the seed leaves them alone
            assert conn.execute(text("SELECT name FROM service_point")).scalars().all() == ["老馆借阅处"]
    finally:
        db.dispose()
    backup = sqlite3.connect(db.backup_path)
    try:
        assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert backup.execute("SELECT name FROM service_point").fetchall() == [("老馆借阅处",)]
    finally:
        backup.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    con = sqlite3.connect(path)
    con.execute("DELETE FROM alembic_version")  # one row per head; replace them all
    con.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    con.commit()
    con.close()
    with pytest.raises(SchemaTooNew) as err:
        open_database(f"sqlite:///{path}")
    assert "9999_from_the_future" in err.value.english()
    con = sqlite3.connect(path)  # untouched
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999_from_the_future",)]
    con.close()


def test_foreign_tables_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE something_else (x INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(SchemaTooNew):
        open_database(f"sqlite:///{path}")


def test_migrations_match_models(db) -> None:
    """The schema the migrations build is the schema the models describe, on both backends."""
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_locked_sqlite_becomes_a_clear_error(tmp_path: Path) -> None:
    """A desk that cannot get the write lock within the busy timeout gets a message, not a crash."""
    import workstation.db as dbmod
    from workstation.errors import DatabaseUnavailable

    path = tmp_path / "busy.sqlite3"
    db = open_database(f"sqlite:///{path}")
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        original = dbmod.SQLITE_BUSY_TIMEOUT_MS
        db.engine.dispose()
        dbmod.SQLITE_BUSY_TIMEOUT_MS = 200
        try:
            short = open_database(f"sqlite:///{path}", upgrade=False)
        finally:
            dbmod.SQLITE_BUSY_TIMEOUT_MS = original
        with pytest.raises(DatabaseUnavailable) as err, short.begin() as s:
            s.execute(text("INSERT INTO service_point (name, kind, active, sort_order, created_at) "
                           "VALUES ('x', 'lending_desk', 1, 0, '2019-01-01 00:00:00')"))
        assert "busy" in err.value.english()
        short.dispose()
    finally:
        blocker.rollback()
        blocker.close()
        db.dispose()
    check = sqlite3.connect(path)
    assert check.execute("SELECT count(*) FROM service_point WHERE name = 'x'").fetchone() == (0,)
    check.close()
