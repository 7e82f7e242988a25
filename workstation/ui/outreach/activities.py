"""Outreach › Activities: record an activity (category, dates, place, partners, people,
online views, chronicle flag, series) and see the year's activities and totals. With
branches (总分馆) the form chooses the library that held it (the user's own by default; a
branch's staff can choose only their own) and the list names each activity's library."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation.services.admin import libraries as library_service
from workstation.services.outreach import activities as act
from workstation.services.outreach.importer import ImportKind
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.outreach.common import OutreachSection, fill_table, line, make_table


class ActivitiesSection(OutreachSection):
    IMPORT_KIND = ImportKind.ACTIVITIES

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("activities_section")
        self.title_edit = line("title", self.tr("e.g. {title}").format(title="文化大讲堂：上党文化漫谈"))
        self.category = QComboBox(objectName="category")
        self.start = line("start_day", "2019-05-04", 130)
        self.end = line("end_day", self.tr("same day"), 130)
        self.place = line("place")
        self.partners = line("partners", self.tr("partner organisations"))
        self.participants = line("participants", "0", 110)
        self.online_views = line("online_views", "0", 110)
        self.chronicle = QCheckBox(self.tr("In the chronicle"), objectName="chronicle")
        self.chronicle_text = line("chronicle_text", self.tr("short description for the chronicle"))
        self.series = QComboBox(objectName="series")
        self.library = QComboBox(objectName="library")
        self.library.setToolTip(self.tr("The library that held the activity: its figures count it"))
        self.library_label = QLabel(self.tr("Library"))
        self.several = False
        self.new_series = line("new_series", self.tr("new series name"), 220)
        self.add_series_button = QPushButton(self.tr("Add series"), objectName="add_series_button")
        self.add_series_button.clicked.connect(self.add_series)
        self.save_button = QPushButton(self.tr("Save activity"), objectName="save_activity_button")
        self.save_button.clicked.connect(self.save)
        self.import_button = QPushButton(self.tr("Import…"), objectName="import_button")
        self.import_button.clicked.connect(self.choose_import_file)
        for edit in (self.title_edit, self.start, self.end, self.place, self.partners, self.participants,
                     self.online_views, self.chronicle_text):
            edit.returnPressed.connect(self.save)
        self.fields = {"title": self.title_edit, "category": self.category, "start_day": self.start,
                       "end_day": self.end, "place": self.place, "partners": self.partners,
                       "participants": self.participants, "online_views": self.online_views,
                       "chronicle_text": self.chronicle_text, "series": self.series, "library": self.library}

        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Title")), 0, 0)
        grid.addWidget(self.title_edit, 0, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Category")), 0, 4)
        grid.addWidget(self.category, 0, 5)
        grid.addWidget(QLabel(self.tr("Start date")), 1, 0)
        grid.addWidget(self.start, 1, 1)
        grid.addWidget(QLabel(self.tr("End date")), 1, 2)
        grid.addWidget(self.end, 1, 3)
        grid.addWidget(QLabel(self.tr("Place")), 1, 4)
        grid.addWidget(self.place, 1, 5)
        grid.addWidget(QLabel(self.tr("Participants")), 2, 0)
        grid.addWidget(self.participants, 2, 1)
        grid.addWidget(QLabel(self.tr("Online views")), 2, 2)
        grid.addWidget(self.online_views, 2, 3)
        grid.addWidget(QLabel(self.tr("Partners")), 2, 4)
        grid.addWidget(self.partners, 2, 5)
        grid.addWidget(self.chronicle, 3, 0, 1, 2)
        grid.addWidget(self.chronicle_text, 3, 2, 1, 4)
        grid.addWidget(QLabel(self.tr("Series")), 4, 0)
        grid.addWidget(self.series, 4, 1, 1, 3)
        series_row = QHBoxLayout()
        series_row.addWidget(self.new_series)
        series_row.addWidget(self.add_series_button)
        grid.addLayout(series_row, 4, 4, 1, 2)
        grid.addWidget(self.library_label, 5, 0)
        grid.addWidget(self.library, 5, 1, 1, 3)
        self.library_label.hide()
        self.library.hide()
        grid.setColumnStretch(5, 1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)

        self.headers = [
            self.tr("Start"), self.tr("End"), self.tr("Title"), self.tr("Category"), self.tr("Place"),
            self.tr("Participants"), self.tr("Online views"), self.tr("Series"), self.tr("Chronicle")]
        self.table = make_table("activities_table", self.headers)
        self.totals = make_table("category_totals", [self.tr("Category"), self.tr("Activities"),
                                                     self.tr("Participants"), self.tr("Online views")])
        self.totals.setMinimumWidth(400)
        self.summary = QLabel(objectName="activities_summary")
        self.series_summary = QLabel(objectName="series_summary")
        self.series_summary.setWordWrap(True)
        self.series_summary.setMinimumHeight(2 * self.series_summary.fontMetrics().height() + 8)
        self.series.currentIndexChanged.connect(lambda _i: self._show_series())

        lists = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.make_void_bar(self.table, act.void_activity))
        lists.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(self.series_summary)
        right.addWidget(self.totals, 1)
        lists.addLayout(right, 1)

        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow(grid)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.problems)
        layout.addWidget(self.summary)
        layout.addLayout(lists, 1)

    def title(self) -> str:
        return self.tr("Activities")

    def refresh(self) -> None:
        category_id = self.category.currentData()
        series_id = self.series.currentData()
        library_id = self.library.currentData()
        first, last = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        with ops.reading(self.context) as s:
            categories = [(c.id, c.name) for c in act.list_categories(s)]
            series = [(x.id, x.name) for x in act.list_series(s)]
            several = len(library_service.libraries(s, include_inactive=True)) > 1
            choosable = [(lib.id, lib.name) for lib in act.choosable_libraries(s, self.context.actor)]
            own = library_service.actor_library(s, self.context.actor)
            listed = act.list_activities(s, first, last)
            ids = [a.id for a in listed]
            rows = [(a.start_day.isoformat(), a.end_day.isoformat(), a.title, a.category.name, a.place,
                     a.participants, a.online_views, a.series.name if a.series else "",
                     self.tr("yes") if a.chronicle else "", *([a.library.name] if several else []))
                    for a in listed]
            totals = act.totals_by_category(s, first, last)
        self._show_libraries(several, choosable, library_id if library_id is not None else own)
        self.table.setColumnCount(len(self.headers) + several)
        self.table.setHorizontalHeaderLabels([*self.headers, *([self.tr("Library")] if several else [])])
        self.category.blockSignals(True)
        self.category.clear()
        for cid, name in categories:
            self.category.addItem(name, cid)
        if category_id is not None and self.category.findData(category_id) >= 0:
            self.category.setCurrentIndex(self.category.findData(category_id))
        self.category.blockSignals(False)
        self.series.blockSignals(True)
        self.series.clear()
        self.series.addItem(self.tr("(no series)"), None)
        for sid, name in series:
            self.series.addItem(name, sid)
        if series_id is not None and self.series.findData(series_id) >= 0:
            self.series.setCurrentIndex(self.series.findData(series_id))
        self.series.blockSignals(False)
        fill_table(self.table, rows, right_from=5, right_to=6, ids=ids)
        fill_table(self.totals, [(t.name, t.activities, t.participants, t.online_views) for t in totals],
                   right_from=1)
        self.summary.setText(self.tr("{year}: {n} activities, {p} participants, {v} online views").format(
            year=self.year, n=f"{sum(t.activities for t in totals):,}",
            p=f"{sum(t.participants for t in totals):,}", v=f"{sum(t.online_views for t in totals):,}"))
        self._show_series()

    def _show_libraries(self, several: bool, choosable: list[tuple[int, str]], chosen: int) -> None:
        """The library chooser: shown only when there are branches, with the libraries the
        user may record for (a branch's staff: their own), the current choice kept."""
        self.several = several
        self.library.blockSignals(True)
        self.library.clear()
        for library_id, name in choosable:
            self.library.addItem(name, library_id)  # a library's name is data: shown as recorded
        self.library.setCurrentIndex(max(self.library.findData(chosen), 0))
        self.library.blockSignals(False)
        self.library.setVisible(several)
        self.library_label.setVisible(several)

    def _show_series(self) -> None:
        series_id = self.series.currentData()
        if series_id is None:
            self.series_summary.setText("")
            return
        with ops.reading(self.context) as s:
            total = act.series_totals(s, series_id)
        self.series_summary.setText(self.tr("{name}: {n} activities, {p} participants, {v} online views").format(
            name=total.name, n=total.activities, p=f"{total.participants:,}", v=f"{total.online_views:,}"))

    def _input(self) -> act.ActivityInput:
        return act.ActivityInput(
            title=self.title_edit.text(), category_id=self.category.currentData(), start_day=self.start.text(),
            end_day=self.end.text(), place=self.place.text(), partners=self.partners.text(),
            participants=self.participants.text() or "0", online_views=self.online_views.text() or "0",
            chronicle=self.chronicle.isChecked(), chronicle_text=self.chronicle_text.text(),
            series_id=self.series.currentData(),
            library_id=self.library.currentData() if self.several else None)

    def save(self) -> None:
        data = self._input()

        def action(s: Session) -> str:
            return act.record_activity(s, self.context.actor, data).title

        title = self.run(action)
        if title is None:
            return
        for edit in (self.title_edit, self.participants, self.online_views, self.chronicle_text):
            edit.clear()
        self.chronicle.setChecked(False)
        self.say(self.tr("Saved: {title}").format(title=title))
        self.refresh()
        self.title_edit.setFocus()

    def add_series(self) -> None:
        name = self.new_series.text()

        def action(s: Session) -> int:
            return act.create_series(s, self.context.actor, name).id

        series_id = self.run(action, self.tr("Series added."))
        if series_id is not None:
            self.new_series.clear()
            self.series.setCurrentIndex(self.series.findData(series_id))
