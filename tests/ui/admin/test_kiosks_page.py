"""Admin → 自助设备 driven like an administrator would: the dialog, the table, the buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton
from sqlalchemy import func, select

from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import AuditEntry
from workstation.models.kiosk import Kiosk
from workstation.ui.admin.kiosks_page import KioskDialog
from workstation.ui.admin.tab import AdminTab, select_key


def kiosks_in(db: Database) -> list[tuple[int, str, str, str, str, str, bool]]:
    with db.begin() as s:
        return [(k.id, k.login, k.charset.value, k.institution_id, k.service_point.name, k.terminator.value, k.active)
                for k in s.scalars(select(Kiosk).order_by(Kiosk.id))]


@pytest.fixture
def tab(qtbot, sqlite_db: Database) -> AdminTab:
    widget = AdminTab(context_for(sqlite_db))
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    widget.pages.setCurrentWidget(widget.kiosk_page)
    return widget


def when_dialog(step, problems: list[BaseException]) -> None:
    """Run ``step`` once the kiosk dialog is open (the page reads the desks first); a failure
    closes the dialog instead of leaving the test hanging in its loop."""
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, KioskDialog):
            return
        timer.stop()
        try:
            step()
        except BaseException as err:  # reported by the test after the dialog closed
            problems.append(err)
            dialog.close()

    timer.timeout.connect(poll)
    timer.start()
    _timers.append(timer)


_timers: list[QTimer] = []


def test_add_edit_and_disable_a_kiosk(qtbot, qtmodeltester, tab: AdminTab, sqlite_db: Database) -> None:
    page = tab.kiosk_page
    problems: list[BaseException] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, KioskDialog)
        dialog.findChild(QLineEdit, "login").insert("自助")  # not a login (typed by an input method)
        qtbot.keyClicks(dialog.findChild(QLineEdit, "password"), "kiosk-pass-1")
        dialog.findChild(QComboBox, "charset").setCurrentText("gbk")
        dialog.buttons.accepted.emit()
        error = dialog.findChild(QLabel, "error").text()
        assert "登录名" in error, error  # names the field; the dialog stays open, nothing written
        assert dialog.isVisible() and kiosks_in(sqlite_db) == []
        dialog.findChild(QLineEdit, "login").clear()
        qtbot.keyClicks(dialog.findChild(QLineEdit, "login"), "zh-kiosk-1")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "institution_id"), "CZLIB")
        dialog.buttons.accepted.emit()

    when_dialog(fill, problems)
    page.findChild(QPushButton, "add_kiosk").click()
    assert not problems, problems
    [(kiosk_id, *fields)] = kiosks_in(sqlite_db)
    assert fields == ["zh-kiosk-1", "gbk", "CZLIB", "综合借阅处", "CR", True]
    assert page.model.rowCount() == 1
    qtmodeltester.check(page.model)

    select_key(page.view, kiosk_id)

    def edit() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, KioskDialog)
        dialog.findChild(QComboBox, "terminator").setCurrentText("CRLF")
        dialog.buttons.accepted.emit()

    when_dialog(edit, problems)
    page.findChild(QPushButton, "edit_kiosk").click()
    assert not problems, problems
    select_key(page.view, kiosk_id)
    page.findChild(QPushButton, "toggle_kiosk").click()
    [(_id, *fields)] = kiosks_in(sqlite_db)
    assert fields[4:] == ["CRLF", False]
    with sqlite_db.begin() as s:
        actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "kiosk")
                                 .order_by(AuditEntry.id)))
        assert actions == ["create", "update", "disable"]
        assert s.scalar(select(func.count()).select_from(Kiosk)) == 1
