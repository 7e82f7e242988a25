"""Libraries (总分馆): the central library exists from the start; only its administrator adds
and renames branches; bad codes and names are refused naming the field."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from tests.conftest import make_staff
from workstation.db import Database
from workstation.errors import PermissionDenied, ValidationError
from workstation.models import CENTRAL_LIBRARY_ID, AuditEntry, Role, ServicePoint, Staff
from workstation.services.admin import libraries
from workstation.services.admin.library import set_library_name
from workstation.services.context import Actor


def test_everything_belongs_to_the_central_library_at_first(db: Database, admin: Actor) -> None:
    with db.begin() as s:
        central = libraries.central(s)
        assert central.is_central and central.id == CENTRAL_LIBRARY_ID
        assert [lib.id for lib in libraries.libraries(s)] == [CENTRAL_LIBRARY_ID]
        assert set(s.scalars(select(ServicePoint.library_id))) == {CENTRAL_LIBRARY_ID}
        assert set(s.scalars(select(Staff.library_id))) == {CENTRAL_LIBRARY_ID}
        point = s.scalars(select(ServicePoint)).first()
        assert point is not None
        assert libraries.library_of_point(s, point.id) == CENTRAL_LIBRARY_ID


def test_the_city_administrator_adds_and_renames_a_branch(db: Database, admin: Actor) -> None:
    with db.begin() as s:
        branch = libraries.create_library(s, admin, " xy ", "襄垣县图书馆")
        branch_id = branch.id
    with db.begin() as s:
        libraries.rename_library(s, admin, branch_id, "XY", "襄垣县图书馆（分馆）")
    with db.begin() as s:
        names = [lib.name for lib in libraries.libraries(s)]
        assert names[1:] == ["襄垣县图书馆（分馆）"]
        assert libraries.get_library(s, branch_id).code == "XY"
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "library")).all()
        assert actions == ["create", "update"]


@pytest.mark.parametrize(("code", "name", "field"), [
    ("", "某馆", "code"), ("X Y", "某馆", "code"), ("襄垣", "某馆", "code"), ("A" * 17, "某馆", "code"),
    ("XY", "", "name"), ("XY", "馆" * 101, "name"),
])
def test_bad_codes_and_names_are_refused_and_nothing_is_written(db: Database, admin: Actor, code: str, name: str,
                                                                field: str) -> None:
    with db.begin() as s, pytest.raises(ValidationError) as caught:
        libraries.create_library(s, admin, code, name)
    assert caught.value.field == field
    with db.begin() as s:
        assert len(libraries.libraries(s)) == 1


def test_a_taken_code_or_name_is_refused(db: Database, admin: Actor) -> None:
    with db.begin() as s:
        libraries.create_library(s, admin, "XY", "襄垣县图书馆")
    with db.begin() as s, pytest.raises(ValidationError) as caught:
        libraries.create_library(s, admin, "xy", "另一馆")
    assert caught.value.field == "code"
    with db.begin() as s, pytest.raises(ValidationError) as caught:
        set_library_name(s, admin, "襄垣县图书馆")
    assert caught.value.field == "library_name"


def test_only_an_administrator_of_the_central_library_adds_branches(db: Database, admin: Actor) -> None:
    desk = make_staff(db, "desk1", Role.DESK)
    with db.begin() as s, pytest.raises(PermissionDenied):
        libraries.create_library(s, desk, "XY", "襄垣县图书馆")
    with db.begin() as s:
        branch_id = libraries.create_library(s, admin, "XY", "襄垣县图书馆").id
    branch_admin = make_staff(db, "xyadmin", Role.ADMIN)
    with db.begin() as s:
        s.execute(update(Staff).where(Staff.id == branch_admin.staff_id).values(library_id=branch_id))
    with db.begin() as s, pytest.raises(PermissionDenied):
        libraries.create_library(s, branch_admin, "LC", "潞城市图书馆")


def test_the_central_library_takes_the_library_name(db: Database, admin: Actor) -> None:
    with db.begin() as s:
        set_library_name(s, admin, "长治市图书馆")
    with db.begin() as s:
        assert libraries.central(s).name == "长治市图书馆"
