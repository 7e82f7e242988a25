"""A Qt widget showing one project's burn-up chart (built by workstation.reports)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workstation.reports.digitization_charts import burnup_figure
from workstation.services.digitization.forecast import Forecast, Plan


class BurnupChart(QWidget):
    """Holds a canvas that is replaced whenever another project (or new data) is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("digitization_burnup")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel(self.tr("Choose a project to see its burn-up chart."))
        self._layout.addWidget(self.placeholder)
        self.canvas: FigureCanvasQTAgg | None = None
        self.figure: Figure | None = None

    def labels(self) -> dict[str, str]:
        return {
            "plan": self.tr("Plan"),
            "actual": self.tr("Actual"),
            "target": self.tr("Target {target}"),
            "due": self.tr("Due {date}"),
            "forecast": self.tr("Forecast finish {date}"),
            "not_enough": self.tr("Not enough data yet for a forecast"),
            "complete": self.tr("Completed on {date}"),
            "y": self.tr("Quantity ({unit})"),
            "x": self.tr("Date"),
        }

    def show_project(self, *, name: str, unit: str, plan: Plan, target: int, daily: Mapping[dt.date, int],
                     forecast: Forecast) -> None:
        figure = burnup_figure(name=name, unit=unit, plan=plan, target=target, daily=daily, forecast=forecast,
                               labels=self.labels())
        if self.canvas is None:
            # One canvas for the widget's life: replacing canvases would leave matplotlib's
            # queued idle draws pointing at deleted widgets.
            self.canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
            self.canvas.setMinimumHeight(260)
            self._layout.addWidget(self.canvas)
        else:
            self.canvas.figure = figure
            figure.set_canvas(self.canvas)
        self.figure = figure
        self.placeholder.hide()
        self.canvas.show()
        self.canvas.draw()  # type: ignore[no-untyped-call]

    def clear(self) -> None:
        if self.canvas is not None:
            self.canvas.hide()
        self.figure = None
        self.placeholder.show()
