"""The ``workstation`` command, run as a user would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from workstation import __version__
from workstation.db import open_database
from workstation.models import AuditEntry, Role, Staff


def run(*args: str, stdin: str = "", env_db: str | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if env_db:
        env["WORKSTATION_DB"] = env_db
    return subprocess.run([sys.executable, "-m", "workstation", *args], input=stdin, capture_output=True,
                          text=True, env=env, check=False, timeout=120)


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_user_add_first_admin_then_desk(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    first = run("--db", url, "user", "add", "--username", "admin", "--name", "管理员", "--password-stdin",
                stdin="Admin-pass-1\n")
    assert first.returncode == 0, first.stderr
    assert "admin" in first.stdout
    # with accounts present, an administrator must vouch for the new one
    refused = run("--db", url, "user", "add", "--username", "desk1", "--name", "借阅员", "--password-stdin",
                  stdin="Desk-pass-1\n")
    assert refused.returncode == 2 and "--admin" in refused.stderr
    wrong = run("--db", url, "user", "add", "--username", "desk1", "--name", "借阅员", "--role", "desk",
                "--admin", "admin", "--password-stdin", stdin="Desk-pass-1\nnot-the-admin-pw\n")
    assert wrong.returncode == 2 and "密码错误" in wrong.stderr  # Chinese by default
    ok = run("--db", url, "user", "add", "--username", "desk1", "--name", "借阅员", "--role", "desk",
             "--admin", "admin", "--password-stdin", stdin="Desk-pass-1\nAdmin-pass-1\n")
    assert ok.returncode == 0, ok.stderr
    db = open_database(url)
    try:
        with db.begin() as s:
            staff = {p.username: p.role for p in s.scalars(select(Staff))}
            actions = [(e.action, e.entity) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    finally:
        db.dispose()
    assert staff == {"admin": Role.ADMIN, "desk1": Role.DESK}
    assert ("create", "staff") in actions and actions.count(("create", "staff")) == 2


def test_bad_password_is_explained_in_chinese(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = run("--db", url, "user", "add", "--username", "admin", "--name", "管理员", "--password-stdin",
                 stdin="short\n")
    assert result.returncode == 2 and "密码" in result.stderr and "8" in result.stderr


def test_environment_variable_selects_database(tmp_path: Path) -> None:
    path = tmp_path / "env.sqlite3"
    result = run("user", "add", "--username", "admin", "--name", "管理员", "--password-stdin",
                 stdin="Admin-pass-1\n", env_db=f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    assert path.exists()


def test_english_interface(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = run("--db", url, "--lang", "en", "user", "add", "--username", "admin", "--name", "Admin",
                 "--password-stdin", stdin="short\n")
    assert result.returncode == 2 and "Password: use at least 8 characters." in result.stderr


def test_the_vehicles_laptop_starts_on_its_trip_store_unless_a_database_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``workstation`` alone opens the trip store in the vehicle folder (offline, as with
    ``--trip``); ``--db`` or WORKSTATION_DB reach a database instead; ``--trip`` wins."""
    from workstation import cli
    from workstation.services.bookmobile import store
    from workstation.ui import app

    started: list[tuple[str | None, str | None]] = []
    monkeypatch.setattr(app, "run_gui", lambda db, _lang, trip=None: started.append((db, trip)) or 0)
    monkeypatch.delenv("WORKSTATION_DB", raising=False)
    assert cli.main([]) == 0 and started[-1] == (None, None)  # nothing there: the usual start
    folder = store.vehicle_folder()
    folder.mkdir(parents=True, exist_ok=True)
    trip = folder / "trip.sqlite3"
    trip.write_bytes(b"SQLite format 3\x00")
    try:
        assert cli.main([]) == 0 and started[-1] == (None, str(trip))
        assert cli.main(["--db", str(tmp_path / "x.sqlite3")]) == 0 and started[-1] == (str(tmp_path / "x.sqlite3"),
                                                                                       None)
        assert cli.main(["--trip", str(tmp_path / "other.sqlite3")]) == 0
        assert started[-1] == (None, str(tmp_path / "other.sqlite3"))
        monkeypatch.setenv("WORKSTATION_DB", str(tmp_path / "y.sqlite3"))
        assert cli.main([]) == 0 and started[-1] == (None, None)
    finally:
        trip.unlink()
