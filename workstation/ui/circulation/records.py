"""The reader record (读者信息), the item record (文献信息), the loan history and the card
status window of the Circulation tab. Non-modal, like the tab's other dialogs.

Widgets hold no rules: the reader record calls the desk (``DeskSession``'s form methods,
through the tab), the item record and the history call the services through the door
(``ui/ops.py``). Each form is driven from the keyboard: Enter in a group's last field does
that group's action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import CONTEXT, ValidationError, WorkstationError
from workstation.models import Role, ServicePointKind
from workstation.models.circulation import IdType, ItemStatus, ReaderCategory, ReaderStatus
from workstation.services.circulation import corrections, items
from workstation.services.circulation.readers import (
    ID_TYPE_LABELS,
    STATUS_LABELS,
    ReaderRecord,
    ReaderView,
    Saved,
    lifts_restriction,
)
from workstation.services.circulation.rules import CATEGORY_LABELS, COLLECTION_LABELS
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text
from workstation.ui.models.loan_history import LOAN_ID_ROLE, LoanHistoryModel, LoanState


def _label(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _error_label(name: str) -> QLabel:
    label: QLabel = QLabel()
    label.setObjectName(name)
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    return label


def _button(text: str, name: str) -> QPushButton:
    button: QPushButton = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)  # Enter belongs to the field being typed in
    return button


class RecordDesk(Protocol):
    """What the reader record asks of the desk (``DeskSession``, through the tab's door)."""

    def reader_record(self, reader_id: int) -> ReaderRecord: ...
    def update_reader(self, reader_id: int, **fields: Any) -> Saved: ...
    def extend_card(self, reader_id: int) -> ReaderView: ...
    def replace_card(self, reader_id: int, new_card: str) -> ReaderView: ...
    def change_card_status(self, reader_id: int, status: ReaderStatus | str, reason: str, *,
                           manager_username: str = "", manager_password: str = "") -> ReaderView: ...
    def set_pin(self, reader_id: int, pin: str) -> None: ...


class ReaderRecordDialog(QDialog):
    """读者信息: view and edit the reader; extend the card; replace a lost card; change the
    card's status with a reason (lifting needs a manager); set or reset the kiosk PIN."""

    changed = Signal(int)  # the reader's id, after any change was saved
    history_wanted = Signal(int)

    def __init__(self, context: AppContext, desk: RecordDesk, reader_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.desk = desk
        self.reader_id = reader_id
        self.record: ReaderRecord | None = None
        self.setObjectName("readerRecord")
        self.setWindowTitle(self.tr("Reader record"))
        self.summary = QLabel(objectName="recSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel(objectName="recMessage")
        self.message.setWordWrap(True)

        # the reader's fields
        self.name = QLineEdit(objectName="recName")
        self.category = QComboBox(objectName="recCategory")
        for cat in ReaderCategory:
            self.category.addItem(_label(CATEGORY_LABELS[cat]), cat.value)
        self.id_type = QComboBox(objectName="recIdType")
        for kind in IdType:
            self.id_type.addItem(_label(ID_TYPE_LABELS[kind]), kind.value)
        self.id_number = QLineEdit(objectName="recIdNumber")
        self.phone = QLineEdit(objectName="recPhone")
        self.phone.returnPressed.connect(self.save)
        self.save_button = _button(self.tr("Save"), "recSave")
        self.save_button.clicked.connect(self.save)
        self.field_errors = {f: _error_label(f"recError_{f}") for f in ("name", "id_number", "phone")}
        details = QGroupBox(self.tr("Reader"))
        form = QFormLayout(details)
        for label, widget, field in ((self.tr("Name"), self.name, "name"), (self.tr("Category"), self.category, ""),
                                     (self.tr("ID type"), self.id_type, ""),
                                     (self.tr("ID number"), self.id_number, "id_number"),
                                     (self.tr("Phone"), self.phone, "phone")):
            if field:
                box = QVBoxLayout()
                box.setSpacing(0)
                box.addWidget(widget)
                box.addWidget(self.field_errors[field])
                form.addRow(label, box)
            else:
                form.addRow(label, widget)
        form.addRow("", self.save_button)

        # the card: extend, replace
        self.extend_button = _button("", "recExtend")
        self.extend_button.clicked.connect(self.extend)
        self.new_card = QLineEdit(objectName="recNewCard")
        self.new_card.setPlaceholderText(self.tr("New card number (scan the new card)"))
        self.new_card.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.new_card.returnPressed.connect(self.replace)
        replace = _button(self.tr("Replace lost card"), "recReplace")
        replace.clicked.connect(self.replace)
        card = QGroupBox(self.tr("Card"))
        card_layout = QFormLayout(card)
        card_layout.addRow(self.tr("Validity"), self.extend_button)
        row = QHBoxLayout()
        row.addWidget(self.new_card, 1)
        row.addWidget(replace)
        card_layout.addRow(self.tr("Replace"), row)

        # the status, with a reason; a manager's grant to lift a block or a lost report
        self.status = QComboBox(objectName="recStatus")
        for status in ReaderStatus:
            self.status.addItem(_label(STATUS_LABELS[status]), status.value)
        self.status.currentIndexChanged.connect(self._show_manager_fields)
        self.reason = QLineEdit(objectName="recReason")
        self.manager = QLineEdit(objectName="recManager")
        self.manager_password = QLineEdit(objectName="recManagerPassword")
        self.manager_password.setEchoMode(QLineEdit.EchoMode.Password)
        for line in (self.reason, self.manager, self.manager_password):
            line.returnPressed.connect(self.change_status)
        self.status_button = _button(self.tr("Change status"), "recStatusSubmit")
        self.status_button.clicked.connect(self.change_status)
        status_box = QGroupBox(self.tr("Card status"))
        self.status_form = QFormLayout(status_box)
        self.status_form.addRow(self.tr("Status"), self.status)
        self.status_form.addRow(self.tr("Reason"), self.reason)
        self.status_form.addRow(self.tr("Manager username"), self.manager)
        self.status_form.addRow(self.tr("Manager password"), self.manager_password)
        self.status_form.addRow("", self.status_button)

        # the kiosk PIN: typed twice, never shown
        self.pin = QLineEdit(objectName="recPin")
        self.pin_again = QLineEdit(objectName="recPinAgain")
        for line in (self.pin, self.pin_again):
            line.setEchoMode(QLineEdit.EchoMode.Password)
            line.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.pin_again.returnPressed.connect(self.set_pin)
        pin_button = _button(self.tr("Set PIN"), "recPinSubmit")
        pin_button.clicked.connect(self.set_pin)
        pin_box = QGroupBox(self.tr("Kiosk PIN"))
        pin_form = QFormLayout(pin_box)
        pin_form.addRow(self.tr("New PIN"), self.pin)
        pin_form.addRow(self.tr("PIN again"), self.pin_again)
        pin_form.addRow("", pin_button)

        history = _button(self.tr("Loan history…"), "recHistory")
        history.clicked.connect(lambda: self.history_wanted.emit(self.reader_id))
        close = _button(self.tr("Close"), "recClose")
        close.clicked.connect(self.accept)
        left = QVBoxLayout()
        left.addWidget(details)
        left.addWidget(card)
        right = QVBoxLayout()
        right.addWidget(status_box)
        right.addWidget(pin_box)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(history)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.load()

    # -- showing ---------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)
        if error:
            QApplication.beep()

    def load(self) -> None:
        try:
            record = self.desk.reader_record(self.reader_id)
        except WorkstationError as err:
            self._say(error_text(err), True)
            return
        self.record = record
        view = record.view
        expired = view.expired(timeutil.today())
        lines = [
            f"<b style='font-size:14pt'>{view.name}</b> · " + self.tr("card {card}").format(card=view.card_number),
            self.tr("Status: {status} · valid until {date}{expired}").format(
                status=_label(STATUS_LABELS[view.status]), date=view.valid_until.isoformat(),
                expired=" (" + self.tr("expired") + ")" if expired else ""),
            self.tr("Registered on {day} at {point} · loans now: {open} · all loans: {all}").format(
                day=record.registered_on.isoformat(), point=view.registered_point or "—", open=record.open_loans,
                all=record.all_loans),
            self.tr("Kiosk PIN: {pin}").format(pin=self.tr("set") if record.has_pin else self.tr("not set")),
        ]
        if record.old_cards:
            lines.append(self.tr("Replaced cards: {cards}").format(cards=", ".join(record.old_cards)))
        self.summary.setText("<br/>".join(lines))
        self.name.setText(view.name)
        self.category.setCurrentIndex(self.category.findData(view.category.value))
        self.id_type.setCurrentIndex(self.id_type.findData(view.id_type.value))
        self.id_number.setText(view.id_number)
        self.phone.setText(view.phone)
        self.extend_button.setText(self.tr("Extend by {n} years").format(n=record.extend_years))
        self.status.blockSignals(True)
        self.status.setCurrentIndex(self.status.findData(view.status.value))
        self.status.blockSignals(False)
        self._show_manager_fields()

    def _show_manager_fields(self) -> None:
        """The manager's username and password are asked for only when a desk account lifts
        a block or a lost report (the service refuses it without them anyway)."""
        needed = False
        if self.record is not None:
            new = ReaderStatus(self.status.currentData())
            needed = lifts_restriction(self.record.view.status, new) and \
                self.context.actor.role.rank < Role.MANAGER.rank
        for widget in (self.manager, self.manager_password):
            widget.setVisible(needed)
            label = self.status_form.labelForField(widget)
            if label is not None:
                label.setVisible(needed)

    def _done(self, text: str) -> None:
        self._say(text)
        self.changed.emit(self.reader_id)
        self.load()

    def _failed(self, err: WorkstationError, field_errors: bool = False) -> None:
        if field_errors and isinstance(err, ValidationError) and err.field in self.field_errors:
            self.field_errors[err.field].setText(error_text(err))
            QApplication.beep()
            return
        self._say(error_text(err), True)

    # -- actions ---------------------------------------------------------------------------

    def save(self) -> None:
        for label in self.field_errors.values():
            label.clear()
        try:
            saved = self.desk.update_reader(self.reader_id, name=self.name.text(),
                                            category=self.category.currentData(),
                                            id_type=self.id_type.currentData(), id_number=self.id_number.text(),
                                            phone=self.phone.text())
        except WorkstationError as err:
            self._failed(err, field_errors=True)
            return
        self._done(self.tr("Saved."))
        if saved.warning is not None:  # a shared phone: said, not refused
            self.field_errors["phone"].setStyleSheet("color: #e65100;")
            self.field_errors["phone"].setText(error_text(saved.warning))

    def extend(self) -> None:
        try:
            view = self.desk.extend_card(self.reader_id)
        except WorkstationError as err:
            self._failed(err)
            return
        self._done(self.tr("Card extended until {date}.").format(date=view.valid_until.isoformat()))

    def replace(self) -> None:
        old = self.record.view.card_number if self.record is not None else ""
        try:
            view = self.desk.replace_card(self.reader_id, self.new_card.text())
        except WorkstationError as err:
            self._failed(err)
            return
        self.new_card.clear()
        self._done(self.tr("Card {old} replaced by {new}; the old card will be refused.").format(
            old=old, new=view.card_number))

    def change_status(self) -> None:
        try:
            view = self.desk.change_card_status(self.reader_id, self.status.currentData(), self.reason.text(),
                                                manager_username=self.manager.text(),
                                                manager_password=self.manager_password.text())
        except WorkstationError as err:
            self.manager_password.clear()
            self._failed(err)
            return
        for line in (self.reason, self.manager, self.manager_password):
            line.clear()
        self._done(self.tr("Card status: {status}.").format(status=_label(STATUS_LABELS[view.status])))

    def set_pin(self) -> None:
        pin, again = self.pin.text(), self.pin_again.text()
        self.pin.clear()
        self.pin_again.clear()
        if pin != again:
            self._say(self.tr("PIN: the two entries differ; type it again."), True)
            self.pin.setFocus()
            return
        try:
            self.desk.set_pin(self.reader_id, pin)
        except WorkstationError as err:
            self._failed(err)
            self.pin.setFocus()
            return
        self._done(self.tr("PIN set."))


class CardStatusDialog(QDialog):
    """The desk's card-status box: the new status needs a reason, and lifting a block or a
    lost report a manager's username and password (unless a manager is logged in)."""

    changed = Signal(object)  # the ReaderView after the change

    def __init__(self, context: AppContext, change: Callable[[str, str, str], ReaderView], old: ReaderStatus,
                 new: ReaderStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.change = change
        self.setObjectName("cardStatus")
        self.setWindowTitle(self.tr("Card status"))
        text = self.tr("Change the card from {old} to {new}.").format(old=_label(STATUS_LABELS[old]),
                                                                     new=_label(STATUS_LABELS[new]))
        self.reason = QLineEdit(objectName="csReason")
        self.manager = QLineEdit(objectName="csManager")
        self.password = QLineEdit(objectName="csPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _error_label("csError")
        form = QFormLayout()
        form.addRow(self.tr("Reason"), self.reason)
        needs_manager = lifts_restriction(old, new) and context.actor.role.rank < Role.MANAGER.rank
        if needs_manager:
            text += " " + self.tr("Lifting it needs a manager.")
            form.addRow(self.tr("Manager username"), self.manager)
            form.addRow(self.tr("Manager password"), self.password)
        else:
            self.manager.hide()
            self.password.hide()
        for line in (self.reason, self.manager, self.password):
            line.returnPressed.connect(self.submit)
        ok = _button(self.tr("Change status"), "csSubmit")
        ok.clicked.connect(self.submit)
        cancel = _button(self.tr("Cancel"), "csCancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(ok)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        message = QLabel(text)
        message.setWordWrap(True)
        layout.addWidget(message)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

    def submit(self) -> None:
        try:
            view = self.change(self.reason.text(), self.manager.text(), self.password.text())
        except WorkstationError as err:
            self.password.clear()
            self.error.setText(error_text(err))
            QApplication.beep()
            return
        self.changed.emit(view)
        self.accept()


class ItemRecordDialog(QDialog):
    """文献信息: find an item by its barcode, edit its own columns, mark it lost, damaged,
    missing, in repair or withdrawn (or back on the shelf) with a reason."""

    changed = Signal(int)
    history_wanted = Signal(int)

    def __init__(self, context: AppContext, item_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.item_id = item_id
        self.record: items.ItemRecord | None = None
        self.setObjectName("itemRecord")
        self.setWindowTitle(self.tr("Item record"))
        self.lookup = QLineEdit(objectName="itemLookup")
        self.lookup.setPlaceholderText(self.tr("Scan or type the item's barcode, then Enter"))
        self.lookup.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.lookup.returnPressed.connect(self.find_item)
        self.summary = QLabel(objectName="itemSummary")
        self.summary.setWordWrap(True)
        self.barcode = QLineEdit(objectName="itemBarcode")
        self.title_edit = QLineEdit(objectName="itemTitle")
        self.author = QLineEdit(objectName="itemAuthor")
        self.isbn = QLineEdit(objectName="itemIsbn")
        self.call_number = QLineEdit(objectName="itemCallNumber")
        self.call_number.returnPressed.connect(self.save)
        self.kind = QComboBox(objectName="itemType")
        for kind, label in COLLECTION_LABELS.items():
            self.kind.addItem(_label(label), kind.value)
        self.home = QComboBox(objectName="itemHome")
        self.home.addItem("—", None)
        from workstation.services.admin import service_points
        with ops.reading(context) as s:
            points = [(p.id, p.name) for p in service_points.list_service_points(
                s, kinds=[ServicePointKind.LENDING_DESK, ServicePointKind.BOOKMOBILE])]
        for point_id, name in points:
            self.home.addItem(name, point_id)
        save = _button(self.tr("Save"), "itemSave")
        save.clicked.connect(self.save)
        edit = QGroupBox(self.tr("Item"))
        form = QFormLayout(edit)
        for label, widget in ((self.tr("Barcode"), self.barcode), (self.tr("Title"), self.title_edit),
                              (self.tr("Author"), self.author), ("ISBN", self.isbn),
                              (self.tr("Collection type"), self.kind), (self.tr("Home service point"), self.home),
                              (self.tr("Call number"), self.call_number)):
            form.addRow(label, widget)
        form.addRow("", save)
        self.status = QComboBox(objectName="itemStatus")
        for status in items.MARKABLE:
            self.status.addItem(_label(items.ITEM_STATUS_LABELS[status]), status.value)
        self.reason = QLineEdit(objectName="itemReason")
        self.reason.returnPressed.connect(self.mark)
        mark = _button(self.tr("Mark"), "itemMark")
        mark.clicked.connect(self.mark)
        status_box = QGroupBox(self.tr("Status"))
        status_form = QFormLayout(status_box)
        status_form.addRow(self.tr("Mark as"), self.status)
        status_form.addRow(self.tr("Reason"), self.reason)
        status_form.addRow("", mark)
        self.message = QLabel(objectName="itemMessage")
        self.message.setWordWrap(True)
        history = _button(self.tr("Loan history…"), "itemHistory")
        history.clicked.connect(self._history)
        close = _button(self.tr("Close"), "itemClose")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addWidget(history)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lookup)
        layout.addWidget(self.summary)
        columns = QHBoxLayout()
        columns.addWidget(edit, 3)
        columns.addWidget(status_box, 2)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(820, 420)
        self._enable(False)
        if item_id is not None:
            self.load()

    def _enable(self, on: bool) -> None:
        for widget in self.findChildren(QGroupBox):
            widget.setEnabled(on)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)
        if error:
            QApplication.beep()

    def _history(self) -> None:
        if self.item_id is not None:
            self.history_wanted.emit(self.item_id)

    def find_item(self) -> None:
        code = self.lookup.text()
        self.lookup.clear()
        try:
            found = ops.read(self.context, lambda s: items.find_by_barcode(s, code))
            item_id = found.id if found is not None else None
        except WorkstationError as err:
            self._say(error_text(err), True)
            return
        if item_id is None:
            self._say(self.tr("No item with barcode {barcode}.").format(barcode=code.strip()), True)
            return
        self.item_id = item_id
        self.load()
        self.title_edit.setFocus()

    def load(self) -> None:
        item_id = self.item_id
        if item_id is None:
            return
        try:
            record = ops.read(self.context, lambda s: items.item_record(s, self.context.actor, item_id))
        except WorkstationError as err:
            self._say(error_text(err), True)
            return
        self.record = record
        status = _label(items.ITEM_STATUS_LABELS[record.status])
        lines = [f"<b>{record.title}</b> · {record.barcode}",
                 self.tr("Status: {status}{note} · catalogued {day} · loans: {n}").format(
                     status=status, note=f" ({record.status_note})" if record.status_note else "",
                     day=record.catalogued_on.isoformat(), n=record.loans)]
        if record.on_loan_to:
            lines.append(self.tr("On loan to card {card}, due {date}").format(
                card=record.on_loan_to, date=record.due.isoformat() if record.due else "—"))
        if record.withdrawn_on is not None:
            lines.append(self.tr("Withdrawn on {day}").format(day=record.withdrawn_on.isoformat()))
        self.summary.setText("<br/>".join(lines))
        self.barcode.setText(record.barcode)
        self.title_edit.setText(record.title)
        self.author.setText(record.author)
        self.isbn.setText(record.isbn)
        self.call_number.setText(record.call_number)
        self.kind.setCurrentIndex(self.kind.findData(record.collection_type.value))
        self.home.setCurrentIndex(max(0, self.home.findData(record.home_point_id)))
        self._enable(True)

    def _run(self, action: Callable[[Session], object], done: str) -> bool:
        result = ops.run(self.context, action, parent=self, on_error=lambda err: self._say(error_text(err), True),
                         changes="circulation")
        if result is None:
            return False
        self._say(done)
        if self.item_id is not None:
            self.changed.emit(self.item_id)
        self.load()
        return True

    def save(self) -> None:
        item_id = self.item_id
        if item_id is None:
            return
        fields = {"barcode": self.barcode.text(), "title": self.title_edit.text(), "author": self.author.text(),
                  "isbn": self.isbn.text(), "call_number": self.call_number.text(),
                  "collection_type": self.kind.currentData(), "home_point_id": self.home.currentData()}
        self._run(lambda s: items.update_item(s, self.context.actor, item_id, **fields), self.tr("Saved."))

    def mark(self) -> None:
        item_id = self.item_id
        if item_id is None:
            return
        status, reason = ItemStatus(self.status.currentData()), self.reason.text()
        label = self.status.currentText()

        def marked(s: Session) -> items.Marked:
            return items.mark_item(s, self.context.actor, item_id, status, reason)

        if self._run(marked, self.tr("Marked {status}.").format(status=label)):
            self.reason.clear()


class HistoryDialog(QDialog):
    """A reader's or an item's whole loan history (or the library's), in the lazy table
    model, filtered by the days the loans were made and how they stand. A manager voids a
    loan or a return made by mistake here, with a reason."""

    corrected = Signal(int)  # the loan's id

    def __init__(self, context: AppContext, *, reader_id: int | None = None, item_id: int | None = None,
                 title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("loanHistory")
        self.setWindowTitle(self.tr("Loan history") + (f" — {title}" if title else ""))
        manager = context.actor.role.rank >= Role.MANAGER.rank
        self.model = LoanHistoryModel(context.db, reader_id=reader_id, item_id=item_id, parent=self,
                                      mask_cards=not manager and reader_id is None)
        self.view = QTableView(objectName="historyTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(LoanHistoryModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.first = self._date_edit("historyFirst")
        self.last = self._date_edit("historyLast")
        self.first.setDate(QDate(2000, 1, 1))
        today = timeutil.today()
        self.last.setDate(QDate(today.year, today.month, today.day))
        self.state = QComboBox(objectName="historyState")
        for state, label in ((LoanState.ANY, self.tr("all")), (LoanState.OPEN, self.tr("on loan")),
                             (LoanState.RETURNED, self.tr("returned")), (LoanState.LOST, self.tr("lost")),
                             (LoanState.VOIDED, self.tr("voided"))):
            self.state.addItem(label, state.value)
        self.state.currentIndexChanged.connect(self.apply_filters)
        self.first.dateChanged.connect(self.apply_filters)
        self.last.dateChanged.connect(self.apply_filters)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Lent from")))
        filters.addWidget(self.first)
        filters.addWidget(QLabel(self.tr("to")))
        filters.addWidget(self.last)
        filters.addWidget(QLabel(self.tr("Status")))
        filters.addWidget(self.state)
        filters.addStretch(1)
        self.reason = QLineEdit(objectName="historyReason")
        self.reason.setPlaceholderText(self.tr("Reason for the correction"))
        self.void_loan_button = _button(self.tr("Void loan"), "historyVoidLoan")
        self.void_return_button = _button(self.tr("Void return"), "historyVoidReturn")
        self.void_loan_button.clicked.connect(lambda: self.correct(corrections.void_loan))
        self.void_return_button.clicked.connect(lambda: self.correct(corrections.void_return))
        self.count = QLabel(objectName="historyCount")
        self.message = QLabel(objectName="historyMessage")
        self.message.setWordWrap(True)
        correct_row = QHBoxLayout()
        correct_row.addWidget(self.reason, 1)
        correct_row.addWidget(self.void_loan_button)
        correct_row.addWidget(self.void_return_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        if manager:  # the buttons of a manager's decision; the services refuse it to others anyway
            layout.addLayout(correct_row)
        else:
            for widget in (self.reason, self.void_loan_button, self.void_return_button):
                widget.hide()
        layout.addWidget(self.message)
        self.resize(1000, 560)
        self.model.modelReset.connect(self._count)
        self.model.rowsInserted.connect(self._count)
        self._count()

    @staticmethod
    def _date_edit(name: str) -> QDateEdit:
        edit: QDateEdit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    @staticmethod
    def _day(edit: QDateEdit) -> dt.date:
        q = edit.date()
        return dt.date(q.year(), q.month(), q.day())

    def _count(self, *_args: object) -> None:
        more = "+" if self.model.canFetchMore(QModelIndex()) else ""
        self.count.setText(self.tr("{n} loans shown").format(n=f"{self.model.rowCount():,}{more}"))

    def apply_filters(self) -> None:
        self.model.set_filters(first=self._day(self.first), last=self._day(self.last),
                               status=LoanState(self.state.currentData()))
        if self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())

    def selected_loan(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            index = self.view.currentIndex()
            if not index.isValid():
                return None
            rows = [index]
        value = self.model.data(self.model.index(rows[0].row(), 0), LOAN_ID_ROLE)
        return int(value) if value is not None else None

    def correct(self, action: Callable[..., object]) -> None:
        loan_id = self.selected_loan()
        if loan_id is None:
            self.message.setText(self.tr("Choose a loan in the table first."))
            return
        reason = self.reason.text()

        def refused(err: WorkstationError) -> None:
            self.message.setText(error_text(err))
            QApplication.beep()

        done = ops.run(self.context, lambda s: action(s, self.context.actor, loan_id, reason), parent=self,
                       on_error=refused, changes="circulation")
        if done is None:
            return
        self.reason.clear()
        self.message.setText(self.tr("Corrected: loan {id}. The original record stays; the day's figures "
                                     "change by this correction.").format(id=loan_id))
        self.corrected.emit(loan_id)
        self.apply_filters()


__all__ = ["CardStatusDialog", "HistoryDialog", "ItemRecordDialog", "ReaderRecordDialog", "RecordDesk"]
