"""Accounts: an idle desk locks after the configured time (10 minutes by default) and
opens again only with the password of the person logged in; wrong passwords count towards
the account's lockout."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.conftest import TEST_PASSWORD, make_staff
from tests.desk_data import lending_desks
from workstation.db import Database
from workstation.errors import PermissionDenied, ValidationError
from workstation.models import AuditEntry, Role, Staff
from workstation.services.admin import auth, idle


def test_policy_locks_after_the_timeout_and_activity_postpones_it() -> None:
    policy = idle.IdlePolicy(last_activity=0.0)
    assert policy.timeout == dt.timedelta(minutes=10)
    assert not policy.check(599.0)
    policy.touch(500.0)  # the librarian scanned something
    assert not policy.check(1099.0)
    assert policy.check(1100.0)
    policy.touch(1200.0)  # activity behind the lock does not open it
    assert policy.check(1201.0)
    policy.unlocked(1300.0)
    assert not policy.check(1899.0) and policy.check(1900.0)


def test_idle_minutes_setting(db: Database) -> None:
    admin = make_staff(db, "root", Role.ADMIN)
    desk = make_staff(db, "desk1", Role.DESK)
    with db.begin() as s:
        assert idle.idle_minutes(s) == idle.DEFAULT_IDLE_MINUTES == 10
    for bad in ("0", "abc", "241", -5):
        with pytest.raises(ValidationError), db.begin() as s:
            idle.set_idle_minutes(s, admin, bad)
    with pytest.raises(PermissionDenied), db.begin() as s:
        idle.set_idle_minutes(s, desk, 5)
    with db.begin() as s:
        assert idle.set_idle_minutes(s, admin, " 3 ") == 3
    with db.begin() as s:
        assert idle.idle_minutes(s) == 3


def test_unlock_needs_the_own_password_and_counts_failures(db: Database) -> None:
    make_staff(db, "root", Role.ADMIN)
    desk = make_staff(db, "desk1", Role.DESK).at(lending_desks(db)[0])
    with db.begin() as s:
        refusal = idle.unlock_session(s, desk, "wrong")
    assert refusal is not None and refusal.english() == auth.wrong_username_or_password().english()
    with db.begin() as s:
        assert s.scalars(select(Staff.failed_logins).where(Staff.id == desk.staff_id)).one() == 1
        assert idle.unlock_session(s, desk, TEST_PASSWORD) is None
    with db.begin() as s:
        assert s.scalars(select(Staff.failed_logins).where(Staff.id == desk.staff_id)).one() == 0
        assert [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.staff_id == desk.staff_id)
                                            .order_by(AuditEntry.id))][-2:] == ["login_failed", "login"]


def test_gui_locks_and_unlocks(qtbot, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    from workstation.ui.idle_lock import IdleLock

    make_staff(sqlite_db, "root", Role.ADMIN)
    desk = make_staff(sqlite_db, "desk1", Role.DESK).at(lending_desks(sqlite_db)[0])
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    now = [0.0]
    lock = IdleLock(sqlite_db, desk, window, timeout=dt.timedelta(minutes=10), check_every_ms=20,
                    clock=lambda: now[0])
    qtbot.wait(60)
    assert lock.dialog is None  # not idle long enough
    now[0] = 601.0
    with qtbot.waitSignal(lock.locked, timeout=2000):
        pass
    dialog = lock.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()  # Esc does not open the desk
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.password, "wrong-password")
    dialog.unlock_button.click()
    assert dialog.isVisible() and dialog.error.text()
    qtbot.keyClicks(dialog.password, TEST_PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=2000):
        dialog.unlock_button.click()
    assert lock.dialog is None and not lock.policy.locked
    # locked again later; this time the librarian logs out
    now[0] = 1300.0
    with qtbot.waitSignal(lock.locked, timeout=2000):
        pass
    assert lock.dialog is not None
    with qtbot.waitSignal(lock.logout_requested, timeout=2000):
        lock.dialog.logout_button.click()
    lock.stop()


def test_a_lock_left_running_is_stopped_by_stop_all(qtbot, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    """What the tests' teardown relies on: every lock not stopped is found and stopped, even
    in a window nobody holds any more, and a stopped lock no longer checks."""
    from PySide6.QtWidgets import QMainWindow

    from workstation.ui import idle_lock

    make_staff(sqlite_db, "root", Role.ADMIN)
    desk = make_staff(sqlite_db, "desk1", Role.DESK).at(lending_desks(sqlite_db)[0])
    window = QMainWindow()
    qtbot.addWidget(window)
    lock = idle_lock.IdleLock(sqlite_db, desk, window, timeout=dt.timedelta(minutes=10), check_every_ms=20)
    assert lock in idle_lock._LIVE and lock.timer.isActive()
    idle_lock.stop_all()
    assert lock not in idle_lock._LIVE and not lock.timer.isActive()
