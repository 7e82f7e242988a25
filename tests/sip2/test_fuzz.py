"""Hypothesis: the frame reader, every message parser and a logged-in connection take any
bytes without crashing or hanging, write nothing, and answer with a valid message or close."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pysip2.codec import verify_checksum
from sqlalchemy import func, select

from tests.conftest import fresh_sqlite, make_staff
from tests.sip2.conftest import KIOSK_PASSWORD, PIN, RawClient, sip_now, with_trailer
from workstation.db import Database
from workstation.models import AuditEntry, Role, ServicePoint
from workstation.models.circulation import Hold, Loan, Renewal
from workstation.services.admin import kiosks
from workstation.services.circulation import items, pins, readers
from workstation.sip2.protocol import KioskConnection, LoginLimiter
from workstation.sip2.server import Limits, running
from workstation.sip2.wire import FIXED_WIDTHS, MAX_MESSAGE, BadMessage, FrameReader, FrameTooLong, decode_frame, parse

CODES = sorted(FIXED_WIDTHS)
FUZZ = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text that looks like SIP: codes, field IDs, bars, dates, Chinese, and GBK's 億
sip_alphabet = st.sampled_from([*"0123456789 |YNAOABACADAAAJAHAYAZ億张李一", "\r", "\n", "\x00", "\xff"])
sipish = st.lists(st.one_of(sip_alphabet, st.characters()), max_size=120).map("".join)


@FUZZ
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


@FUZZ
@given(st.sampled_from(CODES), sipish)
def test_every_parser_takes_any_text(code: str, rest: str) -> None:
    try:
        request = parse(code + rest)
    except BadMessage:
        return
    assert request.code == code and len(request.fixed) == FIXED_WIDTHS[code]
    for field_id, values in request.fields.items():
        assert len(field_id) == 2 and all("|" not in v for v in values)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["utf-8", "gbk", "gb18030"]))
def test_decoding_takes_any_bytes(frame: bytes, charset: str) -> None:
    decoded = decode_frame(frame, charset)
    assert isinstance(decoded.text, str)


@pytest.fixture(scope="module")
def fuzz_db(sqlite_template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = fresh_sqlite(sqlite_template, tmp_path_factory.mktemp("fuzz"))
    admin = make_staff(db, "root", Role.ADMIN)
    with db.begin() as s:
        point = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "综合借阅处"))
    assert point is not None
    desk = make_staff(db, "desk1", Role.DESK).at(point)
    with db.begin() as s:
        reader = readers.register_reader(s, desk, card_number="R0001", name="张億明", category="adult",
                                         id_type="passport", id_number="E12345678")
        items.create_item(s, desk, barcode="B0001", title="億万", home_point_id=point)
        pins.set_pin(s, desk, reader.id, PIN)
        kiosks.create_kiosk(s, admin, "kiosk-gbk", KIOSK_PASSWORD, kiosks.KioskSettings(point, charset="gbk"))
    yield db
    db.dispose()


def _written(db: Database) -> tuple[int, ...]:
    with db.begin() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0 for t in (Loan, Renewal, Hold, AuditEntry))


def _valid_answer(data: bytes) -> None:
    assert data[:2].isdigit() and data.endswith(b"\r")
    body = data[:-1]
    if body[-6:-4] == b"AZ":
        assert verify_checksum(body)


@pytest.fixture(scope="module")
def fuzz_kiosk(fuzz_db: Database) -> kiosks.KioskLogin:
    with fuzz_db.begin() as s:
        kiosk = kiosks.authenticate(s, "kiosk-gbk", KIOSK_PASSWORD, "fuzz")
    assert kiosk is not None
    return kiosk


@FUZZ
@given(st.sampled_from(CODES), sipish)
def test_a_logged_in_connection_answers_or_closes_and_writes_nothing(fuzz_db: Database,
                                                                    fuzz_kiosk: kiosks.KioskLogin, code: str,
                                                                    rest: str) -> None:
    conn = KioskConnection(fuzz_db, "fuzz", LoginLimiter(), kiosk=fuzz_kiosk)
    before = _written(fuzz_db)
    frame = (code + rest).encode("gbk", errors="replace")
    for piece in FrameReader().feed(frame + b"\r") if b"\r" not in frame and b"\n" not in frame else []:
        answer = conn.handle(piece)
        assert answer.data is not None or answer.close
        if answer.data is not None:
            _valid_answer(answer.data)
    # garbage never lends, returns, renews or places a hold; only a login attempt (93) is
    # audited, by rule
    after = _written(fuzz_db)
    assert after[:3] == before[:3]
    assert after[3] == before[3] or code == "93"


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
