"""``workstation bookmobile prepare|sync``: the bookmobile's trip stores without the GUI
(docs/bookmobile.md).

    workstation bookmobile prepare --vehicle NAME --out FILE --user U   a trip store for the road
    workstation bookmobile sync FILE --user U [--salvage]               upload and replay its events

Both act as the staff member ``--user`` (the password is asked, or read from standard input
with ``--password-stdin``), at the vehicle's bookmobile."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workstation.commands.common import Translator, read_secret, with_database

if TYPE_CHECKING:  # loaded when a command runs, not when the parser is built
    from workstation.db import Database
    from workstation.services.context import Actor


def register(sub: Any) -> None:
    bm = sub.add_parser("bookmobile", help="the bookmobile's offline trips") \
        .add_subparsers(dest="bookmobile_command", required=True)
    prepare = bm.add_parser("prepare", help="write a trip store for a vehicle (the desk offline)")
    prepare.add_argument("--vehicle", required=True, help="the vehicle's name or number")
    prepare.add_argument("--out", required=True, help="the trip store to write (a new file)")
    prepare.add_argument("--user", required=True, help="the staff member preparing the trip")
    prepare.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    prepare.set_defaults(func=prepare_command)
    sync = bm.add_parser("sync", help="upload a trip store's events and replay them")
    sync.add_argument("file", help="the trip store")
    sync.add_argument("--salvage", action="store_true",
                      help="a damaged store: recover every event whose checksum holds, report the rest")
    sync.add_argument("--user", required=True, help="the staff member syncing")
    sync.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    sync.set_defaults(func=sync_command)


def _login(db: Database, args: argparse.Namespace, translate: Translator) -> Actor | None:
    from workstation.services.admin import auth

    password = read_secret(f"{args.user} 的密码 Password of {args.user}: ", args.password_stdin)
    with db.begin() as s:
        outcome = auth.login(s, args.user, password)
    if outcome.actor is None:
        assert outcome.error is not None
        print(translate(outcome.error), file=sys.stderr)
    return outcome.actor


def _vehicle(db: Database, value: str) -> tuple[int, int] | None:
    from sqlalchemy import select

    from workstation.models.outreach import BookmobileVehicle

    with db.begin() as s:
        query = select(BookmobileVehicle.id, BookmobileVehicle.service_point_id)
        query = query.where(BookmobileVehicle.id == int(value)) if value.isdigit() else \
            query.where(BookmobileVehicle.name == value.strip())
        row = s.execute(query).one_or_none()
        return (int(row[0]), int(row[1])) if row is not None else None


def prepare_command(args: argparse.Namespace) -> int:
    from workstation.services.bookmobile import store

    translate = Translator(args.lang)

    def body(db: Database) -> int:
        vehicle = _vehicle(db, args.vehicle)
        if vehicle is None:
            print(f"没有名为 {args.vehicle} 的车辆 No vehicle named {args.vehicle}.", file=sys.stderr)
            return 2
        actor = _login(db, args, translate)
        if actor is None:
            return 2

        def progress(step: int, steps: int, _label: str = "") -> None:
            print(f"\r{step}/{steps}", end="", file=sys.stderr, flush=True)

        with db.begin() as s:
            info = store.prepare_trip(s, actor.at(vehicle[1]), vehicle[0], Path(args.out), progress=progress)
        print(file=sys.stderr)
        print(f"出车数据 Trip store {info.path}: {info.vehicle}, 快照 snapshot "
              f"{info.snapshot_at.isoformat(timespec='minutes')}; {info.readers} 读者 readers, {info.items} 册 items, "
              f"{info.loans} 在借 loans; 新证号 new cards {info.card(info.card_from)} – {info.card(info.card_to)}")
        return 0

    return with_database(args, translate, body)


def sync_command(args: argparse.Namespace) -> int:
    from workstation.services.bookmobile import sync

    translate = Translator(args.lang)

    def body(db: Database) -> int:
        actor = _login(db, args, translate)
        if actor is None:
            return 2
        report = sync.sync_trip(db, actor, Path(args.file), salvage=args.salvage)
        t = report.accounting
        print(f"{report.vehicle}: 文件中 {report.in_store} 条事件 events in the store, 新 {report.new} new. "
              f"上传 uploaded {t.uploaded} = 已处理 applied {t.applied} (含提醒 with a warning {t.warnings}) "
              f"+ 例外 exceptions {t.exceptions} + 作废 discarded {t.discarded}")
        if report.clock_shown:
            print(f"笔记本时钟偏差 {round(report.clock_offset / 60)} 分钟，时间已校正 The laptop's clock was off by "
                  f"{round(report.clock_offset / 60)} minutes; the times were corrected.")
        if report.damaged or report.missing:
            missing = ", ".join(map(str, report.missing)) or "—"
            print(f"抢救 Salvage: 损坏记录 damaged records {report.damaged}; "
                  f"缺失事件号 missing event numbers: {missing}")
        return 1 if t.exceptions else 0

    return with_database(args, translate, body)
