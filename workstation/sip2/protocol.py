"""One kiosk connection as a state machine: a frame in, the exact bytes to answer out.

No sockets here (``server.py`` owns them), so every rule is testable directly:
- nothing but 93 (login), 99 (status) and 97 (resend) before login; anything else closes
  the connection and writes nothing;
- a 97, or a frame identical to the previous one (same AY, same checksum: the kiosk did not
  get our answer), gets the previous answer byte for byte and changes nothing;
- a bad checksum gets 96 in ``strict`` mode (and before login, where the code-point sum is
  also accepted); ``lenient`` accepts the code-point sum and lets a wrong one through with
  a warning; ``off`` does not look;
- every transaction runs in its own database transaction (``retry.run``: again from the
  start while the database is busy).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.db import Database
from workstation.services import retry
from workstation.services.admin import kiosks, library
from workstation.services.context import Actor
from workstation.sip2 import desk_adapter as desk
from workstation.sip2.wire import (
    BadMessage,
    ChecksumMode,
    Request,
    Response,
    Terminator,
    count4,
    decode_frame,
    parse,
    sip_date,
    yn,
)

log = logging.getLogger("workstation.sip2")

# 23, 11, 09, 01, 99, 97, 93, 63, 35, 37, 17, 19, 25, 15, 29, 65
SUPPORTED = "YYYNYYYYYNYNNNYY"
MAX_BAD_FRAMES = 10  # unreadable frames in a row before the connection is closed
PRE_LOGIN = frozenset({"93", "99", "97"})


class LoginLimiter:
    """Failed kiosk logins per address: after ``limit`` failures within ``window`` seconds,
    logins from that address are refused without looking at the password."""

    def __init__(self, limit: int = 5, window: float = 300.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, address: str) -> bool:
        with self._lock:
            now = self.clock()
            recent = [t for t in self._failures.get(address, []) if now - t < self.window]
            if recent:
                self._failures[address] = recent
            else:
                self._failures.pop(address, None)
            return len(recent) >= self.limit

    def failed(self, address: str) -> None:
        with self._lock:
            self._failures.setdefault(address, []).append(self.clock())

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)


@dataclass
class Answer:
    data: bytes | None  # what to send (None: nothing)
    close: bool = False


@dataclass
class KioskConnection:
    db: Database
    address: str
    limiter: LoginLimiter
    library_name: str = ""
    kiosk: kiosks.KioskLogin | None = None
    last_frame: bytes | None = None
    last_answer: bytes | None = None
    bad_frames: int = 0
    verified_pins: set[tuple[int, str]] = field(default_factory=set)
    verified_cards: set[tuple[str, str]] = field(default_factory=set)
    now: Callable[[], dt.datetime] = timeutil.now_utc
    _desk: desk.KioskDesk | None = None

    @property
    def kiosk_desk(self) -> desk.KioskDesk:
        """The kiosk's desk (a DeskSession), made at the first transaction after login."""
        assert self.kiosk is not None
        if self._desk is None or self._desk.kiosk is not self.kiosk:
            self._desk = desk.KioskDesk(self.db, self.kiosk, self.address, self.now)
        return self._desk

    # -- the wire --------------------------------------------------------------------------

    @property
    def charset(self) -> str:
        return self.kiosk.charset if self.kiosk else "utf-8"

    @property
    def terminator(self) -> Terminator:
        return Terminator(self.kiosk.terminator) if self.kiosk else Terminator.CR

    def handle(self, frame: bytes) -> Answer:
        if self.last_answer is not None and frame == self.last_frame:
            log.info("%s: repeated frame, last answer sent again", self.address)
            return Answer(self.last_answer)
        charset = self.charset
        if self.kiosk is None:
            try:
                frame.decode("utf-8")
            except UnicodeDecodeError:
                charset = "gb18030"  # a Chinese login name before the kiosk's charset is known
        decoded = decode_frame(frame, charset)
        if decoded.has_checksum and not decoded.checksum_valid:
            mode = ChecksumMode(self.kiosk.checksum) if self.kiosk else ChecksumMode.LENIENT
            if mode is ChecksumMode.STRICT or (mode is ChecksumMode.LENIENT and self.kiosk is None
                                               and not decoded.codepoint_valid):
                log.warning("%s: wrong checksum, asked to resend", self.address)
                return self._bad(with_checksum=True)
            if mode is ChecksumMode.LENIENT and not decoded.codepoint_valid:
                log.warning("%s: wrong checksum accepted (lenient kiosk %s)", self.address,
                            self.kiosk.login if self.kiosk else "-")
        try:
            request = parse(decoded.text)
        except BadMessage as err:
            log.warning("%s: unreadable message (%s)", self.address, err)
            return self._bad(with_checksum=decoded.has_checksum)
        if request.code == "97":
            if self.last_answer is None:
                return self._bad(with_checksum=decoded.has_checksum)
            return Answer(self.last_answer)
        if self.kiosk is None and request.code not in PRE_LOGIN:
            log.warning("%s: message %s before login, connection closed", self.address, request.code)
            return Answer(None, close=True)
        self.bad_frames = 0
        response, close = self._dispatch(request)
        if response is None:
            log.info("%s: message %s not supported", self.address, request.code)
            return self._bad(with_checksum=decoded.has_checksum)
        data = response.encode(self.charset, sequence=decoded.sequence, with_checksum=decoded.has_checksum,
                               terminator=self.terminator)
        self.last_frame = frame
        self.last_answer = data
        return Answer(data, close=close)

    def _bad(self, *, with_checksum: bool) -> Answer:
        self.bad_frames += 1
        if self.bad_frames > MAX_BAD_FRAMES:
            return Answer(None, close=True)
        data = Response("96").encode("ascii", sequence=None, with_checksum=with_checksum,
                                     terminator=self.terminator)
        return Answer(data)

    # -- messages --------------------------------------------------------------------------

    def _dispatch(self, req: Request) -> tuple[Response | None, bool]:
        if req.code == "93":
            return self._login(req)
        handler = {
            "99": self._status, "63": self._patron_information, "23": self._patron_status,
            "11": self._checkout, "09": self._checkin, "29": self._renew, "65": self._renew_all,
            "17": self._item_information, "35": self._end_session,
        }.get(req.code)
        if handler is None:
            return None, False
        return handler(req), False

    def _date(self) -> str:
        return sip_date(self.now().astimezone(timeutil.LIBRARY_TZ))

    def _due(self, day: dt.date | None) -> str:
        if day is None:
            return ""
        if self.kiosk is not None and self.kiosk.due_date_format == "iso":
            return day.isoformat()
        return day.strftime("%Y%m%d") + "    235900"

    def _ao(self, req: Request | None = None) -> str:
        if self.kiosk is not None and self.kiosk.institution_id:
            return self.kiosk.institution_id
        return req.get("AO") if req is not None else ""

    def _login(self, req: Request) -> tuple[Response, bool]:
        if self.limiter.blocked(self.address):
            log.warning("%s: kiosk login refused, too many failures", self.address)
            return Response("94", "0"), True
        login, password = req.get("CN"), req.get("CO")

        def attempt(session: Session) -> kiosks.KioskLogin | None:
            return kiosks.authenticate(session, login, password, self.address)

        kiosk = retry.run(self.db, attempt)
        if kiosk is None:
            self.limiter.failed(self.address)
            log.warning("%s: kiosk login failed for %r", self.address, login[:40])
            return Response("94", "0"), False
        self.limiter.succeeded(self.address)
        self.kiosk = kiosk
        with self.db.begin() as session:
            self.library_name = library.library_name(session)
        log.info("%s: kiosk %s logged in (service point %s)", self.address, kiosk.login, kiosk.service_point_name)
        return Response("94", "1"), False

    def _status(self, req: Request) -> Response:
        renew = self.kiosk.may_renew if self.kiosk else False
        fixed = "YYY" + yn(renew) + "NN" + "030" + "003" + self._date() + "2.00"
        response = Response("98", fixed).add("AO", self._ao(req))
        if self.library_name:
            response.add("AM", self.library_name)
        response.add("BX", SUPPORTED)
        if self.kiosk is not None:
            response.add("AN", self.kiosk.service_point_name)
        return response

    @property
    def actor(self) -> Actor:
        assert self.kiosk is not None
        return desk.actor_for(self.kiosk, self.address)

    def _pin(self, session: Session, reader_id: int, req: Request) -> tuple[bool, bool]:
        """(the kiosk may act for this reader, CQ to send: the PIN was given and is right)."""
        pin = req.get("AD")
        if pin:
            key = (reader_id, hashlib.sha256(pin.encode("utf-8")).hexdigest())
            right = key in self.verified_pins or desk.pin_ok(session, reader_id, pin)
            if right:
                self.verified_pins.add(key)
            return right, right
        return not desk.pin_required(session), False

    def _language(self, req: Request) -> str:
        lang = req.fixed_at(0, 3)
        return lang if lang.isdigit() else "000"

    def _patron_status_string(self, info: desk.ReaderInfo | None) -> str:
        if info is None:
            return "YYYY" + " " * 10
        flags = [
            info.blocked or info.too_many or bool(info.overdue),  # charge denied
            info.blocked or not (self.kiosk and self.kiosk.may_renew),  # renew denied
            info.blocked, info.blocked,  # recall, hold denied
            info.lost, info.too_many, bool(info.overdue),
        ]
        return "".join("Y" if f else " " for f in flags) + " " * 7

    def _patron_information(self, req: Request) -> Response:
        card = req.get("AA")
        summary = req.fixed_at(21, 10)

        def look(session: Session) -> tuple[desk.ReaderInfo | None, bool, bool]:
            info = desk.reader_info(session, card)
            if info is None:
                return None, False, False
            allowed, cq = self._pin(session, info.id, req)
            return info, allowed, cq

        info, allowed, cq = retry.run(self.db, look, writes=False)
        if info is None:
            fixed = self._patron_status_string(None) + self._language(req) + self._date() + "0000" * 6
            return (Response("64", fixed).add("AO", self._ao(req)).add("AA", card).add("AE", "")
                    .add("BL", "N").add("AF", desk.UNKNOWN_CARD))
        shown = info if allowed else None
        counts = [len(info.holds), len(info.overdue), len(info.charged), 0, 0, len(info.unavailable_holds)] \
            if shown else [0] * 6
        fixed = (self._patron_status_string(info) + self._language(req) + self._date()
                 + "".join(count4(n) for n in counts))
        response = Response("64", fixed).add("AO", self._ao(req)).add("AA", info.card)
        response.add("AE", info.name if shown else "")
        if shown and info.max_loans is not None:
            response.add("CB", count4(info.max_loans))
        response.add("BL", "Y")
        if req.get("AD"):
            response.add("CQ", yn(cq))
        if shown:
            lists = [("AS", info.holds), ("AT", info.overdue), ("AU", info.charged), ("AV", []), ("BU", []),
                     ("CD", info.unavailable_holds)]
            which = summary.find("Y")
            if 0 <= which < len(lists):
                field_id, lines = lists[which]
                start, end = _bounds(req.get("BP"), req.get("BQ"), len(lines))
                for line in lines[start:end]:
                    response.add(field_id, line.barcode or line.title)
            if self.kiosk is not None and self.kiosk.send_phone and info.phone:
                response.add("BF", info.phone)
        if not allowed:
            response.add("AF", desk.PIN_WRONG)
        elif info.blocked:
            response.add("AF", desk.EXPIRED if info.expired and not info.lost else desk.BLOCKED)
        return response

    def _patron_status(self, req: Request) -> Response:
        card = req.get("AA")

        def look(session: Session) -> tuple[desk.ReaderInfo | None, bool, bool]:
            info = desk.reader_info(session, card)
            if info is None:
                return None, False, False
            allowed, cq = self._pin(session, info.id, req)
            return info, allowed, cq

        info, allowed, cq = retry.run(self.db, look, writes=False)
        fixed = self._patron_status_string(info) + self._language(req) + self._date()
        response = Response("24", fixed).add("AO", self._ao(req)).add("AA", info.card if info else card)
        response.add("AE", info.name if info and allowed else "")
        response.add("BL", yn(info is not None))
        if req.get("AD"):
            response.add("CQ", yn(cq))
        if info is None:
            response.add("AF", desk.UNKNOWN_CARD)
        elif not allowed:
            response.add("AF", desk.PIN_WRONG)
        return response

    def _circulation_answer(self, code: str, req: Request, out: desk.Outcome) -> Response:
        fixed = ("1" if out.ok else "0") + yn(out.renewed) + "N" + yn(out.ok) + self._date()
        response = Response(code, fixed).add("AO", self._ao(req)).add("AA", req.get("AA"))
        response.add("AB", out.barcode or req.get("AB")).add("AJ", out.title)
        response.add("AH", self._due(out.due) if out.ok else "")
        if out.message:
            response.add("AF", out.message)
        return response

    def _may_act(self, card: str, req: Request) -> bool:
        """The PIN rule, checked before the desk acts for the reader (an unknown card is the
        desk's to refuse)."""
        pin = req.get("AD")
        key = (card, hashlib.sha256(pin.encode("utf-8")).hexdigest())
        if pin and key in self.verified_cards:  # this reader's PIN, checked earlier in this session
            return True

        def check(session: Session) -> bool:
            reader = desk.find_reader(session, card)
            return reader is None or self._pin(session, reader.id, req)[0]

        allowed = retry.run(self.db, check, writes=False)
        if allowed and pin:
            self.verified_cards.add(key)
        return allowed

    def _checkout(self, req: Request) -> Response:
        card, barcode = req.get("AA"), req.get("AB")
        if not card or not barcode:
            out = desk.Outcome(False, barcode, message=desk.FAILED)
        elif not self._may_act(card, req):
            out = desk.Outcome(False, barcode, message=desk.PIN_WRONG)
        else:
            out = self.kiosk_desk.checkout(card, barcode)
        return self._circulation_answer("12", req, out)

    def _renew(self, req: Request) -> Response:
        card, barcode = req.get("AA"), req.get("AB")
        if not card or not barcode:
            out = desk.Outcome(False, barcode, message=desk.FAILED)
        elif not self._may_act(card, req):
            out = desk.Outcome(False, barcode, message=desk.PIN_WRONG)
        else:
            out = self.kiosk_desk.renew(card, barcode)
        return self._circulation_answer("30", req, out)

    def _checkin(self, req: Request) -> Response:
        barcode = req.get("AB")
        out = self.kiosk_desk.checkin(barcode) if barcode else desk.Outcome(False, "", message=desk.FAILED)
        fixed = ("1" if out.ok else "0") + yn(out.ok and not out.alert) + "N" + yn(out.alert) + self._date()
        assert self.kiosk is not None
        response = Response("10", fixed).add("AO", self._ao(req)).add("AB", out.barcode or barcode)
        response.add("AQ", out.home or self.kiosk.service_point_name)
        if out.title:
            response.add("AJ", out.title)
        if out.ok and out.card:
            response.add("AA", out.card)
        if out.alert:
            response.add("CT", out.destination).add("CV", out.alert_type)
        if out.message:
            response.add("AF", out.message)
        return response

    def _renew_all(self, req: Request) -> Response:
        card = req.get("AA")
        done: list[str] = []
        refused: list[str] = []
        if not card:
            message = desk.UNKNOWN_CARD
        elif not self._may_act(card, req):
            message = desk.PIN_WRONG
        else:
            done, refused, message = self.kiosk_desk.renew_all(card)
        ok = bool(done) or (not refused and not message)
        fixed = ("1" if ok else "0") + count4(len(done)) + count4(len(refused)) + self._date()
        response = Response("66", fixed).add("AO", self._ao(req))
        for barcode in done:
            response.add("BM", barcode)
        for barcode in refused:
            response.add("BN", barcode)
        if message:
            response.add("AF", message)
        return response

    def _item_information(self, req: Request) -> Response:
        barcode = req.get("AB")

        def look(session: Session) -> desk.ItemInfo | None:
            return desk.item_info(session, barcode) if barcode else None

        info = retry.run(self.db, look, writes=False)
        assert self.kiosk is not None
        if info is None:
            return (Response("18", "01" + "00" + "01" + self._date()).add("AB", barcode).add("AJ", "")
                    .add("AF", desk.UNKNOWN_ITEM))
        response = Response("18", info.status + "00" + "01" + self._date())
        if info.due is not None:
            response.add("AH", self._due(info.due))
        response.add("AB", info.barcode).add("AJ", info.title)
        response.add("AQ", info.home or self.kiosk.service_point_name)
        if info.hold_pickup:
            response.add("CT", info.hold_pickup)
        return response

    def _end_session(self, req: Request) -> Response:
        self.verified_pins.clear()
        self.verified_cards.clear()
        if self._desk is not None:
            self._desk.end_reader()
        return Response("36", "Y" + self._date()).add("AO", self._ao(req)).add("AA", req.get("AA"))


def _bounds(start: str, end: str, size: int) -> tuple[int, int]:
    """BP/BQ are 1-based and inclusive; missing or nonsense values mean the whole list."""
    first = int(start) if start.isdigit() and int(start) >= 1 else 1
    last = int(end) if end.isdigit() and int(end) >= first else size
    return first - 1, min(last, size)
