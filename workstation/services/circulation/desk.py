"""The desk as a session without Qt: what a lending desk remembers between scans, and what
one scanned code does.

A ``DeskSession`` belongs to one desk (a staff member, or later a kiosk, at a service point,
with a clock). It remembers the mode (lend or return), the reader being served, the
managers' overrides granted for that reader, the pending offer and the last refusal.
``scan(code)`` normalises the code once, decides once — in one transaction, with one
look-up of both the catalogue and the cards — whether it is a reader card or an item, runs
the one use case that follows, and answers with an ``Outcome``:

=============  =================================================================
``READER``     a reader's card: the reader is now served (``panel``); a lost,
               blocked or expired card is shown too, with its ``reason``
``LENT``       an item lent (``line``; after "return and lend" also ``returned``)
``RETURNED``   an item returned (``returned``)
``HOLD_FOUND`` an item returned (or received) that a reader reserved: put it aside (``slip``)
``TRANSIT``    an item returned that goes to another library: put it in the transfer
               box with its slip (``returned.transfer``, or ``received.onward``)
``RECEIVED``   an item in transit received at its destination: shelve it (``received``)
``RENEWED``    loans renewed (``renewed``)
``REFUSED``    nothing done: ``reason`` (a ``Refusal``), ``error`` (the message)
               and ``way_out`` (what the person at the desk can do about it)
``OFFER``      a question: the item is on loan already; ``offer`` says what
               ``accept_offer()`` would do (renew it, or return it from the other
               reader and lend it); ``decline_offer()`` or any scan drops it
``DOUBLE_SCAN`` the same code again within two seconds: ignored
=============  =================================================================

The session never raises for what happens at a desk: a ``WorkstationError`` becomes a
``REFUSED`` outcome. Methods whose caller shows a form (``grant_override``,
``register_reader``, ``search_readers``) raise it instead, so that the form can name the
field. Anything else is a bug and propagates.

Every transaction goes through ``self.run`` (by default ``retry.run``: run again from the
start while another desk holds the database). The session's state changes only after a
transaction committed, so a retried run never counts a loan twice. A session is used by one
thread at a time.

Clients: the circulation tab (``ui/circulation/tab.py``), the SIP2 kiosk server and the
bookmobile's offline desk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter

from workstation import timeutil
from workstation.db import Database
from workstation.errors import N_, DatabaseUnavailable, ValidationError, WorkstationError
from workstation.models import BookmobileStop
from workstation.models.circulation import Item, Reader, ReaderStatus
from workstation.services import retry
from workstation.services.circulation import loans, pins, readers
from workstation.services.circulation.holds import HoldSlip
from workstation.services.circulation.loans import CheckinResult, LoanLine, OverrideGrant, ReaderPanel, RenewResult
from workstation.services.circulation.readers import ReaderView
from workstation.services.circulation.refusals import OVERRIDABLE, CirculationRefused, Refusal
from workstation.services.circulation.transfers import Received, TransferSlip
from workstation.services.context import Actor
from workstation.services.text import normalize_identifier

__all__ = [
    "DOUBLE_SCAN_SECONDS", "WAYS_OUT", "DeskSession", "Granted", "Kind", "Mode", "OfferChoice", "Outcome",
    "Refusal", "WayOut",
]

T = TypeVar("T")
DOUBLE_SCAN_SECONDS = 2.0


class Mode(enum.StrEnum):
    LEND = "lend"
    RETURN = "return"


class Kind(enum.StrEnum):
    """What a scan or a key at the desk came to (see the module's table)."""

    READER = "reader"
    LENT = "lent"
    RETURNED = "returned"
    HOLD_FOUND = "hold_found"
    TRANSIT = "transit"
    RECEIVED = "received"
    RENEWED = "renewed"
    REFUSED = "refused"
    OFFER = "offer"
    DOUBLE_SCAN = "double_scan"


class OfferChoice(enum.StrEnum):
    """What accepting an offer does."""

    RENEW = "renew"  # the reader at the desk has it already: renew it
    RETURN_AND_LEND = "return_and_lend"  # another reader has it: return it from them, lend it to this one


class WayOut(enum.StrEnum):
    """What the person at the desk can do about a refusal (the UI names its key or button)."""

    REGISTER = "register"
    SEARCH = "search"
    EXTEND_CARD = "extend_card"
    MANAGER_OVERRIDE = "manager_override"
    CHECK_IDENTITY = "check_identity"
    RETURN_OVERDUE = "return_overdue"
    RETURN_SOME = "return_some"
    CATALOGUE_ITEM = "catalogue_item"
    SET_ITEM_ASIDE = "set_item_aside"
    RENEW = "renew"
    RETURN_AND_LEND = "return_and_lend"
    SHELVE = "shelve"
    ADD_LOAN_RULE = "add_loan_rule"
    SCAN_CARD = "scan_card"
    SWITCH_TO_RETURN = "switch_to_return"
    SWITCH_TO_LEND = "switch_to_lend"
    CHOOSE_LOANS = "choose_loans"
    SCAN_AGAIN = "scan_again"
    CLOSE_WINDOW = "close_window"
    ASK_ADMINISTRATOR = "ask_administrator"
    PAY_FEES = "pay_fees"
    RENEW_LATER = "renew_later"


# The way out of every refusal, in one place (a test checks that none is missing).
WAYS_OUT: dict[Refusal, tuple[WayOut, ...]] = {
    Refusal.CARD_UNKNOWN: (WayOut.REGISTER, WayOut.SEARCH),
    Refusal.CARD_EXPIRED: (WayOut.EXTEND_CARD, WayOut.MANAGER_OVERRIDE),
    Refusal.CARD_LOST: (WayOut.CHECK_IDENTITY,),
    Refusal.CARD_BLOCKED: (WayOut.MANAGER_OVERRIDE,),
    Refusal.CARD_IN_RETURN_MODE: (WayOut.SWITCH_TO_LEND,),
    Refusal.ITEM_NEEDS_READER: (WayOut.SCAN_CARD, WayOut.SWITCH_TO_RETURN),
    Refusal.NO_READER: (WayOut.SCAN_CARD,),
    Refusal.NOTHING_TO_RENEW: (WayOut.CHOOSE_LOANS,),
    Refusal.INVALID_SCAN: (WayOut.SCAN_AGAIN,),
    Refusal.DATABASE_BUSY: (WayOut.SCAN_AGAIN,),
    Refusal.NOT_POSSIBLE: (WayOut.ASK_ADMINISTRATOR,),
    Refusal.WINDOW_OPEN: (WayOut.CLOSE_WINDOW,),
    Refusal.TOO_MANY_LOANS: (WayOut.RETURN_SOME, WayOut.MANAGER_OVERRIDE),
    Refusal.OVERDUE_ITEMS: (WayOut.RETURN_OVERDUE, WayOut.MANAGER_OVERRIDE),
    Refusal.ITEM_UNKNOWN: (WayOut.CATALOGUE_ITEM,),
    Refusal.ITEM_UNAVAILABLE: (WayOut.SET_ITEM_ASIDE,),
    Refusal.ON_LOAN_SAME_READER: (WayOut.RENEW,),
    Refusal.ON_LOAN_OTHER_READER: (WayOut.RETURN_AND_LEND,),
    Refusal.RESERVED_FOR_OTHER: (WayOut.SET_ITEM_ASIDE, WayOut.MANAGER_OVERRIDE),
    Refusal.NOT_ON_LOAN: (WayOut.SHELVE,),
    Refusal.RENEWAL_LIMIT: (WayOut.MANAGER_OVERRIDE,),
    Refusal.NO_LOAN_RULE: (WayOut.ADD_LOAN_RULE,),
    Refusal.FEES_OWED: (WayOut.PAY_FEES, WayOut.MANAGER_OVERRIDE),
    Refusal.CARD_REPLACED: (WayOut.CHECK_IDENTITY,),
    Refusal.RENEW_TOO_SOON: (WayOut.RENEW_LATER,),
    Refusal.IN_TRANSIT_ELSEWHERE: (WayOut.SET_ITEM_ASIDE,),
}


@dataclass(frozen=True)
class Outcome:
    """One answer of the desk. Only the fields of its ``kind`` are set."""

    kind: Kind
    code: str = ""  # the normalised code scanned ("" for a key)
    reason: Refusal | None = None  # REFUSED, OFFER; READER with a lost, blocked or expired card
    error: WorkstationError | None = None  # the message of ``reason`` (English template + parameters)
    way_out: tuple[WayOut, ...] = ()
    panel: ReaderPanel | None = None  # the reader at the desk, when this outcome (re)loaded them
    line: LoanLine | None = None  # LENT
    returned: CheckinResult | None = None  # RETURNED, HOLD_FOUND, TRANSIT; LENT after return-and-lend
    received: Received | None = None  # RECEIVED; HOLD_FOUND or TRANSIT after a receipt
    renewed: tuple[RenewResult, ...] = ()  # RENEWED; REFUSED after some of several renewals
    refused_renewals: int = 0
    offer: OfferChoice | None = None  # OFFER
    notice: WorkstationError | None = None  # READER after registering: a warning (a shared phone)

    @property
    def slip(self) -> HoldSlip | None:
        """HOLD_FOUND: the slip to put in the item set aside."""
        if self.received is not None:
            return self.received.hold
        return self.returned.hold if self.returned is not None else None

    @property
    def transfer(self) -> TransferSlip | None:
        """TRANSIT: the transfer slip to put in the item sent to another library."""
        if self.received is not None:
            return self.received.onward
        return self.returned.transfer if self.returned is not None else None

    @property
    def overridable(self) -> bool:
        return WayOut.MANAGER_OVERRIDE in self.way_out


@dataclass(frozen=True)
class Granted:
    """A manager's override, and what the desk did next: the refused item scanned again."""

    grant: OverrideGrant
    then: Outcome | None


class Runner(Protocol):
    def __call__(self, action: Callable[[Session], T], *, writes: bool = True) -> T: ...


# One round trip decides what a code is: an item's barcode, a reader's card, both or neither.
_CODE: BindParameter[str] = bindparam("code")
_CLASSIFY = select(select(Item.id).where(Item.barcode == _CODE).scalar_subquery(),
                   select(Reader.id).where(Reader.card_number == _CODE).scalar_subquery())


def _classify(session: Session, code: str) -> tuple[bool, int | None]:
    """(is an item's barcode, the id of the reader whose card it is), one indexed look-up each."""
    item_id, reader_id = session.connection().execute(_CLASSIFY, {"code": code}).one()
    return item_id is not None, reader_id


class DeskSession:
    """One desk's memory between scans. See the module's documentation.

    ``actor`` is who acts (their ``service_point_id`` is the desk's service point unless
    ``service_point_id`` is given); ``stop_id`` the bookmobile's stop (may change between
    scans); ``clock`` gives the time of every loan, return and renewal, and of double-scan
    detection; ``runner`` runs one action in one transaction (default: ``retry.run`` on
    ``db``).
    """

    def __init__(self, db: Database, actor: Actor, *, service_point_id: int | None = None,
                 stop_id: int | None = None, clock: Callable[[], dt.datetime] = timeutil.now_utc,
                 runner: Runner | None = None) -> None:
        self.db = db
        self.actor = actor if service_point_id is None else actor.at(service_point_id)
        self.stop_id = stop_id
        self.clock = clock
        self.run: Runner = runner or self._retrying
        self.mode = Mode.LEND
        self.reader: ReaderView | None = None
        self.grants: list[OverrideGrant] = []
        self.lent: list[LoanLine] = []  # lent to this reader since their card was scanned (the loan slip)
        self.offer: Outcome | None = None
        self.last_refusal: Outcome | None = None
        self._rescan = ""  # the item whose refusal a manager may lift: scanned again after the grant
        self._last_scan: tuple[Mode, str, float] | None = None

    def _retrying(self, action: Callable[[Session], T], *, writes: bool = True) -> T:
        return retry.run(self.db, action, writes=writes)

    @property
    def reader_id(self) -> int | None:
        return self.reader.id if self.reader is not None else None

    # -- keys ------------------------------------------------------------------------------

    def set_mode(self, mode: Mode | str) -> None:
        """Lend or return. The reader's session ends: the next person is served afresh."""
        self.end_reader()
        self.mode = Mode(mode)

    def end_reader(self) -> None:
        """Finish this reader: overrides, offer and refusal end with them."""
        self.reader = None
        self.grants = []
        self.lent = []
        self._forget()
        self._last_scan = None

    def _forget(self) -> None:
        self.offer = None
        self.last_refusal = None
        self._rescan = ""

    def forget_last_scan(self) -> None:
        """The next scan of the same code is not a double scan."""
        self._last_scan = None

    # -- scanning ---------------------------------------------------------------------------

    def scan(self, raw: str, *, scanned_at: dt.datetime | None = None) -> Outcome:
        """A code scanned or typed at the desk (see the module's table of outcomes).
        ``scanned_at`` is when the scanner sent it, if it waited in a queue (double scans are
        judged by that moment); the loan's time is the clock's when it is made."""
        code = normalize_identifier(raw)
        if not code:
            return self._refused("", CirculationRefused(Refusal.INVALID_SCAN, code=raw.strip()))
        if self._is_double(code, scanned_at or self.clock()):
            return Outcome(Kind.DOUBLE_SCAN, code)
        self._forget()
        mode, reader_id, grants, now = self.mode, self.reader_id, tuple(self.grants), self.clock()
        try:
            outcome = self.run(lambda s: self._scan(s, code, mode, reader_id, grants, now))
        except WorkstationError as err:
            return self._refused(code, err, rescan=code if reader_id is not None and mode is Mode.LEND else "")
        return self._apply(outcome)

    def _is_double(self, code: str, at: dt.datetime) -> bool:
        now = at.timestamp()
        last, self._last_scan = self._last_scan, (self.mode, code, now)
        return last is not None and last[:2] == (self.mode, code) and now - last[2] <= DOUBLE_SCAN_SECONDS

    def _scan(self, s: Session, code: str, mode: Mode, reader_id: int | None,
              grants: Sequence[OverrideGrant], now: dt.datetime) -> Outcome:
        if mode is Mode.RETURN:
            # an item's barcode is returned (or received) at once; only a code that is no
            # item's is looked up among the cards (a card scanned in return mode): one round
            # trip less per return
            try:
                back = loans.return_or_receive(s, self.actor, code, stop_id=self.stop_id, now=now)
            except (CirculationRefused, ValidationError) as err:
                if (err.code is Refusal.ITEM_UNKNOWN if isinstance(err, CirculationRefused)
                        else err.field == "barcode"):
                    is_item, card_of = _classify(s, code)
                    if not is_item and card_of is not None:
                        name = s.scalar(select(Reader.name).where(Reader.id == card_of)) or ""
                        raise CirculationRefused(Refusal.CARD_IN_RETURN_MODE, card=code, name=name) from None
                raise
            if isinstance(back, Received):
                kind = Kind.HOLD_FOUND if back.hold else Kind.TRANSIT if back.onward else Kind.RECEIVED
                return Outcome(kind, code, received=back)
            kind = Kind.HOLD_FOUND if back.hold else Kind.TRANSIT if back.transfer else Kind.RETURNED
            return Outcome(kind, code, returned=back)
        if reader_id is not None:
            # a reader is served: an item's barcode (the usual scan) is lent with the rows the
            # checkout reads anyway; only a code that is no item's is looked up among the cards
            looked = loans.look_up(s, self.actor, code, reader_id=reader_id, stop_id=self.stop_id,
                                   today=timeutil.local_day(now))
            if looked.item is not None:
                lent = loans.checkout(s, self.actor, reader_id, code, overrides=grants, stop_id=self.stop_id,
                                      now=now, looked=looked)
                return Outcome(Kind.LENT, code, line=lent.line)
        is_item, card_of = _classify(s, code)
        if reader_id is None or (card_of is not None and not is_item):
            if card_of is None:
                if is_item:
                    raise CirculationRefused(Refusal.ITEM_NEEDS_READER, barcode=code)
                new = readers.replaced_by(s, code)
                if new is not None:
                    raise CirculationRefused(Refusal.CARD_REPLACED, card=code, new=new)
                raise CirculationRefused(Refusal.CARD_UNKNOWN, card=code)
            return self._reader_outcome(code, loans.reader_panel(s, self.actor, card_of, timeutil.local_day(now)),
                                        now)
        if not is_item and card_of is None:  # neither: a lost card's old number says so, else unknown item
            new = readers.replaced_by(s, code)
            if new is not None:
                raise CirculationRefused(Refusal.CARD_REPLACED, card=code, new=new)
        lent = loans.checkout(s, self.actor, reader_id, code, overrides=grants, stop_id=self.stop_id, now=now)
        return Outcome(Kind.LENT, code, line=lent.line)

    def _reader_outcome(self, code: str, panel: ReaderPanel, now: dt.datetime) -> Outcome:
        view = panel.reader
        reason = None
        if view.status is ReaderStatus.LOST:
            reason = Refusal.CARD_LOST
        elif view.status is ReaderStatus.BLOCKED:
            reason = Refusal.CARD_BLOCKED
        elif view.expired(timeutil.local_day(now)):
            reason = Refusal.CARD_EXPIRED
        if reason is None:
            return Outcome(Kind.READER, code, panel=panel)
        error = CirculationRefused(reason, card=view.card_number, name=view.name, date=view.valid_until.isoformat())
        return Outcome(Kind.READER, code, reason=reason, error=error, way_out=WAYS_OUT[reason], panel=panel)

    def _apply(self, outcome: Outcome) -> Outcome:
        """After the commit: what the desk remembers of ``outcome``."""
        if outcome.kind is Kind.READER and outcome.panel is not None:
            if outcome.panel.reader.id != self.reader_id:
                self.end_reader()
            self.reader = outcome.panel.reader
            if outcome.reason is not None:
                self.last_refusal = outcome
        elif outcome.kind is Kind.LENT and outcome.line is not None:
            self.lent.append(outcome.line)
        return outcome

    def _refused(self, code: str, err: WorkstationError, *, rescan: str = "") -> Outcome:
        """A ``WorkstationError`` as the desk answers it: an offer, or a refusal with its way out."""
        if isinstance(err, CirculationRefused):
            reason = err.code
        elif isinstance(err, DatabaseUnavailable):
            reason = Refusal.DATABASE_BUSY
        elif isinstance(err, ValidationError) and err.field in ("barcode", "card_number", "code"):
            reason = Refusal.INVALID_SCAN
        else:
            reason = Refusal.NOT_POSSIBLE
        offer = {Refusal.ON_LOAN_SAME_READER: OfferChoice.RENEW,
                 Refusal.ON_LOAN_OTHER_READER: OfferChoice.RETURN_AND_LEND}.get(reason)
        if offer is not None and self.reader is not None:
            self.offer = Outcome(Kind.OFFER, code, reason, err, WAYS_OUT[reason], offer=offer)
            return self.offer
        ways = WAYS_OUT[reason]
        if self.reader is None:
            ways = tuple(w for w in ways if w is not WayOut.MANAGER_OVERRIDE)
        outcome = Outcome(Kind.REFUSED, code, reason, err, ways)
        self.last_refusal = outcome
        self._rescan = rescan
        return outcome

    # -- offers ---------------------------------------------------------------------------

    def accept_offer(self) -> Outcome | None:
        """Do what the pending offer proposes; ``None`` when there is none."""
        offer = self.offer
        reader_id = self.reader_id
        if offer is None or reader_id is None:
            return None
        self._forget()
        code, grants, now = offer.code, tuple(self.grants), self.clock()
        today = timeutil.local_day(now)
        actor, stop = self.actor, self.stop_id
        try:
            if offer.offer is OfferChoice.RENEW:
                def renew(s: Session) -> tuple[RenewResult, ReaderPanel]:
                    done = loans.renew_by_barcode(s, actor, code, overrides=grants, stop_id=stop, now=now)
                    return done, loans.reader_panel(s, actor, reader_id, today)

                renewed, panel = self.run(renew)
                return Outcome(Kind.RENEWED, code, renewed=(renewed,), panel=panel)

            def return_and_lend(s: Session) -> tuple[CheckinResult, LoanLine, ReaderPanel]:
                back, lent = loans.return_and_lend(s, actor, reader_id, code, overrides=grants, stop_id=stop,
                                                   now=now)
                return back, lent.line, loans.reader_panel(s, actor, reader_id, today)

            back, line, panel = self.run(return_and_lend)
        except WorkstationError as err:
            return self._refused(code, err, rescan="")
        self.lent.append(line)  # after the commit: a retried run adds it once
        return Outcome(Kind.LENT, code, line=line, returned=back, panel=panel)

    def decline_offer(self) -> bool:
        """Drop the pending offer; ``False`` when there was none."""
        had = self.offer is not None
        self.offer = None
        return had

    # -- renewing --------------------------------------------------------------------------

    def renew(self, loan_ids: Sequence[int]) -> Outcome:
        """Renew these loans of the reader at the desk, each in its own transaction."""
        if self.reader is None:
            return self._refused("", CirculationRefused(Refusal.NO_READER))
        if not loan_ids:
            return self._refused("", CirculationRefused(Refusal.NOTHING_TO_RENEW))
        self._forget()
        actor, grants, stop, now = self.actor, tuple(self.grants), self.stop_id, self.clock()
        done: list[RenewResult] = []
        refused: list[WorkstationError] = []
        for loan_id in loan_ids:
            def renew(s: Session, loan_id: int = loan_id) -> RenewResult:
                return loans.renew(s, actor, loan_id, overrides=grants, stop_id=stop, now=now)

            try:
                done.append(self.run(renew))
            except WorkstationError as err:
                refused.append(err)
        panel = self._panel()
        if refused:
            outcome = self._refused("", refused[0])
            outcome = dataclasses.replace(outcome, renewed=tuple(done), refused_renewals=len(refused), panel=panel)
            self.last_refusal = outcome
            return outcome
        return Outcome(Kind.RENEWED, renewed=tuple(done), panel=panel)

    def renew_all(self) -> Outcome:
        """Renew every open loan of the reader at the desk."""
        reader_id = self.reader_id
        if reader_id is None:
            return self._refused("", CirculationRefused(Refusal.NO_READER))
        try:
            ids = self.run(lambda s: loans.open_loan_ids(s, reader_id), writes=False)
        except WorkstationError as err:
            return self._refused("", err)
        return self.renew(ids)

    # -- overrides ---------------------------------------------------------------------------

    def grant_override(self, manager_username: str, manager_password: str, reason: str) -> Granted:
        """A manager lifts the last refusal for this reader (audited); a refused item is then
        scanned again. Raises ``ValidationError`` (wrong password, no reason …)."""
        refusal, reader_id = self.last_refusal, self.reader_id
        if refusal is None or refusal.reason not in OVERRIDABLE or reader_id is None:
            raise ValidationError("code", N_("Override: there is no refusal a manager can lift."))
        code, rescan, actor = refusal.reason, self._rescan, self.actor
        grant = self.run(lambda s: loans.authorize_override(
            s, actor, reader_id, code, manager_username=manager_username, manager_password=manager_password,
            reason=reason))
        self.grants.append(grant)
        self._forget()
        then = None
        if rescan and code is not Refusal.RENEWAL_LIMIT:
            self._last_scan = None
            then = self.scan(rescan)
        return Granted(grant, then)

    # -- the reader ------------------------------------------------------------------------

    def show_reader(self, reader_id: int) -> Outcome:
        """Serve this reader (chosen in a search, or just registered): lend mode."""
        if self.mode is not Mode.LEND:
            self.set_mode(Mode.LEND)
        actor, now = self.actor, self.clock()
        try:
            panel = self.run(lambda s: loans.reader_panel(s, actor, reader_id, timeutil.local_day(now)),
                             writes=False)
        except WorkstationError as err:
            return self._refused("", err)
        return self._apply(self._reader_outcome(panel.reader.card_number, panel, now))

    def register_reader(self, **fields: Any) -> Outcome:
        """Register a reader (``readers.register_reader``'s fields) and serve them. Raises
        ``ValidationError`` naming the field."""
        actor, now = self.actor, self.clock()

        def register(s: Session) -> tuple[ReaderPanel, WorkstationError | None]:
            reader = readers.register_reader(s, actor, today=timeutil.local_day(now), now=now, **fields)
            shared = readers.phone_shared_with(s, reader.phone, reader.id)
            return loans.reader_panel(s, actor, reader.id, timeutil.local_day(now)), shared

        panel, shared = self.run(register)
        self.set_mode(Mode.LEND)
        outcome = self._reader_outcome(panel.reader.card_number, panel, now)
        return self._apply(dataclasses.replace(outcome, notice=shared))

    def search_readers(self, query: str) -> list[ReaderView]:
        """Readers by card number, name, phone or ID number (masked for desk staff)."""
        actor = self.actor
        return self.run(lambda s: readers.search_readers(s, actor, query), writes=False)

    def set_card_status(self, status: ReaderStatus | str, reason: str = "", *, manager_username: str = "",
                        manager_password: str = "") -> Outcome:
        """Report the reader's card lost, block it, or make it active again, with a reason
        (audited; lifting needs a manager: ``readers.set_reader_status``)."""
        reader_id = self.reader_id
        if reader_id is None:
            return self._refused("", CirculationRefused(Refusal.NO_READER))
        actor, now = self.actor, self.clock()

        def change(s: Session) -> ReaderPanel:
            readers.set_reader_status(s, actor, reader_id, status, reason, manager_username=manager_username,
                                      manager_password=manager_password)
            return loans.reader_panel(s, actor, reader_id, timeutil.local_day(now))

        try:
            panel = self.run(change)
        except WorkstationError as err:
            return self._refused("", err)
        self._forget()
        return self._apply(self._reader_outcome(panel.reader.card_number, panel, now))

    # -- the reader record (读者信息): form methods, they raise ``WorkstationError`` --------------

    def reader_record(self, reader_id: int) -> readers.ReaderRecord:
        actor = self.actor
        return self.run(lambda s: readers.reader_record(s, actor, reader_id), writes=False)

    def _after_record(self, reader_id: int) -> None:
        """The reader at the desk is drawn afresh after their record changed."""
        if reader_id == self.reader_id:
            self._panel()

    def update_reader(self, reader_id: int, **fields: Any) -> readers.Saved:
        actor = self.actor
        saved = self.run(lambda s: readers.update_reader(s, actor, reader_id, **fields))
        self._after_record(reader_id)
        return saved

    def extend_card(self, reader_id: int) -> ReaderView:
        actor, today = self.actor, timeutil.local_day(self.clock())
        view = self.run(lambda s: readers.view_of(readers.extend_card(s, actor, reader_id, today), actor))
        self._after_record(reader_id)
        return view

    def replace_card(self, reader_id: int, new_card: str) -> ReaderView:
        actor = self.actor
        view = self.run(lambda s: readers.view_of(readers.replace_card(s, actor, reader_id, new_card), actor))
        self._after_record(reader_id)
        return view

    def change_card_status(self, reader_id: int, status: ReaderStatus | str, reason: str, *,
                           manager_username: str = "", manager_password: str = "") -> ReaderView:
        """Change the card's status with a reason; lifting a block or a lost report needs a
        manager (``readers.set_reader_status``). Raises ``WorkstationError``."""
        actor = self.actor
        view = self.run(lambda s: readers.view_of(readers.set_reader_status(
            s, actor, reader_id, status, reason, manager_username=manager_username,
            manager_password=manager_password), actor))
        if reader_id == self.reader_id:
            self._forget()
            self._panel()
        return view

    def set_pin(self, reader_id: int, pin: str) -> None:
        actor = self.actor
        self.run(lambda s: pins.set_pin(s, actor, reader_id, pin))

    def _panel(self) -> ReaderPanel | None:
        reader_id, actor, today = self.reader_id, self.actor, timeutil.local_day(self.clock())
        if reader_id is None:
            return None
        panel = self.run(lambda s: loans.reader_panel(s, actor, reader_id, today), writes=False)
        self.reader = panel.reader
        return panel

    def reader_panel(self) -> ReaderPanel | None:
        """The reader at the desk as the database has them now (after another window changed
        them); ``None`` when no reader is served. Raises ``WorkstationError``."""
        return self._panel()

    def loan_slip(self) -> tuple[ReaderView, list[LoanLine]] | None:
        """The reader and the lines of their loan slip: what was lent in this session, or else
        every current loan. ``None`` when no reader is served."""
        if self.reader is None:
            return None
        if self.lent:
            return self.reader, list(self.lent)
        panel = self._panel()
        return (panel.reader, panel.loans) if panel is not None else None

    def bookmobile_stops(self) -> list[tuple[int, str]]:
        """The active stops of the desk's service point (a bookmobile), in route order."""
        point = self.actor.service_point_id

        def stops(s: Session) -> list[tuple[int, str]]:
            rows = s.execute(select(BookmobileStop.id, BookmobileStop.name)
                             .where(BookmobileStop.service_point_id == point, BookmobileStop.active.is_(True))
                             .order_by(BookmobileStop.sort_order)).all()
            return [(int(stop_id), str(name)) for stop_id, name in rows]

        return self.run(stops, writes=False)
