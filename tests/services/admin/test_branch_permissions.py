"""Who may do what across libraries, enforced in the service layer (SQLite and PostgreSQL):
staff work at their own library's service points; a branch's administrator manages only its
own accounts, desks and settings; the city's administrator (the central library's) all."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import workstation
from tests.branch_data import Branches, build
from tests.conftest import TEST_PASSWORD
from workstation import timeutil
from workstation.db import Database
from workstation.errors import PermissionDenied
from workstation.models import AuditEntry, Library, Role, ServicePoint, Staff
from workstation.models.circulation import Loan, ReaderCategory
from workstation.services import calendar
from workstation.services.admin import auth, kiosks, libraries, library, service_points, staff
from workstation.services.circulation import holds, loans, rules
from workstation.services.circulation.desk import DeskSession, Kind
from workstation.services.circulation.refusals import Refusal
from workstation.services.context import Actor

NOW = timeutil.at_local(dt.date(2030, 1, 7), 10)


@pytest.fixture
def world(db: Database) -> Branches:
    return build(db, readers=2, books_each=2)


def _account(db: Database, world: Branches, username: str, role: Role, library_id: int) -> Actor:
    with db.begin() as s:
        made = staff.create_staff(s, world.admin, username, username, role, TEST_PASSWORD, library_id=library_id)
        return Actor.of(made, "test-ws", world.points[library_id])


def _refused(db: Database, action: Callable[[Session], Any]) -> str:
    """``action`` is refused with PermissionDenied and writes nothing; the message."""
    with db.begin() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(PermissionDenied) as err, db.begin() as s:
        action(s)
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
    return err.value.english()


def test_branch_staff_cannot_lend_return_or_renew_at_another_librarys_desk(db: Database, world: Branches) -> None:
    xy_desk = world.desks[world.xy]
    elsewhere = xy_desk.at(world.points[world.central])
    book = world.books[world.central][0]
    message = _refused(db, lambda s: loans.checkout(s, elsewhere, world.readers[0], book, now=NOW))
    assert "襄垣县图书馆" in message and "综合借阅处" in message
    with db.begin() as s:
        loan_id = loans.checkout(s, world.desks[world.central], world.readers[0], book, now=NOW).line.loan_id
    _refused(db, lambda s: loans.checkin(s, elsewhere, book, now=NOW))
    _refused(db, lambda s: loans.return_or_receive(s, elsewhere, book, now=NOW))
    _refused(db, lambda s: loans.renew(s, elsewhere, loan_id, now=NOW + dt.timedelta(days=20)))
    _refused(db, lambda s: holds.place_hold(s, elsewhere, world.readers[1], barcode=book, now=NOW))
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.returned_at.is_(None))) == 1


def test_a_desk_session_at_another_librarys_point_refuses_in_chinese(db: Database, world: Branches) -> None:
    session = DeskSession(db, world.desks[world.lc], service_point_id=world.points[world.xy], clock=lambda: NOW)
    out = session.scan(world.books[world.xy][0])  # any scan: the desk refuses before looking
    session.show_reader(world.readers[0])
    lent = session.scan(world.books[world.xy][0])
    assert out.kind is Kind.REFUSED and lent.kind is Kind.REFUSED and lent.reason is Refusal.NOT_POSSIBLE
    assert lent.error is not None and "黎城县图书馆" in lent.error.english()
    zh = _chinese(lent.error.template)  # what the desk shows: the Chinese of the message
    assert zh.startswith("权限不足") and "{point}" in zh


def test_log_in_at_another_librarys_service_point_is_refused(db: Database, world: Branches) -> None:
    _account(db, world, "xy.clerk", Role.DESK, world.xy)
    with db.begin() as s:
        refused = auth.login(s, "xy.clerk", TEST_PASSWORD, service_point_id=world.points[world.central])
        ok = auth.login(s, "xy.clerk", TEST_PASSWORD, service_point_id=world.points[world.xy])
        city = auth.login(s, "root", TEST_PASSWORD, service_point_id=world.points[world.lc])
    assert refused.actor is None and refused.error is not None
    assert "襄垣县图书馆" in refused.error.english()
    assert ok.actor is not None and city.actor is not None


def test_a_branch_administrator_manages_only_its_own_library(db: Database, world: Branches) -> None:
    boss = _account(db, world, "xy.admin", Role.ADMIN, world.xy)
    central_clerk = world.desks[world.central].staff_id
    # accounts
    _refused(db, lambda s: staff.create_staff(s, boss, "intruder", "某人", "desk", TEST_PASSWORD,
                                              library_id=world.central))
    _refused(db, lambda s: staff.update_staff(s, boss, central_clerk, display_name="改名"))
    _refused(db, lambda s: staff.reset_password(s, boss, central_clerk, "another-pass-1"))
    _refused(db, lambda s: staff.unlock(s, boss, central_clerk))
    own = _account(db, world, "xy.clerk", Role.DESK, world.xy)
    _refused(db, lambda s: staff.update_staff(s, boss, own.staff_id, library_id=world.lc))
    with db.begin() as s:
        made = staff.create_staff(s, boss, "xy.clerk2", "新馆员", "desk", TEST_PASSWORD)  # default: its library
        assert made.library_id == world.xy
        staff.update_staff(s, boss, own.staff_id, display_name="改了名")
        listed = {row.username for row in staff.list_staff(s, boss)}
    assert listed == {"xy.admin", "xy.clerk", "xy.clerk2", f"desk.{world.xy}"}
    # service points (desks) and their stops
    _refused(db, lambda s: service_points.create_service_point(s, boss, "分馆外的台", "lending_desk",
                                                               library_id=world.lc))
    _refused(db, lambda s: service_points.rename_service_point(s, boss, world.points[world.central], "改"))
    _refused(db, lambda s: service_points.retire_service_point(s, boss, world.points[world.lc]))
    with db.begin() as s:
        point = service_points.create_service_point(s, boss, "襄垣少儿借阅处", "lending_desk")
        assert point.library_id == world.xy
    # settings: its own library's, not another's nor every library's
    _refused(db, lambda s: libraries.set_library_options(s, boss, world.lc, transit_days=3))
    _refused(db, lambda s: library.set_library_name(s, boss, "长治市图书馆"))
    _refused(db, lambda s: libraries.create_library(s, boss, "QX", "沁县图书馆"))
    _refused(db, lambda s: rules.set_rule(s, boss, ReaderCategory.ADULT, "book", loan_days=10, max_loans=5,
                                          max_renewals=1))
    _refused(db, lambda s: rules.set_rule(s, boss, ReaderCategory.ADULT, "book", loan_days=10, max_loans=5,
                                          max_renewals=1, library_id=world.lc))
    _refused(db, lambda s: calendar.add_closed_day(s, boss, dt.date(2030, 2, 1)))
    _refused(db, lambda s: calendar.set_weekly_closing(s, boss, [0], library_id=world.central))
    _refused(db, lambda s: kiosks.create_kiosk(s, boss, "k1", "kiosk-pass-1",
                                              kiosks.KioskSettings(world.points[world.central])))
    with db.begin() as s:
        libraries.set_library_options(s, boss, world.xy, transit_days=5, loan_rules_by="owning")
        rules.set_rule(s, boss, ReaderCategory.ADULT, "book", loan_days=21, max_loans=5, max_renewals=1,
                       library_id=world.xy)
        calendar.set_weekly_closing(s, boss, [0], library_id=world.xy)
        kiosk = kiosks.create_kiosk(s, boss, "xy1", "kiosk-pass-1", kiosks.KioskSettings(world.points[world.xy]))
        kiosk_staff = s.get(Staff, kiosk.staff_id)
        assert kiosk_staff is not None and kiosk_staff.library_id == world.xy
        xy = s.get(Library, world.xy)
        assert xy is not None and (xy.transit_days, xy.loan_rules_by.value) == (5, "owning")


def test_the_city_administrator_manages_every_library(db: Database, world: Branches) -> None:
    with db.begin() as s:
        made = staff.create_staff(s, world.admin, "lc.admin", "黎城管理员", "admin", TEST_PASSWORD,
                                  library_id=world.lc)
        staff.update_staff(s, world.admin, made.id, library_id=world.xy)
        service_points.rename_service_point(s, world.admin, world.points[world.lc], "黎城县馆借阅处")
        libraries.set_library_options(s, world.admin, world.lc, transit_days=10)
        rules.set_rule(s, world.admin, ReaderCategory.ADULT, "book", loan_days=20, max_loans=5, max_renewals=1,
                       library_id=world.lc)
        listed = {row.username for row in staff.list_staff(s, world.admin)}
        point = s.get(ServicePoint, world.points[world.lc])
        assert point is not None and point.name == "黎城县馆借阅处"
    assert {"root", "desk.central", "lc.admin", f"desk.{world.xy}", f"desk.{world.lc}"} <= listed
    # and works at any desk
    with db.begin() as s:
        lent = loans.checkout(s, world.admin.at(world.points[world.lc]), world.readers[0], world.books[world.lc][0],
                              now=NOW)
    assert lent.line.due_date == NOW.date() + dt.timedelta(days=20)


def test_a_desk_clerk_may_reserve_for_pickup_at_another_library(db: Database, world: Branches) -> None:
    """Reservations cross libraries: the reader chooses where to collect."""
    with db.begin() as s:
        hold = holds.place_hold(s, world.desks[world.xy], world.readers[0], barcode=world.books[world.central][0],
                                pickup_point_id=world.points[world.lc], now=NOW)
        assert hold.pickup_point_id == world.points[world.lc]


def _chinese(template: str) -> str:
    """The finished Chinese translation of ``template`` in any area's .ts file."""
    folder = Path(workstation.__file__).parent / "resources" / "i18n"
    for ts in folder.glob("*_zh_CN.ts"):
        for message in ET.parse(ts).getroot().iter("message"):
            translation = message.find("translation")
            if message.findtext("source") == template and translation is not None \
                    and translation.get("type") is None and translation.text:
                return translation.text
    return ""
