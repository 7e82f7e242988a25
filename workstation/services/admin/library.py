"""Library-wide settings: the name printed on reports."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.errors import N_, ValidationError
from workstation.models import CENTRAL_LIBRARY_ID, Library, LibrarySetting, Role
from workstation.services import audit
from workstation.services.admin import libraries
from workstation.services.context import Actor, require_role
from workstation.services.text import clean_text

LIBRARY_NAME = "library_name"


def library_name(session: Session) -> str:
    setting = session.get(LibrarySetting, LIBRARY_NAME)
    return setting.value if setting is not None else ""


def set_library_name(session: Session, actor: Actor, name: str) -> str:
    """The central library's name (on reports and the city's slips): the city's administrator's."""
    require_role(actor, Role.ADMIN)
    libraries.require_city_admin(session, actor)
    name = clean_text(name)
    if not name:
        raise ValidationError("library_name", N_("Library name: must not be empty."))
    if len(name) > 100:
        raise ValidationError("library_name", N_("Library name: at most {n} characters."), n=100)
    setting = session.get(LibrarySetting, LIBRARY_NAME)
    old = setting.value if setting is not None else ""
    if name == old:
        return name
    taken = session.scalar(select(Library.id).where(Library.name == name, Library.id != CENTRAL_LIBRARY_ID))
    if taken is not None:
        raise ValidationError("library_name", N_("Library name: {name} is a branch library's name."), name=name)
    if setting is None:
        session.add(LibrarySetting(key=LIBRARY_NAME, value=name))
    else:
        setting.value = name
    central = session.get(Library, CENTRAL_LIBRARY_ID)
    if central is not None:  # the central library is the one the reports are named for
        central.name = name
    audit.record(session, actor, "update", "library_setting", None, {"key": LIBRARY_NAME, "old": old, "new": name})
    return name
