"""Backups: ``workstation backup`` and ``workstation restore`` round-trip to an identical
database (SQLite online backup API; pg_dump/pg_restore); restore asks for confirmation and
an administrator's password; the daily automatic backup keeps the last 30;
``workstation check`` reports integrity and consistency.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from tests import paths
from tests.conftest import TEST_PASSWORD, make_staff
from tests.desk_data import desks, lending_desks, populate
from workstation import timeutil
from workstation.db import Database
from workstation.errors import PermissionDenied, ValidationError
from workstation.models import AuditEntry, Role, Staff
from workstation.models.circulation import Item, Loan
from workstation.services.admin import backup, checks
from workstation.services.circulation import loans
from workstation.services.context import Actor

ROOT = paths.ROOT


def cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "workstation", *args], input=stdin, capture_output=True,
                          text=True, env=env, check=False, timeout=300, cwd=ROOT)


def _busy_day(db: Database, n: int, prefix: str = "") -> None:
    (actor,) = desks(db, 1) if not prefix else (make_staff(db, f"desk{prefix.lower()}", Role.DESK).at(
        desks_point(db)),)
    readers, barcodes = populate(db, n, 3 * n, prefix)
    for i, barcode in enumerate(barcodes[: 2 * n]):
        with db.begin() as s:
            loans.checkout(s, actor, readers[i // 2], barcode)
    for barcode in barcodes[:n:3]:
        with db.begin() as s:
            loans.renew_by_barcode(s, actor, barcode, now=timeutil.now_utc() + dt.timedelta(days=1))
    for barcode in barcodes[:n:2]:
        with db.begin() as s:
            loans.checkin(s, actor, barcode)


def desks_point(db: Database) -> int:
    return lending_desks(db)[0]


def _state(db: Database) -> tuple[dict[str, str], int]:
    prints = backup.fingerprint(db)
    with db.begin() as s:
        last_audit = s.scalar(select(func.max(AuditEntry.id))) or 0
    return prints, last_audit


def test_backup_and_restore_round_trip_to_an_identical_database(db: Database, tmp_path: Path) -> None:
    _busy_day(db, 30)
    before, last_audit = _state(db)
    file = tmp_path / ("backup" + (".sqlite3" if db.backend == "sqlite" else ".pgdump"))
    made = cli("--db", db.url, "backup", str(file))
    assert made.returncode == 0, made.stderr
    assert file.is_file() and file.stat().st_size > 0
    _busy_day(db, 10, prefix="X")  # work after the backup, to be undone by the restore
    assert backup.fingerprint(db) != before
    aside = tmp_path / "aside"
    done = cli("--db", db.url, "restore", str(file), "--admin", "root", "--password-stdin", "--aside", str(aside),
               stdin=f"yes\n{TEST_PASSWORD}\n")
    assert done.returncode == 0, done.stderr
    after = backup.fingerprint(db)
    # identical, except the audit trail which now also says who restored what
    assert {k: v for k, v in after.items() if k != "audit_entry"} == \
        {k: v for k, v in before.items() if k != "audit_entry"}
    with db.begin() as s:
        new = s.scalars(select(AuditEntry).where(AuditEntry.id > last_audit)).all()
        assert [(e.action, e.entity) for e in new] == [("restore", "database")]
        assert new[0].details["backup"] == file.name
        assert s.scalar(select(func.count()).select_from(Item).where(Item.barcode.like("XB%"))) == 0
    # the database as it was before the restore was kept aside
    assert len(list(aside.iterdir())) == 1


def test_restore_needs_confirmation_and_an_administrator(sqlite_db: Database, tmp_path: Path) -> None:
    db = sqlite_db
    _busy_day(db, 5)
    make_staff(db, "boss", Role.MANAGER)
    file = backup.backup(db, tmp_path / "b.sqlite3")
    before = backup.fingerprint(db)
    no = cli("--db", db.url, "restore", str(file), "--admin", "root", "--password-stdin", stdin="no\n")
    assert no.returncode == 1 and "cancelled" in no.stderr
    wrong = cli("--db", db.url, "restore", str(file), "--admin", "root", "--password-stdin",
                stdin="yes\nnot-the-password\n")
    assert wrong.returncode == 2 and "密码" in wrong.stderr
    manager = cli("--db", db.url, "restore", str(file), "--admin", "boss", "--password-stdin",
                  stdin=f"yes\n{TEST_PASSWORD}\n")
    assert manager.returncode == 2, manager.stderr
    after = backup.fingerprint(db)
    # nothing restored: only the login attempts were written to the audit trail
    assert {k: v for k, v in after.items() if k not in ("audit_entry", "staff")} == \
        {k: v for k, v in before.items() if k not in ("audit_entry", "staff")}
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "restore")) == 0
    with db.begin() as s:
        boss = Actor.of(s.scalars(select(Staff).where(Staff.username == "boss")).one())
    with pytest.raises(PermissionDenied):
        backup.restore(db, boss, file, aside=tmp_path)


def test_restore_refuses_what_is_not_a_backup(sqlite_db: Database, tmp_path: Path) -> None:
    admin = make_staff(sqlite_db, "root", Role.ADMIN)
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"%PDF-1.4 not a database")
    with pytest.raises(ValidationError, match="not a backup"):
        backup.restore(sqlite_db, admin, junk, aside=tmp_path)
    broken = tmp_path / "broken.sqlite3"
    good = backup.backup(sqlite_db, tmp_path / "good.sqlite3")
    data = bytearray(good.read_bytes())
    data[5000:9000] = b"\xff" * 4000  # damage some pages
    broken.write_bytes(bytes(data))
    with pytest.raises(ValidationError):
        backup.restore(sqlite_db, admin, broken, aside=tmp_path)


def test_daily_backup_once_a_day_keeps_the_last_30(sqlite_db: Database, tmp_path: Path) -> None:
    make_staff(sqlite_db, "root", Role.ADMIN)
    folder = tmp_path / "backups"
    first_day = dt.date(2026, 1, 1)
    made = backup.daily_backup(sqlite_db, folder, today=first_day)
    assert made is not None and made.name == "workstation-20260101.sqlite3"
    assert backup.daily_backup(sqlite_db, folder, today=first_day) is None  # second start that day
    for n in range(1, 40):
        assert backup.daily_backup(sqlite_db, folder, today=first_day + dt.timedelta(days=n)) is not None
    kept = [p.name for p in backup.daily_backups(folder)]
    assert len(kept) == backup.KEEP == 30
    assert kept[0] == "workstation-20260111.sqlite3" and kept[-1] == "workstation-20260209.sqlite3"
    assert backup.inspect_backup(folder / kept[-1]).backend == "sqlite"


def test_daily_backup_on_postgresql_and_failures_do_not_stop_the_start(pg_db: Database, tmp_path: Path) -> None:
    made = backup.daily_backup_at_start(pg_db, tmp_path)
    assert made is not None and made.suffix == ".pgdump" and backup.inspect_backup(made).backend == "postgresql"
    assert backup.daily_backup_at_start(pg_db, tmp_path) is None
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    warnings: list[object] = []
    assert backup.daily_backup_at_start(pg_db, blocked, warn=warnings.append) is None
    assert len(warnings) == 1


def test_check_reports_ok_then_finds_a_double_loan(db: Database) -> None:
    _busy_day(db, 10)
    with db.begin() as s:
        report = checks.run_checks(s)
    assert report.ok, [f.english() for f in report.findings if not f.ok]
    assert {f.name for f in report.findings} >= {"integrity", "open_loans_unique", "item_status", "renewal_counts",
                                                   "audit_protected", "audit_order", "audit_loans"}
    # break the database behind the program's back: a second open loan for one item
    with db.begin() as s:
        s.execute(text("DROP INDEX ix_loan_open_item"))
        loan = s.scalars(select(Loan).where(Loan.returned_at.is_(None)).limit(1)).one()
        s.execute(insert(Loan).values(item_id=loan.item_id, reader_id=loan.reader_id,
                                      service_point_id=loan.service_point_id, staff_id=loan.staff_id,
                                      lent_at=loan.lent_at, local_day=loan.local_day, due_date=loan.due_date,
                                      renewal_count=0))
    with db.begin() as s:
        report = checks.run_checks(s)
    bad = {f.name: f.english() for f in report.findings if not f.ok}
    assert set(bad) == {"open_loans_unique", "audit_loans"}
    assert str(loan.item_id) in bad["open_loans_unique"]


def test_check_command_prints_a_report(sqlite_db: Database) -> None:
    _busy_day(sqlite_db, 5)
    good = cli("--db", sqlite_db.url, "--lang", "en", "check")
    assert good.returncode == 0, good.stderr
    lines = good.stdout.strip().splitlines()
    assert len(lines) >= 8 and all(line.startswith("OK") for line in lines[1:])
    with sqlite_db.begin() as s:
        s.execute(text("UPDATE item SET status = 'on_loan' WHERE id = (SELECT min(id) FROM item "
                       "WHERE status = 'available')"))
    bad = cli("--db", sqlite_db.url, "--lang", "en", "check")
    assert bad.returncode == 1
    assert any(line.startswith("FAIL") and "marked on loan" in line for line in bad.stdout.splitlines())


def test_backup_into_a_folder_that_does_not_exist_yet(tmp_path: Path) -> None:
    from workstation.db import open_database
    from workstation.services.admin import backup as backup_service

    db = open_database(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    try:
        made = backup_service.backup(db, tmp_path / "usb" / "backups")
    finally:
        db.dispose()
    assert made.parent == tmp_path / "usb" / "backups" and made.suffix == ".sqlite3"
