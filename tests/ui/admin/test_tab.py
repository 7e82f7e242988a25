"""The Admin tab driven like an administrator would: dialogs, buttons, the audit list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton
from sqlalchemy import func, select

from tests.ui.busy import wait_idle
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import AuditEntry, Role, ServicePoint, Staff
from workstation.ui.admin.staff_dialog import StaffDialog
from workstation.ui.admin.tab import AdminTab, select_key


def audit_count(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def point_id(db: Database, name: str) -> int:
    with db.begin() as s:
        found = s.scalar(select(ServicePoint.id).where(ServicePoint.name == name))
        assert found is not None
        return found


@pytest.fixture
def tab(qtbot, sqlite_db: Database) -> AdminTab:
    widget = AdminTab(context_for(sqlite_db))
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    widget.refresh()
    return widget


def test_models_pass_qt_model_tester(qtmodeltester, tab: AdminTab) -> None:
    qtmodeltester.check(tab.staff_page.model)
    tab.points_page.refresh()
    qtmodeltester.check(tab.points_page.model)


def test_create_staff_through_dialog(qtbot, tab: AdminTab, sqlite_db: Database) -> None:
    before = audit_count(sqlite_db)

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StaffDialog)
        qtbot.keyClicks(dialog.findChild(QLineEdit, "username"), "x")  # too short first
        dialog.findChild(QLineEdit, "display_name").insert("张借阅")
        dialog.findChild(QComboBox, "role").setCurrentIndex(0)
        qtbot.keyClicks(dialog.findChild(QLineEdit, "password"), "desk-pass-9")
        dialog.buttons.accepted.emit()
        error = dialog.findChild(QLabel, "error").text()
        assert "用户名" in error, error  # names the field; dialog stays open, nothing written
        assert dialog.isVisible()
        qtbot.keyClicks(dialog.findChild(QLineEdit, "username"), "zhang")
        dialog.buttons.accepted.emit()

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(tab.staff_page.findChild(QPushButton, "add_staff"), Qt.MouseButton.LeftButton)
    assert audit_count(sqlite_db) == before + 1
    with sqlite_db.begin() as s:
        staff = s.scalar(select(Staff).where(Staff.username == "xzhang"))
        assert staff is not None and staff.role is Role.DESK and staff.display_name == "张借阅"
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and (entry.action, entry.entity, entry.entity_id) == ("create", "staff", staff.id)
    names = [tab.staff_page.model.row_values(r)[0] for r in range(tab.staff_page.model.rowCount())]
    assert "xzhang" in names


def test_rename_service_point_through_dialog(qtbot, tab: AdminTab, sqlite_db: Database) -> None:
    page = tab.points_page
    tab.pages.setCurrentWidget(page)
    target = point_id(sqlite_db, "综合借阅处")
    select_key(page.view, target)
    before = audit_count(sqlite_db)

    def rename() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        assert dialog.textValue() == "综合借阅处"
        dialog.setTextValue("综合图书借阅处")
        dialog.accept()

    QTimer.singleShot(0, rename)
    qtbot.mouseClick(page.findChild(QPushButton, "rename_point"), Qt.MouseButton.LeftButton)
    assert audit_count(sqlite_db) == before + 1
    with sqlite_db.begin() as s:
        assert s.get(ServicePoint, target).name == "综合图书借阅处"
    shown = [page.model.row_values(r)[0] for r in range(page.model.rowCount())]
    assert "综合图书借阅处" in shown and "综合借阅处" not in shown


def test_retire_reading_room_keeps_it_listed_as_retired(qtbot, tab: AdminTab, sqlite_db: Database,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    page = tab.points_page
    tab.pages.setCurrentWidget(page)
    room = point_id(sqlite_db, "古籍阅览室")
    select_key(page.view, room)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    before = audit_count(sqlite_db)
    qtbot.mouseClick(page.findChild(QPushButton, "retire_point"), Qt.MouseButton.LeftButton)
    assert audit_count(sqlite_db) == before + 1
    with sqlite_db.begin() as s:
        assert s.get(ServicePoint, room).active is False
    row = next(r for r in range(page.model.rowCount()) if page.model.row_values(r)[0] == "古籍阅览室")
    assert page.model.row_values(row)[3] == "已停用"


def test_refusal_is_shown_and_nothing_written(qtbot, tab: AdminTab, sqlite_db: Database,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    page = tab.points_page
    tab.pages.setCurrentWidget(page)
    select_key(page.view, point_id(sqlite_db, "流动图书车"))  # has stops: cannot be deleted
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    before = audit_count(sqlite_db)
    qtbot.mouseClick(page.findChild(QPushButton, "delete_point"), Qt.MouseButton.LeftButton)
    assert shown and "不能删除" in shown[0] and "停用" in shown[0]
    assert audit_count(sqlite_db) == before


def test_bookmobile_stops_are_listed(qtbot, tab: AdminTab, sqlite_db: Database) -> None:
    page = tab.points_page
    tab.pages.setCurrentWidget(page)
    select_key(page.view, point_id(sqlite_db, "流动图书车"))
    stops = [page.stops_model.row_values(r)[0] for r in range(page.stops_model.rowCount())]
    assert stops[:2] == ["惠丰社区", "清华社区"]


def test_audit_page_lists_changes(qtbot, tab: AdminTab, sqlite_db: Database) -> None:
    tab.pages.setCurrentWidget(tab.audit_page)
    rows = [tab.audit_page.model.row_values(r) for r in range(tab.audit_page.model.rowCount())]
    assert any(r[3] == "create" and r[4] == "staff" for r in rows)


def _old_returned_loan(db: Database) -> None:
    """A loan lent and returned three years ago, for a real reader."""
    import datetime as dt

    from tests.conftest import make_staff
    from workstation.services.circulation import items, loans, readers

    desk = make_staff(db, "desk9", Role.DESK).at(point_id(db, "综合借阅处"))
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=3 * 365)
    with db.begin() as s:
        reader = readers.register_reader(s, desk, card_number="R9001", name="老读者", category="adult",
                                         id_type="other", id_number="X9001", phone="13900009001")
        items.create_item(s, desk, barcode="B9001", title="旧书")
    with db.begin() as s:
        loans.checkout(s, desk, reader.id, "B9001", now=long_ago)
    with db.begin() as s:
        loans.checkin(s, desk, "B9001", now=long_ago + dt.timedelta(days=10))


def test_library_settings_page(qtbot, tab: AdminTab, sqlite_db: Database) -> None:
    """An administrator names the library, sets the idle lock and the retention period (a
    bad name is refused with nothing saved), and anonymises old loans after confirming."""
    from PySide6.QtWidgets import QSpinBox

    from workstation.models.circulation import Loan, Reader
    from workstation.services.admin import idle, library
    from workstation.services.circulation import privacy

    _old_returned_loan(sqlite_db)
    page = tab.settings_page
    tab.pages.setCurrentWidget(page)
    assert page.findChild(QSpinBox, "idle_minutes").value() == idle.DEFAULT_IDLE_MINUTES
    assert page.findChild(QSpinBox, "retention_months").value() == privacy.DEFAULT_RETENTION_MONTHS
    preview = page.findChild(QLabel, "anonymise_preview").text()
    assert preview.startswith("1 ") and "仍" in preview, preview  # one loan, still linked to its reader
    anonymise = page.findChild(QPushButton, "anonymise")
    assert anonymise.isEnabled()

    # a name of spaces is refused, named, and nothing of the three is saved
    before = audit_count(sqlite_db)
    name = page.findChild(QLineEdit, "library_name")
    assert name.text() == "长治市图书馆"  # the seed library's name, as the reports print it
    name.setText("   ")
    idle_box = page.findChild(QSpinBox, "idle_minutes")
    idle_box.setValue(15)

    def close_warning() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "图书馆名称" in box.text(), box.text() if box else None
        box.accept()

    QTimer.singleShot(0, close_warning)
    qtbot.mouseClick(page.findChild(QPushButton, "save_settings"), Qt.MouseButton.LeftButton)
    assert audit_count(sqlite_db) == before
    with sqlite_db.begin() as s:
        assert idle.idle_minutes(s) == idle.DEFAULT_IDLE_MINUTES

    name.clear()
    name.insert("长治市图书馆（总馆）")
    idle_box.setValue(15)
    page.findChild(QSpinBox, "retention_months").setValue(12)
    qtbot.mouseClick(page.findChild(QPushButton, "save_settings"), Qt.MouseButton.LeftButton)
    with sqlite_db.begin() as s:
        assert library.library_name(s) == "长治市图书馆（总馆）" and idle.idle_minutes(s) == 15
        assert privacy.retention_months(s) == 12
    assert audit_count(sqlite_db) == before + 3  # one entry per setting changed
    qtbot.mouseClick(page.findChild(QPushButton, "save_settings"), Qt.MouseButton.LeftButton)
    assert audit_count(sqlite_db) == before + 3  # saved again untouched: nothing rewritten

    # anonymising asks first; "No" changes nothing, "Yes" moves the loan to the placeholder
    def answer(button: QMessageBox.StandardButton, tries: int = 500) -> None:
        """Click ``button`` of the message box once it is up (the progress bar comes between)."""
        box = QApplication.activeModalWidget()
        if not (isinstance(box, QMessageBox) and box.button(button) is not None):
            assert tries > 0, f"no message box with {button}"
            QTimer.singleShot(10, lambda: answer(button, tries - 1))
            return
        box.button(button).click()  # the question's answer, or the closing of the report
        if button == QMessageBox.StandardButton.Yes:
            answer(QMessageBox.StandardButton.Ok)

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    qtbot.mouseClick(anonymise, Qt.MouseButton.LeftButton)
    with sqlite_db.begin() as s:
        assert s.scalar(select(Reader.card_number).join(Loan, Loan.reader_id == Reader.id)) == "R9001"
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    qtbot.mouseClick(anonymise, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)  # on the door's worker; the report box is answered meanwhile
    with sqlite_db.begin() as s:
        assert s.scalar(select(Reader.card_number).join(Loan, Loan.reader_id == Reader.id)) == "ANON-ADULT"
    assert page.findChild(QLabel, "anonymise_preview").text().startswith("0 ")
    assert not anonymise.isEnabled() and page.isEnabled()
    assert QApplication.activeModalWidget() is None  # no progress dialog left behind
