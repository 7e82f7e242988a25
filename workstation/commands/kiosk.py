"""``workstation kiosk add|list|disable``: self-service kiosk accounts without the GUI.

Every subcommand acts as an administrator (``--admin USER``, whose password is asked after
the kiosk's own, or read from standard input with ``--password-stdin``)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from workstation.commands.common import Translator, read_secret, with_database

if TYPE_CHECKING:  # loaded when a command runs, not when the parser is built
    from workstation.db import Database
    from workstation.services.context import Actor


def register(sub: Any) -> None:
    kiosk = sub.add_parser("kiosk", help="self-service kiosk accounts (SIP2)") \
        .add_subparsers(dest="kiosk_command", required=True)
    add = kiosk.add_parser("add", help="create a kiosk account")
    add.add_argument("name", help="the kiosk's login (SIP2 CN), e.g. zh-kiosk-1")
    add.add_argument("--service-point", required=True, help="the lending desk the kiosk belongs to (name or number)")
    add.add_argument("--charset", default="utf-8", choices=["utf-8", "gbk", "gb18030"])
    add.add_argument("--checksum", default="strict", choices=["strict", "lenient", "off"])
    add.add_argument("--terminator", default="CR", choices=["CR", "CRLF"])
    add.add_argument("--due-date-format", default="sip", choices=["sip", "iso"])
    add.add_argument("--institution", default="", help="institution id (AO)")
    add.add_argument("--no-renew", action="store_true", help="the kiosk may not renew")
    add.add_argument("--send-phone", action="store_true", help="the kiosk may receive readers' phone numbers")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the kiosk's password, then the --admin password, from standard input")
    add.add_argument("--admin", metavar="USER", required=True, help="an administrator's username")
    add.set_defaults(func=kiosk_add)
    listing = kiosk.add_parser("list", help="list the kiosk accounts")
    listing.add_argument("--password-stdin", action="store_true", help="read the --admin password from stdin")
    listing.add_argument("--admin", metavar="USER", required=True)
    listing.set_defaults(func=kiosk_list)
    disable = kiosk.add_parser("disable", help="disable a kiosk account (it can no longer log in)")
    disable.add_argument("name")
    disable.add_argument("--password-stdin", action="store_true", help="read the --admin password from stdin")
    disable.add_argument("--admin", metavar="USER", required=True)
    disable.set_defaults(func=kiosk_disable)
    pin = kiosk.add_parser("pin", help="set or reset a reader's kiosk PIN (4 to 12 digits)")
    pin.add_argument("card", help="the reader's card number")
    pin.add_argument("--password-stdin", action="store_true",
                     help="read the new PIN, then the --admin password, from standard input")
    pin.add_argument("--admin", metavar="USER", required=True)
    pin.set_defaults(func=kiosk_pin)


def _admin(db: Database, args: argparse.Namespace, translate: Translator) -> Actor | None:
    from workstation.services.admin import auth

    password = read_secret(f"{args.admin} 的密码 Password of {args.admin}: ", args.password_stdin)
    with db.begin() as s:
        outcome = auth.login(s, args.admin, password)
    if outcome.actor is None:
        assert outcome.error is not None
        print(translate(outcome.error), file=sys.stderr)
    return outcome.actor


def _point_id(db: Database, value: str) -> int | None:
    from sqlalchemy import select

    from workstation.models import ServicePoint

    with db.begin() as s:
        if value.isdigit():
            return s.scalar(select(ServicePoint.id).where(ServicePoint.id == int(value)))
        return s.scalar(select(ServicePoint.id).where(ServicePoint.name == value.strip()))


def kiosk_add(args: argparse.Namespace) -> int:
    from workstation.services.admin import kiosks

    translate = Translator(args.lang)

    def add(db: Database) -> int:
        point_id = _point_id(db, args.service_point)
        if point_id is None:
            print(f"没有服务点 {args.service_point} (no such service point)", file=sys.stderr)
            return 2
        password = read_secret("自助机密码 Kiosk password: ", args.password_stdin)
        actor = _admin(db, args, translate)
        if actor is None:
            return 2
        settings = kiosks.KioskSettings(point_id, charset=args.charset, checksum=args.checksum,
                                        terminator=args.terminator, due_date_format=args.due_date_format,
                                        institution_id=args.institution, may_renew=not args.no_renew,
                                        send_phone=args.send_phone)
        with db.begin() as s:
            kiosk = kiosks.create_kiosk(s, actor, args.name, password, settings)
            print(f"已创建自助设备 {kiosk.login} (kiosk account created)")
        return 0

    return with_database(args, translate, add)


def kiosk_list(args: argparse.Namespace) -> int:
    from workstation.services.admin import kiosks

    translate = Translator(args.lang)

    def show(db: Database) -> int:
        actor = _admin(db, args, translate)
        if actor is None:
            return 2
        with db.begin() as s:
            for k in kiosks.list_kiosks(s, actor):
                state = "active" if k.active else "disabled"
                print(f"{k.login}\t{k.service_point.name}\t{k.charset.value}\t{k.checksum.value}\t"
                      f"{k.terminator.value}\tAO={k.institution_id}\t{state}")
        return 0

    return with_database(args, translate, show)


def kiosk_disable(args: argparse.Namespace) -> int:
    from workstation.services.admin import kiosks

    translate = Translator(args.lang)

    def disable(db: Database) -> int:
        actor = _admin(db, args, translate)
        if actor is None:
            return 2
        with db.begin() as s:
            kiosk = kiosks.find_kiosk(s, args.name)
            kiosks.set_active(s, actor, kiosk.id, False)
            print(f"已停用自助设备 {kiosk.login} (kiosk disabled)")
        return 0

    return with_database(args, translate, disable)


def kiosk_pin(args: argparse.Namespace) -> int:
    from workstation.services.circulation import pins
    from workstation.sip2.desk_adapter import find_reader

    translate = Translator(args.lang)

    def set_pin(db: Database) -> int:
        pin = read_secret("读者密码 Reader's PIN: ", args.password_stdin)
        actor = _admin(db, args, translate)
        if actor is None:
            return 2
        with db.begin() as s:
            reader = find_reader(s, args.card)
            if reader is None:
                print(f"没有读者证 {args.card} (no such card)", file=sys.stderr)
                return 2
            pins.set_pin(s, actor, reader.id, pin)
            print(f"已设置读者 {reader.card_number} 的自助借还密码 (PIN set)")
        return 0

    return with_database(args, translate, set_pin)
