"""Join the domain areas' branches into one line, and add library-wide settings.

Circulation, reading rooms, digitization and outreach each branched from 0002; from here
on there is one head again. The library's name, shown on every report, is a setting.

Revision ID: 0500
Revises: 0100, 0200, 0300, 0400
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0500"
down_revision = ("0100", "0200", "0300", "0400")
branch_labels = None
depends_on = None

DEFAULT_LIBRARY_NAME = "长治市图书馆"


def upgrade() -> None:
    op.create_table(
        "library_setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_library_setting")),
    )
    settings = sa.table("library_setting", sa.column("key", sa.String), sa.column("value", sa.String))
    op.bulk_insert(settings, [{"key": "library_name", "value": DEFAULT_LIBRARY_NAME}])


def downgrade() -> None:
    op.drop_table("library_setting")
