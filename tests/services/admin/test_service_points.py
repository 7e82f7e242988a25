from __future__ import annotations

import pytest
from sqlalchemy import func, select

from workstation.db import Database
from workstation.errors import Conflict, PermissionDenied, ValidationError
from workstation.models import AuditEntry, BookmobileStop, ServicePoint, ServicePointKind
from workstation.services.admin import service_points as sp
from workstation.services.context import Actor


def audit_count(db: Database) -> int:
    with db.begin() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)) or 0


def point_named(db: Database, name: str) -> ServicePoint:
    with db.begin() as s:
        point = s.scalar(select(ServicePoint).where(ServicePoint.name == name))
        assert point is not None
        return point


def test_new_database_has_the_libraries_service_points(db: Database) -> None:
    with db.begin() as s:
        points = sp.list_service_points(s)
        by_kind = {k: [p.name for p in points if p.kind is k] for k in ServicePointKind}
    assert by_kind[ServicePointKind.LENDING_DESK] == ["综合借阅处", "文学借阅处", "青少年图书借阅处"]
    assert by_kind[ServicePointKind.BOOKMOBILE] == ["流动图书车"]
    assert by_kind[ServicePointKind.READING_ROOM] == [
        "期刊阅览室", "报纸阅览室", "青少年阅览室", "古籍阅览室", "地方文献阅览室", "电子阅览室"]
    with db.begin() as s:
        bookmobile = s.scalar(select(ServicePoint).where(ServicePoint.kind == ServicePointKind.BOOKMOBILE))
        assert bookmobile is not None
        stops = [stop.name for stop in bookmobile.stops]
    assert "惠丰社区" in stops and "武警长治支队" in stops and len(stops) == 11


def test_rename_leaves_one_audit_entry(db: Database, admin: Actor) -> None:
    point = point_named(db, "综合借阅处")
    before = audit_count(db)
    with db.begin() as s:
        sp.rename_service_point(s, admin, point.id, "  综合图书借阅处 ")
    assert audit_count(db) == before + 1
    with db.begin() as s:
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None
        assert (entry.action, entry.entity, entry.entity_id) == ("rename", "service_point", point.id)
        assert entry.details == {"old": "综合借阅处", "new": "综合图书借阅处"}
        assert s.get(ServicePoint, point.id).name == "综合图书借阅处"  # type: ignore[union-attr]


def test_rename_to_existing_name_refused(db: Database, admin: Actor) -> None:
    point = point_named(db, "综合借阅处")
    before = audit_count(db)
    with pytest.raises(Conflict), db.begin() as s:
        sp.rename_service_point(s, admin, point.id, "文学借阅处")
    with pytest.raises(ValidationError) as err, db.begin() as s:
        sp.rename_service_point(s, admin, point.id, "　")  # a full-width space only
    assert err.value.field == "name"
    assert audit_count(db) == before


def test_retire_reading_room_leaves_one_audit_entry_and_keeps_records(db: Database, admin: Actor) -> None:
    room = point_named(db, "古籍阅览室")
    bookmobile = point_named(db, "流动图书车")
    with db.begin() as s:
        stop_count = s.scalar(select(func.count()).select_from(BookmobileStop)
                              .where(BookmobileStop.service_point_id == bookmobile.id))
    before = audit_count(db)
    with db.begin() as s:
        sp.retire_service_point(s, admin, room.id)
    assert audit_count(db) == before + 1
    with db.begin() as s:
        assert [p.name for p in sp.list_service_points(s) if p.id == room.id] == []
        retired = sp.get_service_point(s, room.id)
        assert not retired.active and retired.retired_at is not None
        assert retired in sp.list_service_points(s, include_retired=True)
    # a point with records: retiring keeps them, deleting is refused
    with db.begin() as s:
        sp.retire_service_point(s, admin, bookmobile.id)
    with pytest.raises(Conflict), db.begin() as s:
        sp.delete_service_point(s, admin, bookmobile.id)
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(BookmobileStop)
                        .where(BookmobileStop.service_point_id == bookmobile.id)) == stop_count
        assert sp.get_service_point(s, bookmobile.id).name == "流动图书车"


def test_unused_point_can_be_deleted(db: Database, admin: Actor) -> None:
    with db.begin() as s:
        point = sp.create_service_point(s, admin, "新馆借阅处", "lending_desk")
    with db.begin() as s:
        sp.delete_service_point(s, admin, point.id)
    with db.begin() as s:
        assert s.get(ServicePoint, point.id) is None
        actions = [e.action for e in s.scalars(select(AuditEntry).where(AuditEntry.entity_id == point.id,
                                                                         AuditEntry.entity == "service_point"))]
    assert actions == ["create", "delete"]


def test_create_validates(db: Database, admin: Actor) -> None:
    with pytest.raises(ValidationError) as err, db.begin() as s:
        sp.create_service_point(s, admin, "少儿阅览室", "reading_room", seats=-3)
    assert err.value.field == "seats"
    with pytest.raises(ValidationError) as err, db.begin() as s:
        sp.create_service_point(s, admin, "少儿阅览室", "canteen")
    assert err.value.field == "kind"
    with db.begin() as s:
        room = sp.create_service_point(s, admin, "少儿阅览室", "reading_room", seats=80)
        assert room.seats == 80 and room.kind is ServicePointKind.READING_ROOM


def test_desk_cannot_manage_service_points(db: Database, desk: Actor) -> None:
    point = point_named(db, "综合借阅处")
    with pytest.raises(PermissionDenied), db.begin() as s:
        sp.rename_service_point(s, desk, point.id, "x")
    with pytest.raises(PermissionDenied), db.begin() as s:
        sp.retire_service_point(s, desk, point.id)


def test_stops(db: Database, admin: Actor) -> None:
    bookmobile = point_named(db, "流动图书车")
    desk_point = point_named(db, "综合借阅处")
    with db.begin() as s:
        stop = sp.add_stop(s, admin, bookmobile.id, "英雄南路社区")
    with pytest.raises(Conflict), db.begin() as s:
        sp.add_stop(s, admin, bookmobile.id, "英雄南路社区")
    with pytest.raises(ValidationError), db.begin() as s:
        sp.add_stop(s, admin, desk_point.id, "某社区")
    with db.begin() as s:
        sp.set_stop_active(s, admin, stop.id, False)
        sp.rename_stop(s, admin, stop.id, "英雄南路")
    with db.begin() as s:
        got = s.get(BookmobileStop, stop.id)
        assert got is not None and not got.active and got.name == "英雄南路"
