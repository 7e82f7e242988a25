"""Backups and restores of the whole database, and the daily automatic backup.

- SQLite: SQLite's online backup API copies a consistent snapshot of the live file (WAL
  content included) while desks keep working; the copy is written beside its final name
  and renamed, so a backup that is interrupted never looks complete.
- PostgreSQL: ``pg_dump`` in its custom format; ``pg_restore --clean --single-transaction``
  puts it back (all or nothing).

A restore is refused unless an administrator does it. It checks the backup first, before
touching anything: intact, at a schema version this program knows, and holding this
program's whole schema, table by table (see ``inspect_backup``). Then it copies the current
database aside and overwrites it; if anything fails from there on, the copy is put back,
so the database is exactly as it was, and the message says where the copy is. The
restored database gets one audit entry saying who restored what.

``daily_backup`` is what the GUI calls at start: the first start of a day makes a backup
into the backups folder and keeps the newest ``KEEP`` of them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import MetaData, select
from sqlalchemy.engine import make_url

from workstation import APP_NAME, timeutil
from workstation.db import Database, current_revisions, head_revisions, known_revisions, make_engine, upgrade_to
from workstation.errors import N_, ValidationError, WorkstationError
from workstation.models import Role, Staff
from workstation.services import audit
from workstation.services.context import Actor, require_role

log = logging.getLogger(__name__)

KEEP = 30
SQLITE_SUFFIX = ".sqlite3"
PG_SUFFIX = ".pgdump"
_DAILY = re.compile(r"^workstation-(\d{8})(?:-\d{6})?\.(sqlite3|pgdump)$")


class BackupFailed(WorkstationError):
    pass


def default_backup_folder() -> Path:
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "backups"


def _sqlite_path(db: Database) -> Path | None:
    parsed = make_url(db.url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _libpq_url(db: Database) -> str:
    """The URL as ``pg_dump`` takes it (no SQLAlchemy driver name)."""
    return make_url(db.url).set(drivername="postgresql").render_as_string(hide_password=False)


def _suffix(db: Database) -> str:
    return SQLITE_SUFFIX if db.backend == "sqlite" else PG_SUFFIX


def _pg_tool(name: str, args: list[str]) -> None:
    exe = shutil.which(name)
    if exe is None:
        raise BackupFailed(N_("{tool} is not installed on this computer; install the PostgreSQL client "
                              "programs to back up or restore a PostgreSQL database."), tool=name)
    done = subprocess.run([exe, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupFailed(N_("{tool} failed: {reason}"), tool=name,
                           reason=(done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1])


def _sqlite_copy(source: Path, target: Path) -> None:
    """Online backup of ``source`` into a new file ``target`` (written aside, then renamed)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(tmp_name)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                dst.close()
        finally:
            src.close()
        with open(tmp_name, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def backup(db: Database, target: Path | str) -> Path:
    """Write a backup of ``db`` to ``target`` (a file, or a folder to put a dated file in)."""
    target = Path(target)
    # a path that does not exist yet and has no file ending is taken as a folder to create
    # ("workstation backup /mnt/usb/backups"), not as a file named like a folder
    if target.is_dir() or (not target.exists() and not target.suffix):
        target.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = target / f"workstation-{stamp}{_suffix(db)}"
    target.parent.mkdir(parents=True, exist_ok=True)
    source = _sqlite_path(db)
    try:
        if db.backend == "sqlite":
            if source is None:
                raise BackupFailed(N_("An in-memory database cannot be backed up."))
            _sqlite_copy(source, target)
        else:
            part = target.with_name(f".{target.name}.part")
            _pg_tool("pg_dump", ["--format=custom", "--no-owner", "--file", str(part), _libpq_url(db)])
            os.replace(part, target)
    except OSError as exc:
        raise BackupFailed(N_("The backup could not be written to {path}: {reason}"), path=str(target),
                           reason=exc.strerror or str(exc)) from None
    log.info("backup written to %s", target)
    return target


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    backend: str
    revisions: tuple[str, ...]


class RestoreFailed(WorkstationError):
    pass


def _not_ours(path: Path) -> ValidationError:
    return ValidationError("file", N_("Backup: {path} is not a backup made by this program."), path=path.name)


def _incomplete(path: Path, what: str) -> ValidationError:
    return ValidationError("file", N_("Backup: {path} is not a whole backup of this program's database ({what}); "
                                      "nothing was changed."), path=path.name, what=what)


# -- what a whole database of this program holds ------------------------------------------

@dataclass(frozen=True)
class SqliteSchema:
    """Every table with its columns, and every index and trigger, of a SQLite database."""

    tables: dict[str, tuple[tuple[str, str, int, int], ...]]  # name -> (column, type, not null, pk)
    others: frozenset[tuple[str, str]]  # (type, name) of indexes and triggers

    @classmethod
    def of(cls, con: sqlite3.Connection) -> SqliteSchema:
        tables: dict[str, tuple[tuple[str, str, int, int], ...]] = {}
        others: set[tuple[str, str]] = set()
        for kind, name in con.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"):
            if kind == "table":
                tables[name] = tuple((r[1], str(r[2]).upper(), int(r[3]), int(r[5]))
                                     for r in con.execute(f'PRAGMA table_info("{name}")'))
            else:
                others.add((kind, name))
        return cls(tables, frozenset(others))

    def missing_from(self, other: SqliteSchema) -> list[str]:
        """What ``other`` lacks or has otherwise than this schema, table by table."""
        problems: list[str] = []
        for table, columns in sorted(self.tables.items()):
            found = other.tables.get(table)
            if found is None:
                problems.append(f"table {table} missing")
            elif found != columns:
                wrong = sorted({c[0] for c in columns} ^ {c[0] for c in found}) or \
                    sorted(c[0] for c, d in zip(columns, found, strict=False) if c != d)
                problems.append(f"table {table}: columns {', '.join(wrong) or '(order)'} differ")
        problems.extend(f"table {t} unknown" for t in sorted(set(other.tables) - set(self.tables)))
        problems.extend(f"{kind} {name} missing" for kind, name in sorted(self.others - other.others))
        problems.extend(f"{kind} {name} unknown" for kind, name in sorted(other.others - self.others))
        return problems


@functools.lru_cache(maxsize=1)
def expected_sqlite_schema() -> SqliteSchema:
    """The schema this program's migrations build, read from a new, empty database."""
    from workstation.db import open_database

    with tempfile.TemporaryDirectory(prefix="workstation-schema-") as folder:
        fresh = open_database(f"sqlite:///{Path(folder) / 'fresh.sqlite3'}")
        fresh.dispose()
        con = sqlite3.connect(Path(folder) / "fresh.sqlite3")
        try:
            return SqliteSchema.of(con)
        finally:
            con.close()


def _check_sqlite_schema(path: Path, shown: Path) -> None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = SqliteSchema.of(con)
    except sqlite3.DatabaseError as exc:
        raise ValidationError("file", N_("Backup: {path} is damaged ({reason})."), path=shown.name,
                              reason=str(exc)) from None
    finally:
        con.close()
    problems = expected_sqlite_schema().missing_from(found)
    if problems:
        more = f" (+{len(problems) - 3})" if len(problems) > 3 else ""
        raise _incomplete(shown, "; ".join(problems[:3]) + more)


def _pg_listing(path: Path) -> tuple[set[str], dict[str, set[str]], tuple[str, ...]]:
    """Tables, their columns and the schema revisions of a ``pg_dump -Fc`` file, read with
    ``pg_restore`` into text (no database is touched)."""
    exe = shutil.which("pg_restore")
    if exe is None:
        raise BackupFailed(N_("{tool} is not installed on this computer; install the PostgreSQL client "
                              "programs to back up or restore a PostgreSQL database."), tool="pg_restore")
    schema = subprocess.run([exe, "--schema-only", "--file", "-", str(path)], capture_output=True, text=True,
                            check=False)
    if schema.returncode != 0:
        raise ValidationError("file", N_("Backup: {path} is damaged ({reason})."), path=path.name,
                              reason=(schema.stderr.strip().splitlines() or ["pg_restore"])[-1])
    columns: dict[str, set[str]] = {}
    current: str | None = None
    for line in schema.stdout.splitlines():
        start = re.match(r"^CREATE TABLE (?:public\.)?\"?([A-Za-z0-9_]+)\"? \($", line)
        if start:
            current = start.group(1)
            columns[current] = set()
        elif current is not None:
            if line.startswith(")"):
                current = None
            else:
                column = re.match(r'^\s+"?([A-Za-z0-9_]+)"? ', line)
                if column and not line.strip().upper().startswith("CONSTRAINT"):
                    columns[current].add(column.group(1))
    data = subprocess.run([exe, "--data-only", "--table", "alembic_version", "--file", "-", str(path)],
                          capture_output=True, text=True, check=False)
    revisions: list[str] = []
    copying = False
    for line in data.stdout.splitlines():
        if line.startswith("COPY ") and "alembic_version" in line:
            copying = True
        elif copying:
            if line == "\\.":
                break
            revisions.append(line.strip())
    return set(columns), columns, tuple(revisions)


def _check_pg_dump(path: Path) -> tuple[str, ...]:
    from workstation.models import Base

    tables, columns, revisions = _pg_listing(path)
    if "alembic_version" not in tables or not revisions:
        raise _not_ours(path)
    _check_revisions(path, revisions)
    if set(revisions) != set(head_revisions()):
        raise ValidationError("file", N_("Backup: {path} was made by an older version of this program (schema "
                                         "{revision}); restore it with that version, then start this one."),
                              path=path.name, revision=", ".join(revisions))
    problems: list[str] = []
    for name, table in sorted(Base.metadata.tables.items()):
        if name not in columns:
            problems.append(f"table {name} missing")
            continue
        lacking = sorted({c.name for c in table.columns} - columns[name])
        if lacking:
            problems.append(f"table {name}: columns {', '.join(lacking)} missing")
    problems.extend(f"table {t} unknown" for t in sorted(tables - set(Base.metadata.tables) - {"alembic_version"}))
    if problems:
        more = f" (+{len(problems) - 3})" if len(problems) > 3 else ""
        raise _incomplete(path, "; ".join(problems[:3]) + more)
    return revisions


def _check_revisions(path: Path, revisions: tuple[str, ...]) -> None:
    unknown = [r for r in revisions if r not in known_revisions()]
    if unknown:
        raise ValidationError("file", N_("Backup: {path} was made by a newer version of this program."),
                              path=path.name)


def inspect_backup(path: Path | str) -> BackupInfo:
    """Check that ``path`` is a whole backup this program can restore; refuse it otherwise.

    A SQLite backup: intact (``PRAGMA integrity_check``), stamped with schema revisions this
    program knows, and, when stamped with the newest, holding every table (column by
    column), index and trigger of this program's schema and nothing else. An older one is
    brought up to date on a copy and checked the same way by ``restore``. A PostgreSQL
    dump: stamped with the newest revision and holding every table with its columns."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError("file", N_("Backup: {path} does not exist."), path=str(path))
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(b"SQLite format 3"):
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                ok = con.execute("PRAGMA integrity_check").fetchone()
                has_version = con.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                          "AND name = 'alembic_version'").fetchone() is not None
                revisions = tuple(r[0] for r in con.execute("SELECT version_num FROM alembic_version")) \
                    if has_version else ()
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            raise ValidationError("file", N_("Backup: {path} is damaged ({reason})."), path=path.name,
                                  reason=str(exc)) from None
        if not ok or ok[0] != "ok":
            raise ValidationError("file", N_("Backup: {path} is damaged ({reason})."), path=path.name,
                                  reason=str(ok[0] if ok else "?"))
        if not revisions:
            raise _not_ours(path)
        _check_revisions(path, revisions)
        if set(revisions) == set(head_revisions()):
            _check_sqlite_schema(path, path)
        return BackupInfo(path, "sqlite", revisions)
    if head.startswith(b"PGDMP"):
        return BackupInfo(path, "postgresql", _check_pg_dump(path))
    raise _not_ours(path)


# -- restoring -----------------------------------------------------------------------------

def restore(db: Database, actor: Actor, source: Path | str, *, aside: Path | None = None) -> Path:
    """Replace the whole database with the backup ``source``. Administrators only.

    Nothing is touched until the backup has passed ``inspect_backup`` (a SQLite backup is
    checked on a private copy, brought up to this program's schema first if it is older).
    Then the current database is backed up (returned: where it went) and replaced. If
    anything fails after that, the copy is put back, so the database is as it was, and the
    ``RestoreFailed`` message says where the copy is. Runs outside any transaction of the
    caller's: it replaces the database itself."""
    require_role(actor, Role.ADMIN)
    info = inspect_backup(source)
    if info.backend != db.backend:
        raise ValidationError("file", N_("Backup: {path} is a {kind} backup; this database is {backend}."),
                              path=info.path.name, kind=info.backend, backend=db.backend)
    folder = aside or default_backup_folder()
    folder.mkdir(parents=True, exist_ok=True)
    if db.backend == "sqlite":
        target = _sqlite_path(db)
        if target is None:
            raise BackupFailed(N_("An in-memory database cannot be backed up."))
        with _checked_copy(info, target.parent) as verified:
            safety = backup(db, folder)
            _replace(db, actor, info, safety, lambda: _sqlite_into(verified, target))
    else:
        safety = backup(db, folder)
        _replace(db, actor, info, safety, lambda: _pg_tool("pg_restore", [
            "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", _libpq_url(db),
            str(info.path)]))
    return safety


@contextlib.contextmanager
def _checked_copy(info: BackupInfo, folder: Path) -> Iterator[Path]:
    """A private copy of the SQLite backup, at this program's schema, checked table by
    table; deleted afterwards. The copy, not the file (which could change meanwhile), is
    what gets restored."""
    fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".part", dir=folder)
    os.close(fd)
    copy = Path(name)
    try:
        _sqlite_copy(info.path, copy)
        if set(info.revisions) != set(head_revisions()):
            engine = make_engine(f"sqlite:///{copy}")
            try:
                upgrade_to(engine, "heads")
            except Exception as exc:  # a migration failing on a partial backup is the backup's fault
                raise _incomplete(info.path, f"upgrading from {', '.join(info.revisions)}: "
                                             f"{str(exc).splitlines()[0]}") from None
            finally:
                engine.dispose()
            con = sqlite3.connect(copy)
            try:
                con.execute("PRAGMA journal_mode=DELETE")
            finally:
                con.close()
        _check_sqlite_schema(copy, info.path)
        yield copy
    finally:
        for leftover in (copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm"),
                         copy.with_name(copy.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _sqlite_into(source: Path, target: Path) -> None:
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)  # page by page into the live file, under SQLite's locks, all or nothing
        finally:
            dst.close()
    finally:
        src.close()


def _replace(db: Database, actor: Actor, info: BackupInfo, safety: Path, put_in: Callable[[], None]) -> None:
    """Put the backup in, check the result and record the restore; on any failure put the
    safety copy back and say where it is."""
    db.engine.dispose()
    try:
        put_in()
        now = current_revisions(db.engine)
        if set(now) != set(head_revisions()):
            raise RestoreFailed(N_("the restored database is at schema {revision}"),
                                revision=", ".join(now) or "-")
        with db.begin() as session:
            # the restored database may not know the administrator (an older backup): then
            # the entry names them instead of pointing at an account that is not there
            known = session.get(Staff, actor.staff_id) is not None
            audit.record(session, actor if known else None, "restore", "database", None,
                         {"backup": info.path.name, "sha256": _sha256(info.path),
                          "previous_saved_as": str(safety), "restored_by": actor.username},
                         workstation=actor.workstation)
    except Exception as exc:
        log.exception("restore of %s failed; putting %s back", info.path, safety)
        reason = exc.english() if isinstance(exc, WorkstationError) else (str(exc).splitlines() or [repr(exc)])[0]
        db.engine.dispose()
        try:
            _put_back(db, safety)
        except Exception:
            log.exception("putting %s back failed", safety)
            raise RestoreFailed(N_("The restore failed ({reason}) and the database could not be put back as it "
                                   "was. Its copy from just before is {path}: restore that file."),
                                reason=reason, path=str(safety)) from None
        raise RestoreFailed(N_("The restore failed ({reason}). The database is as it was before; its copy "
                               "from just before is {path}."), reason=reason, path=str(safety)) from None
    finally:
        db.engine.dispose()


def _put_back(db: Database, safety: Path) -> None:
    if db.backend == "sqlite":
        target = _sqlite_path(db)
        assert target is not None
        _sqlite_into(safety, target)
    else:
        _pg_tool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                                "--dbname", _libpq_url(db), str(safety)])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(db: Database) -> dict[str, str]:
    """A digest of every table's rows in primary-key order: equal digests, equal data."""
    meta = MetaData()
    meta.reflect(db.engine)
    result: dict[str, str] = {}
    with db.engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            order = list(table.primary_key.columns) or list(table.columns)
            digest = hashlib.sha256()
            for row in conn.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
            result[name] = digest.hexdigest()
    return result


# -- the daily backup ---------------------------------------------------------------------

def daily_backups(folder: Path) -> list[Path]:
    """The automatic backups in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _DAILY.match(p.name))


def daily_backup(db: Database, folder: Path | None = None, *, today: dt.date | None = None,
                 keep: int = KEEP) -> Path | None:
    """On the first start of a day, back up into ``folder`` and keep the newest ``keep``
    backups; on later starts the same day, do nothing (returns ``None``)."""
    folder = folder or default_backup_folder()
    today = today or timeutil.today()
    day = today.strftime("%Y%m%d")
    if any(_DAILY.match(p.name).group(1) == day for p in daily_backups(folder)):  # type: ignore[union-attr]
        return None
    folder.mkdir(parents=True, exist_ok=True)
    made = backup(db, folder / f"workstation-{day}{_suffix(db)}")
    for old in daily_backups(folder)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return made


def daily_backup_at_start(db: Database, folder: Path | None = None,
                          warn: Callable[[WorkstationError], None] | None = None) -> Path | None:
    """``daily_backup`` for the GUI's start: a failed backup is reported (``warn``) and
    logged, and never stops the desk from working."""
    try:
        return daily_backup(db, folder)
    except WorkstationError as err:
        log.warning("daily backup failed: %s", err.english())
        if warn is not None:
            warn(err)
    except OSError as exc:
        log.warning("daily backup failed: %s", exc)
        if warn is not None:
            warn(BackupFailed(N_("The daily backup could not be written: {reason}"), reason=str(exc)))
    return None
