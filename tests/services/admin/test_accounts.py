"""Accounts: argon2id hashes, lockout after five wrong passwords with an administrator's
unlock, the idle lock, a desk account refused by every manager or administrator service,
and an audit trail that the program cannot change.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError

import workstation.services
from tests.conftest import TEST_PASSWORD, fresh_sqlite, make_staff
from workstation.db import Database
from workstation.errors import PermissionDenied
from workstation.models import AuditEntry, Role, Staff
from workstation.services.admin import auth, staff
from workstation.services.context import Actor


def _restricted_services() -> Iterator[tuple[str, Callable[..., Any], Role]]:
    """Every public service function that calls ``require_role(actor, Role.MANAGER|ADMIN)``."""
    for info in pkgutil.walk_packages(workstation.services.__path__, "workstation.services."):
        module = importlib.import_module(info.name)
        source = inspect.getsource(module)
        for node in ast.parse(source).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and getattr(call.func, "id", "") == "require_role"
                        and len(call.args) == 2 and isinstance(call.args[1], ast.Attribute)
                        and call.args[1].attr in ("MANAGER", "ADMIN")):
                    yield f"{info.name.removeprefix('workstation.services.')}.{node.name}", \
                        getattr(module, node.name), Role[call.args[1].attr]
                    break


RESTRICTED = sorted(_restricted_services(), key=lambda t: t[0])


def test_the_list_of_restricted_services_is_complete() -> None:
    """Every ``require_role(actor, Role.MANAGER|ADMIN)`` in the services is in the list
    (so a new manager-only service is tested without editing this file)."""
    pattern = re.compile(r"require_role\(actor, Role\.(MANAGER|ADMIN)\)")
    occurrences = sum(len(pattern.findall(inspect.getsource(importlib.import_module(info.name))))
                      for info in pkgutil.walk_packages(workstation.services.__path__, "workstation.services."))
    assert len(RESTRICTED) == occurrences
    names = {name for name, _f, _r in RESTRICTED}
    assert {"admin.staff.create_staff", "admin.staff.unlock", "audit.list_entries", "admin.backup.restore",
            "admin.service_points.create_service_point", "admin.library.set_library_name"} <= names


def _dummy(parameter: inspect.Parameter) -> Any:
    annotation = str(parameter.annotation)
    if "int" in annotation and "str" not in annotation:
        return 1
    if "str" in annotation:
        return "x"
    return None


@pytest.fixture(scope="module")
def refused_world(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One database for all the refusals (nothing is written): accounts hash once."""
    db = fresh_sqlite(sqlite_template, tmp_path_factory.mktemp("refused"))
    make_staff(db, "root", Role.ADMIN)
    try:
        yield {"db": db, "desk": make_staff(db, "desk1", Role.DESK).at(1),
               "manager": make_staff(db, "boss", Role.MANAGER).at(1)}
    finally:
        db.dispose()


@pytest.mark.parametrize(("name", "service", "role"), RESTRICTED, ids=[n for n, _s, _r in RESTRICTED])
def test_desk_account_is_refused(name: str, service: Callable[..., Any], role: Role,
                                 refused_world: dict[str, Any]) -> None:
    db: Database = refused_world["db"]
    candidates = [refused_world["desk"]] if role is Role.MANAGER else [refused_world["desk"],
                                                                      refused_world["manager"]]
    for actor in candidates:
        with db.begin() as s:
            before = s.scalar(select(func.count()).select_from(AuditEntry))
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for parameter in list(inspect.signature(service).parameters.values()):
            if parameter.name in ("session", "s"):
                value: Any = None
            elif parameter.name == "actor":
                value = actor
            elif parameter.name == "db":
                value = db
            elif parameter.default is not inspect.Parameter.empty or parameter.kind in (
                    inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD):
                continue
            else:
                value = _dummy(parameter)
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                kwargs[parameter.name] = value
            else:
                args.append(value)
        with pytest.raises(PermissionDenied) as err, db.begin() as s:
            call_args = [s if a is None and i == 0 else a for i, a in enumerate(args)]
            service(*call_args, **kwargs)
        assert actor.username in err.value.english()
        with db.begin() as s:
            assert s.scalar(select(func.count()).select_from(AuditEntry)) == before


# -- passwords and lockout ------------------------------------------------------------------

def test_passwords_are_argon2id(db: Database, admin: Actor) -> None:
    make_staff(db, "desk1", Role.DESK)
    with db.begin() as s:
        hashes = list(s.scalars(select(Staff.password_hash)))
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert all(TEST_PASSWORD not in h for h in hashes)


def test_lockout_after_five_wrong_passwords_and_admin_unlock(db: Database, admin: Actor) -> None:
    make_staff(db, "desk1", Role.DESK)
    for _ in range(5):
        with db.begin() as s:
            outcome = auth.login(s, "desk1", "wrong-password")
        assert not outcome.ok and not isinstance(outcome.error, auth.AccountLocked)
    with db.begin() as s:  # locked: a wrong password hears what an unknown username hears
        outcome = auth.login(s, "desk1", "wrong-password")
    assert outcome.error is not None and outcome.error.english() == auth.wrong_username_or_password().english()
    with db.begin() as s:  # the right password no longer helps
        outcome = auth.login(s, "desk1", TEST_PASSWORD)
    assert isinstance(outcome.error, auth.AccountLocked)
    with db.begin() as s:
        target = s.scalars(select(Staff).where(Staff.username == "desk1")).one()
        desk = Actor.of(target, "ws")
        with pytest.raises(PermissionDenied):
            staff.unlock(s, desk, target.id)
    with db.begin() as s:
        staff.unlock(s, admin, target.id)
    with db.begin() as s:
        assert auth.login(s, "desk1", TEST_PASSWORD).ok


# -- the audit trail cannot be changed ------------------------------------------------------

def test_audit_entries_cannot_be_changed_or_deleted(db: Database, admin: Actor) -> None:
    make_staff(db, "desk1", Role.DESK)
    with db.begin() as s:
        first = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
        assert first is not None
        entry_id, action = first.id, first.action
    for statement in (update(AuditEntry).where(AuditEntry.id == entry_id).values(action="forged"),
                      text("DELETE FROM audit_entry")):
        with pytest.raises(DBAPIError), db.begin() as s:
            s.execute(statement)
    with pytest.raises(DBAPIError), db.begin() as s:  # through the ORM too
        entry = s.get(AuditEntry, entry_id)
        assert entry is not None
        entry.details = {"forged": True}
    with db.begin() as s:
        entry = s.get(AuditEntry, entry_id)
        assert entry is not None and entry.action == action and "forged" not in entry.details
    # and the program offers no way to: no service changes or deletes audit entries
    for info in pkgutil.walk_packages(workstation.services.__path__, "workstation.services."):
        source = inspect.getsource(importlib.import_module(info.name))
        assert "update(AuditEntry" not in source and "delete(AuditEntry" not in source, info.name
