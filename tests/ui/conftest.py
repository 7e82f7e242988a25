"""GUI fixtures: the real application set-up (font, Chinese translation), an isolated
QSettings store, and an AppContext logged in on a fresh SQLite database."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.conftest import make_staff
from workstation.db import Database
from workstation.models import Role, ServicePoint, Staff
from workstation.services.context import Actor
from workstation.ui.context import AppContext, ServicePointInfo
from workstation.ui.i18n import install_font, install_translations
from workstation.ui.settings import app_settings


@pytest.fixture(autouse=True)
def _qt_setup(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    install_font(qapp)
    install_translations(qapp, "zh_CN")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield  # (idle locks a test leaves running are stopped by tests/conftest.py)


def settings_for_test() -> QSettings:
    return app_settings()  # redirected into tmp_path by _qt_setup


def context_for(db: Database, role: Role = Role.ADMIN, point_name: str = "综合借阅处",
                username: str | None = None) -> AppContext:
    """Log in (directly, no dialog) at the named service point: as ``root`` for the
    administrator, else as a new account of ``role``."""
    with db.begin() as s:
        has_root = s.scalar(select(Staff.id).where(Staff.username == "root")) is not None
    root = None if has_root else make_staff(db, "root", Role.ADMIN)
    if role is Role.ADMIN and username is None:
        actor = root or make_staff_lookup(db, "root")
    else:
        actor = make_staff(db, username or f"{role.value}user", role)
    with db.begin() as s:
        point = s.scalar(select(ServicePoint).where(ServicePoint.name == point_name))
        assert point is not None, point_name
        info = ServicePointInfo(point.id, point.name, point.kind)
    return AppContext(db, actor.at(point.id), info, settings_for_test())


def make_staff_lookup(db: Database, username: str) -> Actor:
    with db.begin() as s:
        staff = s.scalar(select(Staff).where(Staff.username == username))
        assert staff is not None
        return Actor.of(staff, "test-ws")


@pytest.fixture
def ui_context(sqlite_db: Database) -> AppContext:
    """An administrator logged in at 综合借阅处 on a fresh SQLite database."""
    return context_for(sqlite_db)


@pytest.fixture(autouse=True)
def unexpected_errors(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[list[BaseException]]:
    """Bugs that reached the door's "unexpected error" box during the test. A test fails if
    there was one, unless it asks for this list itself (to check that one was reported)."""
    from workstation.ui import ops

    seen: list[BaseException] = []
    original = ops.report_unexpected

    def record(parent: object, exc: BaseException) -> None:
        seen.append(exc)
        original(parent, exc)  # type: ignore[arg-type]

    monkeypatch.setattr(ops, "report_unexpected", record)
    yield seen
    asked = "unexpected_errors" in inspect.signature(request.function).parameters
    assert asked or not seen, f"unexpected errors reached the door: {seen!r}"
