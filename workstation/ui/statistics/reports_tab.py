"""The Reports tab (managers): write the yearly statistics workbook for the culture and
tourism bureau. The figures are read and the file is written in a worker thread with its
own database session, so the window stays responsive; a progress bar follows the sheets.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workstation.db import Database
from workstation.errors import WorkstationError
from workstation.models import Role
from workstation.reports import statistics
from workstation.reports.workbook import write_workbook
from workstation.timeutil import today
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text


class WorkbookJob(QObject):
    """Runs in a worker thread: one read-only transaction for the figures, then the file."""

    progress = Signal(int, int, str)
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, db: Database, year: int, target: Path) -> None:
        super().__init__()
        self.db = db
        self.year = year
        self.target = target

    @Slot()
    def run(self) -> None:
        try:
            self.progress.emit(0, 1, "")
            with self.db.begin() as session:
                data = statistics.year_figures(session, self.year)
            path = write_workbook(data, self.target, progress=self.progress.emit)
        except WorkstationError as err:
            self.failed.emit(error_text(err))
        except OSError as err:
            self.failed.emit(f"{err.strerror or err} ({err.filename or self.target})")
        else:
            self.finished.emit(str(path))


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
            "and the mapping to the ministry's public-library form. Every number comes from the "
            "records in the database."))
        about.setWordWrap(True)

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Year"), self.year)
        form.addRow(self.tr("File"), file_row)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.write_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.worker_thread: QThread | None = None
        self.job: WorkbookJob | None = None
        self._suggest_path()

    def title(self) -> str:
        return self.tr("Reports")

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
        return self.worker_thread is not None

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
        self.worker_thread = QThread(self)
        self.job = WorkbookJob(self.context.db, self.year.value(), target)
        self.job.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.job.run)
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.job.finished.connect(self.worker_thread.quit)
        self.job.failed.connect(self.worker_thread.quit)
        self.worker_thread.finished.connect(self._thread_done)
        self.worker_thread.start()

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if label:
            self.result.setText(self.tr("Writing {sheet}…").format(sheet=label))

    def _finished(self, path: str) -> None:
        self.context.settings.setValue("reports/folder", str(Path(path).parent))
        self.progress.setValue(self.progress.maximum())
        self.result.setStyleSheet("color: #2e7d32;")
        self.result.setText(self.tr("The workbook for {year} was written to {path}").format(
            year=self.job.year if self.job else "", path=path))

    def _failed(self, message: str) -> None:
        self.result.setStyleSheet("color: #c62828; font-weight: bold;")
        self.result.setText(self.tr("The workbook was not written: {reason}").format(reason=message))
        self.write_button.setEnabled(True)

    def _thread_done(self) -> None:
        if self.worker_thread is not None:
            self.worker_thread.wait()
            self.worker_thread.deleteLater()
        if self.job is not None:
            self.job.deleteLater()
        self.worker_thread = None
        self.job = None
        self.write_button.setEnabled(True)
