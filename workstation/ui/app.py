"""Starting the GUI: font, language, database, first administrator, login, main window."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from workstation.db import Database, open_database
from workstation.errors import WorkstationError
from workstation.logs import log_file, setup_logging
from workstation.services import staff as staff_service
from workstation.services.backup import daily_backup_at_start
from workstation.ui.about_dialog import app_icon
from workstation.ui.context import AppContext
from workstation.ui.first_admin_dialog import FirstAdminDialog
from workstation.ui.i18n import install_font, install_translations
from workstation.ui.login_dialog import LoginDialog
from workstation.ui.main_window import MainWindow
from workstation.ui.messages import error_text
from workstation.ui.settings import APP, ORG, app_settings


def make_application(lang: str) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setWindowIcon(app_icon())
    install_font(app)
    install_translations(app, lang)
    return app


class Controller(QObject):
    """Runs the cycle login → main window → log out → login … until the user quits."""

    finished = Signal()

    def __init__(self, db: Database, settings: QSettings, demo_hint: str | None = None) -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.demo_hint = demo_hint
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None

    def start(self) -> None:
        with self.db.begin() as s:
            has_staff = staff_service.has_any_staff(s)
        if not has_staff:
            first = FirstAdminDialog(self.db)
            if first.exec() != QDialog.DialogCode.Accepted:
                self.finished.emit()
                return
        self.show_login()

    def show_login(self) -> None:
        self.login = LoginDialog(self.db, self.settings, demo_hint=self.demo_hint)
        self.login.accepted.connect(self._logged_in)
        self.login.rejected.connect(self.finished.emit)
        self.login.open()

    def _logged_in(self) -> None:
        assert self.login is not None and self.login.actor is not None
        context = AppContext(self.db, self.login.actor, self.login.service_point, self.settings)
        self.window = MainWindow(context, demo=self.demo_hint is not None)
        self.window.logout_requested.connect(self._logged_out)
        self.window.show()
        if self.db.backup_path is not None:
            self.window.statusBar().showMessage(
                self.tr("Database upgraded; the previous version was copied to {path}").format(
                    path=str(self.db.backup_path)), 15_000)

    def _logged_out(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        self.show_login()


def install_excepthook() -> None:
    """An unexpected error (a bug) is logged with its trace and shown, not a silent crash:
    the librarian's work so far is already committed, one transaction per action."""
    log = logging.getLogger("workstation.bug")

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.error("unexpected error", exc_info=(kind, value, tb))
        if isinstance(value, WorkstationError):
            text = error_text(value)
        else:
            text = QCoreApplication.translate(
                "app", "An unexpected error occurred; it was written to the log file {path}. "
                       "The last action may not have been saved.").format(path=str(log_file()))
        QMessageBox.critical(None, QCoreApplication.translate("app", "Library Workstation"),
                             f"{text}\n\n{kind.__name__}: {value}")

    sys.excepthook = hook


def run_gui(db_url: str | None, lang: str, demo_hint: str | None = None) -> int:
    setup_logging()
    app = make_application(lang)
    install_excepthook()
    try:
        db = open_database(db_url)
    except WorkstationError as err:
        QMessageBox.critical(None, app.translate("app", "Library Workstation"), error_text(err))
        return 1
    # The first start of the day copies a local SQLite database aside (the last 30 are kept);
    # a failure is shown but never keeps the desk from working. A shared PostgreSQL server is
    # backed up on the server (docs/deployment.md), not by every desk each morning.
    def warn(err: WorkstationError) -> None:
        QMessageBox.warning(None, app.translate("app", "Library Workstation"), error_text(err))

    if db.backend == "sqlite":
        daily_backup_at_start(db, warn=warn)
    controller = Controller(db, app_settings(), demo_hint)
    controller.finished.connect(app.quit)
    app.setQuitOnLastWindowClosed(False)
    controller.start()
    if controller.login is None:  # the first-administrator dialog was cancelled
        return 0
    app.lastWindowClosed.connect(lambda: controller.window is None or app.quit())
    code = app.exec()
    db.dispose()
    return code
