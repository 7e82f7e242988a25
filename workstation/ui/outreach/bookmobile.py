"""Outreach › Bookmobile: record a trip (day, vehicle, stops visited, typed figures for
days without circulation records) and see the year's trips with their figures."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation.services.outreach import bookmobile as bm
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.outreach.common import OutreachSection, fill_table, line, make_table


class BookmobileSection(OutreachSection):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("bookmobile_section")
        self.day = line("day", "2019-05-14", 130)
        self.vehicle = QComboBox(objectName="vehicle")
        self.vehicle.setMinimumWidth(180)
        self.stops = QListWidget(objectName="stops")
        self.stops.setMaximumHeight(150)
        self.loans = line("loans", self.tr("from circulation"), 130)
        self.returns = line("returns", self.tr("from circulation"), 130)
        self.new_cards = line("new_cards", self.tr("from circulation"), 130)
        self.note = line("note")
        self.save_button = QPushButton(self.tr("Save trip"), objectName="save_trip_button")
        self.save_button.clicked.connect(self.save)
        for edit in (self.day, self.loans, self.returns, self.new_cards, self.note):
            edit.returnPressed.connect(self.save)
        self.fields = {"day": self.day, "vehicle": self.vehicle, "stops": self.stops, "loans": self.loans,
                       "returns": self.returns, "new_cards": self.new_cards, "note": self.note}
        hint = QLabel(self.tr("Loans, returns and new cards are taken from the circulation records made at the "
                              "bookmobile that day; type them only for days without such records."))
        hint.setWordWrap(True)

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Date")), 0, 0)
        grid.addWidget(self.day, 0, 1)
        grid.addWidget(QLabel(self.tr("Vehicle")), 1, 0)
        grid.addWidget(self.vehicle, 1, 1)
        grid.addWidget(QLabel(self.tr("Loans")), 2, 0)
        grid.addWidget(self.loans, 2, 1)
        grid.addWidget(QLabel(self.tr("Returns")), 3, 0)
        grid.addWidget(self.returns, 3, 1)
        grid.addWidget(QLabel(self.tr("New cards")), 4, 0)
        grid.addWidget(self.new_cards, 4, 1)
        grid.addWidget(QLabel(self.tr("Note")), 5, 0)
        grid.addWidget(self.note, 5, 1)
        grid.addWidget(QLabel(self.tr("Stops visited")), 0, 2)
        grid.addWidget(self.stops, 1, 2, 5, 1)
        grid.setColumnStretch(2, 1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)

        self.table = make_table("trips_table", [
            self.tr("Date"), self.tr("Vehicle"), self.tr("Stops"), self.tr("Loans"), self.tr("Returns"),
            self.tr("New cards"), self.tr("Figures from")])
        self.summary = QLabel(objectName="trips_summary")

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.make_void_bar(self.table, bm.void_trip))

    def title(self) -> str:
        return self.tr("Bookmobile trips")

    def refresh(self) -> None:
        vehicle_id = self.vehicle.currentData()
        checked = set(self.checked_stops())
        first, last = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        with ops.reading(self.context) as s:
            vehicles = [(v.id, v.name) for v in bm.list_vehicles(s)]
            stops = [(stop.id, stop.name) for point in bm.bookmobile_points(s) for stop in point.stops
                     if stop.active]
            trips = bm.list_trips(s, first, last)
            figures = bm.trip_figures(s, trips)
            rows = [(t.local_day.isoformat(), t.vehicle.name, "、".join(x.name for x in t.stops),
                     figures[t.id].loans, figures[t.id].returns, figures[t.id].new_cards,
                     self.tr("circulation") if figures[t.id].from_circulation else self.tr("typed"))
                    for t in trips]
        self.vehicle.clear()
        for vid, name in vehicles:
            self.vehicle.addItem(name, vid)
        if vehicle_id is not None and self.vehicle.findData(vehicle_id) >= 0:
            self.vehicle.setCurrentIndex(self.vehicle.findData(vehicle_id))
        self.stops.clear()
        for sid, name in stops:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, sid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if sid in checked else Qt.CheckState.Unchecked)
            self.stops.addItem(item)
        fill_table(self.table, rows, right_from=3, right_to=5, ids=[t.id for t in trips])
        self.summary.setText(self.tr("{year}: {n} trips, {loans} loans, {returns} returns, {cards} new cards").format(
            year=self.year, n=len(rows), loans=f"{sum(f.loans for f in figures.values()):,}",
            returns=f"{sum(f.returns for f in figures.values()):,}",
            cards=f"{sum(f.new_cards for f in figures.values()):,}"))

    def checked_stops(self) -> list[int]:
        return [int(self.stops.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.stops.count())
                if self.stops.item(i).checkState() == Qt.CheckState.Checked]

    def save(self) -> None:
        day, vehicle_id, stops = self.day.text(), self.vehicle.currentData(), self.checked_stops()
        loans, returns, cards, note = self.loans.text(), self.returns.text(), self.new_cards.text(), self.note.text()

        def action(s: Session) -> int:
            return bm.record_trip(s, self.context.actor, day, vehicle_id, stops, loans=loans, returns=returns,
                                  new_cards=cards, note=note).id

        if self.run(action) is None:
            return
        for edit in (self.loans, self.returns, self.new_cards, self.note):
            edit.clear()
        for i in range(self.stops.count()):
            self.stops.item(i).setCheckState(Qt.CheckState.Unchecked)
        self.say(self.tr("Trip saved."))
        self.refresh()
