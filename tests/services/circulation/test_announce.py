"""The desk's outcome → sound/sentence table, the shipped sounds and the spoken sentences."""

from __future__ import annotations

import os
import wave
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from workstation.services.circulation import speech
from workstation.services.circulation.announce import (
    KIND_SENTENCES,
    KIND_SOUNDS,
    REFUSAL_SENTENCES,
    Sound,
    announcement,
    sound_path,
)
from workstation.services.circulation.desk import Kind, Outcome
from workstation.services.circulation.refusals import Refusal

TS = Path(__file__).resolve().parents[3] / "workstation" / "resources" / "i18n" / "circulation_zh_CN.ts"


def chinese() -> dict[str, str]:
    """Finished translations of the circulation area's empty context (where N_() goes)."""
    found: dict[str, str] = {}
    for context in ET.parse(TS).getroot().iter("context"):
        if (context.findtext("name") or "") != "":
            continue
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") is None and translation.text:
                found[message.findtext("source") or ""] = translation.text
    return found


def samples(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as clip:
        assert clip.getsampwidth() == 2
        frames = clip.readframes(clip.getnframes())
        data = np.frombuffer(frames, dtype="<i2").reshape(-1, clip.getnchannels())[:, 0]
        return data.astype(float) / 32768, clip.getframerate()


def test_every_outcome_and_reason_has_a_sound_and_a_sentence_in_both_languages() -> None:
    zh = chinese()
    for kind in Kind:
        assert kind in KIND_SOUNDS, kind
        sentence = KIND_SENTENCES[kind]
        assert sentence.strip(), kind
        assert zh.get(sentence, "").strip(), f"no Chinese for {kind}: {sentence!r}"
    for reason in Refusal:
        sentence = REFUSAL_SENTENCES[reason]
        assert sentence.strip(), reason
        assert zh.get(sentence, "").strip(), f"no Chinese for {reason}: {sentence!r}"
    assert zh[REFUSAL_SENTENCES[Refusal.CARD_EXPIRED]] == "读者证已过期"
    assert zh[REFUSAL_SENTENCES[Refusal.TOO_MANY_LOANS]] == "已达借阅上限"
    assert zh[REFUSAL_SENTENCES[Refusal.RESERVED_FOR_OTHER]] == "此书已被预约"


def test_a_refusal_is_heard_with_its_reason_and_a_loan_as_a_sound_only() -> None:
    refused = announcement(Outcome(Kind.REFUSED, "X1", Refusal.TOO_MANY_LOANS))
    assert (refused.sound, refused.sentence) == (Sound.REFUSED, "Loan limit reached.")
    lent = announcement(Outcome(Kind.LENT, "X2"))
    assert (lent.sound, lent.sentence) == (Sound.OK, None)
    hold = announcement(Outcome(Kind.HOLD_FOUND, "X3"))
    assert (hold.sound, hold.sentence) == (Sound.HOLD, KIND_SENTENCES[Kind.HOLD_FOUND])
    expired = announcement(Outcome(Kind.READER, "C1", Refusal.CARD_EXPIRED))
    assert (expired.sound, expired.sentence) == (Sound.REFUSED, "The card has expired.")
    offer = announcement(Outcome(Kind.OFFER, "X4", Refusal.ON_LOAN_SAME_READER))
    assert (offer.sound, offer.sentence) == (Sound.OFFER, "Already on loan to this reader.")
    double = announcement(Outcome(Kind.DOUBLE_SCAN, "X2"))
    assert (double.sound, double.sentence) == (Sound.DOUBLE, None)


def test_the_five_sounds_are_short_audible_and_distinct() -> None:
    shapes = {}
    for sound in Sound:
        data, rate = samples(sound_path(sound))
        seconds = len(data) / rate
        assert np.sqrt(np.mean(data ** 2)) > 0.05, f"{sound} is (nearly) silent"
        assert seconds < (1.5 if sound is Sound.HOLD else 1.0), (sound, seconds)
        spectrum = np.abs(np.fft.rfft(data))
        peak = float(np.fft.rfftfreq(len(data), 1 / rate)[spectrum.argmax()])
        shapes[sound] = (round(seconds, 2), round(peak))
    assert len(set(shapes.values())) == len(Sound), shapes
    # the hold is the longest, the refusal the lowest
    assert max(shapes, key=lambda s: shapes[s][0]) is Sound.HOLD
    assert min(shapes, key=lambda s: shapes[s][1]) is Sound.REFUSED


@pytest.mark.parametrize(("reason", "lang"), [
    (Refusal.CARD_EXPIRED, "zh_CN"), (Refusal.TOO_MANY_LOANS, "zh_CN"), (Refusal.RESERVED_FOR_OTHER, "en"),
])
def test_sentences_are_rendered_to_audible_wav_through_the_desks_path(
        reason: Refusal, lang: str, tmp_path: Path) -> None:
    voice, why = speech.find_voice()
    assert voice is not None, why  # CI installs espeak-ng
    text = REFUSAL_SENTENCES[reason] if lang == "en" else chinese()[REFUSAL_SENTENCES[reason]]
    path = speech.render(voice, text, lang, tmp_path)
    data, rate = samples(path)
    seconds = len(data) / rate
    assert 0.4 < seconds < 6, seconds  # a short sentence, said at a normal pace
    assert np.sqrt(np.mean(data ** 2)) > 0.01
    # the second time it comes from the cache, untouched
    stamp = path.stat().st_mtime_ns
    assert speech.render(voice, text, lang, tmp_path) == path
    assert path.stat().st_mtime_ns == stamp


def test_the_cache_is_in_the_users_cache_folder() -> None:
    assert speech.cache_dir().is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))
