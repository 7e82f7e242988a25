"""Outreach › Online and promotion figures: a metric's value per month (website hits,
mobile-library hits, LED screen days, WeChat followers, and any metric a manager defines)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from workstation.models import Role
from workstation.models.outreach import MetricAggregation
from workstation.services.outreach import metrics as met
from workstation.services.outreach.importer import ImportKind
from workstation.ui import ops
from workstation.ui.context import AppContext
from workstation.ui.outreach.common import OutreachSection, fill_table, line, make_table


class MetricsSection(OutreachSection):
    IMPORT_KIND = ImportKind.METRICS

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("metrics_section")
        self.metric_combo = QComboBox(objectName="metric")
        self.metric_combo.setMinimumWidth(200)
        self.month = QComboBox(objectName="month")
        for m in range(1, 13):
            self.month.addItem(self.tr("{m} month").format(m=m), m)
        self.value = line("value", "0", 160)
        self.value.returnPressed.connect(self.save)
        self.save_button = QPushButton(self.tr("Save value"), objectName="save_value_button")
        self.save_button.clicked.connect(self.save)
        self.correct_button = QPushButton(self.tr("Correct value"), objectName="correct_value_button")
        self.correct_button.setToolTip(self.tr("Replace the value already entered for this month"))
        self.correct_button.clicked.connect(self.correct)
        self.import_button = QPushButton(self.tr("Import…"), objectName="import_button")
        self.import_button.clicked.connect(self.choose_import_file)
        entry = QHBoxLayout()
        for label, widget in ((self.tr("Metric"), self.metric_combo), (self.tr("Month"), self.month),
                              (self.tr("Value"), self.value)):
            entry.addWidget(QLabel(label))
            entry.addWidget(widget)
        entry.addWidget(self.save_button)
        entry.addWidget(self.correct_button)
        entry.addStretch(1)
        entry.addWidget(self.import_button)

        # a new metric (managers)
        self.new_code = line("code", self.tr("code, e.g. douyin_views"), 180)
        self.new_name = line("name", self.tr("name, e.g. Douyin plays"), 180)
        self.new_unit = line("unit", self.tr("unit"), 80)
        self.new_aggregation = QComboBox(objectName="aggregation")
        self.new_aggregation.addItem(self.tr("year = sum of months"), MetricAggregation.SUM.value)
        self.new_aggregation.addItem(self.tr("year = last month entered"), MetricAggregation.LAST.value)
        self.add_metric_button = QPushButton(self.tr("Add metric"), objectName="add_metric_button")
        self.add_metric_button.clicked.connect(self.add_metric)
        self.definitions = QGroupBox(self.tr("New metric"))
        new_row = QHBoxLayout(self.definitions)
        for widget in (self.new_code, self.new_name, self.new_unit, self.new_aggregation, self.add_metric_button):
            new_row.addWidget(widget)
        new_row.addStretch(1)
        self.definitions.setVisible(context.actor.role.rank >= Role.MANAGER.rank)
        self.fields = {"metric": self.metric_combo, "month": self.month, "value": self.value, "code": self.new_code,
                       "name": self.new_name, "unit": self.new_unit, "aggregation": self.new_aggregation}

        self.table = make_table("metrics_table", [self.tr("Metric"), *[str(m) for m in range(1, 13)],
                                                  self.tr("Whole year")], stretch_last=False)
        layout = QVBoxLayout(self)
        layout.addLayout(entry)
        layout.addWidget(self.status)
        layout.addWidget(self.problems)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.definitions)

    def title(self) -> str:
        return self.tr("Online and promotion")

    def refresh(self) -> None:
        current = self.metric_combo.currentData()
        with ops.reading(self.context) as s:
            definitions = [(m.id, m.name, m.unit) for m in met.list_definitions(s)]
            values = met.values_for_year(s, self.year)
            totals = {t.metric_id: t.total for t in met.year_totals(s, self.year)}
        self.metric_combo.clear()
        for mid, name, unit in definitions:
            self.metric_combo.addItem(f"{name}（{unit}）" if unit else name, mid)
        if current is not None and self.metric_combo.findData(current) >= 0:
            self.metric_combo.setCurrentIndex(self.metric_combo.findData(current))
        rows = []
        for mid, name, _unit in definitions:
            months: list[object] = [values[(mid, m)].value if (mid, m) in values else "" for m in range(1, 13)]
            rows.append([name, *months, totals.get(mid, 0)])
        fill_table(self.table, rows, right_from=1)

    def save(self) -> None:
        metric_id, year, month, value = self.metric_combo.currentData(), self.year, self.month.currentData(), \
            self.value.text()

        def action(s: Session) -> int:
            return met.enter_value(s, self.context.actor, metric_id, year, month, value).id

        if self.run(action, self.tr("Value saved.")) is not None:
            self.value.clear()
            if self.month.currentIndex() < 11:
                self.month.setCurrentIndex(self.month.currentIndex() + 1)
            self.value.setFocus()

    def correct(self) -> None:
        metric_id, year, month, value = self.metric_combo.currentData(), self.year, self.month.currentData(), \
            self.value.text()

        def action(s: Session) -> int:
            row = met.values_for_year(s, year).get((metric_id, month))
            if row is None:
                return met.enter_value(s, self.context.actor, metric_id, year, month, value).id
            return met.correct_value(s, self.context.actor, row.id, value).id

        if self.run(action, self.tr("Value corrected.")) is not None:
            self.value.clear()

    def add_metric(self) -> None:
        code, name, unit = self.new_code.text(), self.new_name.text(), self.new_unit.text()
        aggregation = str(self.new_aggregation.currentData())

        def action(s: Session) -> int:
            return met.create_definition(s, self.context.actor, code, name, unit, aggregation).id

        new_id = self.run(action, self.tr("Metric added."))
        if new_id is not None:
            for edit in (self.new_code, self.new_name, self.new_unit):
                edit.clear()
            self.metric_combo.setCurrentIndex(self.metric_combo.findData(new_id))
