"""The Charts tab (managers): a year, optionally a comparison year, and the charts of
``reports.charts`` on pages; a click on a bar or a heat-map cell lists the records behind
it. Thin: the figures come from ``reports.statistics`` (the hours of the week and the
digitization batches from ``reports.drilldown``), the drawings from ``reports.charts``,
with every text of them translated here (``chart_labels``).

Each chart page keeps one canvas for its life and swaps figures into it (a deleted canvas
would leave matplotlib's queued redraw pointing at a dead widget). Only the page on show
is built and drawn; the others are built and drawn when they are shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import WorkstationError
from workstation.models import Role
from workstation.reports import charts, drilldown, statistics
from workstation.timeutil import month_days, today
from workstation.ui import ops
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.messages import show_error
from workstation.ui.models.rows import RowsTableModel
from workstation.ui.statistics.library_choice import LibraryChoice

SAVE_FORMATS = ("png", "svg", "pdf")


class ChartPage(QWidget):
    """One chart slot: a canvas that shows whichever figure is set into it."""

    def __init__(self, key: str, on_click: Callable[[Any], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.on_click = on_click
        self.setObjectName(f"chart_{key}")
        self.figure = Figure(figsize=(8, 4.6), dpi=100)
        self.canvas = FigureCanvasQTAgg(self.figure)  # type: ignore[no-untyped-call]
        self.canvas.setObjectName(f"canvas_{key}")
        self.canvas.setMinimumHeight(300)
        self.stale = False
        self.data: statistics.ChartData | None = None  # what the figure shows
        self.shown: object = None  # and, for the hours of the week, which counts
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)

    def set_figure(self, figure: Figure) -> None:
        width, height = self.canvas.width(), self.canvas.height()
        if width > 10 and height > 10:  # fit the canvas as it is now (it resizes later figures itself)
            ratio = self.canvas.device_pixel_ratio
            figure.set_size_inches(width * ratio / figure.dpi, height * ratio / figure.dpi, forward=False)
        self.canvas.figure = figure
        figure.set_canvas(self.canvas)
        # matplotlib keeps a canvas's callbacks on its figure: connect the new one
        self.canvas.mpl_connect("button_press_event", self.on_click)
        self.figure = figure
        self.stale = True

    def draw(self) -> None:
        """Draw now if the figure changed since the last draw."""
        if self.stale:
            self.canvas.draw()  # type: ignore[no-untyped-call]
            self.stale = False


class ChartsTab(BaseTab):
    OBJECT_NAME = "charts_tab"
    MIN_ROLE = Role.MANAGER

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        this_year = today().year
        self.year = QSpinBox(objectName="charts_year")
        self.year.setRange(1990, this_year)
        self.year.setValue(this_year)
        self.compare = QCheckBox(self.tr("Compare with"), objectName="charts_compare_on")
        self.compare_year = QSpinBox(objectName="charts_compare_year")
        self.compare_year.setRange(1990, this_year)
        self.compare_year.setValue(this_year - 1)
        self.compare_year.setEnabled(False)
        self.heat = QComboBox(objectName="charts_heat")
        self.heat.addItem(self.tr("Heat map: loans"), "loans")
        self.heat.addItem(self.tr("Heat map: visitors"), "visitors")
        self.period = QComboBox(objectName="charts_period")  # the hours-of-the-week view's period
        self.period.addItem(self.tr("Whole year"), 0)
        locale = QLocale()
        for month in range(1, 13):
            self.period.addItem(locale.standaloneMonthName(month, QLocale.FormatType.LongFormat), month)
        self.period.setToolTip(self.tr("The period of the hours-of-the-week view"))
        self.library = LibraryChoice(context, "charts_library")
        self.library.currentIndexChanged.connect(lambda _i: self.refresh())
        self.labels = self.chart_labels()
        self.save_button = QPushButton(self.tr("Save chart…"), objectName="charts_save")
        self.status = QLabel(objectName="charts_status")
        self.year.valueChanged.connect(self._year_changed)
        for signal in (self.compare_year.valueChanged, self.heat.currentIndexChanged, self.period.currentIndexChanged):
            signal.connect(lambda _v: self.refresh())
        self.compare.toggled.connect(self._compare_toggled)
        self.save_button.clicked.connect(self._ask_save)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year")))
        top.addWidget(self.year)
        top.addWidget(self.library)
        top.addWidget(self.compare)
        top.addWidget(self.compare_year)
        top.addWidget(self.heat)
        top.addWidget(self.period)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.save_button)

        titles = {
            "loans": self.tr("Loans by month"),
            "reading": self.tr("Reading rooms"),
            "visitors": self.tr("Visitors"),
            "calendar": self.tr("Calendar"),
            "week": self.tr("Hours of the week"),
            "classes": self.tr("Loans by class"),
            "activities": self.tr("Number of activities"),
            "digitization": self.tr("Digitization"),
            "comparison": self.tr("Comparison"),
        }
        self.pages = QTabWidget(objectName="charts_pages")
        self.chart_pages: dict[str, ChartPage] = {}
        for key, _title in charts.CHARTS:
            page = ChartPage(key, self._clicked)
            self.chart_pages[key] = page
            self.pages.addTab(page, titles[key])
        self.pages.currentChanged.connect(lambda _i: self._show_current())

        self.headers = {
            "id": self.tr("No."), "day": self.tr("Date"), "point": self.tr("Service point"),
            "barcode": self.tr("Barcode"), "title": self.tr("Title"), "class": self.tr("Class"),
            "card": self.tr("Reader card"), "renewal": self.tr("Renewal no."), "room": self.tr("Room"),
            "count": self.tr("Count"), "note": self.tr("Note"), "visitors": self.tr("Visitors"),
            "category": self.tr("Category"), "participants": self.tr("Participants"),
            "online": self.tr("Online views"), "batch": self.tr("Batch"), "quantity": self.tr("Quantity"),
        }
        self.drill_label = QLabel(self.tr("Click a bar or a day to list the records behind it."),
                                  objectName="charts_drill_label")
        self.records = RowsTableModel([], self)
        self.records_view = QTableView(objectName="charts_records")
        self.records_view.setModel(self.records)
        self.records_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.records_view.verticalHeader().hide()
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        below_layout.addWidget(self.drill_label)
        below_layout.addWidget(self.records_view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.pages)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.data: statistics.ChartData | None = None
        self._weeks: dict[tuple[str, dt.date, dt.date, int | None], drilldown.WeekHours] = {}
        self.week_job: ops.Job | None = None
        self._generation = 0
        self._pending = False
        context.data_changed.connect(self._data_changed)

    def title(self) -> str:
        return self.tr("Charts")

    def chart_labels(self) -> dict[str, Any]:
        """Every text the charts draw that is not data, in the interface's language."""
        locale = QLocale()
        return {
            "months": [locale.monthName(m, QLocale.FormatType.ShortFormat) for m in range(1, 13)],
            "weekdays": [locale.dayName(d, QLocale.FormatType.ShortFormat) for d in range(1, 8)],
            "empty": self.tr("No records in this year"),
            "loans_title": self.tr("Loans in {year} by service point (renewals not included)"),
            "reading_title": self.tr("Reading-room visits in {year} by room"),
            "visitors_title": self.tr("Visitors in {year}"),
            "visitors_legend": self.tr("Visitors"),
            "calendar_loans_title": self.tr("Loans per day in {year}"),
            "calendar_visitors_title": self.tr("Visitors per day in {year}"),
            "loans": self.tr("Loans"),
            "visitors": self.tr("Visitors counted"),
            "reading": self.tr("Reading-room visits"),
            "items_unit": self.tr("Items"),
            "people_unit": self.tr("Visits"),
            "events_unit": self.tr("Events"),
            "classes_title": self.tr("Loans in {year} by CLC main class"),
            "class_axis": self.tr("CLC main class"),
            "unclassified": self.tr("Unclassified"),
            "activities_title": self.tr("Reader activities in {year} by category"),
            "activities": self.tr("Number of activities"),
            "participants": self.tr("Participants"),
            "digitization_title": self.tr("Digitization in {year}: progress at the year's end"),
            "done_before": self.tr("Done in earlier years"),
            "done_in_year": self.tr("Done in {year}"),
            "percent_axis": self.tr("Done so far ÷ target"),
            "comparison_title": self.tr("{year} against {other}, month by month"),
            "year": "{year}",
            "period_year": self.tr("in {year}"),
            "period_month": self.tr("in {month}/{year}"),
            "week_loans_title": self.tr("Loans by weekday and hour {period}"),
            "week_visits_title": self.tr("Reading-room visits by weekday and hour {period}"),
            "hour_axis": self.tr("Hour of the day"),
            "untimed": self.tr("{count} visitors counted without a time of day (gate counters and day totals) "
                               "are not shown"),
        }

    # -- drawing --------------------------------------------------------------------------

    def current_page(self) -> ChartPage:
        page = self.pages.currentWidget()
        assert isinstance(page, ChartPage)
        return page

    def chosen_compare_year(self) -> int | None:
        return self.compare_year.value() if self.compare.isChecked() else None

    def _year_changed(self, year: int) -> None:
        if not self.compare.isChecked():  # show the year the charts compare with: the one before
            self.compare_year.blockSignals(True)
            self.compare_year.setValue(year - 1)
            self.compare_year.blockSignals(False)
        self.refresh()

    def _compare_toggled(self, on: bool) -> None:
        self.compare_year.setEnabled(on)
        self.refresh()

    def _data_changed(self, _area: str) -> None:
        """Another tab saved something: redraw once the event loop is free (several changes
        in a row, or the main window's own refresh, cost one redraw)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._redraw_pending)

    def _redraw_pending(self) -> None:
        if self._pending:
            self.refresh()

    def refresh(self) -> None:
        """Read the year's figures and redraw the chart on show (the others when shown)."""
        self._pending = False
        try:
            with ops.reading(self.context) as session:
                self.data = statistics.chart_data(session, self.year.value(), self.chosen_compare_year(),
                                                  library_id=self.library.library_id())
        except WorkstationError as err:
            show_error(self, err)
            return
        for page in self.chart_pages.values():
            page.data = None  # built again when shown
        self._weeks.clear()
        self._generation += 1  # a count still running belongs to the figures before these
        self._show_current()
        self.status.setText(self.tr("{year} compared with {other}").format(year=self.data.year,
                                                                           other=self.data.compare_year))

    def _show_current(self) -> None:
        """Build the chart on show from the current figures if it is not yet, and draw it."""
        page = self.current_page()
        if page.key == "week":
            self._show_week(page)
            return
        if self.data is not None and page.data is not self.data:
            page.set_figure(charts.build(page.key, self.data, heat=str(self.heat.currentData()), labels=self.labels))
            page.data = self.data
        page.draw()

    # -- the hours of the week: counted over the period's loans, on the worker ---------------

    def week_key(self) -> tuple[str, dt.date, dt.date, int | None]:
        first, last = self.week_period()
        return ("loans" if self.heat.currentData() == "loans" else "visits", first, last, self.library.library_id())

    def week_ready(self) -> bool:
        """Whether the hours-of-the-week page shows the counts for its current choice."""
        page = self.chart_pages["week"]
        return self.week_job is None and page.data is self.data and page.shown == self.week_key()

    def _show_week(self, page: ChartPage) -> None:
        key = self.week_key()
        week = self._weeks.get(key)
        if week is None:
            if self.week_job is None and self.data is not None:  # one at a time: its end shows the page again
                what, first, last, library_id = key
                generation = self._generation

                def counted(found: drilldown.WeekHours) -> None:
                    if generation == self._generation:
                        self._weeks[key] = found

                self.week_job = ops.background(
                    self.context, lambda s, _p: drilldown.week_hours(s, what, first, last, library_id), parent=page,
                    label=self.tr("Counting the hours of the week…"), writes=False, on_done=counted)
                self.week_job.finished.connect(self._week_counted)
            return
        if page.data is not self.data or page.shown != key:
            page.set_figure(charts.week_chart(week, self.labels))
            page.data, page.shown = self.data, key
        page.draw()

    def _week_counted(self, ok: bool) -> None:
        self.week_job = None
        page = self.current_page()
        if ok and page.key == "week":
            self._show_week(page)

    def week_period(self) -> tuple[dt.date, dt.date]:
        """The period of the hours-of-the-week view: the year, or one month of it."""
        year, month = self.year.value(), int(self.period.currentData() or 0)
        return month_days(year, month) if month else (dt.date(year, 1, 1), dt.date(year, 12, 31))

    # -- saving ---------------------------------------------------------------------------

    def _ask_save(self) -> None:
        page = self.current_page()
        folder = str(self.context.settings.value("charts/folder", str(Path.home())))
        suggested = str(Path(folder) / f"{page.key}-{self.year.value()}.png")
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save chart"), suggested,
                                                    self.tr("PNG image (*.png);;SVG drawing (*.svg);;PDF (*.pdf)"))
        if path:
            self.save_chart(Path(path))

    def save_chart(self, path: Path) -> Path:
        """Save the chart on show; the format follows the file's suffix (PNG if none)."""
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in SAVE_FORMATS:
            path = path.with_suffix(".png")
            suffix = "png"
        self.current_page().figure.savefig(path, format=suffix, dpi=150)
        self.context.settings.setValue("charts/folder", str(path.parent))
        self.status.setText(self.tr("Saved {path}").format(path=str(path)))
        return path

    # -- drill-down -----------------------------------------------------------------------

    def _clicked(self, event: Any) -> None:
        page = self.current_page()
        key = charts.target_at(page.figure, event)
        if key is not None:
            self.drill(key)

    def drill(self, key: charts.DrillKey) -> statistics.Records:
        """List the records behind a bar or a cell under the chart."""
        year = key.year
        library_id = self.data.library_id if self.data is not None else None
        with ops.reading(self.context) as session:
            scope = statistics.scope_of(session, library_id)
            if key.kind == "loans" and key.month:
                records = statistics.loans_in_month(session, year, key.month, key.label, library_id)
            elif key.kind == "reading" and key.month:
                records = statistics.headcounts_in_month(session, year, key.month, key.label, library_id)
            elif key.kind == "visitors" and key.month:
                first, last = month_days(year, key.month)
                records = statistics.visitor_days(session, first, last, scope)
            elif key.kind == "day_loans" and key.day:
                records = statistics.loan_records(session, key.day, key.day, scope=scope)
            elif key.kind == "day_visitors" and key.day:
                records = statistics.visitor_days(session, key.day, key.day, scope)
            elif key.kind == "class" and key.label:
                records = statistics.loan_records(session, dt.date(year, 1, 1), dt.date(year, 12, 31),
                                                  letter=key.label, scope=scope)
            elif key.kind == "category" and key.label:
                records = statistics.activities_of_category(session, year, int(key.label), library_id)
            elif key.kind in ("project", "project_before") and key.label:
                records = drilldown.project_done(session, int(key.label), year, before=key.kind == "project_before")
            elif key.kind in ("week_loans", "week_visits") and key.label:
                start, end, weekday, hour = key.label.split("/")
                records = drilldown.week_cell_records(session, key.kind.removeprefix("week_"),
                                                      dt.date.fromisoformat(start), dt.date.fromisoformat(end),
                                                      int(weekday), int(hour), library_id)
            else:
                raise ValueError(f"no drill-down for {key}")
        self.records.set_rows([])  # the old rows never meet the new columns
        self.records.set_headers([self.headers.get(h, h) for h in records.headers])
        ids_first = records.headers[:1] == ("id",)  # record numbers are shown without separators
        self.records.set_rows([tuple(str(v) if ids_first and i == 0 else _cell(v) for i, v in enumerate(row))
                               for row in records.rows], keys=list(records.ids))
        self.drill_label.setText(self._drill_text(key, records))
        return records

    def _drill_text(self, key: charts.DrillKey, records: statistics.Records) -> str:
        label: Any = key.label
        month = key.month and f"{key.month:02d}"
        if key.kind == "category" and records.rows:
            label = records.rows[0][3]  # the category by its name, not its id
        elif key.kind in ("project", "project_before"):
            name = next((p.name for p in (self.data.projects if self.data else ())
                         if str(p.project_id) == key.label), key.label)
            earlier = self.tr("earlier years")
            label = f"{name} · {earlier if key.kind == 'project_before' else key.year}"
        elif key.kind == "visitors":
            label = None  # the one series' fixed name: the chart's title says what it is
        elif key.kind.startswith("week_") and key.label:
            first, last, weekday, hour = key.label.split("/")
            day = QLocale().dayName(int(weekday) + 1, QLocale.FormatType.ShortFormat)
            label, month = f"{first} ~ {last} · {day} {int(hour):02d}:00-{int(hour) + 1:02d}:00", None
        what = " · ".join(str(p) for p in (key.year, month, label, key.day) if p)
        if records.total > len(records.rows):
            text = self.tr("{what}: {total} records, the first {shown} listed")
        else:
            text = self.tr("{what}: {total} records")
        text = text.format(what=what, total=f"{records.total:,}", shown=f"{len(records.rows):,}")
        if records.measure is not None:
            text += self.tr(", {amount} in all").format(amount=f"{records.figure:,}")
        return text


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
