"""A small library for the kiosk tests: a lending desk, readers with Chinese names (one
with 億, whose GBK trail byte is ``|``), items with Chinese titles, kiosks in UTF-8 and GBK,
and the SIP2 server on a free port."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pysip2.codec import calculate_checksum
from sqlalchemy import select

from tests.conftest import make_staff
from workstation import timeutil
from workstation.db import Database
from workstation.models import Role, ServicePoint
from workstation.services.admin import kiosks
from workstation.services.circulation import items, pins, readers
from workstation.services.context import Actor
from workstation.sip2.protocol import LoginLimiter
from workstation.sip2.server import Limits, Sip2Server, running

KIOSK_PASSWORD = "kiosk-pass-1"
PIN = "2468"
# 億 is 0x83 0x7C in GBK: split on raw bytes, the name would break at its trail byte
READER_NAME = "张億明"
TITLE = "億万人的阅读｜长治"  # a full-width bar too, and 億 again
TITLE2 = "平凡的世界"
TITLE3 = "红楼梦"


def gbk_pipe_trail_chars() -> list[str]:
    found = []
    for cp in range(0x4E00, 0xA000):
        try:
            data = chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        if len(data) == 2 and data[1] == 0x7C:
            found.append(chr(cp))
    return found


@dataclass
class Library:
    db: Database
    admin: Actor
    desk: Actor  # at the general lending desk
    point_id: int
    point_name: str
    other_point_id: int
    reader_id: int
    reader2_id: int
    card: str = "R0001"
    card2: str = "R0002"


def _point(db: Database, name: str) -> int:
    with db.begin() as s:
        pid = s.scalar(select(ServicePoint.id).where(ServicePoint.name == name))
        assert pid is not None
        return pid


@pytest.fixture
def library(db: Database) -> Library:
    admin = make_staff(db, "root", Role.ADMIN)
    point = _point(db, "综合借阅处")
    other = _point(db, "文学借阅处")
    desk = make_staff(db, "desk1", Role.DESK).at(point)
    with db.begin() as s:
        r1 = readers.register_reader(s, desk, card_number="R0001", name=READER_NAME, category="adult",
                                     id_type="passport", id_number="E12345678", phone="13800138000")
        r2 = readers.register_reader(s, desk, card_number="R0002", name="李四", category="adult",
                                     id_type="passport", id_number="E87654321")
        for code, title in (("B0001", TITLE), ("B0002", TITLE2), ("B0003", TITLE3), ("B0004", "三国演义"),
                            ("B0005", "水浒传")):
            items.create_item(s, desk, barcode=code, title=title, home_point_id=point)
        pins.set_pin(s, desk, r1.id, PIN)
        pins.set_pin(s, desk, r2.id, "1357")
        for login, charset in (("kiosk-utf8", "utf-8"), ("kiosk-gbk", "gbk")):
            kiosks.create_kiosk(s, admin, login, KIOSK_PASSWORD,
                                kiosks.KioskSettings(point, charset=charset, institution_id="CZLIB"))
        kiosks.create_kiosk(s, admin, "kiosk-lenient", KIOSK_PASSWORD,
                            kiosks.KioskSettings(point, charset="utf-8", checksum="lenient", terminator="CRLF"))
        kiosks.create_kiosk(s, admin, "kiosk-off", KIOSK_PASSWORD,
                            kiosks.KioskSettings(point, charset="gbk", checksum="off"))
        ids = (r1.id, r2.id)
    return Library(db, admin, desk, point, "综合借阅处", other, *ids)


@pytest.fixture
def server(library: Library) -> Iterator[Sip2Server]:
    limits = Limits(login_timeout=5.0, idle_timeout=5.0, max_per_address=16, workers=4)
    with running(library.db, limits=limits, limiter=LoginLimiter(limit=3, window=60)) as srv:
        yield srv


def sip_now() -> str:
    return timeutil.now_utc().astimezone(timeutil.LIBRARY_TZ).strftime("%Y%m%d    %H%M%S")


def with_trailer(body: str, seq: int, charset: str = "utf-8") -> bytes:
    """``body`` + AY/AZ, the checksum over the encoded bytes (pysip2's own function)."""
    prefix = (body + f"AY{seq}AZ").encode(charset)
    return prefix + calculate_checksum(prefix).encode("ascii")


class RawClient:
    """A socket and nothing else: what the kiosk sends, byte for byte."""

    def __init__(self, port: int, timeout: float = 10.0, *, crlf: bool = False) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buffer = b""
        self.crlf = crlf  # answers end in CRLF (a kiosk set to CRLF)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read(self) -> bytes:
        """One answer, terminator included."""
        end_mark = b"\r\n" if self.crlf else b"\r"
        while end_mark not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.buffer += chunk
        end = self.buffer.index(end_mark) + len(end_mark)
        answer, self.buffer = self.buffer[:end], self.buffer[end:]
        return answer

    def ask(self, data: bytes) -> bytes:
        self.send(data)
        return self.read()

    def closed(self, timeout: float = 5.0) -> bool:
        """True when the server closes the connection (reads give EOF)."""
        self.sock.settimeout(timeout)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
        except (TimeoutError, OSError):
            return False

    def login(self, login: str = "kiosk-utf8", password: str = KIOSK_PASSWORD, charset: str = "utf-8",
              seq: int = 0) -> bytes:
        return self.ask(with_trailer(f"9300CN{login}|CO{password}|CP|", seq, charset) + b"\r")

    def close(self) -> None:
        self.sock.close()


def due_day(days: int) -> dt.date:
    return timeutil.today() + dt.timedelta(days=days)
