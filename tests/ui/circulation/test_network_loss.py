"""A branch desk whose line to the shared server is cut: the scan gets the plain message on
the desk's banner in seconds (not a frozen window), nothing is lent, and the same scan works
once the line is back, without restarting."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import make_staff
from tests.netproxy import FlakyLine
from tests.ui.circulation.conftest import RecordingPlayer
from tests.ui.circulation.test_tab import scan, seed
from tests.ui.conftest import context_for
from workstation.db import NETWORK_DEFAULTS, Database
from workstation.models import Role
from workstation.models.circulation import Loan
from workstation.ui.circulation.tab import CirculationTab

pytestmark = pytest.mark.pg


def test_the_desk_says_the_server_is_out_of_reach_and_carries_on_after(qtbot, branch_db: Database,
                                                                        line: FlakyLine, pg_db: Database,
                                                                        tmp_path: Path) -> None:
    make_staff(branch_db, "root", Role.ADMIN)
    ctx = context_for(branch_db, Role.DESK)
    seed(ctx)
    tab = CirculationTab(ctx)
    tab.slip_dir = tmp_path
    tab.sound_player = RecordingPlayer()
    qtbot.addWidget(tab)
    tab.resize(1100, 700)
    tab.show()
    qtbot.waitExposed(tab)
    scan(qtbot, tab, "R0001")
    assert "李华" in tab.reader_info.text()

    line.silence()  # the branch's line goes dead
    began = time.monotonic()
    scan(qtbot, tab, "B001")
    waited = time.monotonic() - began
    assert tab.banner.property("kind") == "error"
    assert "连不上图书馆的服务器" in tab.banner.text() and "没有保存" in tab.banner.text()
    assert waited < NETWORK_DEFAULTS["connect_timeout"] * 2 + 5, f"the desk waited {waited:.1f} s"
    tab.grab().save(str(tmp_path / "desk-line-cut.png"))
    with pg_db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 0

    line.restore()
    scan(qtbot, tab, "R0001")
    scan(qtbot, tab, "B001")
    assert tab.banner.property("kind") == "ok"
    with pg_db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 1
