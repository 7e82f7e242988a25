"""Logging in and choosing the service point this computer serves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workstation.ui import ops
from workstation.ui.context import ServicePointInfo
from workstation.ui.messages import error_text
from workstation.ui.settings import settings_key
from workstation.ui.widgets.forms import clear_default_buttons

if TYPE_CHECKING:  # this dialog is painted before the database layer is loaded
    from workstation.db import Database
    from workstation.models import ServicePointKind
    from workstation.services.context import Actor

ERROR_STYLE = "color: #b00020; font-weight: bold;"


def kind_label(kind: ServicePointKind) -> str:
    labels = {  # by the kind's value, so that this module needs no models
        "lending_desk": QCoreApplication.translate("labels", "lending desk"),
        "bookmobile": QCoreApplication.translate("labels", "bookmobile"),
        "reading_room": QCoreApplication.translate("labels", "reading room"),
    }
    return labels[kind.value]


class LoginDialog(QDialog):
    """Username, password and service point; wrong input is explained in the dialog itself
    (red line under the fields), so the librarian can type again at once.

    The dialog can be shown before the database is open (``db=None``): it is the first thing
    the program paints, and the librarian can start typing while the database opens. Then
    ``attach(db)`` fills the service points and enables logging in."""

    def __init__(self, db: Database | None, settings: object, parent: QWidget | None = None,
                 demo_hint: str | None = None) -> None:
        super().__init__(parent)
        self.db: Database | None = None
        self.settings = settings
        self.actor: Actor | None = None
        self.service_point: ServicePointInfo | None = None
        self.setWindowTitle(self.tr("Library Workstation — log in"))
        self.setObjectName("login_dialog")

        self.username = QLineEdit(objectName="username")
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.point = QComboBox(objectName="service_point")
        self.error = QLabel(objectName="login_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        form.addRow(self.tr("&Service point"), self.point)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Library Workstation"))
        title.setObjectName("login_title")
        title.setStyleSheet("font-size: 18pt; font-weight: bold;")
        layout.addWidget(title)
        self.demo_hint = QLabel(objectName="demo_hint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.hide()
        layout.addWidget(self.demo_hint)
        self.set_demo_hint(demo_hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_login)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)
        if db is None:
            self.point.setPlaceholderText(self.tr("Opening the database…"))
            self.point.setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        else:
            self.attach(db)

    def set_demo_hint(self, text: str | None) -> None:
        """On a demo database: what it is and its accounts, above the fields."""
        self.demo_hint.setText(text or "")
        self.demo_hint.setVisible(bool(text))

    def attach(self, db: Database) -> None:
        """The database is open: list its service points and allow logging in."""
        self.db = db
        self._load_points()
        self.point.setPlaceholderText("")
        self.point.setEnabled(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        clear_default_buttons(self.buttons)

    def _remembered_key(self) -> str:
        assert self.db is not None
        return settings_key(self.db.url, "service_point_id")

    def _load_points(self) -> None:
        from workstation.services.admin import service_points as sp_service

        assert self.db is not None
        points = ops.read(self.db, lambda s: [ServicePointInfo(p.id, p.name, p.kind)
                                              for p in sp_service.list_service_points(s)])
        remembered = self.settings.value(self._remembered_key())  # type: ignore[attr-defined]
        self.point.clear()
        for info in points:
            self.point.addItem(f"{info.name}（{kind_label(info.kind)}）", info)
        for i in range(self.point.count()):
            if str(self.point.itemData(i).id) == str(remembered):
                self.point.setCurrentIndex(i)
                break

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def try_login(self) -> None:
        from workstation.services.admin import auth

        if self.db is None:  # Enter pressed while the database is still opening
            return
        info: ServicePointInfo | None = self.point.currentData()
        if info is None:
            self.show_error(self.tr("There is no service point in service. An administrator must add one."))
            return
        # a login writes too (the last login, or the failed try that counts towards the lockout)
        done = ops.run(self.db, lambda s: auth.login(s, self.username.text(), self.password.text(),
                                                     service_point_id=info.id),
                       parent=self, on_error=lambda err: self.show_error(error_text(err)))
        if done is None:
            return
        outcome = done.value
        if not outcome.ok:
            assert outcome.error is not None
            self.show_error(error_text(outcome.error))
            self.password.clear()
            self.password.setFocus()
            return
        self.actor = outcome.actor
        self.service_point = info
        self.settings.setValue(self._remembered_key(), info.id)  # type: ignore[attr-defined]
        self.accept()
