"""Self-service kiosks (SIP2): kiosk accounts, readers' PINs, self-service loans by staff row.

Revision ID: 1700
Revises: 0700
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "1700"
down_revision = "0700"
branch_labels = None
depends_on = None


def _enum(name: str, values: list[str], length: int = 10) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=length)


def upgrade() -> None:
    op.create_table(
        "kiosk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(40), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("service_point_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("charset", _enum("kiosk_charset", ["utf-8", "gbk", "gb18030"]), nullable=False),
        sa.Column("checksum", _enum("kiosk_checksum", ["strict", "lenient", "off"]), nullable=False),
        sa.Column("terminator", _enum("kiosk_terminator", ["CR", "CRLF"]), nullable=False),
        sa.Column("due_date_format", _enum("kiosk_due_format", ["sip", "iso"]), nullable=False),
        sa.Column("institution_id", sa.String(40), nullable=False),
        sa.Column("may_renew", sa.Boolean(), nullable=False),
        sa.Column("send_address", sa.Boolean(), nullable=False),
        sa.Column("send_phone", sa.Boolean(), nullable=False),
        sa.Column("send_email", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["service_point_id"], ["service_point.id"],
                                name=op.f("fk_kiosk_service_point_id_service_point"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_kiosk_staff_id_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk")),
        sa.UniqueConstraint("login", name=op.f("uq_kiosk_login")),
        sa.UniqueConstraint("staff_id", name=op.f("uq_kiosk_staff_id")),
    )
    op.create_table(
        "reader_pin",
        sa.Column("reader_id", sa.Integer(), nullable=False),
        sa.Column("pin_hash", sa.String(200), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["reader_id"], ["reader.id"], name=op.f("fk_reader_pin_reader_id_reader"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["set_by"], ["staff.id"], name=op.f("fk_reader_pin_set_by_staff"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("reader_id", name=op.f("pk_reader_pin")),
    )
    op.create_index("ix_loan_staff_day", "loan", ["staff_id", "local_day"])


def downgrade() -> None:
    op.drop_index("ix_loan_staff_day", table_name="loan")
    op.drop_table("reader_pin")
    op.drop_table("kiosk")
