"""``workstation import marc|readers|loans FILE`` and ``workstation export marc --out FILE``:
the catalogue, readers and open loans in and out without the GUI.

Every subcommand acts as a staff member (``--user USER``, whose password is asked, or read
from standard input with ``--password-stdin``). An import is one transaction: a file with
problems is refused whole (or, with ``--good-only``, the good records or rows come in)
and the problem list can be written with ``--problems FILE.xlsx``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workstation.commands.common import Translator, read_secret, with_database

if TYPE_CHECKING:  # loaded when a command runs, not when the parser is built
    from workstation.db import Database
    from workstation.services.context import Actor


def _who(parser: Any) -> None:
    parser.add_argument("--user", metavar="USER", required=True, help="the staff member doing it (username)")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")


def register(sub: Any) -> None:
    imports = sub.add_parser("import", help="bring in MARC records, readers or open loans") \
        .add_subparsers(dest="import_command", required=True)
    marc = imports.add_parser("marc", help="import a MARC file (ISO 2709 .iso/.mrc, or MARCXML)")
    marc.add_argument("file", type=Path)
    marc.add_argument("--format", default="auto", choices=["auto", "cnmarc", "marc21"])
    marc.add_argument("--encoding", default="auto", choices=["auto", "utf-8", "gb18030", "marc-8"])
    marc.add_argument("--duplicates", default="merge", choices=["merge", "skip", "report"],
                      help="a record already in the catalogue (same ISBN and title): merge its copies into it, "
                           "skip it, or report it and import nothing")
    marc.add_argument("--good-only", action="store_true", help="import the good records when some have problems")
    marc.add_argument("--problems", type=Path, metavar="FILE.xlsx", help="write the problem list here")
    marc.add_argument("--preview", action="store_true", help="only show the format, encoding and first records")
    _who(marc)
    marc.set_defaults(func=import_marc)
    for what, helptext in (("readers", "import readers from the old system (CSV in UTF-8 or GBK, or XLSX)"),
                           ("loans", "import the old system's open loans (CSV in UTF-8 or GBK, or XLSX)")):
        one = imports.add_parser(what, help=helptext)
        one.add_argument("file", type=Path)
        one.add_argument("--preset", default="standard",
                         help="column layout: standard, interlib, huiwen, dp2, or a preset saved in the program")
        one.add_argument("--column", action="append", default=[], metavar="FIELD=HEADER",
                         help="map one field to a column header (after the preset), e.g. card_number=读者证号")
        one.add_argument("--desk", required=True, help="the lending desk they belong to (name or number)")
        one.add_argument("--report", type=Path, metavar="FILE.xlsx", help="write the migration report here")
        _who(one)
        one.set_defaults(func=import_migration, kind=what)
    export = sub.add_parser("export", help="write the catalogue as MARC") \
        .add_subparsers(dest="export_command", required=True)
    out = export.add_parser("marc", help="export the records with their holdings")
    out.add_argument("--out", type=Path, required=True, help="the file to write (.iso, .mrc, or .xml for MARCXML)")
    out.add_argument("--format", default="cnmarc", choices=["cnmarc", "marc21"])
    out.add_argument("--encoding", default="utf-8", choices=["utf-8", "gb18030"])
    out.add_argument("--since", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                     help="only records changed or given copies since this day")
    _who(out)
    out.set_defaults(func=export_marc)


def login(db: Database, args: argparse.Namespace, translate: Translator) -> Actor | None:
    from workstation.services.admin import auth

    password = read_secret(f"{args.user} 的密码 Password of {args.user}: ", args.password_stdin)
    with db.begin() as s:
        outcome = auth.login(s, args.user, password)
    if outcome.actor is None:
        assert outcome.error is not None
        print(translate(outcome.error), file=sys.stderr)
    return outcome.actor


class _Progress:
    def __init__(self) -> None:
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // max(total, 1)
        if percent // 10 != self.shown // 10:
            self.shown = percent
            print(f"  {done:,} / {total:,}", file=sys.stderr)


def import_marc(args: argparse.Namespace) -> int:
    from workstation.services.catalogue import marc_import

    translate = Translator(args.lang)

    def body(db: Database) -> int:
        actor = login(db, args, translate)
        if actor is None:
            return 2
        with db.begin() as s:
            preview = marc_import.preview_marc(s, actor, args.file, args.format, args.encoding, limit=5)
        info = preview.info
        print(f"格式 Format: {info.format}  编码 Encoding: {info.encoding}  记录 Records: {info.records:,}")
        for row in preview.first:
            x = row.fields
            print(f"  {row.number}: {x.title} / {x.responsibility} | ISBN {x.isbn or '—'} | {x.publisher} "
                  f"{x.pub_year} | {x.clc_class} | 册 copies {len(x.copies)}")
        if args.preview:
            return 0
        try:
            with db.begin() as s:
                result = marc_import.import_marc(s, actor, args.file, fmt=args.format, encoding=args.encoding,
                                                 duplicates=args.duplicates, good_only=args.good_only,
                                                 progress=_Progress())
        except marc_import.MarcImportRefused as refused:
            _problems(refused.result, args.problems, translate)
            print(translate(refused), file=sys.stderr)
            return 2
        _problems(result, args.problems, translate)
        print(f"已导入 Imported: {result.records_added:,} 条新书目 new records, {result.records_merged:,} 条合并 "
              f"merged, {result.records_skipped:,} 条跳过 skipped, {result.items_added:,} 册 items; "
              f"{len(result.problems):,} 个问题 problems")
        return 0

    return with_database(args, translate, body)


def _problems(result: Any, path: Path | None, translate: Translator) -> None:
    from workstation.services.catalogue import marc_import

    for p in result.problems[:20]:
        reason = translate(p.error) if p.error is not None else p.reason
        print(f"  记录 record {p.record} [{p.tag}]: {reason}", file=sys.stderr)
    if path is not None:
        written = marc_import.write_problems(result, path.expanduser(), translate)
        print(f"问题清单 Problem list: {written}", file=sys.stderr)


def export_marc(args: argparse.Namespace) -> int:
    from workstation.services.catalogue import marc_export

    translate = Translator(args.lang)

    def body(db: Database) -> int:
        actor = login(db, args, translate)
        if actor is None:
            return 2
        with db.begin() as s:
            result = marc_export.export_marc(s, actor, args.out.expanduser(), fmt=args.format,
                                             encoding=args.encoding, since=args.since)
        print(f"已导出 Exported: {result.records:,} 条书目 records, {result.items:,} 册 items → {result.path}")
        return 0

    return with_database(args, translate, body)


def import_migration(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from workstation.models import ServicePoint
    from workstation.services.catalogue import migration

    translate = Translator(args.lang)

    def body(db: Database) -> int:
        actor = login(db, args, translate)
        if actor is None:
            return 2
        header = migration.read_header(args.file)
        with db.begin() as s:
            saved = migration.saved_presets(s, args.kind)
            desk = args.desk.strip()
            point = s.scalar(select(ServicePoint.id).where(
                ServicePoint.id == int(desk) if desk.isdigit() else ServicePoint.name == desk))
        if point is None:
            print(f"没有这个服务点 (no such service point): {args.desk}", file=sys.stderr)
            return 2
        if args.preset in saved:
            mapping = dict(saved[args.preset])
        else:
            mapping = migration.mapping_from_preset(args.kind, args.preset, header)
        for pair in args.column:
            name, _, column = pair.partition("=")
            mapping[name.strip()] = column.strip()
        print("列 Columns: " + ", ".join(f"{k}={v}" for k, v in mapping.items()))
        run = migration.import_readers if args.kind == "readers" else migration.import_loans
        try:
            with db.begin() as s:
                result = run(s, actor, args.file, mapping, service_point_id=point, progress=_Progress())
        except migration.MigrationRefused as refused:
            for p in refused.result.problems[:20]:
                print(f"  行 row {p.row} [{p.column}]: {translate(p.error)}", file=sys.stderr)
            if args.report is not None:
                migration.write_report(refused.result, args.report.expanduser(), translate)
            print(translate(refused), file=sys.stderr)
            return 2
        if args.report is not None:
            migration.write_report(result, args.report.expanduser(), translate)
        print(f"已导入 Imported: {result.added:,} / {result.rows:,}")
        return 0

    return with_database(args, translate, body)
