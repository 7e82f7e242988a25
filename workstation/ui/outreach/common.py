"""What every section of the Outreach tab shares: running a service in one transaction,
showing its refusal in a status line (loud, not a blocking dialog), read-only tables, and
importing a file with a report of the bad rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation.errors import ValidationError, WorkstationError
from workstation.models import Role
from workstation.services.context import Actor
from workstation.services.outreach.importer import ImportKind, ImportRejected, ImportResult, import_file
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text
from workstation.ui.widgets.tables import read_only_item

ERROR_STYLE = "color: #b71c1c; font-weight: bold; font-size: 12pt;"
OK_STYLE = "color: #1b5e20; font-size: 12pt;"
T = TypeVar("T")
AREA = "outreach"


def number(value: object) -> str:
    """Thousands separators, as the yearly figures are printed."""
    return f"{value:,}" if isinstance(value, int) else str(value)


def make_table(name: str, headers: Sequence[str], *, stretch_last: bool = True) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(stretch_last)
    table.setAlternatingRowColors(True)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[object]], right_from: int = 99,
               right_to: int = 99, ids: Sequence[int] | None = None) -> None:
    """Columns ``right_from`` to ``right_to`` (inclusive) hold figures and align right;
    ``ids`` (the record of each row) are kept on the first cell for actions on a selection."""
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = read_only_item(number(value), right=right_from <= c <= right_to)
            if c == 0 and ids is not None:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            table.setItem(r, c, item)


def selected_id(table: QTableWidget) -> int | None:
    row = table.currentRow()
    item = table.item(row, 0) if row >= 0 else None
    value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
    return int(value) if value is not None else None


class OutreachSection(QWidget):
    """A section of the Outreach tab; what it saves is announced as "outreach" by the door."""

    IMPORT_KIND: ImportKind | None = None

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.year = 2019
        self.status = QLabel(objectName="status")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(28)
        self.problems = QListWidget(objectName="import_problems")
        self.problems.setMaximumHeight(110)
        self.problems.hide()
        self.fields: dict[str, QWidget] = {}

    def title(self) -> str:
        raise NotImplementedError

    def make_void_bar(self, table: QTableWidget, void: Callable[[Session, Actor, int, str], object]) -> QWidget:
        """Managers take a mistaken record out of the totals, with a reason (it stays, audited)."""
        bar = QWidget()
        bar.setObjectName("void_bar")
        self.void_reason = line("void_reason", self.tr("why the selected record is void"))
        self.void_reason.setMinimumWidth(280)
        self.void_button = QPushButton(self.tr("Void selected"))
        self.void_button.setObjectName("void_button")
        row = QHBoxLayout(bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.void_reason)
        row.addWidget(self.void_button)
        self.fields["reason"] = self.void_reason

        def run_void() -> None:
            record_id, reason = selected_id(table), self.void_reason.text()
            if record_id is None:
                self.say(self.tr("Select the record to void in the list first."), error=True)
                return
            if self.run(lambda s: void(s, self.context.actor, record_id, reason), self.tr("Voided.")) is not None:
                self.void_reason.clear()

        self.void_button.clicked.connect(run_void)
        bar.setVisible(self.context.actor.role.rank >= Role.MANAGER.rank)
        return bar

    def set_year(self, year: int) -> None:
        self.year = year
        self.refresh()

    def refresh(self) -> None:
        """Reload from the database."""

    # -- running services ----------------------------------------------------------------

    def run(self, action: Callable[[Session], T], done: str | None = None) -> T | None:
        """Save through the door (retried while the database is busy, announced as
        "outreach"); show its refusal (and focus the field it names). With ``done``, say it
        and reload this section."""
        result = ops.run(self.context, action, parent=self, on_error=self._refused, changes=AREA)
        if result is None:
            return None
        if done is not None:
            self.say(done)
            self.refresh()
        return result.value

    def _refused(self, err: WorkstationError) -> None:
        self.say(error_text(err), error=True)
        if isinstance(err, ValidationError) and err.field in self.fields:
            self.fields[err.field].setFocus()

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        if not error:
            self.problems.clear()
            self.problems.hide()

    # -- importing -----------------------------------------------------------------------

    def choose_import_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import"), "", self.tr("Spreadsheets (*.xlsx *.csv)"))
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> ops.Job:
        """Read the file and save its rows on the worker thread; the answer comes back here."""
        kind = self.IMPORT_KIND
        assert kind is not None

        def refused(err: WorkstationError) -> None:
            self.say(error_text(err), error=True)
            if isinstance(err, ImportRejected):
                self.problems.clear()
                for problem in err.problems:
                    self.problems.addItem(self.tr("Row {row}: {reason}").format(
                        row=problem.row, reason=error_text(problem.error)))
                self.problems.show()

        def imported(result: ImportResult) -> None:
            self.say(self.tr("{file}: {n} rows imported.").format(file=path.name, n=result.imported))
            self.refresh()

        return ops.background(self.context, lambda s, _progress: import_file(s, self.context.actor, kind, path),
                              parent=self, label=self.tr("Importing {file}…").format(file=path.name),
                              on_done=imported, on_error=refused, changes=AREA)


def line(name: str, placeholder: str = "", width: int | None = None) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    if width is not None:
        edit.setMaximumWidth(width)
    return edit
