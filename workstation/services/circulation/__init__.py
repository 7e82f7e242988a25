"""Circulation services: readers, items, lending, returns, renewals, reservations, rules,
the calendar of closed days, catalogue import and the overdue list. No Qt here.

The bookmobile's sync (services/bookmobile) replays offline work through the use cases
exported here."""

from workstation.services.circulation.holds import place_hold
from workstation.services.circulation.items import (
    parse_collection_type,
    validate_barcode,
    validate_call_number,
    validate_isbn,
)
from workstation.services.circulation.loans import (
    Looked,
    LookedReturn,
    OverrideGrant,
    checkin,
    checkout,
    expire_cached,
    look_up,
    look_up_return,
    renew,
)
from workstation.services.circulation.readers import (
    parse_id_type,
    register_reader,
    validate_card_number,
    validate_deposit,
    validate_id_number,
    validate_name,
    validate_phone,
    validate_valid_until,
)
from workstation.services.circulation.refusals import OVERRIDABLE, CirculationRefused, Refusal

__all__ = ["OVERRIDABLE", "CirculationRefused", "Looked", "LookedReturn", "OverrideGrant", "Refusal", "checkin",
           "checkout", "expire_cached", "look_up", "look_up_return",
           "parse_collection_type", "parse_id_type", "place_hold", "register_reader", "renew",
           "validate_barcode", "validate_call_number", "validate_card_number", "validate_deposit",
           "validate_id_number", "validate_isbn", "validate_name", "validate_phone", "validate_valid_until"]
