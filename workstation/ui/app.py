"""Starting the GUI: font, language, database, first administrator, login, main window."""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from workstation.errors import WorkstationError
from workstation.logs import log_file, setup_logging
from workstation.ui import ops
from workstation.ui.i18n import install_font, install_translations
from workstation.ui.icons import app_icon
from workstation.ui.login_dialog import LoginDialog
from workstation.ui.messages import error_text
from workstation.ui.platform_check import platform_guard
from workstation.ui.settings import APP, ORG, app_settings

# The login window is painted before SQLAlchemy, the models and the services are imported
# (a third to half a second); those load while the librarian reads the window.
if TYPE_CHECKING:
    from workstation.db import Database
    from workstation.services.bookmobile.store import TripStore
    from workstation.ui.main_window import MainWindow


def wait_until_painted(window: QWidget, timeout_ms: int = 2000) -> None:
    """Return once ``window`` is on screen and painted: the window system maps it a moment
    after ``show()``, and the slow start that follows handles no events until it is done."""
    deadline = QDeadlineTimer(timeout_ms)
    while not deadline.hasExpired():
        handle = window.windowHandle()
        if handle is not None and handle.isExposed():
            break
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    window.repaint()


@contextmanager
def wait_cursor() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def make_application(lang: str) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        with platform_guard():  # a clear message, not Qt's abort, when there is no usable display
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

    def __init__(self, db: Database | None, settings: QSettings, demo_hint: str | None = None,
                 lang: str = "zh_CN") -> None:
        super().__init__()
        self.db = db
        self.settings = settings
        self.demo_hint = demo_hint
        self.lang = lang
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None
        self.trip: TripStore | None = None  # set when the program works offline on a trip store

    def start(self, open_db: Callable[[], Database | None] | None = None) -> bool:
        """Show the login window; with ``open_db``, paint it first and open the database
        behind it (``open_db`` reports its own failure and returns None). Then, on a
        database without accounts, ask for the first administrator. False when the program
        should end: the database did not open or the first administrator was not created."""
        self.show_login()
        assert self.login is not None
        if self.db is None:
            assert open_db is not None, "a database or a way to open one"
            login = self.login
            wait_until_painted(login)
            self.db = open_db()
            if self.db is None:
                return self._end()
            if self.login is not login or not login.isVisible():  # closed while the database opened
                return self._end()
        if not self._has_staff():
            from workstation.ui.first_admin_dialog import FirstAdminDialog

            self.login.hide()
            first = FirstAdminDialog(self.db)
            if first.exec() != QDialog.DialogCode.Accepted:
                return self._end()
            self.login.open()
        if self.login.db is None:
            self.login.attach(self.db)
        if self.demo_hint is None:  # a demo database says so however it was opened (--db, WORKSTATION_DB)
            self.demo_hint = self._demo_hint_from_data()
            if self.demo_hint is not None:
                self.login.set_demo_hint(self.demo_hint)
        self._preload()
        return True

    def _demo_hint_from_data(self) -> str | None:
        from workstation.demo.accounts import hint_text, read_marker

        assert self.db is not None
        marker = ops.read(self.db, read_marker)
        if marker is None:
            return None
        years = marker.get("years")
        return hint_text(self.lang, years if isinstance(years, int) else 2)

    def _preload(self) -> None:
        """Load what the main window needs while the librarian types the password, one module
        per turn of the event loop (keys typed meanwhile wait in the queue, none is lost), so
        that after Enter the window is built from modules already in memory."""
        from workstation.ui.tabs import TABS

        last = self.settings.value("main_window/last_tab")
        first = next((spec for spec in TABS if spec.object_name == last), TABS[0])
        pending = ["workstation.services.admin.auth", "workstation.ui.context", "workstation.ui.main_window",
                   first.module]

        def step() -> None:
            if not pending or self.login is None or self.window is not None:
                return
            importlib.import_module(pending.pop(0))
            QTimer.singleShot(0, step)

        QTimer.singleShot(0, step)

    def _has_staff(self) -> bool:
        from workstation.services.admin import staff as staff_service

        assert self.db is not None
        return ops.read(self.db, staff_service.has_any_staff)

    def _end(self) -> bool:
        if self.login is not None:
            self.login.hide()
            self.login.deleteLater()
            self.login = None
        self.finished.emit()
        return False

    def show_login(self) -> None:
        self.login = LoginDialog(self.db, self.settings, demo_hint=self.demo_hint)
        self.login.accepted.connect(self._logged_in)
        self.login.rejected.connect(self.finished.emit)
        self.login.open()

    def _logged_in(self) -> None:
        from workstation.ui.context import AppContext
        from workstation.ui.main_window import MainWindow

        assert self.db is not None and self.login is not None and self.login.actor is not None
        actor, point = self.login.actor, self.login.service_point
        if self.trip is not None:  # offline on the bookmobile: the desk is the vehicle's, whatever was chosen
            from workstation.models import ServicePointKind
            from workstation.ui.context import ServicePointInfo

            actor = actor.at(self.trip.info.service_point_id)
            point = ServicePointInfo(self.trip.info.service_point_id, self.trip.info.vehicle,
                                     ServicePointKind.BOOKMOBILE)
        context = AppContext(self.db, actor, point, self.settings)
        context.trip = self.trip
        self.window = MainWindow(context, demo=self.demo_hint is not None)
        self.window.logout_requested.connect(self._logged_out)
        self.window.show()
        if self.db.backup_path is not None:
            self.window.statusBar().showMessage(
                self.tr("Database upgraded; the previous version was copied to {path}").format(
                    path=str(self.db.backup_path)), 15_000)

    def quit_with(self, app: QApplication) -> None:
        """End ``app`` when the cycle ends (login cancelled) or when the user closes the main
        window; not in between, while a dialog replaces one window by another."""
        self.finished.connect(app.quit)
        app.setQuitOnLastWindowClosed(False)
        app.lastWindowClosed.connect(self._last_window_closed)

    def _last_window_closed(self) -> None:
        if self.window is not None and not self.window.isVisible():  # the main window was closed
            self.finished.emit()

    def _logged_out(self) -> None:
        # The login is shown before the main window goes, and the window is forgotten first:
        # closing the last visible window would otherwise end the program at every log-out.
        window, self.window = self.window, None
        self.show_login()
        if window is not None:
            window.close()
            window.deleteLater()


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


def open_for_gui(db_url: str | None) -> Database | None:
    """Open the database for the GUI, saying in a message box why it cannot be opened."""
    from workstation.db import open_database

    try:
        with wait_cursor():  # a migration copies the file aside first: seconds on a big database
            db = open_database(db_url)
    except WorkstationError as err:
        QMessageBox.critical(None, QCoreApplication.translate("app", "Library Workstation"), error_text(err))
        return None

    if db.backend == "sqlite":
        start_daily_backup(db)
    return db


def start_daily_backup(db: Database, folder: Path | None = None) -> ops.Job:
    """The first start of the day copies a local SQLite database aside (the last 30 are
    kept), on the door's worker while the librarian logs in; a failure is shown but never
    keeps the desk from working. A shared PostgreSQL server is backed up on the server
    (docs/deployment.md), not by every desk each morning."""
    from workstation.services.admin.backup import daily_backup_at_start

    problems: list[WorkstationError] = []  # filled on the worker, shown on the GUI thread

    def done(_path: Path | None) -> None:
        for err in problems:
            QMessageBox.warning(None, QCoreApplication.translate("app", "Library Workstation"), error_text(err))

    return ops.task(lambda _progress: daily_backup_at_start(db, folder, warn=problems.append), parent=None,
                    label=QCoreApplication.translate("app", "Copying the database aside (daily backup)…"),
                    on_done=done)


def open_trip_for_gui(controller: Controller, path: str) -> Database | None:
    """Open a bookmobile trip store for the offline desk, or say clearly why not."""
    from workstation.services.bookmobile.store import open_trip

    try:
        with wait_cursor():
            controller.trip = open_trip(path)
    except WorkstationError as err:
        QMessageBox.critical(None, QCoreApplication.translate("app", "Library Workstation"), error_text(err))
        return None
    return controller.trip.db


def run_gui(db_url: str | None, lang: str, demo_hint: str | None = None, trip: str | None = None) -> int:
    setup_logging()
    app = make_application(lang)
    install_excepthook()
    controller = Controller(None, app_settings(), demo_hint, lang=lang)
    controller.quit_with(app)
    opener = (lambda: open_trip_for_gui(controller, trip)) if trip else (lambda: open_for_gui(db_url))
    if not controller.start(opener):
        return 0 if controller.db is not None else 1  # no first administrator / no database
    code = app.exec()
    if controller.trip is not None:
        controller.trip.close()
    elif controller.db is not None:
        controller.db.dispose()
    return code
