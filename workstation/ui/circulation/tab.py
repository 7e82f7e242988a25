"""The circulation desk: one scan field for reader cards and items, lend and return modes,
renewals, reservations, manager overrides, registration, search and slips.

The tab holds no rules: every decision is made in ``workstation.services.circulation``.
Scans are queued and handled one per turn of the event loop, so a fast scanner is never
dropped and the window never blocks; a repeat of the same code within two seconds is
recognised as a double scan and does nothing.

Sound: ``QApplication.beep()`` (one beep for a refusal, two for a reservation found at a
return) together with a strong colour banner; QtMultimedia is not part of
PySide6-Essentials.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import CONTEXT, WorkstationError
from workstation.models import BookmobileStop, Role, ServicePointKind
from workstation.models.circulation import HoldState, ReaderStatus
from workstation.services import retry
from workstation.services.circulation import loans, readers
from workstation.services.circulation.holds import HOLD_STATE_LABELS, HoldSlip
from workstation.services.circulation.loans import CheckinResult, LoanLine, OverrideGrant, ReaderPanel
from workstation.services.circulation.refusals import CirculationRefused, Refusal
from workstation.services.circulation.rules import CATEGORY_LABELS
from workstation.services.circulation.scanning import DoubleScanGuard, normalize_scan
from workstation.ui.base_tab import BaseTab
from workstation.ui.circulation import slips
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
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text

log = logging.getLogger(__name__)

LEND = "lend"
RETURN = "return"
BANNER_STYLES = {
    "ok": "background: #2e7d32; color: white;",
    "error": "background: #c62828; color: white;",
    "warn": "background: #ff8f00; color: black;",
    "info": "background: #455a64; color: white;",
}
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
        self.mode = LEND
        self.queue: deque[tuple[str, bool]] = deque()
        self._draining = False
        self.guard = DoubleScanGuard()
        self.reader_id: int | None = None
        self.reader_card = ""
        self.reader_name = ""
        self.grants: list[OverrideGrant] = []
        self.session_lines: list[LoanLine] = []
        self.last_refusal: CirculationRefused | None = None
        self.last_code = ""
        self.slip_dir: Path | None = None  # print slips to PDF files here (tests; no printer)
        self.printed: list[Path] = []
        self.dialogs: list[QWidget] = []  # keep non-modal dialogs alive

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
        self.offer_button.clicked.connect(self._take_offer)

        self.reader_info = QLabel(objectName="readerInfo")
        self.reader_info.setWordWrap(True)
        self.reader_info.setTextFormat(Qt.TextFormat.RichText)
        self.reader_info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.holds_label = QLabel(objectName="holdsLabel")
        self.status_combo = QComboBox(objectName="cardStatusCombo")
        for status in ReaderStatus:
            self.status_combo.addItem(QCoreApplication.translate(CONTEXT, readers.STATUS_LABELS[status]), status.value)
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
                          ("F8", self.open_search), ("F9", self.print_loan_slip), ("Esc", self.end_reader)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
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
        for button in (self.reserve_button, self.end_button, self.register_button, self.search_button):
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
        extra = QHBoxLayout()
        extra.addStretch(1)
        extra.addWidget(self.overdue_button)
        extra.addWidget(self.import_button)
        extra.addWidget(self.rules_button)
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
        self._clear_offers()
        self._show_reader(None)
        self.say("info", self.tr("Ready. Scan a reader card."))

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
        from sqlalchemy import select
        with self.context.db.begin() as s:
            stops = s.execute(select(BookmobileStop.id, BookmobileStop.name)
                              .where(BookmobileStop.service_point_id == point.id, BookmobileStop.active.is_(True))
                              .order_by(BookmobileStop.sort_order)).all()
        for stop_id, name in stops:
            self.stop_combo.addItem(name, stop_id)
        saved = self.context.settings.value("circulation/stop_id")
        index = self.stop_combo.findData(int(str(saved))) if saved not in (None, "") else -1
        if index >= 0:
            self.stop_combo.setCurrentIndex(index)
        self.stop_combo.currentIndexChanged.connect(
            lambda _i: self.context.settings.setValue("circulation/stop_id", self.stop_combo.currentData()))

    def stop_id(self) -> int | None:
        return self.stop_combo.currentData() if self.stop_combo.isVisible() or self.stop_combo.count() else None

    # -- feedback ----------------------------------------------------------------------------

    def say(self, kind: str, text: str) -> None:
        self.banner.setStyleSheet(BANNER_STYLES[kind])
        self.banner.setProperty("kind", kind)
        self.banner.setText(text)

    def _refuse(self, err: WorkstationError) -> None:
        QApplication.beep()
        self.say("error", error_text(err))
        if isinstance(err, CirculationRefused):
            self.last_refusal = err
            self.override_button.setVisible(err.overridable and self.reader_id is not None)
            if err.code is Refusal.ON_LOAN_SAME_READER:
                self.offer_button.setText(self.tr("Renew it"))
                self.offer_button.setVisible(True)
            elif err.code is Refusal.ON_LOAN_OTHER_READER and self.reader_id is not None:
                self.offer_button.setText(self.tr("Return and lend"))
                self.offer_button.setVisible(True)

    def _clear_offers(self) -> None:
        self.last_refusal = None
        self.override_button.setVisible(False)
        self.offer_button.setVisible(False)

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.mode_banner.setText(self.tr("LEND") if mode == LEND else self.tr("RETURN"))
        self.mode_banner.setStyleSheet(MODE_STYLES[mode])
        self.mode_banner.setProperty("mode", mode)
        self.lend_button.setEnabled(mode != LEND)
        self.return_button.setEnabled(mode != RETURN)
        self._clear_offers()
        self.scan.setFocus()

    # -- the scan queue ------------------------------------------------------------------------

    def _on_scan(self) -> None:
        raw = self.scan.text()
        self.scan.clear()
        code = normalize_scan(raw)
        if not code:
            return
        double = self.guard.is_double(code, self.mode)
        self.enqueue(code, double)

    def enqueue(self, code: str, double: bool = False) -> None:
        self.queue.append((code, double))
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
        code, double = self.queue.popleft()
        try:
            self.handle(code, double)
        except Exception:  # a bug must not lose the scans behind it
            log.exception("scan %s failed", code)
            QApplication.beep()
            self.say("error", self.tr("Unexpected error with {code}; it was not processed. "
                                      "The error is in the log.").format(code=code))
        self._show_queue()
        self.scan_handled.emit(code)
        QTimer.singleShot(0, self._drain)

    def handle(self, code: str, double: bool) -> None:
        if double:
            self.say("info", self.tr("{code} was scanned twice; the second scan was ignored.").format(code=code))
            return
        self._clear_offers()
        self.last_code = code
        if self.mode == RETURN:
            self._return(code)
        elif self.reader_id is None:
            self._load_card(code)
        else:
            self._lend(code)

    # -- lending ---------------------------------------------------------------------------------

    def _load_card(self, code: str) -> None:
        try:
            with self.context.db.begin() as s:
                reader = loans.find_reader_for_scan(s, code)
                reader_id = reader.id
        except CirculationRefused as err:
            with self.context.db.begin() as s:
                is_item = loans.is_item_barcode(s, code)
            if is_item:
                QApplication.beep()
                self.say("warn", self.tr("{code} is an item. Scan the reader's card first, or switch to "
                                         "Return (F3).").format(code=code))
                return
            self._refuse(err)
            return
        self.start_reader(reader_id)

    def start_reader(self, reader_id: int) -> None:
        """Begin a reader's session at the desk: overrides from the previous reader end."""
        self.reader_id = reader_id
        self.grants = []
        self.session_lines = []
        panel = self._reload_reader()
        if panel is None:
            return
        view = panel.reader
        today = timeutil.today()
        if view.status is ReaderStatus.LOST:
            QApplication.beep()
            self.say("error", self.tr("Card {card} is reported lost.").format(card=view.card_number))
        elif view.status is ReaderStatus.BLOCKED:
            QApplication.beep()
            self.say("error", self.tr("Card {card} is blocked.").format(card=view.card_number))
        elif view.expired(today):
            QApplication.beep()
            self.say("error", self.tr("Card {card} expired on {date}.").format(card=view.card_number,
                                                                                date=view.valid_until.isoformat()))
        elif panel.overdue:
            self.say("warn", self.tr("{name}: {n} overdue items.").format(name=view.name, n=len(panel.overdue)))
        else:
            self.say("ok", self.tr("{name} ({card}). Scan items to lend.").format(name=view.name,
                                                                                   card=view.card_number))

    def _lend(self, code: str) -> None:
        reader_id = self.reader_id
        assert reader_id is not None
        actor, grants, stop = self.context.actor, self.grants, self.stop_id()
        try:
            # run again from the start if another desk held the database at that instant
            result = retry.run(self.context.db, lambda s: loans.checkout(s, actor, reader_id, code,
                                                                         overrides=grants, stop_id=stop))
        except CirculationRefused as err:
            if err.code is Refusal.ITEM_UNKNOWN:
                with self.context.db.begin() as s:
                    other = readers.find_by_card(s, code)
                    other_id = other.id if other is not None else None
                if other_id is not None:  # a card scanned in the item field: next reader
                    self.start_reader(other_id)
                    return
            self._refuse(err)
            return
        except WorkstationError as err:
            self._refuse(err)
            return
        line = result.line
        self.session_lines.append(line)
        self.loans_table.insertRow(0)
        self._set_loan_row(0, line)
        self.say("ok", self.tr("Lent {barcode} {title}, due {date}.").format(
            barcode=line.barcode, title=line.title, date=line.due_date.isoformat()))
        self.context.data_changed.emit("circulation")

    def _set_loan_row(self, row: int, line: LoanLine) -> None:
        cells = [_cell(line.barcode, line.loan_id), _cell(line.title), _cell(line.due_date.isoformat()),
                 _cell(str(line.renewal_count))]
        for column, cell in enumerate(cells):
            if line.overdue:
                cell.setForeground(QColor("#c62828"))
            self.loans_table.setItem(row, column, cell)

    def _reload_reader(self) -> ReaderPanel | None:
        if self.reader_id is None:
            return None
        try:
            with self.context.db.begin() as s:
                panel = loans.reader_panel(s, self.context.actor, self.reader_id)
        except WorkstationError as err:
            self._refuse(err)
            self.end_reader()
            return None
        self._show_reader(panel)
        return panel

    def _show_reader(self, panel: ReaderPanel | None) -> None:
        self.loans_table.setRowCount(0)
        self.status_combo.setEnabled(panel is not None)
        if panel is not None:
            self.status_combo.setCurrentIndex(self.status_combo.findData(panel.reader.status.value))
        if panel is None:
            self.reader_info.setText(self.tr("No reader. Scan a card, or search (F8)."))
            self.holds_label.clear()
            self.reader_card = self.reader_name = ""
            return
        view = panel.reader
        self.reader_card, self.reader_name = view.card_number, view.name
        status = QCoreApplication.translate(CONTEXT, readers.STATUS_LABELS[view.status])
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

    def _change_card_status(self, _index: int) -> None:
        """Report the card lost, block it, or make it active again (audited by the service)."""
        if self.reader_id is None:
            return
        try:
            with self.context.db.begin() as s:
                readers.set_reader_status(s, self.context.actor, self.reader_id, self.status_combo.currentData())
        except WorkstationError as err:
            self._refuse(err)
        self._reload_reader()
        self.say("info", self.tr("Card status of {card}: {status}.").format(
            card=self.reader_card, status=self.status_combo.currentText()))
        self._back_to_scan()

    def end_reader(self) -> None:
        """Finish this reader: the screen is cleared and any override ends with the session."""
        self.reader_id = None
        self.grants = []
        self.session_lines = []
        self._clear_offers()
        self._show_reader(None)
        self.guard.reset()
        self.say("info", self.tr("Ready. Scan a reader card."))
        self.scan.setFocus()

    # -- returning -------------------------------------------------------------------------------

    def _return(self, code: str) -> None:
        actor, stop = self.context.actor, self.stop_id()
        try:
            result = retry.run(self.context.db, lambda s: loans.checkin(s, actor, code, stop_id=stop))
        except WorkstationError as err:
            self._refuse(err)
            return
        self._add_return_row(result)
        if result.hold is not None:
            QApplication.beep()
            QApplication.beep()
            self.say("warn", self.tr("RESERVED: put {barcode} aside for {name} ({card}), pick up at {point}.")
                     .format(barcode=result.barcode, name=result.hold.reader_name, card=result.hold.card_number,
                             point=result.hold.pickup_point))
            prompt = HoldPrompt(result.hold, self)
            self._keep(prompt)
            prompt.show()
            self.window().activateWindow()
            self.scan.setFocus()
            self.print_hold_slip(result.hold)
        elif result.days_overdue:
            self.say("warn", self.tr("Returned {barcode}, {n} days overdue.").format(barcode=result.barcode,
                                                                                     n=result.days_overdue))
        else:
            self.say("ok", self.tr("Returned {barcode} {title}.").format(barcode=result.barcode,
                                                                         title=result.title))
        if self.reader_id is not None and result.card_number == self.reader_card:
            self._reload_reader()
        self.context.data_changed.emit("circulation")

    def _add_return_row(self, result: CheckinResult) -> None:
        self.returns_table.insertRow(0)
        hold = result.hold
        for column, text in enumerate([result.barcode, result.title, result.reader_name, str(result.days_overdue),
                                       f"{hold.reader_name} ({hold.card_number})" if hold else ""]):
            cell = _cell(text, result.loan_id if column == 0 else None)
            if hold is not None:
                cell.setBackground(QColor("#ffe0b2"))
            self.returns_table.setItem(0, column, cell)

    # -- renewing, offers, overrides -------------------------------------------------------------

    def renew_selected(self) -> None:
        rows = sorted({index.row() for index in self.loans_table.selectedIndexes()})
        cells = [self.loans_table.item(r, 0) for r in rows]
        self._renew([int(c.data(Qt.ItemDataRole.UserRole)) for c in cells if c is not None])

    def renew_all(self) -> None:
        if self.reader_id is None:
            self.say("warn", self.tr("Scan a reader card first."))
            return
        with self.context.db.begin() as s:
            ids = loans.open_loan_ids(s, self.reader_id)
        self._renew(ids)

    def _renew(self, loan_ids: list[int]) -> None:
        if not loan_ids:
            self.say("warn", self.tr("No loans selected to renew."))
            return
        done, refused = 0, []
        actor, grants, stop = self.context.actor, self.grants, self.stop_id()
        for loan_id in loan_ids:
            def renew(s: Session, loan_id: int = loan_id) -> object:
                return loans.renew(s, actor, loan_id, overrides=grants, stop_id=stop)

            try:
                retry.run(self.context.db, renew)
                done += 1
            except WorkstationError as err:
                refused.append(err)
        self._reload_reader()
        if refused:
            self._refuse(refused[0])
            self.say("error", self.tr("Renewed {done}; refused {bad}: {reason}").format(
                done=done, bad=len(refused), reason=error_text(refused[0])))
        else:
            self.say("ok", self.tr("Renewed {done} loans.").format(done=done))
        self.context.data_changed.emit("circulation")
        self.scan.setFocus()

    def _take_offer(self) -> None:
        refusal, code = self.last_refusal, self.last_code
        self._clear_offers()
        if refusal is None:
            return
        actor, grants, stop, reader_id = self.context.actor, self.grants, self.stop_id(), self.reader_id
        try:
            if refusal.code is Refusal.ON_LOAN_SAME_READER:
                renewed = retry.run(self.context.db, lambda s: loans.renew_by_barcode(
                    s, actor, code, overrides=grants, stop_id=stop))
                message = self.tr("Renewed {barcode}, due {date}.").format(barcode=renewed.barcode,
                                                                          date=renewed.new_due.isoformat())
            else:
                assert reader_id is not None
                _back, lent = retry.run(self.context.db, lambda s: loans.return_and_lend(
                    s, actor, reader_id, code, overrides=grants, stop_id=stop))
                self.session_lines.append(lent.line)  # after the commit: a retried run adds it once
                message = self.tr("Returned and lent {barcode}, due {date}.").format(
                    barcode=lent.line.barcode, date=lent.line.due_date.isoformat())
        except WorkstationError as err:
            self._refuse(err)
            return
        self._reload_reader()
        self.say("ok", message)
        self.context.data_changed.emit("circulation")
        self.scan.setFocus()

    def open_override(self) -> OverrideDialog | None:
        refusal = self.last_refusal
        if refusal is None or self.reader_id is None or not refusal.overridable:
            return None
        dialog = OverrideDialog(self.context, self.reader_id, refusal.code, error_text(refusal), self)
        retry = self.last_code if self.mode == LEND else ""
        dialog.granted.connect(lambda grant: self._granted(grant, retry))
        self._keep(dialog)
        dialog.show()
        return dialog

    def _granted(self, grant: OverrideGrant, retry: str) -> None:
        if grant.reader_id != self.reader_id:
            return
        self.grants.append(grant)
        self.say("info", self.tr("Override granted by {manager} for this reader.").format(manager=grant.manager))
        if retry and grant.code is not Refusal.RENEWAL_LIMIT:
            self.enqueue(retry)
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
        dialog = RegistrationDialog(self.context, self)
        dialog.registered.connect(self._registered)
        self._keep(dialog)
        dialog.show()
        return dialog

    def _registered(self, reader_id: int) -> None:
        self.set_mode(LEND)
        self.start_reader(reader_id)
        self._back_to_scan()

    def open_search(self) -> SearchDialog:
        dialog = SearchDialog(self.context, self)
        dialog.reader_chosen.connect(self._registered)
        self._keep(dialog)
        dialog.show()
        return dialog

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
        return str(self.context.settings.value("circulation/library_name", "") or
                   (self.context.service_point.name if self.context.service_point else ""))

    def _slip_path(self, kind: str) -> Path | None:
        if self.slip_dir is None:
            return None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        return self.slip_dir / f"{kind}-{stamp}.pdf"

    def print_loan_slip(self) -> None:
        if self.reader_id is None:
            self.say("warn", self.tr("Scan a reader card first."))
            return
        lines = self.session_lines
        if not lines:
            panel = self._reload_reader()
            lines = panel.loans if panel else []
        point = self.context.service_point.name if self.context.service_point else ""
        body = slips.loan_slip_html(self._library_name(), point, self.reader_card, self.reader_name, lines,
                                    timeutil.now_utc())
        self._print(body, "loan")

    def print_hold_slip(self, slip: HoldSlip) -> None:
        self._print(slips.hold_slip_html(self._library_name(), slip), "hold")

    def _print(self, body: str, kind: str) -> None:
        path = self._slip_path(kind)
        printer = slips.slip_printer(path)
        slips.print_html(body, printer)
        if path is not None:
            self.printed.append(path)
