"""The idle lock in the GUI: an application-wide event filter notes the user's activity,
a timer asks the (Qt-free) ``IdlePolicy`` whether to lock, and a modal dialog asks for the
password of the person logged in. "Log out" in that dialog hands the desk to someone else.

Hook (in the main window, once the actor is known)::

    self.idle_lock = IdleLock(context.db, context.actor, parent=self)
    self.idle_lock.logout_requested.connect(self.logout)   # whatever logs out
"""

from __future__ import annotations

import datetime as dt
import time
import weakref
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation.db import Database
from workstation.errors import WorkstationError
from workstation.services.admin import idle
from workstation.services.context import Actor
from workstation.ui import ops
from workstation.ui.messages import error_text

ERROR_STYLE = "color: #b00020; font-weight: bold;"
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin, QEvent.Type.TabletPress}


class LockDialog(QDialog):
    """Locked: the password of the person logged in opens the desk again."""

    def __init__(self, actor: Actor, unlock: Callable[[str], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unlock = unlock
        self.logged_out = False
        self.setObjectName("idle_lock_dialog")
        self.setWindowTitle(self.tr("Desk locked"))
        self.setModal(True)
        message = QLabel(self.tr("This desk was locked after a time without use. {name} ({user}): type your "
                                 "password to go on, or log out.").format(name=actor.display_name,
                                                                         user=actor.username))
        message.setWordWrap(True)
        self.password = QLineEdit(objectName="idle_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(objectName="idle_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.unlock_button = QPushButton(self.tr("Unlock"), objectName="idle_unlock")
        self.unlock_button.setDefault(True)
        self.logout_button = QPushButton(self.tr("Log out"), objectName="idle_logout")
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.logout_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.logout_button.clicked.connect(self.log_out)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.password)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def try_unlock(self) -> None:
        problem = self.unlock(self.password.text())
        self.password.clear()
        if problem is None:
            self.error.clear()
            self.accept()
        else:
            self.error.setText(problem)
            self.password.setFocus()

    def log_out(self) -> None:
        self.logged_out = True
        self.reject()

    def reject(self) -> None:  # Esc does not unlock: only the password or "Log out" close it
        if self.logged_out:
            super().reject()


class IdleLock(QObject):
    """Locks the desk after the library's idle time; emits ``logout_requested`` when the
    person at the locked desk chooses to log out instead of typing the password."""

    locked = Signal()
    unlocked = Signal()
    logout_requested = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None, *,
                 timeout: dt.timedelta | None = None, check_every_ms: int = 5000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.clock = clock
        self.window = parent
        if timeout is None:
            timeout = dt.timedelta(minutes=ops.read(db, idle.idle_minutes))
        self.policy = idle.IdlePolicy(timeout, clock())
        self.dialog: LockDialog | None = None
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(check_every_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        _LIVE.add(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.policy.locked:
            self.policy.touch(self.clock())
        return False

    def check(self) -> None:
        if self.dialog is not None or not self.policy.check(self.clock()):
            return
        self.locked.emit()
        self.dialog = LockDialog(self.actor, self._unlock, self.window)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()

    def _unlock(self, password: str) -> str | None:
        errors: list[WorkstationError] = []
        done = ops.run(self.db, lambda s: idle.unlock_session(s, self.actor, password), parent=self.dialog,
                       on_error=errors.append)
        if done is None:  # refused, or a bug (then the door has said so): still locked
            return error_text(errors[0]) if errors else ""
        return None if done.value is None else error_text(done.value)

    def _closed(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None and dialog.logged_out:
            self.timer.stop()
            self.logout_requested.emit()
            return
        self.policy.unlocked(self.clock())
        self.unlocked.emit()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        _LIVE.discard(self)


# every lock not yet stopped: ``stop_all`` ends them (a test that leaves a window behind, so
# that its lock cannot open in the middle of a later test ten minutes on)
_LIVE: weakref.WeakSet[IdleLock] = weakref.WeakSet()


def stop_all() -> None:
    for lock in list(_LIVE):
        lock.stop()
