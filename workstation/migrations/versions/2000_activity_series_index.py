"""An index on (series_id, library_id) of ``activity`` instead of one on library_id alone.

Whether an activity is a series' umbrella row asks for the other activities of its series at
its library (``national_form.umbrella_condition``). With an index on ``library_id`` alone
SQLite answered that through every activity of the library, for every activity of the year:
the yearly figures of the ten-year demo took twice as long (benchmarks/README.md). Deleting
a library with activities is refused by the foreign key either way.

Revision ID: 2000
Revises: 1990
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = "2000"
down_revision = "1990"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_activity_library_id", table_name="activity")
    op.create_index("ix_activity_series_library", "activity", ["series_id", "library_id"])


def downgrade() -> None:
    op.drop_index("ix_activity_series_library", table_name="activity")
    op.create_index("ix_activity_library_id", "activity", ["library_id"])
