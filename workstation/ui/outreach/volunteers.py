"""Outreach › Volunteers: register volunteers, record their service in half-hour steps,
and see the year's records and each volunteer's hours (sums of the records)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation.services.outreach import volunteers as vol
from workstation.services.outreach.importer import ImportKind
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.outreach.common import OutreachSection, fill_table, line, make_table


class VolunteersSection(OutreachSection):
    IMPORT_KIND = ImportKind.VOLUNTEER_RECORDS

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("volunteers_section")
        # registering a volunteer
        self.name = line("name", self.tr("name"), 160)
        self.organisation = line("organisation", self.tr("organisation"), 220)
        self.registered = QCheckBox(self.tr("Registered in the national volunteer system"),
                                    objectName="registered")
        self.add_button = QPushButton(self.tr("Add volunteer"), objectName="add_volunteer_button")
        self.add_button.clicked.connect(self.add_volunteer)
        self.name.returnPressed.connect(self.add_volunteer)
        self.organisation.returnPressed.connect(self.add_volunteer)
        people = QGroupBox(self.tr("New volunteer"))
        people_row = QHBoxLayout(people)
        for widget in (self.name, self.organisation, self.registered, self.add_button):
            people_row.addWidget(widget)
        people_row.addStretch(1)
        # a service record
        self.volunteer = QComboBox(objectName="volunteer")
        self.volunteer.setMinimumWidth(200)
        self.day = line("day", "2019-05-04", 130)
        self.hours = line("hours", self.tr("e.g. 1.5"), 90)
        self.place = line("place", self.tr("place"))
        self.note = line("note", self.tr("what was done"))
        self.save_button = QPushButton(self.tr("Save record"), objectName="save_record_button")
        self.save_button.clicked.connect(self.save_record)
        for edit in (self.day, self.hours, self.place, self.note):
            edit.returnPressed.connect(self.save_record)
        self.import_button = QPushButton(self.tr("Import…"), objectName="import_button")
        self.import_button.clicked.connect(self.choose_import_file)
        service = QGroupBox(self.tr("Service record"))
        grid = QGridLayout(service)
        grid.addWidget(QLabel(self.tr("Volunteer")), 0, 0)
        grid.addWidget(self.volunteer, 0, 1)
        grid.addWidget(QLabel(self.tr("Date")), 0, 2)
        grid.addWidget(self.day, 0, 3)
        grid.addWidget(QLabel(self.tr("Hours")), 0, 4)
        grid.addWidget(self.hours, 0, 5)
        grid.addWidget(QLabel(self.tr("Place")), 1, 0)
        grid.addWidget(self.place, 1, 1)
        grid.addWidget(QLabel(self.tr("Note")), 1, 2)
        grid.addWidget(self.note, 1, 3, 1, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        grid.addLayout(buttons, 2, 0, 1, 6)
        self.fields = {"name": self.name, "organisation": self.organisation, "volunteer": self.volunteer,
                       "day": self.day, "hours": self.hours, "place": self.place, "note": self.note}

        self.records = make_table("records_table", [self.tr("Date"), self.tr("Volunteer"), self.tr("Organisation"),
                                                    self.tr("Hours"), self.tr("Place"), self.tr("Note")])
        self.per_volunteer = make_table("volunteer_totals", [self.tr("Volunteer"), self.tr("Organisation"),
                                                             self.tr("Records"), self.tr("Hours")])
        self.per_volunteer.setMinimumWidth(360)
        self.summary = QLabel(objectName="volunteers_summary")
        lists = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.records, 1)
        left.addWidget(self.make_void_bar(self.records, vol.void_record))
        lists.addLayout(left, 3)
        lists.addWidget(self.per_volunteer, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(people)
        layout.addWidget(service)
        layout.addWidget(self.status)
        layout.addWidget(self.problems)
        layout.addWidget(self.summary)
        layout.addLayout(lists, 1)

    def title(self) -> str:
        return self.tr("Volunteers")

    def refresh(self) -> None:
        current = self.volunteer.currentData()
        first, last = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        with ops.reading(self.context) as s:
            people = [(v.id, f"{v.name}（{v.organisation}）" if v.organisation else v.name)
                      for v in vol.list_volunteers(s)]
            listed = vol.list_records(s, first, last)
            records = [(r.local_day.isoformat(), r.volunteer.name, r.volunteer.organisation, str(r.hours), r.place,
                        r.note) for r in listed]
            ids = [r.id for r in listed]
            totals = vol.totals_by_volunteer(s, first, last)
            total = vol.hours_total(s, first, last)
        self.volunteer.clear()
        for vid, label in people:
            self.volunteer.addItem(label, vid)
        if current is not None and self.volunteer.findData(current) >= 0:
            self.volunteer.setCurrentIndex(self.volunteer.findData(current))
        fill_table(self.records, records, right_from=3, right_to=3, ids=ids)
        fill_table(self.per_volunteer, [(t.name, t.organisation, t.records, str(t.hours)) for t in totals],
                   right_from=2)
        self.summary.setText(self.tr("{year}: {hours} volunteer hours in {n} records by {people} volunteers").format(
            year=self.year, hours=total, n=len(records), people=len(totals)))

    def add_volunteer(self) -> None:
        name, organisation, registered = self.name.text(), self.organisation.text(), self.registered.isChecked()

        def action(s: Session) -> int:
            return vol.create_volunteer(s, self.context.actor, name, organisation, registered).id

        new_id = self.run(action, self.tr("Volunteer added."))
        if new_id is not None:
            self.name.clear()
            self.organisation.clear()
            self.registered.setChecked(False)
            self.volunteer.setCurrentIndex(self.volunteer.findData(new_id))
            self.day.setFocus()

    def save_record(self) -> None:
        volunteer_id, day, hours = self.volunteer.currentData(), self.day.text(), self.hours.text()
        place, note = self.place.text(), self.note.text()

        def action(s: Session) -> int:
            return vol.record_service(s, self.context.actor, volunteer_id, day, hours, place=place, note=note).id

        if self.run(action, self.tr("Service record saved.")) is not None:
            self.hours.clear()
            self.note.clear()
            self.hours.setFocus()
