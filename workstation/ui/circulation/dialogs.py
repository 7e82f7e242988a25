"""Dialogs of the Circulation tab. All are non-modal (``show()``, never ``exec()``), so the
desk keeps scanning and tests can fill them in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, ValidationError, WorkstationError
from workstation.models.circulation import IdType, ReaderCategory
from workstation.services.circulation import catalogue_import, items, overdue
from workstation.services.circulation.desk import Granted, Outcome
from workstation.services.circulation.holds import HoldSlip
from workstation.services.circulation.readers import (
    DEFAULT_VALID_YEARS,
    ID_TYPE_LABELS,
    STATUS_LABELS,
    ReaderView,
    validate_card_number,
    validate_deposit,
    validate_id_number,
    validate_name,
    validate_phone,
    validate_valid_until,
)
from workstation.services.circulation.rules import CATEGORY_LABELS, COLLECTION_LABELS
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text


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


def _tr_label(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    from workstation.errors import CONTEXT
    return QCoreApplication.translate(CONTEXT, text)


class RegistrationDialog(QDialog):
    """A new reader card. Each field is checked as it is typed; Register stays disabled
    until all are valid. Duplicates (card, ID number, phone) are found when registering."""

    registered = Signal(object)  # the desk's Outcome: the new reader, now served

    def __init__(self, context: AppContext, register: Callable[..., Outcome],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.register = register  # DeskSession.register_reader, through the tab
        self.setObjectName("circulationRegistration")
        self.setWindowTitle(self.tr("Register a reader card"))
        self.setMinimumWidth(460)
        self.card = QLineEdit(objectName="regCard")
        self.name = QLineEdit(objectName="regName")
        self.category = QComboBox(objectName="regCategory")
        for cat in ReaderCategory:
            self.category.addItem(_tr_label(CATEGORY_LABELS[cat]), cat.value)
        self.id_type = QComboBox(objectName="regIdType")
        for kind in IdType:
            self.id_type.addItem(_tr_label(ID_TYPE_LABELS[kind]), kind.value)
        self.id_number = QLineEdit(objectName="regIdNumber")
        self.phone = QLineEdit(objectName="regPhone")
        self.valid_until = QDateEdit(objectName="regValidUntil")
        self.valid_until.setCalendarPopup(True)
        self.valid_until.setDisplayFormat("yyyy-MM-dd")
        default = timeutil.today().replace(year=timeutil.today().year + DEFAULT_VALID_YEARS)
        self.valid_until.setDate(QDate(default.year, default.month, default.day))
        from workstation.services.circulation import money
        with ops.reading(context) as s:
            usual = money.money_settings(s).deposit  # the library's deposit, if it takes one
        self.deposit = QLineEdit(str(usual) if usual > 0 else "0", objectName="regDeposit")
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for label, widget, field in [
            (self.tr("Card number"), self.card, "card_number"), (self.tr("Name"), self.name, "name"),
            (self.tr("Category"), self.category, "category"), (self.tr("ID type"), self.id_type, "id_type"),
            (self.tr("ID number"), self.id_number, "id_number"), (self.tr("Phone"), self.phone, "phone"),
            (self.tr("Valid until"), self.valid_until, "valid_until"), (self.tr("Deposit (yuan)"), self.deposit,
                                                                         "deposit"),
        ]:
            error = QLabel(objectName=f"regError_{field}")
            error.setStyleSheet("color: #b00020;")
            error.setWordWrap(True)
            self.errors[field] = error
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(widget)
            box.addWidget(error)
            form.addRow(label, box)
        self.buttons = QDialogButtonBox()
        self.register_button = self.buttons.addButton(self.tr("Register"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.register_button.setObjectName("regSubmit")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for line in (self.card, self.name, self.id_number, self.phone, self.deposit):
            line.textChanged.connect(self.validate)
        self.id_type.currentIndexChanged.connect(self.validate)
        self.valid_until.dateChanged.connect(self.validate)
        self.touched: set[str] = set()
        for field, line in (("card_number", self.card), ("name", self.name), ("id_number", self.id_number),
                            ("phone", self.phone), ("deposit", self.deposit)):
            line.textEdited.connect(lambda _t, f=field: self.touched.add(f))
        self.validate()

    def _date(self) -> dt.date:
        q = self.valid_until.date()
        return dt.date(q.year(), q.month(), q.day())

    def validate(self) -> bool:
        """Check every field; show a message under each touched field that is wrong."""
        kind = IdType(self.id_type.currentData())
        checks: list[tuple[str, Callable[[], object]]] = [
            ("card_number", lambda: validate_card_number(self.card.text())),
            ("name", lambda: validate_name(self.name.text())),
            ("id_number", lambda: validate_id_number(kind, self.id_number.text())),
            ("phone", lambda: validate_phone(self.phone.text())),
            ("valid_until", lambda: validate_valid_until(self._date(), timeutil.today())),
            ("deposit", lambda: validate_deposit(self.deposit.text())),
        ]
        ok = True
        for field, check in checks:
            try:
                check()
                self.errors[field].clear()
            except ValidationError as err:
                ok = False
                shown = field in self.touched or field in ("valid_until",)
                self.errors[field].setText(error_text(err) if shown else "")
        self.register_button.setEnabled(ok)
        return ok

    def submit(self) -> None:
        self.touched.update(self.errors)
        if not self.validate():
            return
        try:
            outcome = self.register(
                card_number=self.card.text(), name=self.name.text(), category=self.category.currentData(),
                id_type=self.id_type.currentData(), id_number=self.id_number.text(), phone=self.phone.text(),
                valid_until=self._date(), deposit=self.deposit.text())
        except ValidationError as err:
            label = self.errors.get(err.field)
            if label is not None:
                label.setText(error_text(err))
            QApplication.beep()
            return
        except WorkstationError as err:
            self.errors["card_number"].setText(error_text(err))
            return
        self.context.data_changed.emit("circulation")
        self.registered.emit(outcome)
        self.accept()


class OverrideDialog(QDialog):
    """A manager lifts one refusal for the reader at the desk, with their own password."""

    granted = Signal(object)  # the desk's Granted: the grant, and the refused item scanned again

    def __init__(self, grant: Callable[[str, str, str], Granted], message: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grant = grant  # DeskSession.grant_override, through the tab
        self.setObjectName("circulationOverride")
        self.setWindowTitle(self.tr("Manager override"))
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.username = QLineEdit(objectName="ovUsername")
        self.password = QLineEdit(objectName="ovPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit(objectName="ovReason")
        self.error = QLabel(objectName="ovError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Manager username"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Reason"), self.reason)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Override"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("ovSubmit")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def submit(self) -> None:
        try:
            granted = self.grant(self.username.text(), self.password.text(), self.reason.text())
        except WorkstationError as err:
            self.error.setText(error_text(err))
            self.password.clear()
            QApplication.beep()
            return
        self.granted.emit(granted)
        self.accept()


class HoldPrompt(QDialog):
    """The loud prompt at a return: this item is reserved, put it aside. Non-modal."""

    def __init__(self, slip: HoldSlip, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("circulationHoldPrompt")
        # The scanner keeps typing into the desk's scan field: the prompt must not take focus.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWindowTitle(self.tr("Reserved item"))
        self.setStyleSheet("QDialog { background: #ff9800; } QLabel { color: black; }")
        title = QLabel(self.tr("RESERVED — put this item aside"))
        font = QFont(title.font())
        font.setPointSize(font.pointSize() + 8)
        font.setBold(True)
        title.setFont(font)
        self.text = QLabel(self.tr("{title} ({barcode})\nfor {name}, card {card}\npick up at {point}").format(
            title=slip.title, barcode=slip.barcode, name=slip.reader_name, card=slip.card_number,
            point=slip.pickup_point), objectName="holdPromptText")
        close = QPushButton(self.tr("OK"), objectName="holdPromptOk")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.text)
        layout.addWidget(close)


class SearchDialog(QDialog):
    """Find readers (card, name, phone, ID number) or items (barcode, title, author, ISBN)."""

    reader_chosen = Signal(int)
    reader_record_wanted = Signal(int)
    item_record_wanted = Signal(int)

    def __init__(self, context: AppContext, search_readers: Callable[[str], list[ReaderView]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search_readers = search_readers  # DeskSession.search_readers, through the tab
        self.setObjectName("circulationSearch")
        self.setWindowTitle(self.tr("Search readers and items"))
        self.query = QLineEdit(objectName="searchQuery")
        self.query.setPlaceholderText(self.tr("Card, name, phone, ID number, barcode, title, author or ISBN"))
        self.query.returnPressed.connect(self.search)
        self.tabs = QTabWidget()
        self.readers = _table([self.tr("Card"), self.tr("Name"), self.tr("Status"), self.tr("Valid until"),
                               self.tr("Phone"), self.tr("ID number")], "searchReaders")
        self.items = _table([self.tr("Barcode"), self.tr("Title"), self.tr("Author"), self.tr("ISBN"),
                             self.tr("Call number"), self.tr("Type"), self.tr("Status")], "searchItems")
        self.tabs.addTab(self.readers, self.tr("Readers"))
        self.tabs.addTab(self.items, self.tr("Items"))
        self.readers.cellDoubleClicked.connect(self._choose)
        self.items.cellDoubleClicked.connect(lambda row, _c: self._item_record(row))
        self.error = QLabel()
        self._reader_ids: list[int] = []
        self._item_ids: list[int] = []
        record = QPushButton(self.tr("Record… (F12)"), objectName="searchRecord")
        record.setAutoDefault(False)
        record.clicked.connect(self.open_record)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addWidget(record)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.tabs)
        layout.addLayout(bottom)
        self.resize(760, 420)

    def search(self) -> None:
        try:
            found = self.search_readers(self.query.text())
            with ops.reading(self.context) as s:
                things = items.search_items(s, self.context.actor, self.query.text())
                item_ids = [i.id for i in things]
                item_rows = [[i.barcode, i.title, i.author, i.isbn or "", i.call_number,
                              _tr_label(COLLECTION_LABELS[i.collection_type]),
                              _tr_label(items.ITEM_STATUS_LABELS[i.status])] for i in things]
        except WorkstationError as err:
            self.error.setText(error_text(err))
            return
        self._reader_ids = [r.id for r in found]
        self._item_ids = item_ids
        _fill(self.readers, [[r.card_number, r.name, _tr_label(STATUS_LABELS[r.status]),
                              r.valid_until.isoformat(), r.phone, r.id_number] for r in found])
        _fill(self.items, item_rows)
        for table in (self.readers, self.items):
            if table.rowCount():
                table.setCurrentCell(0, 0)  # F12 opens the first found
        self.tabs.setCurrentIndex(0 if found or not item_rows else 1)
        self.error.setText(self.tr("{readers} readers, {items} items").format(readers=len(found),
                                                                              items=len(item_rows)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F12:  # from the query field or a list: the record of the one chosen
            self.open_record()
            return
        super().keyPressEvent(event)

    def open_record(self) -> None:
        """F12: the record of the reader or item selected in the list on show (the first found)."""
        table = self.tabs.currentWidget()
        row = table.currentRow() if isinstance(table, QTableWidget) else -1
        if table is self.readers and 0 <= row < len(self._reader_ids):
            self.reader_record_wanted.emit(self._reader_ids[row])
        elif table is self.items:
            self._item_record(row)

    def _item_record(self, row: int) -> None:
        if 0 <= row < len(self._item_ids):
            self.item_record_wanted.emit(self._item_ids[row])

    def _choose(self, row: int, _column: int) -> None:
        if 0 <= row < len(self._reader_ids):
            self.reader_chosen.emit(self._reader_ids[row])
            self.accept()


class OverdueDialog(QDialog):
    """The overdue list of this service point, exportable to Excel."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("circulationOverdue")
        self.setWindowTitle(self.tr("Overdue items"))
        self.table = _table([self.tr("Barcode"), self.tr("Title"), self.tr("Card"), self.tr("Reader"),
                             self.tr("Phone"), self.tr("Due"), self.tr("Days overdue")], "overdueTable")
        self.export_button = QPushButton(self.tr("Export to Excel…"), objectName="overdueExport")
        self.export_button.clicked.connect(self.export)
        self.status = QLabel(objectName="overdueStatus")
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        self.resize(760, 420)
        self.load()

    def _point(self) -> int:
        return self.context.actor.service_point_id or 0

    def load(self) -> None:
        try:
            lines = ops.read(self.context, lambda s: overdue.overdue_loans(s, self.context.actor, self._point()))
        except WorkstationError as err:
            self.status.setText(error_text(err))
            return
        _fill(self.table, [[x.barcode, x.title, x.card_number, x.reader_name, x.phone, x.due_date.isoformat(),
                            str(x.days_overdue)] for x in lines])
        self.status.setText(self.tr("{n} overdue items").format(n=len(lines)))

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export overdue list"), "overdue.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if not path:
            return
        def export(s: Session) -> int:
            try:
                return overdue.export_overdue_xlsx(s, self.context.actor, self._point(), Path(path))
            except OSError as err:  # a folder one may not write to: the person's to fix, not a bug
                raise ValidationError("path", N_("The file {path} cannot be written: {reason}"), path=path,
                                      reason=err.strerror or str(err)) from err

        done = ops.run(self.context, export, parent=self,
                       on_error=lambda err: self.status.setText(error_text(err)))
        if done is not None:
            self.status.setText(self.tr("{n} lines written to {path}").format(n=done.value, path=path))


class ImportDialog(QDialog):
    """Read a catalogue file, show each bad row, import all (or the good rows only)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.preview: catalogue_import.CataloguePreview | None = None
        self.path: Path | None = None
        self.setObjectName("circulationImport")
        self.setWindowTitle(self.tr("Import catalogue"))
        self.file_label = QLabel(self.tr("No file chosen. Columns are described in the import format."))
        self.file_label.setWordWrap(True)
        choose = QPushButton(self.tr("Choose file…"), objectName="importChoose")
        choose.clicked.connect(self.choose)
        self.errors = _table([self.tr("Row"), self.tr("Column"), self.tr("Problem")], "importErrors")
        self.good_only = QCheckBox(self.tr("Import the good rows only"), objectName="importGoodOnly")
        self.progress = QProgressBar(objectName="importProgress")
        self.progress.hide()  # shown by the door while an import that takes a while runs
        self.import_button = QPushButton(self.tr("Import"), objectName="importRun")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run)
        self.status = QLabel(objectName="importStatus")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        bottom = QHBoxLayout()
        bottom.addWidget(self.good_only)
        bottom.addWidget(self.progress, 1)
        bottom.addStretch()  # keeps the check box its size while the bar is hidden
        bottom.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.errors)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self.resize(720, 420)

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Catalogue file"), "",
                                              self.tr("Catalogue (*.csv *.xlsx)"))
        if path:
            self.load(Path(path))

    def load(self, path: Path) -> ops.Job:
        """Read and check the file on the door's worker (a big catalogue takes seconds)."""
        self.path = path
        self.file_label.setText(str(path))
        self.progress.setValue(0)
        self.preview = None
        self.import_button.setEnabled(False)

        def refused(err: WorkstationError) -> None:
            _fill(self.errors, [])
            self.status.setText(error_text(err))

        return ops.background(self.context, lambda s, _p: catalogue_import.read_catalogue(s, self.context.actor, path),
                              parent=self, label=self.tr("Reading {file}…").format(file=path.name),
                              on_done=self._show_preview, on_error=refused, writes=False)

    def _show_preview(self, preview: catalogue_import.CataloguePreview) -> None:
        self.preview = preview
        labels = {"barcode": self.tr("Barcode"), "title": self.tr("Title"), "author": self.tr("Author"),
                  "isbn": "ISBN", "call_number": self.tr("Call number"),
                  "collection_type": self.tr("Collection type"), "home_point": self.tr("Home service point")}
        _fill(self.errors, [[str(e.row), labels.get(e.field, e.field), error_text(e.error)]
                            for e in self.preview.errors])
        if self.preview.ok:
            self.status.setText(self.tr("{n} rows, all correct.").format(n=self.preview.total))
        else:
            self.status.setText(self.tr("{bad} of {n} rows have errors; nothing will be imported unless you "
                                        "fix them or choose the good rows only.").format(
                bad=len(self.preview.bad_rows), n=self.preview.total))
        self.import_button.setEnabled(bool(self.preview.rows))

    def run(self) -> ops.Job | None:
        """Import on the door's worker thread, in one transaction: the dialog is disabled
        meanwhile (no second import inside the first) and its bar appears after half a second."""
        preview = self.preview
        if preview is None:
            return None
        good_only, source = self.good_only.isChecked(), self.path.name if self.path else ""

        def imported(added: int) -> None:
            self.status.setText(self.tr("{n} items imported.").format(n=added))
            self.import_button.setEnabled(False)

        def refused(err: WorkstationError) -> None:
            self.status.setText(error_text(err))
            self.progress.setValue(0)
            QApplication.beep()

        return ops.background(
            self.context, lambda s, progress: catalogue_import.import_catalogue(
                s, self.context.actor, preview, good_rows_only=good_only, progress=progress, source=source),
            parent=self, label=self.tr("Importing the catalogue…"), on_done=imported, on_error=refused,
            changes="circulation", bar=self.progress)




class ReserveDialog(QDialog):
    """Reserve a copy (barcode) or a title (ISBN) for the reader at the desk."""

    placed = Signal(int)  # hold id

    def __init__(self, context: AppContext, reader_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.reader_id = reader_id
        self.setObjectName("circulationReserve")
        self.setWindowTitle(self.tr("Reserve"))
        self.barcode = QLineEdit(objectName="resBarcode")
        self.isbn = QLineEdit(objectName="resIsbn")
        self.pickup = QComboBox(objectName="resPickup")
        from workstation.models import ServicePointKind
        from workstation.services.admin import service_points
        with ops.reading(context) as s:
            points = [(p.id, p.name) for p in service_points.list_service_points(
                s, kinds=[ServicePointKind.LENDING_DESK, ServicePointKind.BOOKMOBILE])]
        for point_id, name in points:
            self.pickup.addItem(name, point_id)
        here = self.pickup.findData(context.actor.service_point_id)
        if here >= 0:
            self.pickup.setCurrentIndex(here)
        self.error = QLabel(objectName="resError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Item barcode"), self.barcode)
        form.addRow(self.tr("or ISBN (any copy)"), self.isbn)
        form.addRow(self.tr("Pick up at"), self.pickup)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(self.tr("Reserve"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("resSubmit")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def submit(self) -> None:
        from workstation.services.circulation import holds

        def place(s: Session) -> int:
            return holds.place_hold(s, self.context.actor, self.reader_id, barcode=self.barcode.text() or None,
                                    isbn=self.isbn.text() or None, pickup_point_id=self.pickup.currentData()).id

        def refused(err: WorkstationError) -> None:
            self.error.setText(error_text(err))
            QApplication.beep()

        done = ops.run(self.context, place, parent=self, on_error=refused, changes="circulation")
        if done is None:
            return
        self.placed.emit(done.value)
        self.accept()


class RulesDialog(QDialog):
    """Managers: loan rules by reader category and collection type, the weekly closing day
    and the closed dates (China's public holidays can be proposed)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("circulationRules")
        self.setWindowTitle(self.tr("Loan rules and closed days"))
        # whose rules and days: every library's, or one library's own (on top of every library's)
        self.scope = QComboBox(objectName="rulesScope")
        self.scope.addItem(self.tr("All libraries"), None)
        for library_id, name in self._libraries():
            self.scope.addItem(name, library_id)
        own = self._own_library()
        if own is not None and self.scope.count() > 2:
            self.scope.setCurrentIndex(max(0, self.scope.findData(own)))
        self.scope.setVisible(self.scope.count() > 2)  # one library only: nothing to choose
        self.scope.currentIndexChanged.connect(lambda _i: self.load())
        self.rules = _table([self.tr("Reader category"), self.tr("Collection type"), self.tr("Loan days"),
                             self.tr("Max loans"), self.tr("Max renewals")], "rulesTable")
        self.rules.setEditTriggers(QTableWidget.EditTrigger.AllEditTriggers)
        save = QPushButton(self.tr("Save rules"), objectName="rulesSave")
        save.clicked.connect(self.save_rules)
        self.weekly = [QCheckBox(self._weekday(i), objectName=f"weekly{i}") for i in range(7)]
        weekly_row = QHBoxLayout()
        weekly_row.addWidget(QLabel(self.tr("Closed every week on:")))
        for box in self.weekly:
            weekly_row.addWidget(box)
            box.toggled.connect(self.save_weekly)
        self.closed = _table([self.tr("Date"), self.tr("Reason")], "closedTable")
        self.day = QDateEdit(objectName="closedDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = timeutil.today()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.reason = QLineEdit(objectName="closedReason")
        add = QPushButton(self.tr("Add closed day"), objectName="closedAdd")
        add.clicked.connect(self.add_closed)
        remove = QPushButton(self.tr("Remove selected"), objectName="closedRemove")
        remove.clicked.connect(self.remove_closed)
        propose = QPushButton(self.tr("Add public holidays of {year}").format(year=today.year),
                              objectName="closedHolidays")
        propose.clicked.connect(lambda: self.add_holidays(today.year))
        add_row = QHBoxLayout()
        for widget in (self.day, self.reason, add, remove, propose):
            add_row.addWidget(widget)
        self.status = QLabel(objectName="rulesStatus")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope)
        layout.addWidget(self.rules)
        layout.addWidget(save)
        layout.addLayout(weekly_row)
        layout.addWidget(self.closed)
        layout.addLayout(add_row)
        layout.addWidget(self.status)
        self.resize(760, 560)
        self._loading = False
        self.load()

    def _libraries(self) -> list[tuple[int, str]]:
        from workstation.services.admin.libraries import libraries

        return ops.read(self.context, lambda s: [(lib.id, lib.name) for lib in libraries(s)])

    def _own_library(self) -> int | None:
        """A branch's manager works on their library's own rules; the central library's on every library's."""
        from workstation.models import CENTRAL_LIBRARY_ID
        from workstation.services.circulation.transfers import desk_library

        own = ops.read(self.context, lambda s: desk_library(s, self.context.actor))
        return None if own == CENTRAL_LIBRARY_ID else own

    def library(self) -> int | None:
        value = self.scope.currentData()
        return int(value) if value is not None else None

    def _weekday(self, i: int) -> str:
        names = [self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"), self.tr("Sat"),
                 self.tr("Sun")]
        return names[i]

    def load(self) -> None:
        from workstation.services import calendar
        from workstation.services.circulation import rules

        self._loading = True
        library = self.library()
        with ops.reading(self.context) as s:
            # a library sees the rules in force there: its own, else every library's
            effective = {(r.reader_category, r.collection_type): r for r in rules.list_rules(s)}
            if library is not None:
                effective.update({(r.reader_category, r.collection_type): r for r in rules.list_rules(s, library)})
            rows = [(r.reader_category, r.collection_type, r.loan_days, r.max_loans, r.max_renewals)
                    for _key, r in sorted(effective.items())]
            weekly = calendar.own_weekly_closing_days(s, library)
            closed = [(c.day, c.reason) for c in calendar.list_closed_days(s, library_id=library)]
        self.rules.setRowCount(len(rows))
        for r, (cat, kind, days, loans_max, renewals) in enumerate(rows):
            for c, value in enumerate([_tr_label(CATEGORY_LABELS[cat]), _tr_label(COLLECTION_LABELS[kind]),
                                       str(days), str(loans_max), str(renewals)]):
                cell = QTableWidgetItem(value)
                if c < 2:
                    cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    cell.setData(Qt.ItemDataRole.UserRole, (cat if c == 0 else kind).value)
                self.rules.setItem(r, c, cell)
        for i, box in enumerate(self.weekly):
            box.setChecked(i in weekly)
        _fill(self.closed, [[d.isoformat(), reason] for d, reason in closed])
        self._loading = False

    def _show(self, err: WorkstationError) -> None:
        self.status.setText(error_text(err))
        QApplication.beep()

    def save_rules(self) -> None:
        from workstation.services.circulation import rules

        library = self.library()

        def save(s: Session) -> None:
            for r in range(self.rules.rowCount()):
                cells = [self.rules.item(r, c) for c in range(5)]
                if any(c is None for c in cells):
                    continue
                numbers = []
                for c in cells[2:]:
                    assert c is not None
                    text = c.text().strip()
                    numbers.append(int(text) if text.lstrip("-").isdigit() else -1)
                cat, kind = (cells[0].data(Qt.ItemDataRole.UserRole),  # type: ignore[union-attr]
                             cells[1].data(Qt.ItemDataRole.UserRole))  # type: ignore[union-attr]
                rule = rules.find_rule(s, cat, kind, library)
                if rule is not None and [rule.loan_days, rule.max_loans, rule.max_renewals] == numbers:
                    continue
                rules.set_rule(s, self.context.actor, cat, kind, loan_days=numbers[0], max_loans=numbers[1],
                               max_renewals=numbers[2], library_id=library)

        if ops.run(self.context, save, parent=self, on_error=self._show, changes="circulation") is None:
            return
        self.status.setText(self.tr("Rules saved."))

    def save_weekly(self) -> None:
        from workstation.services import calendar

        if self._loading:
            return
        days, library = [i for i, box in enumerate(self.weekly) if box.isChecked()], self.library()
        if ops.run(self.context, lambda s: calendar.set_weekly_closing(s, self.context.actor, days, library_id=library),
                   parent=self,
                   on_error=self._show, changes="circulation") is None:
            self.load()
            return
        self.status.setText(self.tr("Weekly closing saved."))

    def add_closed(self) -> None:
        from workstation.services import calendar

        q = self.day.date()
        day, reason, library = dt.date(q.year(), q.month(), q.day()), self.reason.text(), self.library()
        if ops.run(self.context, lambda s: calendar.add_closed_day(s, self.context.actor, day, reason,
                                                                   library_id=library), parent=self,
                   on_error=self._show, changes="circulation") is None:
            return
        self.reason.clear()
        self.load()

    def remove_closed(self) -> None:
        from workstation.services import calendar

        rows = sorted({i.row() for i in self.closed.selectedIndexes()})
        days = [dt.date.fromisoformat(cell.text()) for r in rows if (cell := self.closed.item(r, 0)) is not None]
        library = self.library()

        def remove(s: Session) -> None:
            for day in days:
                calendar.remove_closed_day(s, self.context.actor, day, library_id=library)

        if ops.run(self.context, remove, parent=self, on_error=self._show, changes="circulation") is None:
            return
        self.load()

    def add_holidays(self, year: int) -> None:
        from workstation.services import calendar

        library = self.library()

        def add(s: Session) -> int:
            existing = {c.day for c in calendar.list_closed_days(s, year, library_id=library)}
            added = 0
            for day, name in calendar.propose_public_holidays(year):
                if day not in existing:
                    calendar.add_closed_day(s, self.context.actor, day, name[:100], library_id=library)
                    added += 1
            return added

        done = ops.run(self.context, add, parent=self, on_error=self._show, changes="circulation")
        if done is None:
            return
        self.status.setText(self.tr("{n} public holidays added.").format(n=done.value))
        self.load()


__all__ = ["HoldPrompt", "ImportDialog", "OverdueDialog", "OverrideDialog", "RegistrationDialog", "ReserveDialog",
           "RulesDialog", "SearchDialog"]
