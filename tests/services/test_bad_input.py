"""Bad input: every service entry point that takes what people type, scan or import gets
2,000 generated cases (hypothesis). Each case either gives a result or raises a
``WorkstationError`` with a message, and a refused case has written nothing (no new or
changed row in the session, no audit entry, no row in the tables it touches).

One database per test function; every case runs in a savepoint of one open transaction,
so the database work per case stays small (nothing is committed to disk).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.conftest import make_staff
from tests.desk_data import lending_desks, populate
from workstation.db import Database
from workstation.errors import WorkstationError
from workstation.models import AuditEntry, Role, ServicePoint, ServicePointKind
from workstation.services import calendar
from workstation.services.admin import auth, library, passwords, service_points, staff
from workstation.services.circulation import catalogue_import, holds, items, loans, privacy, readers, rules
from workstation.services.digitization import projects as digitization
from workstation.services.outreach import activities, bookmobile, holdings, metrics, volunteers
from workstation.services.outreach import importer as outreach_import
from workstation.services.reading import counts as reading
from workstation.services.reading import gate
from workstation.services.reading import importer as reading_import

CASES = settings(max_examples=2000, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                        HealthCheck.data_too_large, HealthCheck.filter_too_much])

TRICKY = ["", " ", "\u3000", "０１２３", "ＡＢＣ", "=1+1", "'; DROP TABLE item; --", "\x00", "a\x00b", "😀" * 5,
          "李" * 300, "-1", "0", "1e9", "NaN", "inf", "2019-02-30", "25:61", "1.5", "１２", "9" * 40,
          "R0001", "B0000001", "978-7-02-000220-4", "140402199001011235", "13812345678", "\ufeffx",
          "中华人民共和国", "ＩＳＢＮ 978-7-02-000220-4", "\t\n", "None", "null", "../../etc/passwd"]
text = st.one_of(st.sampled_from(TRICKY),
                 st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
                 st.text(alphabet="0123456789-XRB０１２ ", max_size=25))
number = st.one_of(st.integers(-10**12, 10**12), st.sampled_from([0, 1, -1, 2**31, 2**63, 10**6]), text,
                   st.decimals(allow_nan=True, allow_infinity=True, places=3), st.floats(allow_nan=True),
                   st.none())
# values of the types each entry point declares (what the widgets and file readers give)
integer = st.one_of(st.integers(-10**12, 10**12), st.sampled_from([0, 1, -1, 2**31, 2**63, 10**6]))
int_or_text = st.one_of(integer, text)
int_text_none = st.one_of(integer, text, st.none())
decimal_like = st.one_of(integer, text, st.none(), st.decimals(allow_nan=True, allow_infinity=True, places=3),
                         st.floats(allow_nan=True))
date_text_none = st.one_of(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
                           st.dates(dt.date(2015, 1, 1), dt.date(2030, 1, 1)), text, st.none())
dates = st.one_of(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.dates(dt.date(2015, 1, 1),
                                                                               dt.date(2030, 1, 1)))
day = st.one_of(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.dates(dt.date(2015, 1, 1), dt.date(2030, 1, 1)),
                text, st.none())


STAGES = [("扫描", False), ("质检", True), ("发布", False)]


class Harness:
    """One open transaction; each case in a savepoint, checked and rolled back."""

    def __init__(self, db: Database, tables: tuple[type, ...]) -> None:
        self.db = db
        self.tables = (AuditEntry, *tables)
        self.results = {"ok": 0, "refused": 0}
        self.before: tuple[int, ...] | None = None

    def counts(self, session: Session) -> tuple[int, ...]:
        query = select(*(select(func.count()).select_from(t).scalar_subquery() for t in self.tables))
        return tuple(session.execute(query).one())

    def __call__(self, session: Session, call: Callable[[Session], Any]) -> None:
        # every case is rolled back, so the counts before each case are the first ones
        if self.before is None:
            self.before = self.counts(session)
        savepoint = session.begin_nested()
        try:
            call(session)
            session.flush()
            self.results["ok"] += 1
        except WorkstationError as err:
            assert err.english().strip(), "a refusal without a message"
            assert not session.new, f"refused, but left new rows: {session.new}"
            changed = [o for o in session.dirty if session.is_modified(o)]
            assert not changed, f"refused, but changed: {changed}"
            assert self.counts(session) == self.before, "refused, but wrote rows"
            self.results["refused"] += 1
        finally:
            if savepoint.is_active:
                savepoint.rollback()
            session.expire_all()


@pytest.fixture
def world(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    # argon2 on 2,000 passwords would take minutes: the input handling is under test here
    monkeypatch.setattr(passwords, "hash_password", lambda p: "$fast$" + p)
    monkeypatch.setattr(passwords, "verify_password", lambda h, p: h == "$fast$" + p)
    monkeypatch.setattr(staff, "hash_password", lambda p: "$fast$" + p)
    monkeypatch.setattr(staff, "verify_password", lambda h, p: h == "$fast$" + p)
    monkeypatch.setattr(auth, "verify_password", lambda h, p: h == "$fast$" + p)
    monkeypatch.setattr(auth, "needs_rehash", lambda h: False)
    admin = make_staff(sqlite_db, "root", Role.ADMIN)
    point = lending_desks(sqlite_db)[0]
    desk = make_staff(sqlite_db, "desk1", Role.DESK).at(point)
    reader_ids, barcodes = populate(sqlite_db, 5, 20)
    with sqlite_db.begin() as s:
        room = s.scalar(select(ServicePoint.id).where(ServicePoint.kind == ServicePointKind.READING_ROOM))
        counter = gate.create_counter(s, admin, "东门", "one_way").id
        project = digitization.create_project(s, admin, name="地方文献", category="古籍", unit="页", target=1000,
                                              start=dt.date(2019, 1, 1), due=dt.date(2019, 12, 31),
                                              stages=STAGES).id
        category = activities.list_categories(s)[0].id
        volunteer = volunteers.create_volunteer(s, admin, "王芳").id
        metric = metrics.list_definitions(s)[0].id if metrics.list_definitions(s) else None
        vehicle_point = s.scalar(select(ServicePoint.id).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE))
        vehicle = bookmobile.create_vehicle(s, admin, vehicle_point, "一号车").id if vehicle_point else None
    with sqlite_db.sessions() as session, session.begin():
        yield {"db": sqlite_db, "session": session, "admin": admin.at(point), "desk": desk, "readers": reader_ids,
               "barcodes": barcodes, "room": room, "counter": counter, "project": project, "category": category,
               "volunteer": volunteer, "metric": metric, "vehicle": vehicle}
        session.rollback()


def _report(h: Harness, name: str) -> None:
    print(f"\n{name}: {h.results['ok'] + h.results['refused']} cases, {h.results['ok']} accepted, "
          f"{h.results['refused']} refused with a message")
    assert h.results["ok"] + h.results["refused"] >= 2000


# -- staff and login ---------------------------------------------------------------------------

def test_create_staff(world: dict[str, Any]) -> None:
    from workstation.models import Staff

    h = Harness(world["db"], (Staff,))

    @CASES
    @given(username=text, name=text, role=st.one_of(st.sampled_from(["desk", "manager", "admin"]), text),
           password=text)
    def case(username: str, name: str, role: str, password: str) -> None:
        h(world["session"], lambda s: staff.create_staff(s, world["admin"], username, name, role, password))

    case()
    _report(h, "staff.create_staff")


def test_login(world: dict[str, Any]) -> None:
    h = Harness(world["db"], ())

    @CASES
    @given(username=st.one_of(text, st.just("desk1")), password=text)
    def case(username: str, password: str) -> None:
        def run(s: Session) -> None:
            outcome = auth.login(s, username, password)  # failures are returned, and audited
            assert outcome.ok or (outcome.error is not None and outcome.error.english())
        h(world["session"], run)

    case()
    _report(h, "auth.login")


# -- circulation -------------------------------------------------------------------------------

def test_register_reader(world: dict[str, Any]) -> None:
    from workstation.models.circulation import Reader

    h = Harness(world["db"], (Reader,))
    valid = st.fixed_dictionaries({  # inputs a librarian would type: many are accepted
        "card": st.from_regex(r"R[0-9]{4,10}", fullmatch=True),
        "name": st.sampled_from(["王小明", "李华", "Anna Li"]),
        "category": st.sampled_from(["adult", "child"]), "id_type": st.just("other"),
        "id_number": st.from_regex(r"[A-Z][0-9]{6,12}", fullmatch=True),
        "phone": st.one_of(st.just(""), st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)),
        "valid_until": st.none(), "deposit": st.sampled_from([0, "50", "100.00"])})
    anything = st.fixed_dictionaries({
        "card": text, "name": text, "category": st.one_of(st.sampled_from(["adult", "child"]), text),
        "id_type": st.one_of(st.sampled_from(["resident_id", "passport", "other"]), text), "id_number": text,
        "phone": text, "valid_until": st.one_of(st.none(), st.dates()),
        "deposit": st.one_of(integer, text, st.decimals(allow_nan=True, allow_infinity=True))})

    @CASES
    @given(fields=st.one_of(valid, anything))
    def case(fields: dict[str, Any]) -> None:
        h(world["session"], lambda s: readers.register_reader(
            s, world["desk"], card_number=fields["card"], name=fields["name"], category=fields["category"],
            id_type=fields["id_type"], id_number=fields["id_number"], phone=fields["phone"],
            valid_until=fields["valid_until"], deposit=fields["deposit"]))

    case()
    _report(h, "readers.register_reader")


def test_create_item(world: dict[str, Any]) -> None:
    from workstation.models.circulation import Item

    h = Harness(world["db"], (Item,))

    @CASES
    @given(barcode=text, title=text, author=text, isbn=st.one_of(st.none(), text), call=text,
           kind=st.one_of(st.sampled_from(["book", "serial", "图书"]), text))
    def case(barcode: str, title: str, author: str, isbn: str | None, call: str, kind: str) -> None:
        h(world["session"], lambda s: items.create_item(s, world["desk"], barcode=barcode, title=title, author=author,
                                                         isbn=isbn, call_number=call, collection_type=kind))

    case()
    _report(h, "items.create_item")


def test_checkout_checkin_renew_and_hold_by_scan(world: dict[str, Any]) -> None:
    from workstation.models.circulation import Hold, Loan, Renewal

    h = Harness(world["db"], (Loan, Renewal, Hold))
    ops = ["checkout", "checkin", "renew", "hold"]

    @CASES
    @given(op=st.sampled_from(ops), reader=st.one_of(st.sampled_from(world["readers"]), st.integers(-5, 10**9)),
           code=st.one_of(st.sampled_from(world["barcodes"]), text))
    def case(op: str, reader: int, code: str) -> None:
        desk = world["desk"]
        calls: dict[str, Callable[[Session], Any]] = {
            "checkout": lambda s: loans.checkout(s, desk, reader, code),
            "checkin": lambda s: loans.checkin(s, desk, code),
            "renew": lambda s: loans.renew_by_barcode(s, desk, code),
            "hold": lambda s: holds.place_hold(s, desk, reader, barcode=code),
        }
        h(world["session"], calls[op])

    case()
    _report(h, "loans.checkout / checkin / renew_by_barcode, holds.place_hold")


def test_loan_rules_and_closed_days(world: dict[str, Any]) -> None:
    from workstation.models.circulation import ClosedDay, LoanRule

    h = Harness(world["db"], (LoanRule, ClosedDay))

    @CASES
    @given(which=st.booleans(), category=st.one_of(st.sampled_from(["adult", "child"]), text),
           kind=st.one_of(st.just("book"), text), days=integer, most=integer, renewals=integer, day=dates,
           reason=text)
    def case(which: bool, category: str, kind: str, days: Any, most: Any, renewals: Any, day: Any,
             reason: str) -> None:
        if which:
            h(world["session"], lambda s: rules.set_rule(s, world["admin"], category, kind, loan_days=days,
                                                          max_loans=most, max_renewals=renewals))
        else:
            h(world["session"], lambda s: calendar.add_closed_day(s, world["admin"], day, reason))

    case()
    _report(h, "rules.set_rule, calendar.add_closed_day")


# -- reading rooms and gate --------------------------------------------------------------------

def test_reading_room_counts(world: dict[str, Any]) -> None:
    from workstation.models.reading import HeadCount

    h = Harness(world["db"], (HeadCount,))

    @CASES
    @given(count=number, day=day, time=st.one_of(st.times(), text, st.none()), reason=text, back=st.booleans())
    def case(count: Any, day: Any, time: Any, reason: str, back: bool) -> None:
        if back:
            h(world["session"], lambda s: reading.back_fill(s, world["desk"], world["room"], day, time, count, reason))
        else:
            h(world["session"], lambda s: reading.record_count(s, world["desk"], world["room"], count))

    case()
    _report(h, "reading.record_count, reading.back_fill")


def test_gate_readings_and_day_totals(world: dict[str, Any]) -> None:
    from workstation.models.reading import GateReading, VisitorDay

    h = Harness(world["db"], (GateReading, VisitorDay))

    @CASES
    @given(value=number, day=day, note=text, which=st.booleans())
    def case(value: Any, day: Any, note: str, which: bool) -> None:
        if which:
            h(world["session"], lambda s: gate.record_reading(s, world["desk"], world["counter"], value, note=note))
        else:
            h(world["session"], lambda s: gate.record_day_total(s, world["desk"], day, value, note=note))

    case()
    _report(h, "gate.record_reading, gate.record_day_total")


# -- digitization ------------------------------------------------------------------------------

def test_digitization_projects_and_batches(world: dict[str, Any]) -> None:
    from workstation.models.digitization import DigitizationBatch, DigitizationProject

    h = Harness(world["db"], (DigitizationProject, DigitizationBatch))

    @CASES
    @given(name=text, quantity=int_or_text, start=dates, due=dates, which=st.booleans())
    def case(name: str, quantity: Any, start: Any, due: Any, which: bool) -> None:
        if which:
            h(world["session"], lambda s: digitization.add_batch(s, world["desk"], world["project"], name, quantity))
        else:
            h(world["session"], lambda s: digitization.create_project(
                s, world["admin"], name=name, category=name, unit="页", target=quantity, start=start, due=due,
                stages=STAGES))

    case()
    _report(h, "digitization.add_batch, digitization.create_project")


# -- outreach ----------------------------------------------------------------------------------

def test_outreach_activities(world: dict[str, Any]) -> None:
    from workstation.models.outreach import Activity

    h = Harness(world["db"], (Activity,))

    @CASES
    @given(title=text, start=date_text_none, end=date_text_none, place=text, participants=int_text_none,
           views=int_text_none,
           category=st.one_of(st.just(world["category"]), st.integers(-3, 10**6), st.none()))
    def case(title: str, start: Any, end: Any, place: str, participants: Any, views: Any, category: Any) -> None:
        data = activities.ActivityInput(title=title, category_id=category, start_day=start, end_day=end, place=place,
                                        participants=participants, online_views=views)
        h(world["session"], lambda s: activities.record_activity(s, world["desk"], data))

    case()
    _report(h, "activities.record_activity")


def test_volunteer_hours_metrics_trips_acquisitions(world: dict[str, Any]) -> None:
    from workstation.models.collection import Acquisition
    from workstation.models.outreach import BookmobileTrip, MetricValue, VolunteerRecord

    h = Harness(world["db"], (VolunteerRecord, MetricValue, BookmobileTrip, Acquisition))

    @CASES
    @given(which=st.sampled_from(["hours", "metric", "trip", "acquisition"]), day=date_text_none, value=int_text_none,
           hours=decimal_like, year=int_text_none, month=int_text_none, note=text,
           kind=st.one_of(st.sampled_from(["book", "serial"]), text, st.none()))
    def case(which: str, day: Any, value: Any, hours: Any, year: Any, month: Any, note: str, kind: Any) -> None:
        desk = world["desk"]
        calls: dict[str, Callable[[Session], Any]] = {
            "hours": lambda s: volunteers.record_service(s, desk, world["volunteer"], day, hours, note=note),
            "metric": lambda s: metrics.enter_value(s, desk, world["metric"], year, month, value),
            "trip": lambda s: bookmobile.record_trip(s, desk, day, world["vehicle"], [], loans=value, note=note),
            "acquisition": lambda s: holdings.record_acquisition(s, desk, day, kind, value, note),
        }
        h(world["session"], calls[which])

    case()
    _report(h, "volunteers.record_service, metrics.enter_value, bookmobile.record_trip, "
               "holdings.record_acquisition")


# -- administration ----------------------------------------------------------------------------

def test_service_points_and_settings(world: dict[str, Any]) -> None:
    from workstation.models import LibrarySetting

    h = Harness(world["db"], (ServicePoint, LibrarySetting))

    @CASES
    @given(which=st.sampled_from(["point", "name", "retention"]), name=text,
           kind=st.one_of(st.sampled_from(["lending_desk", "reading_room"]), text),
           seats=st.one_of(st.none(), st.integers(-10, 10**7)), months=int_or_text)
    def case(which: str, name: str, kind: str, seats: int | None, months: Any) -> None:
        admin = world["admin"]
        calls: dict[str, Callable[[Session], Any]] = {
            "point": lambda s: service_points.create_service_point(s, admin, name, kind, seats),
            "name": lambda s: library.set_library_name(s, admin, name),
            "retention": lambda s: privacy.set_retention_months(s, admin, months),
        }
        h(world["session"], calls[which])

    case()
    _report(h, "service_points.create_service_point, library.set_library_name, privacy.set_retention_months")


# -- file rows ---------------------------------------------------------------------------------

cell = st.one_of(text, st.integers(-10**6, 10**6).map(str), st.dates().map(str), st.sampled_from(["", "是", "否"]))


def _csv(rows: list[list[str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def test_import_file_rows(world: dict[str, Any], tmp_path: Path) -> None:
    from workstation.models.circulation import Item
    from workstation.models.outreach import Activity
    from workstation.models.reading import HeadCount

    h = Harness(world["db"], (Item, Activity, HeadCount))
    headers = {
        "catalogue": ["条码", "题名", "责任者", "ISBN", "索书号", "文献类型", "馆藏地"],
        "reading": ["日期", "时间", "阅览室", "人数"],
        "outreach": ["活动名称", "类别", "开始日期", "结束日期", "地点", "参与人次"],
    }
    path = tmp_path / "rows.csv"

    @CASES
    @given(which=st.sampled_from(list(headers)), rows=st.lists(st.lists(cell, min_size=0, max_size=8),
                                                               min_size=0, max_size=4))
    def case(which: str, rows: list[list[str]]) -> None:
        path.write_text(_csv([headers[which], *rows]), encoding="utf-8")
        desk = world["desk"]

        def run(s: Session) -> None:
            if which == "catalogue":
                preview = catalogue_import.read_catalogue(s, desk, path)
                catalogue_import.import_catalogue(s, desk, preview)
            elif which == "reading":
                reading_import.import_file(s, desk, path)
            else:
                outreach_import.import_file(s, desk, "activities", path)
        h(world["session"], run)

    case()
    _report(h, "catalogue / reading / outreach import rows")


def test_control_characters_never_reach_postgresql(pg_db: Database) -> None:
    """PostgreSQL refuses NUL in text: names and titles typed or pasted with control
    characters are cleaned (or refused with a message), never a driver crash."""
    admin = make_staff(pg_db, "root", Role.ADMIN)
    desk = make_staff(pg_db, "desk1", Role.DESK).at(lending_desks(pg_db)[0])
    calls: list[Callable[[Session], Any]] = [
        lambda s: readers.register_reader(s, desk, card_number="R\x000001", name="王\x00小明", category="adult",
                                          id_type="other", id_number="X1234567"),
        lambda s: readers.register_reader(s, desk, card_number="R0002", name="李\x00华\x07", category="adult",
                                          id_type="other", id_number="X7654321"),
        lambda s: items.create_item(s, desk, barcode="B0001", title="平凡\x00的世界", author="路\x1f遥"),
        lambda s: library.set_library_name(s, admin, "某市\x00图书馆"),
        lambda s: staff.create_staff(s, admin, "clerk", "职\x00员", "desk", "a-long-pass-1"),
        lambda s: auth.login(s, "root\x00", "x\x00"),
    ]
    for call in calls:
        try:
            with pg_db.begin() as s:
                call(s)
        except WorkstationError as err:
            assert err.english()
    with pg_db.begin() as s:
        from workstation.models.circulation import Item, Reader

        assert s.scalars(select(Reader.name).order_by(Reader.id)).all() == ["李华"]  # a NUL in a card: refused
        assert s.scalars(select(Item.title)).one() == "平凡的世界"
