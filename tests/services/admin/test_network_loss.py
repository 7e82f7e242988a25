"""A branch that loses the network to the shared server: the desk is told so in seconds, in
words a librarian can act on, nothing is half-saved, and it works again when the line is
back. The line is a relay the test breaks (tests/netproxy.py)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.netproxy import FlakyLine
from workstation.db import NETWORK_DEFAULTS, Database
from workstation.errors import DatabaseUnavailable
from workstation.models import ServicePoint, ServicePointKind
from workstation.models.circulation import IdType, Reader, ReaderCategory

pytestmark = pytest.mark.pg


def _count_readers(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(Reader)) or 0


def _desk_point(s: Session) -> int:
    point = s.scalar(select(ServicePoint.id).where(ServicePoint.kind == ServicePointKind.LENDING_DESK))
    assert point is not None
    return int(point)


def test_the_connection_bounds_every_wait(branch_db: Database) -> None:
    with branch_db.engine.connect() as conn:
        params = conn.connection.driver_connection.info.get_parameters()  # type: ignore[union-attr]
    for name, value in NETWORK_DEFAULTS.items():
        assert params.get(name) == str(value), name


def test_a_cut_line_is_said_plainly_and_nothing_is_half_saved(branch_db: Database, line: FlakyLine,
                                                              pg_db: Database) -> None:
    before = _count_readers(branch_db)
    line.reset()  # the open connection in the pool dies
    line.silence()  # and the server cannot be reached again: a dead link
    began = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as caught:
        _count_readers(branch_db)
    waited = time.monotonic() - began
    assert waited < NETWORK_DEFAULTS["connect_timeout"] * 2 + 5, f"the desk waited {waited:.1f} s"
    assert "server cannot be reached" in caught.value.english()
    assert _count_readers(pg_db) == before  # the server itself is fine and unchanged
    line.restore()
    assert _count_readers(branch_db) == before  # the desk works again without a restart


def test_a_reset_in_the_middle_of_a_write_saves_nothing(branch_db: Database, line: FlakyLine, pg_db: Database) -> None:
    before = _count_readers(pg_db)
    with pytest.raises(DatabaseUnavailable), branch_db.begin() as s:
        s.add(Reader(card_number="R-CUT-1", name="李雷", category=ReaderCategory.ADULT,
                     id_type=IdType.RESIDENT_ID, registered_point_id=_desk_point(s),
                     valid_until=dt.date(2030, 1, 1)))
        s.flush()  # the row went to the server, inside the open transaction
        line.reset()  # the line dies before the commit
    assert _count_readers(pg_db) == before
