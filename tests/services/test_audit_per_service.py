"""Accounts: every writing service leaves exactly one audit entry.

The writing services are found in the source (every public service function that calls
``audit.record``); the scenario below runs each of them once, in its own transaction, on
one database, and counts the audit entries before and after. A writing service missing
from the scenario fails the test, so a new one must be added here.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

import workstation.services
from tests import paths
from tests.conftest import TEST_PASSWORD, make_staff
from tests.desk_data import lending_desks, populate
from workstation.db import Database
from workstation.models import CENTRAL_LIBRARY_ID, AuditEntry, BookmobileStop, Role, ServicePoint, ServicePointKind
from workstation.models.circulation import Item, LoanRule, ReaderStatus, TransferReason
from workstation.services import calendar
from workstation.services.admin import auth, backup, checks, idle, kiosks, libraries, library, service_points, staff
from workstation.services.catalogue import marc_export, marc_import, migration
from workstation.services.circulation import (
    catalogue_import,
    corrections,
    holds,
    holdshelf,
    items,
    loans,
    money,
    overdue,
    pins,
    privacy,
    readers,
    rules,
    stocktake,
    transfers,
)
from workstation.services.context import Actor
from workstation.services.digitization import projects as digitization
from workstation.services.outreach import activities, bookmobile, holdings, metrics, volunteers
from workstation.services.outreach import importer as outreach_import
from workstation.services.reading import gate
from workstation.services.reading import importer as reading_import

EXAMPLES = paths.EXAMPLES
NOT_WRITING = {"admin.checks.run_checks",  # matched by name only: it reads
               "admin.auth.manager_for_override"}  # part of loans.authorize_override; writes only on a refusal


def writing_services() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(workstation.services.__path__, "workstation.services."):
        source = inspect.getsource(importlib.import_module(info.name))
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") \
                    and "audit.record(" in (ast.get_source_segment(source, node) or ""):
                found.add(f"{info.name.removeprefix('workstation.services.')}.{node.name}")
    return found - NOT_WRITING


def _own_rule(s: Session, library_id: int) -> int:
    """A library's own loan rule, written without a service (the step removes it)."""
    rule = LoanRule(library_id=library_id, reader_category="adult", collection_type="book", loan_days=14,
                    max_loans=5, max_renewals=1)
    s.add(rule)
    s.flush()
    return rule.id


def _receive(s: Session, desk: Actor, *, from_library: int) -> None:
    """A book of the central library sent home from a branch (the journey written without a
    return, which audits it), then received at the central library's desk."""
    book = Item(barcode="TRANSIT01", title="在途之书", collection_type="book", library_id=CENTRAL_LIBRARY_ID)
    s.add(book)
    s.flush()
    row = transfers.ItemRow(book.id, book.barcode, book.title, None, "", CENTRAL_LIBRARY_ID)
    now = dt.datetime.now(dt.UTC)
    transfers.send(s.connection(), desk, row, from_library=from_library, to_library=CENTRAL_LIBRARY_ID,
                   reason=TransferReason.RETURN_HOME, hold_id=None, point_id=None, now=now)
    transfers.receive(s, desk, row, library_id=CENTRAL_LIBRARY_ID, point_id=desk.service_point_id, now=now)


def test_every_writing_service_leaves_exactly_one_audit_entry(sqlite_db: Database, tmp_path: Path) -> None:
    db = sqlite_db
    admin0 = make_staff(db, "root", Role.ADMIN)
    point = lending_desks(db)[0]
    admin = admin0.at(point)
    desk = make_staff(db, "desk1", Role.DESK).at(point)
    boss = make_staff(db, "boss", Role.MANAGER).at(point)
    reader_ids, barcodes = populate(db, 3, 7)  # the last one: withdrawn below
    with db.begin() as s:
        room = s.scalars(select(ServicePoint).where(ServicePoint.kind == ServicePointKind.READING_ROOM)).first()
        mobile = s.scalar(select(ServicePoint.id).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE))
        stop = s.scalar(select(BookmobileStop.id).where(BookmobileStop.service_point_id == mobile))
        assert room is not None and mobile is not None and stop is not None
        room_id = room.id
    ids: dict[str, Any] = {}
    today = dt.date.today()
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)  # a renewal on the lending day moves nothing
    stages = [("扫描", False), ("质检", True), ("发布", False)]

    def keep(name: str, value: Any) -> Any:
        ids[name] = value
        return value

    # the hold shelf, stocktake and money (issue 19) need loans made beforehand: an overdue
    # return for reader 1 and reader 2 (fees), a reservation of reader 1 made ready 20 days
    # ago (to expire), one waiting of reader 0 (to cancel)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=60)
    for reader, code in ((reader_ids[1], barcodes[1]), (reader_ids[2], barcodes[4]), (reader_ids[0], barcodes[2])):
        with db.begin() as s:
            loans.checkout(s, desk, reader, code, now=long_ago)
    with db.begin() as s:
        holds.place_hold(s, desk, reader_ids[1], barcode=barcodes[2])
        ids["waiting"] = holds.place_hold(s, desk, reader_ids[0], barcode=barcodes[3]).id
    for code in (barcodes[1], barcodes[4]):
        with db.begin() as s:
            loans.checkin(s, desk, code)
    with db.begin() as s:
        loans.checkin(s, desk, barcodes[2], now=dt.datetime.now(dt.UTC) - dt.timedelta(days=20))

    steps: list[tuple[str, Callable[[Session], Any]]] = [
        # staff and login
        ("admin.staff.create_staff", lambda s: keep("clerk", staff.create_staff(s, admin, "clerk", "职员", "desk",
                                                                          TEST_PASSWORD).id)),
        ("admin.staff.update_staff", lambda s: staff.update_staff(s, admin, ids["clerk"], display_name="职员甲")),
        ("admin.staff.reset_password", lambda s: staff.reset_password(s, admin, ids["clerk"], "another-pass-2")),
        ("admin.auth.login", lambda s: auth.login(s, "clerk", "wrong-password")),  # a failure is audited too
        ("admin.checks.record_bulk_load",
         lambda s: checks.record_bulk_load(s, admin, "loan", 1_000_001, 1_000_010, 10, "old system")),
        ("admin.staff.unlock", lambda s: staff.unlock(s, admin, ids["clerk"])),
        ("admin.staff.change_own_password",
         lambda s: staff.change_own_password(s, desk, TEST_PASSWORD, "new-pass-123")),
        # before the calendar and seats change below
        ("reading.importer.import_file",
         lambda s: reading_import.import_file(s, desk, EXAMPLES / "reading" / "headcounts.csv")),
        # administration
        ("admin.service_points.create_service_point",
         lambda s: keep("point", service_points.create_service_point(s, admin, "临时借阅点", "lending_desk").id)),
        ("admin.service_points.rename_service_point",
         lambda s: service_points.rename_service_point(s, admin, ids["point"], "临时借阅点二")),
        ("admin.service_points.set_seats", lambda s: service_points.set_seats(s, admin, room_id, 80)),
        ("admin.service_points.retire_service_point",
         lambda s: service_points.retire_service_point(s, admin, ids["point"])),
        ("admin.service_points.reactivate_service_point",
         lambda s: service_points.reactivate_service_point(s, admin, ids["point"])),
        ("admin.service_points.delete_service_point",
         lambda s: service_points.delete_service_point(s, admin, ids["point"])),
        ("admin.service_points.add_stop",
         lambda s: keep("stop", service_points.add_stop(s, admin, mobile, "新站点").id)),
        ("admin.service_points.rename_stop", lambda s: service_points.rename_stop(s, admin, ids["stop"], "新站点二")),
        ("admin.service_points.set_stop_active",
         lambda s: service_points.set_stop_active(s, admin, ids["stop"], False)),
        ("admin.library.set_library_name", lambda s: library.set_library_name(s, admin, "某市图书馆")),
        ("circulation.privacy.set_retention_months", lambda s: privacy.set_retention_months(s, admin, 6)),
        ("admin.idle.set_idle_minutes", lambda s: idle.set_idle_minutes(s, admin, 5)),
        # circulation
        ("circulation.readers.register_reader", lambda s: keep("reader", readers.register_reader(
            s, desk, card_number="R9001", name="赵六", category="adult", id_type="other", id_number="X9001",
            phone="13900009001").id)),
        ("admin.kiosks.create_kiosk", lambda s: keep("kiosk", kiosks.create_kiosk(
            s, admin, "k1", "kiosk-pass-1", kiosks.KioskSettings(point)).id)),
        ("admin.kiosks.update_kiosk",
         lambda s: kiosks.update_kiosk(s, admin, ids["kiosk"], kiosks.KioskSettings(point, charset="gbk"))),
        ("admin.kiosks.set_password", lambda s: kiosks.set_password(s, admin, ids["kiosk"], "kiosk-pass-2")),
        ("admin.kiosks.authenticate", lambda s: kiosks.authenticate(s, "k1", "wrong-password", "10.0.0.1")),
        ("admin.kiosks.set_active", lambda s: kiosks.set_active(s, admin, ids["kiosk"], False)),
        ("circulation.pins.set_pin", lambda s: pins.set_pin(s, desk, reader_ids[0], "2468")),
        ("circulation.pins.clear_pin", lambda s: pins.clear_pin(s, desk, reader_ids[0])),
        ("circulation.pins.set_kiosk_requires_pin", lambda s: pins.set_kiosk_requires_pin(s, admin, False)),
        ("circulation.readers.set_reader_status",
         lambda s: readers.set_reader_status(s, desk, reader_ids[2], ReaderStatus.BLOCKED, "超期未还")),
        # the reader record (a lifted block: still one entry, naming the manager who granted it)
        ("circulation.readers.update_reader", lambda s: readers.update_reader(
            s, desk, reader_ids[1], name="读者一", category="child", id_type="other", id_number="X00000001",
            phone="13800000000")),
        ("circulation.readers.extend_card", lambda s: readers.extend_card(s, desk, ids["reader"])),
        ("circulation.readers.replace_card", lambda s: readers.replace_card(s, desk, reader_ids[1], "R900001")),
        ("circulation.readers.set_validity_years", lambda s: readers.set_validity_years(s, boss, "child", 2)),
        ("circulation.items.create_item", lambda s: items.create_item(s, desk, barcode="B9001", title="围城",
                                                                      isbn="9787020090006")),
        ("circulation.loans.checkout", lambda s: keep("loan", loans.checkout(s, desk, ids["reader"], barcodes[0])
                                                      .line.loan_id)),
        ("circulation.loans.renew", lambda s: loans.renew(s, desk, ids["loan"], now=tomorrow)),
        ("circulation.holds.place_hold", lambda s: keep("hold", holds.place_hold(s, desk, reader_ids[0],
                                                                                 barcode=barcodes[0]).id)),
        ("circulation.holds.cancel_hold", lambda s: holds.cancel_hold(s, desk, ids["hold"])),
        ("circulation.loans.checkin", lambda s: loans.checkin(s, desk, barcodes[0])),
        # corrections and the item record
        ("circulation.corrections.void_return", lambda s: corrections.void_return(s, boss, ids["loan"], "扫错了")),
        ("circulation.corrections.void_loan", lambda s: corrections.void_loan(s, boss, ids["loan"], "借错读者")),
        ("circulation.items.update_item", lambda s: items.update_item(
            s, desk, items.find_by_barcode(s, barcodes[1]).id, barcode=barcodes[1], title="新题名")),  # type: ignore[union-attr]
        ("circulation.items.mark_item", lambda s: items.mark_item(
            s, boss, items.find_by_barcode(s, barcodes[6]).id, "withdrawn", "剔旧")),  # type: ignore[union-attr]
        ("circulation.loans.authorize_override", lambda s: loans.authorize_override(
            s, desk, reader_ids[2], "card_blocked", manager_username="boss", manager_password=TEST_PASSWORD,
            reason="读者已补办手续")),
        ("circulation.rules.set_rule", lambda s: rules.set_rule(s, boss, "adult", "book", loan_days=30, max_loans=8,
                                                                max_renewals=2)),
        ("calendar.add_closed_day", lambda s: calendar.add_closed_day(s, boss, today + dt.timedelta(40),
                                                                                  "盘点")),
        ("calendar.remove_closed_day",
         lambda s: calendar.remove_closed_day(s, boss, today + dt.timedelta(40))),
        ("calendar.set_weekly_closing", lambda s: calendar.set_weekly_closing(s, boss, [0])),
        ("circulation.holdshelf.set_shelf_days", lambda s: holdshelf.set_shelf_days(s, boss, 3)),
        ("circulation.holdshelf.expire_holds", lambda s: holdshelf.expire_holds(s, desk)),
        ("circulation.holdshelf.cancel_hold",
         lambda s: holdshelf.cancel_hold(s, desk, ids["waiting"], "reader", "不需要了")),
        ("circulation.holdshelf.export_notify_csv",
         lambda s: holdshelf.export_notify_csv(s, desk, point, tmp_path / "notify.csv")),
        ("circulation.stocktake.start_stocktake",
         lambda s: keep("stocktake", stocktake.start_stocktake(s, desk, "全部图书", "collection", "book").id)),
        ("circulation.stocktake.scan", lambda s: stocktake.scan(s, desk, ids["stocktake"], barcodes[5])),
        ("circulation.stocktake.mark_missing", lambda s: stocktake.mark_missing(s, boss, ids["stocktake"])),
        ("circulation.stocktake.export_xlsx",
         lambda s: stocktake.export_xlsx(s, desk, ids["stocktake"], tmp_path / "stocktake.xlsx")),
        ("circulation.stocktake.close_stocktake", lambda s: stocktake.close_stocktake(s, boss, ids["stocktake"])),
        ("circulation.money.set_money_settings",
         lambda s: money.set_money_settings(s, boss, deposit="100", fee_per_day="0.10", cap_item="5")),
        ("circulation.money.take_deposit", lambda s: money.take_deposit(s, desk, ids["reader"])),
        ("circulation.money.refund_deposit", lambda s: money.refund_deposit(s, desk, ids["reader"], "退证")),
        ("circulation.money.pay_fees",
         lambda s: money.pay_fees(s, desk, reader_ids[1], money.owed(s, desk, reader_ids[1]))),
        ("circulation.money.waive_fees", lambda s: money.waive_fees(s, boss, reader_ids[2], "闭馆期间")),
        ("circulation.money.export_journal_xlsx",
         lambda s: money.export_journal_xlsx(s, desk, point, today, tmp_path / "cash.xlsx")),
        ("circulation.catalogue_import.import_catalogue", lambda s: catalogue_import.import_catalogue(
            s, desk, catalogue_import.read_catalogue(s, desk, EXAMPLES / "circulation" / "catalogue.csv"))),
        ("catalogue.marc_import.import_marc", lambda s: marc_import.import_marc(
            s, desk, EXAMPLES / "catalogue" / "cnmarc-gb18030.iso")),
        ("catalogue.migration.save_preset", lambda s: migration.save_preset(
            s, desk, "readers", "老系统", {"card_number": "证号", "name": "姓名", "id_number": "证件号码"})),
        ("catalogue.migration.import_readers", lambda s: migration.import_readers(
            s, desk, EXAMPLES / "catalogue" / "readers-gbk.csv", migration.mapping_from_preset(
                "readers", "standard", migration.read_header(EXAMPLES / "catalogue" / "readers-gbk.csv")))),
        ("catalogue.migration.import_loans", lambda s: migration.import_loans(
            s, desk, EXAMPLES / "catalogue" / "loans.csv", migration.mapping_from_preset(
                "loans", "standard", migration.read_header(EXAMPLES / "catalogue" / "loans.csv")))),
        ("catalogue.marc_export.export_marc", lambda s: marc_export.export_marc(s, desk, tmp_path / "out.iso")),
        ("circulation.overdue.export_overdue_xlsx",
         lambda s: overdue.export_overdue_xlsx(s, desk, point, tmp_path / "overdue.xlsx")),
        ("circulation.privacy.anonymise_old_loans",
         lambda s: privacy.anonymise_old_loans(s, admin, today=today + dt.timedelta(days=3 * 365))),
        # reading rooms and gate
        ("reading.gate.create_counter", lambda s: keep("counter", gate.create_counter(s, admin, "北门", "one_way").id)),
        ("reading.gate.update_counter", lambda s: gate.update_counter(s, admin, ids["counter"], name="北门计数器")),
        ("reading.gate.record_reading",
         lambda s: keep("reading", gate.record_reading(s, desk, ids["counter"], 1000).id)),
        ("reading.gate.correct_reading", lambda s: gate.correct_reading(s, boss, ids["reading"], 1001, "看错了")),
        ("reading.gate.record_day_total",
         lambda s: keep("total", gate.record_day_total(s, desk, today - dt.timedelta(1),
                                                                                500).id)),
        ("reading.gate.correct_day_total", lambda s: gate.correct_day_total(s, boss, ids["total"], 510, "重新核对")),
        # digitization
        ("digitization.projects.create_template", lambda s: digitization.create_template(s, boss, "古籍模板", stages)),
        ("digitization.projects.create_project", lambda s: keep("project", digitization.create_project(
            s, boss, name="家谱", category="地方文献", unit="页", target=500, start=today, due=today + dt.timedelta(90),
            stages=stages).id)),
        ("digitization.projects.update_project",
         lambda s: digitization.update_project(s, boss, ids["project"], name="家谱二")),
        ("digitization.projects.set_target", lambda s: digitization.set_target(s, boss, ids["project"], 600)),
        ("digitization.projects.add_batch",
         lambda s: keep("batch", digitization.add_batch(s, desk, ids["project"], "第一批",
                                                                                  50).id)),
        ("digitization.projects.correct_quantity",
         lambda s: digitization.correct_quantity(s, boss, ids["batch"], 40, "数错了")),
        # outreach
        ("outreach.activities.create_category",
         lambda s: keep("category", activities.create_category(s, boss, "quiz", "知识竞赛").id)),
        ("outreach.activities.rename_category",
         lambda s: activities.rename_category(s, boss, ids["category"], "知识竞答")),
        ("outreach.activities.set_category_active",
         lambda s: activities.set_category_active(s, boss, ids["category"], False)),
        ("outreach.activities.create_series", lambda s: activities.create_series(s, desk, "读书月")),
        ("outreach.activities.record_activity", lambda s: keep("activity", activities.record_activity(
            s, desk, activities.ActivityInput(title="读书会", category_id=activities.list_categories(s)[0].id,
                                              start_day=today - dt.timedelta(3), participants=30)).id)),
        ("outreach.activities.update_activity", lambda s: activities.update_activity(
            s, desk, ids["activity"], activities.ActivityInput(title="读书分享会",
                                                               category_id=activities.list_categories(s)[0].id,
                                                               start_day=today - dt.timedelta(3), participants=31))),
        ("outreach.activities.void_activity", lambda s: activities.void_activity(s, boss, ids["activity"], "重复")),
        ("outreach.volunteers.create_volunteer",
         lambda s: keep("volunteer", volunteers.create_volunteer(s, desk, "李雷").id)),
        ("outreach.volunteers.update_volunteer",
         lambda s: volunteers.update_volunteer(s, desk, ids["volunteer"], organisation="长治学院")),
        ("outreach.volunteers.record_service", lambda s: keep("service", volunteers.record_service(
            s, desk, ids["volunteer"], today - dt.timedelta(2), "2.5").id)),
        ("outreach.volunteers.void_record", lambda s: volunteers.void_record(s, boss, ids["service"], "记错了")),
        ("outreach.metrics.create_definition",
         lambda s: keep("metric", metrics.create_definition(s, boss, "wechat_reads", "微信阅读量").id)),
        ("outreach.metrics.enter_value", lambda s: keep("value", metrics.enter_value(
            s, desk, ids["metric"], today.year - 1, 3, 1200).id)),
        ("outreach.metrics.correct_value", lambda s: metrics.correct_value(s, boss, ids["value"], 1250)),
        ("outreach.bookmobile.create_vehicle",
         lambda s: keep("vehicle", bookmobile.create_vehicle(s, boss, mobile, "二号车").id)),
        ("outreach.bookmobile.record_trip", lambda s: keep("trip", bookmobile.record_trip(
            s, desk, today - dt.timedelta(1), ids["vehicle"], [stop]).id)),
        ("outreach.bookmobile.void_trip", lambda s: bookmobile.void_trip(s, boss, ids["trip"], "重复")),
        ("outreach.holdings.record_acquisition", lambda s: keep("acquisition", holdings.record_acquisition(
            s, desk, today - dt.timedelta(1), "book", 120, "采购").id)),
        ("outreach.holdings.void_acquisition",
         lambda s: holdings.void_acquisition(s, boss, ids["acquisition"], "录错")),
        ("outreach.importer.import_file",
         lambda s: outreach_import.import_file(s, desk, "metrics", EXAMPLES / "outreach" / "metrics.csv")),
        # libraries (总分馆) and the journeys between them
        ("admin.libraries.create_library",
         lambda s: keep("branch", libraries.create_library(s, admin, "XY", "襄垣县图书馆").id)),
        ("admin.libraries.rename_library",
         lambda s: libraries.rename_library(s, admin, ids["branch"], "XY", "襄垣县图书馆分馆")),
        ("admin.libraries.set_library_options",
         lambda s: libraries.set_library_options(s, admin, ids["branch"], transit_days=5, loan_rules_by="owning")),
        ("circulation.rules.remove_rule", lambda s: rules.remove_rule(s, boss, _own_rule(s, ids["branch"]))),
        ("circulation.transfers.receive", lambda s: _receive(s, desk, from_library=ids["branch"])),
    ]
    ran: dict[str, int] = {}
    for name, step in steps:
        with db.begin() as s:
            before = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
        with db.begin() as s:
            step(s)
        with db.begin() as s:
            ran[name] = (s.scalar(select(func.count()).select_from(AuditEntry)) or 0) - before
    # the restore replaces the database itself (the audit entry lands in the restored one)
    file = backup.backup(db, tmp_path / "b.sqlite3")
    with db.begin() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry)) or 0
    backup.restore(db, admin, file, aside=tmp_path / "aside")
    with db.begin() as s:
        ran["admin.backup.restore"] = (s.scalar(select(func.count()).select_from(AuditEntry)) or 0) - before
    # the bookmobile: a trip prepared, worked offline, uploaded, and its exceptions resolved
    from tests.services.bookmobile.trips import audit_counts

    ran.update(audit_counts(db, desk, boss, tmp_path))
    # the first administrator (made by make_staff above) has one entry too
    with db.begin() as s:
        firsts = s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "create",
                                                                            AuditEntry.entity == "staff",
                                                                            AuditEntry.staff_id == admin0.staff_id,
                                                                            AuditEntry.entity_id == admin0.staff_id))
    ran["admin.staff.create_first_admin"] = firsts or 0
    wrong = {name: n for name, n in ran.items() if n != 1}
    assert wrong == {}
    missing = writing_services() - set(ran)
    assert missing == set(), f"writing services not in the scenario: {sorted(missing)}"
    print(f"\n{len(ran)} writing services, one audit entry each")
