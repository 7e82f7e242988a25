"""The Reports tab (managers): the year's figures (业务统计, with the comparison year and
every breakdown row), and the yearly statistics workbook for the culture and tourism
bureau. The figures are read and the file is written on the door's worker thread with its
own database session, so the window stays responsive; a progress bar follows the sheets.

Enter or a double click on a figure opens the records behind it (``reports.drilldown``),
their count or sum equal to the figure; a typed total says it has none. With branches
(总分馆) a chooser shows the city's figures or one library's; the workbook holds them all.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workstation.models import Role
from workstation.reports import drilldown, statistics
from workstation.reports.figures import YearFigures
from workstation.reports.workbook import write_workbook
from workstation.timeutil import today
from workstation.ui import ops
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text
from workstation.ui.models.rows import RowsTableModel
from workstation.ui.statistics.library_choice import LibraryChoice
from workstation.ui.statistics.records_dialog import RecordsDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _write(session: Session, progress: ops.Progress, year: int, target: Path) -> tuple[Path | None, str]:
    """On the worker: the year's figures in one read-only transaction, then the file. A
    file that cannot be written is an answer (the reason), not a bug."""
    progress(0, 1)
    data = statistics.workbook_figures(session, year)
    try:
        return write_workbook(data, target, progress=progress), ""
    except OSError as err:
        return None, f"{err.strerror or err} ({err.filename or target})"


class ReportsTab(BaseTab):
    OBJECT_NAME = "reports_tab"
    MIN_ROLE = Role.MANAGER

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.year = QSpinBox(objectName="report_year")
        self.year.setRange(1990, today().year)
        self.year.setValue(today().year - 1)  # the report is written for the year just ended
        self.year.setMaximumWidth(120)
        self.path = QLineEdit(objectName="report_path")
        self.year.valueChanged.connect(lambda _v: self._suggest_path())
        browse = QPushButton(self.tr("Choose…"), objectName="report_browse")
        browse.clicked.connect(self._browse)
        self.write_button = QPushButton(self.tr("Write workbook"), objectName="report_write")
        self.write_button.clicked.connect(self.write)
        self.progress = QProgressBar(objectName="report_progress")
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.result = QLabel(objectName="report_result")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        about = QLabel(self.tr(
            "The workbook holds the yearly figures with the previous year and the change, "
            "monthly sheets with charts, the digitization projects, the activities (chronicle first) "
            "and the mapping to the ministry's public-library form. With branches it has these "
            "figures and the form for the whole city and for each library. Every number comes from the "
            "records in the database."))
        about.setWordWrap(True)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.library = LibraryChoice(context, "report_library")
        self.library.currentIndexChanged.connect(lambda _i: self.refresh())
        form = QFormLayout()
        form.addRow(self.tr("Year"), self.year)
        form.addRow(self.tr("Library"), self.library)
        self.library_label = form.labelForField(self.library)
        self.library_label.setVisible(self.library.count() > 0)
        form.addRow(self.tr("File"), file_row)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.write_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)

        self.figures_label = QLabel(objectName="report_figures_label")
        self.figures = RowsTableModel([], self)
        self.figures_view = QTableView(objectName="report_figures")
        self.figures_view.setModel(self.figures)
        self.figures_view.verticalHeader().hide()
        self.figures_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.figures_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.figures_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.figures_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.figures_view.activated.connect(self.open_figure)  # Enter, or a double click
        layout.addWidget(self.figures_label)
        layout.addWidget(self.figures_view, 1)
        self.job: ops.Job | None = None
        self.figures_job: ops.Job | None = None
        self.data: YearFigures | None = None
        self.dialog: RecordsDialog | None = None
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self._suggest_path()

    def title(self) -> str:
        return self.tr("Reports")

    # -- the figures and the records behind them ----------------------------------------------

    def refresh(self) -> None:
        """Read the chosen year's figures on the worker and show them in the table."""
        self.library.reload()  # a branch added meanwhile
        self.library_label.setVisible(self.library.count() > 0)
        year, library_id = self.year.value(), self.library.library_id()
        self.figures_label.setText(self.tr("Reading the figures of {year}…").format(year=year))

        def shown(data: YearFigures) -> None:
            if (data.year, data.library_id) == (self.year.value(), self.library.library_id()):  # still the choice
                self._show_figures(data)

        self.figures_job = ops.background(self.context,
                                          lambda s, _p: statistics.year_figures(s, year, library_id=library_id),
                                          parent=self.figures_view, label=self.tr("Reading the figures…"),
                                          on_done=shown, writes=False)

    def figures_loading(self) -> bool:
        return self.figures_job is not None and not self.figures_job.done

    def _show_figures(self, data: YearFigures) -> None:
        self.data = data
        self.figures.set_headers([self.tr("Figure"), self.tr("Unit"), str(data.year), str(data.previous_year),
                                  self.tr("Change")])
        rows: list[tuple[object, ...]] = []
        keys: list[tuple[str, str | None]] = []
        central = self.tr("counted at the central library")
        for figure in data.figures:
            if figure.key in data.at_central:  # kept by the central library: not this branch's to count
                rows.append((figure.label, figure.unit, central, central, ""))
                keys.append((figure.key, None))
                continue
            change = "" if figure.change is None else f"{figure.change:+.1%}"
            rows.append((figure.label, figure.unit, figure.value, figure.previous, change))
            keys.append((figure.key, None))
            for part in figure.parts:
                rows.append((f"    {part.label}", figure.unit, part.value, part.previous, ""))
                keys.append((figure.key, part.label))
        self.figures.set_rows(rows, keys=keys)
        text = self.tr("Figures of {year} compared with {other}: press Enter or double-click a figure to list the "
                       "records behind it.").format(year=data.year, other=data.previous_year)
        if self.library.count():
            text = f"{data.library} · {text}"
        if data.at_central:
            text += " " + self.tr("Visitors, activities, volunteers and the typed figures are recorded by the "
                                  "central library and counted in its figures.")
        self.figures_label.setText(text)

    def open_figure(self, index: QModelIndex | QPersistentModelIndex) -> RecordsDialog | None:
        """The records behind the figure at ``index``: this year's, or the comparison year's
        when its column is chosen."""
        if self.data is None or not index.isValid():
            return None
        key, part = self.figures.key(index.row())
        row = self.figures.row_values(index.row())
        previous = index.column() == 3
        year = self.data.previous_year if previous else self.data.year
        value = row[3] if previous else row[2]
        library_id = self.data.library_id
        if key in self.data.at_central:
            return None
        records = ops.read(self.context, lambda s: drilldown.figure_records(s, year, key, part, library_id))
        title = f"{row[0].strip()} · {year}"
        self.dialog = RecordsDialog(title, value if isinstance(value, int | Decimal) else 0, records,
                                    folder=self._folder(), parent=self)
        self.dialog.open()
        return self.dialog

    def _folder(self) -> Path:
        return Path(str(self.context.settings.value("reports/folder", str(Path.home()))))

    def _suggest_path(self) -> None:
        current = self.path.text().strip()
        folder = Path(current).parent if current else self._folder()
        self.path.setText(str(folder / self.tr("statistics-{year}.xlsx").format(year=self.year.value())))

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the workbook"), self.path.text(),
                                                    self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.path.setText(path if path.lower().endswith(".xlsx") else f"{path}.xlsx")

    def busy(self) -> bool:
        return self.job is not None

    def write(self) -> None:
        if self.busy():
            return
        text = self.path.text().strip()
        if not text:
            self._failed(self.tr("Choose a file to write."))
            return
        target = Path(text).expanduser()
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        if not target.parent.is_dir():
            self._failed(self.tr("The folder {folder} does not exist.").format(folder=str(target.parent)))
            return
        self.write_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Reading the figures of {year}…").format(year=self.year.value()))
        year = self.year.value()

        def written(result: tuple[Path | None, str]) -> None:
            path, problem = result
            if path is None:
                self._failed(problem)
            else:
                self._finished(year, path)

        self.job = ops.background(self.context, lambda s, progress: _write(s, progress, year, target),
                                  parent=self.write_button, label=self.tr("Writing the workbook…"),
                                  on_done=written, on_error=lambda err: self._failed(error_text(err)),
                                  on_progress=self._progress, writes=False)
        self.job.finished.connect(self._job_done)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if label:
            self.result.setText(self.tr("Writing {sheet}…").format(sheet=label))

    def _finished(self, year: int, path: Path) -> None:
        self.context.settings.setValue("reports/folder", str(path.parent))
        self.progress.setValue(self.progress.maximum())
        self.result.setStyleSheet("color: #2e7d32;")
        self.result.setText(self.tr("The workbook for {year} was written to {path}").format(year=year, path=str(path)))

    def _failed(self, message: str) -> None:
        self.result.setStyleSheet("color: #c62828; font-weight: bold;")
        self.result.setText(self.tr("The workbook was not written: {reason}").format(reason=message))
        self.write_button.setEnabled(True)

    def _job_done(self, _ok: bool) -> None:
        self.job = None
        self.write_button.setEnabled(True)
