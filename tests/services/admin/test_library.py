from __future__ import annotations

import pytest
from sqlalchemy import select

from workstation.db import Database
from workstation.errors import PermissionDenied, ValidationError
from workstation.models import AuditEntry
from workstation.services.admin import library
from workstation.services.context import Actor


def test_library_name_default_and_change(db: Database, admin: Actor, desk: Actor) -> None:
    with db.begin() as s:
        assert library.library_name(s) == "长治市图书馆"
    with pytest.raises(PermissionDenied), db.begin() as s:
        library.set_library_name(s, desk, "别的馆")
    with pytest.raises(ValidationError), db.begin() as s:
        library.set_library_name(s, admin, "   ")
    with db.begin() as s:
        library.set_library_name(s, admin, " 长治市图书馆（新馆） ")
    with db.begin() as s:
        assert library.library_name(s) == "长治市图书馆（新馆）"
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "library_setting")).one()
        assert entry.details["new"] == "长治市图书馆（新馆）"
