"""Small forms of the Reading rooms tab: correcting a value with a reason, back-filling
a past count, and the report of a refused import.

They are shown with ``open()`` (window-modal, not blocking): the tab connects
``submitted`` and calls the service; a refused value keeps the form open with the message.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

ERROR_STYLE = "color: #b71c1c; font-weight: bold;"


class CorrectionDialog(QDialog):
    """New value and reason for one entry; the old value is shown and kept."""

    submitted = Signal(str, str)  # new value, reason

    def __init__(self, what: str, old_value: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("correction_dialog")
        self.setWindowTitle(self.tr("Correct a count"))
        form = QFormLayout()
        form.addRow(self.tr("Entry"), QLabel(what))
        form.addRow(self.tr("Old value"), QLabel(str(old_value), objectName="old_value"))
        self.value = QLineEdit(objectName="new_value")
        self.reason = QLineEdit(objectName="reason")
        self.reason.setPlaceholderText(self.tr("Why? (kept with the correction)"))
        form.addRow(self.tr("New value"), self.value)
        form.addRow(self.tr("Reason"), self.reason)
        self.error = QLabel(objectName="error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        self.submitted.emit(self.value.text(), self.reason.text())

    def show_error(self, text: str) -> None:
        self.error.setText(text)


class BackFillDialog(QDialog):
    """A count for a past moment of a room, with the reason it is entered late."""

    submitted = Signal(object, object, str, str)  # date, time, count, reason

    def __init__(self, room_name: str, day: dt.date, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("back_fill_dialog")
        self.setWindowTitle(self.tr("Back-fill a count"))
        form = QFormLayout()
        form.addRow(self.tr("Room"), QLabel(room_name))
        self.day = QDateEdit(QDate(day.year, day.month, day.day), objectName="day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.time = QTimeEdit(QTime(10, 0), objectName="time")
        self.time.setDisplayFormat("HH:mm")
        self.count = QLineEdit(objectName="count")
        self.reason = QLineEdit(objectName="reason")
        self.reason.setPlaceholderText(self.tr("Why is it entered late? (e.g. from the paper sheet)"))
        form.addRow(self.tr("Date"), self.day)
        form.addRow(self.tr("Time"), self.time)
        form.addRow(self.tr("Readers"), self.count)
        form.addRow(self.tr("Reason"), self.reason)
        self.error = QLabel(objectName="error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _submit(self) -> None:
        d = self.day.date()
        t = self.time.time()
        self.submitted.emit(dt.date(d.year(), d.month(), d.day()), dt.time(t.hour(), t.minute()),
                            self.count.text(), self.reason.text())

    def show_error(self, text: str) -> None:
        self.error.setText(text)


class ImportReportDialog(QDialog):
    """The rows of a refused import, each with its number and reason."""

    def __init__(self, summary: str, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_report")
        self.setWindowTitle(self.tr("Import refused"))
        self.summary = QLabel(summary, objectName="summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.text = QPlainTextEdit(objectName="report")
        self.text.setReadOnly(True)
        self.text.setPlainText("\n".join(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 360)
