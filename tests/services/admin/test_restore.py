"""Restore refuses a backup that is not this program's whole database before touching
anything, and leaves the database exactly as it was on any failure (issue 23, problem 1).

Each hostile backup is made in the test from a real backup, damaged in one way: the
version stamp kept but the tables gone, one table, one column, one index or one trigger
missing, a foreign table added, an old stamp on a partial database, no stamp at all. For
each: the restore is refused with a message naming the file and what is wrong, the live
database's every table is unchanged, no copy of it was made, and ``check`` still passes.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from tests import paths
from tests.conftest import TEST_PASSWORD, make_staff
from tests.desk_data import lending_desks, populate
from workstation.db import Database, head_revisions
from workstation.errors import ValidationError
from workstation.models import AuditEntry, Role
from workstation.models.circulation import Loan
from workstation.services.admin import backup, checks
from workstation.services.circulation import loans
from workstation.services.context import Actor

ROOT = paths.ROOT


def _lend_some(db: Database, n: int = 6) -> Actor:
    admin = make_staff(db, "root", Role.ADMIN)
    desk = make_staff(db, "desk1", Role.DESK).at(lending_desks(db)[0])
    readers, barcodes = populate(db, n, n)
    for reader, barcode in zip(readers, barcodes, strict=True):
        with db.begin() as s:
            loans.checkout(s, desk, reader, barcode)
    return admin


def _damaged(good: Path, target: Path, *statements: str) -> Path:
    target.write_bytes(good.read_bytes())
    con = sqlite3.connect(target)
    try:
        con.execute("PRAGMA foreign_keys=OFF")
        for statement in statements:
            con.execute(statement)
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()
    return target


def _stamp_only(target: Path, revision: str) -> Path:
    """The case of the issue: a valid SQLite file holding nothing but the version stamp."""
    con = sqlite3.connect(target)
    try:
        con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        con.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        con.commit()
    finally:
        con.close()
    return target


HEAD = head_revisions()[0]

# name -> (how to make it from a good backup, a word the refusal must contain)
HOSTILE: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "stamp_only": (lambda good, t: _stamp_only(t, HEAD), "table"),
    "stamp_only_old_revision": (lambda good, t: _stamp_only(t, "0002"), "whole backup"),
    "no_loan_table": (lambda good, t: _damaged(good, t, "DROP TABLE renewal", "DROP TABLE loan"), "loan"),
    "column_missing": (lambda good, t: _damaged(good, t, "ALTER TABLE staff DROP COLUMN last_login_at"), "staff"),
    "trigger_missing": (lambda good, t: _damaged(good, t, "DROP TRIGGER audit_entry_no_delete"),
                        "audit_entry_no_delete"),
    "index_missing": (lambda good, t: _damaged(good, t, "DROP INDEX ix_loan_open_item"), "ix_loan_open_item"),
    "foreign_table": (lambda good, t: _damaged(good, t, "CREATE TABLE payroll (id INTEGER PRIMARY KEY)"),
                      "payroll"),
    "no_stamp": (lambda good, t: _damaged(good, t, "DROP TABLE alembic_version"), "not a backup"),
    "empty_stamp": (lambda good, t: _damaged(good, t, "DELETE FROM alembic_version"), "not a backup"),
    "newer_stamp": (lambda good, t: _damaged(good, t, "UPDATE alembic_version SET version_num = '9999'"),
                    "newer"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_backup_that_is_not_the_whole_schema_is_refused_before_anything_changes(
        kind: str, sqlite_db: Database, tmp_path: Path) -> None:
    db = sqlite_db
    admin = _lend_some(db)
    good = backup.backup(db, tmp_path / "good.sqlite3")
    make, word = HOSTILE[kind]
    hostile = make(good, tmp_path / f"{kind}.sqlite3")
    before = backup.fingerprint(db)
    aside = tmp_path / "aside"
    with pytest.raises(ValidationError) as refused:
        backup.restore(db, admin, hostile, aside=aside)
    message = refused.value.english()
    assert hostile.name in message and word.lower() in message.lower(), message
    assert backup.fingerprint(db) == before  # every table as it was
    assert not aside.exists() or not any(aside.iterdir())  # nothing to save: nothing was touched
    assert not list(db_folder(db).glob(".restore-*"))  # the private copy is gone
    with db.begin() as s:
        assert checks.run_checks(s).ok
        assert s.scalar(select(func.count()).select_from(Loan)) == 6


def db_folder(db: Database) -> Path:
    return Path(str(make_url(db.url).database)).parent


def test_an_older_complete_backup_is_brought_up_to_date_and_restored(sqlite_db: Database, tmp_path: Path) -> None:
    """Not every old stamp is refused: an older backup that holds its version's whole schema
    is upgraded on a private copy, checked, and restored."""
    from workstation.db import make_engine, upgrade_to

    db = sqlite_db
    admin = _lend_some(db)
    old = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{old}")
    try:
        upgrade_to(engine, "0002")
    finally:
        engine.dispose()
    con = sqlite3.connect(old)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    assert backup.inspect_backup(old).revisions == ("0002",)
    safety = backup.restore(db, admin, old, aside=tmp_path / "aside")
    assert safety.is_file()
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 0  # the old database had none
        assert [e.action for e in s.scalars(select(AuditEntry))] == ["restore"]
    from workstation.db import current_revisions

    assert set(current_revisions(db.engine)) == set(head_revisions())


@pytest.mark.parametrize("failing", ["copy", "audit"])
def test_a_failure_after_the_safety_copy_puts_the_database_back_and_says_where_the_copy_is(
        failing: str, sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = sqlite_db
    admin = _lend_some(db)
    good = backup.backup(db, tmp_path / "good.sqlite3")
    _lend_more(db)  # work after the backup: what a failed restore must not lose
    before = backup.fingerprint(db)

    if failing == "copy":  # the copy into the live file breaks off half way (disk full, say)
        real = backup._sqlite_into

        def half(source: Path, target: Path) -> None:
            if source.name.startswith(".restore-"):
                con = sqlite3.connect(target)
                con.execute("DROP TABLE renewal")
                con.commit()
                con.close()
                raise OSError(28, "No space left on device")
            real(source, target)
        monkeypatch.setattr(backup, "_sqlite_into", half)
    else:  # the restored database cannot be written to
        def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk I/O error")
        monkeypatch.setattr(backup.audit, "record", broken)
    aside = tmp_path / "aside"
    with pytest.raises(backup.RestoreFailed) as failed:
        backup.restore(db, admin, good, aside=aside)
    (safety,) = aside.iterdir()
    assert str(safety) in failed.value.english() and "as it was" in failed.value.english()
    monkeypatch.undo()
    assert backup.fingerprint(db) == before
    with db.begin() as s:
        assert checks.run_checks(s).ok


def _lend_more(db: Database) -> None:
    desk = make_staff(db, "desk2", Role.DESK).at(lending_desks(db)[0])
    readers, barcodes = populate(db, 2, 2, prefix="M")
    for reader, barcode in zip(readers, barcodes, strict=True):
        with db.begin() as s:
            loans.checkout(s, desk, reader, barcode)


def test_the_command_refuses_a_stamp_only_backup_in_chinese_and_changes_nothing(
        sqlite_db: Database, tmp_path: Path) -> None:
    db = sqlite_db
    _lend_some(db)
    hostile = _stamp_only(tmp_path / "stamp.sqlite3", HEAD)
    before = backup.fingerprint(db)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "workstation", "--db", db.url, "restore", str(hostile),
                           "--admin", "root", "--password-stdin", "--aside", str(tmp_path / "aside")],
                          input=f"yes\n{TEST_PASSWORD}\n", capture_output=True, text=True, env=env, check=False,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "stamp.sqlite3" in done.stderr and "未改动" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert backup.fingerprint(db) == before
    checked = subprocess.run([sys.executable, "-m", "workstation", "--db", db.url, "check"], capture_output=True,
                             text=True, env=env, check=False, timeout=120, cwd=ROOT)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("dump", ["without_loans", "stamp_only"])
def test_a_partial_postgresql_dump_is_refused_before_anything_changes(dump: str, pg_db: Database,
                                                                      tmp_path: Path) -> None:
    db = pg_db
    admin = _lend_some(db)
    target = tmp_path / f"{dump}.pgdump"
    args = ["--exclude-table=loan", "--exclude-table=renewal"] if dump == "without_loans" \
        else ["--table=alembic_version"]
    backup._pg_tool("pg_dump", ["--format=custom", "--no-owner", *args, "--file", str(target),
                                backup._libpq_url(db)])
    before = backup.fingerprint(db)
    with pytest.raises(ValidationError) as refused:
        backup.restore(db, admin, target, aside=tmp_path / "aside")
    assert target.name in refused.value.english() and "table" in refused.value.english()
    assert backup.fingerprint(db) == before
    assert not (tmp_path / "aside").exists()
