"""Circulation across libraries (通借通还): transfers between libraries, a transit limit per
library, and loan rules and closed days per library.

``transfer`` records each journey of an item from the library where it was returned (or
caught for a reservation) to its home or pickup library. Loan rules, closed dates and
weekly closings gain a nullable ``library_id``: NULL means every library, as all rows did
before. Their unique keys now include the library, and a partial unique index keeps one row
per key among the rows for all libraries. On SQLite the three tables are rebuilt (batch
mode; ``workstation.db.upgrade_to`` runs migrations with foreign keys off and checks them
before committing).

Revision ID: 1970
Revises: 1960
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1970"
down_revision = "1960"
branch_labels = None
depends_on = None

ALL_LIBRARIES = "library_id IS NULL"
# table, the columns of its old unique key, the old constraint's name, the partial index's name
KEYED = (
    ("loan_rule", ["reader_category", "collection_type"], "uq_loan_rule_reader_category_collection_type",
     "ix_loan_rule_all_libraries"),
    ("closed_day", ["day"], "uq_closed_day_day", "ix_closed_day_all_libraries"),
    ("weekly_closing", ["weekday"], "uq_weekly_closing_weekday", "ix_weekly_closing_all_libraries"),
)


def _enum(name: str, values: list[str], length: int = 20) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("from_library_id", sa.Integer(), nullable=False),
        sa.Column("to_library_id", sa.Integer(), nullable=False),
        sa.Column("reason", _enum("transfer_reason", ["return_home", "hold_pickup"]), nullable=False),
        sa.Column("hold_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_day", sa.Date(), nullable=False),
        sa.Column("sent_by", sa.Integer(), nullable=False),
        sa.Column("sent_point_id", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_by", sa.Integer(), nullable=True),
        sa.Column("received_point_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("from_library_id <> to_library_id", name=op.f("ck_transfer_between_libraries")),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_transfer_item_id_item"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["from_library_id"], ["library.id"],
                                name=op.f("fk_transfer_from_library_id_library"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["to_library_id"], ["library.id"], name=op.f("fk_transfer_to_library_id_library"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["hold_id"], ["hold.id"], name=op.f("fk_transfer_hold_id_hold"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["sent_by"], ["staff.id"], name=op.f("fk_transfer_sent_by_staff"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["sent_point_id"], ["service_point.id"],
                                name=op.f("fk_transfer_sent_point_id_service_point"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["received_by"], ["staff.id"], name=op.f("fk_transfer_received_by_staff"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["received_point_id"], ["service_point.id"],
                                name=op.f("fk_transfer_received_point_id_service_point"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer")),
    )
    op.create_index("ix_transfer_item_id", "transfer", ["item_id"])
    op.create_index("ix_transfer_open_item", "transfer", ["item_id"], unique=True,
                    sqlite_where=sa.text("received_at IS NULL"), postgresql_where=sa.text("received_at IS NULL"))
    op.create_index("ix_transfer_to_received", "transfer", ["to_library_id", "received_at"])
    op.create_index("ix_transfer_from_received", "transfer", ["from_library_id", "received_at"])

    if sqlite:
        op.execute("ALTER TABLE library ADD COLUMN transit_days INTEGER NOT NULL DEFAULT 7")
    else:
        op.add_column("library", sa.Column("transit_days", sa.Integer(), nullable=False, server_default=sa.text("7")))

    for table, columns, old, partial in KEYED:
        with op.batch_alter_table(table, recreate="always" if sqlite else "never") as batch:
            batch.drop_constraint(old, type_="unique")
            batch.add_column(sa.Column("library_id", sa.Integer(), nullable=True))
            batch.create_foreign_key(f"fk_{table}_library_id_library", "library", ["library_id"], ["id"])
            batch.create_unique_constraint(f"uq_{table}_library_id_{'_'.join(columns)}", ["library_id", *columns])
        op.create_index(partial, table, columns, unique=True, sqlite_where=sa.text(ALL_LIBRARIES),
                        postgresql_where=sa.text(ALL_LIBRARIES))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns, old, partial in reversed(KEYED):
        op.drop_index(partial, table_name=table)
        op.execute(f"DELETE FROM {table} WHERE library_id IS NOT NULL")
        with op.batch_alter_table(table, recreate="always" if sqlite else "never") as batch:
            batch.drop_constraint(f"uq_{table}_library_id_{'_'.join(columns)}", type_="unique")
            batch.drop_constraint(f"fk_{table}_library_id_library", type_="foreignkey")
            batch.drop_column("library_id")
            batch.create_unique_constraint(old, columns)
    with op.batch_alter_table("library") as batch:
        batch.drop_column("transit_days")
    op.drop_index("ix_transfer_from_received", table_name="transfer")
    op.drop_index("ix_transfer_to_received", table_name="transfer")
    op.drop_index("ix_transfer_open_item", table_name="transfer")
    op.drop_index("ix_transfer_item_id", table_name="transfer")
    op.drop_table("transfer")
