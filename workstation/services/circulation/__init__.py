"""Circulation services: readers, items, lending, returns, renewals, reservations, rules,
the calendar of closed days, catalogue import and the overdue list. No Qt here.

The bookmobile's sync (services/bookmobile) replays offline work through the use cases
exported here."""

from workstation.services.circulation.holds import place_hold
from workstation.services.circulation.loans import OverrideGrant, checkin, checkout, renew
from workstation.services.circulation.readers import register_reader
from workstation.services.circulation.refusals import OVERRIDABLE, CirculationRefused, Refusal

__all__ = ["OVERRIDABLE", "CirculationRefused", "OverrideGrant", "Refusal", "checkin", "checkout", "place_hold",
           "register_reader", "renew"]
