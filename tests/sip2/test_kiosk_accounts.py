"""Kiosk accounts and readers' PINs: services (both backends) and the ``kiosk`` and
``sip2 serve`` commands."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import make_staff
from tests.sip2.conftest import KIOSK_PASSWORD, Library
from workstation.db import Database, open_database
from workstation.errors import Conflict, PermissionDenied, ValidationError
from workstation.models import AuditEntry, Role, ServicePoint, Staff
from workstation.models.kiosk import Kiosk, ReaderPin
from workstation.services.admin import auth, kiosks
from workstation.services.admin import staff as staff_service
from workstation.services.circulation import pins, readers
from workstation.services.context import Actor


def test_only_an_administrator_manages_kiosks(library: Library) -> None:
    with library.db.begin() as s, pytest.raises(PermissionDenied):
        kiosks.create_kiosk(s, library.desk, "k2", KIOSK_PASSWORD, kiosks.KioskSettings(library.point_id))
    with library.db.begin() as s, pytest.raises(PermissionDenied):
        kiosks.list_kiosks(s, library.desk)


def test_kiosk_accounts_are_not_in_the_staff_list(library: Library) -> None:
    """The Admin tab's staff list shows people; kiosks (each with a staff row of its own, for
    its loans) are on the kiosks page only."""
    with library.db.begin() as s:
        people = staff_service.list_staff(s, library.admin)
        kiosk_staff = {k.staff_id for k in kiosks.list_kiosks(s, library.admin)}
        assert sorted(p.username for p in people) == ["desk1", "root"]
        assert len(kiosk_staff) == 4 and not kiosk_staff & {p.id for p in people}
        assert s.query(Staff).count() == len(people) + len(kiosk_staff)


@pytest.mark.parametrize("login, password, point, field", [
    ("中文", KIOSK_PASSWORD, None, "login"),
    ("k", KIOSK_PASSWORD, None, "login"),
    ("k2", "short", None, "password"),
    ("k2", KIOSK_PASSWORD, "期刊阅览室", "service_point"),
])
def test_bad_input_names_the_field_and_writes_nothing(library: Library, login: str, password: str,
                                                      point: str | None, field: str) -> None:
    with library.db.begin() as s:
        before = s.query(AuditEntry).count(), s.query(Kiosk).count()
        point_id = s.scalar(select(ServicePoint.id).where(ServicePoint.name == point)) if point else library.point_id
    with pytest.raises(ValidationError) as err, library.db.begin() as s:
        kiosks.create_kiosk(s, library.admin, login, password, kiosks.KioskSettings(point_id))  # type: ignore[arg-type]
    assert err.value.field == field
    with library.db.begin() as s:
        assert (s.query(AuditEntry).count(), s.query(Kiosk).count()) == before
    with pytest.raises(ValidationError) as err2, library.db.begin() as s:
        kiosks.create_kiosk(s, library.admin, "k3", KIOSK_PASSWORD,
                            kiosks.KioskSettings(library.point_id, charset="latin-1"))
    assert err2.value.field == "charset"


def test_create_update_disable_are_audited(library: Library) -> None:
    with library.db.begin() as s:
        settings = kiosks.KioskSettings(library.other_point_id, charset="gb18030", institution_id="CZ")
        kiosk = kiosks.create_kiosk(s, library.admin, "Lit-Kiosk-1", KIOSK_PASSWORD, settings)
        kid = kiosk.id
    with library.db.begin() as s, pytest.raises(Conflict):
        kiosks.create_kiosk(s, library.admin, "lit-kiosk-1", KIOSK_PASSWORD, kiosks.KioskSettings(library.point_id))
    with library.db.begin() as s:
        kiosks.update_kiosk(s, library.admin, kid, kiosks.KioskSettings(library.other_point_id, charset="gbk",
                                                                          checksum="off", may_renew=False))
        kiosks.set_active(s, library.admin, kid, False)
        assert kiosks.authenticate(s, "lit-kiosk-1", KIOSK_PASSWORD, "10.0.0.9") is None
        kiosks.set_active(s, library.admin, kid, True)
        kiosks.set_password(s, library.admin, kid, "another-pass-2")
        logged = kiosks.authenticate(s, "lit-kiosk-1", "another-pass-2", "10.0.0.9")
        assert logged is not None and logged.charset == "gbk" and not logged.may_renew
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == "kiosk")
                                               .order_by(AuditEntry.id))]
    assert actions[-7:] == ["create", "update", "disable", "login_refused", "enable", "reset_password", "login"]


def test_a_kiosk_cannot_log_into_the_program(library: Library) -> None:
    with library.db.begin() as s:
        staff = s.scalars(select(Staff).where(Staff.username == "kiosk.kiosk-utf8")).one()
        # even an administrator reactivating its row and giving it a password does not open the door
        staff_service.update_staff(s, library.admin, staff.id, active=True)
        staff_service.reset_password(s, library.admin, staff.id, "Staff-pass-9")
    with library.db.begin() as s:
        outcome = auth.login(s, "kiosk.kiosk-utf8", "Staff-pass-9")
    assert outcome.actor is None
    with library.db.begin() as s:
        assert auth.login(s, "kiosk-utf8", KIOSK_PASSWORD).actor is None


def test_pins_are_hashed_checked_and_reset(library: Library) -> None:
    with library.db.begin() as s:
        row = s.get(ReaderPin, library.reader_id)
        assert row is not None and "2468" not in row.pin_hash and row.pin_hash.startswith("$argon2")
        assert pins.check_pin(s, library.reader_id, "2468")
        assert not pins.check_pin(s, library.reader_id, "2469")
        pins.set_pin(s, library.desk, library.reader_id, "97531")
    with library.db.begin() as s:
        assert pins.check_pin(s, library.reader_id, "97531") and not pins.check_pin(s, library.reader_id, "2468")
        entries = s.scalars(select(AuditEntry).where(AuditEntry.action.in_(["set_pin", "reset_pin"]))).all()
        assert [e.action for e in entries][-1] == "reset_pin"
        assert all("97531" not in str(e.details) for e in entries)
    for bad in ("12", "1111", "12a4", "１２３４"):
        with pytest.raises(ValidationError) as err, library.db.begin() as s:
            pins.set_pin(s, library.desk, library.reader_id, bad)
        assert err.value.field == "pin"


def test_the_library_decides_whether_kiosks_require_a_pin(db: Database) -> None:
    admin = make_staff(db, "root", Role.ADMIN)
    with db.begin() as s:
        assert pins.kiosk_requires_pin(s)
        pins.set_kiosk_requires_pin(s, admin, False)
    with db.begin() as s:
        assert not pins.kiosk_requires_pin(s)


# -- the commands ---------------------------------------------------------------------------

def run(*args: str, stdin: str = "", home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_STATE_HOME=str(home / "state"),
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"))
    return subprocess.run([sys.executable, "-m", "workstation", *args], input=stdin, capture_output=True,
                          text=True, env=env, check=False, timeout=120)


def test_kiosk_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert run("--db", url, "user", "add", "--username", "admin", "--name", "管理员", "--password-stdin",
               stdin="Admin-pass-1\n", home=tmp_path).returncode == 0
    added = run("--db", url, "kiosk", "add", "zh-kiosk-1", "--service-point", "综合借阅处", "--charset", "gbk",
                "--admin", "admin", "--password-stdin", stdin=f"{KIOSK_PASSWORD}\nAdmin-pass-1\n", home=tmp_path)
    assert added.returncode == 0, added.stderr
    unknown = run("--db", url, "kiosk", "add", "zh-kiosk-2", "--service-point", "没有这个", "--admin", "admin",
                  "--password-stdin", stdin=f"{KIOSK_PASSWORD}\nAdmin-pass-1\n", home=tmp_path)
    assert unknown.returncode == 2 and "没有服务点" in unknown.stderr
    listed = run("--db", url, "kiosk", "list", "--admin", "admin", "--password-stdin", stdin="Admin-pass-1\n",
                 home=tmp_path)
    assert listed.returncode == 0 and "zh-kiosk-1\t综合借阅处\tgbk\tstrict\tCR" in listed.stdout
    disabled = run("--db", url, "kiosk", "disable", "zh-kiosk-1", "--admin", "admin", "--password-stdin",
                   stdin="Admin-pass-1\n", home=tmp_path)
    assert disabled.returncode == 0, disabled.stderr
    db = open_database(url)
    try:
        with db.begin() as s:
            kiosk = s.scalars(select(Kiosk)).one()
            assert not kiosk.active and kiosk.charset.value == "gbk"
            admin = Actor.of(s.scalars(select(Staff).where(Staff.username == "admin")).one(), "t")
            point = s.scalar(select(ServicePoint.id).where(ServicePoint.name == "综合借阅处"))
            readers.register_reader(s, admin.at(point), card_number="C0001", name="王五", category="adult",
                                    id_type="passport", id_number="E11112222")
    finally:
        db.dispose()
    pin = run("--db", url, "kiosk", "pin", "C0001", "--admin", "admin", "--password-stdin",
              stdin="4826\nAdmin-pass-1\n", home=tmp_path)
    assert pin.returncode == 0, pin.stderr
    bad = run("--db", url, "kiosk", "pin", "C0001", "--admin", "admin", "--password-stdin",
              stdin="12\nAdmin-pass-1\n", home=tmp_path)
    assert bad.returncode == 2 and "密码" in bad.stderr
    db = open_database(url)
    try:
        with db.begin() as s:
            reader_id = s.scalar(select(ReaderPin.reader_id))
            assert reader_id is not None and pins.check_pin(s, reader_id, "4826")
    finally:
        db.dispose()


def test_sip2_serve_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    open_database(url).dispose()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path / "state"))
    proc = subprocess.Popen([sys.executable, "-m", "workstation", "sip2", "serve", "--db", url, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.2)
        with sock:
            sock.sendall(b"9900802.00\r")
            assert sock.recv(4096).startswith(b"98")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
        logs = list((tmp_path / "state").rglob("*.log"))
        assert logs and "SIP2 server stopped" in logs[0].read_text(encoding="utf-8")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
