"""The outreach and collection-growth figures of a period, for the statistics and the
yearly workbook: every number is an SQL aggregate over the records of this package."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from workstation.models.collection import CollectionType
from workstation.services.outreach import activities, bookmobile, holdings, metrics, volunteers


@dataclass(frozen=True)
class OutreachFigures:
    year: int
    activities: int                      # 读者活动
    participants: int
    online_views: int
    culture_lectures: int                # 文化大讲堂
    health_lectures: int                 # 健康大讲堂
    bookmobile_trips: int                # 流动图书车出车
    volunteer_hours: Decimal             # 志愿服务时长
    metrics: dict[str, int] = field(default_factory=dict)   # code → year figure (website_hits …)
    new_holdings: dict[CollectionType, int] = field(default_factory=dict)

    @property
    def new_holdings_total(self) -> int:
        return sum(self.new_holdings.values())


def year_figures(session: Session, year: int, library_id: int | None = None) -> OutreachFigures:
    """The year's figures, of the city (``library_id`` None) or of one library. Activities
    count in the figures of the library that held them. Volunteer hours and the typed
    monthly metrics carry no library: they are recorded by the central library and count in
    its figures (and the city's), never in a branch's."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    totals = activities.totals_by_category(session, first, last, library_id)
    by_code = {t.code: t.activities for t in totals}
    held = (sum(t.activities for t in totals), sum(t.participants for t in totals),
            sum(t.online_views for t in totals), by_code.get("culture_lecture", 0), by_code.get("health_lecture", 0))
    if not holdings.keeps_batches(library_id):  # a branch: only what carries its library
        return OutreachFigures(
            year, *held,
            bookmobile_trips=bookmobile.trip_count(session, first, last, library_id), volunteer_hours=Decimal(0),
            new_holdings={kind: line.total for kind, line in holdings.new_holdings(session, year, library_id).items()})
    return OutreachFigures(
        year, *held,
        bookmobile_trips=bookmobile.trip_count(session, first, last, library_id),
        volunteer_hours=volunteers.hours_total(session, first, last),
        metrics={t.code: t.total for t in metrics.year_totals(session, year)},
        new_holdings={kind: line.total for kind, line in holdings.new_holdings(session, year, library_id).items()},
    )
