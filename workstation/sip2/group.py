"""Group commit for SQLite: the kiosk messages waiting at one moment share one commit.

SQLite has one writer at a time, and with ``synchronous=FULL`` every commit waits for the
disk (an fsync of the write-ahead log). Under many kiosks that wait, paid once per message
by a single writer, was a quarter of each message's time, and every kiosk queued behind it.

So the server's one SQLite worker takes the messages that are waiting (up to ``MAX_GROUP``,
in the order they came), opens ONE transaction holding the write lock, and runs each
message as usual, except that each of the message's own transactions (``db.begin()``, so
``retry.run`` and the ``DeskSession`` alike) is a SAVEPOINT inside it: a message still
commits or rolls back as a whole, alone (a refusal or a crash in one message undoes that
message only). Then one commit makes the whole group durable, and only then are the answers
sent: no kiosk hears "lent" before its loan is on disk.

If the group's commit fails (a full or broken disk), nothing of the group was kept: its
kiosks get no answer and their connections are closed, so they reconnect and try again with
a fresh session (no remembered answer, no remembered reader). If the write lock cannot be
had (another program keeps the database busy), the messages run one by one as before, each
in its own transaction with the usual retries.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from workstation.db import Database

log = logging.getLogger("workstation.sip2")

MAX_GROUP = 16  # messages in one commit at most
# takes SQLite's write lock at once (as retry.run does for a write), for the whole group
_TAKE_WRITE_LOCK = text("UPDATE service_point SET id = id WHERE 1 = 0")


class GroupedDatabase(Database):
    """The server's database: inside ``GroupCommit.run`` (on that thread) every transaction
    is a savepoint of the group's transaction; elsewhere a transaction of its own."""

    _local: threading.local

    @classmethod
    def of(cls, db: Database) -> GroupedDatabase:
        grouped = cls(db.url, db.engine, db.backup_path, db.upgraded_from)
        grouped._local = threading.local()
        return grouped

    @property
    def group_connection(self) -> Connection | None:
        return getattr(self._local, "connection", None)

    @contextlib.contextmanager
    def joined(self, connection: Connection) -> Iterator[None]:
        self._local.connection = connection
        try:
            yield
        finally:
            self._local.connection = None

    def _transaction(self) -> AbstractContextManager[Session]:
        connection = self.group_connection
        if connection is None:
            return super()._transaction()
        return _savepoint(connection)


@contextlib.contextmanager
def _savepoint(connection: Connection) -> Iterator[Session]:
    with Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False) as session, \
            session.begin():
        yield session


@dataclass
class Job:
    """One message of one kiosk: ``run`` is ``KioskConnection.handle`` on its frame."""

    run: Callable[[], object]
    lost: Callable[[], object]  # the answer when the group's commit failed


class GroupCommit:
    def __init__(self, db: GroupedDatabase) -> None:
        self.db = db

    def run(self, jobs: list[Job]) -> list[object]:
        """Answers in the order of ``jobs``; exceptions are returned, not raised."""
        try:
            connection = self.db.engine.connect()
        except OperationalError as exc:
            log.warning("group commit: no connection (%s); messages run one by one", exc.orig)
            return [_call(job.run) for job in jobs]
        with connection:
            try:
                connection.begin()
                connection.execute(_TAKE_WRITE_LOCK)
            except OperationalError as exc:
                log.warning("group commit: database busy (%s); messages run one by one", exc.orig)
                connection.rollback()
                return [_call(job.run) for job in jobs]
            with self.db.joined(connection):
                answers = [_call(job.run) for job in jobs]
            try:
                connection.commit()
            except Exception:
                log.exception("group commit failed: %d messages undone, their kiosks are disconnected", len(jobs))
                with contextlib.suppress(Exception):
                    connection.rollback()
                return [_call(job.lost) for job in jobs]
        return answers


def _call(action: Callable[[], object]) -> object:
    try:
        return action()
    except Exception as exc:  # the caller closes that kiosk's connection, as without grouping
        return exc
