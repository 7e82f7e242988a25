"""Synthesise the desk's five sounds into ``workstation/resources/sounds/*.wav``.

    python scripts/make_sounds.py

Small 16-bit mono WAV files at 22050 Hz made from sine tones with soft edges, so they are
ours to ship (CC0; the README beside them says so). Run again after changing a sound below
and commit the files.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

RATE = 22050
OUT = Path(__file__).resolve().parents[1] / "workstation" / "resources" / "sounds"

# name → [(frequency in Hz, seconds)]; frequency 0 is a pause
SOUNDS: dict[str, list[tuple[float, float]]] = {
    "ok": [(880.0, 0.09), (1318.5, 0.12)],  # lent, returned: a soft rising two-note chime
    "refused": [(220.0, 0.16), (0.0, 0.05), (220.0, 0.16), (0.0, 0.05), (220.0, 0.28)],  # low, buzzing
    "hold": [(659.3, 0.18), (0.0, 0.04), (784.0, 0.18), (0.0, 0.04), (987.8, 0.18), (0.0, 0.04),
             (1318.5, 0.5)],  # a reservation found: a longer rising arpeggio
    "double": [(1046.5, 0.05), (0.0, 0.05), (1046.5, 0.05)],  # a double scan: two short ticks
    "offer": [(587.3, 0.14), (880.0, 0.22)],  # a question: up a fifth
}
VOLUME = {"ok": 0.35, "refused": 0.6, "hold": 0.45, "double": 0.3, "offer": 0.4}


def tone(frequency: float, seconds: float, square: bool) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    if frequency == 0:
        return np.zeros_like(t)
    wave_ = np.sin(2 * np.pi * frequency * t)
    if square:  # odd harmonics: harsh, so a refusal cannot be taken for a confirmation
        wave_ += np.sin(2 * np.pi * 3 * frequency * t) / 3 + np.sin(2 * np.pi * 5 * frequency * t) / 5
        wave_ /= np.abs(wave_).max()
    edge = min(len(t) // 4, int(RATE * 0.01))  # 10 ms fades: no clicks
    envelope = np.ones_like(t)
    if edge:
        envelope[:edge] = np.linspace(0, 1, edge)
        envelope[-edge:] = np.linspace(1, 0, edge)
    return wave_ * envelope


def render(name: str) -> np.ndarray:
    parts = [tone(f, s, square=name == "refused") for f, s in SOUNDS[name]]
    return np.concatenate(parts) * VOLUME[name]


def write(path: Path, samples: np.ndarray) -> None:
    data = (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data)


README = """# The desk's sounds

Made by `scripts/make_sounds.py` from sine tones (16-bit mono, {rate} Hz); run it again to
remake them. Dedicated to the public domain: CC0 1.0
(https://creativecommons.org/publicdomain/zero/1.0/).

| File | When |
|---|---|
| ok.wav | lent, returned, renewed, a reader greeted |
| refused.wav | a refusal |
| hold.wav | a reservation found at a return |
| double.wav | a double scan, ignored |
| offer.wav | a question waiting for Enter |
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in SOUNDS:
        write(OUT / f"{name}.wav", render(name))
    (OUT / "README.md").write_text(README.format(rate=RATE), encoding="utf-8")


if __name__ == "__main__":
    main()
