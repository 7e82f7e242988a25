"""The idle lock: a desk left alone locks itself, and only the password opens it again.

``IdlePolicy`` is the clock logic without Qt (the UI feeds it user activity and asks it,
every few seconds, whether to lock); ``unlock_session`` checks the password the same way
a login does (failed tries count towards the account's lockout and are audited).
The idle time is a library setting (``idle_lock_minutes``, 10 by default).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from workstation.errors import N_, ValidationError
from workstation.models import LibrarySetting, Role
from workstation.services import audit
from workstation.services.admin import auth
from workstation.services.context import Actor, require_role

IDLE_KEY = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 10
MAX_IDLE_MINUTES = 240


def idle_minutes(session: Session) -> int:
    setting = session.get(LibrarySetting, IDLE_KEY)
    if setting is None:
        return DEFAULT_IDLE_MINUTES
    try:
        return parse_minutes(setting.value)
    except ValidationError:
        return DEFAULT_IDLE_MINUTES


def parse_minutes(value: int | str) -> int:
    try:
        minutes = int(str(value).strip())
    except ValueError:
        raise ValidationError("minutes", N_("Idle lock: give a whole number of minutes.")) from None
    if not 1 <= minutes <= MAX_IDLE_MINUTES:
        raise ValidationError("minutes", N_("Idle lock: from 1 to {n} minutes."), n=MAX_IDLE_MINUTES)
    return minutes


def set_idle_minutes(session: Session, actor: Actor, minutes: int | str) -> int:
    """Administrators set after how many idle minutes a desk locks."""
    require_role(actor, Role.ADMIN)
    minutes = parse_minutes(minutes)
    old = idle_minutes(session)
    setting = session.get(LibrarySetting, IDLE_KEY)
    if setting is not None and setting.value == str(minutes):
        return minutes
    if setting is None:
        session.add(LibrarySetting(key=IDLE_KEY, value=str(minutes)))
    else:
        setting.value = str(minutes)
    audit.record(session, actor, "update", "library_setting", None, {"key": IDLE_KEY, "old": old, "new": minutes})
    return minutes


@dataclass
class IdlePolicy:
    """When to lock. Times are seconds of a monotonic clock (``time.monotonic()``)."""

    timeout: dt.timedelta = field(default_factory=lambda: dt.timedelta(minutes=DEFAULT_IDLE_MINUTES))
    last_activity: float = 0.0
    locked: bool = False

    def touch(self, now: float) -> None:
        """The user did something: the idle time starts again (not while locked)."""
        if not self.locked:
            self.last_activity = now

    def idle_for(self, now: float) -> float:
        return max(0.0, now - self.last_activity)

    def check(self, now: float) -> bool:
        """True when the desk is (now) locked."""
        if not self.locked and self.idle_for(now) >= self.timeout.total_seconds():
            self.locked = True
        return self.locked

    def unlocked(self, now: float) -> None:
        self.locked = False
        self.last_activity = now


def unlock_session(session: Session, actor: Actor, password: str) -> auth.LoginFailed | None:
    """Check the locked session's own password. Returns the refusal (to show) or ``None``;
    the caller commits either way, so a wrong password counts like a failed login."""
    outcome = auth.login(session, actor.username, password, service_point_id=actor.service_point_id,
                         workstation=actor.workstation)
    if outcome.actor is None:
        assert outcome.error is not None
        return outcome.error
    if outcome.actor.staff_id != actor.staff_id:  # pragma: no cover - the username is the actor's own
        return auth.LoginFailed(N_("Wrong username or password."))
    return None
