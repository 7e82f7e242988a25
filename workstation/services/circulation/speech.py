"""Speaking the desk's sentences: render a sentence to a WAV file once, keep it in the cache.

Qt-free and with no playing of its own: the UI's player (``workstation.ui.circulation.sounds``)
plays the files. One code path for every voice:

- Linux (and anything with it): ``espeak-ng -v cmn`` for Chinese, ``-v en`` for English;
- Windows: the system's own voice (SAPI through ``System.Speech``) from a short PowerShell
  call, Chinese when a zh-CN voice is installed (as on a Chinese Windows desk PC).

Where neither exists, ``find_voice`` says why and the desk plays sounds alone.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from workstation import APP_NAME
from workstation.errors import N_

ESPEAK_VOICES = {"zh_CN": "cmn", "en": "en"}
WINDOWS_CULTURES = {"zh_CN": "zh-CN", "en": "en-US"}
TIMEOUT = 20  # seconds to render one sentence; espeak-ng takes a few hundredths


@dataclass(frozen=True)
class Voice:
    engine: str  # "espeak-ng" or "windows"
    program: str  # the program to run


def find_voice() -> tuple[Voice | None, str]:
    """The voice of this computer, or None and why (an N_() template, for the settings page)."""
    if sys.platform == "win32":
        shell = shutil.which("powershell") or shutil.which("powershell.exe")
        if shell:
            return Voice("windows", shell), ""
        return None, N_("PowerShell was not found, so Windows' voice cannot be used.")
    program = shutil.which("espeak-ng")
    if program:
        return Voice("espeak-ng", program), ""
    return None, N_("No speech program was found: install espeak-ng.")


def cache_dir() -> Path:
    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / "speech"


def _ps_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def command(voice: Voice, text: str, lang: str, out: Path, rate: int = 0) -> list[str]:
    """The command line that writes ``text`` spoken in ``lang`` to ``out``."""
    if voice.engine == "espeak-ng":
        return [voice.program, "-v", ESPEAK_VOICES.get(lang, "en"), "-s", str(175 + rate * 20),
                "-w", str(out), text]
    culture = WINDOWS_CULTURES.get(lang, "en-US")
    script = (
        "Add-Type -AssemblyName System.Speech;"
        "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer;"
        f"$v = $s.GetInstalledVoices() | Where-Object {{ $_.VoiceInfo.Culture.Name -eq {_ps_quote(culture)} }}"
        " | Select-Object -First 1;"
        "if ($v) { $s.SelectVoice($v.VoiceInfo.Name) };"
        f"$s.Rate = {rate};"
        f"$s.SetOutputToWaveFile({_ps_quote(str(out))});"
        f"$s.Speak({_ps_quote(text)});"
        "$s.Dispose()"
    )
    return [voice.program, "-NoProfile", "-NonInteractive", "-Command", script]


def render(voice: Voice, text: str, lang: str, folder: Path | None = None, rate: int = 0) -> Path:
    """The WAV file of ``text`` spoken in ``lang``: made once, then taken from the cache.

    Blocking (a few hundredths of a second with espeak-ng): call it from a worker thread.
    Raises ``OSError``/``subprocess.SubprocessError`` when the voice fails.
    """
    folder = folder or cache_dir()
    key = hashlib.sha256(f"{voice.engine}|{lang}|{rate}|{text}".encode()).hexdigest()[:24]
    path = folder / f"{key}.wav"
    if path.is_file() and path.stat().st_size > 44:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part.wav")
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    subprocess.run(command(voice, text, lang, partial, rate), check=True, timeout=TIMEOUT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, creationflags=flags)
    partial.replace(path)
    return path
