"""One user action, retried when another desk got in the way.

``run(db, action)`` runs ``action(session)`` in its own transaction. When the database
says "busy" (SQLite's "database is locked", including the immediate refusal of a write
whose snapshot another desk has just overtaken; PostgreSQL's serialization failures and
deadlocks) or when a uniqueness rule trips because another desk inserted the same thing
at the same instant, the whole action is rolled back and run again from the start, on
fresh data: the second run then sees the other desk's work and answers with the normal,
clear refusal ("item already on loan"). After the last attempt a busy database is a
``DatabaseUnavailable`` with a message, never a crash.

On SQLite, an action that will write (``writes=True``, the default) takes the write lock
with its first statement, before reading anything: it then waits its turn in SQLite's busy
handler like ``BEGIN IMMEDIATE`` would, instead of reading a snapshot that another desk's
commit makes stale, which SQLite refuses at once ("database is locked") however long the
busy timeout. Under four busy desks that refusal otherwise comes back again and again.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from workstation.db import Database
from workstation.errors import N_, Conflict, DatabaseUnavailable

T = TypeVar("T")

ATTEMPTS = 6
FIRST_PAUSE = 0.02  # seconds; doubled each time, with jitter so desks do not collide again
_BUSY_MARKERS = ("database is locked", "database table is locked", "could not serialize access",
                 "deadlock detected")


def _busy(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, OperationalError) and any(m in str(exc.orig).lower() for m in _BUSY_MARKERS):
            return True
        exc = exc.__cause__
    return False


def _unique_clash(exc: IntegrityError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return code == "23505" or "unique constraint failed" in str(exc.orig).lower()


def busy_message(attempts: int = ATTEMPTS) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        N_("Other desks kept the database busy through {n} attempts. Nothing was saved; "
           "try again in a moment, and tell the administrator if this keeps happening."), n=attempts)


def clash_message() -> Conflict:
    return Conflict(N_("Another desk changed the same record at the same moment. Nothing was saved; "
                       "look at the record again and repeat the action."))


# A write that changes nothing: its only effect is to take SQLite's write lock (the
# "reserved" lock is taken when a writing statement starts, whatever its WHERE clause).
_TAKE_WRITE_LOCK = text("UPDATE service_point SET id = id WHERE 1 = 0")


@dataclass(frozen=True)
class Policy:
    """The one retry policy: what one attempt is, which failures earn another, and how long
    to wait before it. ``run`` below waits by sleeping (scripts, servers, worker threads);
    the GUI's door (``ui/ops.py``) runs the same attempts and waits with a Qt timer."""

    attempts: int = ATTEMPTS
    pause: float = FIRST_PAUSE

    def once(self, db: Database, action: Callable[[Session], T], *, writes: bool = True) -> T:
        """One attempt: ``action`` in its own transaction (on SQLite a write takes the lock first)."""
        with db.begin() as session:
            if writes and db.backend == "sqlite":
                session.execute(_TAKE_WRITE_LOCK)
            return action(session)

    def wait_after(self, exc: Exception, attempt: int) -> float:
        """Seconds to wait before attempt ``attempt + 1`` when ``exc`` (the failure of attempt
        ``attempt``) is worth another try. Otherwise raises: ``exc`` itself when retrying
        cannot help, the busy or clash message after the last attempt."""
        last = attempt >= self.attempts
        if isinstance(exc, DatabaseUnavailable):
            if not _busy(exc.__cause__):
                raise exc  # unreachable or full: retrying does not help
            if last:
                raise busy_message(self.attempts) from exc
        elif isinstance(exc, OperationalError):
            if not _busy(exc):
                raise exc
            if last:
                raise busy_message(self.attempts) from exc
        elif isinstance(exc, IntegrityError):
            if not _unique_clash(exc):
                raise exc
            if last:
                raise clash_message() from exc
        else:
            raise exc
        # doubled each time, with jitter so desks do not collide again
        return float(self.pause * 2 ** (attempt - 1) * (0.5 + random.random()))


POLICY = Policy()


def run(db: Database, action: Callable[[Session], T], *, attempts: int = ATTEMPTS,
        pause: float = FIRST_PAUSE, sleep: Callable[[float], None] = time.sleep, writes: bool = True) -> T:
    """``action`` in one transaction, run again (from the start) while the database is busy."""
    policy = Policy(attempts, pause)
    attempt = 1
    while True:
        try:
            return policy.once(db, action, writes=writes)
        except Exception as exc:  # wait_after raises what is not worth a retry
            sleep(policy.wait_after(exc, attempt))
        attempt += 1
