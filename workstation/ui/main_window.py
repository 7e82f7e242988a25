"""The main window: one tab per area the logged-in account may use, and a status bar that
always says who is working where."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFrame, QLabel, QMainWindow, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from workstation import __version__
from workstation.models import Role
from workstation.ui.about_dialog import add_help_menu
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.idle_lock import IdleLock
from workstation.ui.tabs import TABS, TabSpec

DEFAULT_SIZE = QSize(1200, 800)
FRAME_ALLOWANCE = QSize(16, 48)  # window borders and a title bar, which the window system adds


def role_label(role: Role) -> str:
    return {
        Role.DESK: QCoreApplication.translate("labels", "desk librarian"),
        Role.MANAGER: QCoreApplication.translate("labels", "manager"),
        Role.ADMIN: QCoreApplication.translate("labels", "administrator"),
    }[role]


class TabScrollArea(QScrollArea):
    """Gives its page the whole view, and never less than the page's minimum size: below
    that it scrolls. (``widgetResizable`` would use the page's height-for-width, the height
    its word-wrapped banners would like, and scroll a page that fits.)"""

    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        self.viewport().installEventFilter(self)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self.fit()
        return super().eventFilter(watched, event)

    def fit(self) -> None:
        page = self.widget()
        if page is not None:
            size = self.viewport().size().expandedTo(page.minimumSizeHint())
            if size != page.size():
                page.resize(size)


class TabSlot(QWidget):
    """A tab's place in the window. The tab itself (and the modules it needs) is built the
    first time it is wanted, so the window opens at once; until then the slot is empty."""

    def __init__(self, spec: TabSpec, context: AppContext) -> None:
        super().__init__()
        self.spec = spec
        self.context = context
        self.setObjectName(f"{spec.object_name}_slot")
        self.page: BaseTab | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # On a small or scaled screen (1366×768; 150 % on 1600×1000 leaves 1067×667) the
        # window may be smaller than a tab's layout needs: the tab then scrolls, so every
        # control stays reachable, instead of the window growing past the screen's edge.
        self.scroll_area = TabScrollArea(f"{spec.object_name}_scroll")
        layout.addWidget(self.scroll_area)

    def build(self) -> BaseTab:
        if self.page is None:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.page = self.spec.load()(self.context)
            finally:
                QGuiApplication.restoreOverrideCursor()
            self.scroll_area.setWidget(self.page)
            # Shown now, not at the next turn of the event loop, so that the tab's own
            # refresh() can put the cursor where the hands are (the scan field, the first
            # box); QTabWidget did that for tabs that existed when their title was clicked.
            self.page.show()
            if self.isVisible():
                focus_first_field(self.page)
        return self.page


def focus_first_field(page: QWidget) -> None:
    """Give the keyboard to the page's focus proxy, else to its first field in tab order."""
    if page.focusProxy() is not None:
        page.setFocus(Qt.FocusReason.TabFocusReason)
        return
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if page.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled() \
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return
        widget = widget.nextInFocusChain()


class MainWindow(QMainWindow):
    logout_requested = Signal()

    def __init__(self, context: AppContext, demo: bool = False) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("main_window")
        title = self.tr("Library Workstation")
        if demo:
            title = f"{title} — {self.tr('DEMO')}"
        self.setWindowTitle(f"{title} {__version__}")

        self.tabs = QTabWidget(objectName="tabs")
        self.tabs.setDocumentMode(True)
        self.offline_banner: QLabel | None = None
        if context.trip is not None:  # the bookmobile's desk offline: say so above every tab
            self.offline_banner = QLabel(objectName="offline_banner")
            self.offline_banner.setStyleSheet("background: #8a4b00; color: white; padding: 4px; font-weight: bold;")
            page = QWidget()
            column = QVBoxLayout(page)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(self.offline_banner)
            column.addWidget(self.tabs, 1)
            self.setCentralWidget(page)
            self._draw_offline_banner()
        else:
            self.setCentralWidget(self.tabs)
        self.slots: list[TabSlot] = []
        for spec in TABS:
            if spec.available_to(context.actor.role):
                slot = TabSlot(spec, context)
                self.slots.append(slot)
                self.tabs.addTab(slot, spec.title())
        self.tabs.currentChanged.connect(self._tab_changed)
        context.data_changed.connect(self._data_changed)

        self._build_menu()
        self._build_status_bar()
        self._restore_state()
        # An unattended desk locks after the library's idle time and asks for the password.
        self.idle_lock = IdleLock(context.db, context.actor, parent=self)
        self.idle_lock.logout_requested.connect(self._logout)

    # -- chrome ------------------------------------------------------------------------

    def _draw_offline_banner(self) -> None:
        trip = self.context.trip
        if trip is None or self.offline_banner is None:
            return
        from workstation import timeutil
        from workstation.services.bookmobile.store import stop_name

        saved = self.context.settings.value("circulation/stop_id")
        stop = stop_name(trip, int(str(saved))) if saved not in (None, "") and str(saved).isdigit() else ""
        at = trip.info.snapshot_at.astimezone(timeutil.LIBRARY_TZ)
        self.offline_banner.setText(self.tr("Offline · snapshot {at} · stop {stop} · {vehicle}").format(
            at=at.strftime("%Y-%m-%d %H:%M"), stop=stop or self.tr("(choose the stop)"), vehicle=trip.info.vehicle))

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&File"))
        logout = QAction(self.tr("Log &out / change service point"), self)
        logout.setObjectName("action_logout")
        logout.triggered.connect(self._logout)
        menu.addAction(logout)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)
        add_help_menu(self)

    def _build_status_bar(self) -> None:
        actor = self.context.actor
        self.user_label = QLabel(objectName="status_user")
        self.user_label.setText(self.tr("Logged in: {name} ({role})").format(
            name=actor.display_name, role=role_label(actor.role)))
        self.point_label = QLabel(objectName="status_service_point")
        point = self.context.service_point
        self.point_label.setText(self.tr("Service point: {name}").format(
            name=point.name if point else self.tr("none")))
        self.db_label = QLabel(objectName="status_database")
        self.db_label.setText(self.tr("Database: {where}").format(where=self.context.db.display_name()))
        bar = self.statusBar()
        bar.addWidget(self.user_label)
        bar.addWidget(self.point_label)
        bar.addPermanentWidget(self.db_label)

    # -- state -------------------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = self.context.settings
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(DEFAULT_SIZE)
        self.fit_to_screen()
        last = settings.value("main_window/last_tab")
        for i, slot in enumerate(self.slots):
            if slot.spec.object_name == last:
                self.tabs.setCurrentIndex(i)
                break
        current = self.current_tab()
        if current is not None:
            current.refresh()

    def fit_to_screen(self) -> None:
        """Keep the window inside the screen it opens on: a remembered size or place from a
        bigger screen, another monitor or another scaling is brought back within it."""
        screen = QGuiApplication.screenAt(self.geometry().center()) or self.screen() \
            or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        # Before the window is shown Qt does not know its frame: leave room for a title bar.
        usable = room.adjusted(0, 0, -FRAME_ALLOWANCE.width(), -FRAME_ALLOWANCE.height())
        size = self.size().boundedTo(usable.size()).expandedTo(self.minimumSizeHint().boundedTo(usable.size()))
        if size != self.size():
            self.resize(size)
        place = QRect(self.pos(), self.size())
        if not usable.contains(place):
            x = min(max(place.x(), usable.left()), usable.right() - place.width() + 1)
            y = min(max(place.y(), usable.top()), usable.bottom() - place.height() + 1)
            self.move(x, y)

    def save_state(self) -> None:
        settings = self.context.settings
        settings.setValue("main_window/geometry", self.saveGeometry())
        current = self.current_tab()
        if current is not None:
            settings.setValue("main_window/last_tab", current.objectName())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)

    def current_tab(self) -> BaseTab | None:
        """The tab on show, built if this is its first time."""
        slot = self.tabs.currentWidget()
        return slot.build() if isinstance(slot, TabSlot) else None

    @property
    def tab_pages(self) -> list[BaseTab]:
        """The tabs built so far."""
        return [slot.page for slot in self.slots if slot.page is not None]

    def tab_named(self, object_name: str) -> BaseTab | None:
        """The tab called ``object_name`` (built if needed), or None if this account has none."""
        slot = next((s for s in self.slots if s.spec.object_name == object_name), None)
        return None if slot is None else slot.build()

    def show_tab(self, object_name: str) -> BaseTab | None:
        """Bring a tab to the front, as clicking its title does."""
        slot = next((s for s in self.slots if s.spec.object_name == object_name), None)
        if slot is None:
            return None
        self.tabs.setCurrentWidget(slot)
        return slot.build()

    def _tab_changed(self, _index: int) -> None:
        page = self.current_tab()
        if page is not None:
            page.refresh()

    def _data_changed(self, area: str) -> None:
        if area == "bookmobile_stop":
            self._draw_offline_banner()
        # Only the tab on show reloads now; the others reload when they are next shown.
        page = self.current_tab()
        if page is not None and page is not self.sender():
            page.refresh()

    def _logout(self) -> None:
        self.idle_lock.stop()
        self.save_state()
        self.logout_requested.emit()
