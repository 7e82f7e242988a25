"""Every wire pitfall of docs/kiosks.md, with raw socket bytes against the real server,
on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import socket
import time

import pytest
from pysip2.codec import calculate_checksum, decode_message, verify_checksum
from sqlalchemy import func, select

from tests.sip2.conftest import KIOSK_PASSWORD, PIN, READER_NAME, TITLE, Library, RawClient, sip_now, with_trailer
from workstation.models import AuditEntry
from workstation.models.circulation import Hold, Loan, Renewal
from workstation.services.circulation import holds
from workstation.sip2.server import Sip2Server
from workstation.sip2.wire import MAX_MESSAGE


def written(library: Library) -> tuple[int, int, int, int]:
    with library.db.begin() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0  # type: ignore[return-value]
                     for t in (Loan, Renewal, Hold, AuditEntry))


def open_loans(library: Library) -> int:
    with library.db.begin() as s:
        return s.scalar(select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))) or 0


def checkout(barcode: str, seq: int, card: str = "R0001", pin: str = PIN, charset: str = "utf-8") -> bytes:
    return with_trailer(f"11YN{sip_now()}{' ' * 18}AOCZLIB|AA{card}|AB{barcode}|AC|AD{pin}|", seq, charset) + b"\r"


def checkin(barcode: str, seq: int) -> bytes:
    return with_trailer(f"09N{sip_now()}{sip_now()}AP|AOCZLIB|AB{barcode}|AC|", seq) + b"\r"


def decode(frame: bytes, charset: str = "utf-8"):
    return decode_message(frame if frame.endswith(b"\r") else frame.rstrip(b"\n"), encoding=charset).message


@pytest.fixture
def kiosk(server: Sip2Server) -> RawClient:
    c = RawClient(server.port)
    assert c.login().startswith(b"941")
    return c


def test_a_message_split_across_many_reads(server: Sip2Server, library: Library) -> None:
    c = RawClient(server.port)
    c.login()
    frame = checkout("B0002", 1)
    for i in range(0, len(frame), 7):
        c.send(frame[i:i + 7])
        time.sleep(0.01)
    assert decode(c.read()).ok == "1"
    assert open_loans(library) == 1


def test_coalesced_messages_each_get_their_answer(kiosk: RawClient, library: Library) -> None:
    kiosk.send(checkout("B0002", 1) + checkout("B0003", 2) + b"9900802.00AY3AZ" +
               calculate_checksum(b"9900802.00AY3AZ").encode() + b"\r")
    answers = [kiosk.read(), kiosk.read(), kiosk.read()]
    assert [a[:2] for a in answers] == [b"12", b"12", b"98"]
    assert open_loans(library) == 2


@pytest.mark.parametrize("terminator", [b"\r\n", b"\n"])
def test_crlf_and_lf_terminators(server: Sip2Server, library: Library, terminator: bytes) -> None:
    c = RawClient(server.port)
    assert c.ask(with_trailer(f"9300CNkiosk-utf8|CO{KIOSK_PASSWORD}|CP|", 0) + terminator).startswith(b"941")
    answer = c.ask(checkout("B0002", 1)[:-1] + terminator)
    assert decode(answer).ok == "1"
    assert answer.endswith(b"\r") and not answer.endswith(b"\r\n")  # this kiosk is set to CR


def test_a_crlf_kiosk_gets_crlf(server: Sip2Server) -> None:
    c = RawClient(server.port, crlf=True)
    answer = c.login("kiosk-lenient")
    assert answer.endswith(b"\r\n") and answer.startswith(b"941")


def test_leading_junk_is_dropped(server: Sip2Server) -> None:
    c = RawClient(server.port)
    login = with_trailer(f"9300CNkiosk-utf8|CO{KIOSK_PASSWORD}|CP|", 0)
    assert c.ask(b"\xff\xfb\x01\x00\n" + login + b"\r").startswith(b"941")


def test_blank_no_block_due_date_missing_trailing_bar_and_missing_ac_ad(kiosk: RawClient,
                                                                         library: Library) -> None:
    # 18 blanks as nb due date, no AC, and the last field without its |
    body = f"11YN{sip_now()}{' ' * 18}AOCZLIB|AAR0001|AD{PIN}|ABB0002"
    assert decode(kiosk.ask(with_trailer(body, 1) + b"\r")).ok == "1"
    status = kiosk.ask(with_trailer(f"23019{sip_now()}AOCZLIB|AAR0001|", 2) + b"\r")
    message = decode(status)
    assert message.personal_name == ""  # no PIN given, and this library requires one
    assert message.valid_patron == "Y"


def test_three_digit_checksum(kiosk: RawClient) -> None:
    for pad in range(400, 1400):
        prefix = f"17{sip_now()}AOCZLIB|ABB0002|AC{'x' * pad}|AY1AZ".encode()
        digits = calculate_checksum(prefix)
        if digits.startswith("0"):
            answer = kiosk.ask(prefix + digits[1:].encode() + b"\r")
            assert answer.startswith(b"18")
            return
    pytest.fail("no frame with a checksum below 0x1000")


def test_status_before_login(server: Sip2Server) -> None:
    c = RawClient(server.port)
    answer = c.ask(b"9900802.00AY1AZ" + calculate_checksum(b"9900802.00AY1AZ").encode() + b"\r")
    status = decode(answer)
    assert status.online_status == "Y" and len(status.supported_messages) == 16
    assert c.login(seq=2).startswith(b"941")


def test_wrong_checksum_strict_gets_96_and_changes_nothing(kiosk: RawClient, library: Library) -> None:
    before = written(library)
    good = checkout("B0002", 1)
    bad = good[:-5] + (b"0000" if good[-5:-1] != b"0000" else b"1111") + b"\r"
    assert kiosk.ask(bad) == b"96AZFEF6\r"
    assert written(library) == before
    assert decode(kiosk.ask(good)).ok == "1"


def test_wrong_checksum_lenient_is_accepted_and_logged(server: Sip2Server, library: Library,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    c = RawClient(server.port, crlf=True)
    assert c.login("kiosk-lenient").startswith(b"941")
    good = checkout("B0002", 1)
    bad = good[:-5] + (b"0000" if good[-5:-1] != b"0000" else b"1111") + b"\r"
    with caplog.at_level(logging.WARNING, logger="workstation.sip2"):
        answer = c.ask(bad)
    assert decode(answer.rstrip(b"\n")).ok == "1"
    assert any("wrong checksum accepted" in r.getMessage() for r in caplog.records)


def test_resend_and_retry_are_byte_exact_and_change_nothing(kiosk: RawClient, library: Library) -> None:
    frame = checkout("B0002", 4)
    first = kiosk.ask(frame)
    after = written(library)
    assert kiosk.ask(b"97AZFEF5\r") == first
    assert kiosk.ask(b"97\r") == first
    assert kiosk.ask(frame) == first  # the same request again: the kiosk lost our answer
    assert written(library) == after


def test_nothing_before_login(server: Sip2Server, library: Library) -> None:
    before = written(library)
    c = RawClient(server.port)
    c.send(checkout("B0002", 1))
    assert c.closed()
    assert written(library) == before


def test_failed_logins_are_rate_limited_and_audited(server: Sip2Server, library: Library) -> None:
    c = RawClient(server.port)
    for seq in range(3):
        assert c.login(password="wrong-password", seq=seq).startswith(b"940")
    # the limiter (3 within a minute here) refuses even the right password now, and closes
    assert c.login(seq=4).startswith(b"940")
    assert c.closed()
    with library.db.begin() as s:
        failures = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "kiosk", AuditEntry.action == "login_failed")) or 0
    assert failures == 3


def test_idle_connection_is_closed(server: Sip2Server) -> None:
    c = RawClient(server.port)
    started = time.monotonic()
    assert c.closed(timeout=15)
    assert 4 <= time.monotonic() - started < 12


def test_an_oversized_message_closes_only_that_connection(server: Sip2Server, kiosk: RawClient,
                                                          library: Library) -> None:
    big = RawClient(server.port)
    big.send(b"9" * (MAX_MESSAGE + 100))
    assert big.closed()
    assert decode(kiosk.ask(checkout("B0002", 1))).ok == "1"


def test_a_connection_flood_is_refused_without_harming_others(server: Sip2Server, kiosk: RawClient) -> None:
    flood = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(40)]
    try:
        time.sleep(0.5)
        refused = 0
        for sock in flood:
            sock.settimeout(0.05)
            try:
                if sock.recv(1) == b"":
                    refused += 1
            except TimeoutError:
                pass
            except OSError:
                refused += 1
        assert refused >= 40 - 16  # max_per_address is 16, one is the kiosk itself
        assert decode(kiosk.ask(checkout("B0002", 1))).ok == "1"
    finally:
        for sock in flood:
            sock.close()


def test_return_of_a_reserved_item_captures_the_hold_with_cv_ct(kiosk: RawClient, library: Library) -> None:
    assert decode(kiosk.ask(checkout("B0001", 1))).ok == "1"
    with library.db.begin() as s:
        holds.place_hold(s, library.desk, library.reader2_id, barcode="B0001", pickup_point_id=library.other_point_id)
    answer = kiosk.ask(checkin("B0001", 2))
    msg = decode(answer)
    assert msg.ok == "1" and msg.alert == "Y" and msg.title_identifier == TITLE
    assert b"CV02|" in answer and "CT文学借阅处|".encode() in answer
    with library.db.begin() as s:
        hold = s.scalars(select(Hold)).one()
    assert hold.state.value == "ready"


def test_checkout_again_right_away_is_a_retry_not_a_second_loan(kiosk: RawClient, library: Library) -> None:
    assert decode(kiosk.ask(checkout("B0002", 1))).ok == "1"
    before = written(library)
    again = decode(kiosk.ask(checkout("B0002", 2)))
    assert again.ok == "1" and again.renewal_ok == "N"
    assert written(library) == before


def test_gbk_kiosk_reads_and_writes_gbk(server: Sip2Server, library: Library) -> None:
    c = RawClient(server.port)
    assert c.login("kiosk-gbk", charset="gbk").startswith(b"941")
    answer = c.ask(with_trailer(f"63019{sip_now()}Y         AOCZLIB|AAR0001|AD{PIN}|", 1, "gbk") + b"\r")
    assert verify_checksum(answer[:-1])  # summed over the GBK bytes
    assert f"|AE{READER_NAME}|".encode("gbk") in answer
    # split on the raw bytes, the name would break at 億's trail byte: pysip2 does exactly that
    with pytest.raises(UnicodeDecodeError):
        decode_message(answer, encoding="gbk")
    assert f"AE{READER_NAME}" in answer.decode("gbk").split("|")


def test_checkout_again_later_is_a_renewal(library: Library) -> None:
    """Past the retry window, a kiosk checkout of the reader's own loan renews it (once)."""
    import datetime as dt

    from workstation import timeutil
    from workstation.services.admin import kiosks
    from workstation.sip2.protocol import KioskConnection, LoginLimiter

    clock = [timeutil.now_utc()]
    conn = KioskConnection(library.db, "10.0.0.7", LoginLimiter(), now=lambda: clock[0])
    with library.db.begin() as s:
        conn.kiosk = kiosks.authenticate(s, "kiosk-utf8", KIOSK_PASSWORD, "10.0.0.7")
    first = conn.handle(checkout("B0002", 1)[:-1])
    assert first.data is not None and decode(first.data).renewal_ok == "N"
    clock[0] += dt.timedelta(minutes=11)
    soon = conn.handle(checkout("B0002", 2)[:-1])  # the same day: a renewal would not move the due date
    assert soon.data is not None and decode(soon.data).ok == "0"
    clock[0] += dt.timedelta(days=1)
    again = conn.handle(checkout("B0002", 3)[:-1])
    assert again.data is not None
    message = decode(again.data)
    assert message.ok == "1" and message.renewal_ok == "Y"
    assert written(library)[:2] == (1, 1)  # one loan, one renewal
