"""Backups and restores of the whole database, and the daily automatic backup.

- SQLite: SQLite's online backup API copies a consistent snapshot of the live file (WAL
  content included) while desks keep working; the copy is written beside its final name
  and renamed, so a backup that is interrupted never looks complete.
- PostgreSQL: ``pg_dump`` in its custom format; ``pg_restore --clean --single-transaction``
  puts it back (all or nothing).

A restore is refused unless an administrator does it, checks the backup first (SQLite:
``PRAGMA integrity_check`` and a schema this program knows) and copies the current
database aside before overwriting it. The restored database gets one audit entry saying
who restored what.

``daily_backup`` is what the GUI calls at start: the first start of a day makes a backup
into the backups folder and keeps the newest ``KEEP`` of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import MetaData, select
from sqlalchemy.engine import make_url

from workstation import APP_NAME, timeutil
from workstation.db import Database, known_revisions
from workstation.errors import N_, ValidationError, WorkstationError
from workstation.models import Role
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


def inspect_backup(path: Path | str) -> BackupInfo:
    """Check that ``path`` is a backup this program can restore; refuse it otherwise."""
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
                revisions = tuple(r[0] for r in con.execute("SELECT version_num FROM alembic_version"))
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            raise ValidationError("file", N_("Backup: {path} is damaged ({reason})."), path=path.name,
                                  reason=str(exc)) from None
        if not ok or ok[0] != "ok":
            raise ValidationError("file", N_("Backup: {path} is damaged ({reason})."), path=path.name,
                                  reason=str(ok[0] if ok else "?"))
        backend = "sqlite"
    elif head.startswith(b"PGDMP"):
        backend, revisions = "postgresql", ()
    else:
        raise ValidationError("file", N_("Backup: {path} is not a backup made by this program."), path=path.name)
    unknown = [r for r in revisions if r not in known_revisions()]
    if unknown:
        raise ValidationError("file", N_("Backup: {path} was made by a newer version of this program."),
                              path=path.name)
    return BackupInfo(path, backend, revisions)


def restore(db: Database, actor: Actor, source: Path | str, *, aside: Path | None = None) -> Path:
    """Replace the whole database with the backup ``source``. Administrators only; the
    current database is backed up first (returned: where it went). Runs outside any
    transaction of the caller's: it replaces the database itself."""
    require_role(actor, Role.ADMIN)
    info = inspect_backup(source)
    if info.backend != db.backend:
        raise ValidationError("file", N_("Backup: {path} is a {kind} backup; this database is {backend}."),
                              path=info.path.name, kind=info.backend, backend=db.backend)
    folder = aside or default_backup_folder()
    folder.mkdir(parents=True, exist_ok=True)
    safety = backup(db, folder)
    db.engine.dispose()
    target = _sqlite_path(db)
    if db.backend == "sqlite":
        assert target is not None
        src = sqlite3.connect(f"file:{info.path}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(target, timeout=30)
            try:
                src.backup(dst)  # page by page into the live file, under SQLite's locks
            finally:
                dst.close()
        finally:
            src.close()
    else:
        _pg_tool("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                                "--dbname", _libpq_url(db), str(info.path)])
    with db.begin() as session:
        audit.record(session, actor, "restore", "database", None,
                     {"backup": info.path.name, "sha256": _sha256(info.path),
                      "previous_saved_as": str(safety)})
    return safety


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
