"""Admin → 自助设备: self-service kiosk accounts (SIP2), added, edited and disabled here."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.models import ServicePointKind
from workstation.models.kiosk import Kiosk
from workstation.services.admin import kiosks
from workstation.services.admin import service_points as sp_service
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text
from workstation.ui.models.rows import KeyRole, RowsTableModel
from workstation.ui.widgets.tables import table_view

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

CHARSETS = ("utf-8", "gbk", "gb18030")
CHECKSUMS = ("strict", "lenient", "off")
TERMINATORS = ("CR", "CRLF")


class KioskDialog(QDialog):
    """The fields of a kiosk account; the page saves through the door and shows errors here."""

    def __init__(self, points: list[tuple[int, str]], parent: QWidget | None = None,
                 kiosk: Kiosk | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk_dialog")
        self.editing = kiosk is not None
        self.setWindowTitle(self.tr("Edit kiosk") if self.editing else self.tr("New kiosk"))
        self.login = QLineEdit(objectName="login")
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.point = QComboBox(objectName="service_point")
        for point_id, name in points:
            self.point.addItem(name, point_id)
        self.charset = QComboBox(objectName="charset")
        self.charset.addItems(list(CHARSETS))
        self.checksum = QComboBox(objectName="checksum")
        for value, label in zip(CHECKSUMS, (self.tr("strict"), self.tr("lenient"), self.tr("off")), strict=True):
            self.checksum.addItem(label, value)
        self.terminator = QComboBox(objectName="terminator")
        self.terminator.addItems(list(TERMINATORS))
        self.institution = QLineEdit(objectName="institution_id")
        self.may_renew = QCheckBox(self.tr("May renew"), objectName="may_renew")
        self.may_renew.setChecked(True)
        self.send_phone = QCheckBox(self.tr("May receive readers' phone numbers"), objectName="send_phone")
        self.send_address = QCheckBox(self.tr("May receive readers' addresses"), objectName="send_address")
        self.send_email = QCheckBox(self.tr("May receive readers' e-mail addresses"), objectName="send_email")
        self.error = QLabel(objectName="error")
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Login (CN)"), self.login)
        if not self.editing:
            form.addRow(self.tr("Password (CO)"), self.password)
        form.addRow(self.tr("Service point"), self.point)
        form.addRow(self.tr("Character set"), self.charset)
        form.addRow(self.tr("Checksum"), self.checksum)
        form.addRow(self.tr("Terminator"), self.terminator)
        form.addRow(self.tr("Institution id (AO)"), self.institution)
        for box in (self.may_renew, self.send_phone, self.send_address, self.send_email):
            form.addRow("", box)
        if kiosk is not None:
            self.login.setText(kiosk.login)
            self.login.setReadOnly(True)
            self.point.setCurrentIndex(max(0, self.point.findData(kiosk.service_point_id)))
            self.charset.setCurrentText(kiosk.charset.value)
            self.checksum.setCurrentIndex(max(0, self.checksum.findData(kiosk.checksum.value)))
            self.terminator.setCurrentText(kiosk.terminator.value)
            self.institution.setText(kiosk.institution_id)
            self.may_renew.setChecked(kiosk.may_renew)
            self.send_phone.setChecked(kiosk.send_phone)
            self.send_address.setChecked(kiosk.send_address)
            self.send_email.setChecked(kiosk.send_email)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def settings(self) -> kiosks.KioskSettings:
        return kiosks.KioskSettings(
            int(self.point.currentData() or 0), charset=self.charset.currentText(),
            checksum=str(self.checksum.currentData()), terminator=self.terminator.currentText(),
            institution_id=self.institution.text(), may_renew=self.may_renew.isChecked(),
            send_address=self.send_address.isChecked(), send_phone=self.send_phone.isChecked(),
            send_email=self.send_email.isChecked())


class KioskPage(QWidget):
    """The kiosk accounts in a table, with New, Edit, Reset password and Disable / Enable."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.model = RowsTableModel(
            [self.tr("Login"), self.tr("Service point"), self.tr("Character set"), self.tr("Checksum"),
             self.tr("Terminator"), self.tr("AO"), self.tr("Renews"), self.tr("Status")], self)
        self.view = table_view(self.model, "kiosk_table", sortable=True)
        self.buttons = QHBoxLayout()
        self.button(self.tr("&New kiosk…"), "add_kiosk", self.add_kiosk)
        self.button(self.tr("&Edit…"), "edit_kiosk", self.edit_kiosk)
        self.button(self.tr("&Reset password…"), "reset_kiosk_password", self.reset_password)
        self.button(self.tr("&Disable / enable"), "toggle_kiosk", self.toggle)
        self.buttons.addStretch(1)
        note = QLabel(self.tr("Kiosks connect to the SIP2 server (workstation sip2 serve); a kiosk account "
                              "cannot log into this program."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.buttons)
        layout.addWidget(self.view)
        layout.addWidget(note)
        self._last_id: int | None = None

    def button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def refresh(self) -> None:
        with ops.reading(self.context) as s:
            rows, keys, inactive = [], [], set()
            for i, k in enumerate(kiosks.list_kiosks(s, self.context.actor)):
                rows.append((k.login, k.service_point.name, k.charset.value, k.checksum.value, k.terminator.value,
                             k.institution_id, self.tr("yes") if k.may_renew else self.tr("no"),
                             self.tr("in use") if k.active else self.tr("not in use")))
                keys.append(k.id)
                if not k.active:
                    inactive.add(i)
        self.model.set_rows(rows, keys, dimmed=inactive)

    def _points(self) -> list[tuple[int, str]]:
        def read(s: Session) -> list[tuple[int, str]]:
            return [(p.id, p.name) for p in sp_service.list_service_points(s, kinds=[ServicePointKind.LENDING_DESK])
                    if p.active]

        points: list[tuple[int, str]] = ops.read(self.context, read)
        return points

    def _selected(self) -> int | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if not rows:
            QMessageBox.information(self, self.tr("Self-service kiosks"), self.tr("Select a kiosk in the list first."))
            return None
        return int(str(rows[0].data(KeyRole)))

    def _save_with(self, dialog: KioskDialog, save: Callable[[Session], None]) -> bool:
        def attempt() -> None:
            if ops.run(self.context, save, parent=dialog, on_error=lambda err: dialog.error.setText(error_text(err)),
                       changes="admin") is not None:
                dialog.accept()

        dialog.buttons.accepted.connect(attempt)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def add_kiosk(self) -> None:
        dialog = KioskDialog(self._points(), self)

        def save(s: Session) -> None:
            self._last_id = kiosks.create_kiosk(s, self.context.actor, dialog.login.text(), dialog.password.text(),
                                                dialog.settings()).id

        if self._save_with(dialog, save):
            self.refresh()

    def edit_kiosk(self) -> None:
        kiosk_id = self._selected()
        if kiosk_id is None:
            return
        kiosk: Kiosk = ops.read(self.context, lambda s: kiosks.get_kiosk(s, kiosk_id))
        dialog = KioskDialog(self._points(), self, kiosk)

        def save(s: Session) -> None:
            kiosks.update_kiosk(s, self.context.actor, kiosk_id, dialog.settings())

        if self._save_with(dialog, save):
            self.refresh()

    def reset_password(self) -> None:
        kiosk_id = self._selected()
        if kiosk_id is None:
            return
        password, ok = QInputDialog.getText(self, self.tr("Reset password"),
                                            self.tr("New kiosk password (at least 8 characters):"),
                                            echo=QLineEdit.EchoMode.Password)
        if ok and ops.run(self.context, lambda s: kiosks.set_password(s, self.context.actor, kiosk_id, password),
                          parent=self, changes="admin") is not None:
            QMessageBox.information(self, self.tr("Reset password"),
                                    self.tr("The kiosk's new password is set; enter it on the kiosk too."))

    def toggle(self) -> None:
        kiosk_id = self._selected()
        if kiosk_id is None:
            return

        def flip(s: Session) -> None:
            kiosk = kiosks.get_kiosk(s, kiosk_id)
            kiosks.set_active(s, self.context.actor, kiosk_id, not kiosk.active)

        if ops.run(self.context, flip, parent=self, changes="admin") is not None:
            self.refresh()
