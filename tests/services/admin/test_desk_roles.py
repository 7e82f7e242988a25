"""docs/examples/server/desk-roles.sql, as the deployment guide tells the administrator to run
it: a desk computer's role lends, returns and writes the audit trail, and cannot create, alter
or drop tables nor rewrite the audit trail. A desk role that meets a database needing a
migration is told to start the new version with the owner's account."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tests.desk_data import desks, populate
from workstation.db import Database, make_engine, open_database, upgrade_to
from workstation.errors import DatabaseUnavailable
from workstation.models import AuditEntry
from workstation.services.circulation import loans

pytestmark = pytest.mark.pg

SCRIPT = Path(__file__).resolve().parents[3] / "docs" / "examples" / "server" / "desk-roles.sql"


def _roles_sql(database: str, owner: str, group: str, login: str) -> list[str]:
    """The script's statements, for this test's database and with names no other test uses."""
    sql = SCRIPT.read_text(encoding="utf-8")
    sql = re.sub(r"--[^\n]*", "", sql)
    for old, new in (("DATABASE library", f'DATABASE "{database}"'), ("FOR ROLE workstation", f"FOR ROLE {owner}"),
                     ("library_desks", group), ("xiangyuan_desk1", login)):
        assert old in sql, old
        sql = sql.replace(old, new)
    return [part.strip() for part in sql.split(";") if part.strip()]


class Roles:
    def __init__(self, db_url: str) -> None:
        self.url = db_url
        suffix = f"{os.getpid()}_{id(self)}"
        self.group, self.login = f"t_desks_{suffix}", f"t_desk1_{suffix}"
        parsed = make_url(db_url)
        self.owner_engine = create_engine(db_url, isolation_level="AUTOCOMMIT")
        self.database = str(parsed.database)
        self.owner = str(parsed.username)

    def grant(self) -> None:
        with self.owner_engine.connect() as conn:
            for statement in _roles_sql(self.database, self.owner, self.group, self.login):
                conn.execute(text(statement))

    def desk_url(self) -> str:
        return make_url(self.url).set(username=self.login, password=None).render_as_string(hide_password=False)

    def drop(self) -> None:
        with self.owner_engine.connect() as conn:
            for role in (self.login, self.group):
                exists = conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
                if exists:
                    conn.execute(text(f"DROP OWNED BY {role}"))
                    conn.execute(text(f"DROP ROLE {role}"))
        self.owner_engine.dispose()


@pytest.fixture
def roles(pg_db: Database) -> Iterator[Roles]:
    made = Roles(pg_db.url)
    try:
        yield made
    finally:
        made.drop()


def test_a_desk_role_lends_and_returns_and_cannot_change_the_tables(pg_db: Database, roles: Roles) -> None:
    reader_ids, barcodes = populate(pg_db, 1, 2)
    (desk,) = desks(pg_db, 1)
    roles.grant()
    branch = open_database(roles.desk_url())
    try:
        assert branch.upgraded_from == ()
        with branch.begin() as s:
            loans.checkout(s, desk, reader_ids[0], barcodes[0])
        with branch.begin() as s:
            loans.checkin(s, desk, barcodes[0])
        with branch.begin() as s:
            mine = s.scalar(select(func.count()).select_from(AuditEntry)
                            .where(AuditEntry.entity == "loan", AuditEntry.staff_id == desk.staff_id))
        assert mine == 2
        refused = ["CREATE TABLE intruder (id integer)", "ALTER TABLE loan ADD COLUMN x integer",
                   "DROP TABLE loan", "TRUNCATE loan", "DELETE FROM audit_entry", "UPDATE audit_entry SET action = 'x'"]
        for statement in refused:
            with pytest.raises(DBAPIError), branch.engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        branch.dispose()


def test_a_desk_role_does_not_migrate_and_says_who_must(pg_admin_url: str, pg_template: str) -> None:
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    name = f"ws_old_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False)
    old = make_engine(url)
    upgrade_to(old, "1950")  # a database the previous program version made
    old.dispose()
    roles = Roles(url)
    try:
        roles.grant()
        with pytest.raises(DatabaseUnavailable) as caught:
            open_database(roles.desk_url())
        assert "may not change its tables" in caught.value.english()
        assert roles.login in caught.value.english()
        check = make_engine(url)
        with check.connect() as conn:
            assert conn.scalar(text("SELECT version_num FROM alembic_version")) == "1950"
        check.dispose()
    finally:
        roles.drop()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
