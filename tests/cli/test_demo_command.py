"""``workstation demo``: builds a marked demo database, reuses it, rebuilds it on request,
refuses a database that is not a demo, and opens the program logged in as the manager."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from workstation.db import open_database
from workstation.demo import demo_marker
from workstation.demo.accounts import hint_text
from workstation.demo.targets import BRANCHES, branch_target, target
from workstation.models import CENTRAL_LIBRARY_ID, ServicePoint, Staff
from workstation.models.circulation import Loan
from workstation.services.admin import staff as staff_service

SMALL = ("--years", "1", "--scale", "0.002")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("WORKSTATION_DB", None)
    return subprocess.run([sys.executable, "-m", "workstation", "--lang", "en", *args], capture_output=True,
                          text=True, env=env, check=False, timeout=300)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_reuse_and_rebuild(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    built = run("demo", "--no-gui", "--db", str(path), *SMALL)
    assert built.returncode == 0, built.stderr
    assert "demo-manager" in built.stdout and "%" in built.stderr  # accounts listed, progress bar shown
    db = open_database(f"sqlite:///{path}")
    try:
        marker = demo_marker(db)
        assert marker is not None and marker["years"] == 1
        with db.begin() as s:
            loans = s.scalar(select(func.count(Loan.id)))
            central = s.scalar(select(func.count(Loan.id)).join(ServicePoint, ServicePoint.id == Loan.service_point_id)
                               .where(ServicePoint.library_id == CENTRAL_LIBRARY_ID))
            assert central == target(2019, 0.002).loans_total  # 410,000 × 0.002
            assert loans == central + sum(branch_target(b, 2019, 0.002).loans for b in BRANCHES)
            assert {"demo-admin", "demo-manager", "demo-desk"} <= set(s.scalars(select(Staff.username)))
    finally:
        db.dispose()
    before = digest(path)
    again = run("demo", "--no-gui", "--db", str(path), *SMALL)
    assert again.returncode == 0, again.stderr
    assert "reusing" in again.stdout
    assert digest(path) == before  # idempotent: nothing rebuilt, nothing added
    other = run("demo", "--no-gui", "--db", str(path), "--years", "2", "--scale", "0.002")
    assert other.returncode == 2 and "--rebuild" in other.stderr
    rebuilt = run("demo", "--no-gui", "--db", str(path), "--rebuild", *SMALL)
    assert rebuilt.returncode == 0, rebuilt.stderr
    db = open_database(f"sqlite:///{path}")
    try:
        with db.begin() as s:
            assert s.scalar(select(func.count(Loan.id))) == loans  # the same build again
            # nine people at the central library and the branches' librarians; the demo's kiosks
            # have staff rows of their own (kiosk.*), not counted here
            people = 9 + sum(len(b.staff) for b in BRANCHES)
            assert s.scalar(select(func.count(Staff.id)).where(~Staff.username.startswith("kiosk."))) == people
    finally:
        db.dispose()


def test_refuses_a_database_that_is_not_a_demo(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    db = open_database(f"sqlite:///{path}")
    with db.begin() as s:
        staff_service.create_first_admin(s, "admin", "管理员", "Admin-pass-1")
    db.dispose()
    before = digest(path)
    for extra in ((), ("--rebuild",)):
        result = run("demo", "--no-gui", "--db", str(path), *SMALL, *extra)
        assert result.returncode == 2
        assert "not a demo database" in result.stderr
        assert digest(path) == before
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database at all")
    result = run("demo", "--no-gui", "--db", str(foreign), *SMALL)
    assert result.returncode == 2 and foreign.read_text() == "not a database at all"


def test_default_location_is_beside_the_normal_database() -> None:
    from workstation.commands.demo import default_demo_url
    from workstation.db import default_database_path

    url = default_demo_url()
    assert url.endswith("demo.sqlite3")
    assert str(default_database_path().parent) in url
    assert not url.endswith(default_database_path().name)


def test_opens_the_program_logged_in_as_the_demo_manager(qtbot: object, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    import workstation.ui.app as app_module
    from workstation.commands import demo as demo_command
    from workstation.db import Database
    from workstation.demo import DemoOptions, build_demo

    path = tmp_path / "demo.sqlite3"
    db = open_database(f"sqlite:///{path}")
    build_demo(db, DemoOptions(years=1, scale=0.002))
    db.dispose()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    seen: list[app_module.Controller] = []

    class Recording(app_module.Controller):
        def __init__(self, db: Database, settings: QSettings, demo_hint: str | None = None,
                     lang: str = "zh_CN") -> None:
            super().__init__(db, settings, demo_hint, lang)
            seen.append(self)

    monkeypatch.setattr(app_module, "Controller", Recording)
    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)
    monkeypatch.setattr(app_module, "install_excepthook", lambda: None)
    code = demo_command.run_demo_gui(f"sqlite:///{path}", "zh_CN", hint_text("zh_CN"),
                                     "demo-manager", "demo-manager-2019")
    assert code == 0
    controller = seen[0]
    assert controller.login is not None and "demo-manager" in controller.login.findChild(
        type(controller.login.error), "demo_hint").text()
    window = controller.window
    assert window is not None, controller.login.error.text()
    assert window.context.actor.username == "demo-manager"
    assert "演示" in window.windowTitle() or "DEMO" in window.windowTitle()
    window.close()
    controller.db.dispose()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_demo_database_opened_with_db_shows_demo_and_its_accounts(qtbot: object, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    """The mark comes from the data: `workstation --db demo.sqlite3` shows it as `workstation
    demo` does; a normal database shows none."""
    from PySide6.QtWidgets import QApplication, QLabel

    import workstation.ui.app as app_module
    from workstation import cli
    from workstation.demo import DemoOptions, build_demo

    path = tmp_path / "demo.sqlite3"
    db = open_database(f"sqlite:///{path}")
    build_demo(db, DemoOptions(years=1, scale=0.002))
    db.dispose()
    seen: list[app_module.Controller] = []
    start = app_module.Controller.start

    def recording_start(self: app_module.Controller, *args: object) -> bool:
        seen.append(self)
        return start(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(app_module.Controller, "start", recording_start)
    monkeypatch.setattr(QApplication, "exec", lambda *_args: 0)
    monkeypatch.setattr(app_module, "install_excepthook", lambda: None)
    assert cli.main(["--db", f"sqlite:///{path}", "--lang", lang]) == 0
    login = seen[0].login
    assert login is not None
    hint = login.findChild(QLabel, "demo_hint")
    assert hint.isVisible()
    assert "demo-manager / demo-manager-2019" in hint.text()
    assert ("演示数据库" in hint.text()) == (lang == "zh_CN")
    login.username.setText("demo-desk")
    login.password.setText("demo-desk-2019")
    login.try_login()
    window = seen[0].window
    assert window is not None, login.error.text()
    assert "DEMO" in window.windowTitle()
    window.close()

    plain = tmp_path / "plain.sqlite3"
    open_database(f"sqlite:///{plain}").dispose()
    with open_database(f"sqlite:///{plain}").begin() as s:
        from workstation.services.admin import staff as staff_service

        staff_service.create_first_admin(s, "root", "管理员", "secret-pass-1")
    seen.clear()
    assert cli.main(["--db", f"sqlite:///{plain}", "--lang", lang]) == 0
    assert seen[0].login is not None and not seen[0].login.findChild(QLabel, "demo_hint").isVisible()
