"""A month calendar of one reading room: each day shows its total, and past days that
were not counted are marked, so a gap is seen at a glance."""

from __future__ import annotations

import datetime as dt
from enum import Enum

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QCalendarWidget, QWidget

COUNTED = QColor("#c8e6c9")      # green: counted (0 included: "room empty")
NOT_COUNTED = QColor("#ffcdd2")  # red: a past or current day with no count at all
CLOSED = QColor("#e0e0e0")       # grey: the library is closed (nothing to count)


class DayState(Enum):
    COUNTED = "counted"
    NOT_COUNTED = "not_counted"
    CLOSED = "closed"
    FUTURE = "future"


def to_date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


class CountCalendar(QCalendarWidget):
    """Totals come from the tab (``set_totals``); the calendar only draws them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reading_calendar")
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.totals: dict[dt.date, int] = {}
        self.today = dt.date.today()
        self.closed: set[dt.date] = set()
        self.setMinimumSize(420, 300)

    def set_totals(self, totals: dict[dt.date, int], today: dt.date, closed: set[dt.date] | None = None) -> None:
        self.totals = dict(totals)
        self.today = today
        self.closed = set(closed or ())
        self.setMaximumDate(to_qdate(today))
        self.updateCells()

    def day_state(self, day: dt.date) -> DayState:
        if day > self.today:
            return DayState.FUTURE
        if day in self.totals:
            return DayState.COUNTED
        if day in self.closed:
            return DayState.CLOSED
        return DayState.NOT_COUNTED

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:
        day = to_date(date)
        state = self.day_state(day)
        in_month = date.month() == self.monthShown() and date.year() == self.yearShown()
        painter.save()
        colours = {DayState.COUNTED: COUNTED, DayState.NOT_COUNTED: NOT_COUNTED, DayState.CLOSED: CLOSED}
        if in_month and state in colours:
            painter.fillRect(rect.adjusted(1, 1, -1, -1), colours[state])
        if date == self.selectedDate():
            painter.setPen(QColor("#1565c0"))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.setPen(QColor("#000000") if in_month else QColor("#9e9e9e"))
        top = rect.adjusted(3, 2, -3, -rect.height() // 2)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, str(date.day()))
        if in_month and state is DayState.COUNTED:
            font = painter.font()
            font.setBold(True)
            painter.setFont(font)
            bottom = rect.adjusted(3, rect.height() // 2 - 2, -4, -2)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                             str(self.totals[day]))
        painter.restore()
