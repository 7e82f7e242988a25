"""Reader activities, lectures, exhibitions …: their categories (data), series and totals.

An activity counts once, in the period that holds its start day, in the figures of the
library that held it (``Activity.library_id``; 总分馆). A branch's staff record activities
for their own library only; the central library's staff for any library. Voided activities
(a mistaken entry) stay in the database with their audit trail and count nowhere.

Series carry no library: a series may gather events of several libraries (a city-wide
reading month), and every count over a series' events is made per library — an umbrella
row (系列活动) sums up only the events of its own library (``national_form.umbrella_condition``),
so each library's figures stand alone and the city's are their sum.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import extract, func, select
from sqlalchemy.orm import Session, joinedload

from workstation.errors import N_, Conflict, NotFound, PermissionDenied, ValidationError
from workstation.models import CENTRAL_LIBRARY_ID, Library, Role, utcnow
from workstation.models.outreach import Activity, ActivityCategory, ActivitySeries
from workstation.services import audit
from workstation.services.admin import actor_library, get_library
from workstation.services.context import Actor, require_role
from workstation.services.outreach._common import parse_count, parse_day, parse_text, require_count

MAX_PEOPLE = 10_000_000
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")


@dataclass
class ActivityInput:
    """What a user types for an activity; the service validates every field."""

    title: str
    category_id: int | None
    start_day: dt.date | str | None
    end_day: dt.date | str | None = None  # empty: a one-day activity
    place: str = ""
    partners: str = ""
    participants: int | str | None = 0
    online_views: int | str | None = 0
    chronicle: bool = False
    chronicle_text: str = ""
    series_id: int | None = None
    library_id: int | None = None  # None: the acting staff member's library (editing: the activity's)


@dataclass(frozen=True)
class CategoryTotal:
    category_id: int
    code: str
    name: str
    activities: int
    participants: int
    online_views: int


@dataclass(frozen=True)
class SeriesTotal:
    series_id: int
    name: str
    activities: int
    participants: int
    online_views: int
    first_day: dt.date | None
    last_day: dt.date | None
    activity_ids: list[int] = field(default_factory=list)


# -- categories ----------------------------------------------------------------------------

def list_categories(session: Session, *, include_inactive: bool = False) -> Sequence[ActivityCategory]:
    query = select(ActivityCategory).order_by(ActivityCategory.sort_order, ActivityCategory.id)
    if not include_inactive:
        query = query.where(ActivityCategory.active.is_(True))
    return session.scalars(query).all()


def get_category(session: Session, category_id: int | None) -> ActivityCategory:
    category = session.get(ActivityCategory, category_id) if category_id is not None else None
    if category is None:
        raise ValidationError("category", N_("Category: choose one from the list."))
    return category


def category_by_label(session: Session, label: str) -> ActivityCategory:
    """A category named by its Chinese name or its code (imports)."""
    text = parse_text(label, "category", maximum=60)
    category = session.scalar(select(ActivityCategory).where(
        (ActivityCategory.name == text) | (ActivityCategory.code == text.lower())))
    if category is None:
        raise ValidationError("category", N_("Category: there is no category called {name}."), name=text)
    return category


def create_category(session: Session, actor: Actor, code: str, name: str) -> ActivityCategory:
    require_role(actor, Role.MANAGER)
    code = parse_text(code, "code", maximum=30, required=True).lower()
    if not _CODE.match(code):
        raise ValidationError("code", N_("Code: use 2 to 30 lower-case letters, digits or underscores, "
                                         "starting with a letter."))
    name = parse_text(name, "name", maximum=60, required=True)
    if session.scalar(select(ActivityCategory.id).where(
            (ActivityCategory.code == code) | (ActivityCategory.name == name))) is not None:
        raise Conflict(N_("Category: {name} or its code {code} already exists."), name=name, code=code)
    last = session.scalar(select(func.max(ActivityCategory.sort_order))) or 0
    category = ActivityCategory(code=code, name=name, active=True, sort_order=last + 10)
    session.add(category)
    session.flush()
    audit.record(session, actor, "create", "activity_category", category.id, {"code": code, "name": name})
    return category


def rename_category(session: Session, actor: Actor, category_id: int, name: str) -> ActivityCategory:
    require_role(actor, Role.MANAGER)
    category = get_category(session, category_id)
    name = parse_text(name, "name", maximum=60, required=True)
    if name == category.name:
        return category
    if session.scalar(select(ActivityCategory.id).where(ActivityCategory.name == name)) is not None:
        raise Conflict(N_("Category: {name} already exists."), name=name)
    audit.record(session, actor, "rename", "activity_category", category.id, {"old": category.name, "new": name})
    category.name = name
    return category


def set_category_active(session: Session, actor: Actor, category_id: int, active: bool) -> ActivityCategory:
    """Retire a category (kept for the activities that have it) or bring it back."""
    require_role(actor, Role.MANAGER)
    category = get_category(session, category_id)
    if category.active != active:
        category.active = active
        audit.record(session, actor, "update", "activity_category", category.id,
                     {"name": category.name, "active": active})
    return category


# -- series --------------------------------------------------------------------------------

def list_series(session: Session) -> Sequence[ActivitySeries]:
    return session.scalars(select(ActivitySeries).order_by(ActivitySeries.id)).all()


def series_by_name(session: Session, name: str) -> ActivitySeries | None:
    return session.scalar(select(ActivitySeries).where(ActivitySeries.name == name))


def create_series(session: Session, actor: Actor, name: str, description: str = "") -> ActivitySeries:
    require_role(actor, Role.DESK)
    name = parse_text(name, "name", maximum=100, required=True)
    description = parse_text(description, "description", maximum=500)
    if series_by_name(session, name) is not None:
        raise Conflict(N_("Series: {name} already exists."), name=name)
    series = ActivitySeries(name=name, description=description)
    session.add(series)
    session.flush()
    audit.record(session, actor, "create", "activity_series", series.id, {"name": name})
    return series


def series_totals(session: Session, series_id: int) -> SeriesTotal:
    """The activities of a series summed (in SQL): count, participants, online views, dates."""
    series = session.get(ActivitySeries, series_id)
    if series is None:
        raise NotFound(N_("No activity series with number {id}."), id=series_id)
    row = session.execute(
        select(func.count(Activity.id), func.coalesce(func.sum(Activity.participants), 0),
               func.coalesce(func.sum(Activity.online_views), 0), func.min(Activity.start_day),
               func.max(Activity.end_day))
        .where(Activity.series_id == series_id, Activity.voided_at.is_(None))
    ).one()
    ids = session.scalars(select(Activity.id).where(Activity.series_id == series_id,
                                                    Activity.voided_at.is_(None)).order_by(Activity.id)).all()
    return SeriesTotal(series.id, series.name, int(row[0]), int(row[1]), int(row[2]), row[3], row[4], list(ids))


# -- activities ----------------------------------------------------------------------------

def choosable_libraries(session: Session, actor: Actor) -> list[Library]:
    """The libraries ``actor`` may record activities for: every active one for the central
    library's staff, their own for a branch's."""
    own = actor_library(session, actor)
    found = session.scalars(select(Library).where(Library.active.is_(True))
                            .order_by(Library.is_central.desc(), Library.sort_order, Library.id))
    return [library for library in found if own == CENTRAL_LIBRARY_ID or library.id == own]


def check_library(session: Session, actor: Actor, library_id: int) -> None:
    """Refuse unless ``actor`` may record activities for library ``library_id``: their own,
    or any when they belong to the central library."""
    library = session.get(Library, library_id) if isinstance(library_id, int) else None
    if library is None:
        raise ValidationError("library", N_("Library: choose one from the list."))
    own = actor_library(session, actor)
    if own in (CENTRAL_LIBRARY_ID, library_id):
        return
    raise PermissionDenied(
        N_("Library: {user} belongs to {own} and records activities only for that library, not for {other}."),
        user=actor.username, own=get_library(session, own).name, other=library.name)


def library_by_label(session: Session, label: str) -> int | None:
    """A library named by its code or name (imports); None for an empty label."""
    text = parse_text(label, "library", maximum=100)
    if not text:
        return None
    library_id = session.scalar(select(Library.id).where((Library.name == text) | (Library.code == text.upper())))
    if library_id is None:
        raise ValidationError("library", N_("Library: there is no library called {name}."), name=text)
    return library_id


def _validated(session: Session, actor: Actor, data: ActivityInput, default_library: int | None = None
               ) -> dict[str, object]:
    library_id = data.library_id
    if library_id is None:
        library_id = default_library if default_library is not None else \
            actor_library(session, actor)
    check_library(session, actor, library_id)
    title = parse_text(data.title, "title", maximum=200, required=True)
    category = get_category(session, data.category_id)
    start = parse_day(data.start_day, "start_day")
    end_raw = data.end_day
    end = start if end_raw is None or (isinstance(end_raw, str) and not end_raw.strip()) else \
        parse_day(end_raw, "end_day", allow_future=True)
    if end < start:
        raise ValidationError("end_day", N_("End date: {end} is before the start date {start}."),
                              end=end.isoformat(), start=start.isoformat())
    if (end - start).days > 366:
        raise ValidationError("end_day", N_("End date: an activity runs for at most a year."))
    series_id = data.series_id
    if series_id is not None and session.get(ActivitySeries, series_id) is None:
        raise ValidationError("series", N_("Series: choose one from the list."))
    chronicle_text = parse_text(data.chronicle_text, "chronicle_text", maximum=500)
    if data.chronicle and not chronicle_text:
        raise ValidationError("chronicle_text", N_("Chronicle description: an activity in the chronicle "
                                                   "needs a short description."))
    return {
        "title": title,
        "library_id": library_id,
        "category_id": category.id,
        "start_day": start,
        "end_day": end,
        "place": parse_text(data.place, "place", maximum=100),
        "partners": parse_text(data.partners, "partners", maximum=300),
        "participants": require_count(data.participants if data.participants is not None else 0,
                                      "participants", maximum=MAX_PEOPLE),
        "online_views": require_count(data.online_views if data.online_views is not None else 0,
                                      "online_views", maximum=MAX_PEOPLE),
        "chronicle": bool(data.chronicle),
        "chronicle_text": chronicle_text,
        "series_id": series_id,
    }


def _jsonable(values: dict[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


def record_activity(session: Session, actor: Actor, data: ActivityInput) -> Activity:
    require_role(actor, Role.DESK)
    values = _validated(session, actor, data)
    activity = Activity(**values)
    session.add(activity)
    session.flush()
    audit.record(session, actor, "create", "activity", activity.id, _jsonable(values))
    return activity


def get_activity(session: Session, activity_id: int) -> Activity:
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise NotFound(N_("No activity with number {id}."), id=activity_id)
    return activity


def update_activity(session: Session, actor: Actor, activity_id: int, data: ActivityInput) -> Activity:
    """Correct an activity; the audit entry keeps the old and new value of each changed field."""
    require_role(actor, Role.DESK)
    activity = get_activity(session, activity_id)
    if activity.voided_at is not None:
        raise Conflict(N_("Activity {id} is voided and cannot be changed."), id=activity_id)
    check_library(session, actor, activity.library_id)  # another library's activity is not theirs to change
    values = _validated(session, actor, data, activity.library_id)
    changes = {k: [getattr(activity, k), v] for k, v in values.items() if getattr(activity, k) != v}
    if not changes:
        return activity
    for key, (_old, new) in changes.items():
        setattr(activity, key, new)
    audit.record(session, actor, "update", "activity", activity.id,
                 {k: [o.isoformat() if isinstance(o, dt.date) else o, n.isoformat() if isinstance(n, dt.date) else n]
                  for k, (o, n) in changes.items()})
    return activity


def void_activity(session: Session, actor: Actor, activity_id: int, reason: str) -> Activity:
    """Take a mistaken activity out of every total; it stays in the database."""
    require_role(actor, Role.MANAGER)
    activity = get_activity(session, activity_id)
    reason = parse_text(reason, "reason", maximum=300, required=True)
    if activity.voided_at is not None:
        raise Conflict(N_("Activity {id} is already voided."), id=activity_id)
    check_library(session, actor, activity.library_id)
    activity.voided_at = utcnow()
    audit.record(session, actor, "void", "activity", activity.id,
                 {"title": activity.title, "library_id": activity.library_id, "reason": reason})
    return activity


def list_activities(session: Session, first: dt.date, last: dt.date, *, category_id: int | None = None,
                    series_id: int | None = None, chronicle_only: bool = False,
                    include_voided: bool = False, library_id: int | None = None) -> Sequence[Activity]:
    """Activities starting from ``first`` to ``last`` (inclusive), oldest first; of one
    library, or of every library (``library_id`` None)."""
    query = (select(Activity).options(joinedload(Activity.category), joinedload(Activity.series),
                                      joinedload(Activity.library))
             .where(Activity.start_day >= first, Activity.start_day <= last)
             .order_by(Activity.start_day, Activity.id))
    if category_id is not None:
        query = query.where(Activity.category_id == category_id)
    if series_id is not None:
        query = query.where(Activity.series_id == series_id)
    if library_id is not None:
        query = query.where(Activity.library_id == library_id)
    if chronicle_only:
        query = query.where(Activity.chronicle.is_(True))
    if not include_voided:
        query = query.where(Activity.voided_at.is_(None))
    return session.scalars(query).all()


def chronicle(session: Session, year: int, library_id: int | None = None) -> Sequence[Activity]:
    """The year's list of major events (大事记)."""
    return list_activities(session, dt.date(year, 1, 1), dt.date(year, 12, 31), chronicle_only=True,
                           library_id=library_id)


def totals_by_category(session: Session, first: dt.date, last: dt.date, library_id: int | None = None
                       ) -> list[CategoryTotal]:
    """Per category (every category, zero when none): activities, participants, online views;
    of one library, or of every library (``library_id`` None)."""
    joined = (Activity.category_id == ActivityCategory.id) & (Activity.start_day >= first) & \
        (Activity.start_day <= last) & Activity.voided_at.is_(None)
    if library_id is not None:
        joined = joined & (Activity.library_id == library_id)
    rows = session.execute(
        select(ActivityCategory.id, ActivityCategory.code, ActivityCategory.name,
               func.count(Activity.id), func.coalesce(func.sum(Activity.participants), 0),
               func.coalesce(func.sum(Activity.online_views), 0))
        .select_from(ActivityCategory).outerjoin(Activity, joined)
        .group_by(ActivityCategory.id, ActivityCategory.code, ActivityCategory.name, ActivityCategory.sort_order)
        .order_by(ActivityCategory.sort_order, ActivityCategory.id)
    ).all()
    return [CategoryTotal(r[0], r[1], r[2], int(r[3]), int(r[4]), int(r[5])) for r in rows]


def activity_count(session: Session, first: dt.date, last: dt.date, category_code: str | None = None,
                   library_id: int | None = None) -> int:
    """How many activities started in the period (all of them, or of one category by code;
    of one library, or of every library)."""
    query = select(func.count(Activity.id)).where(
        Activity.start_day >= first, Activity.start_day <= last, Activity.voided_at.is_(None))
    if library_id is not None:
        query = query.where(Activity.library_id == library_id)
    if category_code is not None:
        query = query.join(ActivityCategory, Activity.category_id == ActivityCategory.id).where(
            ActivityCategory.code == category_code)
    return int(session.scalar(query) or 0)


def monthly_counts(session: Session, year: int, library_id: int | None = None) -> dict[int, tuple[int, int, int]]:
    """Month → (activities, participants, online views) for the year, grouped in SQL."""
    month = extract("month", Activity.start_day)
    of_library = [] if library_id is None else [Activity.library_id == library_id]
    rows = session.execute(
        select(month, func.count(Activity.id), func.coalesce(func.sum(Activity.participants), 0),
               func.coalesce(func.sum(Activity.online_views), 0))
        .where(Activity.start_day >= dt.date(year, 1, 1), Activity.start_day <= dt.date(year, 12, 31),
               Activity.voided_at.is_(None), *of_library)
        .group_by(month)
    ).all()
    result = {m: (0, 0, 0) for m in range(1, 13)}
    for m, n, p, v in rows:
        result[int(m)] = (int(n), int(p), int(v))
    return result


def parse_optional_count(value: int | str | None, field: str) -> int:
    """An empty cell means 0 (no online views …)."""
    return parse_count(value, field, maximum=MAX_PEOPLE, required=False) or 0
