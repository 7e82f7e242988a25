"""The Admin tab's page of library-wide settings: the library's name, when an unattended
desk locks, and how long returned loans keep their reader (with anonymising on demand)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import WorkstationError
from workstation.services.admin import idle, library
from workstation.services.circulation import privacy
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import show_error

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class LibrarySettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.loaded: tuple[str, int, int] = ("", idle.DEFAULT_IDLE_MINUTES, privacy.DEFAULT_RETENTION_MONTHS)
        self.name = QLineEdit(objectName="library_name")
        self.name.setMaxLength(100)
        self.name.setPlaceholderText(self.tr("e.g. Changzhi City Library"))
        self.idle = QSpinBox(objectName="idle_minutes")
        self.idle.setRange(1, idle.MAX_IDLE_MINUTES)
        self.idle.setSuffix(self.tr(" min"))
        self.idle.setMaximumWidth(180)
        self.retention = QSpinBox(objectName="retention_months")
        self.retention.setRange(0, privacy.MAX_RETENTION_MONTHS)
        self.retention.setSuffix(self.tr(" months"))
        self.retention.setSpecialValueText(self.tr("keep everything"))
        self.retention.setMaximumWidth(180)
        self.save_button = QPushButton(self.tr("&Save settings"), objectName="save_settings")
        self.save_button.clicked.connect(self.save)

        form = QFormLayout()
        form.addRow(self.tr("Library name"), self.name)
        form.addRow("", self._hint(self.tr("Printed on the yearly statistics workbook.")))
        form.addRow(self.tr("Lock an unattended desk after"), self.idle)
        form.addRow("", self._hint(self.tr("Takes effect at each desk's next log-in.")))
        form.addRow(self.tr("Returned loans keep their reader for"), self.retention)
        form.addRow("", self._hint(self.tr("Older returned loans can be anonymised: they are moved to an "
                                           "anonymous reader of the same category, so every statistic stays "
                                           "the same. 0 keeps everything.")))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        settings = QGroupBox(self.tr("For every desk of the library"))
        inner = QVBoxLayout(settings)
        inner.addLayout(form)
        inner.addLayout(buttons)

        self.preview = QLabel(objectName="anonymise_preview")
        self.preview.setWordWrap(True)
        self.anonymise_button = QPushButton(self.tr("&Anonymise old loans now…"), objectName="anonymise")
        self.anonymise_button.clicked.connect(self.anonymise)
        retention = QGroupBox(self.tr("Anonymising old loans"))
        column = QVBoxLayout(retention)
        row = QHBoxLayout()
        row.addWidget(self.preview, 1)
        row.addWidget(self.anonymise_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(row)

        layout = QVBoxLayout(self)
        layout.addWidget(settings)
        layout.addWidget(retention)
        layout.addStretch(1)

    @staticmethod
    def _hint(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet("color: #555;")
        return label

    def refresh(self) -> None:
        with ops.reading(self.context) as s:
            self.loaded = (library.library_name(s), idle.idle_minutes(s), privacy.retention_months(s))
            preview = privacy.preview_anonymise(s, self.context.actor)
        self.name.setText(self.loaded[0])
        self.idle.setValue(self.loaded[1])
        self.retention.setValue(self.loaded[2])
        if preview.cutoff is None:
            text = self.tr("Returned loans keep their reader for ever (retention 0).")
        else:
            text = self.tr("{n} returned loans were returned before {day} and still show their reader.").format(
                n=f"{preview.loans:,}", day=preview.cutoff.isoformat())
        self.preview.setText(text)
        self.anonymise_button.setEnabled(preview.loans > 0)

    def save(self) -> None:
        """The settings changed since they were shown, in one transaction; each one changed
        leaves one audit entry, and one not touched is not rewritten."""
        name, minutes, months = self.loaded
        actor = self.context.actor

        def save(s: Session) -> None:
            if self.name.text() != name:
                library.set_library_name(s, actor, self.name.text())
            if self.idle.value() != minutes:
                idle.set_idle_minutes(s, actor, self.idle.value())
            if self.retention.value() != months:
                privacy.set_retention_months(s, actor, self.retention.value())

        def refused(err: WorkstationError) -> None:
            show_error(self, err)
            field = {"minutes": self.idle, "months": self.retention}.get(getattr(err, "field", ""), self.name)
            field.setFocus()

        if ops.run(self.context, save, parent=self, on_error=refused) is None:
            return
        # No other tab shows these settings (the idle lock reads its minutes at log-in), so
        # no data_changed: this page alone reloads.
        self.refresh()
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(self.tr("Settings saved."), 5000)

    def anonymise(self) -> ops.Job | None:
        answer = QMessageBox.question(
            self, self.tr("Anonymise old loans"),
            self.tr("{preview}\n\nMove them to the anonymous readers now? This cannot be undone; the statistics "
                    "stay the same.").format(preview=self.preview.text()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        # 15 s for 800,000 loans, in one transaction, on the door's worker: the window stays
        # alive, this page is disabled meanwhile (no second run inside the first), and the
        # progress dialog that appears after half a second can cancel (all is rolled back).

        def done(count: int) -> None:
            self.refresh()
            QMessageBox.information(self, self.tr("Anonymise old loans"),
                                    self.tr("{n} loans were anonymised.").format(n=f"{count:,}"))

        def refused(err: WorkstationError) -> None:
            self.refresh()
            show_error(self, err)

        return ops.background(
            self.context, lambda s, progress: privacy.anonymise_old_loans(s, self.context.actor, progress=progress),
            parent=self, label=self.tr("Anonymising old loans…"), on_done=done, on_error=refused,
            changes="circulation", cancellable=True)
