"""The desk heard: a refusal's sound and reason requested once each, the player never in the
way of the next scan, the settings page, and the audio stack left unimported at start."""

from __future__ import annotations

import subprocess
import sys
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QPushButton, QSlider

from tests.ui.circulation.conftest import RecordingPlayer
from tests.ui.circulation.test_tab import column, scan, seed, settle
from workstation.services.circulation import speech
from workstation.services.circulation.announce import Sound
from workstation.ui.circulation.sounds import Announcer, SoundConfig, SoundSettingsDialog, SystemPlayer
from workstation.ui.circulation.tab import CirculationTab
from workstation.ui.context import AppContext


def player_of(tab: CirculationTab) -> RecordingPlayer:
    assert isinstance(tab.sound_player, RecordingPlayer)
    return tab.sound_player


def test_a_refused_item_is_heard_once_and_the_next_scan_goes_on(qtbot, tab: CirculationTab,
                                                               desk_ctx: AppContext) -> None:
    seed(desk_ctx)
    player = player_of(tab)
    scan(qtbot, tab, "R0001")
    assert player.sounds == ["ok"] and player.sentences == []
    scan(qtbot, tab, "X404", wait=False)  # not in the catalogue: refused
    scan(qtbot, tab, "B001", wait=False)  # scanned straight after, before the first is drawn
    settle(qtbot, tab)
    assert player.sounds == ["ok", "refused", "ok"]
    assert player.sentences == [("此书不在目录中", "zh_CN")]  # once, in the program's language
    assert column(tab.loans_table) == ["B001"]


def test_sounds_and_speech_follow_this_computers_settings(qtbot, tab: CirculationTab,
                                                          desk_ctx: AppContext) -> None:
    seed(desk_ctx)
    player = player_of(tab)
    scan(qtbot, tab, "R0001")
    dialog = tab.open_sound_settings()
    assert isinstance(dialog, SoundSettingsDialog)
    dialog.findChild(QCheckBox, "speechCheck").setChecked(False)
    dialog.findChild(QSlider, "volumeSlider").setValue(40)
    voice = dialog.findChild(QComboBox, "voiceCombo")
    voice.setCurrentIndex(voice.findData("en"))
    qtbot.mouseClick(dialog.findChild(QPushButton, "testSoundButton"), Qt.MouseButton.LeftButton)
    assert player.sounds[-1] == "refused" and player.sentences == []  # speech off on the page
    dialog.accept()
    assert SoundConfig.load(desk_ctx.settings) == SoundConfig(sounds=True, speech=False, volume=40, voice="en")
    scan(qtbot, tab, "X404")
    assert player.sounds[-1] == "refused" and player.sentences == []
    desk_ctx.settings.setValue("sound/sounds", False)
    desk_ctx.settings.setValue("sound/speech", True)
    tab.announcer().reload()
    before = len(player.sounds)
    scan(qtbot, tab, "X405")
    assert len(player.sounds) == before and player.sentences == [("Book not in the catalogue.", "en")]
    desk_ctx.settings.setValue("sound/voice", "zh_CN")
    tab.announcer().reload()
    scan(qtbot, tab, "X406")
    assert player.sentences[-1] == ("此书不在目录中", "zh_CN")


def test_the_system_player_never_blocks_and_renders_into_the_cache(desk_ctx: AppContext) -> None:
    player = SystemPlayer()  # silent in tests (WORKSTATION_SILENT): renders, plays nothing
    assert player.silent and player.voice is not None, player.why_no_voice
    announcer = Announcer(desk_ctx.settings, player)
    started = time.perf_counter()
    announcer.play(Sound.REFUSED)
    announcer.say("The card has expired.")
    assert time.perf_counter() - started < 0.02  # handed to the worker threads
    folder = speech.cache_dir()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(p.name.endswith(".wav") and ".part" not in p.name
                                                  for p in folder.glob("*.wav")):
        time.sleep(0.02)
    assert [p for p in folder.glob("*.wav") if ".part" not in p.name]
    assert list((folder / "sounds" / "v80").glob("refused.wav"))  # the sound at the chosen volume


def test_a_sound_starts_within_100_ms_of_being_asked(desk_ctx: AppContext, monkeypatch) -> None:
    player = SystemPlayer()
    started: list[float] = []
    monkeypatch.setattr(player, "_play", lambda path, wait: started.append(time.perf_counter()))
    asked = time.perf_counter()
    player.play_sound(Sound.HOLD, 55)  # the longest sound, at a volume not made before
    deadline = time.monotonic() + 5
    while not started and time.monotonic() < deadline:
        time.sleep(0.001)
    assert started and started[0] - asked < 0.1, started


def test_nothing_of_the_audio_stack_is_imported_with_the_tab() -> None:
    code = ("import sys, workstation.ui.circulation.tab, workstation.ui.main_window; "
            "print(sorted(m for m in sys.modules if m.endswith(('.sounds', '.speech', '.announce')) "
            "or m in ('winsound', 'wave')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
