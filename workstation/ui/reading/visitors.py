"""The Visitors section of the Reading rooms tab: the entrance gate counter's readings or
the day's visitor total, the visitors per day, corrections, and the counters' settings.

Visitors belong to a library: with branches, a 图书馆 chooser says whose counters, totals
and days are shown and recorded (the user's own library at first; the central library's
staff may choose any library, a branch's staff see only their own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation.errors import WorkstationError
from workstation.models import CENTRAL_LIBRARY_ID, Role
from workstation.models.reading import CounterMode
from workstation.services.admin import libraries
from workstation.services.reading import gate
from workstation.timeutil import LIBRARY_TZ, local_day
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.messages import error_text
from workstation.ui.reading.dialogs import CorrectionDialog
from workstation.ui.widgets.tables import read_only_item

ERROR_STYLE = "color: #b71c1c; font-weight: bold;"
OK_STYLE = "color: #1b5e20;"
AREA = "reading"
DAYS_SHOWN = 31


class VisitorsPanel(QWidget):

    def __init__(self, context: AppContext, clock: Callable[[], dt.datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitors_panel")
        self.context = context
        self.clock = clock
        self.dialog: CorrectionDialog | None = None
        self._entries: list[gate.VisitorRow] = []

        self.library_combo = QComboBox(objectName="visitors_library")
        self.library_combo.setToolTip(self.tr("Whose visitors: the library whose gate counters and day totals "
                                              "are shown and recorded"))
        self.library_label = QLabel(self.tr("Library"))
        self.library_label.setBuddy(self.library_combo)
        self._load_libraries()
        self.library_combo.currentIndexChanged.connect(lambda _i: self.refresh())

        readings = QGroupBox(self.tr("Gate counter reading"))
        form = QFormLayout(readings)
        self.counter_combo = QComboBox(objectName="counter_combo")
        self.reading_edit = QLineEdit(objectName="reading_edit")
        self.reading_edit.setPlaceholderText(self.tr("the number the counter shows"))
        self.reading_at = QDateTimeEdit(objectName="reading_at")
        self.reading_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.reading_at.setCalendarPopup(True)
        self.add_reading_button = QPushButton(self.tr("Record reading"), objectName="add_reading_button")
        self.add_reading_button.clicked.connect(self.add_reading)
        self.reading_edit.returnPressed.connect(self.add_reading)
        form.addRow(self.tr("Counter"), self.counter_combo)
        form.addRow(self.tr("Reading"), self.reading_edit)
        form.addRow(self.tr("Read at"), self.reading_at)
        form.addRow(self.add_reading_button)

        totals = QGroupBox(self.tr("Visitor total of a day"))
        tform = QFormLayout(totals)
        self.total_day = QDateEdit(objectName="total_day")
        self.total_day.setDisplayFormat("yyyy-MM-dd")
        self.total_day.setCalendarPopup(True)
        self.total_edit = QLineEdit(objectName="total_edit")
        self.add_total_button = QPushButton(self.tr("Record day total"), objectName="add_total_button")
        self.add_total_button.clicked.connect(self.add_total)
        self.total_edit.returnPressed.connect(self.add_total)
        tform.addRow(self.tr("Date"), self.total_day)
        tform.addRow(self.tr("Visits"), self.total_edit)
        tform.addRow(self.add_total_button)

        self.status = QLabel(objectName="visitors_status")
        self.status.setWordWrap(True)

        self.days_table = QTableWidget(0, 2, objectName="visitors_table")
        self.days_table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Visits")])
        self.days_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.days_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.days_table.verticalHeader().setVisible(False)
        self.days_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.days_table.itemSelectionChanged.connect(self._load_entries)

        self.entries_table = QTableWidget(0, 5, objectName="visitor_entries_table")
        self.entries_table.setHorizontalHeaderLabels(
            [self.tr("Entry"), self.tr("Time"), self.tr("Value"), self.tr("Status"), self.tr("Note")])
        self.entries_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.entries_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.entries_table.verticalHeader().setVisible(False)
        self.entries_table.horizontalHeader().setStretchLastSection(True)
        self.correct_button = QPushButton(self.tr("Correct…"), objectName="correct_visitor_button")
        self.correct_button.clicked.connect(self.open_correction)

        self.counters_box = QGroupBox(self.tr("Gate counters"))
        cform = QFormLayout(self.counters_box)
        self.counters_label = QLabel(objectName="counters_label")
        self.counters_label.setWordWrap(True)
        self.counter_name = QLineEdit(objectName="counter_name")
        self.counter_mode = QComboBox(objectName="counter_mode")
        self.counter_mode.addItem(self.tr("one-way (counts people coming in)"), CounterMode.ONE_WAY.value)
        self.counter_mode.addItem(self.tr("two-way (counts in and out: visitors are half)"),
                                  CounterMode.TWO_WAY.value)
        self.counter_rollover = QLineEdit(objectName="counter_rollover")
        self.counter_rollover.setPlaceholderText(self.tr("e.g. 100000; empty if it never rolls over"))
        self.add_counter_button = QPushButton(self.tr("Add counter"), objectName="add_counter_button")
        self.add_counter_button.clicked.connect(self.add_counter)
        cform.addRow(self.counters_label)
        cform.addRow(self.tr("Name"), self.counter_name)
        cform.addRow(self.tr("Kind"), self.counter_mode)
        cform.addRow(self.tr("Rolls over at"), self.counter_rollover)
        cform.addRow(self.add_counter_button)
        self.counters_box.setVisible(context.actor.role.rank >= Role.ADMIN.rank)

        left = QVBoxLayout()
        left.addWidget(readings)
        left.addWidget(totals)
        left.addWidget(self.counters_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Visits per day (last {n} days)").format(n=DAYS_SHOWN)))
        right.addWidget(self.days_table, 2)
        right.addWidget(QLabel(self.tr("Entries of the selected day (corrected values stay, struck out)")))
        right.addWidget(self.entries_table, 1)
        right.addWidget(self.correct_button, 0, Qt.AlignmentFlag.AlignLeft)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addLayout(right, 2)
        choice = QHBoxLayout()
        choice.addWidget(self.library_label)
        choice.addWidget(self.library_combo)
        choice.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(choice)
        layout.addWidget(self.status)
        layout.addLayout(top)

    # -- loading -------------------------------------------------------------------------

    def _load_libraries(self) -> None:
        """The libraries the user may record visitors for; shown only when there are several."""
        actor = self.context.actor

        def read(s: Session) -> tuple[int, list[tuple[int, str]], int]:
            own = libraries.actor_library(s, actor)
            every = libraries.libraries(s)
            mine = [(lib.id, lib.name) for lib in every if own == CENTRAL_LIBRARY_ID or lib.id == own]
            return own, mine, len(every)

        own, choices, count = ops.read(self.context, read)
        self.library_combo.blockSignals(True)
        self.library_combo.clear()
        for library_id, name in choices:
            self.library_combo.addItem(name, library_id)  # a library's name is data: shown as recorded
        self.library_combo.setCurrentIndex(max(0, self.library_combo.findData(own)))
        self.library_combo.blockSignals(False)
        self.library_combo.setEnabled(len(choices) > 1)
        several = count > 1
        self.library_combo.setVisible(several)
        self.library_label.setVisible(several)
        self._own_library = own

    def library_id(self) -> int:
        """The library whose visitors are shown and recorded."""
        data = self.library_combo.currentData()
        return int(data) if isinstance(data, int) else self._own_library

    def today(self) -> dt.date:
        return local_day(self.clock())

    def refresh(self) -> None:
        today = self.today()
        now = self.clock().astimezone(LIBRARY_TZ)
        self.reading_at.setDateTime(QDateTime(QDate(now.year, now.month, now.day), QTime(now.hour, now.minute)))
        self.total_day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.total_day.setDate(QDate(today.year, today.month, today.day))
        current = self.counter_combo.currentData()
        first = today - dt.timedelta(days=DAYS_SHOWN - 1)
        library = self.library_id()
        counters, visitors = ops.read(self.context, lambda s: (
            [(c.id, c.name, c.mode, c.rollover) for c in gate.list_counters(s, library_id=library)],
            dict(gate.visitor_totals(s, first, today, "day", library))))
        self.counter_combo.clear()
        for cid, name, _mode, _rollover in counters:
            self.counter_combo.addItem(name, cid)
        if current is not None and self.counter_combo.findData(current) >= 0:
            self.counter_combo.setCurrentIndex(self.counter_combo.findData(current))
        descriptions = []
        for _cid, name, mode, rollover in counters:
            kind = self.tr("two-way") if mode is CounterMode.TWO_WAY else self.tr("one-way")
            roll = self.tr("rolls over at {n}").format(n=rollover) if rollover else self.tr("no rollover")
            descriptions.append(f"{name}: {kind}, {roll}")
        self.counters_label.setText("\n".join(descriptions) or self.tr("No gate counter set up yet."))
        selected = self.selected_day()
        self.days_table.blockSignals(True)
        self.days_table.setRowCount(DAYS_SHOWN)
        for row in range(DAYS_SHOWN):
            day = today - dt.timedelta(days=row)
            self.days_table.setItem(row, 0, read_only_item(day.isoformat()))
            value = visitors.get(day)
            self.days_table.setItem(row, 1, read_only_item(f"{value:,}" if value is not None else "—", right=True))
        self.days_table.blockSignals(False)
        target = selected or today
        self.days_table.selectRow(max(0, min(DAYS_SHOWN - 1, (today - target).days)))
        self._load_entries()

    def selected_day(self) -> dt.date | None:
        rows = self.days_table.selectionModel().selectedRows() if self.days_table.selectionModel() else []
        if not rows:
            return None
        item = self.days_table.item(rows[0].row(), 0)
        return dt.date.fromisoformat(item.text()) if item is not None else None

    def _load_entries(self) -> None:
        day = self.selected_day()
        self._entries = []
        if day is not None:
            library = self.library_id()
            self._entries = ops.read(self.context, lambda s: gate.day_entries(s, day, library))
        self.entries_table.setRowCount(len(self._entries))
        for row, entry in enumerate(self._entries):
            what = self.tr("day total") if entry.kind == "total" else entry.counter_name
            when = entry.moment.astimezone(LIBRARY_TZ).strftime("%H:%M") if entry.moment else ""
            status = self.tr("current") if entry.current else self.tr("corrected")
            items = [read_only_item(what), read_only_item(when), read_only_item(f"{entry.value}", right=True),
                     read_only_item(status), read_only_item(entry.note)]
            for col, item in enumerate(items):
                if not entry.current:
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                self.entries_table.setItem(row, col, item)

    # -- actions -------------------------------------------------------------------------

    def _say(self, text: str, error: bool) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)

    def _reading_moment(self) -> dt.datetime:
        value = self.reading_at.dateTime()
        d, t = value.date(), value.time()
        local = dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=LIBRARY_TZ)
        return local.astimezone(dt.UTC)

    def add_reading(self) -> None:
        counter_id = self.counter_combo.currentData()
        if counter_id is None:
            self._say(self.tr("Set up a gate counter first."), True)
            return
        done = ops.run(self.context, lambda s: gate.record_reading(
            s, self.context.actor, int(counter_id), self.reading_edit.text(), at=self._reading_moment()).reading,
            parent=self, on_error=self._refused, changes=AREA)
        if done is None:
            return
        self.reading_edit.clear()
        self._say(self.tr("Reading {value} recorded.").format(value=done.value), False)
        self._changed()

    def add_total(self) -> None:
        d = self.total_day.date()
        day = dt.date(d.year(), d.month(), d.day())
        library = self.library_id()
        if ops.run(self.context, lambda s: gate.record_day_total(s, self.context.actor, day, self.total_edit.text(),
                                                                 library_id=library),
                   parent=self, on_error=self._refused, changes=AREA) is None:
            return
        self.total_edit.clear()
        self._say(self.tr("Visitors of {day} recorded.").format(day=day.isoformat()), False)
        self._changed()

    def add_counter(self) -> None:
        library = self.library_id()
        if ops.run(self.context, lambda s: gate.create_counter(
                s, self.context.actor, self.counter_name.text(), str(self.counter_mode.currentData()),
                self.counter_rollover.text(), library_id=library), parent=self, on_error=self._refused,
                changes=AREA) is None:
            return
        self.counter_name.clear()
        self.counter_rollover.clear()
        self._say(self.tr("Counter added."), False)
        self._changed()

    def selected_entry(self) -> gate.VisitorRow | None:
        rows = self.entries_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._entries):
            return None
        index: int = rows[0].row()
        found: gate.VisitorRow = self._entries[index]
        return found

    def open_correction(self) -> None:
        entry = self.selected_entry()
        if entry is None or not entry.current:
            self._say(self.tr("Select a current entry to correct."), True)
            return
        what = self.tr("day total") if entry.kind == "total" else entry.counter_name
        self.dialog = CorrectionDialog(what, entry.value, self)
        self.dialog.submitted.connect(lambda value, reason: self._correct(entry, value, reason))
        self.dialog.open()

    def _correct(self, entry: gate.VisitorRow, value: str, reason: str) -> None:
        dialog = self.dialog
        assert dialog is not None
        correct = gate.correct_day_total if entry.kind == "total" else gate.correct_reading
        if ops.run(self.context, lambda s: correct(s, self.context.actor, entry.id, value, reason), parent=self,
                   on_error=lambda err: dialog.show_error(error_text(err)), changes=AREA) is None:
            return
        dialog.accept()
        self._say(self.tr("Corrected; the old value is kept."), False)
        self._changed()

    def _refused(self, err: WorkstationError) -> None:
        self._say(error_text(err), True)

    def _changed(self) -> None:
        """After a change through the door (which announced it to the other views)."""
        self.refresh()
