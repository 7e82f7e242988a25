"""The hold shelf (预约架) screen: what waits for pickup at this desk and until when, the
day's run of expiries, cancelling (by the reader or by staff, with a reason), the list of
readers to notify for SMS or WeChat, and (managers) the number of opening days an item waits.

Keys: ↑/↓ choose a line, Del cancels it, Ctrl+R runs the day's expiries, Ctrl+E exports the
notification list, Ctrl+P reprints the slip. Every action goes through ``ui.ops``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import CONTEXT, WorkstationError
from workstation.models import Role
from workstation.models.circulation import HoldState
from workstation.services.circulation import holdshelf
from workstation.services.circulation.holds import HOLD_STATE_LABELS, HoldSlip
from workstation.services.circulation.transfers import TransferSlip
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text

PrintSlip = Callable[[HoldSlip], None]
PrintTransfer = Callable[[TransferSlip], None]


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


def _cell(text: str, data: object = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class CancelHoldDialog(QDialog):
    """Who asks to cancel, and why: both are kept with the reservation."""

    cancelled = Signal(object)  # the next reader's HoldSlip, the item's TransferSlip, or None

    def __init__(self, context: AppContext, hold_id: int, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.hold_id = hold_id
        self.setObjectName("cancelHoldDialog")
        self.setWindowTitle(self.tr("Cancel reservation"))
        self.by = QComboBox(objectName="cancelBy")
        for key, label in holdshelf.CANCELLED_BY.items():
            self.by.addItem(QCoreApplication.translate(CONTEXT, label), key)
        self.reason = QLineEdit(objectName="cancelReason")
        self.reason.setMaxLength(holdshelf.MAX_REASON)
        self.error = QLabel(objectName="cancelError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Reservation"), QLabel(what))
        form.addRow(self.tr("Asked"), self.by)
        form.addRow(self.tr("Reason"), self.reason)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Cancel the reservation"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("cancelSubmit")
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def submit(self) -> None:
        by, reason = str(self.by.currentData()), self.reason.text()

        def cancel(s: Session) -> HoldSlip | TransferSlip | None:
            return holdshelf.cancel_hold(s, self.context.actor, self.hold_id, by, reason)

        def refused(err: WorkstationError) -> None:
            self.error.setText(error_text(err))
            QApplication.beep()

        done = ops.run(self.context, cancel, parent=self, on_error=refused, changes="circulation")
        if done is not None:
            self.cancelled.emit(done.value)
            self.accept()


class HoldShelfDialog(QDialog):
    """The items waiting for pickup at this desk, the first to expire first."""

    def __init__(self, context: AppContext, print_slip: PrintSlip, print_transfer: PrintTransfer,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.print_slip = print_slip
        self.print_transfer = print_transfer
        self.lines: list[holdshelf.ShelfLine] = []
        self.dialogs: list[QDialog] = []
        self.setObjectName("holdShelfDialog")
        self.setWindowTitle(self.tr("Hold shelf"))
        self.table = _table([self.tr("Expires"), self.tr("Barcode"), self.tr("Title"), self.tr("Call number"),
                             self.tr("Reader"), self.tr("Card"), self.tr("Phone"), self.tr("Set aside")],
                            "holdShelfTable")
        self.status = QLabel(objectName="holdShelfStatus")
        self.status.setWordWrap(True)
        self.expire_button = QPushButton(self.tr("Expire uncollected (Ctrl+R)"), objectName="holdShelfExpire")
        self.cancel_button = QPushButton(self.tr("Cancel reservation… (Del)"), objectName="holdShelfCancel")
        self.notify_button = QPushButton(self.tr("Export notification list… (Ctrl+E)"), objectName="holdShelfNotify")
        self.slip_button = QPushButton(self.tr("Reprint slip (Ctrl+P)"), objectName="holdShelfSlip")
        self.expire_button.clicked.connect(self.expire)
        self.cancel_button.clicked.connect(self.open_cancel)
        self.notify_button.clicked.connect(self.export_notify)
        self.slip_button.clicked.connect(self.reprint)
        for key, slot in (("Ctrl+R", self.expire), ("Del", self.open_cancel), ("Ctrl+E", self.export_notify),
                          ("Ctrl+P", self.reprint)):
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        buttons = QHBoxLayout()
        for button in (self.expire_button, self.cancel_button, self.notify_button, self.slip_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        if context.actor.role.rank >= Role.MANAGER.rank:
            self.days = QLineEdit(objectName="holdShelfDays")
            self.days.setMaximumWidth(60)
            save = QPushButton(self.tr("Save"), objectName="holdShelfDaysSave")
            save.clicked.connect(self.save_days)
            self.days.returnPressed.connect(self.save_days)
            row = QHBoxLayout()
            row.addWidget(QLabel(self.tr("An item waits this many opening days:")))
            row.addWidget(self.days)
            row.addWidget(save)
            row.addStretch(1)
            layout.addLayout(row)
        self.resize(900, 460)
        for button in self.findChildren(QPushButton):  # Enter in a field is that field's, not a button's
            button.setAutoDefault(False)
        self.load()
        self.table.setFocus()

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020;" if error else "")
        self.status.setText(text)

    def _refused(self, err: WorkstationError) -> None:
        self._say(error_text(err), True)
        QApplication.beep()

    def load(self) -> None:
        point = self.context.actor.service_point_id
        try:
            with ops.reading(self.context) as s:
                self.lines = holdshelf.shelf(s, self.context.actor, point)
                days = holdshelf.shelf_days(s)
        except WorkstationError as err:
            self._refused(err)
            return
        today = timeutil.today()
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            cells = [line.expires_on.isoformat(), line.barcode, line.title, line.call_number, line.reader, line.card,
                     line.phone, line.ready_day.isoformat()]
            for column, text in enumerate(cells):
                cell = _cell(text, line.hold_id if column == 0 else None)
                if line.expired(today):
                    cell.setForeground(QColor("#c62828"))
                self.table.setItem(row, column, cell)
        self.table.resizeColumnsToContents()
        if self.lines:
            self.table.selectRow(0)
        expired = sum(1 for line in self.lines if line.expired(today))
        self._say(self.tr("{n} items waiting; {e} past their last day. An item waits {d} opening days.")
                  .format(n=len(self.lines), e=expired, d=days))
        if hasattr(self, "days"):
            self.days.setText(str(days))

    def selected(self) -> holdshelf.ShelfLine | None:
        row = self.table.currentRow()
        return self.lines[row] if 0 <= row < len(self.lines) else None

    def expire(self) -> None:
        done = ops.run(self.context, lambda s: holdshelf.expire_holds(s, self.context.actor), parent=self,
                       on_error=self._refused, changes="circulation")
        if done is None:
            return
        result = done.value
        for slip in result.passed_on:
            self.print_slip(slip)
        for transfer in result.sent:
            self.print_transfer(transfer)
        self.load()
        said = self.tr("{n} reservations expired: {p} items passed to the next reader (slips printed), "
                       "{r} back to the shelf.").format(n=len(result.expired), p=len(result.passed_on),
                                                       r=len(result.reshelved))
        if result.sent:
            said += " " + self.tr("{t} go to another library: put them in the transfer box with their slips.") \
                .format(t=len(result.sent))
        self._say(said)

    def open_cancel(self) -> CancelHoldDialog | None:
        line = self.selected()
        if line is None:
            self._say(self.tr("Choose a line first."), True)
            return None
        dialog = CancelHoldDialog(self.context, line.hold_id, f"{line.barcode} {line.title} — {line.reader}", self)
        dialog.cancelled.connect(self._cancelled)
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog

    def _cancelled(self, released: HoldSlip | TransferSlip | None) -> None:
        said = self.tr("Reservation cancelled.")
        if isinstance(released, HoldSlip):
            self.print_slip(released)
            said += " " + self.tr("The item goes to the next reader; the slip is printed.")
        elif released is not None:
            self.print_transfer(released)
            said += " " + self.tr("The item goes to {library}: put it in the transfer box with its slip.") \
                .format(library=released.to_name)
        self.load()
        self._say(said)
        self.activateWindow()  # back to the shelf's keys
        self.table.setFocus()

    def reprint(self) -> None:
        line = self.selected()
        if line is None:
            self._say(self.tr("Choose a line first."), True)
            return
        try:
            self.print_slip(ops.read(self.context, lambda s: holdshelf.hold_slip(s, self.context.actor, line.hold_id)))
        except WorkstationError as err:
            self._refused(err)

    def export_notify(self, path: str | None = None) -> None:
        if not path:
            name = f"notify-{dt.date.today():%Y%m%d}.csv"
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export notification list"), name,
                                                  self.tr("CSV file (*.csv)"))
        if not path:
            return
        target = Path(path)
        done = ops.run(self.context, lambda s: holdshelf.export_notify_csv(
            s, self.context.actor, self.context.actor.service_point_id, target), parent=self, on_error=self._refused)
        if done is not None:
            self._say(self.tr("{n} readers to notify written to {path} (with full phone numbers: "
                              "keep the file for staff).").format(n=done.value, path=str(target)))

    def save_days(self) -> None:
        value = self.days.text()
        done = ops.run(self.context, lambda s: holdshelf.set_shelf_days(s, self.context.actor, value), parent=self,
                       on_error=self._refused, changes="circulation")
        if done is not None:
            self.load()


def hold_state_text(state: HoldState) -> str:
    return QCoreApplication.translate(CONTEXT, HOLD_STATE_LABELS[state])


class ReaderHoldsDialog(QDialog):
    """The open reservations of the reader at the desk; Del cancels the chosen one."""

    def __init__(self, context: AppContext, reader_id: int, print_slip: PrintSlip,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.reader_id = reader_id
        self.print_slip = print_slip
        self.rows: list[holdshelf.OpenHold] = []
        self.dialogs: list[QDialog] = []
        self.setObjectName("readerHoldsDialog")
        self.setWindowTitle(self.tr("Reservations of this reader"))
        self.table = _table([self.tr("Title"), self.tr("State"), self.tr("Pick up at"), self.tr("Placed")],
                            "readerHoldsTable")
        self.status = QLabel(objectName="readerHoldsStatus")
        cancel = QPushButton(self.tr("Cancel reservation… (Del)"), objectName="readerHoldsCancel")
        cancel.clicked.connect(self.open_cancel)
        QShortcut(QKeySequence("Del"), self).activated.connect(self.open_cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(cancel)
        self.resize(640, 320)
        for button in self.findChildren(QPushButton):  # Enter in a field is that field's, not a button's
            button.setAutoDefault(False)
        self.load()
        self.table.setFocus()

    def load(self) -> None:
        with ops.reading(self.context) as s:
            self.rows = holdshelf.open_holds(s, self.context.actor, self.reader_id)
        self.table.setRowCount(len(self.rows))
        for row, hold in enumerate(self.rows):
            for column, text in enumerate([hold.title, hold_state_text(hold.state), hold.pickup_point,
                                           hold.placed_day.isoformat()]):
                self.table.setItem(row, column, _cell(text, hold.hold_id if column == 0 else None))
        self.table.resizeColumnsToContents()
        if self.rows:
            self.table.selectRow(0)
        self.status.setText(self.tr("{n} open reservations.").format(n=len(self.rows)))

    def open_cancel(self) -> CancelHoldDialog | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return None
        hold = self.rows[row]
        dialog = CancelHoldDialog(self.context, hold.hold_id, hold.title, self)
        dialog.cancelled.connect(self._cancelled)
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog

    def _cancelled(self, slip: HoldSlip | None) -> None:
        if slip is not None:
            self.print_slip(slip)
        self.load()
        self.activateWindow()
        self.table.setFocus()
