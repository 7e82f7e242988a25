"""Why the desk refuses a loan, return or renewal: a code (which decides the sound, the
offered action and whether a manager may override) and a translated message."""

from __future__ import annotations

import enum
from typing import Any

from workstation.errors import N_, Conflict


class Refusal(enum.StrEnum):
    CARD_UNKNOWN = "card_unknown"
    CARD_EXPIRED = "card_expired"
    CARD_LOST = "card_lost"
    CARD_BLOCKED = "card_blocked"
    CARD_IN_RETURN_MODE = "card_in_return_mode"  # the desk's own reasons (services/circulation/desk.py)
    ITEM_NEEDS_READER = "item_needs_reader"
    NO_READER = "no_reader"
    NOTHING_TO_RENEW = "nothing_to_renew"
    INVALID_SCAN = "invalid_scan"
    DATABASE_BUSY = "database_busy"
    NOT_POSSIBLE = "not_possible"
    WINDOW_OPEN = "window_open"
    TOO_MANY_LOANS = "too_many_loans"
    OVERDUE_ITEMS = "overdue_items"
    ITEM_UNKNOWN = "item_unknown"
    ITEM_UNAVAILABLE = "item_unavailable"
    ON_LOAN_SAME_READER = "on_loan_same_reader"
    ON_LOAN_OTHER_READER = "on_loan_other_reader"
    RESERVED_FOR_OTHER = "reserved_for_other"
    NOT_ON_LOAN = "not_on_loan"
    RENEWAL_LIMIT = "renewal_limit"
    NO_LOAN_RULE = "no_loan_rule"
    FEES_OWED = "fees_owed"  # only where a library setting lets fees block (services/circulation/money.py)
    CARD_REPLACED = "card_replaced"  # a lost card's old number: the reader has a new card
    RENEW_TOO_SOON = "renew_too_soon"  # renewing now would not move the due date (Koha's rule)
    IN_TRANSIT_ELSEWHERE = "in_transit_elsewhere"  # scanned on its way to another library (transfers.py)


# A manager may lift these for the rest of the reader's session at the desk. The others
# have their own remedy (renew, return-and-lend, register the card, catalogue the item).
OVERRIDABLE = frozenset({
    Refusal.CARD_EXPIRED, Refusal.CARD_BLOCKED, Refusal.TOO_MANY_LOANS, Refusal.OVERDUE_ITEMS,
    Refusal.RESERVED_FOR_OTHER, Refusal.RENEWAL_LIMIT, Refusal.FEES_OWED,
})

MESSAGES = {
    Refusal.CARD_UNKNOWN: N_("Card {card} is not registered."),
    Refusal.CARD_EXPIRED: N_("Card {card} of {name} expired on {date}."),
    Refusal.CARD_LOST: N_("Card {card} is reported lost. Keep the card and check the reader's identity."),
    Refusal.CARD_BLOCKED: N_("Card {card} of {name} is blocked."),
    Refusal.CARD_IN_RETURN_MODE: N_("{card} is a reader card ({name}), not an item: nothing was returned."),
    Refusal.ITEM_NEEDS_READER: N_("{barcode} is an item, and no reader is at the desk."),
    Refusal.NO_READER: N_("No reader at the desk."),
    Refusal.NOTHING_TO_RENEW: N_("No loans chosen to renew."),
    Refusal.INVALID_SCAN: N_("{code} is neither a card number nor a barcode."),
    Refusal.DATABASE_BUSY: N_("The database is busy; nothing was saved."),
    Refusal.NOT_POSSIBLE: N_("This cannot be done here."),
    Refusal.WINDOW_OPEN: N_("A window is open, so {code} was not handled. Close the window, then scan again."),
    Refusal.TOO_MANY_LOANS: N_("{name} already has {count} loans of this kind; the limit is {limit}."),
    Refusal.OVERDUE_ITEMS: N_("{name} has {count} overdue items; return them first."),
    Refusal.ITEM_UNKNOWN: N_("Item {barcode} is not in the catalogue."),
    Refusal.ITEM_UNAVAILABLE: N_("Item {barcode} cannot circulate: it is marked {status}."),
    Refusal.ON_LOAN_SAME_READER: N_("Item {barcode} is already on loan to this reader (due {date}). Renew it?"),
    Refusal.ON_LOAN_OTHER_READER: N_("Item {barcode} is on loan to another reader ({card}). "
                                     "Return it first, then lend it?"),
    Refusal.RESERVED_FOR_OTHER: N_("Item {barcode} is reserved for another reader ({card})."),
    Refusal.NOT_ON_LOAN: N_("Item {barcode} is not on loan; nothing to return."),
    Refusal.RENEWAL_LIMIT: N_("Item {barcode} has been renewed {count} times; the limit is {limit}."),
    Refusal.NO_LOAN_RULE: N_("No loan rule for this reader category and collection type; "
                             "a manager can add one."),
    Refusal.FEES_OWED: N_("{name} owes {amount} yuan of overdue fees; they must be paid first."),
    Refusal.CARD_REPLACED: N_("Card {card} was reported lost and replaced by card {new}. Keep the old card."),
    Refusal.RENEW_TOO_SOON: N_("Item {barcode} cannot be renewed yet: renewing now would not move its due date "
                               "({date}). It can be renewed from {first}."),
    Refusal.IN_TRANSIT_ELSEWHERE: N_("Item {barcode} is in transit to {library} ({code}); it was not received "
                                     "here. Send it on to {library} with its transfer slip."),
}


class CirculationRefused(Conflict):
    """A refusal at the desk; ``code`` tells the UI which sound to play and what to offer."""

    def __init__(self, code: Refusal, /, **params: Any) -> None:
        self.code = code
        self.overridable = code in OVERRIDABLE
        super().__init__(MESSAGES[code], **params)


def refuse(code: Refusal, **params: Any) -> CirculationRefused:
    return CirculationRefused(code, **params)
