"""Statistics: daily loan counts per service point and CLC main class, kept by triggers.

The yearly figures and the managers' charts read ``loan_day_count`` instead of scanning the
loans (about 400,000 a year): a trigger on ``loan`` adds one to the row of the loan's local
day, service point and class in the lending transaction (and takes one away if a loan is
deleted). Existing loans are counted here once.

Note for later migrations: rebuilding ``loan`` in SQLite batch mode drops its triggers;
such a migration must call ``create_triggers()`` again.

Revision ID: 0600
Revises: 0500
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import workstation.models.statistics  # noqa: F401 - its table is on Base.metadata wherever migrations load

revision = "0600"
down_revision = "0500"
branch_labels = None
depends_on = None

CLASS_OF = ("COALESCE(NULLIF(UPPER(SUBSTR((SELECT clc_class FROM item WHERE item.id = {row}.item_id), 1, 1)), ''), "
            "'?')")
ADD = ("INSERT INTO loan_day_count (local_day, service_point_id, clc, loans) "
       "VALUES (NEW.local_day, NEW.service_point_id, " + CLASS_OF.format(row="NEW") + ", 1) "
       "ON CONFLICT (local_day, service_point_id, clc) DO UPDATE SET loans = loan_day_count.loans + 1")
REMOVE = ("UPDATE loan_day_count SET loans = loans - 1 WHERE local_day = OLD.local_day "
          "AND service_point_id = OLD.service_point_id AND clc = " + CLASS_OF.format(row="OLD"))


def create_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE TRIGGER loan_day_count_add AFTER INSERT ON loan BEGIN {ADD}; END")
        op.execute(f"CREATE TRIGGER loan_day_count_remove AFTER DELETE ON loan BEGIN {REMOVE}; END")
    else:
        op.execute("CREATE FUNCTION loan_day_count_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   f"IF TG_OP = 'INSERT' THEN {ADD}; ELSE {REMOVE}; END IF; RETURN NULL; END $$")
        op.execute("CREATE TRIGGER loan_day_count_keep AFTER INSERT OR DELETE ON loan "
                   "FOR EACH ROW EXECUTE FUNCTION loan_day_count_keep()")


def drop_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS loan_day_count_add")
        op.execute("DROP TRIGGER IF EXISTS loan_day_count_remove")
    else:
        op.execute("DROP TRIGGER IF EXISTS loan_day_count_keep ON loan")
        op.execute("DROP FUNCTION IF EXISTS loan_day_count_keep()")


def upgrade() -> None:
    op.create_table(
        "loan_day_count",
        sa.Column("local_day", sa.Date(), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("clc", sa.String(length=1), nullable=False),
        sa.Column("loans", sa.Integer(), nullable=False),
        sa.CheckConstraint("loans >= 0", name=op.f("ck_loan_day_count_loans_non_negative")),
        sa.ForeignKeyConstraint(["service_point_id"], ["service_point.id"],
                                name=op.f("fk_loan_day_count_service_point_id_service_point"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("local_day", "service_point_id", "clc", name=op.f("pk_loan_day_count")),
    )
    op.execute("INSERT INTO loan_day_count (local_day, service_point_id, clc, loans) "
               "SELECT loan.local_day, loan.service_point_id, "
               "COALESCE(NULLIF(UPPER(SUBSTR(item.clc_class, 1, 1)), ''), '?') AS clc, COUNT(*) "
               "FROM loan JOIN item ON item.id = loan.item_id "
               "GROUP BY 1, 2, 3")
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    op.drop_table("loan_day_count")
