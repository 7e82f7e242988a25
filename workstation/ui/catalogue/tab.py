"""The Catalogue tab (编目): MARC import with a preview, MARC export, and readers and open
loans from an old system. Every action goes through the door (``ui.ops``): the file is
checked and previewed on the worker, the import runs there in one transaction with its
progress bar, and a refused import shows each problem (record or row, tag or column,
reason), which can be saved as a workbook. Keyboard: each button has an Alt shortcut, and
Tab walks the fields in order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import WorkstationError
from workstation.models import Role, ServicePoint, ServicePointKind
from workstation.services.catalogue import marc_export, marc_import, migration
from workstation.ui import ops
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))


class CatalogueTab(BaseTab):
    OBJECT_NAME = "catalogue_tab"
    MIN_ROLE = Role.DESK

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.marc_path: Path | None = None
        self.marc_problems: list[marc_import.Problem] = []
        self.old_path: Path | None = None
        self.old_result: migration.MigrationResult | None = None
        self.field_labels = {
            "card_number": self.tr("Card number"), "name": self.tr("Name"), "category": self.tr("Reader category"),
            "id_type": self.tr("ID type"), "id_number": self.tr("ID number"), "phone": self.tr("Phone"),
            "valid_until": self.tr("Valid until"), "deposit": self.tr("Deposit"), "barcode": self.tr("Barcode"),
            "lent_on": self.tr("Lent on"), "due_on": self.tr("Due on"), "renewals": self.tr("Renewals so far")}
        layout = QVBoxLayout(self)
        layout.addWidget(self._marc_box(), 1)
        row = QHBoxLayout()
        row.addWidget(self._export_box())
        row.addWidget(self._old_box(), 1)
        layout.addLayout(row, 1)

    def title(self) -> str:
        return self.tr("Catalogue")

    # -- MARC import ------------------------------------------------------------------

    def _marc_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Import MARC (ISO 2709 .iso/.mrc or MARCXML)"))
        self.marc_file = QLabel(self.tr("No file chosen."), objectName="marcFile")
        choose = QPushButton(self.tr("&Choose MARC file…"), objectName="marcChoose")
        choose.clicked.connect(self.choose_marc)
        self.marc_format = QComboBox(objectName="marcFormat")
        for value, label in (("auto", self.tr("detect")), ("cnmarc", "CNMARC"), ("marc21", "MARC21")):
            self.marc_format.addItem(label, value)
        self.marc_encoding = QComboBox(objectName="marcEncoding")
        for value, label in (("auto", self.tr("detect")), ("utf-8", "UTF-8"), ("gb18030", "GB18030 (GBK)"),
                             ("marc-8", "MARC-8")):
            self.marc_encoding.addItem(label, value)
        self.marc_duplicates = QComboBox(objectName="marcDuplicates")
        for value, label in (("merge", self.tr("merge the copies into the record already there")),
                             ("skip", self.tr("skip the record")), ("report", self.tr("report and import nothing"))):
            self.marc_duplicates.addItem(label, value)
        self.marc_good_only = QCheckBox(self.tr("Import the good records only"), objectName="marcGoodOnly")
        self.marc_info = QLabel(objectName="marcInfo")
        self.marc_info.setWordWrap(True)
        self.marc_preview = _table([self.tr("Record"), self.tr("Title"), self.tr("Responsibility"), "ISBN",
                                    self.tr("Publisher"), self.tr("Year"), self.tr("CLC class"), self.tr("Copies")],
                                   "marcPreview")
        self.marc_errors = _table([self.tr("Record"), self.tr("Tag"), self.tr("Problem"), self.tr("Left out")],
                                  "marcErrors")
        self.marc_progress = QProgressBar(objectName="marcProgress")
        self.marc_progress.hide()
        self.marc_import = QPushButton(self.tr("&Import"), objectName="marcImport")
        self.marc_import.setEnabled(False)
        self.marc_import.clicked.connect(self.run_marc)
        self.marc_save = QPushButton(self.tr("Save &problem list…"), objectName="marcSaveProblems")
        self.marc_save.setEnabled(False)
        self.marc_save.clicked.connect(self.save_marc_problems)
        top = QHBoxLayout()
        top.addWidget(self.marc_file, 1)
        top.addWidget(choose)
        options = QHBoxLayout()
        for label, widget in ((self.tr("Format"), self.marc_format), (self.tr("Encoding"), self.marc_encoding),
                              (self.tr("Duplicates"), self.marc_duplicates)):
            options.addWidget(QLabel(label))
            options.addWidget(widget)
        options.addWidget(self.marc_good_only)
        options.addStretch()
        bottom = QHBoxLayout()
        bottom.addWidget(self.marc_progress, 1)
        bottom.addStretch()
        bottom.addWidget(self.marc_save)
        bottom.addWidget(self.marc_import)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.marc_info)
        layout.addWidget(self.marc_preview, 2)
        layout.addWidget(self.marc_errors, 1)
        layout.addLayout(bottom)
        return box

    def choose_marc(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("MARC file"), "",
                                              self.tr("MARC (*.iso *.mrc *.marc *.xml);;All files (*)"))
        if path:
            self.load_marc(Path(path))

    def load_marc(self, path: Path) -> ops.Job:
        """Check the whole file and preview its first records, on the worker."""
        self.marc_path = path
        self.marc_file.setText(str(path))
        self.marc_import.setEnabled(False)
        fmt, encoding = self.marc_format.currentData(), self.marc_encoding.currentData()

        def shown(preview: marc_import.MarcPreview) -> None:
            info = preview.info
            self.marc_info.setText(self.tr("{records} records, {format}, {encoding}.").format(
                records=f"{info.records:,}", format=info.format.upper(), encoding=info.encoding.upper()))
            _fill(self.marc_preview, [[str(r.number), r.fields.title, r.fields.responsibility, r.fields.isbn,
                                       r.fields.publisher, r.fields.pub_year, r.fields.clc_class,
                                       str(len(r.fields.copies))] for r in preview.first])
            _fill(self.marc_errors, [])
            self.marc_import.setEnabled(True)
            self.marc_import.setFocus()

        def refused(err: WorkstationError) -> None:
            _fill(self.marc_preview, [])
            self.marc_info.setText(error_text(err))
            QApplication.beep()

        return ops.background(self.context, lambda s, _p: marc_import.preview_marc(
            s, self.context.actor, path, fmt, encoding), parent=self,
            label=self.tr("Reading {file}…").format(file=path.name), on_done=shown, on_error=refused, writes=False)

    def run_marc(self) -> ops.Job | None:
        path = self.marc_path
        if path is None:
            return None
        options: dict[str, Any] = {"fmt": self.marc_format.currentData(), "encoding": self.marc_encoding.currentData(),
                                   "duplicates": self.marc_duplicates.currentData(),
                                   "good_only": self.marc_good_only.isChecked(),
                                   "home_point_id": self.context.actor.service_point_id}

        def done(result: marc_import.MarcImportResult) -> None:
            self._show_marc_problems(result.problems)
            self.marc_info.setText(self.tr("Imported: {added} new records, {merged} merged, {skipped} skipped, "
                                           "{items} copies.").format(added=result.records_added,
                                                                     merged=result.records_merged,
                                                                     skipped=result.records_skipped,
                                                                     items=result.items_added))
            self.marc_import.setEnabled(False)

        def refused(err: WorkstationError) -> None:
            if isinstance(err, marc_import.MarcImportRefused):
                self._show_marc_problems(err.result.problems)
            self.marc_info.setText(error_text(err))
            QApplication.beep()

        return ops.background(self.context, lambda s, progress: marc_import.import_marc(
            s, self.context.actor, path, progress=progress, **options), parent=self,
            label=self.tr("Importing {file}…").format(file=path.name), on_done=done, on_error=refused,
            changes="circulation", bar=self.marc_progress)

    def _show_marc_problems(self, problems: list[marc_import.Problem]) -> None:
        self.marc_problems = problems
        yes, no = self.tr("yes"), self.tr("no")
        _fill(self.marc_errors, [[str(p.record), p.tag, error_text(p.error) if p.error else p.reason,
                                  yes if p.blocking else no] for p in problems])
        self.marc_save.setEnabled(bool(problems))

    def save_marc_problems(self, path: Path | None = None) -> Path | None:
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Problem list"), "marc-problems.xlsx",
                                                  self.tr("Workbook (*.xlsx)"))
            if not name:
                return None
            path = Path(name)
        return marc_import.write_problems(self.marc_problems, path, error_text)

    # -- MARC export ------------------------------------------------------------------

    def _export_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Export MARC"))
        self.export_format = QComboBox(objectName="exportFormat")
        self.export_format.addItem("CNMARC", "cnmarc")
        self.export_format.addItem("MARC21", "marc21")
        self.export_encoding = QComboBox(objectName="exportEncoding")
        self.export_encoding.addItem("UTF-8", "utf-8")
        self.export_encoding.addItem("GB18030 (GBK)", "gb18030")
        self.export_since_on = QCheckBox(self.tr("Only changed since"), objectName="exportSinceOn")
        self.export_since = QDateEdit(QDate.currentDate().addMonths(-1), objectName="exportSince")
        self.export_since.setCalendarPopup(True)
        self.export_since.setDisplayFormat("yyyy-MM-dd")
        self.export_button = QPushButton(self.tr("E&xport…"), objectName="exportRun")
        self.export_button.clicked.connect(self.choose_export)
        self.export_status = QLabel(objectName="exportStatus")
        self.export_status.setWordWrap(True)
        form = QFormLayout(box)
        form.addRow(self.tr("Format"), self.export_format)
        form.addRow(self.tr("Encoding"), self.export_encoding)
        since = QHBoxLayout()
        since.addWidget(self.export_since_on)
        since.addWidget(self.export_since)
        form.addRow(since)
        form.addRow(self.export_button)
        form.addRow(self.export_status)
        return box

    def choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export MARC"), "catalogue.iso",
                                              self.tr("MARC (*.iso *.mrc);;MARCXML (*.xml)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> ops.Job:
        fmt, encoding = self.export_format.currentData(), self.export_encoding.currentData()
        since = self.export_since.date().toPython() if self.export_since_on.isChecked() else None
        assert since is None or isinstance(since, dt.date)

        def done(result: marc_export.ExportResult) -> None:
            self.export_status.setText(self.tr("{records} records, {items} copies written to {file}.").format(
                records=result.records, items=result.items, file=result.path.name))

        def refused(err: WorkstationError) -> None:
            self.export_status.setText(error_text(err))
            QApplication.beep()

        return ops.background(self.context, lambda s, progress: marc_export.export_marc(
            s, self.context.actor, path, fmt=fmt, encoding=encoding, since=since, progress=progress), parent=self,
            label=self.tr("Exporting…"), on_done=done, on_error=refused)

    # -- readers and open loans from an old system ------------------------------------

    def _old_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("From the old system: readers and open loans"))
        self.old_kind = QComboBox(objectName="oldKind")
        self.old_kind.addItem(self.tr("Readers"), "readers")
        self.old_kind.addItem(self.tr("Open loans"), "loans")
        self.old_kind.currentIndexChanged.connect(self._kind_changed)
        choose = QPushButton(self.tr("Choose &file…"), objectName="oldChoose")
        choose.clicked.connect(self.choose_old)
        self.old_file = QLabel(self.tr("No file chosen."), objectName="oldFile")
        self.old_preset = QComboBox(objectName="oldPreset")
        self.old_preset.activated.connect(lambda _i: self.apply_preset())
        self.old_desk = QComboBox(objectName="oldDesk")
        self.old_mapping = QTableWidget(0, 2, objectName="oldMapping")
        self.old_mapping.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Column of the file")])
        self.old_mapping.horizontalHeader().setStretchLastSection(True)
        self.old_mapping.verticalHeader().hide()
        self.old_errors = _table([self.tr("Row"), self.tr("Column"), self.tr("Problem")], "oldErrors")
        self.old_status = QLabel(objectName="oldStatus")
        self.old_status.setWordWrap(True)
        self.old_progress = QProgressBar(objectName="oldProgress")
        self.old_progress.hide()
        self.old_import = QPushButton(self.tr("Import &all rows"), objectName="oldImport")
        self.old_import.setEnabled(False)
        self.old_import.clicked.connect(self.run_old)
        self.old_save_preset = QPushButton(self.tr("&Keep columns as preset…"), objectName="oldSavePreset")
        self.old_save_preset.clicked.connect(self.keep_preset)
        self.old_report = QPushButton(self.tr("Save migration &report…"), objectName="oldReport")
        self.old_report.setEnabled(False)
        self.old_report.clicked.connect(self.save_report)
        form = QFormLayout()
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.old_kind)
        kind_row.addWidget(self.old_file, 1)
        kind_row.addWidget(choose)
        form.addRow(self.tr("What"), kind_row)
        form.addRow(self.tr("Column preset"), self.old_preset)
        form.addRow(self.tr("Desk"), self.old_desk)
        buttons = QHBoxLayout()
        buttons.addWidget(self.old_progress, 1)
        buttons.addStretch()
        buttons.addWidget(self.old_save_preset)
        buttons.addWidget(self.old_report)
        buttons.addWidget(self.old_import)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        tables = QHBoxLayout()
        tables.addWidget(self.old_mapping, 1)
        tables.addWidget(self.old_errors, 2)
        layout.addLayout(tables)
        layout.addWidget(self.old_status)
        layout.addLayout(buttons)
        self.header: list[str] = []
        self.saved: dict[str, dict[str, str]] = {}
        self._load_desks()
        self._kind_changed()
        return box

    def _load_desks(self) -> None:
        def desks(s: Session) -> list[tuple[int, str]]:
            kinds = (ServicePointKind.LENDING_DESK, ServicePointKind.BOOKMOBILE)
            return [(p.id, p.name) for p in s.scalars(select(ServicePoint).where(
                ServicePoint.kind.in_(kinds), ServicePoint.active.is_(True)).order_by(ServicePoint.sort_order))]

        rows = ops.read(self.context, desks)
        for pid, name in rows:
            self.old_desk.addItem(name, pid)
        mine = self.old_desk.findData(self.context.actor.service_point_id)
        if mine >= 0:
            self.old_desk.setCurrentIndex(mine)

    def _kind(self) -> str:
        return str(self.old_kind.currentData())

    def _kind_changed(self) -> None:
        kind = self._kind()
        self.saved = ops.read(self.context, lambda s: migration.saved_presets(s, kind))
        self.old_preset.clear()
        for name in (*migration.PRESETS[migration.Kind(kind)], *self.saved):
            self.old_preset.addItem(name, name)
        fields = migration.FIELDS[migration.Kind(kind)]
        self.old_mapping.setRowCount(len(fields))
        for r, name in enumerate(fields):
            label = self.field_labels.get(name, name)
            item = QTableWidgetItem(label + (" *" if name in migration.REQUIRED[migration.Kind(kind)] else ""))
            self.old_mapping.setItem(r, 0, item)
            self.old_mapping.setCellWidget(r, 1, QComboBox(objectName=f"column_{name}"))
        self._fill_columns()
        self.old_result = None
        self.old_report.setEnabled(False)

    def _fill_columns(self) -> None:
        for r in range(self.old_mapping.rowCount()):
            combo = self.old_mapping.cellWidget(r, 1)
            assert isinstance(combo, QComboBox)
            combo.clear()
            combo.addItem("—", "")
            for h in self.header:
                combo.addItem(h, h)
        self.apply_preset()

    def choose_old(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("File from the old system"), "",
                                              self.tr("Table (*.csv *.xlsx)"))
        if path:
            self.load_old(Path(path))

    def load_old(self, path: Path) -> None:
        try:
            self.header = migration.read_header(path)
        except WorkstationError as err:
            self.old_status.setText(error_text(err))
            QApplication.beep()
            return
        self.old_path = path
        self.old_file.setText(path.name)
        self._fill_columns()
        self.old_import.setEnabled(True)
        self.old_status.setText(self.tr("Check the columns, choose the desk, then import."))

    def mapping(self) -> dict[str, str]:
        fields = migration.FIELDS[migration.Kind(self._kind())]
        out = {}
        for r, name in enumerate(fields):
            combo = self.old_mapping.cellWidget(r, 1)
            assert isinstance(combo, QComboBox)
            if combo.currentData():
                out[name] = str(combo.currentData())
        return out

    def apply_preset(self) -> None:
        name = self.old_preset.currentData()
        if not name or not self.header:
            return
        kind = self._kind()
        chosen = self.saved.get(name) if name in self.saved else \
            migration.mapping_from_preset(kind, name, self.header)
        fields = migration.FIELDS[migration.Kind(kind)]
        for r, field_name in enumerate(fields):
            combo = self.old_mapping.cellWidget(r, 1)
            assert isinstance(combo, QComboBox)
            index = combo.findData((chosen or {}).get(field_name, ""))
            combo.setCurrentIndex(max(index, 0))

    def keep_preset(self, name: str | None = None) -> None:
        if name is None:
            from PySide6.QtWidgets import QInputDialog

            name, ok = QInputDialog.getText(self, self.tr("Keep columns"), self.tr("Name of the preset:"))
            if not ok:
                return
        kind, mapping, preset = self._kind(), self.mapping(), name
        done = ops.run(self.context, lambda s: migration.save_preset(s, self.context.actor, kind, preset, mapping),
                       parent=self, on_error=lambda err: self.old_status.setText(error_text(err)))
        if done is not None:
            self.saved[preset] = mapping
            if self.old_preset.findData(preset) < 0:
                self.old_preset.addItem(preset, preset)
            self.old_preset.setCurrentIndex(self.old_preset.findData(preset))
            self.old_status.setText(self.tr("Columns kept as {name}.").format(name=preset))

    def run_old(self) -> ops.Job | None:
        path = self.old_path
        if path is None:
            return None
        kind, mapping, point = self._kind(), self.mapping(), self.old_desk.currentData()
        action = migration.import_readers if kind == "readers" else migration.import_loans

        def done(result: migration.MigrationResult) -> None:
            self.old_result = result
            _fill(self.old_errors, [])
            self.old_status.setText(self.tr("{added} of {rows} rows imported.").format(added=result.added,
                                                                                        rows=result.rows))
            self.old_import.setEnabled(False)
            self.old_report.setEnabled(True)

        def refused(err: WorkstationError) -> None:
            if isinstance(err, migration.MigrationRefused):
                self.old_result = err.result
                _fill(self.old_errors, [[str(p.row), p.column, error_text(p.error)] for p in err.result.problems])
                self.old_report.setEnabled(True)
            self.old_status.setText(error_text(err))
            QApplication.beep()

        return ops.background(self.context, lambda s, progress: action(
            s, self.context.actor, path, mapping, service_point_id=point, progress=progress), parent=self,
            label=self.tr("Importing {file}…").format(file=path.name), on_done=done, on_error=refused,
            changes="circulation", bar=self.old_progress)

    def save_report(self, path: Path | None = None) -> Path | None:
        if self.old_result is None:
            return None
        if path is None:
            name, _ = QFileDialog.getSaveFileName(self, self.tr("Migration report"), "migration-report.xlsx",
                                                  self.tr("Workbook (*.xlsx)"))
            if not name:
                return None
            path = Path(name)
        return migration.write_report(self.old_result, path, error_text)
