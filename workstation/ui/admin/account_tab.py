"""My account: who I am, where I serve, and changing my own password."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from workstation.services.admin import staff as staff_service
from workstation.ui import ops
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.login_dialog import ERROR_STYLE
from workstation.ui.main_window import role_label
from workstation.ui.messages import error_text


class AccountTab(BaseTab):
    OBJECT_NAME = "account_tab"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        actor = context.actor
        who = QGroupBox(self.tr("Me"))
        who_form = QFormLayout(who)
        who_form.addRow(self.tr("Username"), QLabel(actor.username))
        who_form.addRow(self.tr("Name"), QLabel(actor.display_name))
        who_form.addRow(self.tr("Role"), QLabel(role_label(actor.role)))
        point = context.service_point
        who_form.addRow(self.tr("Service point"), QLabel(point.name if point else "—"))
        who_form.addRow(self.tr("Computer"), QLabel(actor.workstation))

        box = QGroupBox(self.tr("Change my password"))
        form = QFormLayout(box)
        self.old_password = QLineEdit(objectName="old_password")
        self.new_password = QLineEdit(objectName="new_password")
        self.confirm = QLineEdit(objectName="confirm_password")
        for field in (self.old_password, self.new_password, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Current password"), self.old_password)
        form.addRow(self.tr("New password"), self.new_password)
        form.addRow(self.tr("Repeat new password"), self.confirm)
        self.change_button = QPushButton(self.tr("Change password"), objectName="change_password")
        self.change_button.clicked.connect(self.change_password)
        self.confirm.returnPressed.connect(self.change_password)
        form.addRow(self.change_button)
        self.message = QLabel(objectName="account_message")
        self.message.setWordWrap(True)
        form.addRow(self.message)

        for group in (who, box):
            group.setMaximumWidth(560)  # a form stretched across a wide screen is hard to read
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(box)
        layout.addStretch(1)

    def title(self) -> str:
        return self.tr("My account")

    def _say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "color: #1b5e20;")
        self.message.setText(text)

    def change_password(self) -> None:
        if self.new_password.text() != self.confirm.text():
            self._say(self.tr("Repeat new password: the two new passwords differ."), True)
            return
        if ops.run(self.context, lambda s: staff_service.change_own_password(
                s, self.context.actor, self.old_password.text(), self.new_password.text()),
                parent=self, on_error=lambda err: self._say(error_text(err), True)) is None:
            return
        for field in (self.old_password, self.new_password, self.confirm):
            field.clear()
        self._say(self.tr("Password changed."), False)
