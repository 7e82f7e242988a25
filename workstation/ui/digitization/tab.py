"""Digitization: projects against their targets, batches moving through stages, progress.

Thin: every action is a call into ``workstation.services.digitization.projects``; every figure
shown comes from it. Errors appear in a red line under the actions (no modal box), so a
batch can be moved quickly and a test can drive the whole tab.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import CONTEXT, WorkstationError
from workstation.models import Role
from workstation.models.digitization import BatchState
from workstation.services.digitization import projects as dz
from workstation.services.digitization.forecast import ForecastKind, Plan, ProjectStatus
from workstation.timeutil import LIBRARY_TZ, today
from workstation.ui import ops
from workstation.ui.base_tab import BaseTab
from workstation.ui.context import AppContext
from workstation.ui.digitization.chart import BurnupChart
from workstation.ui.messages import error_text
from workstation.ui.models.rows import RowsTableModel
from workstation.ui.widgets.tables import table_view

AREA = "digitization"
STATUS_COLOURS = {
    ProjectStatus.COMPLETE: QColor("#2f7d32"),
    ProjectStatus.ON_TRACK: QColor("#1565c0"),
    ProjectStatus.AT_RISK: QColor("#ef6c00"),
    ProjectStatus.LATE: QColor("#c62828"),
}


def _percent(value: Fraction | None) -> str:
    return "—" if value is None else f"{float(value):.1f}%"


def _weak(tab: DigitizationTab, method: Callable[[DigitizationTab, int], QColor | None]
          ) -> Callable[[int], QColor | None]:
    """A row-colour callback that does not keep the tab alive (no tab ↔ model cycle for the
    garbage collector to break while Qt still paints the table)."""
    ref = weakref.ref(tab)

    def colour(row: int) -> QColor | None:
        target = ref()
        return method(target, row) if target is not None else None

    return colour


def _hours(span: dt.timedelta | None) -> str:
    return "—" if span is None else f"{span.total_seconds() / 3600:,.1f}"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class DigitizationTab(BaseTab):
    OBJECT_NAME = "digitization_tab"
    MIN_ROLE = Role.DESK

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.project_id: int | None = None
        self._status: dict[int, ProjectStatus] = {}
        self.summaries: list[dz.ProjectSummary] = []
        self.qc: dz.RejectionStats | None = None

        # -- projects ------------------------------------------------------------------
        self.projects_model = RowsTableModel(
            [self.tr("Project"), self.tr("Category"), self.tr("Unit"), self.tr("Target"), self.tr("Done"),
             self.tr("Percent"), self.tr("Due"), self.tr("Status")], self,
            foreground=_weak(self, DigitizationTab._project_colour))
        self.projects_view = table_view(self.projects_model, "digitization_projects")
        self.projects_view.selectionModel().selectionChanged.connect(self._project_selected)
        self.show_closed = QCheckBox(self.tr("Show closed projects"), objectName="digitization_show_closed")
        self.show_closed.toggled.connect(self.refresh)

        self.new_box = QGroupBox(self.tr("New project"))
        form = QFormLayout(self.new_box)
        self.name_edit = QLineEdit(objectName="digitization_name")
        self.category_edit = QLineEdit(objectName="digitization_category")
        self.unit_edit = QLineEdit(objectName="digitization_unit")
        self.unit_edit.setPlaceholderText(self.tr("e.g. {units}").format(units="页、条、版、节、部"))
        self.target_edit = QLineEdit(objectName="digitization_target")
        self.start_edit = QDateEdit(objectName="digitization_start")
        self.due_edit = QDateEdit(objectName="digitization_due")
        for edit in (self.start_edit, self.due_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        now = today()
        self.start_edit.setDate(_qdate(now))
        self.due_edit.setDate(_qdate(dt.date(now.year, 12, 31)))
        self.template_combo = QComboBox(objectName="digitization_template")
        self.custom_stages = QLineEdit(objectName="digitization_custom_stages")
        self.custom_stages.setPlaceholderText(self.tr("or type them: {stages} (* marks a check)").format(
            stages="接收 → 扫描 → 质检* → 发布"))
        self.create_button = QPushButton(self.tr("Create project"), objectName="digitization_create")
        self.create_button.clicked.connect(self.create_project)
        self.target_edit.returnPressed.connect(self.create_project)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Category"), self.category_edit)
        form.addRow(self.tr("Unit"), self.unit_edit)
        form.addRow(self.tr("Target"), self.target_edit)
        form.addRow(self.tr("Start"), self.start_edit)
        form.addRow(self.tr("Due"), self.due_edit)
        form.addRow(self.tr("Stages from"), self.template_combo)
        form.addRow("", self.custom_stages)
        form.addRow(self.create_button)
        self.new_box.setVisible(context.actor.role.rank >= Role.MANAGER.rank)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.projects_view, 1)
        left_layout.addWidget(self.show_closed)
        left_layout.addWidget(self.new_box)

        # -- the selected project's target and status (managers) ----------------------------
        self.edit_box = QGroupBox(self.tr("Selected project"))
        edit_layout = QHBoxLayout(self.edit_box)
        self.new_target = QLineEdit(objectName="digitization_new_target")
        self.new_target.setPlaceholderText(self.tr("New target"))
        self.rebase = QCheckBox(self.tr("Move the plan line too"), objectName="digitization_rebase")
        self.rebase.setToolTip(self.tr("Without this, the plan line stays where it was when the target was set, "
                                       "so added scope shows as a gap."))
        self.target_button = QPushButton(self.tr("Change target"), objectName="digitization_change_target")
        self.target_button.clicked.connect(self.change_target)
        self.active_button = QPushButton(self.tr("Close project"), objectName="digitization_toggle_active")
        self.active_button.clicked.connect(self.toggle_active)
        edit_layout.addWidget(self.new_target, 1)
        edit_layout.addWidget(self.rebase)
        edit_layout.addWidget(self.target_button)
        edit_layout.addWidget(self.active_button)
        self.edit_box.setVisible(context.actor.role.rank >= Role.MANAGER.rank)
        left_layout.addWidget(self.edit_box)

        # -- batches -------------------------------------------------------------------
        self.project_title = QLabel(objectName="digitization_project_title")
        self.project_title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.batches_model = RowsTableModel(
            [self.tr("Batch"), self.tr("Quantity"), self.tr("Stage"), self.tr("State")], self,
            foreground=_weak(self, DigitizationTab._batch_colour))
        self.batches_view = table_view(self.batches_model, "digitization_batches")
        self.batches_view.selectionModel().selectionChanged.connect(self._batch_selected)
        self._batch_states: list[BatchState] = []
        self._batch_stage: dict[int, int] = {}

        self.batch_label = QLineEdit(objectName="digitization_batch_label")
        self.batch_label.setPlaceholderText(self.tr("Batch name"))
        self.batch_quantity = QLineEdit(objectName="digitization_batch_quantity")
        self.batch_quantity.setPlaceholderText(self.tr("Quantity"))
        self.batch_quantity.returnPressed.connect(self.add_batch)
        self.add_button = QPushButton(self.tr("Add batch"), objectName="digitization_add_batch")
        self.add_button.clicked.connect(self.add_batch)
        add_row = QHBoxLayout()
        add_row.addWidget(self.batch_label, 2)
        add_row.addWidget(self.batch_quantity, 1)
        add_row.addWidget(self.add_button)
        self.correct_button = QPushButton(self.tr("Correct quantity of selected"),
                                          objectName="digitization_correct_quantity")
        self.correct_button.setToolTip(self.tr("Type the right quantity and a reason, then press this."))
        self.correct_button.clicked.connect(self.correct_quantity)
        self.correct_button.setVisible(context.actor.role.rank >= Role.MANAGER.rank)
        add_row.addWidget(self.correct_button)

        self.start_button = QPushButton(self.tr("Start stage"), objectName="digitization_start_stage")
        self.finish_button = QPushButton(self.tr("Finish stage"), objectName="digitization_finish_stage")
        self.start_button.clicked.connect(self.start_stage)
        self.finish_button.clicked.connect(self.finish_stage)
        self.to_stage_combo = QComboBox(objectName="digitization_to_stage")
        self.reason_edit = QLineEdit(objectName="digitization_reason")
        self.reason_edit.setPlaceholderText(self.tr("Reason (for reject, reopen, hold)"))
        self.reject_button = QPushButton(self.tr("Reject back to"), objectName="digitization_reject")
        self.reject_button.clicked.connect(self.reject)
        self.reopen_button = QPushButton(self.tr("Reopen at"), objectName="digitization_reopen")
        self.reopen_button.clicked.connect(self.reopen)
        self.hold_button = QPushButton(self.tr("Hold"), objectName="digitization_hold")
        self.hold_button.clicked.connect(self.hold)
        self.resume_button = QPushButton(self.tr("Resume"), objectName="digitization_resume")
        self.resume_button.clicked.connect(self.resume)
        move_row = QHBoxLayout()
        for button in (self.start_button, self.finish_button, self.hold_button, self.resume_button):
            move_row.addWidget(button)
        move_row.addStretch(1)
        back_row = QHBoxLayout()
        back_row.addWidget(self.reject_button)
        back_row.addWidget(self.reopen_button)
        back_row.addWidget(self.to_stage_combo)
        back_row.addWidget(self.reason_edit, 1)
        self.message = QLabel(objectName="digitization_message")
        self.message.setWordWrap(True)

        self.history_model = RowsTableModel(
            [self.tr("Time"), self.tr("Stage"), self.tr("Action"), self.tr("Quantity"), self.tr("By"),
             self.tr("Reason")], self)
        self.history_view = table_view(self.history_model, "digitization_history")

        batches_page = QWidget()
        batches_layout = QVBoxLayout(batches_page)
        batches_layout.addWidget(self.batches_view, 3)
        batches_layout.addLayout(add_row)
        batches_layout.addLayout(move_row)
        batches_layout.addLayout(back_row)
        batches_layout.addWidget(self.message)
        batches_layout.addWidget(QLabel(self.tr("History of the selected batch")))
        batches_layout.addWidget(self.history_view, 2)

        # -- progress ------------------------------------------------------------------
        self.summary_label = QLabel(objectName="digitization_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.wip_model = RowsTableModel(
            [self.tr("Stage"), self.tr("Waiting"), self.tr("In work"), self.tr("Rejected"), self.tr("On hold"),
             self.tr("Total"), self.tr("Batches"), self.tr("Average time (hours)")], self)
        self.wip_view = table_view(self.wip_model, "digitization_wip")
        self.week_model = RowsTableModel([self.tr("Week of"), self.tr("Done")], self)
        self.week_view = table_view(self.week_model, "digitization_weeks")
        self.person_model = RowsTableModel([self.tr("Staff"), self.tr("Stage"), self.tr("Finished"),
                                            self.tr("Batches")], self)
        self.person_view = table_view(self.person_model, "digitization_people")
        progress_page = QWidget()
        progress_layout = QVBoxLayout(progress_page)
        progress_layout.addWidget(self.summary_label)
        progress_layout.addWidget(QLabel(self.tr("Work in progress per stage")))
        progress_layout.addWidget(self.wip_view, 2)
        tables = QHBoxLayout()
        week_box = QVBoxLayout()
        week_box.addWidget(QLabel(self.tr("Throughput per week")))
        week_box.addWidget(self.week_view)
        person_box = QVBoxLayout()
        person_box.addWidget(QLabel(self.tr("Throughput per person")))
        person_box.addWidget(self.person_view)
        tables.addLayout(week_box, 1)
        tables.addLayout(person_box, 2)
        progress_layout.addLayout(tables, 2)

        self.chart = BurnupChart()

        self.detail = QTabWidget(objectName="digitization_detail")
        self.detail.addTab(batches_page, self.tr("Batches and stages"))
        self.detail.addTab(progress_page, self.tr("Progress"))
        self.detail.addTab(self.chart, self.tr("Burn-up chart"))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.project_title)
        right_layout.addWidget(self.detail, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 880])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._load_templates()
        self.refresh()

    def title(self) -> str:
        return self.tr("Digitization")

    # -- labels ---------------------------------------------------------------------------

    def status_label(self, status: ProjectStatus) -> str:
        return {
            ProjectStatus.COMPLETE: self.tr("complete"),
            ProjectStatus.ON_TRACK: self.tr("on track"),
            ProjectStatus.AT_RISK: self.tr("at risk"),
            ProjectStatus.LATE: self.tr("late"),
        }[status]

    @staticmethod
    def _service_label(text: str) -> str:
        return QCoreApplication.translate(CONTEXT, text)

    def _project_colour(self, row: int) -> QColor | None:
        if row < len(self.summaries):
            return STATUS_COLOURS[self.summaries[row].forecast.status]
        return None

    def _batch_colour(self, row: int) -> QColor | None:
        if row < len(self._batch_states):
            state = self._batch_states[row]
            if state is BatchState.REJECTED:
                return QColor("#c62828")
            if state is BatchState.DONE:
                return QColor("#2f7d32")
            if state is BatchState.ON_HOLD:
                return QColor("#888888")
        return None

    # -- loading --------------------------------------------------------------------------

    def _load_templates(self) -> None:
        with ops.reading(self.context) as s:
            templates = [(t.id, t.name, " → ".join(st.name for st in t.stages)) for t in dz.list_templates(s)]
        self.template_combo.clear()
        for template_id, name, stages in templates:
            self.template_combo.addItem(f"{name}（{stages}）", template_id)

    def refresh(self) -> None:
        with ops.reading(self.context) as s:
            self.summaries = dz.project_summaries(s, include_inactive=self.show_closed.isChecked())
        rows = [(x.name, x.category, x.unit, x.target, x.done, "", x.due.isoformat(),
                 self.status_label(x.forecast.status)) for x in self.summaries]
        self.projects_model.set_rows(rows, [x.id for x in self.summaries])
        for row, summary in enumerate(self.summaries):
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(min(100, int(summary.percent)))
            bar.setFormat(_percent(summary.percent))
            self.projects_view.setIndexWidget(self.projects_model.index(row, 5), bar)
        if self.project_id is not None and self.project_id in [x.id for x in self.summaries]:
            self.projects_view.selectRow([x.id for x in self.summaries].index(self.project_id))
            self.load_project()
        elif self.summaries:
            self.projects_view.selectRow(0)
        else:
            self.project_id = None
            self.load_project()

    def _project_selected(self, *_args: Any) -> None:
        rows = self.projects_view.selectionModel().selectedRows()
        if not rows:
            return
        project_id = int(self.projects_model.key(rows[0].row()))
        if project_id != self.project_id:
            self.project_id = project_id
            self.load_project()

    def summary(self) -> dz.ProjectSummary | None:
        return next((x for x in self.summaries if x.id == self.project_id), None)

    def load_project(self) -> None:
        summary = self.summary()
        if summary is None:
            self.project_title.setText(self.tr("No project chosen"))
            self.batches_model.set_rows([])
            self.history_model.set_rows([])
            self.wip_model.set_rows([])
            self.week_model.set_rows([])
            self.person_model.set_rows([])
            self.summary_label.clear()
            self.chart.clear()
            return
        selected = self.selected_batch()
        with ops.reading(self.context) as s:
            project = dz.get_project(s, summary.id)
            stages = [(st.id, st.name) for st in dz.project_stages(s, project.id)]
            batches = dz.list_batches(s, project.id)
            batch_rows = [(b.label, b.quantity, b.stage.name, self._service_label(dz.STATE_LABELS[b.state]))
                          for b in batches]
            batch_keys = [b.id for b in batches]
            self._batch_stage = {b.id: b.stage_id for b in batches}
            self._batch_states = [b.state for b in batches]
            wip = dz.wip_per_stage(s, project.id)
            durations = {d.stage_id: d.average for d in dz.stage_durations(s, project.id)}
            qc = dz.rejection_stats(s, project.id)
            weeks = dz.throughput_per_week(s, project.id)
            people = dz.throughput_per_person(s, project.id)
            daily = dz.daily_done(s, project.id, last_day=summary.forecast.today)
            plan = Plan(project.plan_target, project.plan_start, project.plan_due)
        self.project_title.setText(self.tr("{name} — {done} of {target} {unit} ({percent})").format(
            name=summary.name, done=f"{summary.done:,}", target=f"{summary.target:,}", unit=summary.unit,
            percent=_percent(summary.percent)))
        self.batches_model.set_rows(batch_rows, batch_keys)
        self.active_button.setText(self.tr("Close project") if summary.active else self.tr("Reopen project"))
        self.to_stage_combo.clear()
        for stage_id, name in stages:
            self.to_stage_combo.addItem(name, stage_id)
        if selected in batch_keys:
            self.batches_view.selectRow(batch_keys.index(selected))
        self._load_history()
        self.wip_model.set_rows([(w.name, w.waiting, w.in_work, w.rejected, w.on_hold, w.total, w.batches,
                                  _hours(durations.get(w.stage_id))) for w in wip], [w.stage_id for w in wip])
        self.week_model.set_rows([(monday.isoformat(), qty) for monday, qty in weeks])
        self.person_model.set_rows([(p.staff_name, p.stage_name, p.quantity, p.batches) for p in people])
        self.qc = qc
        self.summary_label.setText(self._summary_text(summary, qc))
        self.chart.show_project(name=summary.name, unit=summary.unit, plan=plan, target=summary.target,
                                daily=daily, forecast=summary.forecast)

    def _summary_text(self, summary: dz.ProjectSummary, qc: dz.RejectionStats) -> str:
        fc = summary.forecast
        lines = [self.tr("Status: {status}").format(status=self.status_label(fc.status))]
        if fc.kind is ForecastKind.COMPLETE:
            lines.append(self.tr("Target reached on {date}.").format(
                date=fc.finish.isoformat() if fc.finish else "—"))
        elif fc.kind is ForecastKind.NOT_ENOUGH_DATA:
            lines.append(self.tr("Forecast: not enough data yet (nothing finished in the last {days} days, "
                                 "or the project is less than a week old).").format(days=fc.window_days))
        else:
            assert fc.rate is not None and fc.finish is not None
            lines.append(self.tr("Forecast finish: {date}, at {rate} {unit} a day over the last {days} days.")
                         .format(date=fc.finish.isoformat(), rate=f"{float(fc.rate):,.1f}", unit=summary.unit,
                                 days=fc.window_days))
        if fc.required_rate is not None:
            lines.append(self.tr("Required: {rate} {unit} per working day for the {days} working days left.")
                         .format(rate=f"{float(fc.required_rate):,.1f}", unit=summary.unit,
                                 days=fc.remaining_working_days))
        lines.append(self.tr("Plan for today: {planned} {unit}; done: {done} {unit}.").format(
            planned=f"{fc.planned_today:,}", done=f"{fc.done:,}", unit=summary.unit))
        lines.append(self.tr("QC rejection rate: {rate} ({rejected} of {inspected} {unit} inspected).").format(
            rate=_percent(None if qc.rate is None else qc.rate * 100), rejected=f"{qc.rejected:,}",
            inspected=f"{qc.inspected:,}", unit=summary.unit))
        return "\n".join(lines)

    def selected_batch(self) -> int | None:
        rows = self.batches_view.selectionModel().selectedRows()
        return int(self.batches_model.key(rows[0].row())) if rows else None

    def _batch_selected(self, *_args: Any) -> None:
        self._load_history()

    def _load_history(self) -> None:
        batch_id = self.selected_batch()
        if batch_id is None:
            self.history_model.set_rows([])
            return
        with ops.reading(self.context) as s:
            events = dz.batch_history(s, batch_id)
            rows = [(e.at.astimezone(LIBRARY_TZ).strftime("%Y-%m-%d %H:%M"), e.stage.name + (
                f" → {e.to_stage.name}" if e.to_stage is not None else ""),
                self._service_label(dz.ACTION_LABELS[e.action]), e.quantity, e.staff.display_name, e.reason)
                for e in events]
        self.history_model.set_rows(rows)

    # -- actions --------------------------------------------------------------------------

    def _run(self, action: Callable[..., Any], *args: Any, fields: dict[str, QLineEdit] | None = None,
             **kwargs: Any) -> Any:
        """One service call through the door (retried while the database is busy); an error
        shows in the red line, nothing changes, and the field at fault (if ``fields`` names
        it) is selected for retyping."""

        def refused(err: WorkstationError) -> None:
            self.message.setStyleSheet("color: #c62828; font-weight: bold;")
            self.message.setText(error_text(err))
            self._focus_field(err, fields or {})

        done = ops.run(self.context, lambda s: getattr(action(s, self.context.actor, *args, **kwargs), "id", None),
                       parent=self, on_error=refused, changes=AREA)
        if done is None:
            return None
        self.message.setStyleSheet("color: #2f7d32;")
        self.message.setText(self.tr("Saved."))
        return done.value if done.value is not None else True

    @staticmethod
    def _focus_field(err: WorkstationError, fields: dict[str, QLineEdit]) -> None:
        edit = fields.get(getattr(err, "field", ""))
        if edit is not None:
            edit.setFocus()
            edit.selectAll()

    def create_project(self) -> None:
        typed = self.custom_stages.text().strip()
        stages = {"stages": dz.parse_stage_list(typed)} if typed else {"template_id": self.template_combo.currentData()}
        new_id = self._run(dz.create_project, name=self.name_edit.text(), category=self.category_edit.text(),
                           unit=self.unit_edit.text(), target=self.target_edit.text(),
                           start=_pydate(self.start_edit.date()), due=_pydate(self.due_edit.date()),
                           fields={"name": self.name_edit, "category": self.category_edit, "unit": self.unit_edit,
                                   "target": self.target_edit, "stages": self.custom_stages}, **stages)
        if new_id is None:
            return
        for edit in (self.name_edit, self.category_edit, self.unit_edit, self.target_edit, self.custom_stages):
            edit.clear()
        self.project_id = int(new_id)
        self.refresh()
        self.name_edit.setFocus()

    def add_batch(self) -> None:
        if self.project_id is None:
            return
        new_id = self._run(dz.add_batch, self.project_id, self.batch_label.text(), self.batch_quantity.text(),
                           fields={"label": self.batch_label, "quantity": self.batch_quantity})
        if new_id is None:
            return
        self.batch_label.clear()
        self.batch_quantity.clear()
        self.refresh()
        self.batches_view.selectRow(self.batches_model.rowCount() - 1)
        self.batch_label.setFocus()

    def _move(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        batch_id = self.selected_batch()
        if batch_id is None:
            self.message.setStyleSheet("color: #c62828; font-weight: bold;")
            self.message.setText(self.tr("Select a batch in the list first."))
            return
        if self._run(action, batch_id, *args, fields={"reason": self.reason_edit}, **kwargs) is not None:
            self.reason_edit.clear()
            self.refresh()

    def _seen_stage(self) -> int | None:
        """The stage the screen shows for the selected batch: the service refuses the move
        if someone else has moved the batch on since."""
        batch_id = self.selected_batch()
        return self._batch_stage.get(batch_id) if batch_id is not None else None

    def start_stage(self) -> None:
        self._move(dz.start_stage, expected_stage_id=self._seen_stage())

    def finish_stage(self) -> None:
        self._move(dz.finish_stage, expected_stage_id=self._seen_stage())

    def reject(self) -> None:
        self._move(dz.reject_batch, self.to_stage_combo.currentData(), self.reason_edit.text(),
                   expected_stage_id=self._seen_stage())

    def reopen(self) -> None:
        self._move(dz.reopen_batch, self.to_stage_combo.currentData(), self.reason_edit.text())

    def hold(self) -> None:
        self._move(dz.hold_batch, self.reason_edit.text())

    def resume(self) -> None:
        self._move(dz.resume_batch)

    def correct_quantity(self) -> None:
        batch_id = self.selected_batch()
        if batch_id is None:
            self._move(dz.correct_quantity)  # shows "select a batch first"
            return
        if self._run(dz.correct_quantity, batch_id, self.batch_quantity.text(), self.reason_edit.text(),
                     fields={"quantity": self.batch_quantity, "reason": self.reason_edit}) is not None:
            self.batch_quantity.clear()
            self.reason_edit.clear()
            self.refresh()

    def change_target(self) -> None:
        if self.project_id is None:
            return
        if self._run(dz.set_target, self.project_id, self.new_target.text(), rebase_plan=self.rebase.isChecked(),
                     fields={"target": self.new_target}) is not None:
            self.new_target.clear()
            self.rebase.setChecked(False)
            self.refresh()

    def toggle_active(self) -> None:
        summary = self.summary()
        if summary is None:
            return
        if self._run(dz.update_project, summary.id, active=not summary.active) is not None:
            self.refresh()
