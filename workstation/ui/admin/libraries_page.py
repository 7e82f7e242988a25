"""The Admin tab's 图书馆 page: the central library and its branches. The city's
administrator adds and renames branches; each library's administrator sets whose loan
rules its items follow when lent at another library, and after how many days an item on
its way there is late. The services decide who may do what; this page only hides what the
account could not do anyway."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.errors import CONTEXT
from workstation.models import Library, LoanRulesBy, ServicePoint
from workstation.services.admin import libraries
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text
from workstation.ui.models.rows import KeyRole, RowsTableModel
from workstation.ui.widgets.tables import table_view


def rules_label(mode: LoanRulesBy) -> str:
    return QCoreApplication.translate(CONTEXT, libraries.LOAN_RULES_BY_LABELS[mode])


def managed_choices(context: AppContext) -> list[tuple[int, str]]:
    """(id, name) of the libraries the logged-in administrator manages, central first."""
    def read(s: Session) -> list[tuple[int, str]]:
        managed = set(libraries.managed_library_ids(s, context.actor))
        return [(lib.id, lib.name) for lib in libraries.libraries(s) if lib.id in managed]

    return ops.read(context, read)


def library_combo(choices: list[tuple[int, str]], current: int | None, name: str) -> QComboBox:
    """A choice of library; with one choice only (a branch's administrator) it is shown, not offered."""
    combo = QComboBox(objectName=name)
    for library_id, library_name in choices:
        combo.addItem(library_name, library_id)
    if current is not None:
        index = combo.findData(current)
        if index < 0:  # an account or desk of a library the administrator does not manage
            combo.addItem(str(current), current)
            index = combo.count() - 1
        combo.setCurrentIndex(index)
    combo.setEnabled(combo.count() > 1)
    return combo


class LibraryDialog(QDialog):
    """A library's code and name (the city's administrator), or its circulation settings."""

    def __init__(self, parent: QWidget | None = None, library: Library | None = None, *,
                 names: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("library_dialog")
        if library is None:
            self.setWindowTitle(self.tr("New branch library"))
        elif names:
            self.setWindowTitle(self.tr("Rename library"))
        else:
            self.setWindowTitle(self.tr("Library settings: {name}").format(name=library.name))
        self.code = QLineEdit(objectName="library_code")
        self.code.setMaxLength(libraries.CODE_MAX)
        self.name = QLineEdit(objectName="library_name")
        self.name.setMaxLength(libraries.NAME_MAX)
        self.rules = QComboBox(objectName="library_rules_by")
        for mode in LoanRulesBy:
            self.rules.addItem(rules_label(mode), mode.value)
        self.transit = QSpinBox(objectName="library_transit_days")
        self.transit.setRange(1, libraries.TRANSIT_DAYS_MAX)
        self.transit.setValue(7)
        self.error = QLabel(objectName="error")
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        if names:
            form.addRow(self.tr("Library code"), self.code)
            form.addRow(self.tr("Name"), self.name)
        else:
            form.addRow(self.tr("Its items lent at another library follow"), self.rules)
            form.addRow(self.tr("An item on its way here is late after (days)"), self.transit)
        if library is not None:
            self.code.setText(library.code)
            self.name.setText(library.name)
            self.rules.setCurrentIndex(self.rules.findData(library.loan_rules_by.value))
            self.transit.setValue(library.transit_days)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)


class LibrariesPage(QWidget):
    """The libraries, their codes, desks and circulation settings."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = RowsTableModel([self.tr("Code"), self.tr("Name"), self.tr("Kind"), self.tr("Service points"),
                                     self.tr("Loan rules for its items lent elsewhere"),
                                     self.tr("Late in transit after (days)")], self)
        self.view = table_view(self.model, "libraries_table", sortable=False)
        self.city = False
        self.buttons = QHBoxLayout()
        self.add_button = self._button(self.tr("&New branch…"), "add_library", self.add_library)
        self.rename_button = self._button(self.tr("Re&name…"), "rename_library", self.rename_library)
        self.settings_button = self._button(self.tr("&Settings…"), "library_settings", self.edit_settings)
        self.buttons.addStretch(1)
        self.note = QLabel(objectName="libraries_note")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.view)
        layout.addWidget(self.note)
        self._last_id: int | None = None

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def refresh(self) -> None:
        actor = self.context.actor

        def read(s: Session) -> tuple[bool, list[tuple[object, ...]], list[int]]:
            city = libraries.is_city_admin(s, actor)
            managed = set(libraries.managed_library_ids(s, actor))
            desks = {row[0]: row[1] for row in s.execute(
                select(ServicePoint.library_id, func.count()).where(ServicePoint.active.is_(True))
                .group_by(ServicePoint.library_id))}
            rows: list[tuple[object, ...]] = []
            keys: list[int] = []
            for lib in libraries.libraries(s, include_inactive=True):
                if lib.id not in managed:
                    continue
                kind = self.tr("central library") if lib.is_central else self.tr("branch")
                rows.append((lib.code, lib.name, kind, desks.get(lib.id, 0), rules_label(lib.loan_rules_by),
                             lib.transit_days))
                keys.append(lib.id)
            return city, rows, keys

        self.city, rows, keys = ops.read(self.context, read)
        self.model.set_rows(rows, keys)
        self.add_button.setVisible(self.city)
        self.rename_button.setVisible(self.city)
        self.note.setText(self.tr("The city's administrator (an administrator of the central library) adds and "
                                  "renames libraries and manages every library's accounts and desks.")
                          if self.city else
                          self.tr("You manage your own library's accounts, desks and settings."))
        if self._last_id is not None:
            self._select(self._last_id)
        elif rows and not self.view.selectionModel().selectedRows():
            self.view.selectRow(0)

    def _select(self, key: int) -> None:
        model = self.view.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(KeyRole) == key:
                self.view.selectRow(row)
                return

    def selected(self) -> int | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if not rows:
            QMessageBox.information(self, self.tr("Libraries"), self.tr("Select a library in the list first."))
            return None
        return int(str(rows[0].data(KeyRole)))

    def _save(self, dialog: LibraryDialog, save: Callable[[Session], int]) -> None:
        """The dialog stays open until ``save`` goes through the door; its refusal shows in
        the dialog. Opened window-modal: the page refreshes when it is accepted."""
        def attempt() -> None:
            done = ops.run(self.context, save, parent=dialog,
                           on_error=lambda err: dialog.error.setText(error_text(err)), changes="libraries")
            if done is not None:
                self._last_id = done.value
                dialog.accept()

        dialog.buttons.accepted.connect(attempt)
        dialog.accepted.connect(self.refresh)
        dialog.open()

    def add_library(self) -> LibraryDialog:
        dialog = LibraryDialog(self)
        self._save(dialog, lambda s: libraries.create_library(s, self.context.actor, dialog.code.text(),
                                                               dialog.name.text()).id)
        return dialog

    def rename_library(self) -> LibraryDialog | None:
        library_id = self.selected()
        if library_id is None:
            return None
        library = ops.read(self.context, lambda s: libraries.get_library(s, library_id))
        dialog = LibraryDialog(self, library)
        self._save(dialog, lambda s: libraries.rename_library(s, self.context.actor, library_id, dialog.code.text(),
                                                               dialog.name.text()).id)
        return dialog

    def edit_settings(self) -> LibraryDialog | None:
        library_id = self.selected()
        if library_id is None:
            return None
        library = ops.read(self.context, lambda s: libraries.get_library(s, library_id))
        dialog = LibraryDialog(self, library, names=False)
        self._save(dialog, lambda s: libraries.set_library_options(
            s, self.context.actor, library_id, loan_rules_by=str(dialog.rules.currentData()),
            transit_days=dialog.transit.value()).id)
        return dialog
