"""The circulation desk: one scan field for reader cards and items, lend and return modes,
renewals, reservations, manager overrides, registration, search and slips.

The tab holds no rules: it forwards scans and keys to a ``DeskSession``
(``workstation.services.circulation.desk``) and draws the ``Outcome`` it answers with. Every
call into the desk — and so every database access of the tab — goes through ``_desk``.

Scans are queued and handled one per turn of the event loop, so a fast scanner is never
dropped and the window never blocks. No scan is lost to focus: while the tab is on show, an
application event filter sends printable keys and Enter typed anywhere in the desk's window
(a table row, a button, the tab bar) to the scan field; Enter on an empty scan field accepts
a pending offer and Esc declines it. A scan typed while a modal window is open is refused,
with the refusal sound and a message.

Sound: every outcome is heard (``announce``): a sound for each kind of answer and, for a
refusal, a reservation found or a question, its reason spoken — the table is
``services.circulation.announce``, the player ``ui.circulation.sounds``, imported only when
the first sound is due. Together with a strong colour banner.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from workstation import timeutil
from workstation.errors import CONTEXT, WorkstationError
from workstation.models import Role, ServicePointKind
from workstation.models.circulation import HoldState, ReaderStatus
from workstation.services.admin.libraries import slip_name
from workstation.services.circulation.desk import (
    DeskSession,
    Granted,
    Kind,
    Mode,
    OfferChoice,
    Outcome,
    Refusal,
    WayOut,
)
from workstation.services.circulation.holds import HOLD_STATE_LABELS, HoldSlip
from workstation.services.circulation.loans import CheckinResult, LoanLine, ReaderPanel
from workstation.services.circulation.money import ReceiptSlip
from workstation.services.circulation.readers import STATUS_LABELS, ReaderView
from workstation.services.circulation.refusals import CirculationRefused
from workstation.services.circulation.rules import CATEGORY_LABELS
from workstation.services.circulation.transfers import Received, TransferSlip
from workstation.ui import ops
from workstation.ui.base_tab import BaseTab
from workstation.ui.circulation import slips
from workstation.ui.circulation.cash import MoneyDialog
from workstation.ui.circulation.dialogs import (
    HoldPrompt,
    ImportDialog,
    OverdueDialog,
    OverrideDialog,
    RegistrationDialog,
    ReserveDialog,
    RulesDialog,
    SearchDialog,
)
from workstation.ui.circulation.hold_shelf import HoldShelfDialog, ReaderHoldsDialog
from workstation.ui.circulation.records import (
    CardStatusDialog,
    HistoryDialog,
    ItemRecordDialog,
    ReaderRecordDialog,
)
from workstation.ui.circulation.stocktake_dialog import StocktakeDialog
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text

if TYPE_CHECKING:  # imported when the first sound is due, not at start
    from workstation.ui.circulation.sounds import Announcer, Player

log = logging.getLogger(__name__)

T = TypeVar("T")
LEND = Mode.LEND
RETURN = Mode.RETURN
BANNER_STYLES = {
    "ok": "background: #2e7d32; color: white;",
    "error": "background: #c62828; color: white;",
    "warn": "background: #ff8f00; color: black;",
    "info": "background: #455a64; color: white;",
    "question": "background: #fff59d; color: black; border: 3px solid #1565c0;",
}
# A USB scanner types a character every few milliseconds; a person typing a password
# into a modal window, a character every 100 ms or more.
BURST_GAP = 0.03  # seconds at most between the keys of a scanner's burst
BURST_MIN = 4  # characters before Enter for a burst to count as a scan
MODE_STYLES = {
    LEND: "background: #1b5e20; color: white; padding: 6px;",
    RETURN: "background: #0d47a1; color: white; padding: 6px;",
}


def _cell(text: str, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class CirculationTab(BaseTab):
    OBJECT_NAME = "circulation_tab"
    MIN_ROLE = Role.DESK

    scan_handled = Signal(str)  # the normalised code, after its transaction (or refusal) is done

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        # The desk's transactions go through the door: retried while another desk holds the
        # database, the wait a Qt timer (the window keeps painting), never a sleep.
        self.desk = DeskSession(context.db, context.actor,
                                runner=lambda action, writes=True: ops.attempts(context, action, writes=writes))
        self.queue: deque[tuple[str, dt.datetime]] = deque()  # (what was scanned, when)
        self._draining = False
        self._filtering = False
        self._burst: list[float] = []  # key times of what is typed into a modal window
        self._burst_text = ""
        self.slip_dir: Path | None = None  # print slips to PDF files here (tests; no printer)
        self.printed: list[Path] = []
        self.dialogs: list[QWidget] = []  # keep non-modal dialogs alive
        self.sound_player: Player | None = None  # None: the system's (tests give a recording one)
        self._announcer: Announcer | None = None

        big = QFont(self.font())
        big.setPointSize(big.pointSize() + 6)
        big.setBold(True)
        self.mode_banner = QLabel(objectName="modeBanner")
        self.mode_banner.setFont(big)
        self.mode_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.lend_button = QPushButton(self.tr("Lend (F2)"), objectName="lendModeButton")
        self.return_button = QPushButton(self.tr("Return (F3)"), objectName="returnModeButton")
        self.lend_button.clicked.connect(lambda: self.set_mode(LEND))
        self.return_button.clicked.connect(lambda: self.set_mode(RETURN))
        self.stop_combo = QComboBox(objectName="stopCombo")
        self.stop_label = QLabel(self.tr("Bookmobile stop"))

        self.scan = QLineEdit(objectName="scanField")
        self.scan.setFont(big)
        self.scan.setPlaceholderText(self.tr("Scan a reader card or an item barcode"))
        self.scan.returnPressed.connect(self._on_scan)
        self.queue_label = QLabel(objectName="queueLabel")
        self.banner = QLabel(objectName="statusBanner")
        self.banner.setFont(big)
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(56)
        self.banner.setMargin(8)
        self.override_button = QPushButton(self.tr("Manager override…"), objectName="overrideButton")
        self.override_button.clicked.connect(self.open_override)
        self.offer_button = QPushButton(objectName="offerButton")
        self.offer_button.clicked.connect(self.accept_offer)
        self.decline_button = QPushButton(self.tr("No (Esc)"), objectName="declineOfferButton")
        self.decline_button.clicked.connect(self.decline_offer)

        self.reader_info = QLabel(objectName="readerInfo")
        self.reader_info.setWordWrap(True)
        self.reader_info.setTextFormat(Qt.TextFormat.RichText)
        self.reader_info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.holds_label = QLabel(objectName="holdsLabel")
        self.status_combo = QComboBox(objectName="cardStatusCombo")
        for status in ReaderStatus:
            self.status_combo.addItem(QCoreApplication.translate(CONTEXT, STATUS_LABELS[status]), status.value)
        self.status_combo.activated.connect(self._change_card_status)
        self.holds_label.setWordWrap(True)
        self.loans_table = self._table([self.tr("Barcode"), self.tr("Title"), self.tr("Due"), self.tr("Renewals")],
                                       "loansTable")
        self.returns_table = self._table([self.tr("Barcode"), self.tr("Title"), self.tr("Reader"),
                                          self.tr("Days overdue"), self.tr("Reserved for")], "returnsTable")

        self.renew_button = QPushButton(self.tr("Renew selected"), objectName="renewSelectedButton")
        self.renew_all_button = QPushButton(self.tr("Renew all (F5)"), objectName="renewAllButton")
        self.slip_button = QPushButton(self.tr("Print loan slip (F9)"), objectName="printSlipButton")
        self.end_button = QPushButton(self.tr("End reader (Esc)"), objectName="endReaderButton")
        self.register_button = QPushButton(self.tr("Register reader… (F7)"), objectName="registerButton")
        self.search_button = QPushButton(self.tr("Search… (F8)"), objectName="searchButton")
        self.overdue_button = QPushButton(self.tr("Overdue list…"), objectName="overdueButton")
        self.import_button = QPushButton(self.tr("Import catalogue…"), objectName="importButton")
        self.reserve_button = QPushButton(self.tr("Reserve… (F6)"), objectName="reserveButton")
        self.hold_shelf_button = QPushButton(self.tr("Hold shelf… (F4)"), objectName="holdShelfButton")
        self.money_button = QPushButton(self.tr("Money… (F10)"), objectName="moneyButton")
        self.stocktake_button = QPushButton(self.tr("Stocktake… (F11)"), objectName="stocktakeButton")
        self.reader_holds_button = QPushButton(self.tr("Reservations… (Shift+F6)"), objectName="readerHoldsButton")
        self.transit_button = QPushButton(self.tr("In transit… (Shift+F4)"), objectName="transitButton")
        self.transit_button.clicked.connect(self.open_transit)
        self.hold_shelf_button.clicked.connect(self.open_hold_shelf)
        self.money_button.clicked.connect(self.open_money)
        self.stocktake_button.clicked.connect(self.open_stocktake)
        self.reader_holds_button.clicked.connect(self.open_reader_holds)
        self.record_button = QPushButton(self.tr("Reader record… (F12)"), objectName="readerRecordButton")
        self.item_button = QPushButton(self.tr("Item record… (Shift+F12)"), objectName="itemRecordButton")
        self.record_button.clicked.connect(self.open_reader_record)
        self.item_button.clicked.connect(self.open_item_record)
        self.sound_button = QPushButton(self.tr("Sounds…"), objectName="soundSettingsButton")
        self.sound_button.clicked.connect(self.open_sound_settings)
        self.rules_button = QPushButton(self.tr("Rules and closed days…"), objectName="rulesButton")
        self.rules_button.setVisible(context.actor.role.rank >= Role.MANAGER.rank)
        self.reserve_button.clicked.connect(self.open_reserve)
        self.rules_button.clicked.connect(self.open_rules)
        self.renew_button.clicked.connect(self.renew_selected)
        self.renew_all_button.clicked.connect(self.renew_all)
        self.slip_button.clicked.connect(self.print_loan_slip)
        self.end_button.clicked.connect(self.end_reader)
        self.register_button.clicked.connect(self.open_registration)
        self.search_button.clicked.connect(self.open_search)
        self.overdue_button.clicked.connect(self.open_overdue)
        self.import_button.clicked.connect(self.open_import)
        for key, slot in (("F2", lambda: self.set_mode(LEND)), ("F3", lambda: self.set_mode(RETURN)),
                          ("F5", self.renew_all), ("F6", self.open_reserve), ("F7", self.open_registration),
                          ("F8", self.open_search), ("F9", self.print_loan_slip), ("Esc", self.escape),
                          ("F4", self.open_hold_shelf), ("F10", self.open_money), ("F11", self.open_stocktake),
                          ("Shift+F6", self.open_reader_holds), ("Shift+F4", self.open_transit),
                          ("F12", self.open_reader_record), ("Shift+F12", self.open_item_record)):
            shortcut = QShortcut(QKeySequence(key), self)
            # the whole window: the keys work wherever the focus is (the tab bar after a
            # restart, say) while this tab is on show; a hidden tab's shortcuts are off
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

        top = QHBoxLayout()
        top.addWidget(self.mode_banner, 1)
        top.addWidget(self.lend_button)
        top.addWidget(self.return_button)
        top.addWidget(self.stop_label)
        top.addWidget(self.stop_combo)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan, 1)
        scan_row.addWidget(self.queue_label)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.offer_button)
        banner_row.addWidget(self.decline_button)
        banner_row.addWidget(self.override_button)

        reader_box = QGroupBox(self.tr("Reader"))
        reader_box.setMinimumWidth(280)
        reader_layout = QVBoxLayout(reader_box)
        reader_layout.addWidget(self.reader_info)
        reader_layout.addWidget(self.holds_label)
        status_row = QHBoxLayout()
        status_row.addWidget(QLabel(self.tr("Card status")))
        status_row.addWidget(self.status_combo, 1)
        reader_layout.addLayout(status_row)
        reader_layout.addStretch(1)
        for button in (self.record_button, self.reserve_button, self.reader_holds_button, self.end_button,
                       self.register_button, self.search_button):
            reader_layout.addWidget(button)
        loans_box = QGroupBox(self.tr("Current loans"))
        loans_layout = QVBoxLayout(loans_box)
        loans_layout.addWidget(self.loans_table)
        buttons = QHBoxLayout()
        for button in (self.renew_button, self.renew_all_button, self.slip_button):
            buttons.addWidget(button)
        loans_layout.addLayout(buttons)
        returns_box = QGroupBox(self.tr("Returned at this desk"))
        returns_layout = QVBoxLayout(returns_box)
        returns_layout.addWidget(self.returns_table)
        # rows of four: one row of eight no longer fits a 1067-pixel-wide screen
        extra = QGridLayout()
        extra.setColumnStretch(0, 1)
        for i, button in enumerate((self.hold_shelf_button, self.transit_button, self.money_button,
                                    self.stocktake_button, self.item_button, self.overdue_button, self.import_button,
                                    self.sound_button, self.rules_button)):
            extra.addWidget(button, i // 4, 1 + i % 4)
        returns_layout.addLayout(extra)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(loans_box)
        right.addWidget(returns_box)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(reader_box)
        body.addWidget(right)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(scan_row)
        layout.addLayout(banner_row)
        layout.addWidget(body, 1)
        self.setFocusProxy(self.scan)

        self._load_stops()
        self.set_mode(LEND)

    # -- the one door to the desk --------------------------------------------------------------

    def _desk(self, action: Callable[[DeskSession], T]) -> T:
        """Every call into the desk (and so every database access of this tab) passes here."""
        return action(self.desk)

    # -- what the desk remembers, for the views ------------------------------------------------

    @property
    def mode(self) -> Mode:
        return self.desk.mode

    @property
    def reader_id(self) -> int | None:
        return self.desk.reader_id

    @property
    def reader_card(self) -> str:
        return self.desk.reader.card_number if self.desk.reader is not None else ""

    @property
    def session_lines(self) -> list[LoanLine]:
        return self.desk.lent

    # -- set-up ------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Circulation")

    def refresh(self) -> None:
        if self.reader_id is not None and not self.queue:
            self._reload_reader()
        self.scan.setFocus()

    @staticmethod
    def _table(headers: list[str], name: str) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        return table

    def _load_stops(self) -> None:
        point = self.context.service_point
        is_mobile = point is not None and point.kind is ServicePointKind.BOOKMOBILE
        self.stop_combo.setVisible(is_mobile)
        self.stop_label.setVisible(is_mobile)
        if not is_mobile or point is None:
            return
        for stop_id, name in self._desk(lambda d: d.bookmobile_stops()):
            self.stop_combo.addItem(name, stop_id)
        saved = self.context.settings.value("circulation/stop_id")
        index = self.stop_combo.findData(int(str(saved))) if saved not in (None, "") else -1
        if index >= 0:
            self.stop_combo.setCurrentIndex(index)
        self.desk.stop_id = self.stop_combo.currentData()
        self.stop_combo.currentIndexChanged.connect(self._stop_changed)

    def _stop_changed(self, _index: int) -> None:
        self.desk.stop_id = self.stop_combo.currentData()
        self.context.settings.setValue("circulation/stop_id", self.stop_combo.currentData())
        if self.context.trip is not None:  # offline: the trip store and the banner follow the stop
            from workstation.services.bookmobile.store import set_stop

            set_stop(self.context.trip, self.desk.stop_id)
            self.context.data_changed.emit("bookmobile_stop")

    # -- no scan is lost -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        app = QApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            self._filtering = True
        QTimer.singleShot(0, self._focus_scan)

    def hideEvent(self, event: QHideEvent) -> None:
        app = QApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
            self._filtering = False
        super().hideEvent(event)

    def _focus_scan(self) -> None:
        if self.isVisible() and QApplication.activeModalWidget() is None:
            focus = QApplication.focusWidget()
            if focus is None or focus.window() is self.window():
                self.scan.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys typed anywhere in the desk's window go to the scan field (see the module)."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget) \
                or not isinstance(event, QKeyEvent):
            return False
        window = watched.window()
        if watched is not (window.focusWidget() or window):
            return False  # not the key's first receiver: the same key on its way up to a parent
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not self.window():
            return self._key_in_modal(event)
        # a list opened from this tab (the card status's) would take a scan for a choice
        popup = window if window.windowType() == Qt.WindowType.Popup and self._owns(window) else None
        if popup is None and (window is not self.window() or watched is self.scan or not self.isVisible()):
            return False
        if isinstance(watched, (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)) \
                and not self.isAncestorOf(watched):
            return False  # a field of the window outside this tab, where someone types
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                | Qt.KeyboardModifier.MetaModifier):
            return False
        text = event.text()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            take = bool(self.scan.text().strip()) or self.desk.offer is not None
        else:
            take = bool(text) and text.isprintable() and (text != " " or bool(self.scan.text()))
        if not take:
            return False
        if popup is not None:
            popup.hide()
        self.scan.setFocus()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._on_scan()
        else:
            self.scan.insert(text)
        return True

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def _key_in_modal(self, event: QKeyEvent) -> bool:
        """A modal window is open: a scanner's burst ending in Enter is refused out loud (the
        Enter is kept from the window, whose default button it would press)."""
        now = time.monotonic()
        if self._burst and now - self._burst[-1] > BURST_GAP:
            self._burst, self._burst_text = [], ""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst, code = self._burst, self._burst_text
            self._burst, self._burst_text = [], ""
            if len(burst) >= BURST_MIN and self.isVisible():
                self._show(Outcome(Kind.REFUSED, code, Refusal.WINDOW_OPEN,
                                   CirculationRefused(Refusal.WINDOW_OPEN, code=code), (WayOut.CLOSE_WINDOW,)))
                return True
            return False
        text = event.text()
        if text and text.isprintable():
            self._burst.append(now)
            self._burst_text += text
        return False

    # -- feedback ----------------------------------------------------------------------------

    def say(self, kind: str, text: str) -> None:
        self.banner.setStyleSheet(BANNER_STYLES[kind])
        self.banner.setProperty("kind", kind)
        self.banner.setText(text)

    def _way_out(self, ways: tuple[WayOut, ...]) -> str:
        hints = {
            WayOut.REGISTER: self.tr("To register the card: F7."),
            WayOut.SEARCH: self.tr("To find the reader: F8."),
            WayOut.EXTEND_CARD: self.tr("To extend the card: F4 (reader record)."),
            WayOut.RENEW_LATER: self.tr("Renew it later."),
            WayOut.MANAGER_OVERRIDE: self.tr("A manager can override."),
            WayOut.SCAN_CARD: self.tr("Scan the reader's card first."),
            WayOut.SWITCH_TO_RETURN: self.tr("To return it: F3."),
            WayOut.SWITCH_TO_LEND: self.tr("To lend to this reader: F2, then scan the card."),
            WayOut.CATALOGUE_ITEM: self.tr("Set it aside for cataloguing."),
            WayOut.SCAN_AGAIN: self.tr("Scan again."),
            WayOut.CHOOSE_LOANS: self.tr("Select loans in the table first."),
            WayOut.RETURN_SOME: self.tr("Return some items first (F3)."),
            WayOut.ASK_ADMINISTRATOR: self.tr("Ask the administrator."),
            WayOut.PAY_FEES: self.tr("To take the fees: F10."),
        }
        return " ".join(hints[way] for way in ways if way in hints)

    def _message(self, outcome: Outcome) -> str:
        text = error_text(outcome.error) if outcome.error is not None else ""
        hint = self._way_out(outcome.way_out)
        return f"{text} {hint}" if hint else text

    def _show_offers(self, outcome: Outcome | None) -> None:
        """The override button, and the offer's buttons, for ``outcome`` (none: hidden)."""
        offer = outcome.offer if outcome is not None else None
        self.override_button.setVisible(outcome is not None and outcome.overridable and self.reader_id is not None)
        self.offer_button.setVisible(offer is not None)
        self.decline_button.setVisible(offer is not None)
        if offer is OfferChoice.RENEW:
            self.offer_button.setText(self.tr("Renew it (Enter)"))
        elif offer is OfferChoice.RETURN_AND_LEND:
            self.offer_button.setText(self.tr("Return and lend (Enter)"))

    def _show(self, outcome: Outcome) -> None:
        """Draw what the desk answered."""
        kind = outcome.kind
        self._show_offers(outcome if kind in (Kind.REFUSED, Kind.OFFER, Kind.READER) else None)
        if outcome.panel is not None:
            self._show_reader(outcome.panel)
        if kind is Kind.DOUBLE_SCAN:
            self.say("info", self.tr("{code} was scanned twice; the second scan was ignored.").format(
                code=outcome.code))
        elif kind is Kind.READER:
            self._show_reader_greeting(outcome)
        elif kind is Kind.LENT:
            self._show_lent(outcome)
        elif kind in (Kind.RETURNED, Kind.HOLD_FOUND, Kind.TRANSIT) and outcome.returned is not None:
            self._show_returned(outcome.returned)
        elif kind in (Kind.RECEIVED, Kind.HOLD_FOUND, Kind.TRANSIT) and outcome.received is not None:
            self._show_received(outcome.received)
        elif kind is Kind.RENEWED:
            renewed = outcome.renewed
            if outcome.code and len(renewed) == 1:
                self.say("ok", self.tr("Renewed {barcode}, due {date}.").format(
                    barcode=renewed[0].barcode, date=renewed[0].new_due.isoformat()))
            else:
                self.say("ok", self.tr("Renewed {done} loans.").format(done=len(renewed)))
            self.context.data_changed.emit("circulation")
        elif kind is Kind.OFFER:
            self.say("question", self._message(outcome) + " " + self.tr("Enter: yes. Esc: no."))
        elif kind is Kind.REFUSED:
            if outcome.refused_renewals:
                self.say("error", self.tr("Renewed {done}; refused {bad}: {reason}").format(
                    done=len(outcome.renewed), bad=outcome.refused_renewals, reason=self._message(outcome)))
                self.context.data_changed.emit("circulation")
            else:
                self.say("error", self._message(outcome))
        try:
            self.announcer().announce(outcome)
        except Exception:  # the desk works on in silence rather than lose the scan
            log.exception("could not announce %s", kind)

    def announcer(self) -> Announcer:
        """The desk's sounds and voice, made (and their module imported) when first needed."""
        if self._announcer is None:
            from workstation.ui.circulation.sounds import Announcer

            self._announcer = Announcer(self.context.settings, self.sound_player)
        return self._announcer

    def open_sound_settings(self) -> QDialog:
        from workstation.ui.circulation.sounds import SoundSettingsDialog

        dialog = SoundSettingsDialog(self.announcer(), self)
        dialog.finished.connect(lambda _result: self._back_to_scan())
        dialog.open()
        return dialog

    def _refused_sound(self) -> None:
        from workstation.services.circulation.announce import Sound

        try:
            self.announcer().play(Sound.REFUSED)
        except Exception:
            log.exception("could not play the refusal sound")

    def _show_reader_greeting(self, outcome: Outcome) -> None:
        panel = outcome.panel
        if outcome.reason is not None:
            self.say("error", self._message(outcome))
        elif panel is not None and panel.overdue:
            self.say("warn", self.tr("{name}: {n} overdue items.").format(name=panel.reader.name,
                                                                          n=len(panel.overdue)))
        elif panel is not None:
            self.say("ok", self.tr("{name} ({card}). Scan items to lend.").format(
                name=panel.reader.name, card=panel.reader.card_number))

    def _show_lent(self, outcome: Outcome) -> None:
        line = outcome.line
        assert line is not None
        if outcome.returned is not None:
            self.say("ok", self.tr("Returned and lent {barcode}, due {date}.").format(
                barcode=line.barcode, date=line.due_date.isoformat()))
        else:  # the fast path: one row on top, no reload
            self.loans_table.insertRow(0)
            self._set_loan_row(0, line)
            self.say("ok", self.tr("Lent {barcode} {title}, due {date}.").format(
                barcode=line.barcode, title=line.title, date=line.due_date.isoformat()))
        self.context.data_changed.emit("circulation")

    def _show_transfer(self, slip: TransferSlip) -> None:
        """An item that leaves for another library: said loudly, its slip printed."""
        self.say("warn", self.tr("IN TRANSIT: send {barcode} to {library} ({code}); put it in the transfer box "
                                 "with its slip.").format(barcode=slip.barcode, library=slip.to_name,
                                                          code=slip.to_code))
        self.print_transfer_slip(slip)

    def _show_received(self, received: Received) -> None:
        self.returns_table.insertRow(0)
        where = self.tr("received from {library}").format(library=received.from_name)
        for column, text in enumerate([received.barcode, received.title, where, "",
                                       received.hold.reader_name if received.hold else ""]):
            cell = _cell(text)
            cell.setBackground(QColor("#c8e6c9"))
            self.returns_table.setItem(0, column, cell)
        if received.hold is not None:
            self._show_hold(received.barcode, received.hold)
        elif received.onward is not None:
            self._show_transfer(received.onward)
        else:
            self.say("ok", self.tr("Received {barcode} from {library} after {n} days: shelve it.").format(
                barcode=received.barcode, library=received.from_name, n=received.days_in_transit))
        self.context.data_changed.emit("circulation")

    def _show_hold(self, barcode: str, hold: HoldSlip) -> None:
        self.say("warn", self.tr("RESERVED: put {barcode} aside for {name} ({card}), pick up at {point}.")
                 .format(barcode=barcode, name=hold.reader_name, card=hold.card_number, point=hold.pickup_point))
        prompt = HoldPrompt(hold, self)
        self._keep(prompt)
        prompt.show()
        self.window().activateWindow()
        self.scan.setFocus()
        self.print_hold_slip(hold)

    def _show_returned(self, result: CheckinResult) -> None:
        self._add_return_row(result)
        if result.transfer is not None:
            self._show_transfer(result.transfer)
        elif result.hold is not None:
            self._show_hold(result.barcode, result.hold)
        elif result.days_overdue:
            self.say("warn", self.tr("Returned {barcode}, {n} days overdue.").format(barcode=result.barcode,
                                                                                     n=result.days_overdue))
        else:
            self.say("ok", self.tr("Returned {barcode} {title}.").format(barcode=result.barcode,
                                                                         title=result.title))
        self.context.data_changed.emit("circulation")

    def set_mode(self, mode: Mode | str) -> None:
        """Lend or return: the previous reader and banner go (the next person is served afresh)."""
        self._desk(lambda d: d.set_mode(mode))
        self._draw_mode()

    def _draw_mode(self) -> None:
        mode = self.desk.mode
        self.mode_banner.setText(self.tr("LEND") if mode is LEND else self.tr("RETURN"))
        self.mode_banner.setStyleSheet(MODE_STYLES[mode])
        self.mode_banner.setProperty("mode", mode.value)
        self.lend_button.setEnabled(mode is not LEND)
        self.return_button.setEnabled(mode is not RETURN)
        self._show_offers(None)
        self._show_reader(None)
        if mode is LEND:
            self.say("info", self.tr("Ready. Scan a reader card."))
        else:
            self.say("info", self.tr("Return: scan the items."))
        self.scan.setFocus()

    # -- the scan queue ------------------------------------------------------------------------

    def _on_scan(self) -> None:
        raw = self.scan.text()
        self.scan.clear()
        if raw.strip():
            self.enqueue(raw)
        elif self.desk.offer is not None and not self.queue:
            self.accept_offer()  # Enter on its own answers the question: yes

    def enqueue(self, raw: str) -> None:
        self.queue.append((raw, self.desk.clock()))
        self._show_queue()
        if not self._draining:
            self._draining = True
            QTimer.singleShot(0, self._drain)

    def _show_queue(self) -> None:
        waiting = len(self.queue)
        self.queue_label.setText(self.tr("{n} waiting").format(n=waiting) if waiting else "")

    def _drain(self) -> None:
        if not self.queue:
            self._draining = False
            self._show_queue()
            return
        raw, at = self.queue.popleft()
        code = raw.strip()
        try:
            outcome = self._desk(lambda d: d.scan(raw, scanned_at=at))
            code = outcome.code or code
            self._show(outcome)
        except Exception:  # a bug must not lose the scans behind it
            log.exception("scan %s failed", code)
            self._refused_sound()
            self.say("error", self.tr("Unexpected error with {code}; it was not processed. "
                                      "The error is in the log.").format(code=code))
        self._show_queue()
        self.scan_handled.emit(code)
        QTimer.singleShot(0, self._drain)

    # -- the reader ----------------------------------------------------------------------------

    def start_reader(self, reader_id: int) -> None:
        """Serve this reader (chosen in a search): lend mode, overrides from before end."""
        was = self.mode
        outcome = self._desk(lambda d: d.show_reader(reader_id))
        if was is not self.mode:
            self._draw_mode()
        self._show(outcome)

    def _set_loan_row(self, row: int, line: LoanLine) -> None:
        cells = [_cell(line.barcode, line.loan_id), _cell(line.title), _cell(line.due_date.isoformat()),
                 _cell(str(line.renewal_count))]
        for column, cell in enumerate(cells):
            if line.overdue:
                cell.setForeground(QColor("#c62828"))
            self.loans_table.setItem(row, column, cell)

    def _reload_reader(self) -> ReaderPanel | None:
        try:
            panel = self._desk(lambda d: d.reader_panel())
        except WorkstationError as err:
            self._refused_sound()
            self.say("error", error_text(err))
            self.end_reader()
            return None
        if panel is not None:
            self._show_reader(panel)
        return panel

    def _show_reader(self, panel: ReaderPanel | None) -> None:
        self.loans_table.setRowCount(0)
        self.status_combo.setEnabled(panel is not None)
        if panel is None:
            self.reader_info.setText(self.tr("No reader. Scan a card, or search (F8)."))
            self.holds_label.clear()
            return
        view: ReaderView = panel.reader
        self.status_combo.setCurrentIndex(self.status_combo.findData(view.status.value))
        status = QCoreApplication.translate(CONTEXT, STATUS_LABELS[view.status])
        expired = view.expired(timeutil.today())
        category = QCoreApplication.translate(CONTEXT, CATEGORY_LABELS[view.category])
        expired_text = "<span style='color:#c62828'>" + self.tr("expired") + "</span>"
        lines = [
            f"<b style='font-size:14pt'>{view.name}</b>",
            self.tr("Card: {card} ({category})").format(card=view.card_number, category=category),
            self.tr("Status: {status}").format(status=status if not expired else expired_text),
            self.tr("Valid until: {date}").format(date=view.valid_until.isoformat()),
            self.tr("ID: {id}").format(id=view.id_number or "—"),
            self.tr("Phone: {phone}").format(phone=view.phone or "—"),
            self.tr("Loans: {n} · overdue: {o}").format(n=len(panel.loans), o=len(panel.overdue)),
        ]
        self.reader_info.setText("<br/>".join(lines))
        if panel.holds:
            held = [f"{title} — {QCoreApplication.translate(CONTEXT, HOLD_STATE_LABELS[HoldState(state)])}"
                    for _id, title, state in panel.holds]
            self.holds_label.setText(self.tr("Reservations:") + "\n" + "\n".join(held))
        else:
            self.holds_label.setText(self.tr("No reservations."))
        self.loans_table.setRowCount(len(panel.loans))
        for row, line in enumerate(panel.loans):
            self._set_loan_row(row, line)

    def _change_card_status(self, _index: int) -> CardStatusDialog | None:
        """Report the card lost, block it, or make it active again: a reason, and for lifting
        a block or a lost report a manager's grant, asked for in a small window."""
        reader = self.desk.reader
        if reader is None:
            return None
        status = ReaderStatus(self.status_combo.currentData())
        old = reader.status
        reader_id = reader.id
        self.status_combo.setCurrentIndex(self.status_combo.findData(old.value))  # until it is done
        if status is old:
            return None

        def change(reason: str, username: str, password: str) -> ReaderView:
            return self._desk(lambda d: d.change_card_status(reader_id, status, reason, manager_username=username,
                                                             manager_password=password))

        dialog = CardStatusDialog(self.context, change, old, status, self)
        dialog.changed.connect(self._card_status_changed)
        dialog.rejected.connect(self._back_to_scan)
        self._keep(dialog)
        dialog.show()
        return dialog

    def _card_status_changed(self, view: ReaderView) -> None:
        self._show_offers(None)
        self._reload_reader()
        self.say("info", self.tr("Card status of {card}: {status}.").format(
            card=view.card_number, status=QCoreApplication.translate(CONTEXT, STATUS_LABELS[view.status])))
        self._back_to_scan()

    # -- the reader's and the item's records ---------------------------------------------------

    def open_reader_record(self, reader_id: int | None = None) -> ReaderRecordDialog | None:
        """F4: the record of the reader at the desk (or of one chosen in a search)."""
        reader_id = reader_id if isinstance(reader_id, int) else self.reader_id
        if reader_id is None:
            self.say("warn", self.tr("Scan a reader card first."))
            return None
        dialog = ReaderRecordDialog(self.context, self.desk, reader_id, self)
        dialog.changed.connect(self._record_changed)
        dialog.history_wanted.connect(lambda rid: self.open_history(reader_id=rid))
        dialog.finished.connect(lambda _r: self._back_to_scan())
        self._keep(dialog)
        dialog.show()
        return dialog

    def _record_changed(self, reader_id: int) -> None:
        if reader_id == self.reader_id:
            self._reload_reader()
        self.context.data_changed.emit("circulation")

    def open_item_record(self, item_id: int | None = None) -> ItemRecordDialog:
        """F10: an item's record (scan its barcode into the window)."""
        dialog = ItemRecordDialog(self.context, item_id if isinstance(item_id, int) else None, self)
        dialog.changed.connect(lambda _id: self._record_changed(-1))
        dialog.history_wanted.connect(lambda iid: self.open_history(item_id=iid))
        dialog.finished.connect(lambda _r: self._back_to_scan())
        self._keep(dialog)
        dialog.show()
        dialog.lookup.setFocus()
        return dialog

    def open_history(self, *, reader_id: int | None = None, item_id: int | None = None) -> HistoryDialog:
        dialog = HistoryDialog(self.context, reader_id=reader_id, item_id=item_id, parent=self)
        dialog.corrected.connect(lambda _id: self._record_changed(-1))
        self._keep(dialog)
        dialog.show()
        return dialog

    def end_reader(self) -> None:
        """Finish this reader: the screen is cleared and any override ends with the session."""
        self._desk(lambda d: d.end_reader())
        self._show_offers(None)
        self._show_reader(None)
        self.say("info", self.tr("Ready. Scan a reader card."))
        self.scan.setFocus()

    def escape(self) -> None:
        """Esc: no to a pending offer; else the end of the reader."""
        if self.desk.offer is not None:
            self.decline_offer()
        else:
            self.end_reader()

    def _add_return_row(self, result: CheckinResult) -> None:
        self.returns_table.insertRow(0)
        hold, transfer = result.hold, result.transfer
        last = f"{hold.reader_name} ({hold.card_number})" if hold else ""
        if transfer is not None:
            last = self.tr("in transit to {library}").format(library=transfer.to_name)
        for column, text in enumerate([result.barcode, result.title, result.reader_name, str(result.days_overdue),
                                       last]):
            cell = _cell(text, result.loan_id if column == 0 else None)
            if hold is not None:
                cell.setBackground(QColor("#ffe0b2"))
            elif transfer is not None:
                cell.setBackground(QColor("#bbdefb"))
            self.returns_table.setItem(0, column, cell)

    # -- renewing, offers, overrides -------------------------------------------------------------

    def renew_selected(self) -> None:
        rows = sorted({index.row() for index in self.loans_table.selectedIndexes()})
        cells = [self.loans_table.item(r, 0) for r in rows]
        ids = [int(c.data(Qt.ItemDataRole.UserRole)) for c in cells if c is not None]
        self._show(self._desk(lambda d: d.renew(ids)))
        self.scan.setFocus()

    def renew_all(self) -> None:
        self._show(self._desk(lambda d: d.renew_all()))
        self.scan.setFocus()

    def accept_offer(self) -> None:
        outcome = self._desk(lambda d: d.accept_offer())
        if outcome is not None:
            self._show(outcome)
        self.scan.setFocus()

    def decline_offer(self) -> None:
        if self._desk(lambda d: d.decline_offer()):
            self._show_offers(None)
            self.say("info", self.tr("Not done. Scan the next item."))
        self.scan.setFocus()

    def open_override(self) -> OverrideDialog | None:
        refusal = self.desk.last_refusal
        if refusal is None or self.reader_id is None or not refusal.overridable:
            return None

        def grant(username: str, password: str, reason: str) -> Granted:
            return self._desk(lambda d: d.grant_override(username, password, reason))

        dialog = OverrideDialog(grant, self._message(refusal), self)
        dialog.granted.connect(self._granted)
        self._keep(dialog)
        dialog.show()
        return dialog

    def _granted(self, granted: Granted) -> None:
        self._show_offers(None)
        self.say("info", self.tr("Override granted by {manager} for this reader.").format(
            manager=granted.grant.manager))
        if granted.then is not None:
            self._show(granted.then)
            self.scan_handled.emit(granted.then.code)
        self._back_to_scan()

    def _back_to_scan(self) -> None:
        """After a dialog: the desk window and its scan field take the scanner's keys again."""
        self.window().activateWindow()
        self.scan.setFocus()

    # -- dialogs and slips ---------------------------------------------------------------------

    def _keep(self, widget: QWidget) -> None:
        self.dialogs = [d for d in self.dialogs if d.isVisible()]
        self.dialogs.append(widget)

    def open_registration(self) -> RegistrationDialog:
        def register(**fields: object) -> Outcome:
            return self._desk(lambda d: d.register_reader(**fields))

        dialog = RegistrationDialog(self.context, register, self)
        if self.context.trip is not None:  # offline: the next card of the trip's reserved range
            from workstation.services.bookmobile.store import next_card

            try:
                dialog.card.setText(next_card(self.context.trip))
            except WorkstationError as err:
                dialog.errors["card_number"].setText(error_text(err))
        dialog.registered.connect(self._registered)
        self._keep(dialog)
        dialog.show()
        return dialog

    def _registered(self, outcome: Outcome) -> None:
        self._draw_mode()  # the desk is in lend mode with the new reader: draw both
        self._show(outcome)
        reader_id = self.reader_id
        if reader_id is not None:  # a deposit taken at registration: its receipt
            from workstation.services.circulation import money

            slip = ops.read(self.context, lambda s: money.registration_receipt(s, self.context.actor, reader_id))
            if slip is not None:
                self.print_receipt(slip)
        if outcome.notice is not None:  # a shared phone: registered, and said
            self.say("warn", error_text(outcome.notice))
        self._back_to_scan()

    def open_search(self) -> SearchDialog:
        dialog = SearchDialog(self.context, lambda query: self._desk(lambda d: d.search_readers(query)), self)
        dialog.reader_chosen.connect(self._chosen)
        dialog.reader_record_wanted.connect(self.open_reader_record)
        dialog.item_record_wanted.connect(self.open_item_record)
        self._keep(dialog)
        dialog.show()
        return dialog

    def _chosen(self, reader_id: int) -> None:
        self.start_reader(reader_id)
        self._back_to_scan()

    def open_reserve(self) -> ReserveDialog | None:
        if self.reader_id is None:
            self.say("warn", self.tr("Scan a reader card first."))
            return None
        dialog = ReserveDialog(self.context, self.reader_id, self)
        dialog.placed.connect(self._reserved)
        self._keep(dialog)
        dialog.show()
        return dialog

    def _reserved(self, _hold_id: int) -> None:
        self._reload_reader()
        self.say("ok", self.tr("Reservation placed."))
        self._back_to_scan()

    def open_hold_shelf(self) -> HoldShelfDialog:
        dialog = HoldShelfDialog(self.context, self.print_hold_slip, self.print_transfer_slip, self)
        self._keep(dialog)
        dialog.show()
        return dialog

    def open_reader_holds(self) -> ReaderHoldsDialog | None:
        if self.reader_id is None:
            self.say("warn", self.tr("Scan a reader card first."))
            return None
        dialog = ReaderHoldsDialog(self.context, self.reader_id, self.print_hold_slip, self)
        dialog.finished.connect(lambda _r: self._reload_reader())
        self._keep(dialog)
        dialog.show()
        return dialog

    def open_money(self) -> MoneyDialog:
        dialog = MoneyDialog(self.context, self.reader_id, self.print_receipt, self)
        self._keep(dialog)
        dialog.show()
        return dialog

    def open_stocktake(self) -> StocktakeDialog:
        dialog = StocktakeDialog(self.context, self)
        self._keep(dialog)
        dialog.show()
        return dialog

    def print_receipt(self, slip: ReceiptSlip) -> None:
        self._print(slips.receipt_html(slip), "receipt")

    def open_rules(self) -> RulesDialog:
        dialog = RulesDialog(self.context, self)
        self._keep(dialog)
        dialog.show()
        return dialog

    def open_overdue(self) -> OverdueDialog:
        dialog = OverdueDialog(self.context, self)
        self._keep(dialog)
        dialog.show()
        return dialog

    def open_import(self) -> ImportDialog:
        dialog = ImportDialog(self.context, self)
        self._keep(dialog)
        dialog.show()
        return dialog

    def _library_name(self) -> str:
        """The desk's library's name for the slip's header (the central library's is a
        library setting); "" leaves it out."""
        point = self.context.service_point.id if self.context.service_point else None
        try:
            return ops.read(self.context, lambda s: slip_name(s, point))
        except WorkstationError:
            return ""

    def _slip_path(self, kind: str) -> Path | None:
        if self.slip_dir is None:
            return None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        return self.slip_dir / f"{kind}-{stamp}.pdf"

    def print_loan_slip(self) -> None:
        try:
            slip = self._desk(lambda d: d.loan_slip())
        except WorkstationError as err:
            self.say("error", error_text(err))
            return
        if slip is None:
            self.say("warn", self.tr("Scan a reader card first."))
            return
        reader, lines = slip
        point = self.context.service_point.name if self.context.service_point else ""
        body = slips.loan_slip_html(self._library_name(), point, reader.card_number, reader.name, lines,
                                    timeutil.now_utc())
        self._print(body, "loan")

    def print_hold_slip(self, slip: HoldSlip) -> None:
        self._print(slips.hold_slip_html(self._library_name(), slip), "hold")

    def print_transfer_slip(self, slip: TransferSlip) -> None:
        self._print(slips.transfer_slip_html(self._library_name(), slip), "transfer")

    def open_transit(self) -> QDialog:
        from workstation.ui.circulation.transit_dialog import TransitDialog

        dialog = TransitDialog(self.context, self)
        self._keep(dialog)
        dialog.finished.connect(lambda _result: self._back_to_scan())
        dialog.show()
        return dialog

    def _print(self, body: str, kind: str) -> None:
        path = self._slip_path(kind)
        printer = slips.slip_printer(path)
        if printer is None:
            self.say("warn", self.tr("No printer is installed: choose where to save the slip as a PDF file, "
                                     "or Esc to leave it."))
            self.save_slip_as_pdf(body, kind)
            return
        slips.print_html(body, printer)
        if path is not None:
            self.printed.append(path)

    def save_slip_as_pdf(self, body: str, kind: str) -> QFileDialog:
        """Without a printer: the person chooses where the PDF goes (never a file by itself)."""
        dialog = QFileDialog(self, self.tr("Save the slip as PDF"))
        dialog.setObjectName("slipPdfDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # the same on every system, and testable
        dialog.setNameFilter(self.tr("PDF file (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(f"{kind}-{dt.datetime.now():%Y%m%d-%H%M%S}.pdf")

        def save(name: str) -> None:
            target = Path(name)
            printer = slips.slip_printer(target)
            assert printer is not None
            slips.print_html(body, printer)
            if target.is_file():
                self.printed.append(target)
                self.say("ok", self.tr("Slip saved as {path}.").format(path=str(target)))
            else:
                self.say("error", self.tr("The slip could not be saved as {path}.").format(path=str(target)))
            self._back_to_scan()

        dialog.fileSelected.connect(save)
        dialog.rejected.connect(self._back_to_scan)
        self._keep(dialog)
        dialog.open()
        return dialog
