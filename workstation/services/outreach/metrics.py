"""Monthly online and promotion figures (website hits, mobile-library hits, LED screen
days, WeChat followers …). Metrics are data: a manager defines new ones. A value is
entered once per metric and month (a second entry is refused) and corrected in place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from workstation.errors import N_, Conflict, NotFound, ValidationError
from workstation.models import Role, utcnow
from workstation.models.outreach import MetricAggregation, MetricDefinition, MetricValue
from workstation.services import audit
from workstation.services.context import Actor, require_role
from workstation.services.outreach._common import parse_month, parse_text, parse_year, require_count

MAX_VALUE = 10_000_000_000
_CODE = re.compile(r"^[a-z][a-z0-9_]{1,29}$")


@dataclass(frozen=True)
class MetricTotal:
    metric_id: int
    code: str
    name: str
    unit: str
    aggregation: MetricAggregation
    months_entered: int
    total: int  # the sum of the months, or the last month's value for a stock


def list_definitions(session: Session, *, include_inactive: bool = False) -> Sequence[MetricDefinition]:
    query = select(MetricDefinition).order_by(MetricDefinition.sort_order, MetricDefinition.id)
    if not include_inactive:
        query = query.where(MetricDefinition.active.is_(True))
    return session.scalars(query).all()


def get_definition(session: Session, metric_id: int | None) -> MetricDefinition:
    metric = session.get(MetricDefinition, metric_id) if metric_id is not None else None
    if metric is None:
        raise ValidationError("metric", N_("Metric: choose one from the list."))
    return metric


def definition_by_label(session: Session, label: str) -> MetricDefinition:
    text = parse_text(label, "metric", maximum=60)
    metric = session.scalar(select(MetricDefinition).where(
        (MetricDefinition.name == text) | (MetricDefinition.code == text.lower())))
    if metric is None:
        raise ValidationError("metric", N_("Metric: there is no metric called {name}."), name=text)
    return metric


def parse_aggregation(value: str | MetricAggregation) -> MetricAggregation:
    try:
        return MetricAggregation(value)
    except ValueError:
        raise ValidationError("aggregation", N_("Year total: must be sum or last.")) from None


def create_definition(session: Session, actor: Actor, code: str, name: str, unit: str = "",
                      aggregation: str | MetricAggregation = MetricAggregation.SUM) -> MetricDefinition:
    require_role(actor, Role.MANAGER)
    code = parse_text(code, "code", maximum=30, required=True).lower()
    if not _CODE.match(code):
        raise ValidationError("code", N_("Code: use 2 to 30 lower-case letters, digits or underscores, "
                                         "starting with a letter."))
    name = parse_text(name, "name", maximum=60, required=True)
    unit = parse_text(unit, "unit", maximum=20)
    agg = parse_aggregation(aggregation)
    if session.scalar(select(MetricDefinition.id).where(
            (MetricDefinition.code == code) | (MetricDefinition.name == name))) is not None:
        raise Conflict(N_("Metric: {name} or its code {code} already exists."), name=name, code=code)
    last = session.scalar(select(func.max(MetricDefinition.sort_order))) or 0
    metric = MetricDefinition(code=code, name=name, unit=unit, aggregation=agg, active=True, sort_order=last + 10)
    session.add(metric)
    session.flush()
    audit.record(session, actor, "create", "metric_definition", metric.id,
                 {"code": code, "name": name, "unit": unit, "aggregation": agg.value})
    return metric


def enter_value(session: Session, actor: Actor, metric_id: int | None, year: int | str | None,
                month: int | str | None, value: int | str | None) -> MetricValue:
    """The value of a metric for one month. Entering a month twice is refused: correct it."""
    require_role(actor, Role.DESK)
    metric = get_definition(session, metric_id)
    y = parse_year(year)
    m = parse_month(month)
    amount = require_count(value, "value", maximum=MAX_VALUE)
    existing = session.scalar(select(MetricValue.id).where(
        MetricValue.metric_id == metric.id, MetricValue.year == y, MetricValue.month == m))
    if existing is not None:
        raise ValidationError("month", N_("Month: {metric} for {year}-{month:02d} is already entered; "
                                          "correct that value instead."), metric=metric.name, year=y, month=m)
    row = MetricValue(metric_id=metric.id, year=y, month=m, value=amount)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "metric_value", row.id,
                 {"metric": metric.code, "year": y, "month": m, "value": amount})
    return row


def correct_value(session: Session, actor: Actor, value_id: int, value: int | str | None) -> MetricValue:
    require_role(actor, Role.DESK)
    row = session.get(MetricValue, value_id)
    if row is None:
        raise NotFound(N_("No metric value with number {id}."), id=value_id)
    amount = require_count(value, "value", maximum=MAX_VALUE)
    if amount == row.value:
        return row
    audit.record(session, actor, "update", "metric_value", row.id,
                 {"metric_id": row.metric_id, "year": row.year, "month": row.month, "value": [row.value, amount]})
    row.value = amount
    row.updated_at = utcnow()
    return row


def values_for_year(session: Session, year: int) -> dict[tuple[int, int], MetricValue]:
    """(metric id, month) → the value row, for a table of the year."""
    rows = session.scalars(select(MetricValue).where(MetricValue.year == year)).all()
    return {(r.metric_id, r.month): r for r in rows}


def year_totals(session: Session, year: int, *, through_month: int = 12) -> list[MetricTotal]:
    """Each metric's figure for the year (January to ``through_month``), computed in SQL:
    the sum of the months, or for a stock the value of the last month entered."""
    in_year = and_(MetricValue.metric_id == MetricDefinition.id, MetricValue.year == year,
                   MetricValue.month <= through_month)
    sums = session.execute(
        select(MetricDefinition.id, func.count(MetricValue.id), func.coalesce(func.sum(MetricValue.value), 0),
               func.max(MetricValue.month))
        .select_from(MetricDefinition).outerjoin(MetricValue, in_year)
        .group_by(MetricDefinition.id)
    ).all()
    last_value = aliased(MetricValue)
    latest: dict[int, int] = {mid: value for mid, value in session.execute(
        select(last_value.metric_id, last_value.value).where(
            last_value.year == year,
            last_value.month == select(func.max(MetricValue.month)).where(
                MetricValue.metric_id == last_value.metric_id, MetricValue.year == year,
                MetricValue.month <= through_month).scalar_subquery()))}
    by_id = {r[0]: r for r in sums}
    result = []
    for metric in list_definitions(session, include_inactive=True):
        _mid, count, total, _last_month = by_id[metric.id]
        figure = int(latest.get(metric.id, 0)) if metric.aggregation is MetricAggregation.LAST else int(total)
        result.append(MetricTotal(metric.id, metric.code, metric.name, metric.unit, metric.aggregation,
                                  int(count), figure))
    return result


def metric_year_total(session: Session, code: str, year: int) -> int:
    """One metric's yearly figure by code (``website_hits`` …); 0 when nothing is entered."""
    for total in year_totals(session, year):
        if total.code == code:
            return total.total
    raise NotFound(N_("No metric with code {code}."), code=code)
