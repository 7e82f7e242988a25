"""A new database has no accounts and no default password: its first start asks for the
administrator's account."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workstation.db import Database
from workstation.errors import WorkstationError
from workstation.services.admin import staff as staff_service
from workstation.ui import ops
from workstation.ui.login_dialog import ERROR_STYLE
from workstation.ui.messages import error_text
from workstation.ui.widgets.forms import clear_default_buttons


class FirstAdminDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName("first_admin_dialog")
        self.setWindowTitle(self.tr("Create the administrator account"))
        intro = QLabel(self.tr(
            "This database has no accounts yet. Create the administrator's account; the "
            "administrator then adds the other staff in the Admin tab."))
        intro.setWordWrap(True)
        self.username = QLineEdit(objectName="username")
        self.display_name = QLineEdit(objectName="display_name")
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(objectName="confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("&Name"), self.display_name)
        form.addRow(self.tr("&Password"), self.password)
        form.addRow(self.tr("&Repeat password"), self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons = buttons
        buttons.accepted.connect(self.create_account)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.confirm.returnPressed.connect(self.create_account)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        clear_default_buttons(self.buttons)

    def create_account(self) -> None:
        if self.password.text() != self.confirm.text():
            self.error.setText(self.tr("Repeat password: the two passwords differ."))
            self.error.show()
            self.confirm.setFocus()
            return
        if ops.run(self.db, lambda s: staff_service.create_first_admin(
                s, self.username.text(), self.display_name.text(), self.password.text()),
                parent=self, on_error=self._refused) is not None:
            self.accept()

    def _refused(self, err: WorkstationError) -> None:
        self.error.setText(error_text(err))
        self.error.show()
