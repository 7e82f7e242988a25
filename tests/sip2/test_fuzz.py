"""Hypothesis: the frame reader, each message parser and a connection take any bytes without
crashing or hanging, write nothing, and answer with a valid message or close.

At least ``CASES`` (2,000) cases for the frame reader and for each request message the server
reads (93, 99, 63, 23, 11, 09, 29, 65, 17, 35, 97), twice over: the parser alone (a pure
function) and the whole path of one frame on a connection (decode, checksum, parse, the
message's handler, the database, the encoded answer). Half of the messages are built from
the pieces a kiosk sends (fixed part, known field IDs, real and unknown cards and barcodes,
wrong PINs, right and wrong checksums), half are any text, so that the handlers are reached
and not only the parser's refusals. A smaller fuzz goes through the real server over TCP.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pysip2.codec import calculate_checksum, verify_checksum
from sqlalchemy import func, select

from tests.conftest import fresh_sqlite, make_staff
from tests.sip2.conftest import KIOSK_PASSWORD, PIN, RawClient, sip_now, with_trailer
from workstation.db import Database
from workstation.models import AuditEntry, Role, ServicePoint
from workstation.models.circulation import Hold, Item, ItemStatus, Loan, Renewal
from workstation.services.admin import kiosks, passwords
from workstation.services.circulation import items, pins, readers
from workstation.sip2.protocol import KioskConnection, LoginLimiter
from workstation.sip2.server import Limits, running
from workstation.sip2.wire import FIXED_WIDTHS, MAX_MESSAGE, BadMessage, FrameReader, FrameTooLong, decode_frame, parse

CASES = 2000
# every request message the server answers (docs/kiosks.md); 97 has no fixed part
MESSAGES = ["93", "99", "63", "23", "11", "09", "29", "65", "17", "35", "97"]
# a hang is a case that takes seconds: the deadline turns it into a failure
PURE = settings(max_examples=CASES, deadline=dt.timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
WITH_DB = settings(max_examples=CASES, deadline=dt.timedelta(seconds=10),
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                          HealthCheck.filter_too_much])

# text that looks like SIP: codes, field IDs, bars, dates, Chinese, and GBK's 億
sip_alphabet = st.sampled_from([*"0123456789 |YNAOABACADAAAJAHAYAZ億张李一", "\r", "\n", "\x00", "\xff"])
sipish = st.text(alphabet=st.one_of(sip_alphabet, st.characters()), max_size=120)

# the pieces a kiosk sends. The real reader R0001 (PIN required), the real item B0001 (not on
# loan) and the kiosks' login and password are among the values, the reader's right PIN never
# is: whatever the rest, nothing may be lent, returned, renewed or reserved.
FIELD_IDS = ["AO", "AA", "AB", "AC", "AD", "AP", "CN", "CO", "CP", "BP", "BQ", "AJ", "AY", "AZ", "XX", "a1"]
VALUES = ["", "R0001", "r0001 ", "R9999", "ANON-1", "B0001", "b0001", "B9999", "kiosk-gbk",
          KIOSK_PASSWORD, KIOSK_PASSWORD + "x", "0000", "1", "9999", "-1", "億", "张億明", " ", "|", "\x00", "AZ0000"]
FIELDS = [i + v + bar for i in FIELD_IDS for v in VALUES for bar in ("|", "")]
fixed_chars = st.sampled_from([*"0123456789YN ", "億", "\x00", "|", "A"])


DATE = "20261206    101500"
# a well-formed fixed part of each message, which the fuzz cuts, pads and spoils
FIXED = {"93": "00", "99": "0" + "080" + "2.00", "63": "001" + DATE + "Y         ", "23": "001" + DATE,
         "11": "YN" + DATE + " " * 18, "09": "N" + DATE + DATE, "29": "NN" + DATE + " " * 18, "65": DATE,
         "17": DATE, "35": DATE, "97": ""}


def _kioskish(code: str) -> st.SearchStrategy[str]:
    width = FIXED_WIDTHS[code]
    fixed = st.builds(lambda cut, spoil: FIXED[code][:cut] + spoil, st.integers(0, width),
                      st.text(alphabet=fixed_chars, max_size=4))
    fields = st.lists(st.one_of(st.sampled_from(FIELDS), st.text(alphabet=sip_alphabet, max_size=12)),
                      max_size=6).map("".join)
    return st.builds(lambda f, v: code + f + v, fixed, fields)


def message(code: str) -> st.SearchStrategy[str]:
    """A message of type ``code``: built from a kiosk's pieces, or the code and any text."""
    return st.one_of(_kioskish(code), sipish.map(lambda rest: code + rest))


# -- the frame reader ----------------------------------------------------------------------------

@PURE
@given(st.lists(st.binary(max_size=600), max_size=12))
def test_frame_reader_takes_any_chunks(chunks: list[bytes]) -> None:
    reader = FrameReader()
    for chunk in chunks:
        try:
            frames = reader.feed(chunk)
        except FrameTooLong:
            return  # the connection is closed
        for frame in frames:
            assert frame[:1].isdigit() and b"\r" not in frame and b"\n" not in frame
            assert len(frame) <= MAX_MESSAGE
        assert reader.pending <= MAX_MESSAGE


@PURE
@given(st.lists(st.one_of(st.binary(max_size=40), st.sampled_from([b"\r", b"\n", b"\r\n", b"99", b"\xff\x7c"])),
                max_size=30),
       st.lists(st.integers(min_value=0, max_value=2000), max_size=8))
def test_frame_reader_gives_the_same_frames_however_the_bytes_are_split(pieces: list[bytes],
                                                                       cuts: list[int]) -> None:
    data = b"".join(pieces)
    at_once = FrameReader().feed(data)
    reader = FrameReader()
    split: list[bytes] = []
    edges = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    for start, end in itertools.pairwise(edges):
        split += reader.feed(data[start:end])
    assert split == at_once


# -- each message parser alone ---------------------------------------------------------------------

@pytest.mark.parametrize("code", MESSAGES)
def test_each_message_parser_takes_any_text(code: str) -> None:
    @PURE
    @given(message(code))
    def parses_or_refuses(text: str) -> None:
        try:
            request = parse(text)
        except BadMessage:
            return
        assert request.code == code and len(request.fixed) == FIXED_WIDTHS[code]
        for field_id, values in request.fields.items():
            assert len(field_id) == 2 and all("|" not in v for v in values)

    parses_or_refuses()


@PURE
@given(st.binary(max_size=300), st.sampled_from(["utf-8", "gbk", "gb18030"]))
def test_decoding_takes_any_bytes(frame: bytes, charset: str) -> None:
    decoded = decode_frame(frame, charset)
    assert isinstance(decoded.text, str)


# -- each message on a connection, with the database ---------------------------------------------

@pytest.fixture(scope="module")
def fuzz_db(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = fresh_sqlite(sqlite_template, tmp_path_factory.mktemp("fuzz"))
    admin = make_staff(db, "root", Role.ADMIN)
    with db.begin() as s:
        point = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "综合借阅处"))
    assert point is not None
    desk = make_staff(db, "desk1", Role.DESK).at(point)
    # The PIN and kiosk passwords are hashed cheaply here (checking reads the cost from the
    # hash): thousands of wrong PINs are checked, and the hash's cost is not what is fuzzed.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        with db.begin() as s:
            reader = readers.register_reader(s, desk, card_number="R0001", name="张億明", category="adult",
                                             id_type="passport", id_number="E12345678")
            items.create_item(s, desk, barcode="B0001", title="億万", home_point_id=point)
            pins.set_pin(s, desk, reader.id, PIN)
            kiosks.create_kiosk(s, admin, "kiosk-gbk", KIOSK_PASSWORD, kiosks.KioskSettings(point, charset="gbk"))
            kiosks.create_kiosk(s, admin, "kiosk-lenient", KIOSK_PASSWORD,
                                kiosks.KioskSettings(point, checksum="lenient", terminator="CRLF"))
    yield db
    db.dispose()


_WRITTEN = select(*(select(func.count()).select_from(Loan).where(*where).scalar_subquery() for where in ((),
                    (Loan.returned_at.is_(None),))),
                  select(func.count()).select_from(Renewal).scalar_subquery(),
                  select(func.count()).select_from(Hold).scalar_subquery(),
                  select(func.count()).select_from(Item).where(Item.status != ItemStatus.AVAILABLE).scalar_subquery(),
                  select(func.count()).select_from(AuditEntry).scalar_subquery())


def _written(db: Database) -> tuple[int, ...]:
    """Loans, open loans, renewals, holds, items not on the shelf, audit entries."""
    with db.engine.connect() as conn:
        return tuple(conn.execute(_WRITTEN).one())


def _valid_answer(data: bytes) -> None:
    assert data[:2].isdigit() and (data.endswith(b"\r") or data.endswith(b"\r\n"))
    body = data.rstrip(b"\r\n")
    assert b"\r" not in body and b"\n" not in body
    if body[-6:-4] == b"AZ":
        assert verify_checksum(body)


@pytest.fixture(scope="module")
def fuzz_kiosks(fuzz_db: Database) -> list[kiosks.KioskLogin]:
    logged_in = []
    for login in ("kiosk-gbk", "kiosk-lenient"):
        with fuzz_db.begin() as s:
            kiosk = kiosks.authenticate(s, login, KIOSK_PASSWORD, "fuzz")
        assert kiosk is not None
        logged_in.append(kiosk)
    return logged_in


@pytest.mark.parametrize("code", MESSAGES)
def test_each_message_on_a_connection_answers_or_closes_and_writes_nothing(
        fuzz_db: Database, fuzz_kiosks: list[kiosks.KioskLogin], code: str) -> None:
    @WITH_DB
    @given(message(code), st.sampled_from([None, *fuzz_kiosks]), st.sampled_from(["none", "right", "wrong"]),
           st.integers(min_value=0, max_value=9))
    def answers_or_closes(text: str, kiosk: kiosks.KioskLogin | None, trailer: str, seq: int) -> None:
        conn = KioskConnection(fuzz_db, "fuzz", LoginLimiter(), kiosk=kiosk)
        charset = kiosk.charset if kiosk else "utf-8"
        frame = text.encode(charset, errors="replace")
        if trailer != "none":
            frame += f"AY{seq}AZ".encode()
            frame += calculate_checksum(frame).encode() if trailer == "right" else b"1234"
        before = _written(fuzz_db)
        pieces = FrameReader().feed(frame + b"\r")
        for piece in pieces:
            answer = conn.handle(piece)
            assert answer.data is not None or answer.close
            if answer.data is not None:
                _valid_answer(answer.data)
            if answer.close:
                break
        after = _written(fuzz_db)
        # garbage never lends, returns, renews or places a hold; only a login attempt (93, also
        # after a line end inside the text) is audited, by rule
        assert after[:-1] == before[:-1]
        assert after[-1] == before[-1] or any(p.startswith(b"93") for p in pieces)

    answers_or_closes()


# -- the real server over TCP ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def fuzz_server(fuzz_db: Database) -> Iterator[int]:
    limits = Limits(login_timeout=5, idle_timeout=5, workers=2, max_per_address=64)
    with running(fuzz_db, limits=limits, limiter=LoginLimiter(limit=10**9)) as server:
        yield server.port


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.binary(min_size=1, max_size=200), min_size=1, max_size=5))
def test_the_server_over_tcp_answers_or_closes(fuzz_server: int, chunks: list[bytes]) -> None:
    c = RawClient(fuzz_server, timeout=10)
    try:
        assert c.login("kiosk-gbk", charset="gbk").startswith(b"941")
        for chunk in chunks:
            c.send(chunk)
        c.send(b"\r" + with_trailer(f"17{sip_now()}AO|ABB0001|", 7, "gbk") + b"\r")
        while True:  # every answer is a valid message, up to the probe's or a clean close
            try:
                answer = c.read()
            except ConnectionError:
                break
            _valid_answer(answer)
            if answer.startswith(b"18") and b"AY7AZ" in answer:
                break
    finally:
        c.close()
    # the server still serves another kiosk (a status request needs no login)
    fresh = RawClient(fuzz_server)
    assert fresh.ask(b"9900802.00\r").startswith(b"98")
    fresh.close()
