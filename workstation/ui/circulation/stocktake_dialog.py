"""The stocktake (清点) screen: start one (a shelf, a call-number range or a collection),
or go on with an open one on another day; scan the shelf into its own field; see what is
expected and not seen, seen but belonging elsewhere, seen but on loan (Ctrl+Enter returns
the chosen one), and barcodes not in the catalogue; export the report to Excel; a manager
marks the unseen missing and closes the stocktake.

Keys: the scan field has the focus; Ctrl+1…4 show the four lists; Ctrl+Enter returns the
chosen on-loan item; Ctrl+E exports. Every action goes through ``ui.ops``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import CONTEXT, WorkstationError
from workstation.models import Role
from workstation.models.desk_records import StocktakeScope
from workstation.services.circulation import loans, stocktake
from workstation.services.circulation.items import ITEM_STATUS_LABELS
from workstation.services.circulation.rules import COLLECTION_LABELS
from workstation.services.circulation.stocktake import Seen
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text

VERDICT_STYLES = {
    Seen.EXPECTED: "background: #2e7d32; color: white;",
    Seen.AGAIN: "background: #455a64; color: white;",
    Seen.ELSEWHERE: "background: #ff8f00; color: black;",
    Seen.ON_LOAN: "background: #1565c0; color: white;",
    Seen.UNKNOWN: "background: #c62828; color: white;",
}


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


class StocktakeDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.report: stocktake.Report | None = None
        self.setObjectName("stocktakeDialog")
        self.setWindowTitle(self.tr("Stocktake"))
        manager = context.actor.role.rank >= Role.MANAGER.rank

        self.open_combo = QComboBox(objectName="stocktakeOpen")
        self.open_combo.currentIndexChanged.connect(lambda _i: self.load_report())
        new_box = QGroupBox(self.tr("New stocktake"))
        self.name = QLineEdit(objectName="stocktakeName")
        self.scope = QComboBox(objectName="stocktakeScope")
        for scope, label in stocktake.SCOPE_LABELS.items():
            self.scope.addItem(QCoreApplication.translate(CONTEXT, label), scope.value)
        self.first = QLineEdit(objectName="stocktakeFirst")
        self.last = QLineEdit(objectName="stocktakeLast")
        self.collection = QComboBox(objectName="stocktakeCollection")
        for kind, label in COLLECTION_LABELS.items():
            self.collection.addItem(QCoreApplication.translate(CONTEXT, label), kind.value)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        start = QPushButton(self.tr("Start"), objectName="stocktakeStart")
        start.clicked.connect(self.start)
        self.last.returnPressed.connect(self.start)
        self.first.returnPressed.connect(self.start)
        form = QFormLayout(new_box)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("What"), self.scope)
        form.addRow(self.tr("Call numbers from (or beginning with)"), self.first)
        form.addRow(self.tr("to"), self.last)
        form.addRow(self.tr("Collection"), self.collection)
        form.addRow(start)
        self.form = form

        big = QFont(self.font())
        big.setPointSize(big.pointSize() + 4)
        self.scan = QLineEdit(objectName="stocktakeScan")
        self.scan.setFont(big)
        self.scan.setPlaceholderText(self.tr("Scan the items on the shelf"))
        self.scan.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.scan.returnPressed.connect(self.on_scan)
        self.verdict = QLabel(objectName="stocktakeVerdict")
        self.verdict.setFont(big)
        self.verdict.setMargin(6)
        self.verdict.setWordWrap(True)
        self.summary = QLabel(objectName="stocktakeSummary")
        self.summary.setWordWrap(True)

        headers = [self.tr("Barcode"), self.tr("Title"), self.tr("Call number"), self.tr("Status"), self.tr("Note")]
        self.not_seen = _table(headers, "stocktakeNotSeen")
        self.elsewhere = _table(headers, "stocktakeElsewhere")
        self.on_loan = _table(headers, "stocktakeOnLoan")
        self.unknown = _table([self.tr("Barcode")], "stocktakeUnknown")
        self.lists = QTabWidget(objectName="stocktakeLists")
        self.lists.addTab(self.not_seen, self.tr("Expected, not seen"))
        self.lists.addTab(self.elsewhere, self.tr("Belongs elsewhere"))
        self.lists.addTab(self.on_loan, self.tr("Recorded as on loan"))
        self.lists.addTab(self.unknown, self.tr("Not in the catalogue"))

        self.return_button = QPushButton(self.tr("Return the chosen item (Ctrl+Enter)"), objectName="stocktakeReturn")
        self.return_button.clicked.connect(self.return_selected)
        self.export_button = QPushButton(self.tr("Export to Excel… (Ctrl+E)"), objectName="stocktakeExport")
        self.export_button.clicked.connect(lambda: self.export())
        self.missing_button = QPushButton(self.tr("Mark the unseen missing"), objectName="stocktakeMissing")
        self.missing_button.clicked.connect(self.mark_missing)
        self.close_button = QPushButton(self.tr("Close the stocktake"), objectName="stocktakeClose")
        self.close_button.clicked.connect(self.close_stocktake)
        for button in (self.missing_button, self.close_button):
            button.setVisible(manager)
        for key, slot in (("Ctrl+Return", self.return_selected), ("Ctrl+Enter", self.return_selected),
                          ("Ctrl+E", lambda: self.export())):
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        for number in range(4):
            QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self).activated.connect(
                lambda n=number: self.lists.setCurrentIndex(n))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Open stocktake")))
        top.addWidget(self.open_combo, 1)
        buttons = QHBoxLayout()
        for button in (self.return_button, self.export_button, self.missing_button, self.close_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(top)
        right.addWidget(self.scan)
        right.addWidget(self.verdict)
        right.addWidget(self.summary)
        right.addWidget(self.lists, 1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(new_box)
        layout.addLayout(right, 1)
        self.resize(1100, 560)
        for button in self.findChildren(QPushButton):  # Enter in a field is that field's, not a button's
            button.setAutoDefault(False)
        self._scope_changed()
        self.load_open()
        self.scan.setFocus()

    # -- helpers -------------------------------------------------------------------------

    def _say(self, text: str, style: str = "") -> None:
        self.verdict.setStyleSheet(style)
        self.verdict.setText(text)

    def _refused(self, err: WorkstationError) -> None:
        self._say(error_text(err), VERDICT_STYLES[Seen.UNKNOWN])
        QApplication.beep()

    def current(self) -> int | None:
        data = self.open_combo.currentData()
        return int(data) if data is not None else None

    def _scope_changed(self, _index: int = 0) -> None:
        scope = StocktakeScope(self.scope.currentData())
        self.form.setRowVisible(self.first, scope is not StocktakeScope.COLLECTION)
        self.form.setRowVisible(self.last, scope is StocktakeScope.RANGE)
        self.form.setRowVisible(self.collection, scope is StocktakeScope.COLLECTION)

    # -- actions -------------------------------------------------------------------------

    def load_open(self, select: int | None = None) -> None:
        with ops.reading(self.context) as s:
            views = stocktake.list_stocktakes(s, self.context.actor)
        self.open_combo.blockSignals(True)
        self.open_combo.clear()
        for view in views:
            self.open_combo.addItem(self.tr("{name} ({point}, since {day})").format(
                name=view.name, point=view.point, day=view.started.isoformat()), view.id)
        if select is not None:
            self.open_combo.setCurrentIndex(max(0, self.open_combo.findData(select)))
        self.open_combo.blockSignals(False)
        self.scan.setEnabled(bool(views))
        self.load_report()

    def start(self) -> None:
        scope = StocktakeScope(self.scope.currentData())
        first = self.collection.currentData() if scope is StocktakeScope.COLLECTION else self.first.text()
        name, last = self.name.text(), self.last.text()
        done = ops.run(self.context, lambda s: stocktake.start_stocktake(
            s, self.context.actor, name, scope, first, last).id, parent=self, on_error=self._refused)
        if done is None:
            return
        self.load_open(select=done.value)
        self._say(self.tr("Stocktake started: scan the shelf."))
        self.scan.setFocus()

    def on_scan(self) -> None:
        code = self.scan.text()
        self.scan.clear()
        take = self.current()
        if not code.strip() or take is None:
            return
        done = ops.run(self.context, lambda s: stocktake.scan(s, self.context.actor, take, code), parent=self,
                       on_error=self._refused)
        if done is None:
            return
        result = done.value
        texts = {
            Seen.EXPECTED: self.tr("{barcode} {title}: in its place."),
            Seen.AGAIN: self.tr("{barcode} was scanned already."),
            Seen.ELSEWHERE: self.tr("{barcode} {title} belongs elsewhere {where}: set it aside."),
            Seen.ON_LOAN: self.tr("{barcode} {title} is recorded as on loan ({card}): return it (Ctrl+Enter in "
                                  "the list)."),
            Seen.UNKNOWN: self.tr("{barcode} is not in the catalogue: set it aside."),
        }
        where = f"({result.where})" if result.where else ""
        self._say(texts[result.verdict].format(barcode=result.barcode, title=result.title, where=where,
                                               card=result.card), VERDICT_STYLES[result.verdict])
        if result.verdict is not Seen.EXPECTED:
            QApplication.beep()
        self.load_report()
        self.scan.setFocus()

    def load_report(self) -> None:
        take = self.current()
        tables = (self.not_seen, self.elsewhere, self.on_loan, self.unknown)
        if take is None:
            for table in tables:
                table.setRowCount(0)
            self.summary.setText(self.tr("No open stocktake: start one."))
            self.report = None
            return
        try:
            with ops.reading(self.context) as s:
                self.report = stocktake.report(s, self.context.actor, take)
        except WorkstationError as err:
            self._refused(err)
            return
        report = self.report
        for table, lines in ((self.not_seen, report.not_seen), (self.elsewhere, report.elsewhere),
                             (self.on_loan, report.on_loan)):
            table.setRowCount(len(lines))
            for row, line in enumerate(lines):
                status = QCoreApplication.translate(CONTEXT, ITEM_STATUS_LABELS[line.status])
                for column, text in enumerate((line.barcode, line.title, line.call_number, status, line.note)):
                    table.setItem(row, column, QTableWidgetItem(text))
            table.resizeColumnsToContents()
        self.unknown.setRowCount(len(report.unknown))
        for row, code in enumerate(report.unknown):
            self.unknown.setItem(row, 0, QTableWidgetItem(code))
        for index, count in enumerate((len(report.not_seen), len(report.elsewhere), len(report.on_loan),
                                       len(report.unknown))):
            label = self.lists.tabText(index).split(" (")[0]
            self.lists.setTabText(index, f"{label} ({count})")
        self.summary.setText(self.tr("Expected on the shelf: {e}. Scanned: {s}. Not seen: {n}.").format(
            e=report.expected, s=report.seen, n=len(report.not_seen)))

    def return_selected(self) -> None:
        row = self.on_loan.currentRow()
        if self.report is None or not 0 <= row < len(self.report.on_loan):
            self._say(self.tr("Choose an item in the list of items recorded as on loan."), VERDICT_STYLES[Seen.AGAIN])
            return
        barcode = self.report.on_loan[row].barcode
        done = ops.run(self.context, lambda s: loans.checkin(s, self.context.actor, barcode), parent=self,
                       on_error=self._refused, changes="circulation")
        if done is not None:
            self._say(self.tr("Returned {barcode}.").format(barcode=barcode), VERDICT_STYLES[Seen.EXPECTED])
            self.load_report()
        self.scan.setFocus()

    def export(self, path: str | None = None) -> None:
        take = self.current()
        if take is None:
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the stocktake"), "stocktake.xlsx",
                                                  self.tr("Excel workbook (*.xlsx)"))
        if not path:
            return
        target = Path(path)
        done = ops.run(self.context, lambda s: stocktake.export_xlsx(s, self.context.actor, take, target),
                       parent=self, on_error=self._refused)
        if done is not None:
            self._say(self.tr("Written to {path}.").format(path=str(target)))

    def mark_missing(self) -> None:
        take = self.current()
        if take is None:
            return
        done = ops.run(self.context, lambda s: stocktake.mark_missing(s, self.context.actor, take), parent=self,
                       on_error=self._refused, changes="circulation")
        if done is not None:
            self._say(self.tr("{n} items marked missing.").format(n=done.value))
            self.load_report()

    def close_stocktake(self) -> None:
        take = self.current()
        if take is None:
            return
        done = ops.run(self.context, lambda s: stocktake.close_stocktake(s, self.context.actor, take), parent=self,
                       on_error=self._refused)
        if done is not None:
            self.load_open()
            self._say(self.tr("Stocktake closed."))
