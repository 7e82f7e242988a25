"""SIP2 on the wire: frames, character sets, checksums, requests and exact responses.

Be liberal in what is read, exact in what is written (docs/kiosks.md):

- a frame ends at CR, LF or CRLF; messages split across reads are joined, several in one
  read are split; bytes before the two-digit code (Telnet IAC, NUL, a stray LF) are dropped;
  a frame over ``MAX_MESSAGE`` bytes ends the connection;
- the frame is decoded with the kiosk's character set *before* it is split on ``|``: 116 GBK
  characters have ``|`` (0x7C) as their trail byte (億 is 0x83 0x7C);
- the checksum is the two's complement of the byte sum through ``AZ``; a 3-digit ``AZ`` is
  read as its value; ``strict`` accepts only the byte sum, ``lenient`` also the code-point
  sum (PyPI ``sip2``, old SIP2.NET) and lets a wrong one through with a warning, ``off``
  ignores it;
- a blank no-block due date, a last field without ``|``, missing AC/AD are all accepted;
- a response mirrors the request's error detection (AY echoed, AZ over the encoded bytes).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field

MAX_MESSAGE = 4096
DELIMITER = "|"


class Charset(enum.StrEnum):
    UTF8 = "utf-8"
    GBK = "gbk"
    GB18030 = "gb18030"


class ChecksumMode(enum.StrEnum):
    STRICT = "strict"
    LENIENT = "lenient"
    OFF = "off"


class Terminator(enum.StrEnum):
    CR = "CR"
    CRLF = "CRLF"

    @property
    def bytes(self) -> bytes:
        return b"\r" if self is Terminator.CR else b"\r\n"


class FrameTooLong(Exception):
    """More than ``MAX_MESSAGE`` bytes without a terminator: the connection is closed."""


_DIGITS = frozenset(b"0123456789")


class FrameReader:
    """Bytes in, complete frames out (without their terminator), bounded in memory."""

    def __init__(self, max_message: int = MAX_MESSAGE) -> None:
        self.max_message = max_message
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        frames: list[bytes] = []
        while True:
            cut = _first_terminator(self._buffer)
            if cut < 0:
                break
            raw = bytes(self._buffer[:cut])
            del self._buffer[:cut + 1]
            if len(raw) > self.max_message:
                raise FrameTooLong(len(raw))
            frame = _drop_leading_junk(raw)
            if frame:
                frames.append(frame)
        if len(self._buffer) > self.max_message:
            raise FrameTooLong(len(self._buffer))
        return frames

    @property
    def pending(self) -> int:
        return len(self._buffer)


def _first_terminator(buffer: bytearray) -> int:
    cr = buffer.find(b"\r")
    lf = buffer.find(b"\n")
    if cr < 0:
        return lf
    if lf < 0:
        return cr
    return min(cr, lf)


def _drop_leading_junk(raw: bytes) -> bytes:
    """Everything before the first ASCII digit goes (the message code is two digits)."""
    for i, byte in enumerate(raw):
        if byte in _DIGITS:
            return raw[i:]
    return b""


# -- checksums -------------------------------------------------------------------------------

def checksum(prefix: bytes) -> str:
    """The four hex digits for a message whose bytes through ``AZ`` are ``prefix``."""
    return f"{(-sum(prefix)) & 0xFFFF:04X}"


def checksum_ok(prefix: bytes, digits: str) -> bool:
    return (sum(prefix) + int(digits, 16)) & 0xFFFF == 0


_TRAILER = re.compile(r"(?:AY(?P<seq>[0-9]))?AZ(?P<sum>[0-9A-Fa-f]{3,4})\s*$")


@dataclass(frozen=True)
class Decoded:
    """A frame as text, with its error-detection trailer taken apart."""

    text: str  # the message without AY/AZ
    sequence: str | None  # the AY digit, echoed in the answer
    has_checksum: bool
    checksum_valid: bool  # by the byte sum
    codepoint_valid: bool  # by the sum of characters (what PyPI sip2 sends)


def decode_frame(frame: bytes, charset: str) -> Decoded:
    text = frame.decode(charset, errors="replace")
    match = _TRAILER.search(text)
    if match is None:
        # AY without AZ: take the sequence number and answer in kind
        seq = re.search(r"AY([0-9])\s*$", text)
        if seq is not None:
            return Decoded(text[:seq.start()], seq.group(1), False, False, False)
        return Decoded(text, None, False, False, False)
    digits = match.group("sum")
    body = text[:match.start()]
    prefix_text = text[:match.start("sum")]
    # the digits are ASCII at the end of the frame: the bytes before them are the prefix
    raw_prefix = frame.rstrip(b" \t")[:-len(digits)]
    valid = checksum_ok(raw_prefix, digits)
    by_codepoints = (sum(map(ord, prefix_text)) + int(digits, 16)) & 0xFFFF == 0
    return Decoded(body, match.group("seq"), True, valid, by_codepoints)


# -- requests --------------------------------------------------------------------------------

FIXED_WIDTHS: dict[str, int] = {
    "93": 2, "99": 8, "63": 31, "23": 21, "11": 38, "09": 37, "29": 38, "65": 18, "17": 18, "35": 18,
    "97": 0, "01": 19, "15": 19, "19": 18, "25": 18, "37": 25,
}

_FIELD_ID = re.compile(r"[A-Z0-9]{2}")


class BadMessage(Exception):
    """A frame that is not a SIP2 message we can read."""


@dataclass
class Request:
    code: str
    fixed: str
    fields: dict[str, list[str]] = field(default_factory=dict)

    def get(self, field_id: str, default: str = "") -> str:
        values = self.fields.get(field_id)
        return values[0] if values else default

    def has(self, field_id: str) -> bool:
        return field_id in self.fields

    def fixed_at(self, start: int, width: int) -> str:
        return self.fixed[start:start + width]


def parse(text: str) -> Request:
    """Read a message (trailer already removed). Liberal: a short fixed part is padded, the
    last field may lack its ``|``, empty pieces (``||``) and unknown fields are skipped."""
    if len(text) < 2 or not text[:2].isdigit() or not text[:2].isascii():
        raise BadMessage("no message code")
    code = text[:2]
    width = FIXED_WIDTHS.get(code)
    if width is None:
        raise BadMessage(f"unknown message {code}")
    start = _variable_start(text, 2 + width)
    fixed = text[2:start][:width].ljust(width)
    request = Request(code, fixed)
    for piece in text[start:].split(DELIMITER):
        piece = piece.strip("\r\n")
        if len(piece) < 2 or not _FIELD_ID.fullmatch(piece[:2]):
            continue
        request.fields.setdefault(piece[:2], []).append(piece[2:])
    return request


# the field a message's variable part begins with (AO almost always; AP for 09, CN for 93)
_FIRST_IDS = ("AO", "AP", "CN", "AA", "AB")


def _variable_start(text: str, expected: int) -> int:
    """Where the variable fields begin: after the fixed part, unless a client left part of
    it out (PyPI sip2 sends 65 without its date) or added to it (Koha's emulator puts a
    language into 17): then at the first such ID (a fixed part holds digits, blanks, Y and
    N, never two of these capitals)."""
    if text[expected:expected + 2] in _FIRST_IDS or len(text) <= expected:
        return expected
    found = [i for i in range(2, min(len(text) - 1, expected + 8)) if text[i:i + 2] in _FIRST_IDS]
    return found[0] if found else expected


def parse_date(value: str) -> dt.datetime | None:
    """An 18-character SIP date (``YYYYMMDDZZZZHHMMSS``) as a naive local time, else None
    (blank, malformed or impossible dates are simply absent)."""
    value = value.strip("\x00")
    if len(value) != 18 or not value[:8].isdigit() or not value[12:].isdigit():
        return None
    try:
        return dt.datetime.strptime(value[:8] + value[12:], "%Y%m%d%H%M%S")
    except ValueError:
        return None


# -- responses -------------------------------------------------------------------------------

def sip_date(when: dt.datetime) -> str:
    """Local time as SIP writes it: ``YYYYMMDD    HHMMSS``."""
    return when.strftime("%Y%m%d    %H%M%S")


def _clean(value: str) -> str:
    # a value never carries the delimiter or a line end (Koha writes &#124; for |)
    value = value.replace(DELIMITER, "&#124;").replace("\r", " ").replace("\n", " ").replace("\x00", "")
    return value[:255]


class Response:
    """An answer built field by field and encoded exactly once."""

    def __init__(self, code: str, fixed: str = "") -> None:
        self.code = code
        self.parts: list[str] = [code, fixed]

    def add(self, field_id: str, value: str | int | None, *, always: bool = True) -> Response:
        if value is None or (not always and value == ""):
            return self
        self.parts.append(field_id + _clean(str(value)) + DELIMITER)
        return self

    def text(self) -> str:
        return "".join(self.parts)

    def encode(self, charset: str, *, sequence: str | None, with_checksum: bool,
               terminator: Terminator) -> bytes:
        body = self.text().encode(charset, errors="replace")
        if with_checksum:
            if sequence is not None and self.code not in ("96", "97"):
                body += b"AY" + sequence.encode("ascii")
            body += b"AZ"
            body += checksum(body).encode("ascii")
        elif sequence is not None and self.code not in ("96", "97"):
            body += b"AY" + sequence.encode("ascii")
        return body + terminator.bytes


def yn(flag: bool) -> str:
    return "Y" if flag else "N"


def count4(n: int) -> str:
    return f"{min(max(n, 0), 9999):04d}"
