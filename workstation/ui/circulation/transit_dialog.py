"""The transit list (在途清单) of the desk's library: the items on their way here (to receive
with a return scan) and those sent from here and not yet received, with the days in transit.
Those past the receiving library's limit are marked late.

Keys: Shift+F4 at the desk opens it; Tab moves between the two lists; F5 reloads; Esc closes."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation import timeutil
from workstation.errors import CONTEXT, WorkstationError
from workstation.services.circulation import transfers
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text

LATE = QColor("#b00020")


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab goes to the other list
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


class TransitDialog(QDialog):
    """Items travelling to and from the desk's library."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("transitDialog")
        self.setWindowTitle(self.tr("Items in transit"))
        self.library_id = 0
        self.summary = QLabel(objectName="transitSummary")
        self.summary.setWordWrap(True)
        headers = [self.tr("Barcode"), self.tr("Title"), self.tr("Call number"), self.tr("Why"), self.tr("Sent"),
                   self.tr("Days")]
        self.incoming = _table([*headers[:3], self.tr("From"), *headers[3:], self.tr("Late")], "transitIncoming")
        self.outgoing = _table([*headers[:3], self.tr("To"), *headers[3:], self.tr("Late")], "transitOutgoing")
        self.incoming_box = QGroupBox(objectName="transitIncomingBox")
        self.outgoing_box = QGroupBox(objectName="transitOutgoingBox")
        for box, table in ((self.incoming_box, self.incoming), (self.outgoing_box, self.outgoing)):
            inner = QVBoxLayout(box)
            inner.addWidget(table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.incoming_box, 1)
        layout.addWidget(self.outgoing_box, 1)
        hint = QLabel(self.tr("Receive an item on its way here with a return scan (F3) at the desk. "
                              "F5: reload. Esc: close."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.load)
        self.resize(900, 520)
        self.load()
        self.incoming.setFocus()

    def load(self) -> None:
        actor = self.context.actor
        today = timeutil.today()

        try:
            listing = ops.read(self.context, lambda s: transfers.transit_list(
                s, actor, transfers.desk_library(s, actor), today))
        except WorkstationError as err:
            self.summary.setText(error_text(err))
            self.summary.setStyleSheet("color: #b00020;")
            return
        self.library_id = listing.library_id
        self.incoming_box.setTitle(self.tr("On the way to {library}: {n}").format(
            library=listing.library_name, n=len(listing.incoming)))
        self.outgoing_box.setTitle(self.tr("Sent from {library}, not yet received: {n}").format(
            library=listing.library_name, n=len(listing.outgoing)))
        self._fill(self.incoming, listing.incoming, incoming=True)
        self._fill(self.outgoing, listing.outgoing, incoming=False)
        if listing.late:
            self.summary.setText(self.tr("{n} items are in transit longer than the limit: look for them.")
                                 .format(n=listing.late))
            self.summary.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.summary.setText(self.tr("No item is in transit longer than the limit."))
            self.summary.setStyleSheet("")

    def _fill(self, table: QTableWidget, lines: list[transfers.TransitLine], *, incoming: bool) -> None:
        table.setRowCount(0)
        late = self.tr("LATE")
        for line in lines:
            row = table.rowCount()
            table.insertRow(row)
            why = QCoreApplication.translate(CONTEXT, transfers.REASON_LABELS[line.reason])
            cells = [line.barcode, line.title, line.call_number, line.from_name if incoming else line.to_name, why,
                     line.sent_day.isoformat(), str(line.days), late if line.late else ""]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, line.transfer_id)
                if line.late:
                    cell.setForeground(LATE)
                table.setItem(row, column, cell)
        table.resizeColumnsToContents()
        if lines:
            table.selectRow(0)
