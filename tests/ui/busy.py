"""Make the next write of an action fail as if another desk held the database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from workstation.db import Database

_WRITES = ("INSERT", "UPDATE", "DELETE")
_LOCK_ONLY = "WHERE 1 = 0"  # the retry policy's statement that only takes SQLite's write lock


class LockedOnce:
    """While armed, the first statement that changes rows raises SQLite's "database is
    locked" (the transaction is then rolled back), and the trap disarms itself."""

    def __init__(self) -> None:
        self.armed = False
        self.fired: list[str] = []

    def arm(self) -> None:
        self.armed = True

    def __call__(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
                 _many: bool) -> None:
        if not self.armed or not statement.lstrip().upper().startswith(_WRITES) or _LOCK_ONLY in statement:
            return
        self.armed = False
        self.fired.append(statement)
        raise OperationalError(statement, parameters, sqlite3.OperationalError("database is locked"))


@contextmanager
def locked_once(db: Database) -> Iterator[LockedOnce]:
    trap = LockedOnce()
    event.listen(db.engine, "before_cursor_execute", trap)
    try:
        yield trap
    finally:
        event.remove(db.engine, "before_cursor_execute", trap)


def wait_idle(qtbot: Any, timeout: int = 20_000) -> None:
    """Until every background action of the door has answered on the GUI thread."""
    from workstation.ui import ops

    qtbot.waitUntil(lambda: ops.running() == 0, timeout=timeout)
