"""Reading rooms: count readers as easily as with Suma, see the day and the month, correct
and back-fill with a reason, take the entrance gate counter, and import spreadsheets.

All rules live in ``services/reading/counts.py``, ``services/reading/gate.py`` and
``services/reading/importer.py``; this tab shows their results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import WorkstationError
from workstation.models import Role, ServicePointKind
from workstation.models.reading import CountMethod
from workstation.services.reading import counts as reading
from workstation.services.reading import importer
from workstation.timeutil import LIBRARY_TZ, local_day, month_days, now_utc
from workstation.ui import ops
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text
from workstation.ui.reading.calendar import CLOSED, NOT_COUNTED, CountCalendar, to_date, to_qdate
from workstation.ui.reading.dialogs import BackFillDialog, CorrectionDialog, ImportReportDialog
from workstation.ui.reading.visitors import VisitorsPanel
from workstation.ui.widgets.tables import read_only_item

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from workstation.models.reading import HeadCount

AREA = "reading"
ERROR_STYLE = "color: #b71c1c; font-weight: bold; font-size: 14pt;"
OK_STYLE = "color: #1b5e20; font-size: 14pt;"
TAP_STYLE = ("QPushButton { font-size: 40pt; font-weight: bold; background: #1565c0; color: white; "
             "border-radius: 12px; } QPushButton:pressed { background: #0d47a1; }")


def _hhmm(moment: dt.datetime | None) -> str:
    return moment.astimezone(LIBRARY_TZ).strftime("%H:%M") if moment is not None else "—"


class ReadingTab(BaseTab):
    OBJECT_NAME = "reading_tab"
    MIN_ROLE = Role.DESK

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        # The clock the tab counts with; tests set a fixed moment.
        self.clock: Callable[[], dt.datetime] = now_utc
        self.dialog: CorrectionDialog | BackFillDialog | None = None
        self.report_dialog: ImportReportDialog | None = None
        self._history: list[reading.HistoryRow] = []

        self.room_combo = QComboBox(objectName="room_combo")
        self.room_combo.setMinimumWidth(220)
        self.room_combo.currentIndexChanged.connect(self._room_changed)
        self.room_combo.activated.connect(lambda _i: self.tap_button.setFocus())
        self.import_button = QPushButton(self.tr("Import…"), objectName="import_button")
        self.import_button.setToolTip(self.tr("Import headcounts, gate readings or visitor totals from CSV or XLSX"))
        self.import_button.clicked.connect(self.choose_import_file)
        self.import_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status = QLabel(objectName="reading_status")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(32)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Reading room")))
        top.addWidget(self.room_combo)
        top.addStretch(1)
        top.addWidget(self.import_button)

        self.pages = QTabWidget(objectName="reading_pages")
        self.pages.addTab(self._build_count_page(), self.tr("Count"))
        self.pages.addTab(self._build_days_page(), self.tr("Days and months"))
        self.visitors = VisitorsPanel(context, lambda: self.clock())
        self.pages.addTab(self.visitors, self.tr("Visitors"))
        self.pages.currentChanged.connect(lambda _i: self.refresh())

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.pages, 1)

    def title(self) -> str:
        return self.tr("Reading rooms")

    # -- building ------------------------------------------------------------------------

    def _build_count_page(self) -> QWidget:
        page = QWidget(objectName="count_page")
        self.tap_button = QPushButton("+1", objectName="tap_button")
        self.tap_button.setStyleSheet(TAP_STYLE)
        self.tap_button.setMinimumSize(260, 160)
        self.tap_button.setToolTip(self.tr("Count one reader (Space or + key)"))
        self.tap_button.clicked.connect(self.tap)
        hint = QLabel(self.tr("One reader: click, or press Space or +"))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.total_edit = QLineEdit(objectName="total_edit")
        self.total_edit.setPlaceholderText(self.tr("readers counted now, e.g. 23"))
        self.total_edit.returnPressed.connect(self.add_total)
        self.add_total_button = QPushButton(self.tr("Add total"), objectName="add_total_button")
        self.add_total_button.clicked.connect(self.add_total)
        self.empty_button = QPushButton(self.tr("Room empty (0)"), objectName="empty_button")
        self.empty_button.setToolTip(self.tr("Looked: nobody there. Records 0, which is not the same as not counted."))
        self.empty_button.clicked.connect(self.room_empty)
        typed = QGroupBox(self.tr("Typed count for a session"))
        tlay = QHBoxLayout(typed)
        tlay.addWidget(self.total_edit, 1)
        tlay.addWidget(self.add_total_button)

        # Only the count button and the typed field take the keyboard focus, so that Space
        # after clicking "room empty" counts a reader instead of clicking that button again.
        for button in (self.add_total_button, self.empty_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        left = QVBoxLayout()
        left.addWidget(self.tap_button, 3)
        left.addWidget(hint)
        left.addWidget(typed)
        left.addWidget(self.empty_button)
        left.addStretch(1)

        self.today_label = QLabel(objectName="today_label")
        bold = QFont(self.today_label.font())
        bold.setBold(True)
        self.today_label.setFont(bold)
        self.today_table = QTableWidget(0, 4, objectName="today_table")
        self.today_table.setHorizontalHeaderLabels(
            [self.tr("Room"), self.tr("Readers today"), self.tr("Counts"), self.tr("Last count")])
        self.today_table.verticalHeader().setVisible(False)
        self.today_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.today_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.today_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        right = QVBoxLayout()
        right.addWidget(self.today_label)
        right.addWidget(self.today_table)

        layout = QHBoxLayout(page)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        return page

    def _build_days_page(self) -> QWidget:
        page = QWidget(objectName="days_page")
        self.calendar = CountCalendar()
        self.calendar.currentPageChanged.connect(lambda _y, _m: self._load_month())
        self.calendar.selectionChanged.connect(self._load_day)
        legend = QLabel(self.tr("Green: counted (with the total). Red: not counted. Grey: library closed."))
        self.month_table = QTableWidget(0, 0, objectName="month_table")
        self.month_table.verticalHeader().setDefaultSectionSize(22)
        self.month_table.horizontalHeader().setDefaultSectionSize(34)
        self.month_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        self.day_label = QLabel(objectName="day_label")
        bold = QFont(self.day_label.font())
        bold.setBold(True)
        self.day_label.setFont(bold)
        self.day_table = QTableWidget(0, 6, objectName="day_table")
        self.day_table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Readers"), self.tr("How"),
                                                  self.tr("Entered by"), self.tr("Status"), self.tr("Note")])
        self.day_table.verticalHeader().setVisible(False)
        self.day_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.day_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.day_table.horizontalHeader().setStretchLastSection(True)
        self.correct_button = QPushButton(self.tr("Correct…"), objectName="correct_button")
        self.correct_button.clicked.connect(self.open_correction)
        self.back_fill_button = QPushButton(self.tr("Back-fill…"), objectName="back_fill_button")
        self.back_fill_button.clicked.connect(self.open_back_fill)
        buttons = QHBoxLayout()
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.back_fill_button)
        buttons.addStretch(1)

        grid = QGridLayout(page)
        grid.addWidget(self.calendar, 0, 0)
        grid.addWidget(legend, 1, 0)
        right = QVBoxLayout()
        right.addWidget(self.day_label)
        right.addWidget(self.day_table, 1)
        right.addLayout(buttons)
        grid.addLayout(right, 0, 1, 2, 1)
        grid.addWidget(QLabel(self.tr("All rooms this month")), 2, 0, 1, 2)
        grid.addWidget(self.month_table, 3, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        return page

    # -- state ---------------------------------------------------------------------------

    def today(self) -> dt.date:
        return local_day(self.clock())

    def room_id(self) -> int | None:
        data = self.room_combo.currentData()
        return int(data) if data is not None else None

    def refresh(self) -> None:
        current = self.room_id()
        rooms = ops.read(self.context, lambda s: [(r.id, r.name) for r in reading.reading_rooms(s)])
        self.room_combo.blockSignals(True)
        self.room_combo.clear()
        for rid, name in rooms:
            self.room_combo.addItem(name, rid)
        point = self.context.service_point
        wanted = current
        if wanted is None and point is not None and point.kind is ServicePointKind.READING_ROOM:
            wanted = point.id
        index = self.room_combo.findData(wanted) if wanted is not None else -1
        self.room_combo.setCurrentIndex(index if index >= 0 else 0)
        self.room_combo.blockSignals(False)
        self.calendar.today = self.today()
        self._load_today()
        self._load_month()
        self._load_day()
        if self.pages.currentWidget() is self.visitors:
            self.visitors.refresh()
        elif self.pages.currentIndex() == 0 and not isinstance(QApplication.focusWidget(), QLineEdit):
            self.tap_button.setFocus()

    def _room_changed(self, _index: int) -> None:
        self._load_today()
        self._load_month()
        self._load_day()

    def _say(self, text: str, error: bool) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)
        if error:
            QApplication.beep()

    def _changed(self) -> None:
        """After a change through the door (which announced it): this tab's views reload."""
        self._load_today()
        self._load_month()
        self._load_day()

    def _refused(self, err: WorkstationError) -> None:
        self._say(error_text(err), True)

    # -- counting ------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space or + anywhere on the count page (outside a text field) counts one reader."""
        if (event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Space) and self.pages.currentIndex() == 0
                and not isinstance(QApplication.focusWidget(), QLineEdit)):
            self.tap()
            event.accept()
            return
        super().keyPressEvent(event)

    def _room_or_complain(self) -> int | None:
        rid = self.room_id()
        if rid is None:
            self._say(self.tr("There is no reading room in service."), True)
        return rid

    def tap(self) -> None:
        rid = self._room_or_complain()
        if rid is None:
            return
        def tap(s: Session) -> tuple[HeadCount, int | None]:
            entry = reading.tap(s, self.context.actor, rid, at=self.clock())
            return entry, reading.day_total(s, rid, entry.local_day)

        done = ops.run(self.context, tap, parent=self, on_error=self._refused, changes=AREA)
        if done is None:
            return
        entry, total = done.value
        self._say(self.tr("{room}: 1 reader counted at {time}. Today: {total}.").format(
            room=self.room_combo.currentText(), time=_hhmm(entry.counted_at), total=total), False)
        self._changed()

    def ask_over_capacity(self, message: str) -> bool:
        """Ask whether an unusual count is right (tests replace this)."""
        answer = QMessageBox.question(self, self.tr("Check the count"), message)
        return answer == QMessageBox.StandardButton.Yes

    def add_total(self) -> None:
        rid = self._room_or_complain()
        if rid is None:
            return
        text = self.total_edit.text()
        confirm = False
        asked: list[WorkstationError] = []

        def record(s: Session) -> tuple[HeadCount, int | None]:
            entry = reading.record_count(s, self.context.actor, rid, text, at=self.clock(),
                                         confirm_over_capacity=confirm)
            return entry, reading.day_total(s, rid, entry.local_day)

        def refused(err: WorkstationError) -> None:
            if isinstance(err, reading.NeedsConfirmation) and not confirm and self.ask_over_capacity(
                    error_text(err)):
                asked.append(err)
                return
            self._say(error_text(err), True)
            if not isinstance(err, reading.NeedsConfirmation):
                self.total_edit.setFocus()
                self.total_edit.selectAll()

        done = ops.run(self.context, record, parent=self, on_error=refused, changes=AREA)
        if done is None and asked:
            confirm = True
            done = ops.run(self.context, record, parent=self, on_error=refused, changes=AREA)
        if done is None:
            return
        entry, total = done.value
        self.total_edit.clear()
        self.tap_button.setFocus()  # ready for the next tap by key
        self._say(self.tr("{room}: {count} readers counted at {time}. Today: {total}.").format(
            room=self.room_combo.currentText(), count=entry.count, time=_hhmm(entry.counted_at), total=total), False)
        self._changed()

    def room_empty(self) -> None:
        rid = self._room_or_complain()
        if rid is None:
            return
        done = ops.run(self.context, lambda s: reading.record_empty(s, self.context.actor, rid, at=self.clock()),
                       parent=self, on_error=self._refused, changes=AREA)
        if done is None:
            return
        entry = done.value
        self._say(self.tr("{room}: empty at {time} (0 recorded).").format(
            room=self.room_combo.currentText(), time=_hhmm(entry.counted_at)), False)
        self._changed()

    # -- views ---------------------------------------------------------------------------

    def _load_today(self) -> None:
        today = self.today()
        overview = ops.read(self.context, lambda s: reading.day_overview(s, today))
        self.today_label.setText(self.tr("Today, {day}").format(day=today.isoformat()))
        self.today_table.setRowCount(len(overview))
        for row, room in enumerate(overview):
            counted = room.total is not None
            cells = [read_only_item(room.room_name),
                     read_only_item(str(room.total) if counted else self.tr("not counted"), right=counted),
                     read_only_item(str(room.entries), right=True), read_only_item(_hhmm(room.last_at))]
            for col, item in enumerate(cells):
                if not counted:
                    item.setBackground(NOT_COUNTED)
                if room.room_id == self.room_id():
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.today_table.setItem(row, col, item)

    def _month_span(self) -> tuple[dt.date, dt.date]:
        return month_days(self.calendar.yearShown(), self.calendar.monthShown())

    def _load_month(self) -> None:
        first, last = self._month_span()
        today = self.today()
        totals, rooms, closed = ops.read(self.context, lambda s: (
            reading.room_totals(s, first, last, "day"), [(r.id, r.name) for r in reading.reading_rooms(s)],
            reading.closed_days(s, first, last)))
        rid = self.room_id()
        self.calendar.set_totals({t.period: t.total for t in totals if t.room_id == rid}, today, closed)
        known = {r for r, _ in rooms}
        rooms += sorted({(t.room_id, t.room_name) for t in totals if t.room_id not in known})
        by_cell = {(t.room_id, t.period.day): t.total for t in totals}
        days = last.day
        self.month_table.clear()
        self.month_table.setColumnCount(days + 1)
        self.month_table.setRowCount(len(rooms))
        self.month_table.setHorizontalHeaderLabels([str(d) for d in range(1, days + 1)] + [self.tr("Month")])
        self.month_table.setVerticalHeaderLabels([name for _, name in rooms])
        for row, (room_id, _name) in enumerate(rooms):
            month_total = 0
            for d in range(1, days + 1):
                value = by_cell.get((room_id, d))
                day = dt.date(first.year, first.month, d)
                if value is not None:
                    item = read_only_item(str(value), right=True)
                    month_total += value
                elif day in closed:
                    item = read_only_item(self.tr("closed"))
                    item.setBackground(CLOSED)
                elif day <= today:
                    item = read_only_item("—")
                    item.setBackground(NOT_COUNTED)
                    item.setToolTip(self.tr("not counted"))
                else:
                    item = read_only_item("")
                self.month_table.setItem(row, d - 1, item)
            total_item = read_only_item(str(month_total), right=True)
            total_item.setBackground(QColor("#e3f2fd"))
            self.month_table.setItem(row, days, total_item)
        self.month_table.setColumnWidth(days, 70)

    def selected_day(self) -> dt.date:
        return to_date(self.calendar.selectedDate())

    def show_day(self, day: dt.date) -> None:
        self.calendar.setSelectedDate(to_qdate(day))
        self._load_day()

    def _method_label(self, method: CountMethod) -> str:
        return {
            CountMethod.TAP: self.tr("tap"),
            CountMethod.TYPED: self.tr("typed"),
            CountMethod.EMPTY: self.tr("room empty"),
            CountMethod.IMPORTED: self.tr("imported"),
        }[method]

    def _load_day(self) -> None:
        rid = self.room_id()
        day = self.selected_day()
        self._history = []
        total: int | None = None
        if rid is not None:
            self._history, total = ops.read(self.context, lambda s: (reading.history(s, rid, day),
                                                                     reading.day_total(s, rid, day)))
        room = self.room_combo.currentText()
        if total is None:
            self.day_label.setText(self.tr("{room}, {day}: not counted").format(room=room, day=day.isoformat()))
        else:
            self.day_label.setText(self.tr("{room}, {day}: {total} readers").format(
                room=room, day=day.isoformat(), total=total))
        self.day_table.setRowCount(len(self._history))
        for row, entry in enumerate(self._history):
            if entry.current:
                status = self.tr("correction of {old}").format(old=entry.replaced_count) \
                    if entry.replaces_id is not None else self.tr("current")
            else:
                status = self.tr("corrected at {time}").format(
                    time=entry.superseded_at.astimezone(LIBRARY_TZ).strftime("%Y-%m-%d %H:%M")
                    if entry.superseded_at else "")
            cells = [read_only_item(_hhmm(entry.counted_at)), read_only_item(str(entry.count), right=True),
                     read_only_item(self._method_label(entry.method)), read_only_item(entry.staff_name),
                     read_only_item(status), read_only_item(entry.note)]
            for col, item in enumerate(cells):
                if not entry.current:
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                    item.setForeground(QColor("#757575"))
                self.day_table.setItem(row, col, item)

    # -- corrections and back-fills ------------------------------------------------------

    def selected_entry(self) -> reading.HistoryRow | None:
        rows = self.day_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._history):
            return None
        index: int = rows[0].row()
        found: reading.HistoryRow = self._history[index]
        return found

    def open_correction(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.current:
            self._say(self.tr("Select a current count of the day to correct."), True)
            return
        what = f"{self.room_combo.currentText()} {self.selected_day().isoformat()} {_hhmm(entry.counted_at)}"
        self.dialog = CorrectionDialog(what, entry.count, self)
        self.dialog.submitted.connect(lambda value, reason: self._correct(entry.id, value, reason))
        self.dialog.open()

    def _correct(self, entry_id: int, value: str, reason: str, confirm: bool = False) -> None:
        dialog = self.dialog
        assert dialog is not None
        done = ops.run(self.context, lambda s: reading.correct_count(
            s, self.context.actor, entry_id, value, reason, confirm_over_capacity=confirm),
            parent=self, on_error=lambda err: self._confirm_or_show(
                err, confirm, dialog, lambda: self._correct(entry_id, value, reason, confirm=True)),
            changes=AREA)
        if done is None:
            return
        dialog.accept()
        self._say(self.tr("Corrected; the old value is kept in the history."), False)
        self._changed()

    def _confirm_or_show(self, err: WorkstationError, confirmed: bool, dialog: CorrectionDialog | BackFillDialog,
                         again: Callable[[], None]) -> None:
        """An unusual count is asked about once and then saved with the confirmation;
        any other refusal shows in the dialog."""
        if isinstance(err, reading.NeedsConfirmation) and not confirmed and self.ask_over_capacity(
                error_text(err)):
            again()
        else:
            dialog.show_error(error_text(err))

    def open_back_fill(self) -> None:
        rid = self._room_or_complain()
        if rid is None:
            return
        self.dialog = BackFillDialog(self.room_combo.currentText(), self.selected_day(), self.today(), self)
        self.dialog.submitted.connect(lambda day, time, count, reason: self._back_fill(rid, day, time, count, reason))
        self.dialog.open()

    def _back_fill(self, rid: int, day: dt.date, time: dt.time, count: str, reason: str,
                   confirm: bool = False) -> None:
        dialog = self.dialog
        assert dialog is not None
        done = ops.run(self.context, lambda s: reading.back_fill(
            s, self.context.actor, rid, day, time, count, reason, confirm_over_capacity=confirm),
            parent=self, on_error=lambda err: self._confirm_or_show(
                err, confirm, dialog, lambda: self._back_fill(rid, day, time, count, reason, confirm=True)),
            changes=AREA)
        if done is None:
            return
        dialog.accept()
        self._say(self.tr("Count for {day} added.").format(day=day.isoformat()), False)
        self.show_day(day)
        self._changed()

    # -- import --------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Import counts"), "", self.tr("Spreadsheets (*.xlsx *.csv)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path, confirm: bool = False) -> ops.Job:
        """Read the file and save its rows on the worker thread; the answer comes back here."""

        def refused(err: WorkstationError) -> None:
            if isinstance(err, importer.ImportRejected):
                if not confirm and err.only_needs_confirmation and self.ask_over_capacity(
                        self.tr("Some counts are above their room's seats:\n{rows}\nImport them anyway?").format(
                            rows="\n".join(self._report_lines(err)[:10]))):
                    self.import_file(path, confirm=True)
                    return
                self.report_dialog = ImportReportDialog(error_text(err), self._report_lines(err), self)
                self.report_dialog.open()
            self._say(error_text(err), True)

        def imported(result: importer.ImportResult) -> None:
            self._say(self.tr("{file}: {n} rows imported.").format(file=path.name, n=result.rows), False)
            self._changed()
            self.visitors.refresh()

        return ops.background(
            self.context, lambda s, _progress: importer.import_file(s, self.context.actor, path,
                                                                     confirm_over_capacity=confirm,
                                                                     library_id=self.visitors.library_id()),
            parent=self, label=self.tr("Importing {file}…").format(file=path.name), on_done=imported,
            on_error=refused, changes=AREA)

    def _report_lines(self, err: importer.ImportRejected) -> list[str]:
        return [self.tr("Row {row}: {message}").format(row=e.row, message=error_text(e.error)) for e in err.errors]
