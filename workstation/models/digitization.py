"""Digitization: projects with a unit and a target, batches moving through the project's
stages, and the append-only log of what happened to each batch.

Throughput, durations, who did what, rejection rates and the yearly "done" figures are all
computed from ``DigitizationEvent`` rows; those rows are only ever inserted (database
triggers refuse UPDATE and DELETE). A batch's ``stage_id`` and ``state`` are merely the
current position, kept so lists and work-in-progress counts are cheap.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workstation.models.base import Base, UTCDateTime, utcnow
from workstation.models.staff import Staff


class BatchState(enum.StrEnum):
    WAITING = "waiting"  # at its current stage, not started yet
    IN_WORK = "in_work"  # its current stage has been started
    DONE = "done"  # the final stage is finished
    REJECTED = "rejected"  # sent back by a check stage, waiting for rework at its current stage
    ON_HOLD = "on_hold"  # paused; resuming returns it to waiting at the same stage


class EventAction(enum.StrEnum):
    START = "start"
    FINISH = "finish"
    REJECT = "reject"  # a check stage sends the batch back to an earlier stage
    REOPEN = "reopen"  # a finished batch is sent back to a stage
    HOLD = "hold"
    RESUME = "resume"


def _values(e: type[enum.Enum]) -> list[str]:
    return [str(m.value) for m in e]


class DigitizationTemplate(Base):
    """A reusable list of stages (纸质文献: 接收 → 扫描 → 加工 → 质检 → 发布)."""

    __tablename__ = "digitization_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    active: Mapped[bool] = mapped_column(default=True)

    stages: Mapped[list[DigitizationTemplateStage]] = relationship(
        back_populates="template", order_by="DigitizationTemplateStage.position"
    )


class DigitizationTemplateStage(Base):
    __tablename__ = "digitization_template_stage"
    __table_args__ = (
        UniqueConstraint("template_id", "position"),
        UniqueConstraint("template_id", "name"),
        CheckConstraint("position >= 0", name="position_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("digitization_template.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(30))
    is_check: Mapped[bool] = mapped_column(default=False)

    template: Mapped[DigitizationTemplate] = relationship(back_populates="stages")


class DigitizationProject(Base):
    """One digitization project with its own unit (条, 页, 版, 节, 部 …) and target.

    The plan (``plan_*``) is frozen when the target is first set; changing the target later
    does not move the plan line unless the plan is explicitly re-based."""

    __tablename__ = "digitization_project"
    __table_args__ = (
        CheckConstraint("target > 0", name="target_positive"),
        CheckConstraint("due_date >= start_date", name="due_after_start"),
        CheckConstraint("plan_target > 0", name="plan_target_positive"),
        CheckConstraint("plan_due >= plan_start", name="plan_due_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    category: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(10))
    target: Mapped[int] = mapped_column()
    start_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(default=True)
    plan_target: Mapped[int] = mapped_column()
    plan_start: Mapped[dt.date] = mapped_column(Date)
    plan_due: Mapped[dt.date] = mapped_column(Date)
    plan_set_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    stages: Mapped[list[DigitizationStage]] = relationship(
        back_populates="project", order_by="DigitizationStage.position"
    )


class DigitizationStage(Base):
    """A stage of one project, copied from a template or typed in; names are data (Chinese)."""

    __tablename__ = "digitization_stage"
    __table_args__ = (
        UniqueConstraint("project_id", "position"),
        UniqueConstraint("project_id", "name"),
        CheckConstraint("position >= 0", name="position_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("digitization_project.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(30))
    is_check: Mapped[bool] = mapped_column(default=False)

    project: Mapped[DigitizationProject] = relationship(back_populates="stages")


class DigitizationBatch(Base):
    __tablename__ = "digitization_batch"
    __table_args__ = (
        UniqueConstraint("project_id", "label"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("digitization_project.id", ondelete="RESTRICT"), index=True
    )
    label: Mapped[str] = mapped_column(String(60))
    quantity: Mapped[int] = mapped_column()
    stage_id: Mapped[int] = mapped_column(ForeignKey("digitization_stage.id", ondelete="RESTRICT"), index=True)
    state: Mapped[BatchState] = mapped_column(
        Enum(BatchState, name="digitization_batch_state", native_enum=False, length=10,
             values_callable=_values)
    )
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    project: Mapped[DigitizationProject] = relationship()
    stage: Mapped[DigitizationStage] = relationship()


class DigitizationEvent(Base):
    """One thing that happened to a batch at a stage. Append-only (database triggers)."""

    __tablename__ = "digitization_event"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_digitization_event_batch_at", "batch_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("digitization_batch.id", ondelete="RESTRICT"))
    stage_id: Mapped[int] = mapped_column(ForeignKey("digitization_stage.id", ondelete="RESTRICT"), index=True)
    action: Mapped[EventAction] = mapped_column(
        Enum(EventAction, name="digitization_event_action", native_enum=False, length=10,
             values_callable=_values)
    )
    # where a reject or reopen sends the batch
    to_stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("digitization_stage.id", ondelete="RESTRICT"), default=None
    )
    quantity: Mapped[int] = mapped_column()
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    local_day: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")

    batch: Mapped[DigitizationBatch] = relationship()
    stage: Mapped[DigitizationStage] = relationship(foreign_keys=[stage_id])
    to_stage: Mapped[DigitizationStage | None] = relationship(foreign_keys=[to_stage_id])
    staff: Mapped[Staff] = relationship()
