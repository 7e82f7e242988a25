"""Add or edit a staff account."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.models import Role, Staff
from workstation.ui.admin.libraries_page import library_combo
from workstation.ui.main_window import role_label


class StaffDialog(QDialog):
    """Collects the fields; the Admin tab calls the service and shows errors in ``error``."""

    def __init__(self, parent: QWidget | None = None, staff: Staff | None = None, *,
                 libraries: list[tuple[int, str]] | None = None, library_id: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staff_dialog")
        self.editing = staff is not None
        self.setWindowTitle(self.tr("Edit staff account") if self.editing else self.tr("New staff account"))
        self.username = QLineEdit(objectName="username")
        self.display_name = QLineEdit(objectName="display_name")
        self.role = QComboBox(objectName="role")
        for role in Role:
            self.role.addItem(role_label(role), role)
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # the libraries the administrator manages (a branch's administrator: its own only)
        self.library = library_combo(libraries or [], staff.library_id if staff is not None else library_id,
                                     "library")
        self.active = QCheckBox(self.tr("Account in use"), objectName="active")
        self.active.setChecked(True)
        self.error = QLabel(objectName="error")
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Username"), self.username)
        form.addRow(self.tr("Name"), self.display_name)
        form.addRow(self.tr("Role"), self.role)
        if self.library.count():
            form.addRow(self.tr("Library"), self.library)
        if not self.editing:
            form.addRow(self.tr("Initial password"), self.password)
        else:
            form.addRow("", self.active)
        if staff is not None:
            self.username.setText(staff.username)
            self.username.setReadOnly(True)
            self.display_name.setText(staff.display_name)
            self.role.setCurrentIndex(list(Role).index(staff.role))
            self.active.setChecked(staff.active)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def selected_library(self) -> int | None:
        value = self.library.currentData()
        return int(value) if value is not None else None

    def selected_role(self) -> Role:
        role: Role = self.role.currentData()
        return role
