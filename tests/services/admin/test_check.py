"""``workstation check`` passes on a freshly built demo, and fails on the same demo damaged
in each way it checks (issue 23, problem 9).

The demo's loans and renewals are written in bulk by its generator, which records each
bulk load in the audit trail (``checks.record_bulk_load``); ``check`` accepts a loan with
its own checkout entry or inside a recorded bulk load, and nothing else.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests import paths
from workstation.db import open_database
from workstation.demo import DemoOptions, build_demo

ROOT = paths.ROOT


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = open_database(f"sqlite:///{path}")
    try:
        build_demo(db, DemoOptions(scale=0.01))
    finally:
        db.dispose()
    return path


def _check(path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "workstation", "--db", f"sqlite:///{path}", "--lang", "en", "check"],
                          capture_output=True, text=True, env=env, check=False, timeout=300, cwd=ROOT)


def _one(con: sqlite3.Connection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    assert row is not None and row[0] is not None, sql
    return int(row[0])


def _corrupt_an_index_page(path: Path) -> None:
    con = sqlite3.connect(path)
    root = _one(con, "SELECT rootpage FROM sqlite_master WHERE name = 'ix_item_title'")
    size = _one(con, "PRAGMA page_size")
    con.close()
    with path.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\x0d" + b"\xff" * 64)  # a leaf page whose header is garbage


def _second_open_loan(con: sqlite3.Connection) -> None:
    con.execute("DROP INDEX ix_loan_open_item")
    con.execute("INSERT INTO loan (item_id, reader_id, service_point_id, staff_id, lent_at, local_day, due_date, "
                "renewal_count) SELECT item_id, reader_id, service_point_id, staff_id, lent_at, local_day, "
                "due_date, 0 FROM loan WHERE returned_at IS NULL ORDER BY id LIMIT 1")


def _loan_behind_the_programs_back(con: sqlite3.Connection) -> None:
    item = _one(con, "SELECT min(id) FROM item WHERE status = 'available' AND id NOT IN "
                     "(SELECT item_id FROM loan WHERE returned_at IS NULL)")
    con.execute("INSERT INTO loan (item_id, reader_id, service_point_id, staff_id, lent_at, local_day, due_date, "
                "renewal_count, returned_at, return_local_day, return_point_id) SELECT ?, reader_id, "
                "service_point_id, staff_id, lent_at, local_day, due_date, 0, returned_at, return_local_day, "
                "return_point_id FROM loan WHERE returned_at IS NOT NULL ORDER BY id LIMIT 1", (item,))


def _renewal_behind_the_programs_back(con: sqlite3.Connection) -> None:
    loan = _one(con, "SELECT min(id) FROM loan WHERE renewal_count = 0")
    con.execute("INSERT INTO renewal (loan_id, number, renewed_at, local_day, service_point_id, staff_id, "
                "old_due, new_due) SELECT id, 1, lent_at, local_day, service_point_id, staff_id, "
                "due_date, due_date FROM loan WHERE id = ?", (loan,))
    con.execute("UPDATE loan SET renewal_count = 1 WHERE id = ?", (loan,))


# the finding that must fail -> how the database is damaged behind the program's back
DAMAGE = {
    "schema": lambda con: con.execute("DROP TABLE renewal"),
    "foreign_keys": lambda con: con.execute(
        "UPDATE loan SET reader_id = 99999999 WHERE id = (SELECT min(id) FROM loan)"),
    "open_loans_unique": _second_open_loan,
    "item_status": lambda con: con.execute(
        "UPDATE item SET status = 'available' WHERE id = (SELECT min(item_id) FROM loan WHERE returned_at IS NULL)"),
    "item_transit": lambda con: con.execute(
        "UPDATE item SET status = 'in_transit' WHERE id = (SELECT min(id) FROM item WHERE status = 'available')"),
    "loan_returns": lambda con: con.execute(
        "UPDATE loan SET return_point_id = NULL WHERE id = (SELECT min(id) FROM loan WHERE returned_at IS NOT NULL)"),
    "renewal_counts": lambda con: con.execute(
        "UPDATE loan SET renewal_count = renewal_count + 1 WHERE id = (SELECT max(id) FROM loan)"),
    "audit_protected": lambda con: con.execute("DROP TRIGGER audit_entry_no_update"),
    "audit_order": lambda con: con.execute(
        "INSERT INTO audit_entry (at, staff_id, workstation, action, entity, entity_id, details) "
        "VALUES (?, NULL, 'x', 'login', 'staff', NULL, '{}')",
        ((dt.datetime(2001, 1, 1, tzinfo=dt.UTC)).strftime("%Y-%m-%d %H:%M:%S.%f"),)),
    "audit_loans": _loan_behind_the_programs_back,
    "audit_renewals": _renewal_behind_the_programs_back,
    "integrity": None,  # an index page overwritten (below)
}
NAMES = {  # the words of each finding's English line
    "schema": "Schema:", "integrity": "integrity check found", "foreign_keys": "refer to rows that do not exist",
    "open_loans_unique": "more than one open loan", "item_status": "marked on loan",
    "item_transit": "marked in transit", "loan_returns": "half returned",
    "renewal_counts": "renewal count differs", "audit_protected": "protection against changes is missing",
    "audit_order": "dated before", "audit_loans": "no checkout entry", "audit_renewals": "renewals have no audit",
}


def test_check_passes_on_a_freshly_built_demo(demo_file: Path) -> None:
    done = _check(demo_file)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.strip().splitlines()[1:]
    assert len(lines) == len(NAMES) and all(line.startswith("OK") for line in lines), done.stdout


@pytest.mark.parametrize("finding", list(DAMAGE))
def test_check_fails_on_the_demo_damaged(finding: str, demo_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    shutil.copy(demo_file, path)
    damage = DAMAGE[finding]
    if damage is None:
        _corrupt_an_index_page(path)
    else:
        con = sqlite3.connect(path, isolation_level=None)
        con.execute("PRAGMA foreign_keys=OFF")
        damage(con)
        con.close()
    done = _check(path)
    assert done.returncode == 1, done.stdout + done.stderr
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAIL")]
    assert any(NAMES[finding] in line for line in failed), done.stdout
    assert "Traceback" not in done.stderr
