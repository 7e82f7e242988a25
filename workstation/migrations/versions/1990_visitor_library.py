"""Visitors belong to a library (到馆读者按馆统计): gate counters and visitor day totals gain
``library_id``.

A county branch has its own entrance gate, so its visitors are its own figures. Every
existing counter and day total was the central library's (row 1, the columns' default). A
gate reading belongs to its counter's library, so ``gate_reading`` is unchanged. The partial
unique index "one current day total per day" becomes one per library and day. SQLite rebuilds
the two tables (batch mode; ``workstation.db.upgrade_to`` runs migrations with foreign keys
off and checks them before committing).

Revision ID: 1990
Revises: 1980
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1990"
down_revision = "1980"
branch_labels = None
depends_on = None

CENTRAL = 1
TABLES = ("gate_counter", "visitor_day")
CURRENT = sa.text("superseded_by_id IS NULL")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # first, so that the rebuilt table does not copy it (a corrected day has two rows)
    op.drop_index("ix_visitor_day_current_day", table_name="visitor_day")
    for table in TABLES:
        # SQLite keeps ON DELETE of a column added in place where reflection cannot read it:
        # the table is rebuilt with a named constraint instead
        with op.batch_alter_table(table, recreate="always" if sqlite else "never") as batch:
            batch.add_column(sa.Column("library_id", sa.Integer(), nullable=False,
                                       server_default=sa.text(str(CENTRAL))))
            batch.create_foreign_key(f"fk_{table}_library_id_library", "library", ["library_id"], ["id"],
                                     ondelete="RESTRICT")
        op.create_index(f"ix_{table}_library_id", table, ["library_id"])
    op.create_index("ix_visitor_day_current_library_day", "visitor_day", ["library_id", "local_day"], unique=True,
                    sqlite_where=CURRENT, postgresql_where=CURRENT)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # a branch's visitors have nowhere to go in the old schema: only the central library's stay
    op.drop_index("ix_visitor_day_current_library_day", table_name="visitor_day")
    branch_readings = f"counter_id IN (SELECT id FROM gate_counter WHERE library_id <> {CENTRAL})"
    for table, where in (("visitor_day", f"library_id <> {CENTRAL}"), ("gate_reading", branch_readings)):
        op.execute(f"UPDATE {table} SET replaces_id = NULL, superseded_by_id = NULL WHERE {where}")
        op.execute(f"DELETE FROM {table} WHERE {where}")
    op.execute(f"DELETE FROM gate_counter WHERE library_id <> {CENTRAL}")
    for table in reversed(TABLES):
        op.drop_index(f"ix_{table}_library_id", table_name=table)
        with op.batch_alter_table(table, recreate="always" if sqlite else "never") as batch:
            batch.drop_constraint(f"fk_{table}_library_id_library", type_="foreignkey")
            batch.drop_column("library_id")
    op.create_index("ix_visitor_day_current_day", "visitor_day", ["local_day"], unique=True,
                    sqlite_where=CURRENT, postgresql_where=CURRENT)
