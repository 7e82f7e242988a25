"""Where the data lives: engine, sessions and schema migrations.

The default is one SQLite file in the user's data folder; ``--db URL`` or the
``WORKSTATION_DB`` variable point every desk at a shared PostgreSQL server instead.
Opening a database brings its schema up to date with Alembic, after copying a SQLite file
aside, and refuses a database written by a newer program.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from workstation import APP_NAME
from workstation.errors import N_, DatabaseUnavailable, SchemaTooNew, WorkstationError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

ENV_VAR = "WORKSTATION_DB"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# The newest migration. A database already there opens without loading Alembic, which
# costs more than a third of a second at every start; tests/test_db.py keeps this equal to
# the head of workstation/migrations.
SCHEMA_HEADS: tuple[str, ...] = ("2000",)


# A branch reaches the shared server over the network, which can fail silently. libpq's
# defaults would let a desk wait minutes: a connection attempt to an unreachable server waits
# for the operating system's TCP timeout (about two minutes on Linux), and a connection whose
# link died without a word waits for its answer until the kernel gives up (15 minutes).
# These bound both, so the desk says "cannot reach the server" within seconds. The URL can
# override each (``postgresql://…?connect_timeout=30``). libpq ignores the TCP ones on a
# Unix socket.
NETWORK_DEFAULTS: dict[str, int] = {
    "connect_timeout": 5,  # seconds to open a connection, handshake included
    "keepalives": 1,
    "keepalives_idle": 30,  # seconds of silence before the first probe on an idle connection
    "keepalives_interval": 5,
    "keepalives_count": 3,  # idle and dead: noticed in 30 + 3 × 5 = 45 s
    "tcp_user_timeout": 15_000,  # ms that sent data may stay unacknowledged before giving up
}


def default_database_path() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "workstation.sqlite3"


def resolve_url(cli_url: str | None = None) -> str:
    """``--db`` wins over ``WORKSTATION_DB``, which wins over the default SQLite file."""
    url = cli_url or os.environ.get(ENV_VAR) or f"sqlite:///{default_database_path()}"
    return normalise_url(url)


def normalise_url(url: str) -> str:
    """Accept the URLs people type (``postgresql://``, a bare file path) and pick our drivers."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Leave transaction control to SQLAlchemy's explicit BEGIN (see _sqlite_begin), so that
    # pysqlite does not silently commit around DDL or defer BEGIN.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN")

        return engine
    connect_args = {**NETWORK_DEFAULTS, **kwargs.pop("connect_args", {})}
    for name in parsed.query:  # what the URL says wins (``?connect_timeout=30`` on a slow line)
        connect_args.pop(name, None)
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    event.listen(engine, "checkin", _checked_in)
    event.listen(engine, "checkout", functools.partial(_ping_if_idle, engine.dialect))
    return engine


# A server connection is tested ("pinged") when it leaves the pool only if it rested there
# longer than this, or if the driver knows it broke: a connection back from a transaction a
# moment ago is handed out as it is, which spares every short transaction a round trip (a
# desk's scan, a kiosk's message, each replayed bookmobile event). One that rested longer may
# have been closed by the server, a firewall or a cut line, and is replaced unnoticed when the
# ping fails (a line cut within those seconds is found by the next statement instead, which
# says so plainly: _NETWORK below; the connection is then replaced).
PING_AFTER_IDLE_S = 5.0


def _checked_in(_dbapi_conn: Any, record: Any) -> None:
    record.info["rested_from"] = time.monotonic()


def _ping_if_idle(dialect: Any, dbapi_conn: Any, record: Any, _proxy: Any) -> None:
    rested_from = record.info.get("rested_from")
    broken = bool(getattr(dbapi_conn, "closed", False) or getattr(dbapi_conn, "broken", False))
    if not broken and rested_from is not None and time.monotonic() - rested_from < PING_AFTER_IDLE_S:
        return
    try:
        dialect.do_ping(dbapi_conn)
    except dialect.loaded_dbapi.Error as exc:
        raise DisconnectionError(f"connection lost while idle: {exc}") from exc


def alembic_config(connection: Any = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revisions() -> tuple[str, ...]:
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revisions(engine: Engine) -> tuple[str, ...]:
    """The revisions recorded in the database, read as Alembic would (its version table)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return ()
        return tuple(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


@dataclass
class Database:
    """An open, up-to-date database: the engine and a factory of Sessions."""

    url: str
    engine: Engine
    backup_path: Path | None = None
    upgraded_from: tuple[str, ...] = ()
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        # Objects stay readable after commit: the UI shows what it just saved.
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One transaction per user action: commit on success, roll back on any error.

        A database that stays busy or unreachable past the busy timeout becomes a
        ``DatabaseUnavailable`` the user can act on, never a crash. A refusal that must leave
        a record (``WorkstationError.record_after_rollback``) has it written after the
        rollback, in a transaction of its own."""
        try:
            with self._transaction() as session:
                yield session
        except OperationalError as exc:
            raise _known_operational_error(exc) from exc
        except WorkstationError as err:
            keep = err.record_after_rollback
            if keep is not None:
                err.record_after_rollback = None  # once, also if an outer transaction sees it again
                try:
                    with self._transaction() as session:
                        keep(session)
                except OperationalError as exc:  # the refusal still stands; say what was not kept
                    log.warning("could not record %s after its rollback: %s", err.english(), exc.orig)
            raise

    def _transaction(self) -> AbstractContextManager[Session]:
        """A Session in a transaction of its own (a subclass may join a wider one)."""
        return self.sessions.begin()

    def display_name(self) -> str:
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            return str(parsed.database)
        return parsed.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


_BUSY = ("database is locked", "database table is locked", "could not serialize access",
         "deadlock detected")
_GONE = ("unable to open database file", "disk i/o error", "database or disk is full")
# psycopg's and libpq's words for a server that cannot be reached or a connection that broke
_NETWORK = ("connection refused", "server closed the connection", "could not connect", "terminating connection",
            "connection failed", "timeout expired", "timed out", "no route to host", "network is unreachable",
            "could not translate host name", "connection is lost", "connection reset", "consuming input failed",
            "ssl syscall error", "broken pipe", "connection is closed")


def _known_operational_error(exc: OperationalError) -> Exception:
    """Map the database problems a user can do something about to a clear message;
    anything else stays the original error (a bug, reported with its trace)."""
    text = str(exc.orig).lower()
    if any(marker in text for marker in _BUSY):
        return DatabaseUnavailable(
            N_("The database is busy with another desk's work and did not answer in time. "
               "Nothing was saved; try again in a moment."))
    if any(marker in text for marker in _NETWORK):
        return DatabaseUnavailable(
            N_("The library's server cannot be reached: the network or the server is down ({reason}). "
               "Nothing was saved. Check the network cable or ask the administrator; the desk works again "
               "as soon as the server answers."), reason=_first_line(str(exc.orig)))
    if any(marker in text for marker in _GONE):
        return DatabaseUnavailable(
            N_("The database cannot be reached or is full ({reason}). Nothing was saved; "
               "check the disk or the network and try again."), reason=str(exc.orig).strip())
    return exc


# PostgreSQL's "insufficient privilege" and "must be owner" (both 42501)
_NOT_OWNER = ("42501",)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def backup_sqlite_file(source: Path, label: str) -> Path:
    """Copy a live SQLite database aside with the online backup API (WAL content included)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.before-{label}-{stamp}{source.suffix}")
    n = 1
    while target.exists():
        target = source.with_name(f"{source.stem}.before-{label}-{stamp}-{n}{source.suffix}")
        n += 1
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open (creating if needed) the database at ``url`` and bring its schema to head."""
    url = resolve_url(url)
    engine = make_engine(url)
    try:
        current = current_revisions(engine)
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseUnavailable(
            N_("Cannot open the database {where}: {reason}"),
            where=make_url(url).render_as_string(hide_password=True),
            reason=str(exc.orig),
        ) from exc
    if set(current) == set(SCHEMA_HEADS):
        return Database(url=url, engine=engine)
    unknown = [rev for rev in current if rev not in known_revisions()]
    if unknown:
        engine.dispose()
        raise SchemaTooNew(
            N_("The database was written by a newer version of this program (schema {revision}). "
               "Install the newer version; this one will not touch the data."),
            revision=", ".join(unknown),
        )
    db = Database(url=url, engine=engine)
    heads = head_revisions()
    if upgrade and set(current) != set(heads):
        sqlite_path = _sqlite_file(url)
        if current and sqlite_path is not None and sqlite_path.exists():
            db.backup_path = backup_sqlite_file(sqlite_path, "-".join(current))
            log.info("database copied to %s before migrating", db.backup_path)
        elif not current and _has_tables(engine):
            engine.dispose()
            raise SchemaTooNew(
                N_("The database holds tables this program did not create; refusing to change it."),
            )
        try:
            upgrade_to(engine, "heads")
        except ProgrammingError as exc:
            engine.dispose()
            if getattr(exc.orig, "sqlstate", None) not in _NOT_OWNER:
                raise
            raise DatabaseUnavailable(
                N_("The database must be upgraded to this program's version, and the account {user} may not "
                   "change its tables. Start the new version once with the database owner's account "
                   "(see the deployment guide); the desks connect as before afterwards."),
                user=make_url(url).username or "?") from exc
        db.upgraded_from = current
    return db


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def upgrade_to(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.connect() as conn:
        raw = conn.connection.driver_connection if engine.dialect.name == "sqlite" else None
        if raw is not None:
            # Outside any transaction, so that it takes: SQLite refuses to add a REFERENCES
            # column with a default while enforcing foreign keys, and rebuilding a table in
            # batch mode would trip them. Every key is checked below before the commit.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                command.upgrade(alembic_config(conn), revision)
                if raw is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left {len(broken)} rows referring to missing rows: "
                                           f"{broken[:5]}")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
