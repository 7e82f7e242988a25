"""What the desk says aloud: every outcome and every refusal reason → a sound and a sentence.

Qt-free, so the circulation tab, the kiosk and the bookmobile's offline desk share one table.
The sentences are English ``N_()`` templates (translated in the UI, Chinese in the
circulation .ts); the sounds are the names of WAV files in ``workstation/resources/sounds``
(made by ``scripts/make_sounds.py``).

Which outcomes are spoken: every refusal (its reason), a reservation found at a return, and
an offer waiting for Enter (its reason). The others are heard as a sound only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from workstation.errors import N_
from workstation.services.circulation.desk import Kind, Outcome
from workstation.services.circulation.refusals import Refusal


class Sound(enum.StrEnum):
    OK = "ok"  # lent, returned, renewed, a reader greeted: a soft confirmation
    REFUSED = "refused"  # unmistakable
    HOLD = "hold"  # a reservation found at a return: different and longer
    DOUBLE = "double"  # a double scan, ignored
    OFFER = "offer"  # a question waiting for Enter


KIND_SOUNDS: dict[Kind, Sound] = {
    Kind.READER: Sound.OK,
    Kind.LENT: Sound.OK,
    Kind.RETURNED: Sound.OK,
    Kind.RENEWED: Sound.OK,
    Kind.HOLD_FOUND: Sound.HOLD,
    Kind.TRANSIT: Sound.HOLD,  # like a reservation: the book does not go back on this library's shelf
    Kind.RECEIVED: Sound.OK,
    Kind.REFUSED: Sound.REFUSED,
    Kind.OFFER: Sound.OFFER,
    Kind.DOUBLE_SCAN: Sound.DOUBLE,
}

KIND_SENTENCES: dict[Kind, str] = {
    Kind.READER: N_("Reader found."),
    Kind.LENT: N_("Lent."),
    Kind.RETURNED: N_("Returned."),
    Kind.RENEWED: N_("Renewed."),
    Kind.HOLD_FOUND: N_("Reserved: put this book aside."),
    Kind.TRANSIT: N_("Another library's book: put it in the transfer box."),
    Kind.RECEIVED: N_("Received."),
    Kind.REFUSED: N_("Refused."),
    Kind.OFFER: N_("Press Enter to confirm."),
    Kind.DOUBLE_SCAN: N_("Scanned twice."),
}

# Short, to be heard over a queue; the banner has the details.
REFUSAL_SENTENCES: dict[Refusal, str] = {
    Refusal.CARD_UNKNOWN: N_("Card not registered."),
    Refusal.CARD_EXPIRED: N_("The card has expired."),
    Refusal.CARD_LOST: N_("The card is reported lost."),
    Refusal.CARD_BLOCKED: N_("The card is blocked."),
    Refusal.CARD_IN_RETURN_MODE: N_("This is a reader card, not a book."),
    Refusal.ITEM_NEEDS_READER: N_("Scan a reader card first."),
    Refusal.NO_READER: N_("No reader at the desk."),
    Refusal.NOTHING_TO_RENEW: N_("Nothing to renew."),
    Refusal.INVALID_SCAN: N_("Invalid barcode."),
    Refusal.DATABASE_BUSY: N_("The database is busy."),
    Refusal.NOT_POSSIBLE: N_("This cannot be done here."),
    Refusal.WINDOW_OPEN: N_("Close the window first."),
    Refusal.TOO_MANY_LOANS: N_("Loan limit reached."),
    Refusal.OVERDUE_ITEMS: N_("The reader has overdue books."),
    Refusal.ITEM_UNKNOWN: N_("Book not in the catalogue."),
    Refusal.ITEM_UNAVAILABLE: N_("This book cannot be lent."),
    Refusal.ON_LOAN_SAME_READER: N_("Already on loan to this reader."),
    Refusal.ON_LOAN_OTHER_READER: N_("On loan to another reader."),
    Refusal.RESERVED_FOR_OTHER: N_("This book is reserved."),
    Refusal.NOT_ON_LOAN: N_("This book is not on loan."),
    Refusal.RENEWAL_LIMIT: N_("Renewal limit reached."),
    Refusal.NO_LOAN_RULE: N_("No loan rule."),
    Refusal.FEES_OWED: N_("The reader owes fees."),
    Refusal.CARD_REPLACED: N_("This card was replaced."),
    Refusal.RENEW_TOO_SOON: N_("Too soon to renew."),
    Refusal.IN_TRANSIT_ELSEWHERE: N_("In transit to another library."),
}

SPOKEN_KINDS = frozenset({Kind.REFUSED, Kind.HOLD_FOUND, Kind.TRANSIT, Kind.OFFER})


@dataclass(frozen=True)
class Announcement:
    sound: Sound
    sentence: str | None  # an English template to translate and speak, or None: a sound only


def announcement(outcome: Outcome) -> Announcement:
    """The sound of an outcome, and the sentence to speak for it (if any)."""
    kind = outcome.kind
    if outcome.reason is not None and kind is Kind.READER:  # a lost, blocked or expired card
        return Announcement(Sound.REFUSED, REFUSAL_SENTENCES[outcome.reason])
    sound = KIND_SOUNDS[kind]
    if kind not in SPOKEN_KINDS:
        return Announcement(sound, None)
    if outcome.reason is not None:
        return Announcement(sound, REFUSAL_SENTENCES[outcome.reason])
    return Announcement(sound, KIND_SENTENCES[kind])


def sound_path(sound: Sound) -> Path:
    """The shipped WAV file of a sound."""
    return Path(str(resources.files("workstation.resources") / "sounds" / f"{sound.value}.wav"))
