"""Administration: libraries (总分馆), staff accounts, service points (with bookmobile stops), the audit trail."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.models import Role, ServicePointKind, Staff
from workstation.services import audit
from workstation.services.admin import libraries
from workstation.services.admin import service_points as sp_service
from workstation.services.admin import staff as staff_service
from workstation.timeutil import LIBRARY_TZ
from workstation.ui import ops
from workstation.ui.admin.kiosks_page import KioskPage
from workstation.ui.admin.libraries_page import LibrariesPage, managed_choices
from workstation.ui.admin.library_settings import LibrarySettingsPage
from workstation.ui.admin.service_point_dialog import ServicePointDialog
from workstation.ui.admin.staff_dialog import StaffDialog
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.login_dialog import kind_label
from workstation.ui.main_window import role_label
from workstation.ui.messages import error_text
from workstation.ui.models.rows import KeyRole, RowsTableModel
from workstation.ui.widgets.tables import table_view

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def selected_key(view: QTableView) -> object | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].data(KeyRole) if rows else None


def select_key(view: QTableView, key: object) -> None:
    model = view.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data(KeyRole) == key:
            view.selectRow(row)
            return


class _Page(QWidget):
    """A sub-page of the Admin tab with a table and a row of buttons."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.buttons = QHBoxLayout()

    def button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def run(self, action: Callable[..., object], *args: object, area: str = "admin") -> bool:
        """Run a service through the door; show its error, or refresh and announce the change."""
        if ops.run(self.context, lambda s: action(s, self.context.actor, *args), parent=self, changes=area) is None:
            return False
        self.refresh()
        return True

    def refresh(self) -> None:
        raise NotImplementedError


class StaffPage(_Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = RowsTableModel(
            [self.tr("Username"), self.tr("Name"), self.tr("Role"), self.tr("Status"), self.tr("Last login"),
             self.tr("Library")], self)
        self.view = table_view(self.model, "staff_table", sortable=True)
        self.button(self.tr("&New account…"), "add_staff", self.add_staff)
        self.button(self.tr("&Edit…"), "edit_staff", self.edit_staff)
        self.button(self.tr("&Reset password…"), "reset_password", self.reset_password)
        self.button(self.tr("&Unlock"), "unlock_staff", self.unlock)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.view)


    def refresh(self) -> None:
        with ops.reading(self.context) as s:
            staff = staff_service.list_staff(s, self.context.actor)
            names = {lib.id: lib.name for lib in libraries.libraries(s, include_inactive=True)}
            rows, keys, inactive = [], [], set()
            for i, person in enumerate(staff):
                if person.locked:
                    status = self.tr("locked")
                elif not person.active:
                    status = self.tr("not in use")
                    inactive.add(i)
                else:
                    status = self.tr("in use")
                last = person.last_login_at.astimezone(LIBRARY_TZ).strftime("%Y-%m-%d %H:%M") \
                    if person.last_login_at else ""
                rows.append((person.username, person.display_name, role_label(person.role), status, last,
                             names.get(person.library_id, "")))
                keys.append(person.id)
        self.model.set_rows(rows, keys, dimmed=inactive)

    def _selected(self) -> int | None:
        key = selected_key(self.view)
        if key is None:
            QMessageBox.information(self, self.tr("Staff"), self.tr("Select an account in the list first."))
            return None
        return int(str(key))

    def add_staff(self) -> None:
        choices = managed_choices(self.context)
        own = ops.read(self.context, lambda s: libraries.actor_library(s, self.context.actor))
        dialog = StaffDialog(self, libraries=choices, library_id=own)

        def save(s: Session) -> None:
            created = staff_service.create_staff(
                s, self.context.actor, dialog.username.text(), dialog.display_name.text(),
                dialog.selected_role(), dialog.password.text(), library_id=dialog.selected_library())
            self._last_id = created.id

        if self._save_with(dialog, save):
            self.refresh()
            select_key(self.view, self._last_id)

    def edit_staff(self) -> None:
        staff_id = self._selected()
        if staff_id is None:
            return
        person: Staff = ops.read(self.context, lambda s: staff_service.get_staff(s, staff_id))
        dialog = StaffDialog(self, person, libraries=managed_choices(self.context))

        def save(s: Session) -> None:
            staff_service.update_staff(s, self.context.actor, staff_id, display_name=dialog.display_name.text(),
                                       role=dialog.selected_role(), active=dialog.active.isChecked(),
                                       library_id=dialog.selected_library())

        if self._save_with(dialog, save):
            self.refresh()
            select_key(self.view, staff_id)

    def _save_with(self, dialog: StaffDialog, save: Callable[[Session], None]) -> bool:
        """The dialog stays open until ``save`` goes through the door; its refusal shows in the dialog."""
        def attempt() -> None:
            if ops.run(self.context, save, parent=dialog, on_error=lambda err: dialog.error.setText(error_text(err)),
                       changes="staff") is not None:
                dialog.accept()

        dialog.buttons.accepted.connect(attempt)
        return dialog.exec() == StaffDialog.DialogCode.Accepted

    def reset_password(self) -> None:
        staff_id = self._selected()
        if staff_id is None:
            return
        password, ok = QInputDialog.getText(self, self.tr("Reset password"),
                                            self.tr("New password (at least 8 characters):"),
                                            echo=QLineEdit.EchoMode.Password)
        if ok and self.run(staff_service.reset_password, staff_id, password, area="staff"):
            QMessageBox.information(self, self.tr("Reset password"),
                                    self.tr("The new password is set and the account is unlocked."))

    def unlock(self) -> None:
        staff_id = self._selected()
        if staff_id is not None:
            self.run(staff_service.unlock, staff_id, area="staff")


class ServicePointsPage(_Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = RowsTableModel(
            [self.tr("Name"), self.tr("Kind"), self.tr("Seats"), self.tr("Status"), self.tr("Library")], self)
        self.view = table_view(self.model, "service_point_table", sortable=True)
        self.button(self.tr("&New…"), "add_point", self.add_point)
        self.button(self.tr("Re&name…"), "rename_point", self.rename_point)
        self.button(self.tr("&Seats…"), "set_seats", self.set_seats)
        self.button(self.tr("Re&tire"), "retire_point", self.retire_point)
        self.button(self.tr("Back in ser&vice"), "reactivate_point", self.reactivate_point)
        self.button(self.tr("&Delete"), "delete_point", self.delete_point)
        self.buttons.addStretch(1)

        self.stops_model = RowsTableModel([self.tr("Bookmobile stop"), self.tr("Status")], self)
        self.stops_view = table_view(self.stops_model, "stops_table", sortable=True)
        stop_buttons = QHBoxLayout()
        for text, name, slot in (
            (self.tr("Add stop…"), "add_stop", self.add_stop),
            (self.tr("Rename stop…"), "rename_stop", self.rename_stop),
            (self.tr("Stop in use / not in use"), "toggle_stop", self.toggle_stop),
        ):
            button = QPushButton(text, objectName=name)
            button.clicked.connect(slot)
            stop_buttons.addWidget(button)
        stop_buttons.addStretch(1)
        self.stops_label = QLabel(objectName="stops_label")

        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.stops_label)
        layout.addLayout(stop_buttons)
        layout.addWidget(self.stops_view, 2)
        self.view.selectionModel().selectionChanged.connect(self._show_stops)



    def refresh(self) -> None:
        keep = selected_key(self.view)
        with ops.reading(self.context) as s:
            managed = libraries.managed_library_ids(s, self.context.actor)
            names = {lib.id: lib.name for lib in libraries.libraries(s, include_inactive=True)}
            points = sp_service.list_service_points(s, include_retired=True, library_ids=managed)
            rows, keys, retired = [], [], set()
            for i, p in enumerate(points):
                rows.append((p.name, kind_label(p.kind), p.seats,
                             self.tr("in service") if p.active else self.tr("retired"), names.get(p.library_id, "")))
                keys.append(p.id)
                if not p.active:
                    retired.add(i)
        self.model.set_rows(rows, keys, dimmed=retired)
        if keep is not None:
            select_key(self.view, keep)
        self._show_stops()

    def _show_stops(self) -> None:
        key = selected_key(self.view)
        rows, keys, retired = [], [], set()
        label = self.tr("Select the bookmobile to see its stops.")
        if key is not None:
            with ops.reading(self.context) as s:
                point = sp_service.get_service_point(s, int(str(key)))
                if point.kind is ServicePointKind.BOOKMOBILE:
                    label = self.tr("Stops of {name}").format(name=point.name)
                    for i, stop in enumerate(point.stops):
                        rows.append((stop.name, self.tr("in use") if stop.active else self.tr("not in use")))
                        keys.append(stop.id)
                        if not stop.active:
                            retired.add(i)
        self.stops_label.setText(label)
        self.stops_model.set_rows(rows, keys, dimmed=retired)

    def _selected(self) -> int | None:
        key = selected_key(self.view)
        if key is None:
            QMessageBox.information(self, self.tr("Service points"),
                                    self.tr("Select a service point in the list first."))
            return None
        return int(str(key))

    def add_point(self) -> ServicePointDialog:
        own = ops.read(self.context, lambda s: libraries.actor_library(s, self.context.actor))
        dialog = ServicePointDialog(managed_choices(self.context), own, self)

        def attempt() -> None:
            done = ops.run(self.context, lambda s: sp_service.create_service_point(
                s, self.context.actor, dialog.name.text(), dialog.selected_kind(),
                library_id=dialog.selected_library()).id, parent=dialog,
                on_error=lambda err: dialog.error.setText(error_text(err)), changes="service_points")
            if done is not None:
                dialog.accept()

        dialog.buttons.accepted.connect(attempt)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def rename_point(self) -> None:
        point_id = self._selected()
        if point_id is None:
            return
        current = self.view.selectionModel().selectedRows()[0].data()
        name, ok = QInputDialog.getText(self, self.tr("Rename service point"), self.tr("New name:"),
                                        text=current)
        if ok:
            self.run(sp_service.rename_service_point, point_id, name, area="service_points")

    def set_seats(self) -> None:
        point_id = self._selected()
        if point_id is None:
            return
        seats, ok = QInputDialog.getInt(self, self.tr("Seats"), self.tr("Number of seats (0 = not set):"),
                                        0, 0, sp_service.MAX_SEATS)
        if ok:
            self.run(sp_service.set_seats, point_id, seats or None, area="service_points")

    def retire_point(self) -> None:
        point_id = self._selected()
        if point_id is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Retire service point"),
            self.tr("Retire this service point? Its records and statistics stay; it can no longer be "
                    "chosen for new work."))
        if answer == QMessageBox.StandardButton.Yes:
            self.run(sp_service.retire_service_point, point_id, area="service_points")

    def reactivate_point(self) -> None:
        point_id = self._selected()
        if point_id is not None:
            self.run(sp_service.reactivate_service_point, point_id, area="service_points")

    def delete_point(self) -> None:
        point_id = self._selected()
        if point_id is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete service point"),
                                      self.tr("Delete this service point? Only one with no records can be "
                                              "deleted."))
        if answer == QMessageBox.StandardButton.Yes:
            self.run(sp_service.delete_service_point, point_id, area="service_points")

    def add_stop(self) -> None:
        point_id = self._selected()
        if point_id is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Add stop"), self.tr("Name of the stop:"))
        if ok:
            self.run(sp_service.add_stop, point_id, name, area="service_points")

    def _selected_stop(self) -> int | None:
        key = selected_key(self.stops_view)
        if key is None:
            QMessageBox.information(self, self.tr("Bookmobile stops"), self.tr("Select a stop first."))
            return None
        return int(str(key))

    def rename_stop(self) -> None:
        stop_id = self._selected_stop()
        if stop_id is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Rename stop"), self.tr("New name:"))
        if ok:
            self.run(sp_service.rename_stop, stop_id, name, area="service_points")

    def toggle_stop(self) -> None:
        stop_id = self._selected_stop()
        if stop_id is None:
            return
        row = self.stops_view.selectionModel().selectedRows()[0].row()
        source_row = self.stops_view.model().mapToSource(  # type: ignore[attr-defined]
            self.stops_view.model().index(row, 0)).row()
        self.run(sp_service.set_stop_active, stop_id, self.stops_model.is_dimmed(source_row), area="service_points")


class AuditPage(_Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = RowsTableModel([self.tr("Time"), self.tr("Staff"), self.tr("Computer"), self.tr("Action"),
                                     self.tr("Record"), self.tr("Number"), self.tr("Details")], self)
        self.view = table_view(self.model, "audit_table", sortable=True)
        self.button(self.tr("Re&load"), "reload_audit", self.refresh)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.view)

    def refresh(self) -> None:
        with ops.reading(self.context) as s:
            entries = audit.list_entries(s, self.context.actor, limit=1000)
            rows = [
                (e.at.astimezone(LIBRARY_TZ).strftime("%Y-%m-%d %H:%M:%S"),
                 e.staff.username if e.staff else "", e.workstation, e.action, e.entity, e.entity_id,
                 json.dumps(e.details, ensure_ascii=False, sort_keys=True))
                for e in entries
            ]
            keys = [e.id for e in entries]
        self.model.set_rows(rows, keys)


class AdminTab(BaseTab):
    MIN_ROLE = Role.ADMIN
    OBJECT_NAME = "admin_tab"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.pages = QTabWidget(objectName="admin_pages")
        self.staff_page = StaffPage(context)
        self.points_page = ServicePointsPage(context)
        self.audit_page = AuditPage(context)
        self.settings_page = LibrarySettingsPage(context)
        self.kiosk_page = KioskPage(context)
        self.libraries_page = LibrariesPage(context)
        self.pages.addTab(self.staff_page, self.tr("Staff"))
        self.pages.addTab(self.points_page, self.tr("Service points and rooms"))
        self.pages.addTab(self.audit_page, self.tr("Audit trail"))
        self.pages.addTab(self.settings_page, self.tr("Library settings"))
        self.pages.addTab(self.kiosk_page, self.tr("Self-service kiosks"))
        self.pages.addTab(self.libraries_page, self.tr("Libraries"))
        self.pages.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    def title(self) -> str:
        return self.tr("Admin")

    def refresh(self) -> None:
        page = self.pages.currentWidget()
        if isinstance(page, (_Page, LibrarySettingsPage, KioskPage, LibrariesPage)):
            page.refresh()

