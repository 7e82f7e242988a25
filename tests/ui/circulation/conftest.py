"""The desk of the circulation tab tests: a desk librarian at the general lending desk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import make_staff
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import Role
from workstation.ui.circulation.tab import CirculationTab
from workstation.ui.context import AppContext


@pytest.fixture
def desk_ctx(sqlite_db: Database) -> AppContext:
    make_staff(sqlite_db, "root", Role.ADMIN)
    make_staff(sqlite_db, "boss", Role.MANAGER)
    return context_for(sqlite_db, Role.DESK)


class RecordingPlayer:
    """Stands for the system's player: records what the desk asks to hear, plays nothing."""

    def __init__(self) -> None:
        self.sounds: list[str] = []
        self.sentences: list[tuple[str, str]] = []

    def play_sound(self, sound: str, volume: int) -> None:
        self.sounds.append(str(sound))

    def speak(self, text: str, lang: str, volume: int) -> None:
        self.sentences.append((text, lang))


@pytest.fixture
def tab(qtbot, desk_ctx: AppContext, tmp_path: Path) -> CirculationTab:
    widget = CirculationTab(desk_ctx)
    widget.slip_dir = tmp_path
    widget.sound_player = RecordingPlayer()
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def a_day_later(tab: CirculationTab) -> None:
    """The desk's clock a day on: a renewal then moves the due date (a renewal on the lending
    day is refused as too soon)."""
    start = tab.desk.clock
    tab.desk.clock = lambda: start() + dt.timedelta(days=1)
