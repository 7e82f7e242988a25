"""The records behind one figure, in a dialog: how many there are and what they add up to
(equal to the figure), the list (at most ``statistics.DRILL_LIMIT`` rows), and an export
to CSV. A typed or imported total says it has no records instead of showing an empty list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.reports import drilldown
from workstation.reports.statistics import Records
from workstation.ui.models.rows import RowsTableModel


def _number(value: int | Decimal) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,f}".rstrip("0").rstrip(".")


def cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


class RecordsDialog(QDialog):
    """``records`` None: the figure is a typed or imported total (no records)."""

    def __init__(self, title: str, figure: int | Decimal, records: Records | None, *, folder: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("records_dialog")
        self.setWindowTitle(title)
        self.records = records
        self.folder = folder
        self.exported: Path | None = None
        names = {
            "id": self.tr("No."), "day": self.tr("Date"), "point": self.tr("Service point"),
            "barcode": self.tr("Barcode"), "title": self.tr("Title"), "class": self.tr("Class"),
            "card": self.tr("Reader card"), "renewal": self.tr("Renewal no."), "room": self.tr("Room"),
            "count": self.tr("Count"), "note": self.tr("Note"), "visitors": self.tr("Visitors"),
            "category": self.tr("Category"), "participants": self.tr("Participants"),
            "online": self.tr("Online views"), "source": self.tr("Source"), "type": self.tr("Type"),
            "quantity": self.tr("Quantity"), "vehicle": self.tr("Vehicle"), "volunteer": self.tr("Volunteer"),
            "organisation": self.tr("Organisation"), "hours": self.tr("Hours"), "place": self.tr("Place"),
            "batch": self.tr("Batch"),
        }
        sources = {"catalogued": self.tr("catalogued"), "batch": self.tr("registered in a batch")}
        self.count = QLabel(objectName="records_count")
        self.count.setWordWrap(True)
        self.model = RowsTableModel([], self)
        self.view = QTableView(objectName="records_view")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.export_button = QPushButton(self.tr("Export CSV…"), objectName="records_export")
        self.export_button.clicked.connect(self._ask_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.headers: list[str] = []
        if records is None:
            self.count.setText(self.tr("This figure is a typed value; it has no records behind it."))
            self.view.hide()
            self.export_button.setEnabled(False)
            self.resize(420, 140)
            return
        self.headers = [names.get(h, h) for h in records.headers]
        self.model.set_headers(self.headers)
        source = records.headers.index("source") if "source" in records.headers else -1
        self.model.set_rows([tuple(str(v) if i == 0 else sources.get(v, v) if i == source else cell(v)
                                   for i, v in enumerate(row)) for row in records.rows], keys=list(records.ids))
        if records.measure is None:
            text = self.tr("{total} records: the figure is {figure}.")
        else:
            text = self.tr("{total} records; their {column} add up to {amount}: the figure is {figure}.")
        if records.total > len(records.rows):
            text += " " + self.tr("The first {shown} are listed.")
        self.count.setText(text.format(total=_number(records.total), figure=_number(figure),
                                       column=names.get(records.measure or "", records.measure or ""),
                                       amount=_number(records.figure), shown=_number(len(records.rows))))
        self.resize(900, 560)

    def _ask_export(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export the records"),
                                                    str(self.folder / f"{self.windowTitle()}.csv"),
                                                    self.tr("CSV file (*.csv)"))
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> Path:
        """The listed records as CSV (UTF-8 with a byte-order mark, for Excel)."""
        if path.suffix.lower() != ".csv":
            path = path.with_suffix(".csv")
        rows = [self.model.row_values(r) for r in range(self.model.rowCount())]
        drilldown.write_csv(path, self.headers, rows)
        self.exported = path
        return path
