"""Smoke: login, checkout and checkin over a raw socket."""

from __future__ import annotations

from pysip2.codec import decode_message

from tests.sip2.conftest import PIN, RawClient, sip_now, with_trailer
from workstation.sip2.server import Sip2Server


def test_login_checkout_checkin(server: Sip2Server) -> None:
    c = RawClient(server.port)
    answer = c.login()
    assert answer.startswith(b"941")
    out = c.ask(with_trailer(f"11YN{sip_now()}{' ' * 18}AOCZLIB|AAR0001|ABB0002|AC|AD{PIN}|", 1) + b"\r")
    msg = decode_message(out, encoding="utf-8").message
    assert msg.ok == "1", out
    back = c.ask(with_trailer(f"09N{sip_now()}{sip_now()}AP|AOCZLIB|ABB0002|AC|", 2) + b"\r")
    msg2 = decode_message(back, encoding="utf-8").message
    assert msg2.ok == "1", back
    c.close()
