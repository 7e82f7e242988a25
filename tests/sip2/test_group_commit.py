"""Group commit (SQLite): the messages of a group share one commit, each stays atomic on its
own, and a group whose commit fails keeps nothing and answers nobody."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from workstation.db import Database
from workstation.models import AuditEntry
from workstation.services import audit, retry
from workstation.sip2.group import GroupCommit, GroupedDatabase, Job


def _job(db: Database, n: int, *, fail: bool = False) -> Job:
    def act(session: Session) -> int:
        audit.record(session, None, "group_test", "kiosk", n, {}, workstation="test")
        session.flush()
        if fail:
            raise RuntimeError(f"message {n} broke after writing")
        return n

    def run() -> int:
        return retry.run(db, act)

    return Job(run, lambda: "lost")


def _kept(db: Database) -> list[int | None]:
    with db.begin() as s:
        return list(s.scalars(select(AuditEntry.entity_id).where(AuditEntry.action == "group_test")
                              .order_by(AuditEntry.entity_id)))


def _commits(db: Database) -> list[int]:
    counted = [0]

    def count(_conn: Connection) -> None:
        counted[0] += 1

    event.listen(db.engine, "commit", count)
    return counted


def test_a_group_commits_once_and_a_failing_message_undoes_only_itself(sqlite_db: Database) -> None:
    db = GroupedDatabase.of(sqlite_db)
    commits = _commits(db)
    answers = GroupCommit(db).run([_job(db, 1), _job(db, 2, fail=True), _job(db, 3)])
    assert answers[0] == 1 and answers[2] == 3
    assert isinstance(answers[1], RuntimeError)
    assert commits == [1]
    assert _kept(db) == [1, 3]
    # outside a group the same database commits each transaction on its own
    commits[0] = 0
    with db.begin() as s:
        audit.record(s, None, "group_test", "kiosk", 4, {}, workstation="test")
    assert commits == [1] and _kept(db) == [1, 3, 4]


def test_a_failed_group_commit_keeps_nothing_and_answers_no_one(sqlite_db: Database,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    db = GroupedDatabase.of(sqlite_db)
    real_commit: Callable[[Connection], None] = Connection.commit

    def broken_disk(self: Connection) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Connection, "commit", broken_disk)
    answers = GroupCommit(db).run([_job(db, 1), _job(db, 2)])
    monkeypatch.setattr(Connection, "commit", real_commit)
    assert answers == ["lost", "lost"]
    assert _kept(db) == []
