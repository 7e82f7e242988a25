"""Bibliographic records (书目): one record per title, items belong to a record; the
batches of readers and open loans brought in from an old system.

Existing items are grouped into records: copies with the same ISBN and title share one
record, copies without an ISBN share one when title and author are the same. Item
columns are left as they are (``item.record_id`` is added beside them).

Revision ID: 1930
Revises: 1910
Create Date: 2026-12-06
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "1930"
down_revision = "1910"
branch_labels = None
depends_on = None

CHUNK = 5_000


def _enum(name: str, values: list[str], length: int = 10) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade() -> None:
    op.create_table(
        "bib_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("control_number", sa.String(40), nullable=False),
        sa.Column("marc_format", _enum("marc_format", ["cnmarc", "marc21"]), nullable=True),
        sa.Column("marc", sa.Text(), nullable=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("responsibility", sa.String(300), nullable=False),
        sa.Column("isbn", sa.String(13), nullable=True),
        sa.Column("price", sa.Numeric(12, 2), nullable=True),
        sa.Column("price_text", sa.String(60), nullable=False),
        sa.Column("publisher", sa.String(200), nullable=False),
        sa.Column("place", sa.String(100), nullable=False),
        sa.Column("pub_year", sa.String(20), nullable=False),
        sa.Column("clc_class", sa.String(20), nullable=False),
        sa.Column("call_number", sa.String(60), nullable=False),
        sa.Column("pinyin", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bib_record")),
    )
    op.create_index("ix_bib_record_control_number", "bib_record", ["control_number"])
    op.create_index("ix_bib_record_title", "bib_record", ["title"])
    op.create_index("ix_bib_record_isbn", "bib_record", ["isbn"])
    op.create_index("ix_bib_record_updated_at", "bib_record", ["updated_at"])
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("import_batch_kind", ["readers", "loans"]), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["service_point_id"], ["service_point.id"],
                                name=op.f("fk_import_batch_service_point_id_service_point"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_import_batch_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    op.create_table(
        "migrated_loan",
        sa.Column("loan_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("old_renewals", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["loan_id"], ["loan.id"], name=op.f("fk_migrated_loan_loan_id_loan"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"],
                                name=op.f("fk_migrated_loan_batch_id_import_batch"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("loan_id", name=op.f("pk_migrated_loan")),
    )
    op.create_index("ix_migrated_loan_batch_id", "migrated_loan", ["batch_id"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # SQLite adds a column with a named foreign key in place (no table rebuild)
        op.execute("ALTER TABLE item ADD COLUMN record_id INTEGER "
                   "REFERENCES bib_record (id)")
    else:
        op.add_column("item", sa.Column("record_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_item_record_id_bib_record"), "item", "bib_record", ["record_id"], ["id"])
    _records_from_items(bind)
    op.create_index("ix_item_record_id", "item", ["record_id"])


def _records_from_items(bind: sa.engine.Connection) -> None:
    """One record per title of the items already catalogued (see the module's text)."""
    item = sa.table("item", sa.column("id"), sa.column("title"), sa.column("author"), sa.column("isbn"),
                    sa.column("call_number"), sa.column("clc_class"), sa.column("created_at"))
    rows = bind.execute(sa.select(item.c.id, item.c.title, item.c.author, item.c.isbn, item.c.call_number,
                                  item.c.clc_class, item.c.created_at).order_by(item.c.id))
    records: dict[tuple[str, str, str], int] = {}
    new: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    now = dt.datetime.now(dt.UTC)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)
    for item_id, title, author, isbn, call_number, clc_class, created_at in rows:
        key = ("isbn", isbn, title) if isbn else ("title", title, author or "")
        record_id = records.get(key)
        if record_id is None:
            record_id = records[key] = len(records) + 1
            new.append({"id": record_id, "control_number": "", "title": title, "responsibility": author or "",
                        "isbn": isbn, "price_text": "", "publisher": "", "place": "", "pub_year": "",
                        "clc_class": clc_class or "", "call_number": call_number or "", "pinyin": "",
                        "created_at": created_at, "updated_at": now})
        links.append({"item_id": item_id, "record_id": record_id})
    if not new:
        return
    record = sa.table("bib_record", *(sa.column(name) for name in new[0]))
    for start in range(0, len(new), CHUNK):
        bind.execute(record.insert(), new[start:start + CHUNK])
    update = sa.text("UPDATE item SET record_id = :record_id WHERE id = :item_id")
    for start in range(0, len(links), CHUNK):
        bind.execute(update, links[start:start + CHUNK])
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text("SELECT setval(pg_get_serial_sequence('bib_record', 'id'), :n)"), {"n": len(new)})


def downgrade() -> None:
    op.drop_index("ix_item_record_id", table_name="item")
    if op.get_bind().dialect.name != "sqlite":  # SQLite's foreign key has no name: it goes with the column
        op.drop_constraint("fk_item_record_id_bib_record", "item", type_="foreignkey")
    with op.batch_alter_table("item") as batch:
        batch.drop_column("record_id")
    op.drop_index("ix_migrated_loan_batch_id", table_name="migrated_loan")
    op.drop_table("migrated_loan")
    op.drop_table("import_batch")
    op.drop_index("ix_bib_record_updated_at", table_name="bib_record")
    op.drop_index("ix_bib_record_isbn", table_name="bib_record")
    op.drop_index("ix_bib_record_title", table_name="bib_record")
    op.drop_index("ix_bib_record_control_number", table_name="bib_record")
    op.drop_table("bib_record")
