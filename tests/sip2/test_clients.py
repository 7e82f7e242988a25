"""The real server driven by two independent clients from PyPI: ``sip2`` (a complete
client, the kiosk) and ``pysip2`` (a strict codec, the oracle that decodes every answer),
in UTF-8 and GBK, with Chinese titles and names (億: its GBK trail byte is ``|``)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pysip2.codec import decode_message, verify_checksum
from pysip2.models import (
    ACSStatusResponse,
    CheckinResponse,
    CheckoutResponse,
    EndSessionResponse,
    ItemInformationResponse,
    LoginResponse,
    PatronInformationResponse,
    PatronStatusResponse,
    RenewAllResponse,
    RenewResponse,
)
from Sip2.sip2 import Sip2
from sqlalchemy import update

from tests.sip2.conftest import KIOSK_PASSWORD, PIN, READER_NAME, TITLE, TITLE2, Library
from workstation import timeutil
from workstation.models.circulation import Loan
from workstation.sip2.server import Sip2Server


@pytest.fixture(autouse=True)
def client_log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """PyPI sip2 writes ``sip2.log`` into the working folder unless told otherwise."""
    monkeypatch.setattr(Sip2, "_log_folder", str(tmp_path), raising=False)
    yield
    for handler in list(logging.getLogger("Sip2").handlers):
        logging.getLogger("Sip2").removeHandler(handler)
        handler.close()


def kiosk_client(port: int, charset: str) -> Sip2:
    client = Sip2()
    client.logfile_path = Sip2._log_folder  # type: ignore[attr-defined]
    client.hostName = "127.0.0.1"
    client.hostPort = port
    client.tlsEnable = False
    client.hostEncoding = charset
    client.withCrc = client.withSeq = True
    client.institutionId = "CZLIB"
    client.scLocation = "hall-1"
    client.patron = "R0001"
    client.patronpwd = PIN
    client.socketTimeout = 10
    client.loglevel = "WARNING"
    client.connect()
    return client


def oracle(client: Sip2, response: str, charset: str, kind: type) -> object:
    """pysip2 decodes the exact bytes the server sent (the client decoded them losslessly).

    pysip2 splits the raw bytes on ``|`` before decoding them — the very GBK pitfall: 億's
    trail byte cuts the field. So in GBK pysip2 checks the checksum over the GBK bytes, and
    decodes the same text re-encoded in UTF-8 (trailer dropped: pysip2 takes it optional)."""
    raw = response.encode(charset)
    assert raw.endswith(b"\r")
    if charset == "utf-8":
        decoded = decode_message(raw, encoding=charset)
    else:
        assert verify_checksum(raw[:-1])
        text = response[:-1]
        text = text[:text.rindex("AY")] if "AY" in text[-9:] else text
        decoded = decode_message(text.encode("utf-8") + b"\r", encoding="utf-8")
    assert isinstance(decoded.message, kind), response
    return decoded.message


@pytest.mark.parametrize("login, charset", [("kiosk-utf8", "utf-8"), ("kiosk-gbk", "gbk")])
def test_every_message_through_the_sip2_client(server: Sip2Server, library: Library, login: str,
                                               charset: str) -> None:
    c = kiosk_client(server.port, charset)
    try:
        r = c.get_response(c.sip_login_request(login, KIOSK_PASSWORD))
        assert c.sip_login_response(r)["fixed"]["Ok"] == "1"
        assert oracle(c, r, charset, LoginResponse).ok == "1"  # type: ignore[attr-defined]

        r = c.get_response(c.sip_sc_status_request())
        status = oracle(c, r, charset, ACSStatusResponse)
        assert status.institution_id == "CZLIB"  # type: ignore[attr-defined]
        assert status.supported_messages == "YYYNYYYYYNYNNNYY"  # type: ignore[attr-defined]
        assert status.terminal_location == "综合借阅处"  # type: ignore[attr-defined]

        r = c.get_response(c.sip_patron_information_request("none"))
        info = oracle(c, r, charset, PatronInformationResponse)
        assert info.personal_name == READER_NAME  # type: ignore[attr-defined]
        assert info.valid_patron == "Y" and info.valid_patron_password == "Y"  # type: ignore[attr-defined]
        assert c.sip_patron_information_response(r)["variable"]["AE"] == [READER_NAME]

        r = c.get_response(c.sip_checkout_request("B0001"))
        out = oracle(c, r, charset, CheckoutResponse)
        assert out.ok == "1" and out.title_identifier == TITLE and out.due_date  # type: ignore[attr-defined]
        assert c.sip_checkout_response(r)["variable"]["AJ"] == [TITLE]
        r = c.get_response(c.sip_checkout_request("B0002"))
        assert oracle(c, r, charset, CheckoutResponse).title_identifier == TITLE2  # type: ignore[attr-defined]

        r = c.get_response(c.sip_patron_information_request("charged"))
        info = oracle(c, r, charset, PatronInformationResponse)
        assert info.charged_items_count == "0002"  # type: ignore[attr-defined]
        assert set(info.charged_items) == {"B0001", "B0002"}  # type: ignore[attr-defined]

        r = c.get_response(c.sip_patron_status_request())
        patron = oracle(c, r, charset, PatronStatusResponse)
        assert patron.personal_name == READER_NAME and patron.patron_status == " " * 14  # type: ignore[attr-defined]

        r = c.get_response(c.sip_item_information_request("B0001"))
        item = oracle(c, r, charset, ItemInformationResponse)
        assert item.circulation_status == "04" and item.title_identifier == TITLE  # type: ignore[attr-defined]

        # renewing on the day of the loan would not move the due date: "no", saying from when
        r = c.get_response(c.sip_renew_request("B0001"))
        soon = oracle(c, r, charset, RenewResponse)
        tomorrow = (timeutil.today() + dt.timedelta(days=1)).isoformat()
        assert soon.ok == "0" and soon.renewal_ok == "N"  # type: ignore[attr-defined]
        assert soon.screen_message == (f"现在续借不会延长期限，请稍后再续借（{tomorrow} 起可续借）",)  # type: ignore[attr-defined]
        r = c.get_response(c.sip_renew_all_request())
        none = oracle(c, r, charset, RenewAllResponse)
        assert none.renewed_count == "0000" and none.unrenewed_count == "0002"  # type: ignore[attr-defined]
        assert tomorrow in none.screen_message[0]  # type: ignore[attr-defined]
        with library.db.begin() as s:  # the loans were made ten days ago
            s.execute(update(Loan).values(due_date=timeutil.today() + dt.timedelta(days=20)))

        r = c.get_response(c.sip_renew_request("B0001"))
        renewed = oracle(c, r, charset, RenewResponse)
        assert renewed.ok == "1" and renewed.renewal_ok == "Y"  # type: ignore[attr-defined]

        r = c.get_response(c.sip_renew_all_request())
        every = oracle(c, r, charset, RenewAllResponse)
        # B0001 has had its one renewal (adult books: 1), B0002 is renewed
        assert every.renewed_count == "0001" and every.unrenewed_count == "0001"  # type: ignore[attr-defined]
        assert every.renewed_items == ("B0002",) and every.unrenewed_items == ("B0001",)  # type: ignore[attr-defined]

        r = c.get_response(c.sip_checkin_request("B0001"))
        back = oracle(c, r, charset, CheckinResponse)
        assert back.ok == "1" and back.alert == "N" and back.title_identifier == TITLE  # type: ignore[attr-defined]

        last = r
        r = c.get_response(c.sip_sc_resend_request())
        assert r == last  # byte for byte

        r = c.get_response(c.sip_end_patron_session_request())
        assert oracle(c, r, charset, EndSessionResponse).end_session == "Y"  # type: ignore[attr-defined]
    finally:
        c.disconnect()


def test_a_wrong_pin_is_refused_and_said(server: Sip2Server, library: Library) -> None:
    c = kiosk_client(server.port, "utf-8")
    try:
        c.get_response(c.sip_login_request("kiosk-utf8", KIOSK_PASSWORD))
        c.patronpwd = "9999"
        r = c.get_response(c.sip_patron_information_request("charged"))
        info = oracle(c, r, "utf-8", PatronInformationResponse)
        assert info.valid_patron_password == "N" and info.personal_name == ""  # type: ignore[attr-defined]
        r = c.get_response(c.sip_checkout_request("B0001"))
        out = oracle(c, r, "utf-8", CheckoutResponse)
        assert out.ok == "0" and out.screen_message == ("密码错误",)  # type: ignore[attr-defined]
    finally:
        c.disconnect()


def test_code_point_checksums_with_chinese_need_a_lenient_kiosk(server: Sip2Server, library: Library) -> None:
    """PyPI sip2 sums characters, not bytes: with a Chinese location a strict kiosk gets 96,
    a lenient one is served."""
    for login, expect in (("kiosk-utf8", "96"), ("kiosk-lenient", "10")):
        c = kiosk_client(server.port, "utf-8")
        try:
            if login == "kiosk-lenient":
                c.msgTerminator = "\r\n"
            c.get_response(c.sip_login_request(login, KIOSK_PASSWORD))
            c.scLocation = "一楼大厅"
            r = c.get_response(c.sip_checkin_request("B0003"))
            assert r[:2] == expect
        finally:
            c.disconnect()
