"""Digitization: stage templates, projects, their stages, batches and the append-only event log.

Seeds the two templates the library starts with (names are data, in Chinese).

Revision ID: 0300
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from workstation.models.base import UTCDateTime

revision = "0300"
down_revision = "0002"
branch_labels = None
depends_on = None

TEMPLATES = [
    ("纸质文献", [("接收", False), ("扫描", False), ("加工", False), ("质检", True), ("发布", False)]),
    ("音视频", [("采集", False), ("剪辑", False), ("审核", True), ("发布", False)]),
]


def upgrade() -> None:
    template = op.create_table(
        "digitization_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digitization_template")),
        sa.UniqueConstraint("name", name=op.f("uq_digitization_template_name")),
    )
    template_stage = op.create_table(
        "digitization_template_stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("is_check", sa.Boolean(), nullable=False),
        sa.CheckConstraint("position >= 0",
                           name=op.f("ck_digitization_template_stage_position_non_negative")),
        sa.ForeignKeyConstraint(["template_id"], ["digitization_template.id"],
                                name=op.f("fk_digitization_template_stage_template_id_digitization_template"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digitization_template_stage")),
        sa.UniqueConstraint("template_id", "position",
                            name=op.f("uq_digitization_template_stage_template_id_position")),
        sa.UniqueConstraint("template_id", "name", name=op.f("uq_digitization_template_stage_template_id_name")),
    )
    op.create_table(
        "digitization_project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("plan_target", sa.Integer(), nullable=False),
        sa.Column("plan_start", sa.Date(), nullable=False),
        sa.Column("plan_due", sa.Date(), nullable=False),
        sa.Column("plan_set_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("target > 0", name=op.f("ck_digitization_project_target_positive")),
        sa.CheckConstraint("due_date >= start_date", name=op.f("ck_digitization_project_due_after_start")),
        sa.CheckConstraint("plan_target > 0", name=op.f("ck_digitization_project_plan_target_positive")),
        sa.CheckConstraint("plan_due >= plan_start", name=op.f("ck_digitization_project_plan_due_after_start")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digitization_project")),
        sa.UniqueConstraint("name", name=op.f("uq_digitization_project_name")),
    )
    op.create_table(
        "digitization_stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.Column("is_check", sa.Boolean(), nullable=False),
        sa.CheckConstraint("position >= 0", name=op.f("ck_digitization_stage_position_non_negative")),
        sa.ForeignKeyConstraint(["project_id"], ["digitization_project.id"],
                                name=op.f("fk_digitization_stage_project_id_digitization_project"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digitization_stage")),
        sa.UniqueConstraint("project_id", "position", name=op.f("uq_digitization_stage_project_id_position")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_digitization_stage_project_id_name")),
    )
    op.create_table(
        "digitization_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=60), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.Enum("waiting", "in_work", "done", "rejected", "on_hold",
                                   name="digitization_batch_state", native_enum=False, length=10),
                  nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_digitization_batch_quantity_positive")),
        sa.ForeignKeyConstraint(["project_id"], ["digitization_project.id"],
                                name=op.f("fk_digitization_batch_project_id_digitization_project"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["stage_id"], ["digitization_stage.id"],
                                name=op.f("fk_digitization_batch_stage_id_digitization_stage"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digitization_batch")),
        sa.UniqueConstraint("project_id", "label", name=op.f("uq_digitization_batch_project_id_label")),
    )
    op.create_index(op.f("ix_digitization_batch_project_id"), "digitization_batch", ["project_id"])
    op.create_index(op.f("ix_digitization_batch_stage_id"), "digitization_batch", ["stage_id"])
    op.create_table(
        "digitization_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.Enum("start", "finish", "reject", "reopen", "hold", "resume",
                                    name="digitization_event_action", native_enum=False, length=10),
                  nullable=False),
        sa.Column("to_stage_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_digitization_event_quantity_positive")),
        sa.ForeignKeyConstraint(["batch_id"], ["digitization_batch.id"],
                                name=op.f("fk_digitization_event_batch_id_digitization_batch"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["stage_id"], ["digitization_stage.id"],
                                name=op.f("fk_digitization_event_stage_id_digitization_stage"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["to_stage_id"], ["digitization_stage.id"],
                                name=op.f("fk_digitization_event_to_stage_id_digitization_stage"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_digitization_event_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digitization_event")),
    )
    op.create_index("ix_digitization_event_batch_at", "digitization_event", ["batch_id", "at"])
    op.create_index(op.f("ix_digitization_event_stage_id"), "digitization_event", ["stage_id"])
    op.create_index(op.f("ix_digitization_event_staff_id"), "digitization_event", ["staff_id"])
    op.create_index(op.f("ix_digitization_event_local_day"), "digitization_event", ["local_day"])
    _events_append_only()
    _seed(template, template_stage)


def _events_append_only() -> None:
    """The event log is the record of what happened: refuse UPDATE and DELETE in the database."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER digitization_event_no_{verb.lower()} BEFORE {verb} ON digitization_event "
                "BEGIN SELECT RAISE(ABORT, 'digitization_event is append-only'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION digitization_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'digitization_event is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER digitization_event_append_only BEFORE UPDATE OR DELETE ON digitization_event "
            "FOR EACH ROW EXECUTE FUNCTION digitization_event_append_only()"
        )


def _seed(template: sa.Table, template_stage: sa.Table) -> None:
    conn = op.get_bind()
    for template_id, (name, stages) in enumerate(TEMPLATES, start=1):
        conn.execute(template.insert().values(id=template_id, name=name, active=True))
        for position, (stage, is_check) in enumerate(stages):
            conn.execute(template_stage.insert().values(template_id=template_id, position=position,
                                                        name=stage, is_check=is_check))
    if conn.dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('digitization_template', 'id'), "
                   "(SELECT MAX(id) FROM digitization_template))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS digitization_event_append_only ON digitization_event")
        op.execute("DROP FUNCTION IF EXISTS digitization_event_append_only()")
    op.drop_table("digitization_event")
    op.drop_table("digitization_batch")
    op.drop_table("digitization_stage")
    op.drop_table("digitization_project")
    op.drop_table("digitization_template_stage")
    op.drop_table("digitization_template")
