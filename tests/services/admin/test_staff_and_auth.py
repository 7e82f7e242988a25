from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import TEST_PASSWORD, make_staff
from workstation.db import Database
from workstation.errors import Conflict, PermissionDenied, ValidationError
from workstation.models import AuditEntry, Role, Staff
from workstation.services import audit
from workstation.services.admin import auth
from workstation.services.admin import staff as staff_service
from workstation.services.admin.auth import MAX_FAILED_LOGINS, AccountLocked, LoginFailed, login
from workstation.services.context import Actor


def audit_rows(db: Database, action: str | None = None) -> list[AuditEntry]:
    with db.begin() as s:
        q = select(AuditEntry).order_by(AuditEntry.id)
        if action:
            q = q.where(AuditEntry.action == action)
        return list(s.scalars(q))


def test_first_admin_only_once(db: Database) -> None:
    with db.begin() as s:
        assert not staff_service.has_any_staff(s)
        admin = staff_service.create_first_admin(s, " Admin ", "管理员", "first-pass-1")
        assert admin.username == "admin" and admin.role is Role.ADMIN
        assert admin.password_hash.startswith("$argon2id$")
    with pytest.raises(PermissionDenied), db.begin() as s:
        staff_service.create_first_admin(s, "intruder", "x", "first-pass-1")
    entries = audit_rows(db)
    assert [(e.action, e.entity, e.details["username"]) for e in entries] == [("create", "staff", "admin")]


def test_create_staff_writes_one_audit_entry(db: Database, admin: Actor) -> None:
    before = len(audit_rows(db))
    with db.begin() as s:
        created = staff_service.create_staff(s, admin, "ZhangSan", "张三", "desk", "desk-pass-1")
    rows = audit_rows(db)
    assert len(rows) == before + 1
    assert (rows[-1].action, rows[-1].entity, rows[-1].entity_id) == ("create", "staff", created.id)
    assert rows[-1].staff_id == admin.staff_id and rows[-1].workstation == "test-ws"
    assert rows[-1].details == {"username": "zhangsan", "display_name": "张三", "role": "desk", "library_id": 1}


@pytest.mark.parametrize(
    ("username", "name", "password", "field"),
    [
        ("a", "张三", "desk-pass-1", "username"),
        ("has space", "张三", "desk-pass-1", "username"),
        ("zhang", "   ", "desk-pass-1", "display_name"),
        ("zhang", "张三", "short1", "password"),
        ("zhang", "张三", "12345678", "password"),
    ],
)
def test_bad_staff_input_names_field_and_writes_nothing(db: Database, admin: Actor, username: str,
                                                        name: str, password: str, field: str) -> None:
    before = len(audit_rows(db))
    with pytest.raises(ValidationError) as err, db.begin() as s:
        staff_service.create_staff(s, admin, username, name, "desk", password)
    assert err.value.field == field
    assert len(audit_rows(db)) == before
    with db.begin() as s:
        assert s.scalar(select(Staff).where(Staff.username == username)) is None


def test_duplicate_username_refused(db: Database, admin: Actor) -> None:
    with pytest.raises(Conflict), db.begin() as s:
        staff_service.create_staff(s, admin, "ROOT", "又一个", "desk", "desk-pass-1")


def test_desk_account_cannot_call_admin_services(db: Database, desk: Actor) -> None:
    with pytest.raises(PermissionDenied), db.begin() as s:
        staff_service.create_staff(s, desk, "sneaky", "x", "admin", "desk-pass-1")
    with pytest.raises(PermissionDenied), db.begin() as s:
        staff_service.list_staff(s, desk)
    with pytest.raises(PermissionDenied), db.begin() as s:
        audit.list_entries(s, desk)


def test_login_lockout_after_five_failures(db: Database, admin: Actor) -> None:
    make_staff(db, "li", Role.DESK)
    for _ in range(1, MAX_FAILED_LOGINS + 1):
        with db.begin() as s:
            outcome = login(s, "li", "wrong-password", workstation="desk-pc")
        assert not outcome.ok and isinstance(outcome.error, LoginFailed)
        # the same answer every time, also at the fifth that locks the account: whoever does not
        # know the password cannot tell a known username from an unknown one
        assert not isinstance(outcome.error, AccountLocked)
        assert outcome.error.english() == auth.wrong_username_or_password().english()
    # sixth try, even with the right password: refused, locked
    with db.begin() as s:
        outcome = login(s, "li", TEST_PASSWORD, workstation="desk-pc")
    assert isinstance(outcome.error, AccountLocked)
    failed = audit_rows(db, "login_failed")
    assert len(failed) == MAX_FAILED_LOGINS and failed[-1].details["locked"] is True
    refused = audit_rows(db, "login_refused")
    assert len(refused) == 1 and refused[0].details["reason"] == "locked"
    assert refused[0].workstation == "desk-pc"
    # an administrator unlocks; the right password works again and the counter resets
    with db.begin() as s:
        li = s.scalar(select(Staff).where(Staff.username == "li"))
        assert li is not None
        staff_service.unlock(s, admin, li.id)
    with db.begin() as s:
        outcome = login(s, "li", TEST_PASSWORD)
    assert outcome.ok and outcome.actor is not None and outcome.actor.role is Role.DESK
    with db.begin() as s:
        li = s.scalar(select(Staff).where(Staff.username == "li"))
        assert li is not None and li.failed_logins == 0 and li.last_login_at is not None


def test_unknown_user_gets_same_message_as_wrong_password(db: Database, admin: Actor) -> None:
    with db.begin() as s:
        unknown = login(s, "nobody", "whatever-1")
    with db.begin() as s:
        wrong = login(s, "root", "whatever-1")
    assert unknown.error is not None and wrong.error is not None
    # no hint whether the username exists
    assert unknown.error.english().startswith("Wrong username or password")
    assert wrong.error.english().startswith("Wrong username or password")


def test_inactive_account_cannot_log_in(db: Database, admin: Actor) -> None:
    li = make_staff(db, "li", Role.DESK)
    with db.begin() as s:
        staff_service.update_staff(s, admin, li.staff_id, active=False)
    with db.begin() as s:
        outcome = login(s, "li", TEST_PASSWORD)
    assert not outcome.ok


def test_last_admin_cannot_be_removed(db: Database, admin: Actor) -> None:
    with pytest.raises(Conflict), db.begin() as s:
        staff_service.update_staff(s, admin, admin.staff_id, role="desk")
    with pytest.raises(Conflict), db.begin() as s:
        staff_service.update_staff(s, admin, admin.staff_id, active=False)
    with db.begin() as s:
        assert staff_service.get_staff(s, admin.staff_id).role is Role.ADMIN


def test_change_own_password(db: Database, desk: Actor) -> None:
    with pytest.raises(ValidationError) as err, db.begin() as s:
        staff_service.change_own_password(s, desk, "not-it-123", "brand-new-1")
    assert err.value.field == "old_password"
    with db.begin() as s:
        staff_service.change_own_password(s, desk, TEST_PASSWORD, "brand-new-1")
    with db.begin() as s:
        assert login(s, desk.username, "brand-new-1").ok


def test_audit_trail_is_append_only_in_the_database(db: Database, admin: Actor) -> None:
    with pytest.raises(DBAPIError), db.begin() as s:
        s.execute(text("UPDATE audit_entry SET action = 'forged'"))
    with pytest.raises(DBAPIError), db.begin() as s:
        s.execute(text("DELETE FROM audit_entry"))
    assert all(e.action != "forged" for e in audit_rows(db))
    assert audit_rows(db)
