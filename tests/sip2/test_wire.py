"""The wire layer without a server: frames, charsets, checksums, liberal parsing, exact output."""

from __future__ import annotations

import pytest
from pysip2.codec import calculate_checksum, verify_checksum

from tests.sip2.conftest import gbk_pipe_trail_chars
from workstation.sip2.wire import (
    MAX_MESSAGE,
    BadMessage,
    FrameReader,
    FrameTooLong,
    Response,
    Terminator,
    checksum,
    decode_frame,
    parse,
    parse_date,
)


def test_116_gbk_characters_have_the_bar_as_trail_byte() -> None:
    chars = gbk_pipe_trail_chars()
    assert len(chars) == 116
    assert "億" in chars and "亅" in chars
    for ch in chars:
        with pytest.raises(UnicodeEncodeError):
            ch.encode("gb2312")


@pytest.mark.parametrize("data, frames", [
    (b"9900302.00\r", [b"9900302.00"]),
    (b"9900302.00\r\n", [b"9900302.00"]),
    (b"9900302.00\n", [b"9900302.00"]),
    (b"\xff\xfb\x01\x009900302.00\r", [b"9900302.00"]),  # Telnet IAC and NUL before the code
    (b"\n\n  9900302.00\r", [b"9900302.00"]),
    (b"9900302.00\r9900302.00\r\n17x\r", [b"9900302.00", b"9900302.00", b"17x"]),
    (b"\r\n\r\n", []),
])
def test_frame_reader_splits_and_cleans(data: bytes, frames: list[bytes]) -> None:
    assert FrameReader().feed(data) == frames


def test_frame_reader_joins_a_message_split_byte_by_byte() -> None:
    reader = FrameReader()
    message = "63001…".encode() + b"AAR0001|\r"
    out: list[bytes] = []
    for i in range(len(message)):
        out += reader.feed(message[i:i + 1])
    assert out == [message[:-1]]
    assert reader.pending == 0


def test_frame_reader_is_bounded() -> None:
    reader = FrameReader()
    reader.feed(b"9" * MAX_MESSAGE)
    with pytest.raises(FrameTooLong):
        reader.feed(b"9")
    with pytest.raises(FrameTooLong):
        FrameReader().feed(b"9" * (MAX_MESSAGE + 1) + b"\r")


def test_checksum_agrees_with_pysip2() -> None:
    prefix = b"9300CNkiosk|COpass|CP|AY1AZ"
    assert checksum(prefix) == calculate_checksum(prefix)
    assert verify_checksum(prefix + checksum(prefix).encode())


def test_checksum_sums_bytes_in_the_kiosks_charset() -> None:
    text = "09N20261205    10000020261205    100000AP一楼大厅|AOCZ|ABB1|AC|AY2AZ"
    for charset in ("utf-8", "gbk"):
        frame = text.encode(charset) + checksum(text.encode(charset)).encode()
        decoded = decode_frame(frame, charset)
        assert decoded.checksum_valid and decoded.sequence == "2"
        assert decoded.text.endswith("AC|")
    # PyPI sip2 sums code points: wrong by bytes, right by characters
    by_chars = f"{(-sum(map(ord, text))) & 0xFFFF:X}"
    decoded = decode_frame(text.encode("utf-8") + by_chars.encode(), "utf-8")
    assert not decoded.checksum_valid and decoded.codepoint_valid


def test_a_three_digit_checksum_is_read_as_its_value() -> None:
    # find a body whose checksum starts with 0, as PyPI sip2 writes it without padding
    for n in range(500, 1500):  # a checksum below 0x1000 needs a byte sum over 0xF000
        body = f"1720261205    100000AOCZ|AB{'Z' * n}|AY1AZ".encode()
        digits = checksum(body)
        if digits.startswith("0"):
            decoded = decode_frame(body + digits[1:].encode(), "utf-8")
            assert decoded.has_checksum and decoded.checksum_valid
            return
    pytest.fail("no body with a leading zero checksum found")


def test_decode_before_split_keeps_gbk_names_whole() -> None:
    name = "张億明"
    frame = "64              01920261205    100000000000000000000000AOCZ|AAR1|AE".encode("gbk") \
        + name.encode("gbk") + b"|BLY|"
    assert b"|" in name.encode("gbk")  # the raw bytes would split the name
    request_text = decode_frame(frame, "gbk").text
    assert f"AE{name}|" in request_text
    parsed = parse("23001" + "20261205    100000" + f"AOCZ|AA{name}|AC|AD|")
    assert parsed.get("AA") == name


def test_parse_is_liberal() -> None:
    blank_due = parse("11YN20261205    100000" + " " * 18 + "AOCZ|AAR1|ABB1|AC|")
    assert blank_due.get("AB") == "B1"
    last_without_bar = parse("11YN20261205    100000" + " " * 18 + "AOCZ|AAR1|ABB1")
    assert last_without_bar.get("AB") == "B1" and not last_without_bar.has("AC")
    no_ac_ad = parse("23001" + "20261205    100000" + "AOCZ|AAR1|")
    assert no_ac_ad.get("AA") == "R1" and no_ac_ad.get("AD") == ""
    no_date = parse("65AOCZ|AAR1|ADsecret|")  # PyPI sip2's renew all has no date
    assert no_date.get("AA") == "R1" and no_date.fixed == " " * 18
    extra = parse("17001" + "20261205    100000" + "AOCZ|ABB1|")  # Koha's emulator adds a language
    assert extra.get("AB") == "B1" and extra.get("AO") == "CZ"
    short = parse("99")
    assert short.fixed == " " * 8
    with pytest.raises(BadMessage):
        parse("XX")
    with pytest.raises(BadMessage):
        parse("42abc")


def test_dates() -> None:
    assert parse_date("20261205    103000") is not None
    assert parse_date(" " * 18) is None
    assert parse_date("20261341    103000") is None


def test_responses_mirror_the_requests_error_detection() -> None:
    r = Response("94", "1")
    assert r.encode("utf-8", sequence=None, with_checksum=False, terminator=Terminator.CR) == b"941\r"
    assert r.encode("utf-8", sequence="3", with_checksum=True, terminator=Terminator.CRLF) \
        == b"941AY3AZ" + checksum(b"941AY3AZ").encode() + b"\r\n"
    assert Response("96").encode("ascii", sequence="3", with_checksum=True, terminator=Terminator.CR) \
        == b"96AZFEF6\r"


def test_values_never_carry_the_delimiter_or_line_ends() -> None:
    r = Response("10", "1YNN20261205    100000").add("AJ", "a|b\rc")
    assert r.text().endswith("AJa&#124;b c|")
