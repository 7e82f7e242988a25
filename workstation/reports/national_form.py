"""The national form's lines (文旅基3表) and the figures of ours that feed them.

Which lines the mapping sheet prints, their labels and units, and which activities count as
lectures, exhibitions and trainings come from ``national_form.toml`` (shipped with the
program; a library may point the setting ``national_form_file`` at its own copy for a new
edition of the form). The file is checked when it is read: an unknown value name, a
missing label or unit, a duplicate label or an unknown key is a ``MappingError`` naming the
line.

Every value is an SQL aggregate over records; where a sum could hide missing counts, a
coverage note says how much of the year it covers, and "not counted" is ``None`` (printed
as "—"), never 0.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, and_, case, distinct, exists, false, func, or_, select
from sqlalchemy.orm import Session, aliased

from workstation.models import ServicePoint, ServicePointKind
from workstation.models.circulation import CorrectionKind, Loan, LoanCorrection, LoanEnd, Reader, ReaderStatus
from workstation.models.collection import CollectionType
from workstation.models.config import LibrarySetting
from workstation.models.outreach import Activity, ActivityCategory
from workstation.models.reading import HeadCount
from workstation.services import calendar
from workstation.services.outreach import holdings, metrics, volunteers
from workstation.services.reading import gate
from workstation.timeutil import period_bounds, year_days

Number = int | Decimal

RECORDED = "记录"
IMPORTED = "导入"
TYPED = "手工录入"
DERIVED = "由记录推算"
NOT_RECORDED = "本系统未记录"
AT_CENTRAL = "计入总馆"  # a branch's line fed by records without a library (the central library's)

SETTING_FILE = "national_form_file"
SETTING_VOLUNTEERS_SINCE = "volunteer_team_since"
VOLUNTEERS_SINCE_DEFAULT = dt.date(2015, 2, 1)  # 志愿者服务队成立（2015 年 2 月）
UMBRELLA_WORD = "系列活动"
METRIC_CODES = {"website_hits": "website_hits", "mobile_hits": "mobile_library_hits", "led_days": "led_days"}

KINDS = ("lecture", "exhibition", "training")
# value name → what it is (the names a mapping file may use)
VALUES = {
    "new_physical": "本年新购实体馆藏（图书、报刊、视听资料）",
    "new_books": "本年新增图书",
    "new_serials": "本年新增报刊",
    "new_audiovisual": "本年新增视听资料",
    "new_e_documents": "本年新增电子文献（按批次登记）",
    "seats": "阅览室座位数",
    "valid_cards": "年末有效读者证",
    "new_cards": "本年新办读者证",
    "visitors": "到馆读者人次",
    "borrowing_visits": "外借人次（读者·日去重）",
    "loans": "外借册次",
    "loans_bookmobile": "流动图书车外借册次",
    "activities": "读者活动次数（不计系列活动汇总行）",
    "activity_participants": "读者活动参加人次",
    "lectures": "讲座次数", "lecture_participants": "讲座参加人次",
    "exhibitions": "展览次数", "exhibition_participants": "展览参观人次",
    "trainings": "培训次数", "training_participants": "培训人次",
    "website_hits": "门户网站点击量",
    "mobile_hits": "移动图书馆点击量",
    "led_days": "LED 咨询宣传天数",
    "volunteer_hours": "志愿服务时长",
    "volunteer_hours_since": "志愿服务累计时长（自服务队成立）",
}


class MappingError(ValueError):
    """A mapping file that cannot be used; the message names the line and the key."""


@dataclass(frozen=True)
class FormLine:
    label: str
    unit: str
    value: str | None = None
    note: str = ""


@dataclass(frozen=True)
class ActivityKind:
    categories: tuple[str, ...]
    title_words: tuple[str, ...]


@dataclass(frozen=True)
class FormMapping:
    lines: tuple[FormLine, ...]
    kinds: dict[str, ActivityKind] = field(default_factory=dict)


def _text(value: Any, where: str, key: str, *, required: bool) -> str:
    if value is None:
        if required:
            raise MappingError(f"{where}: {key} is missing")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise MappingError(f"{where}: {key} must be a non-empty text")
    return value


def parse_mapping(text: str) -> FormMapping:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise MappingError(f"not a TOML file: {err}") from err
    unknown = set(data) - {"line", "activity_kinds"}
    if unknown:
        raise MappingError(f"unknown section {sorted(unknown)[0]}")
    raw_lines = data.get("line")
    if not isinstance(raw_lines, list) or not raw_lines:
        raise MappingError("no [[line]] entries")
    lines, seen = [], set()
    for n, raw in enumerate(raw_lines, start=1):
        where = f"line {n}"
        if not isinstance(raw, dict):
            raise MappingError(f"{where}: not a table")
        extra = set(raw) - {"label", "unit", "value", "note"}
        if extra:
            raise MappingError(f"{where}: unknown key {sorted(extra)[0]}")
        label = _text(raw.get("label"), where, "label", required=True)
        where = f"line {n} ({label.strip()})"
        if label in seen:
            raise MappingError(f"{where}: the label appears twice")
        seen.add(label)
        value = raw.get("value")
        if value is not None and value not in VALUES:
            raise MappingError(f"{where}: value {value!r} is not one of {', '.join(VALUES)}")
        lines.append(FormLine(label, _text(raw.get("unit"), where, "unit", required=True), value,
                              _text(raw.get("note"), where, "note", required=False)))
    kinds = {}
    raw_kinds = data.get("activity_kinds", {})
    if not isinstance(raw_kinds, dict):
        raise MappingError("activity_kinds: not a table")
    for name in KINDS:
        raw = raw_kinds.get(name, {})
        if not isinstance(raw, dict) or set(raw) - {"categories", "title_words"}:
            raise MappingError(f"activity_kinds.{name}: only categories and title_words are allowed")
        words = raw.get("title_words", [])
        cats = raw.get("categories", [])
        for key, items in (("categories", cats), ("title_words", words)):
            if not isinstance(items, list) or not all(isinstance(x, str) and x for x in items):
                raise MappingError(f"activity_kinds.{name}: {key} must be a list of texts")
        kinds[name] = ActivityKind(tuple(cats), tuple(words))
    if set(raw_kinds) - set(KINDS):
        raise MappingError(f"activity_kinds: unknown kind {sorted(set(raw_kinds) - set(KINDS))[0]}")
    return FormMapping(tuple(lines), kinds)


def default_mapping_text() -> str:
    return resources.files("workstation.reports").joinpath("national_form.toml").read_text(encoding="utf-8")


def load_mapping(session: Session | None = None, path: Path | None = None) -> FormMapping:
    """The mapping file named by ``path``, else by the library's setting, else the one shipped."""
    if path is None and session is not None:
        setting = session.get(LibrarySetting, SETTING_FILE)
        if setting is not None and setting.value.strip():
            path = Path(setting.value.strip())
    if path is None:
        return parse_mapping(default_mapping_text())
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise MappingError(f"{path}: {err.strerror or err}") from err
    return parse_mapping(text)


# -- the values --------------------------------------------------------------------------------

@dataclass(frozen=True)
class FormValue:
    """One value: ``None`` when the program has no count for it; ``source`` says where it
    comes from (recorded / imported / typed); ``coverage`` how much of the year is counted."""

    value: Number | None
    source: str
    coverage: str = ""


def umbrella_condition() -> ColumnElement[bool]:
    """An activity that sums up a series whose events are recorded as well: in a series, its
    title says 系列活动, and the series has other (not voided) activities of the same
    library. It is not counted as an activity of its own; its participants stand for the
    series' events at its library. Series carry no library: keeping the umbrella to its own
    library's events makes every library's counts stand alone, so the city's are their sum."""
    other = aliased(Activity)
    return and_(Activity.series_id.is_not(None), Activity.title.contains(UMBRELLA_WORD),
                exists().where(other.series_id == Activity.series_id, other.id != Activity.id,
                               other.library_id == Activity.library_id, other.voided_at.is_(None)))


def _in_year(year: int, library_id: int | None = None) -> ColumnElement[bool]:
    first, last = year_days(year)
    of_library = [] if library_id is None else [Activity.library_id == library_id]
    return and_(Activity.start_day >= first, Activity.start_day <= last, Activity.voided_at.is_(None), *of_library)


def kind_condition(kind: ActivityKind) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = []
    if kind.categories:
        parts.append(ActivityCategory.code.in_(kind.categories))
    parts += [Activity.title.contains(word) for word in kind.title_words]
    return or_(*parts) if parts else false()


def activity_counts(session: Session, year: int, library_id: int | None = None) -> tuple[int, int]:
    """(activities, participants) of the year, of one library or of every library (None),
    umbrella rows not counted as activities; a series with an umbrella row counts, per
    library, the larger of the umbrella's participants and the sum of its events' there (the
    umbrella's figure is the series' total at its library)."""
    umbrella = umbrella_condition().label("umbrella")
    rows = session.execute(
        select(Activity.library_id, Activity.series_id, umbrella, func.count(Activity.id),
               func.coalesce(func.sum(Activity.participants), 0))
        .where(_in_year(year, library_id)).group_by(Activity.library_id, Activity.series_id, umbrella)).all()
    count = sum(int(n) for _l, _s, is_umbrella, n, _p in rows if not is_umbrella)
    with_umbrella = {(lib, s) for lib, s, is_umbrella, _n, _p in rows if is_umbrella}
    people = sum(int(p) for lib, s, _u, _n, p in rows if (lib, s) not in with_umbrella)
    for key in with_umbrella:
        own = sum(int(p) for lib, s, u, _n, p in rows if (lib, s) == key and u)
        events = sum(int(p) for lib, s, u, _n, p in rows if (lib, s) == key and not u)
        people += max(own, events)
    return count, people


def kind_counts(session: Session, year: int, kind: ActivityKind, library_id: int | None = None) -> tuple[int, int]:
    row = session.execute(
        select(func.count(Activity.id), func.coalesce(func.sum(Activity.participants), 0))
        .join(ActivityCategory, ActivityCategory.id == Activity.category_id)
        .where(_in_year(year, library_id), kind_condition(kind), ~umbrella_condition())).one()
    return int(row[0]), int(row[1])


FIGURES_CACHE = "workstation_figures"  # session.info key: counts kept while one workbook's figures are read
T = TypeVar("T")


def caching(session: Session) -> bool:
    """Whether counts are kept for the figures of several libraries (``cached``)."""
    return isinstance(session.info.get(FIGURES_CACHE), dict)


def cached(session: Session, key: tuple[Any, ...], count: Callable[[], T]) -> T:
    """``count()``, made once per ``key`` while ``session.info`` holds a dict under
    ``FIGURES_CACHE`` (``statistics.workbook_figures``: the city's figures and each library's
    read from the same counts); otherwise counted every time."""
    cache = session.info.get(FIGURES_CACHE)
    if not isinstance(cache, dict):
        return count()
    if key not in cache:
        cache[key] = count()
    found: T = cache[key]
    return found


def borrowing_visits(session: Session, year: int, points: Sequence[int] | None = None) -> int:
    """Distinct (reader, local day) pairs with at least one loan in the year; at the service
    points ``points`` (one library's) when given. Within ``workbook_figures`` each count is
    made once: the city's line is the sum of the libraries' counts made for their sheets."""
    key = ("borrowing_visits", year, None if points is None else tuple(points))
    return cached(session, key, lambda: _borrowing_visits(session, year, points))


def _borrowing_visits(session: Session, year: int, points: Sequence[int] | None) -> int:
    first, last = year_days(year)
    at = [] if points is None else [Loan.service_point_id.in_(points)]
    pairs = (select(Loan.reader_id, Loan.local_day).where(Loan.local_day >= first, Loan.local_day <= last, *at)
             .distinct().subquery())
    visits = int(session.scalar(select(func.count()).select_from(pairs)) or 0)
    # Voided loans (a handful, found by their corrections) are read apart, so that the count
    # above stays on the (local day, reader) index alone: a visit goes when all its loans did.
    voided = session.execute(
        select(Loan.reader_id, Loan.local_day).join(LoanCorrection, LoanCorrection.loan_id == Loan.id)
        .where(LoanCorrection.kind == CorrectionKind.LOAN, LoanCorrection.event_day >= first,
               LoanCorrection.event_day <= last, *at).distinct()).all()
    for reader_id, day in voided:
        still = session.scalar(select(Loan.id).where(
            Loan.reader_id == reader_id, Loan.local_day == day, *at,
            or_(Loan.closed_as.is_(None), Loan.closed_as != LoanEnd.VOIDED)).limit(1))
        if still is None:
            visits -= 1
    return visits


def card_counts(session: Session, year: int, points: Sequence[int] | None = None) -> tuple[int, int]:
    """(valid cards at the year's end, cards registered in the year). Valid: registered by
    the end of the year, valid until at least 31 December, and not lost or blocked now (the
    program keeps the card's current state, not its state on that day). ``points``: of the
    readers registered at these service points (one library's) when given. Counted per
    registration desk in one pass over the readers (once per workbook: ``cached``)."""
    per_point = cached(session, ("cards", year), lambda: _cards_per_point(session, year))
    chosen = [counts for point, counts in per_point.items() if points is None or point in points]
    return sum(v for v, _n in chosen), sum(n for _v, n in chosen)


def _cards_per_point(session: Session, year: int) -> dict[int, tuple[int, int]]:
    start, end = period_bounds(*year_days(year))
    last = year_days(year)[1]
    valid = case((and_(Reader.registered_at < end, Reader.valid_until >= last,
                       Reader.status == ReaderStatus.ACTIVE), 1), else_=0)
    new = case((and_(Reader.registered_at >= start, Reader.registered_at < end), 1), else_=0)
    rows = session.execute(select(Reader.registered_point_id, func.sum(valid), func.sum(new))
                           .where(Reader.registered_at < end).group_by(Reader.registered_point_id)).all()
    return {int(p): (int(v or 0), int(n or 0)) for p, v, n in rows}


def seats(session: Session, points: Sequence[int] | None = None) -> int | None:
    at = [] if points is None else [ServicePoint.id.in_(points)]
    total, rooms = session.execute(
        select(func.sum(ServicePoint.seats), func.count(ServicePoint.seats))
        .where(ServicePoint.kind == ServicePointKind.READING_ROOM, ServicePoint.active.is_(True), *at)).one()
    return int(total or 0) if rooms else None


def opening_days(session: Session, year: int, library_id: int | None = None) -> int:
    """The days of ``year`` the library is open (``library_id``'s own closings too when given)."""
    first, last = year_days(year)
    closed = calendar.closed_dates(session, first, last, library_id)
    weekly = calendar.weekly_closing_days(session, library_id)
    days = (last - first).days + 1
    return sum(1 for i in range(days) if (d := first + dt.timedelta(days=i)) not in closed
               and d.weekday() not in weekly)


def visitor_days(session: Session, year: int, library_id: int | None = None) -> int:
    """Days of the year with a visitor count (a day total or a counter reading), of one
    library or of any."""
    return len(gate.visitor_totals(session, *year_days(year), "day", library_id))


def volunteers_since(session: Session) -> dt.date:
    setting = session.get(LibrarySetting, SETTING_VOLUNTEERS_SINCE)
    if setting is not None:
        try:
            return dt.date.fromisoformat(setting.value.strip())
        except ValueError:
            pass
    return VOLUNTEERS_SINCE_DEFAULT


def first_volunteer_record(session: Session) -> dt.date | None:
    from workstation.models.outreach import VolunteerRecord
    return session.scalar(select(func.min(VolunteerRecord.local_day)).where(VolunteerRecord.voided_at.is_(None)))


def reading_coverage(session: Session, year: int, rooms_of: Sequence[int] | None = None) -> tuple[int, int]:
    """(room-days counted, room-days open) over the reading rooms in use (of ``rooms_of``
    when given: one library's rooms)."""
    first, last = year_days(year)
    at = [] if rooms_of is None else [HeadCount.room_id.in_(rooms_of)]
    counted = session.scalar(select(func.count()).select_from(
        select(HeadCount.room_id, HeadCount.local_day)
        .where(HeadCount.local_day >= first, HeadCount.local_day <= last, HeadCount.superseded_by_id.is_(None), *at)
        .distinct().subquery()))
    rooms = session.scalar(select(func.count(distinct(HeadCount.room_id))).where(
        HeadCount.local_day >= first, HeadCount.local_day <= last, *at))
    return int(counted or 0), int(rooms or 0) * opening_days(session, year)


# the values fed by records that carry no library: a branch's lines print AT_CENTRAL
AT_CENTRAL_VALUES = frozenset({
    "website_hits", "mobile_hits", "led_days", "volunteer_hours", "volunteer_hours_since"})


def form_values(session: Session, year: int, mapping: FormMapping, figures: dict[str, Number], *,
                library_id: int | None = None, points: Sequence[int] | None = None,
                per_library: Sequence[Sequence[int]] | None = None) -> dict[str, FormValue]:
    """Every value a mapping line may name, for ``year``. ``figures``: the yearly figures
    already computed (loans, visitors …), reused rather than counted again. ``library_id``
    and ``points``: of one library (its items, its service points' records, the readers
    registered there); ``per_library``: the city's libraries' service points, when it has
    branches (borrowing visits are counted per library and summed)."""
    if library_id is not None and not holdings.keeps_batches(library_id):
        values = _library_values(session, year, figures, library_id, points)
        values.update(_activity_values(session, year, mapping, library_id))
        values.update({key: FormValue(None, AT_CENTRAL) for key in AT_CENTRAL_VALUES})
        return values
    values = _library_values(session, year, figures, library_id, points, per_library)
    values.update(_activity_values(session, year, mapping, library_id))
    values.update(_central_values(session, year, mapping, figures))
    return values


def _library_values(session: Session, year: int, figures: dict[str, Number], library_id: int | None,
                    points: Sequence[int] | None, per_library: Sequence[Sequence[int]] | None = None
                    ) -> dict[str, FormValue]:
    """The values that records of a library feed: holdings, cards, seats, loans, visitors."""
    new = holdings.new_holdings(session, year, library_id)

    def holding(kinds: tuple[CollectionType, ...]) -> FormValue:
        catalogued = sum(new[k].catalogued for k in kinds)
        acquired = sum(new[k].acquired for k in kinds)
        parts = ((RECORDED + "（编目）", catalogued), (TYPED + "（按批次登记）", acquired))
        source = "、".join(s for s, n in parts if n)
        return FormValue(catalogued + acquired, source or RECORDED)

    physical = (CollectionType.BOOK, CollectionType.SERIAL, CollectionType.AUDIOVISUAL)
    valid, new_cards = card_counts(session, year, points)
    if per_library:
        visits = sum(borrowing_visits(session, year, library_points) for library_points in per_library)
    else:
        visits = borrowing_visits(session, year, points)
    opening = opening_days(session, year, library_id)
    counted_days = visitor_days(session, year, library_id)
    return {
        "visitors": FormValue(figures["visitors"] if counted_days else None,
                              RECORDED + "（门禁）、" + IMPORTED + "（按日登记）",
                              f"{min(counted_days, opening)} / {opening} 个开馆日有计数"),
        "new_physical": holding(physical),
        "new_books": holding((CollectionType.BOOK,)),
        "new_serials": holding((CollectionType.SERIAL,)),
        "new_audiovisual": holding((CollectionType.AUDIOVISUAL,)),
        "new_e_documents": holding((CollectionType.E_DOCUMENT,)),
        "seats": FormValue(seats(session, points), RECORDED + "（服务点设置）"),
        "valid_cards": FormValue(valid, RECORDED),
        "new_cards": FormValue(new_cards, RECORDED),
        "borrowing_visits": FormValue(visits, DERIVED),
        "loans": FormValue(figures["loans"], RECORDED),
        "loans_bookmobile": FormValue(figures["loans_bookmobile"], RECORDED),
    }


def _central_values(session: Session, year: int, mapping: FormMapping, figures: dict[str, Number]
                    ) -> dict[str, FormValue]:
    """The values fed by records without a library: the central library's and the city's."""
    metric = {t.code: t for t in metrics.year_totals(session, year)}
    values = {
        "volunteer_hours": FormValue(figures["volunteer_hours"], RECORDED),
        "volunteer_hours_since": FormValue(figures["volunteer_hours_since"], RECORDED),
    }
    for key, code in METRIC_CODES.items():
        t = metric.get(code)
        if t is None or not t.months_entered:
            values[key] = FormValue(None, TYPED, "0 / 12 个月已录入")
        else:
            months = "" if t.months_entered == 12 else f"{t.months_entered} / 12 个月已录入"
            values[key] = FormValue(t.total, TYPED, months)
    return values


def _activity_values(session: Session, year: int, mapping: FormMapping, library_id: int | None
                     ) -> dict[str, FormValue]:
    """The values fed by activities: of the library that held them (None: every library)."""
    activities, participants = activity_counts(session, year, library_id)
    values = {"activities": FormValue(activities, RECORDED), "activity_participants": FormValue(participants, RECORDED)}
    for kind, (count_key, people_key) in zip(KINDS, (("lectures", "lecture_participants"),
                                                      ("exhibitions", "exhibition_participants"),
                                                      ("trainings", "training_participants")), strict=True):
        n, people = kind_counts(session, year, mapping.kinds.get(kind, ActivityKind((), ())), library_id)
        values[count_key] = FormValue(n, RECORDED)
        values[people_key] = FormValue(people, RECORDED)
    return values


def volunteer_hours_since(session: Session, year: int) -> Decimal:
    """Volunteer hours from the team's founding (the setting ``volunteer_team_since``) to the
    end of ``year``, summed from the records."""
    return volunteers.hours_total(session, volunteers_since(session), year_days(year)[1])


def series_rows(session: Session, year: int, library_id: int | None = None
                ) -> list[tuple[str, int, int, int, dt.date | None, dt.date | None]]:
    """Each activity series with an activity starting in ``year`` (of one library, or of
    every library): (name, events, participants, online views, first day, last day). At each
    library, a series with an umbrella row takes the larger of the umbrella's figures and its
    events' sums; the umbrella itself is not an event. A series held at several libraries
    sums what each library counts."""
    from workstation.models.outreach import ActivitySeries
    umbrella = umbrella_condition().label("umbrella")
    rows = session.execute(
        select(ActivitySeries.name, Activity.library_id, umbrella, func.count(Activity.id),
               func.coalesce(func.sum(Activity.participants), 0), func.coalesce(func.sum(Activity.online_views), 0),
               func.min(Activity.start_day),
               func.max(Activity.end_day))
        .join(ActivitySeries, ActivitySeries.id == Activity.series_id)
        .where(_in_year(year, library_id)).group_by(ActivitySeries.name, Activity.library_id, umbrella)
        .order_by(func.min(Activity.start_day))).all()
    at: dict[tuple[str, int], list[Any]] = {}
    for name, library, is_umbrella, n, people, views, first, last in rows:
        entry = at.setdefault((name, library), [name, 0, 0, 0, first, last])
        if not is_umbrella:
            entry[1] += int(n)
        entry[2] = max(entry[2], int(people))
        entry[3] = max(entry[3], int(views))
        entry[4] = min(entry[4], first)
        entry[5] = max(entry[5], last)
    out: dict[str, list[Any]] = {}
    for name, n, people, views, first, last in at.values():
        entry = out.setdefault(name, [name, 0, 0, 0, first, last])
        entry[1] += n
        entry[2] += people
        entry[3] += views
        entry[4] = min(entry[4], first)
        entry[5] = max(entry[5], last)
    return [tuple(e) for e in sorted(out.values(), key=lambda e: e[4])]
