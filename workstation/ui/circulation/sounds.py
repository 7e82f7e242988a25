"""Hearing the desk: its sounds and its spoken reasons, and the page of their settings.

Imported only when the first sound is due (the circulation tab imports this module lazily),
so nothing of it slows the start or the scan path before then.

``Announcer.announce(outcome)`` looks the outcome up in the shared table
(``workstation.services.circulation.announce``), then asks its player to play the sound and
speak the translated sentence. ``SystemPlayer`` never blocks the caller: sounds are started
by a worker thread with the operating system's player (``paplay``/``aplay`` on Linux,
``winsound`` on Windows), sentences are rendered (``services.circulation.speech``, cached)
and played by a second worker thread after the sound. Tests give the tab a recording player.

Settings are the computer's (the QSettings of the desk, not the user's): ``sound/sounds``,
``sound/speech``, ``sound/volume`` (0-100), ``sound/voice`` (``auto``, ``zh_CN``, ``en``).
"""

from __future__ import annotations

import array
import logging
import os
import queue
import shutil
import subprocess
import sys
import threading
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTranslator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from workstation.errors import CONTEXT
from workstation.resources import I18N_DIR
from workstation.services.circulation import speech
from workstation.services.circulation.announce import REFUSAL_SENTENCES, Sound, announcement, sound_path
from workstation.services.circulation.desk import Outcome
from workstation.services.circulation.refusals import Refusal

log = logging.getLogger(__name__)

VOICES = ("auto", "zh_CN", "en")


@dataclass(frozen=True)
class SoundConfig:
    sounds: bool = True
    speech: bool = True
    volume: int = 80  # percent
    voice: str = "auto"  # the language of the program's text, or zh_CN / en

    @classmethod
    def load(cls, settings: QSettings) -> SoundConfig:
        def flag(key: str, default: bool) -> bool:
            value = settings.value(key, default)
            return value if isinstance(value, bool) else str(value).lower() in ("true", "1")

        try:
            volume = max(0, min(100, int(str(settings.value("sound/volume", 80)))))
        except ValueError:
            volume = 80
        voice = str(settings.value("sound/voice", "auto"))
        return cls(flag("sound/sounds", True), flag("sound/speech", True), volume,
                   voice if voice in VOICES else "auto")

    def save(self, settings: QSettings) -> None:
        settings.setValue("sound/sounds", self.sounds)
        settings.setValue("sound/speech", self.speech)
        settings.setValue("sound/volume", self.volume)
        settings.setValue("sound/voice", self.voice)
        settings.sync()


class Player(Protocol):
    def play_sound(self, sound: Sound, volume: int) -> None: ...

    def speak(self, text: str, lang: str, volume: int) -> None: ...


def language_of(text: str) -> str:
    return "zh_CN" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as clip:
        return clip.getnframes() / float(clip.getframerate())


def scaled(path: Path, volume: int, folder: Path) -> Path:
    """``path`` at ``volume`` percent (16-bit WAV), made once in ``folder``."""
    if volume >= 100:
        return path
    out = folder / f"v{volume}" / path.name
    if out.is_file():
        return out
    with wave.open(str(path), "rb") as clip:
        params = clip.getparams()
        frames = array.array("h", clip.readframes(clip.getnframes()))
    if sys.byteorder == "big":
        frames.byteswap()
    frames = array.array("h", (s * volume // 100 for s in frames))
    if sys.byteorder == "big":
        frames.byteswap()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(".part.wav")
    with wave.open(str(partial), "wb") as copy:
        copy.setparams(params)
        copy.writeframes(frames.tobytes())
    partial.replace(out)
    return out


class SystemPlayer:
    """Plays with the operating system, from two worker threads (never the caller's)."""

    def __init__(self) -> None:
        self.voice, self.why_no_voice = speech.find_voice()
        self.program = None if sys.platform == "win32" else (shutil.which("paplay") or shutil.which("aplay"))
        self.silent = bool(os.environ.get("WORKSTATION_SILENT"))  # the test suite: never a real sound
        self.folder = speech.cache_dir()
        self._sounds: queue.Queue[tuple[Sound, int]] = queue.Queue()
        self._sentences: queue.Queue[tuple[str, str, int]] = queue.Queue()
        self._sound_ends = 0.0  # when the last sound started will be over (time.monotonic)
        self._threads: list[threading.Thread] = []

    def _start(self) -> None:
        if not self._threads:
            for target in (self._sound_loop, self._speech_loop):
                thread = threading.Thread(target=target, daemon=True, name=target.__name__)
                thread.start()
                self._threads.append(thread)

    def play_sound(self, sound: Sound, volume: int) -> None:
        self._start()
        self._sounds.put((sound, volume))

    def speak(self, text: str, lang: str, volume: int) -> None:
        if self.voice is None:
            return
        self._start()
        self._sentences.put((text, lang, volume))

    def _play(self, path: Path, wait: bool) -> None:
        if self.silent:
            return
        if sys.platform == "win32":
            import winsound

            flags = winsound.SND_FILENAME | (0 if wait else winsound.SND_ASYNC)
            winsound.PlaySound(str(path), flags)
        elif self.program:
            process = subprocess.Popen([self.program, str(path)], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            if wait:
                process.wait(timeout=30)

    def _sound_loop(self) -> None:
        import time

        while True:
            sound, volume = self._sounds.get()
            try:
                path = scaled(sound_path(sound), volume, self.folder / "sounds")
                self._sound_ends = time.monotonic() + wav_seconds(path)
                self._play(path, wait=False)
            except Exception:  # a sound must never take the desk down
                log.exception("could not play %s", sound)

    def _speech_loop(self) -> None:
        import time

        while True:
            text, lang, volume = self._sentences.get()
            try:
                assert self.voice is not None
                path = scaled(speech.render(self.voice, text, lang, self.folder), volume, self.folder)
                time.sleep(max(0.0, self._sound_ends - time.monotonic()))  # after the sound
                self._play(path, wait=True)
            except Exception:
                log.exception("could not say %r", text)


class Announcer:
    """Outcome → what the player is asked to play and say, by this computer's settings."""

    def __init__(self, settings: QSettings, player: Player | None = None) -> None:
        self.settings = settings
        self.player: Player = player if player is not None else SystemPlayer()
        self.config = SoundConfig.load(settings)
        self._chinese: QTranslator | None = None

    def reload(self) -> None:
        self.config = SoundConfig.load(self.settings)

    def announce(self, outcome: Outcome) -> None:
        heard = announcement(outcome)
        self.play(heard.sound)
        if heard.sentence is not None:
            self.say(heard.sentence)

    def play(self, sound: Sound) -> None:
        if self.config.sounds:
            self.player.play_sound(sound, self.config.volume)

    def say(self, template: str) -> None:
        """Speak an N_() sentence in the chosen voice's language (auto: the program's)."""
        if self.config.speech:
            text = self.sentence(template, self.config.voice)
            self.player.speak(text, language_of(text), self.config.volume)

    def sentence(self, template: str, voice: str) -> str:
        if voice == "en":
            return template
        if voice == "zh_CN":  # Chinese even when the program runs in English
            if self._chinese is None:
                self._chinese = QTranslator()
                self._chinese.load(str(I18N_DIR / "circulation_zh_CN.qm"))
            return self._chinese.translate(CONTEXT, template) or template
        return QCoreApplication.translate(CONTEXT, template)


class SoundSettingsDialog(QDialog):
    """This computer's sounds: on/off, speech on/off, volume, voice, and a Test button."""

    def __init__(self, announcer: Announcer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.announcer = announcer
        self.setWindowTitle(self.tr("Sounds at this desk"))
        config = announcer.config
        self.sounds_box = QCheckBox(self.tr("Play sounds"), objectName="soundsCheck")
        self.sounds_box.setChecked(config.sounds)
        self.speech_box = QCheckBox(self.tr("Say the reason of a refusal aloud"), objectName="speechCheck")
        self.speech_box.setChecked(config.speech)
        self.volume = QSlider(Qt.Orientation.Horizontal, objectName="volumeSlider")
        self.volume.setRange(0, 100)
        self.volume.setValue(config.volume)
        self.voice = QComboBox(objectName="voiceCombo")
        for value, label in (("auto", self.tr("The program's language")), ("zh_CN", self.tr("Chinese")),
                             ("en", self.tr("English"))):
            self.voice.addItem(label, value)
        self.voice.setCurrentIndex(max(0, self.voice.findData(config.voice)))
        self.note = QLabel(objectName="voiceNote")
        self.note.setWordWrap(True)
        voice = getattr(announcer.player, "voice", None)
        why = getattr(announcer.player, "why_no_voice", "")
        if isinstance(announcer.player, SystemPlayer) and voice is None:
            self.note.setText(self.tr("No voice on this computer, so the desk plays sounds alone: {why}")
                              .format(why=QCoreApplication.translate(CONTEXT, why)))
            self.speech_box.setEnabled(False)
        elif voice is not None:
            self.note.setText(self.tr("Voice: {engine}.").format(engine=voice.engine))
        self.test_button = QPushButton(self.tr("Test"), objectName="testSoundButton")
        self.test_button.clicked.connect(self.test)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.sounds_box)
        form.addRow(self.speech_box)
        form.addRow(self.tr("Volume"), self.volume)
        form.addRow(self.tr("Voice"), self.voice)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.test_button)
        layout.addWidget(buttons)

    def chosen(self) -> SoundConfig:
        return SoundConfig(self.sounds_box.isChecked(), self.speech_box.isChecked(), self.volume.value(),
                           str(self.voice.currentData()))

    def test(self) -> None:
        """A refusal as the desk would sound with the settings on the page (not yet saved)."""
        saved = self.announcer.config
        self.announcer.config = self.chosen()
        try:
            self.announcer.play(Sound.REFUSED)
            self.announcer.say(REFUSAL_SENTENCES[Refusal.CARD_EXPIRED])
        finally:
            self.announcer.config = saved

    def accept(self) -> None:
        self.chosen().save(self.announcer.settings)
        self.announcer.reload()
        super().accept()
