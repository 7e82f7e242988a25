"""Money at the desk: the reader's deposit and fees (take a deposit, take the fees owed,
pay the deposit back when the card is cancelled, a manager's waiver), the desk's cash
journal of a day exported to Excel, and (managers) the library's money settings.

Each payment or refund prints its receipt through the tab (``print_receipt``). Keys: Ctrl+D
take the deposit, Ctrl+F take the fees, Ctrl+E export the journal. Every action goes
through ``ui.ops``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
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
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import CONTEXT, WorkstationError
from workstation.models import Role
from workstation.services.circulation import money
from workstation.services.circulation.money import ReceiptSlip
from workstation.services.circulation.readers import get_reader
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text

PrintReceipt = Callable[[ReceiptSlip], None]


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()


class MoneyDialog(QDialog):
    def __init__(self, context: AppContext, reader_id: int | None, print_receipt: PrintReceipt,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.reader_id = reader_id
        self.print_receipt = print_receipt
        self.setObjectName("moneyDialog")
        self.setWindowTitle(self.tr("Money"))
        manager = context.actor.role.rank >= Role.MANAGER.rank
        self.status = QLabel(objectName="moneyStatus")
        self.status.setWordWrap(True)

        reader_box = QGroupBox(self.tr("Reader at the desk"))
        self.reader_label = QLabel(objectName="moneyReader")
        self.fees = _table([self.tr("Barcode"), self.tr("Title"), self.tr("Due"), self.tr("Days late"),
                            self.tr("Fee"), self.tr("Returned")], "moneyFees")
        self.deposit_amount = QLineEdit(objectName="moneyDepositAmount")
        self.fee_amount = QLineEdit(objectName="moneyFeeAmount")
        self.reason = QLineEdit(objectName="moneyReason")
        self.reason.setPlaceholderText(self.tr("Reason (to refund or waive)"))
        take_deposit = QPushButton(self.tr("Take deposit (Ctrl+D)"), objectName="moneyTakeDeposit")
        pay = QPushButton(self.tr("Take fees (Ctrl+F)"), objectName="moneyPayFees")
        refund = QPushButton(self.tr("Cancel card and refund deposit"), objectName="moneyRefund")
        waive = QPushButton(self.tr("Waive fees"), objectName="moneyWaive")
        waive.setVisible(manager)
        take_deposit.clicked.connect(self.take_deposit)
        pay.clicked.connect(self.pay_fees)
        refund.clicked.connect(self.refund)
        waive.clicked.connect(self.waive)
        self.deposit_amount.returnPressed.connect(self.take_deposit)
        self.fee_amount.returnPressed.connect(self.pay_fees)
        form = QFormLayout()
        deposit_row = QHBoxLayout()
        deposit_row.addWidget(self.deposit_amount)
        deposit_row.addWidget(take_deposit)
        fee_row = QHBoxLayout()
        fee_row.addWidget(self.fee_amount)
        fee_row.addWidget(pay)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason, 1)
        reason_row.addWidget(refund)
        reason_row.addWidget(waive)
        form.addRow(self.tr("Deposit (yuan)"), deposit_row)
        form.addRow(self.tr("Fees paid (yuan)"), fee_row)
        form.addRow(self.tr("Reason"), reason_row)
        reader_layout = QVBoxLayout(reader_box)
        reader_layout.addWidget(self.reader_label)
        reader_layout.addWidget(self.fees)
        reader_layout.addLayout(form)
        reader_box.setEnabled(reader_id is not None)

        journal_box = QGroupBox(self.tr("Cash journal of this desk"))
        self.day = QDateEdit(objectName="moneyJournalDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = timeutil.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.dateChanged.connect(lambda _d: self.load_journal())
        self.journal = _table([self.tr("Receipt"), self.tr("Time"), self.tr("Kind"), self.tr("In"), self.tr("Out"),
                               self.tr("Waived"), self.tr("Card"), self.tr("Staff"), self.tr("Note")], "moneyJournal")
        self.totals = QLabel(objectName="moneyTotals")
        export = QPushButton(self.tr("Export to Excel… (Ctrl+E)"), objectName="moneyExport")
        export.clicked.connect(lambda: self.export())
        day_row = QHBoxLayout()
        day_row.addWidget(QLabel(self.tr("Day")))
        day_row.addWidget(self.day)
        day_row.addStretch(1)
        day_row.addWidget(export)
        journal_layout = QVBoxLayout(journal_box)
        journal_layout.addLayout(day_row)
        journal_layout.addWidget(self.journal)
        journal_layout.addWidget(self.totals)

        layout = QVBoxLayout(self)
        layout.addWidget(reader_box)
        layout.addWidget(journal_box)
        if manager:
            layout.addWidget(self._settings_box())
        layout.addWidget(self.status)
        for key, slot in (("Ctrl+D", self.take_deposit), ("Ctrl+F", self.pay_fees), ("Ctrl+E", lambda: self.export())):
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        self.resize(860, 720)
        for button in self.findChildren(QPushButton):  # Enter in a field is that field's, not a button's
            button.setAutoDefault(False)
        self.load()
        (self.fee_amount if reader_id is not None else self.day).setFocus()

    def _settings_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Money settings of the library (managers)"))
        self.s_deposit = QLineEdit(objectName="moneySetDeposit")
        self.s_fee = QLineEdit(objectName="moneySetFee")
        self.s_cap_item = QLineEdit(objectName="moneySetCapItem")
        self.s_cap_reader = QLineEdit(objectName="moneySetCapReader")
        self.s_block = QCheckBox(self.tr("Fees owed stop the reader borrowing"), objectName="moneySetBlock")
        save = QPushButton(self.tr("Save settings"), objectName="moneySetSave")
        save.clicked.connect(self.save_settings)
        for field in (self.s_deposit, self.s_fee, self.s_cap_item, self.s_cap_reader):
            field.returnPressed.connect(self.save_settings)
        form = QFormLayout(box)
        form.addRow(self.tr("Deposit at registration (0: none)"), self.s_deposit)
        form.addRow(self.tr("Overdue fee per item and day (0: none)"), self.s_fee)
        form.addRow(self.tr("Cap per item (0: none)"), self.s_cap_item)
        form.addRow(self.tr("Cap per reader (0: none)"), self.s_cap_reader)
        form.addRow(self.s_block)
        form.addRow(save)
        return box

    # -- helpers -------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.status.setText(text)

    def _refused(self, err: WorkstationError) -> None:
        self._say(error_text(err), True)
        QApplication.beep()

    def _day(self) -> dt.date:
        value = self.day.date()
        return dt.date(value.year(), value.month(), value.day())

    # -- loading -------------------------------------------------------------------------

    def load(self) -> None:
        actor = self.context.actor
        with ops.reading(self.context) as s:
            settings = money.money_settings(s)
            lines = money.fee_lines(s, actor, self.reader_id) if self.reader_id is not None else []
            owed = money.owed(s, actor, self.reader_id) if self.reader_id is not None else money.ZERO
            reader = get_reader(s, self.reader_id) if self.reader_id is not None else None
            card, name, deposit = (reader.card_number, reader.name, reader.deposit) if reader else ("", "", money.ZERO)
        self.settings = settings
        if reader is not None:
            self.reader_label.setText(self.tr("{name} ({card}): deposit held {deposit} yuan; fees owed {owed} yuan.")
                                      .format(name=name, card=card, deposit=deposit, owed=owed))
        else:
            self.reader_label.setText(self.tr("No reader at the desk."))
        yes, no = self.tr("yes"), self.tr("no (still on loan)")
        _fill(self.fees, [[x.barcode, x.title, x.due_date.isoformat(), str(x.days), str(x.amount),
                           yes if x.returned else no] for x in lines])
        self.deposit_amount.setText(str(settings.deposit) if settings.takes_deposit else "")
        self.deposit_amount.setEnabled(settings.takes_deposit)
        self.fee_amount.setText(str(owed) if owed > 0 else "")
        if hasattr(self, "s_deposit"):
            self.s_deposit.setText(str(settings.deposit))
            self.s_fee.setText(str(settings.fee_per_day))
            self.s_cap_item.setText(str(settings.cap_item))
            self.s_cap_reader.setText(str(settings.cap_reader))
            self.s_block.setChecked(settings.fees_block)
        self.load_journal()

    def load_journal(self) -> None:
        try:
            with ops.reading(self.context) as s:
                journal = money.cash_journal(s, self.context.actor, self.context.actor.service_point_id, self._day())
        except WorkstationError as err:
            self._refused(err)
            return
        kinds = {k: QCoreApplication.translate(CONTEXT, label) for k, label in money.KIND_LABELS.items()}
        _fill(self.journal, [[x.receipt, x.at.astimezone(timeutil.LIBRARY_TZ).strftime("%H:%M"), kinds[x.kind],
                              str(x.cash_in or ""), str(x.cash_out or ""), str(x.waived or ""), x.card, x.staff,
                              x.note] for x in journal.lines])
        self.totals.setText(self.tr("In {cash_in} · out {cash_out} · net {net} yuan (waived {waived}).").format(
            cash_in=journal.cash_in, cash_out=journal.cash_out, net=journal.net, waived=journal.waived))

    # -- actions -------------------------------------------------------------------------

    def _receipt(self, action: Callable[[Session, int], ReceiptSlip]) -> None:
        reader = self.reader_id
        if reader is None:
            self._say(self.tr("Scan a reader card first."), True)
            return
        done = ops.run(self.context, lambda s: action(s, reader), parent=self, on_error=self._refused,
                       changes="circulation")
        if done is None:
            return
        slip = done.value
        self.print_receipt(slip)
        self.load()
        kind = QCoreApplication.translate(CONTEXT, money.KIND_LABELS[slip.kind])
        self._say(self.tr("{kind}: {amount} yuan, receipt {receipt}.").format(kind=kind, amount=slip.amount,
                                                                               receipt=slip.receipt))

    def take_deposit(self) -> None:
        amount = self.deposit_amount.text()
        self._receipt(lambda s, reader: money.take_deposit(s, self.context.actor, reader, amount))

    def pay_fees(self) -> None:
        amount = self.fee_amount.text()
        self._receipt(lambda s, reader: money.pay_fees(s, self.context.actor, reader, amount))

    def refund(self) -> None:
        reason = self.reason.text()
        self._receipt(lambda s, reader: money.refund_deposit(s, self.context.actor, reader, reason))

    def waive(self) -> None:
        reason = self.reason.text()
        self._receipt(lambda s, reader: money.waive_fees(s, self.context.actor, reader, reason))

    def export(self, path: str | None = None) -> None:
        day = self._day()
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the cash journal"),
                                                  f"cash-{day:%Y%m%d}.xlsx", self.tr("Excel workbook (*.xlsx)"))
        if not path:
            return
        target = Path(path)
        done = ops.run(self.context, lambda s: money.export_journal_xlsx(
            s, self.context.actor, self.context.actor.service_point_id, day, target), parent=self,
            on_error=self._refused)
        if done is not None:
            self._say(self.tr("Written to {path}.").format(path=str(target)))

    def save_settings(self) -> None:
        values = {"deposit": self.s_deposit.text(), "fee_per_day": self.s_fee.text(),
                  "cap_item": self.s_cap_item.text(), "cap_reader": self.s_cap_reader.text(),
                  "fees_block": self.s_block.isChecked()}
        done = ops.run(self.context, lambda s: money.set_money_settings(s, self.context.actor, **values),
                       parent=self, on_error=self._refused, changes="circulation")
        if done is not None:
            self.load()
            self._say(self.tr("Money settings saved."))
