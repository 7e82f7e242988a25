"""Digitization projects: targets, batches moving through stages, and figures from the log.

Every change to a batch appends a ``DigitizationEvent`` (start, finish, reject, reopen,
hold, resume) and moves the batch's current stage and state; nothing in the log is ever
changed. All figures (done, throughput, work in progress, rejection rate, the forecast)
are computed from the log and the batches' current positions.

A batch is **done** when it first finishes its project's final stage (发布). That moment
fixes the local day, and so the year, in which its quantity counts: reopening it later
for a correction does not move it out of the year it was published in.

Units belong to a project (条, 页, 版 …): nothing here adds quantities of different
projects together.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import Subquery, and_, func, select
from sqlalchemy.orm import Session, selectinload

from workstation.errors import N_, Conflict, NotFound, ValidationError
from workstation.models import Role, Staff
from workstation.models.digitization import (
    BatchState,
    DigitizationBatch,
    DigitizationEvent,
    DigitizationProject,
    DigitizationStage,
    DigitizationTemplate,
    DigitizationTemplateStage,
    EventAction,
)
from workstation.services import audit
from workstation.services.context import Actor, require_role
from workstation.services.digitization.forecast import Forecast, Plan, forecast
from workstation.services.text import clean_text
from workstation.timeutil import local_day, now_utc, today

MAX_QUANTITY = 10_000_000
MIN_YEAR = 2000
MAX_YEAR = 2100
CLOCK_SKEW = dt.timedelta(minutes=5)
MAX_REASON = 500

STATE_LABELS = {
    BatchState.WAITING: N_("waiting"),
    BatchState.IN_WORK: N_("in work"),
    BatchState.DONE: N_("done"),
    BatchState.REJECTED: N_("rejected"),
    BatchState.ON_HOLD: N_("on hold"),
}
ACTION_LABELS = {
    EventAction.START: N_("start"),
    EventAction.FINISH: N_("finish"),
    EventAction.REJECT: N_("reject"),
    EventAction.REOPEN: N_("reopen"),
    EventAction.HOLD: N_("hold"),
    EventAction.RESUME: N_("resume"),
}

# What the user sees as the field's name in a message ("Target: …"); ``field`` stays the key.
FIELD_LABELS = {
    "name": N_("Name"),
    "category": N_("Category"),
    "unit": N_("Unit"),
    "target": N_("Target"),
    "start": N_("Start date"),
    "due": N_("Due date"),
    "quantity": N_("Quantity"),
    "label": N_("Batch name"),
    "note": N_("Note"),
    "reason": N_("Reason"),
    "stages": N_("Stages"),
    "at": N_("Time"),
}

_DIGITS = re.compile(r"[0-9]+")


def _label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


# -- validation ---------------------------------------------------------------------------

def parse_quantity(value: int | str, field: str) -> int:
    """A whole number from 1 to 10,000,000; typed text may use full-width digits, spaces and
    thousands separators (``５４,０００``)."""
    if isinstance(value, bool):
        raise ValidationError(field, N_("{field}: a whole number from 1 to {max}."), field=_label(field),
                              max=MAX_QUANTITY)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).replace(",", "").replace(" ", "").strip()
        if not _DIGITS.fullmatch(text):
            raise ValidationError(field, N_("{field}: a whole number from 1 to {max}."), field=_label(field),
                                  max=MAX_QUANTITY)
        value = int(text)
    if not 1 <= value <= MAX_QUANTITY:
        raise ValidationError(field, N_("{field}: a whole number from 1 to {max}."), field=_label(field),
                              max=MAX_QUANTITY)
    return value


def validate_date(value: dt.date, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationError(field, N_("{field}: give a calendar date."), field=_label(field))
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(field, N_("{field}: a date between {first} and {last}."), field=_label(field),
                              first=MIN_YEAR, last=MAX_YEAR)
    return value


def _text(value: str, field: str, max_len: int, *, required: bool = True) -> str:
    text = clean_text(value)
    if required and not text:
        raise ValidationError(field, N_("{field}: must not be empty."), field=_label(field))
    if len(text) > max_len:
        raise ValidationError(field, N_("{field}: at most {n} characters."), field=_label(field), n=max_len)
    return text


def validate_stages(stages: Sequence[tuple[str, bool]]) -> list[tuple[str, bool]]:
    cleaned = [(_text(name, "stages", 30), bool(is_check)) for name, is_check in stages]
    if len(cleaned) < 2:
        raise ValidationError("stages", N_("Stages: give at least two stages, the last one being publication."))
    names = [name for name, _ in cleaned]
    if len(set(names)) != len(names):
        raise ValidationError("stages", N_("Stages: each stage needs its own name."))
    if cleaned[0][1]:
        raise ValidationError("stages", N_("Stages: the first stage cannot be a check; a check needs an "
                                           "earlier stage to send work back to."))
    return cleaned


def _validate_moment(at: dt.datetime | None, field: str = "at") -> dt.datetime:
    if at is None:
        return now_utc()
    if at.tzinfo is None:
        raise ValidationError(field, N_("{field}: the time needs a time zone."), field=_label(field))
    if at > now_utc() + CLOCK_SKEW:
        raise ValidationError(field, N_("{field}: the time is in the future."), field=_label(field))
    if local_day(at).year < MIN_YEAR:
        raise ValidationError(field, N_("{field}: a date between {first} and {last}."), field=_label(field),
                              first=MIN_YEAR, last=MAX_YEAR)
    return at.astimezone(dt.UTC)


_STAGE_SEPARATORS = re.compile(r"\s*(?:→|->|>|,|、|;)\s*")


def parse_stage_list(text: str) -> list[tuple[str, bool]]:
    """Stages typed on one line: ``接收 → 扫描 → 质检* → 发布`` (also separated by commas,
    、 or semicolons, full-width or not); a trailing ``*`` marks a check stage that may
    reject. Validate the result with ``validate_stages``."""
    parts = [p.strip() for p in _STAGE_SEPARATORS.split(unicodedata.normalize("NFKC", text)) if p.strip()]
    return [(p.rstrip("*").strip(), p.endswith("*")) for p in parts]


# -- templates ----------------------------------------------------------------------------

def list_templates(session: Session, *, include_inactive: bool = False) -> Sequence[DigitizationTemplate]:
    query = select(DigitizationTemplate).options(selectinload(DigitizationTemplate.stages)).order_by(
        DigitizationTemplate.id)
    if not include_inactive:
        query = query.where(DigitizationTemplate.active.is_(True))
    return session.scalars(query).all()


def create_template(session: Session, actor: Actor, name: str,
                    stages: Sequence[tuple[str, bool]]) -> DigitizationTemplate:
    require_role(actor, Role.MANAGER)
    name = _text(name, "name", 40)
    cleaned = validate_stages(stages)
    if session.scalar(select(DigitizationTemplate.id).where(DigitizationTemplate.name == name)) is not None:
        raise Conflict(N_("Name: a template called {name} already exists."), name=name)
    template = DigitizationTemplate(name=name, active=True)
    session.add(template)
    session.flush()
    for position, (stage, is_check) in enumerate(cleaned):
        session.add(DigitizationTemplateStage(template_id=template.id, position=position, name=stage,
                                              is_check=is_check))
    session.flush()
    audit.record(session, actor, "create", "digitization_template", template.id,
                 {"name": name, "stages": [s for s, _ in cleaned]})
    return template


# -- projects -----------------------------------------------------------------------------

def list_projects(session: Session, *, include_inactive: bool = False) -> Sequence[DigitizationProject]:
    query = select(DigitizationProject).options(selectinload(DigitizationProject.stages)).order_by(
        DigitizationProject.start_date, DigitizationProject.id)
    if not include_inactive:
        query = query.where(DigitizationProject.active.is_(True))
    return session.scalars(query).all()


def get_project(session: Session, project_id: int) -> DigitizationProject:
    project = session.get(DigitizationProject, project_id)
    if project is None:
        raise NotFound(N_("No digitization project with number {id}."), id=project_id)
    return project


def _ensure_unique_project_name(session: Session, name: str, exclude_id: int | None = None) -> None:
    query = select(DigitizationProject.id).where(DigitizationProject.name == name)
    if exclude_id is not None:
        query = query.where(DigitizationProject.id != exclude_id)
    if session.scalar(query) is not None:
        raise Conflict(N_("Name: a project called {name} already exists."), name=name)


def create_project(session: Session, actor: Actor, *, name: str, category: str, unit: str,
                   target: int | str, start: dt.date, due: dt.date, template_id: int | None = None,
                   stages: Sequence[tuple[str, bool]] | None = None) -> DigitizationProject:
    """A new project; its plan (target, start, due) is frozen now. Stages come from the
    template or are given; exactly one of the two."""
    require_role(actor, Role.MANAGER)
    name = _text(name, "name", 60)
    category = _text(category, "category", 40)
    unit = _text(unit, "unit", 10)
    target = parse_quantity(target, "target")
    start = validate_date(start, "start")
    due = validate_date(due, "due")
    if due < start:
        raise ValidationError("due", N_("Due date: must not be before the start date."))
    if (template_id is None) == (stages is None):
        raise ValidationError("template", N_("Stages: choose a template or list the stages."))
    if template_id is not None:
        template = session.get(DigitizationTemplate, template_id)
        if template is None or not template.active:
            raise ValidationError("template", N_("Template: choose one from the list."))
        stage_list = [(s.name, s.is_check) for s in template.stages]
    else:
        assert stages is not None
        stage_list = validate_stages(stages)
    _ensure_unique_project_name(session, name)
    now = now_utc()
    project = DigitizationProject(name=name, category=category, unit=unit, target=target, start_date=start,
                                  due_date=due, active=True, plan_target=target, plan_start=start,
                                  plan_due=due, plan_set_at=now, created_at=now)
    session.add(project)
    session.flush()
    for position, (stage, is_check) in enumerate(stage_list):
        session.add(DigitizationStage(project_id=project.id, position=position, name=stage, is_check=is_check))
    session.flush()
    session.refresh(project, ["stages"])
    audit.record(session, actor, "create", "digitization_project", project.id,
                 {"name": name, "category": category, "unit": unit, "target": target,
                  "start": start.isoformat(), "due": due.isoformat(),
                  "stages": [s for s, _ in stage_list]})
    return project


def update_project(session: Session, actor: Actor, project_id: int, *, name: str | None = None,
                   category: str | None = None, unit: str | None = None, due: dt.date | None = None,
                   active: bool | None = None) -> DigitizationProject:
    """Change descriptive fields; the frozen plan is untouched (see ``set_target``)."""
    require_role(actor, Role.MANAGER)
    project = get_project(session, project_id)
    changes: dict[str, list[object]] = {}
    if name is not None:
        new_name = _text(name, "name", 60)
        if new_name != project.name:
            _ensure_unique_project_name(session, new_name, project.id)
            changes["name"] = [project.name, new_name]
            project.name = new_name
    if category is not None:
        new_category = _text(category, "category", 40)
        if new_category != project.category:
            changes["category"] = [project.category, new_category]
            project.category = new_category
    if unit is not None:
        new_unit = _text(unit, "unit", 10)
        if new_unit != project.unit:
            changes["unit"] = [project.unit, new_unit]
            project.unit = new_unit
    if due is not None:
        new_due = validate_date(due, "due")
        if new_due < project.start_date:
            raise ValidationError("due", N_("Due date: must not be before the start date."))
        if new_due != project.due_date:
            changes["due"] = [project.due_date.isoformat(), new_due.isoformat()]
            project.due_date = new_due
    if active is not None and active != project.active:
        changes["active"] = [project.active, active]
        project.active = active
    if changes:
        audit.record(session, actor, "update", "digitization_project", project.id,
                     {"name": project.name, **changes})
    return project


def set_target(session: Session, actor: Actor, project_id: int, target: int | str, *,
               rebase_plan: bool = False) -> DigitizationProject:
    """Change the target. The plan line stays frozen at the original target and dates
    unless ``rebase_plan``, which freezes a new plan (today's target, start and due)."""
    require_role(actor, Role.MANAGER)
    project = get_project(session, project_id)
    new_target = parse_quantity(target, "target")
    details: dict[str, object] = {"name": project.name, "target": [project.target, new_target]}
    project.target = new_target
    if rebase_plan:
        details["plan"] = [[project.plan_target, project.plan_start.isoformat(), project.plan_due.isoformat()],
                           [new_target, project.start_date.isoformat(), project.due_date.isoformat()]]
        project.plan_target = new_target
        project.plan_start = project.start_date
        project.plan_due = project.due_date
        project.plan_set_at = now_utc()
    audit.record(session, actor, "set_target", "digitization_project", project.id, details)
    return project


def project_stages(session: Session, project_id: int) -> Sequence[DigitizationStage]:
    return session.scalars(select(DigitizationStage).where(DigitizationStage.project_id == project_id)
                           .order_by(DigitizationStage.position)).all()


# -- batches and their moves --------------------------------------------------------------

def list_batches(session: Session, project_id: int) -> Sequence[DigitizationBatch]:
    return session.scalars(select(DigitizationBatch).options(selectinload(DigitizationBatch.stage))
                           .where(DigitizationBatch.project_id == project_id)
                           .order_by(DigitizationBatch.id)).all()


def get_batch(session: Session, batch_id: int, *, for_update: bool = False) -> DigitizationBatch:
    batch = session.get(DigitizationBatch, batch_id, with_for_update=for_update)
    if batch is None:
        raise NotFound(N_("No batch with number {id}."), id=batch_id)
    return batch


def add_batch(session: Session, actor: Actor, project_id: int, label: str, quantity: int | str,
              note: str = "") -> DigitizationBatch:
    """A new batch waits at the project's first stage."""
    require_role(actor, Role.DESK)
    project = get_project(session, project_id)
    if not project.active:
        raise Conflict(N_("{name} is closed; reopen the project to add batches."), name=project.name)
    label = _text(label, "label", 60)
    quantity = parse_quantity(quantity, "quantity")
    note = _text(note, "note", 200, required=False)
    if session.scalar(select(DigitizationBatch.id).where(DigitizationBatch.project_id == project.id,
                                                          DigitizationBatch.label == label)) is not None:
        raise Conflict(N_("Batch: {label} already exists in this project."), label=label)
    stages = project_stages(session, project.id)
    batch = DigitizationBatch(project_id=project.id, label=label, quantity=quantity, stage_id=stages[0].id,
                              state=BatchState.WAITING, note=note, created_at=now_utc())
    session.add(batch)
    session.flush()
    audit.record(session, actor, "create", "digitization_batch", batch.id,
                 {"project": project.name, "label": label, "quantity": quantity})
    return batch


def correct_quantity(session: Session, actor: Actor, batch_id: int, quantity: int | str,
                     reason: str) -> DigitizationBatch:
    """Correct a batch's quantity typed wrong. Every figure uses the corrected quantity
    (the events keep the quantity stated at the time); the audit entry keeps both."""
    require_role(actor, Role.MANAGER)
    batch = _locked_batch(session, batch_id, None)
    new_quantity = parse_quantity(quantity, "quantity")
    text = _reason(reason)
    if new_quantity == batch.quantity:
        return batch
    audit.record(session, actor, "correct_quantity", "digitization_batch", batch.id,
                 {"label": batch.label, "quantity": [batch.quantity, new_quantity], "reason": text})
    batch.quantity = new_quantity
    return batch


def _locked_batch(session: Session, batch_id: int, expected_stage_id: int | None) -> DigitizationBatch:
    batch = get_batch(session, batch_id, for_update=True)
    if expected_stage_id is not None and batch.stage_id != expected_stage_id:
        raise Conflict(N_("Batch {label} has moved on in the meantime; look again at its stage."),
                       label=batch.label)
    return batch


def _last_event(session: Session, batch_id: int) -> DigitizationEvent | None:
    return session.scalars(select(DigitizationEvent).where(DigitizationEvent.batch_id == batch_id)
                           .order_by(DigitizationEvent.at.desc(), DigitizationEvent.id.desc()).limit(1)).first()


def _log(session: Session, actor: Actor, batch: DigitizationBatch, action: EventAction, at: dt.datetime | None,
         *, to_stage: DigitizationStage | None = None, reason: str = "") -> DigitizationEvent:
    moment = _validate_moment(at)
    last = _last_event(session, batch.id)
    if last is not None and moment < last.at:
        raise ValidationError("at", N_("Time: must not be before the batch's last step ({last})."),
                              last=local_day(last.at).isoformat())
    event = DigitizationEvent(batch_id=batch.id, stage_id=batch.stage_id, action=action,
                              to_stage_id=to_stage.id if to_stage is not None else None,
                              quantity=batch.quantity, staff_id=actor.staff_id, at=moment,
                              local_day=local_day(moment), reason=reason)
    session.add(event)
    return event


def _audit_move(session: Session, actor: Actor, batch: DigitizationBatch, event: DigitizationEvent,
                stage_name: str, **extra: object) -> None:
    session.flush()
    audit.record(session, actor, f"batch_{event.action.value}", "digitization_batch", batch.id,
                 {"label": batch.label, "stage": stage_name, "event_id": event.id,
                  "state": batch.state.value, **extra})


def _reason(reason: str) -> str:
    text = _text(reason, "reason", MAX_REASON, required=False)
    if not text:
        raise ValidationError("reason", N_("Reason: say why, so the next person knows what to fix."))
    return text


def start_stage(session: Session, actor: Actor, batch_id: int, *, at: dt.datetime | None = None,
                expected_stage_id: int | None = None) -> DigitizationEvent:
    require_role(actor, Role.DESK)
    batch = _locked_batch(session, batch_id, expected_stage_id)
    if batch.state not in (BatchState.WAITING, BatchState.REJECTED):
        raise Conflict(N_("Batch {label} cannot be started: it is {state}."), label=batch.label,
                       state=STATE_LABELS[batch.state])
    event = _log(session, actor, batch, EventAction.START, at)
    batch.state = BatchState.IN_WORK
    _audit_move(session, actor, batch, event, batch.stage.name)
    return event


def finish_stage(session: Session, actor: Actor, batch_id: int, *, at: dt.datetime | None = None,
                 expected_stage_id: int | None = None) -> DigitizationEvent:
    """Finish the batch's current stage: on to the next stage, or done after the last."""
    require_role(actor, Role.DESK)
    batch = _locked_batch(session, batch_id, expected_stage_id)
    if batch.state is not BatchState.IN_WORK:
        raise Conflict(N_("Batch {label} cannot be finished: it is {state}; start the stage first."),
                       label=batch.label, state=STATE_LABELS[batch.state])
    stage_name = batch.stage.name
    event = _log(session, actor, batch, EventAction.FINISH, at)
    later = session.scalars(select(DigitizationStage).where(
        DigitizationStage.project_id == batch.project_id, DigitizationStage.position > batch.stage.position)
        .order_by(DigitizationStage.position).limit(1)).first()
    if later is None:
        batch.state = BatchState.DONE
    else:
        batch.stage_id = later.id
        batch.stage = later
        batch.state = BatchState.WAITING
    _audit_move(session, actor, batch, event, stage_name)
    return event


def _target_stage(session: Session, batch: DigitizationBatch, to_stage_id: int) -> DigitizationStage:
    stage = session.get(DigitizationStage, to_stage_id)
    if stage is None or stage.project_id != batch.project_id:
        raise ValidationError("to_stage", N_("Send back to: choose a stage of this project."))
    return stage


def reject_batch(session: Session, actor: Actor, batch_id: int, to_stage_id: int, reason: str, *,
                 at: dt.datetime | None = None, expected_stage_id: int | None = None) -> DigitizationEvent:
    """A check stage (质检, 审核) sends the batch back to an earlier stage for rework."""
    require_role(actor, Role.DESK)
    batch = _locked_batch(session, batch_id, expected_stage_id)
    current = batch.stage
    if not current.is_check:
        raise Conflict(N_("Only a check stage can reject a batch; {label} is at {stage}."),
                       label=batch.label, stage=current.name)
    if batch.state is not BatchState.IN_WORK:
        raise Conflict(N_("Batch {label} cannot be rejected: it is {state}; start the check first."),
                       label=batch.label, state=STATE_LABELS[batch.state])
    stage = _target_stage(session, batch, to_stage_id)
    if stage.position >= current.position:
        raise ValidationError("to_stage", N_("Send back to: choose a stage before {stage}."), stage=current.name)
    text = _reason(reason)
    event = _log(session, actor, batch, EventAction.REJECT, at, to_stage=stage, reason=text)
    batch.stage_id = stage.id
    batch.stage = stage
    batch.state = BatchState.REJECTED
    _audit_move(session, actor, batch, event, current.name, to_stage=stage.name, reason=text)
    return event


def reopen_batch(session: Session, actor: Actor, batch_id: int, to_stage_id: int, reason: str, *,
                 at: dt.datetime | None = None) -> DigitizationEvent:
    """Send a finished batch back to a stage (a fault found after publication). It stays
    counted in the period in which it was first published."""
    require_role(actor, Role.DESK)
    batch = _locked_batch(session, batch_id, None)
    if batch.state is not BatchState.DONE:
        raise Conflict(N_("Batch {label} is not finished, so there is nothing to reopen."), label=batch.label)
    stage = _target_stage(session, batch, to_stage_id)
    text = _reason(reason)
    current_name = batch.stage.name
    event = _log(session, actor, batch, EventAction.REOPEN, at, to_stage=stage, reason=text)
    batch.stage_id = stage.id
    batch.stage = stage
    batch.state = BatchState.REJECTED
    _audit_move(session, actor, batch, event, current_name, to_stage=stage.name, reason=text)
    return event


def hold_batch(session: Session, actor: Actor, batch_id: int, reason: str, *,
               at: dt.datetime | None = None) -> DigitizationEvent:
    require_role(actor, Role.DESK)
    batch = _locked_batch(session, batch_id, None)
    if batch.state in (BatchState.DONE, BatchState.ON_HOLD):
        raise Conflict(N_("Batch {label} cannot be put on hold: it is {state}."), label=batch.label,
                       state=STATE_LABELS[batch.state])
    text = _reason(reason)
    event = _log(session, actor, batch, EventAction.HOLD, at, reason=text)
    batch.state = BatchState.ON_HOLD
    _audit_move(session, actor, batch, event, batch.stage.name, reason=text)
    return event


def resume_batch(session: Session, actor: Actor, batch_id: int, *, at: dt.datetime | None = None) -> DigitizationEvent:
    """Back to the state it had before the hold (in work, rejected or waiting)."""
    require_role(actor, Role.DESK)
    batch = _locked_batch(session, batch_id, None)
    if batch.state is not BatchState.ON_HOLD:
        raise Conflict(N_("Batch {label} is not on hold."), label=batch.label)
    before = session.scalars(select(DigitizationEvent).where(
        DigitizationEvent.batch_id == batch.id, DigitizationEvent.action != EventAction.HOLD)
        .order_by(DigitizationEvent.at.desc(), DigitizationEvent.id.desc()).limit(1)).first()
    event = _log(session, actor, batch, EventAction.RESUME, at)
    if before is not None and before.action is EventAction.START:
        batch.state = BatchState.IN_WORK
    elif before is not None and before.action in (EventAction.REJECT, EventAction.REOPEN):
        batch.state = BatchState.REJECTED
    else:
        batch.state = BatchState.WAITING
    _audit_move(session, actor, batch, event, batch.stage.name)
    return event


def batch_history(session: Session, batch_id: int) -> Sequence[DigitizationEvent]:
    """Everything that happened to a batch, oldest first: who, when, which stage, why."""
    return session.scalars(select(DigitizationEvent).options(
        selectinload(DigitizationEvent.stage), selectinload(DigitizationEvent.to_stage),
        selectinload(DigitizationEvent.staff)).where(DigitizationEvent.batch_id == batch_id)
        .order_by(DigitizationEvent.at, DigitizationEvent.id)).all()


# -- figures from the log -----------------------------------------------------------------

def _first_done_days(project_id: int | None = None) -> Subquery:
    """Subquery: per batch, the local day it first finished its project's final stage."""
    final = (select(DigitizationStage.project_id, func.max(DigitizationStage.position).label("position"))
             .group_by(DigitizationStage.project_id).subquery())
    query = (select(DigitizationEvent.batch_id, func.min(DigitizationEvent.local_day).label("day"))
             .join(DigitizationStage, DigitizationStage.id == DigitizationEvent.stage_id)
             .join(final, and_(final.c.project_id == DigitizationStage.project_id,
                               final.c.position == DigitizationStage.position))
             .where(DigitizationEvent.action == EventAction.FINISH))
    if project_id is not None:
        query = query.where(DigitizationStage.project_id == project_id)
    return query.group_by(DigitizationEvent.batch_id).subquery()


def daily_done(session: Session, project_id: int, first_day: dt.date | None = None,
               last_day: dt.date | None = None) -> dict[dt.date, int]:
    """Quantity completed per local day (the day each batch first finished the final stage)."""
    first = _first_done_days(project_id)
    query = (select(first.c.day, func.sum(DigitizationBatch.quantity))
             .join(DigitizationBatch, DigitizationBatch.id == first.c.batch_id)
             .where(DigitizationBatch.project_id == project_id))
    if first_day is not None:
        query = query.where(first.c.day >= first_day)
    if last_day is not None:
        query = query.where(first.c.day <= last_day)
    return {day: int(qty) for day, qty in session.execute(query.group_by(first.c.day).order_by(first.c.day))}


def done_in_period(session: Session, project_id: int, first_day: dt.date, last_day: dt.date) -> int:
    """The quantity of the project's batches that reached (first finished) the final stage
    on a local day from ``first_day`` to ``last_day`` inclusive, in the project's unit."""
    first = _first_done_days(project_id)
    query = (select(func.coalesce(func.sum(DigitizationBatch.quantity), 0))
             .join(first, DigitizationBatch.id == first.c.batch_id)
             .where(DigitizationBatch.project_id == project_id, first.c.day >= first_day,
                    first.c.day <= last_day))
    return int(session.scalar(query) or 0)


def done_batches(session: Session, project_id: int, first_day: dt.date, last_day: dt.date,
                 *, limit: int | None = None) -> list[tuple[int, dt.date, str, int]]:
    """The batches behind ``done_in_period``: (batch id, the local day it first finished the
    final stage, label, quantity), in the order they were done."""
    first = _first_done_days(project_id)
    query = (select(DigitizationBatch.id, first.c.day, DigitizationBatch.label, DigitizationBatch.quantity)
             .join(first, DigitizationBatch.id == first.c.batch_id)
             .where(DigitizationBatch.project_id == project_id, first.c.day >= first_day, first.c.day <= last_day)
             .order_by(first.c.day, DigitizationBatch.id))
    if limit is not None:
        query = query.limit(limit)
    return [(int(i), day, str(label), int(qty)) for i, day, label, qty in session.execute(query)]


def monthly_done(session: Session, project_id: int, year: int) -> list[int]:
    """Quantity completed in each month (January first) of ``year``, by library-local day."""
    months = [0] * 12
    for day, qty in daily_done(session, project_id, dt.date(year, 1, 1), dt.date(year, 12, 31)).items():
        months[day.month - 1] += qty
    return months


def done_total(session: Session, project_id: int) -> int:
    first = _first_done_days(project_id)
    query = (select(func.coalesce(func.sum(DigitizationBatch.quantity), 0))
             .join(first, DigitizationBatch.id == first.c.batch_id)
             .where(DigitizationBatch.project_id == project_id))
    return int(session.scalar(query) or 0)


@dataclass(frozen=True)
class StageWip:
    stage_id: int
    name: str
    position: int
    is_check: bool
    waiting: int = 0
    in_work: int = 0
    rejected: int = 0
    on_hold: int = 0
    batches: int = 0

    @property
    def total(self) -> int:
        return self.waiting + self.in_work + self.rejected + self.on_hold


def wip_per_stage(session: Session, project_id: int) -> list[StageWip]:
    """Quantity (in the project's unit) sitting at each stage, by state; done batches excluded."""
    rows = session.execute(
        select(DigitizationBatch.stage_id, DigitizationBatch.state, func.sum(DigitizationBatch.quantity),
               func.count()).where(DigitizationBatch.project_id == project_id,
                                   DigitizationBatch.state != BatchState.DONE)
        .group_by(DigitizationBatch.stage_id, DigitizationBatch.state)).all()
    by_stage: dict[int, dict[str, int]] = {}
    for stage_id, state, qty, count in rows:
        bucket = by_stage.setdefault(stage_id, {"batches": 0})
        bucket[BatchState(state).value] = int(qty)
        bucket["batches"] += int(count)
    result = []
    for stage in project_stages(session, project_id):
        b = by_stage.get(stage.id, {})
        result.append(StageWip(stage.id, stage.name, stage.position, stage.is_check,
                               waiting=b.get("waiting", 0), in_work=b.get("in_work", 0),
                               rejected=b.get("rejected", 0), on_hold=b.get("on_hold", 0),
                               batches=b.get("batches", 0)))
    return result


@dataclass(frozen=True)
class RejectionStats:
    inspected: int  # quantity passed or rejected at check stages
    rejected: int

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.rejected, self.inspected) if self.inspected else None


def rejection_stats(session: Session, project_id: int, first_day: dt.date | None = None,
                    last_day: dt.date | None = None) -> RejectionStats:
    """Rejection rate = quantity rejected ÷ quantity inspected (passed + rejected) at the
    project's check stages. A batch checked twice counts twice: each check is an inspection.
    Quantities are the batches' (corrected) quantities."""
    query = (select(DigitizationEvent.action, func.sum(DigitizationBatch.quantity)).select_from(DigitizationEvent)
             .join(DigitizationStage, DigitizationStage.id == DigitizationEvent.stage_id)
             .join(DigitizationBatch, DigitizationBatch.id == DigitizationEvent.batch_id)
             .where(DigitizationStage.project_id == project_id, DigitizationStage.is_check.is_(True),
                    DigitizationEvent.action.in_([EventAction.FINISH, EventAction.REJECT])))
    if first_day is not None:
        query = query.where(DigitizationEvent.local_day >= first_day)
    if last_day is not None:
        query = query.where(DigitizationEvent.local_day <= last_day)
    sums = {EventAction(a): int(q) for a, q in session.execute(query.group_by(DigitizationEvent.action))}
    passed = sums.get(EventAction.FINISH, 0)
    rejected = sums.get(EventAction.REJECT, 0)
    return RejectionStats(inspected=passed + rejected, rejected=rejected)


def week_of(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def throughput_per_week(session: Session, project_id: int, first_day: dt.date | None = None,
                        last_day: dt.date | None = None) -> list[tuple[dt.date, int]]:
    """Quantity completed per week (Monday first), from the per-day sums the database makes."""
    weeks: dict[dt.date, int] = {}
    for day, qty in daily_done(session, project_id, first_day, last_day).items():
        monday = week_of(day)
        weeks[monday] = weeks.get(monday, 0) + qty
    return sorted(weeks.items())


@dataclass(frozen=True)
class PersonThroughput:
    staff_id: int
    staff_name: str
    stage_name: str
    stage_position: int
    quantity: int
    batches: int


def throughput_per_person(session: Session, project_id: int, first_day: dt.date | None = None,
                          last_day: dt.date | None = None) -> list[PersonThroughput]:
    """Who finished what: quantity finished per staff member and stage (rework counts again,
    it was work done)."""
    query = (select(Staff.id, Staff.display_name, DigitizationStage.name, DigitizationStage.position,
                    func.sum(DigitizationBatch.quantity), func.count()).select_from(DigitizationEvent)
             .join(DigitizationStage, DigitizationStage.id == DigitizationEvent.stage_id)
             .join(DigitizationBatch, DigitizationBatch.id == DigitizationEvent.batch_id)
             .join(Staff, Staff.id == DigitizationEvent.staff_id)
             .where(DigitizationStage.project_id == project_id, DigitizationEvent.action == EventAction.FINISH))
    if first_day is not None:
        query = query.where(DigitizationEvent.local_day >= first_day)
    if last_day is not None:
        query = query.where(DigitizationEvent.local_day <= last_day)
    rows = session.execute(query.group_by(Staff.id, Staff.display_name, DigitizationStage.name,
                                          DigitizationStage.position)
                           .order_by(Staff.display_name, DigitizationStage.position)).all()
    return [PersonThroughput(sid, name, stage, pos, int(qty), int(n)) for sid, name, stage, pos, qty, n in rows]


def project_forecast(session: Session, project_id: int, on: dt.date | None = None) -> Forecast:
    project = get_project(session, project_id)
    day = on or today()
    return forecast(target=project.target, start=project.start_date, due=project.due_date,
                    plan=Plan(project.plan_target, project.plan_start, project.plan_due),
                    daily=daily_done(session, project.id, last_day=day), today=day)


@dataclass(frozen=True)
class ProjectSummary:
    id: int
    name: str
    category: str
    unit: str
    target: int
    done: int
    due: dt.date
    active: bool
    forecast: Forecast

    @property
    def percent(self) -> Fraction:
        return Fraction(100 * self.done, self.target)


def project_summaries(session: Session, on: dt.date | None = None, *,
                      include_inactive: bool = False) -> list[ProjectSummary]:
    """One line per project: its own unit, target, done, due date and forecast status."""
    day = on or today()
    result = []
    for project in list_projects(session, include_inactive=include_inactive):
        fc = project_forecast(session, project.id, day)
        result.append(ProjectSummary(project.id, project.name, project.category, project.unit, project.target,
                                     fc.done, project.due_date, project.active, fc))
    return result


@dataclass(frozen=True)
class StageDuration:
    stage_id: int
    name: str
    position: int
    finished: int  # stage runs (start → finish) measured
    average: dt.timedelta | None
    longest: dt.timedelta | None


def stage_durations(session: Session, project_id: int, first_day: dt.date | None = None,
                    last_day: dt.date | None = None) -> list[StageDuration]:
    """How long a stage takes: from each finish back to the start that opened it (the
    previous start/finish event of that batch at that stage, found with LAG in the
    database). Time on hold counts: it is elapsed time. Whole seconds; only runs finished on
    a day in the period count."""
    ev = DigitizationEvent
    partition = (ev.batch_id, ev.stage_id)
    order = (ev.at, ev.id)
    runs = (select(ev.stage_id, ev.action, ev.local_day, ev.at.label("ended"),
                   func.lag(ev.action).over(partition_by=partition, order_by=order).label("prev_action"),
                   func.lag(ev.at).over(partition_by=partition, order_by=order).label("began"))
            .join(DigitizationBatch, DigitizationBatch.id == ev.batch_id)
            .where(DigitizationBatch.project_id == project_id, ev.action.in_([EventAction.START, EventAction.FINISH]))
            .subquery())
    if session.get_bind().dialect.name == "sqlite":
        seconds: Any = (func.julianday(runs.c.ended) - func.julianday(runs.c.began)) * 86400
    else:
        seconds = func.extract("epoch", runs.c.ended - runs.c.began)
    query = (select(runs.c.stage_id, func.count(), func.avg(seconds), func.max(seconds))
             .where(runs.c.action == EventAction.FINISH.value, runs.c.prev_action == EventAction.START.value))
    if first_day is not None:
        query = query.where(runs.c.local_day >= first_day)
    if last_day is not None:
        query = query.where(runs.c.local_day <= last_day)
    measured = {stage_id: (int(n), dt.timedelta(seconds=round(float(avg))), dt.timedelta(seconds=round(float(top))))
                for stage_id, n, avg, top in session.execute(query.group_by(runs.c.stage_id))}
    result = []
    for stage in project_stages(session, project_id):
        n, average, longest = measured.get(stage.id, (0, None, None))
        result.append(StageDuration(stage.id, stage.name, stage.position, n, average, longest))
    return result


@dataclass(frozen=True)
class YearLine:
    """One project in the yearly report: its own unit, never added to another project's."""

    id: int
    name: str
    category: str
    unit: str
    target: int
    done_in_year: int
    done_to_year_end: int  # everything done from the project's start to 31 December

    @property
    def percent(self) -> Fraction:
        return Fraction(100 * self.done_to_year_end, self.target)


def year_summary(session: Session, year: int) -> list[YearLine]:
    """Projects running in ``year`` (start ≤ 31 Dec and due ≥ 1 Jan) or with output in it:
    target, quantity done in the year (by library-local day) and done up to its end."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    result = []
    for project in list_projects(session, include_inactive=True):
        in_year = done_in_period(session, project.id, first, last)
        running = project.start_date <= last and project.due_date >= first
        if not running and not in_year:
            continue
        done = done_in_period(session, project.id, dt.date(MIN_YEAR, 1, 1), last)
        result.append(YearLine(project.id, project.name, project.category, project.unit, project.target,
                               in_year, done))
    return result
