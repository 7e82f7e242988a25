"""Libraries (总分馆): the central library and its branches, above service points; service
points, items and staff accounts each belong to one.

The central library is created as row 1, and everything recorded before branches existed
belongs to it (the columns' default). SQLite adds the new foreign-key columns in place:
``workstation.db.upgrade_to`` runs migrations with SQLite's foreign-key enforcement off (it
refuses to add a REFERENCES column with a non-NULL default otherwise) and checks every
foreign key before committing.

Revision ID: 1960
Revises: 1950
Create Date: 2026-12-06
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "1960"
down_revision = "1950"
branch_labels = None
depends_on = None

CENTRAL = 1
TABLES = ("service_point", "staff", "item")


def upgrade() -> None:
    op.create_table(
        "library",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("is_central", sa.Boolean(), nullable=False),
        sa.Column("loan_rules_by", sa.Enum("lending", "owning", name="loan_rules_by", native_enum=False, length=10),
                  nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library")),
        sa.UniqueConstraint("code", name=op.f("uq_library_code")),
        sa.UniqueConstraint("name", name=op.f("uq_library_name")),
    )
    bind = op.get_bind()
    setting = sa.table("library_setting", sa.column("key"), sa.column("value"))
    name = bind.scalar(sa.select(setting.c.value).where(setting.c.key == "library_name")) or "总馆"
    now = dt.datetime.now(dt.UTC)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    library = sa.table("library", *(sa.column(c) for c in ("id", "code", "name", "is_central", "loan_rules_by",
                                                         "active", "sort_order", "created_at")))
    bind.execute(library.insert().values(id=CENTRAL, code="ZG", name=name, is_central=True, loan_rules_by="lending",
                                         active=True, sort_order=0, created_at=now))
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('library', 'id'), 1)"))
    for table in TABLES:
        if bind.dialect.name == "sqlite":
            op.execute(f"ALTER TABLE {table} ADD COLUMN library_id INTEGER NOT NULL DEFAULT {CENTRAL} "
                       "REFERENCES library (id)")
        else:
            op.add_column(table, sa.Column("library_id", sa.Integer(), nullable=False,
                                           server_default=sa.text(str(CENTRAL))))
            op.create_foreign_key(op.f(f"fk_{table}_library_id_library"), table, "library", ["library_id"], ["id"])
        op.create_index(f"ix_{table}_library_id", table, ["library_id"])


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_index(f"ix_{table}_library_id", table_name=table)
        if op.get_bind().dialect.name != "sqlite":
            op.drop_constraint(f"fk_{table}_library_id_library", table, type_="foreignkey")
        with op.batch_alter_table(table) as batch:
            batch.drop_column("library_id")
    op.drop_table("library")
