from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from workstation.db import Database
from workstation.demo import outreach as demo
from workstation.errors import Conflict, PermissionDenied
from workstation.models.circulation import CollectionType as ItemType
from workstation.models.circulation import Item
from workstation.models.collection import CollectionType
from workstation.services.context import Actor
from workstation.services.outreach import activities
from workstation.services.outreach.summary import year_figures
from workstation.timeutil import at_local


def test_demo_2019_records_add_up_to_the_reported_figures(db: Database, desk: Actor, manager: Actor) -> None:
    with db.begin() as s:  # the catalogue already holds 40 books catalogued in 2019
        for i in range(40):
            s.add(Item(barcode=f"D{i:05d}", title="书", collection_type=ItemType.BOOK,
                       created_at=at_local(dt.date(2019, 4, 1), 10)))
    with pytest.raises(PermissionDenied), db.begin() as s:
        demo.seed_2019(s, desk)
    with db.begin() as s:
        demo.seed_2019(s, manager)
    with db.begin() as s:
        figures = year_figures(s, 2019)
    assert figures.activities == 488
    assert (figures.culture_lectures, figures.health_lectures) == (12, 9)
    assert figures.bookmobile_trips == 411
    assert figures.volunteer_hours == Decimal("826.5")
    assert figures.metrics["website_hits"] == 358_000
    assert figures.metrics["mobile_library_hits"] == 7_546_000
    assert figures.metrics["led_days"] == 365
    assert figures.new_holdings == {CollectionType.BOOK: 21_861, CollectionType.SERIAL: 8_102,
                                    CollectionType.AUDIOVISUAL: 12, CollectionType.E_DOCUMENT: 622_786}
    assert figures.new_holdings_total == 652_761
    with db.begin() as s:
        series = activities.series_by_name(s, demo.SERIES)
        assert series is not None
        total = activities.series_totals(s, series.id)
        assert (total.participants, total.online_views) == (5_764, 8_400)
        assert year_figures(s, 2018).activities == 0
    with pytest.raises(Conflict), db.begin() as s:
        demo.seed_2019(s, manager)
