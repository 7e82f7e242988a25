"""Reader activities belong to a library: a county branch's activities count in its own
figures, no longer at the central library.

``activity.library_id`` is NOT NULL; every activity recorded before is the central
library's (row 1, the column's default). The foreign key refuses to delete a library that
held activities (ON DELETE RESTRICT); SQLite cannot add such a named constraint in place, so
the table is rebuilt (batch mode, as 1970 did; ``workstation.db.upgrade_to`` runs migrations
with foreign keys off and checks them before committing).

Revision ID: 1980
Revises: 1970
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1980"
down_revision = "1970"
branch_labels = None
depends_on = None

CENTRAL = 1


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table("activity", recreate="always" if sqlite else "never") as batch:
        batch.add_column(sa.Column("library_id", sa.Integer(), nullable=False, server_default=sa.text(str(CENTRAL))))
        batch.create_foreign_key("fk_activity_library_id_library", "library", ["library_id"], ["id"],
                                 ondelete="RESTRICT")
    op.create_index("ix_activity_library_id", "activity", ["library_id"])


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index("ix_activity_library_id", table_name="activity")
    with op.batch_alter_table("activity", recreate="always" if sqlite else "never") as batch:
        batch.drop_constraint("fk_activity_library_id_library", type_="foreignkey")
        batch.drop_column("library_id")
