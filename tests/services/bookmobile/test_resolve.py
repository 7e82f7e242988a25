"""The exceptions' use cases: apply anyway and discard (managers only, with a reason),
fix and retry; the accounting identity after each."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from tests.services.bookmobile.test_sync import lend_at_library, lend_on_bus, open_loans, register_on_bus
from tests.services.bookmobile.trips import Library, assert_balanced, codes, library
from tests.services.bookmobile.trips import soon as later
from workstation.db import Database
from workstation.errors import Conflict, PermissionDenied, ValidationError
from workstation.models import AuditEntry
from workstation.models.circulation import Loan, Reader
from workstation.models.offline import EventState, OfflineEvent
from workstation.services.bookmobile import resolve, sync


def sync_and_first_exception(lib: Library, path: Path) -> str:
    sync.sync_trip(lib.db, lib.desk, path)
    with lib.db.begin() as s:
        rows = resolve.list_exceptions(s, lib.desk)
    assert rows
    return rows[0].event_id


def state(db: Database, event_id: str) -> tuple[str, str, str]:
    with db.begin() as s:
        ev = s.get(OfflineEvent, event_id)
        assert ev is not None
        return ev.state.value, ev.code, ev.resolution


def test_apply_anyway_keeps_the_buss_loan_in_history_and_is_for_managers_only(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, later(60), lib.readers[0], lib.items[0])
    lend_at_library(lib, lib.readers[1], lib.items[0], later(120))
    event_id = sync_and_first_exception(lib, path)
    with pytest.raises(PermissionDenied), db.begin() as s:
        resolve.apply_anyway(s, lib.desk, event_id, "读者确已借走")
    with pytest.raises(ValidationError) as err, db.begin() as s:
        resolve.apply_anyway(s, lib.manager, event_id, " ")
    assert err.value.field == "reason"
    assert state(db, event_id) == ("exception", "NEWER_LOAN_EXISTS", "")
    with db.begin() as s:
        resolve.apply_anyway(s, lib.manager, event_id, "读者确已借走")
    assert state(db, event_id) == ("warning", "FORCED", "forced")
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 2  # the bus's loan, closed when the next began
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "apply_anyway"))
        assert entry is not None and entry.details["reason"] == "读者确已借走"
    assert [card for card, _ in open_loans(db, lib.items[0])] == [lib.readers[1]]
    assert_balanced(db)


def test_apply_anyway_is_refused_where_a_fix_is_needed_and_retry_applies_after_it(db: Database,
                                                                                   tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, later(60), lib.readers[0], lib.items[0])
    with db.begin() as s:
        s.execute(update(Reader).where(Reader.card_number == lib.readers[0]).values(card_number="NEWCARD01"))
    event_id = sync_and_first_exception(lib, path)
    with pytest.raises(Conflict, match="retry"), db.begin() as s:
        resolve.apply_anyway(s, lib.manager, event_id, "试试")
    with db.begin() as s:  # still not fixed: stays an exception
        resolve.retry_event(s, lib.desk, event_id)
    assert state(db, event_id) == ("exception", "READER_NOT_FOUND", "")
    with db.begin() as s:  # the fix: the old card is the reader's again
        s.execute(update(Reader).where(Reader.card_number == "NEWCARD01").values(card_number=lib.readers[0]))
    with db.begin() as s:  # a desk account may retry
        resolve.retry_event(s, lib.desk, event_id)
    assert state(db, event_id) == ("applied", "", "retried")
    assert [card for card, _ in open_loans(db, lib.items[0])] == [lib.readers[0]]
    assert_balanced(db)


def test_discard_needs_a_manager_and_a_reason_and_keeps_the_event(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    lend_on_bus(lib, path, later(60), lib.readers[0], lib.items[0])
    lend_at_library(lib, lib.readers[1], lib.items[0], later(120))
    event_id = sync_and_first_exception(lib, path)
    with pytest.raises(PermissionDenied), db.begin() as s:
        resolve.discard(s, lib.desk, event_id, "重复扫描")
    with pytest.raises(ValidationError), db.begin() as s:
        resolve.discard(s, lib.manager, event_id, "")
    with db.begin() as s:
        resolve.discard(s, lib.manager, event_id, "重复扫描")
    assert state(db, event_id) == ("discarded", "NEWER_LOAN_EXISTS", "discarded")
    with pytest.raises(Conflict), db.begin() as s:  # once
        resolve.discard(s, lib.manager, event_id, "重复扫描")
    totals = assert_balanced(db)
    assert (totals.uploaded, totals.discarded, totals.exceptions) == (1, 1, 0)


def test_a_possible_duplicate_reader_applied_anyway_lets_their_loans_be_retried(db: Database, tmp_path: Path) -> None:
    lib = library(db)
    path = tmp_path / "t.sqlite3"
    card = register_on_bus(lib, path, "X00000003")
    sync.sync_trip(db, lib.desk, path)
    with db.begin() as s:
        rows = resolve.list_exceptions(s, lib.desk)
    assert [(r.kind, r.code, r.forceable) for r in rows] == [("register", "POSSIBLE_DUPLICATE_READER", True),
                                                            ("lend", "EARLIER_EVENT_FAILED", True)]
    with db.begin() as s:
        resolve.apply_anyway(s, lib.manager, rows[0].event_id, "同名同证件号的是其家人，核实为不同读者")
    with db.begin() as s:
        resolve.retry_event(s, lib.desk, rows[1].event_id)
    assert [c[1:] for c in codes(db)] == [("warning", "FORCED"), ("applied", "")]
    assert [c for c, _ in open_loans(db, lib.items[0])] == [card]
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(OfflineEvent)
                        .where(OfflineEvent.state == EventState.EXCEPTION)) == 0
    assert_balanced(db)
