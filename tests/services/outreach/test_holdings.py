from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from workstation.db import Database
from workstation.errors import ValidationError
from workstation.models import AuditEntry
from workstation.models.circulation import CollectionType as ItemType
from workstation.models.circulation import Item
from workstation.models.collection import Acquisition, CollectionType
from workstation.services.context import Actor
from workstation.services.outreach import holdings as hold
from workstation.timeutil import at_local, today


def add_items(db: Database, kind: ItemType, moments: list[dt.datetime], prefix: str) -> None:
    with db.begin() as s:
        for i, moment in enumerate(moments):
            s.add(Item(barcode=f"{prefix}{i:05d}", title=f"书{i}", collection_type=kind, created_at=moment))


def test_new_holdings_add_catalogued_items_and_acquisitions(db: Database, desk: Actor) -> None:
    books_2019 = [at_local(dt.date(2019, 1, 1), 0, 5), at_local(dt.date(2019, 6, 15), 10),
                  at_local(dt.date(2019, 12, 31), 23, 30)]  # 15:30 UTC on the 31st: still 2019 locally
    add_items(db, ItemType.BOOK, books_2019, "B")
    add_items(db, ItemType.BOOK, [at_local(dt.date(2018, 12, 31), 23, 59),
                                  at_local(dt.date(2020, 1, 1), 0, 0)], "X")
    add_items(db, ItemType.AUDIOVISUAL, [at_local(dt.date(2019, 3, 3), 9)] * 12, "AV")
    with db.begin() as s:
        hold.record_acquisition(s, desk, "2019-03-01", "book", "21,858", "政府采购")
        hold.record_acquisition(s, desk, "2019-01-15", "serial", 8102, "邮局订阅")
        hold.record_acquisition(s, desk, "2019-12-20", "电子文献", "６２２７８６", "中文数据库")
        hold.record_acquisition(s, desk, "2018-12-20", CollectionType.E_DOCUMENT, 5, "上一年")
    with db.begin() as s:
        result = hold.new_holdings(s, 2019)
        by_month = hold.new_holdings_by_month(s, 2019)
    assert result[CollectionType.BOOK].catalogued == 3
    assert result[CollectionType.BOOK].acquired == 21_858
    assert result[CollectionType.BOOK].total == 21_861
    assert result[CollectionType.SERIAL].total == 8_102
    assert result[CollectionType.AUDIOVISUAL].total == 12
    assert result[CollectionType.E_DOCUMENT].total == 622_786
    assert sum(line.total for line in result.values()) == 652_761
    assert by_month[(CollectionType.BOOK, 12)].catalogued == 1
    assert by_month[(CollectionType.BOOK, 1)].catalogued == 1
    assert by_month[(CollectionType.BOOK, 3)].acquired == 21_858
    assert by_month[(CollectionType.AUDIOVISUAL, 3)].catalogued == 12


@pytest.mark.parametrize(("args", "field"), [
    (("2019-03-01", "maps", 1, "购买"), "collection_type"),
    (("2019-03-01", "book", 0, "购买"), "quantity"),
    (("2019-03-01", "book", -3, "购买"), "quantity"),
    (("2019-03-01", "book", "3.5", "购买"), "quantity"),
    (("2019-03-01", "book", 3, "  "), "source"),
    (("", "book", 3, "购买"), "day"),
    ((None, "book", 3, "购买"), "day"),
])
def test_bad_acquisitions_are_refused(db: Database, desk: Actor, args: tuple[object, ...], field: str) -> None:
    with pytest.raises(ValidationError) as err, db.begin() as s:
        hold.record_acquisition(s, desk, *args)  # type: ignore[arg-type]
    assert err.value.field == field
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Acquisition)) == 0


def test_future_acquisition_refused_and_void_removes_from_totals(db: Database, desk: Actor, manager: Actor) -> None:
    with pytest.raises(ValidationError), db.begin() as s:
        hold.record_acquisition(s, desk, today() + dt.timedelta(days=1), "book", 3, "购买")
    with db.begin() as s:
        aid = hold.record_acquisition(s, desk, "2019-05-05", "book", 30, "赠送").id
    with db.begin() as s:
        hold.void_acquisition(s, manager, aid, "重复")
        assert hold.new_holdings(s, 2019)[CollectionType.BOOK].total == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "acquisition")) == 2
