"""Index items by the time they were catalogued.

New holdings per year and month count items by ``created_at``; without an index that
query scanned the whole catalogue (a million items) for every yearly report.

Revision ID: 0700
Revises: 0600
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0700"
down_revision = "0600"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_item_created_at"), "item", ["created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_item_created_at"), table_name="item")
