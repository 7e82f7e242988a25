"""Logging in through the real dialogs and finding oneself in the main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel, QLineEdit, QTabWidget
from sqlalchemy import select

from tests.conftest import TEST_PASSWORD, make_staff
from workstation.db import Database
from workstation.models import AuditEntry, Role
from workstation.resources import FONT_FAMILY
from workstation.ui.app import Controller
from workstation.ui.first_admin_dialog import FirstAdminDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.settings import app_settings


def login_through_dialog(qtbot, controller: Controller, username: str, password: str,
                         point: str | None = None) -> None:
    dialog = controller.login
    assert dialog is not None and dialog.isVisible()
    user = dialog.findChild(QLineEdit, "username")
    pw = dialog.findChild(QLineEdit, "password")
    user.clear()
    qtbot.keyClicks(user, username)
    qtbot.keyClick(user, Qt.Key.Key_Return)  # Enter moves on to the password
    if point is not None:
        combo = dialog.findChild(QComboBox, "service_point")
        index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(point))
        combo.setCurrentIndex(index)
    qtbot.keyClicks(pw, password)
    qtbot.keyClick(pw, Qt.Key.Key_Return)


@pytest.fixture
def controller(qtbot, sqlite_db: Database):
    make_staff(sqlite_db, "root", Role.ADMIN)
    ctl = Controller(sqlite_db, app_settings())
    ctl.start()
    yield ctl
    if ctl.window is not None:
        ctl.window.close()
    if ctl.login is not None:
        ctl.login.close()


def test_login_picks_service_point_and_status_bar_shows_it(qtbot, controller: Controller) -> None:
    login_through_dialog(qtbot, controller, "root", TEST_PASSWORD, point="文学借阅处")
    qtbot.waitUntil(lambda: controller.window is not None and controller.window.isVisible())
    window = controller.window
    assert isinstance(window, MainWindow)
    assert "文学借阅处" in window.findChild(QLabel, "status_service_point").text()
    assert "root" in window.findChild(QLabel, "status_user").text() or \
        "系统管理员" in window.findChild(QLabel, "status_user").text()
    assert window.context.actor.service_point_id == window.context.service_point.id
    # the choice is remembered for the next login on this computer
    window.findChild(type(window.menuBar().actions()[0]), "action_logout")
    window._logout()
    qtbot.waitUntil(lambda: controller.login is not None and controller.login.isVisible())
    combo = controller.login.findChild(QComboBox, "service_point")
    assert combo.currentText().startswith("文学借阅处")


def test_wrong_password_then_lockout_in_the_dialog(qtbot, controller: Controller, sqlite_db: Database) -> None:
    make_staff(sqlite_db, "wang", Role.DESK)
    error = controller.login.findChild(QLabel, "login_error")
    for attempt in range(1, 6):
        login_through_dialog(qtbot, controller, "wang", "not-the-password")
        assert error.isVisible()
        assert controller.window is None
        if attempt < 5:
            assert "用户名或密码错误" in error.text(), error.text()
    assert "锁定" in error.text()
    # sixth try with the right password is refused: the account is locked
    login_through_dialog(qtbot, controller, "wang", TEST_PASSWORD)
    assert controller.window is None
    assert "锁定" in error.text() and "管理员" in error.text()
    with sqlite_db.begin() as s:
        actions = [(e.action, e.details.get("reason")) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action.in_(["login_failed", "login_refused"])))]
    assert actions == [("login_failed", "wrong_password")] * 5 + [("login_refused", "locked")]


def test_first_start_asks_for_the_administrator(qtbot, sqlite_db: Database) -> None:
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FirstAdminDialog)
        qtbot.keyClicks(dialog.findChild(QLineEdit, "username"), "guanliyuan")
        dialog.findChild(QLineEdit, "display_name").insert("李馆员")  # as an input method commits it
        qtbot.keyClicks(dialog.findChild(QLineEdit, "password"), "Admin-2019")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "confirm"), "Admin-2018")
        qtbot.keyClick(dialog.findChild(QLineEdit, "confirm"), Qt.Key.Key_Return)
        assert "两次" in dialog.findChild(QLabel, "error").text()  # mismatch explained, dialog stays
        confirm = dialog.findChild(QLineEdit, "confirm")
        confirm.clear()
        qtbot.keyClicks(confirm, "Admin-2019")
        qtbot.keyClick(confirm, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)
    ctl = Controller(sqlite_db, app_settings())
    ctl.start()
    assert ctl.login is not None and ctl.login.isVisible()
    login_through_dialog(qtbot, ctl, "guanliyuan", "Admin-2019")
    qtbot.waitUntil(lambda: ctl.window is not None)
    assert ctl.window.context.actor.role is Role.ADMIN
    ctl.window.close()


def test_main_window_renders_chinese_with_shipped_font(qtbot, controller: Controller, tmp_path: Path) -> None:
    login_through_dialog(qtbot, controller, "root", TEST_PASSWORD, point="综合借阅处")
    qtbot.waitUntil(lambda: controller.window is not None)
    window = controller.window
    window.resize(1100, 700)
    tabs = window.findChild(QTabWidget, "tabs")
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "我的账户" in titles and "管理" in titles
    assert not any(ch.isascii() and ch.isalpha() for title in titles for ch in title), titles  # all translated
    status = window.findChild(QLabel, "status_service_point")
    assert status.text().startswith("服务点")
    assert QFontInfo(status.font()).family() == FONT_FAMILY
    # every character shown has a glyph in the font in use: no boxes
    metrics = QFontMetrics(status.font())
    for text in [*titles, status.text(), window.findChild(QLabel, "status_user").text()]:
        missing = [ch for ch in text if not metrics.inFontUcs4(ord(ch))]
        assert missing == [], (text, missing)
    shot = tmp_path / "main_window.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 10_000
    out = Path("screenshots")
    out.mkdir(exist_ok=True)
    window.grab().save(str(out / "main_window_zh.png"))


def test_window_remembers_last_tab(qtbot, controller: Controller) -> None:
    login_through_dialog(qtbot, controller, "root", TEST_PASSWORD)
    qtbot.waitUntil(lambda: controller.window is not None)
    controller.window.show_tab("admin_tab")
    controller.window._logout()
    qtbot.waitUntil(lambda: controller.login is not None and controller.login.isVisible())
    login_through_dialog(qtbot, controller, "root", TEST_PASSWORD)
    qtbot.waitUntil(lambda: controller.window is not None)
    assert controller.window.current_tab().objectName() == "admin_tab"


def test_desk_account_sees_no_admin_tab(qtbot, controller: Controller, sqlite_db: Database) -> None:
    make_staff(sqlite_db, "zhao", Role.DESK)
    login_through_dialog(qtbot, controller, "zhao", TEST_PASSWORD)
    qtbot.waitUntil(lambda: controller.window is not None)
    assert controller.window.tab_named("admin_tab") is None
    assert controller.window.tab_named("account_tab") is not None


def test_english_interface(qtbot, sqlite_db: Database) -> None:
    from workstation.ui.context import AppContext
    from workstation.ui.i18n import install_translations

    app = QApplication.instance()
    install_translations(app, "en")
    try:
        actor = make_staff(sqlite_db, "root", Role.ADMIN)
        window = MainWindow(AppContext(sqlite_db, actor, None, app_settings()))
        qtbot.addWidget(window)
        tabs = window.findChild(QTabWidget, "tabs")
        titles = [tabs.tabText(i) for i in range(tabs.count())]
        assert "My account" in titles and "Admin" in titles
        assert not any("\u4e00" <= ch <= "\u9fff" for title in titles for ch in title), titles
        assert window.findChild(QLabel, "status_service_point").text() == "Service point: none"
        out = Path("screenshots")
        out.mkdir(exist_ok=True)
        window.resize(1100, 700)
        window.grab().save(str(out / "main_window_en.png"))
    finally:
        install_translations(app, "zh_CN")


def test_login_window_is_painted_before_the_database_opens(qtbot, sqlite_db: Database,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The first thing the program shows is the login window; the database opens behind it
    and the keys typed meanwhile are kept."""
    from workstation.ui.login_dialog import LoginDialog

    make_staff(sqlite_db, "root", Role.ADMIN)
    seen: dict[str, object] = {}
    paints: list[int] = []
    painted = LoginDialog.paintEvent
    monkeypatch.setattr(LoginDialog, "paintEvent", lambda self, event: (paints.append(1), painted(self, event)))

    def open_db() -> Database:
        login = ctl.login
        assert login is not None
        combo = login.findChild(QComboBox, "service_point")
        seen.update(painted=len(paints), visible=login.isVisible(), placeholder=combo.placeholderText(),
                    enabled=combo.isEnabled(),
                    ok=login.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled())
        login.findChild(QLineEdit, "username").insert("root")  # typed while the database opens
        return sqlite_db

    ctl = Controller(None, app_settings())
    assert ctl.start(open_db) is True
    assert seen["painted"] >= 1 and seen["visible"] is True and seen["placeholder"] == "正在打开数据库……"
    assert seen["enabled"] is False and seen["ok"] is False  # nothing to choose or press yet
    assert ctl.login is not None
    combo = ctl.login.findChild(QComboBox, "service_point")
    assert combo.isEnabled() and combo.count() >= 10 and combo.placeholderText() == ""
    assert ctl.login.findChild(QLineEdit, "username").text() == "root"
    pw = ctl.login.findChild(QLineEdit, "password")
    ctl.login.findChild(QLineEdit, "username").setFocus()
    qtbot.keyClick(ctl.login.findChild(QLineEdit, "username"), Qt.Key.Key_Return)
    qtbot.keyClicks(pw, TEST_PASSWORD)
    qtbot.keyClick(pw, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctl.window is not None)
    ctl.window.close()


def test_login_closed_while_the_database_opens_ends_the_program(qtbot, sqlite_db: Database) -> None:
    ctl = Controller(None, app_settings())

    def open_db() -> Database:
        assert ctl.login is not None
        ctl.login.reject()  # Esc pressed at the first sight of the window
        return sqlite_db

    with qtbot.waitSignal(ctl.finished, timeout=1000):
        assert ctl.start(open_db) is False
    assert ctl.login is None


def test_a_database_that_does_not_open_ends_the_program(qtbot) -> None:
    ctl = Controller(None, app_settings())
    with qtbot.waitSignal(ctl.finished, timeout=1000):
        assert ctl.start(lambda: None) is False
    assert ctl.login is None and ctl.db is None


def test_login_window_loads_no_database_code_before_it_is_painted(tmp_path: Path) -> None:
    """In a fresh process: SQLAlchemy, the models and the services are imported only after
    the login window is on screen."""
    import subprocess
    import sys

    code = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from workstation.ui.app import Controller, make_application
from workstation.ui.settings import app_settings
app = make_application("zh_CN")
ctl = Controller(None, app_settings())
def open_db():
    print(ctl.login.isVisible(), sorted({m.split(".")[0] for m in sys.modules} & {"sqlalchemy", "alembic"}),
          sorted(m for m in sys.modules if m.startswith(("workstation.models", "workstation.services"))))
    return None
ctl.start(open_db)
"""
    env = {**__import__("os").environ, "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "True [] []"



def test_logging_out_does_not_end_the_program_closing_the_window_does(sqlite_db: Database, tmp_path: Path) -> None:
    """In a real event loop (Qt says the last window closed only inside exec()): logging out,
    as the File menu or the idle lock does, replaces the main window by the login and must
    not end the program; closing the main window does."""
    import subprocess
    import sys

    make_staff(sqlite_db, "root", Role.ADMIN)
    code = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QTimer
from workstation.db import open_database
from workstation.ui.app import Controller, make_application
from workstation.ui.settings import app_settings
app = make_application("en")
ctl = Controller(open_database(sys.argv[1]), app_settings())
ctl.quit_with(app)
ctl.start()
steps = []
def log_in():
    ctl.login.username.setText("root")
    ctl.login.password.setText({TEST_PASSWORD!r})
    ctl.login.try_login()
    steps.append("in" if ctl.window is not None and ctl.window.isVisible() else "not in")
def log_out():
    ctl.window._logout()
def still_here():
    steps.append("login shown" if ctl.login is not None and ctl.login.isVisible() else "no login")
for delay, step in ((100, log_in), (300, log_out), (600, still_here), (800, log_in),
                    (1100, lambda: ctl.window.close())):
    QTimer.singleShot(delay, step)
QTimer.singleShot(8000, lambda: (print("still running", steps), os._exit(3)))
app.exec()
print("ended", steps)
"""
    env = {**__import__("os").environ, "XDG_CONFIG_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code, sqlite_db.url], capture_output=True, text=True, env=env,
                         timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip().splitlines()[-1] == "ended ['in', 'login shown', 'in']", (out.stdout, out.stderr[-2000:])
