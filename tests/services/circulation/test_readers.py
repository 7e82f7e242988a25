"""Reader registration, masking and search; items; catalogue import; the overdue list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests import paths
from tests.services.circulation.test_lending import at_desk, counts, id_number, lend, new_item, new_reader, point_id
from workstation import timeutil
from workstation.db import Database
from workstation.errors import ValidationError
from workstation.models.circulation import Item, Reader
from workstation.services.circulation import catalogue_import, items, overdue, readers
from workstation.services.context import Actor

__all__ = ["at_desk"]  # fixture re-used from the desk tests
EXAMPLES = paths.EXAMPLES / "circulation"
TODAY = timeutil.today()


def register(db: Database, actor: Actor, **kw) -> Reader:
    args = {"card_number": "R0001", "name": "王小明", "category": "adult", "id_type": "resident_id",
            "id_number": id_number(), "phone": "138 1234 5678"}
    args.update(kw)
    with db.begin() as s:
        return readers.register_reader(s, actor, **args)


def test_register_normalises_input(db: Database, at_desk: Actor) -> None:
    number = id_number(7)
    reader = register(db, at_desk, card_number=" ｒ００１２ ", name="  王　小明 ", id_number=number.lower(),
                      phone="+86 138-1234-5678", deposit="100")
    assert reader.card_number == "R0012" and reader.name == "王 小明"
    assert reader.id_number == number.upper() and reader.phone == "13812345678"
    assert reader.deposit == Decimal("100.00") and reader.registered_point_id == at_desk.service_point_id
    assert reader.valid_until.year == TODAY.year + 3


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"card_number": "  "}, "card_number", "empty"),
    ({"card_number": "R 0"}, "card_number", "4 to 32"),
    ({"card_number": "卡号一二三四"}, "card_number", "letters"),
    ({"name": "　"}, "name", "empty"),
    ({"name": "名" * 61}, "name", "60"),
    ({"category": "alien"}, "category", "adult"),
    ({"id_type": "driving"}, "id_type", "passport"),
    ({"id_number": "14040219900101002"}, "id_number", "18 characters"),
    ({"id_number": "140402199001010X23"}, "id_number", "18 characters"),
    ({"id_number": "140402199013010023"}, "id_number", "birth date"),
    ({"id_number": "140402203001010023"}, "id_number", "future"),
    ({"id_number": "１４０４０２１９９００２３００ＸＸ"}, "id_number", "18 characters"),
    ({"phone": "12345"}, "phone", "11-digit"),
    ({"phone": "１３８１２３４５６７８９"}, "phone", "11-digit"),
    ({"valid_until": TODAY - dt.timedelta(days=1)}, "valid_until", "after today"),
    ({"valid_until": TODAY.replace(year=TODAY.year + 11)}, "valid_until", "10 years"),
    ({"deposit": "-1"}, "deposit", "from 0"),
    ({"deposit": "abc"}, "deposit", "yuan"),
    ({"deposit": "100.005"}, "deposit", "two decimals"),
    ({"deposit": "NaN"}, "deposit", "from 0"),
])
def test_bad_registration_names_field_and_writes_nothing(db: Database, at_desk: Actor, change: dict,
                                                         field: str, words: str) -> None:
    before = counts(db)
    with pytest.raises(ValidationError) as err:
        register(db, at_desk, **change)
    assert err.value.field == field and words in err.value.english()
    assert counts(db) == before
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Reader)) == 0


def test_wrong_check_digit_is_named(db: Database, at_desk: Actor) -> None:
    good = id_number(5)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as err:
        register(db, at_desk, id_number=bad)
    assert err.value.field == "id_number" and "check digit" in err.value.english()


def test_duplicates_by_card_id_number_and_phone(db: Database, at_desk: Actor) -> None:
    number = id_number(9)
    register(db, at_desk, card_number="R0001", name="张三", id_number=number, phone="13800000001")
    before = counts(db)
    cases = [
        ({"card_number": "r0001", "phone": "13800000002"}, "card_number", "R0001 is already registered"),
        ({"card_number": "R0002", "id_number": number.lower(), "phone": "13800000003"}, "id_number",
         "registered to card R0001 (张三)"),
    ]
    for change, field, words in cases:
        with pytest.raises(ValidationError) as err:
            register(db, at_desk, **change)
        assert err.value.field == field and words in err.value.english()
    assert counts(db) == before
    # a shared phone (a child with a guardian's phone) is registered: the desk is warned, not refused
    register(db, at_desk, card_number="R0003", category="child", phone="138-0000-0001")
    with db.begin() as s:
        child = s.scalar(select(Reader.id).where(Reader.card_number == "R0003"))
        warning = readers.phone_shared_with(s, "13800000001", child)
    assert warning is not None and warning.params == {"card": "R0001", "name": "张三"}


def test_masked_for_desk_full_for_admin(db: Database, at_desk: Actor, admin: Actor) -> None:
    number = id_number(11)
    register(db, at_desk, card_number="R0001", name="张三", id_number=number, phone="13812345678")
    with db.begin() as s:
        seen_by_desk = readers.search_readers(s, at_desk, "张")
        seen_by_admin = readers.search_readers(s, admin, "r0001")
    assert seen_by_desk[0].id_number == number[:4] + "*" * 10 + number[-4:]
    assert seen_by_desk[0].phone == "138****5678"
    assert seen_by_admin[0].id_number == number and seen_by_admin[0].phone == "13812345678"
    assert readers.mask_phone("5551234") == "***1234" and readers.mask_id_number("E1234567") == "E******7"


def test_search_by_card_name_phone_and_id(db: Database, at_desk: Actor) -> None:
    number = id_number(12)
    register(db, at_desk, card_number="R0001", name="张三", id_number=number, phone="13812345678")
    register(db, at_desk, card_number="R0002", name="李四", id_number=id_number(13), phone="13900000000")
    with db.begin() as s:
        def cards(q: str) -> list[str]:
            return [r.card_number for r in readers.search_readers(s, at_desk, q)]
        assert cards("R000") == ["R0001", "R0002"]
        assert cards("李") == ["R0002"]
        assert cards("138 1234 5678") == ["R0001"]
        assert cards(number.lower()) == ["R0001"]
        assert cards("%") == [] and cards("   ") == []


def test_items_isbn_and_search(db: Database, at_desk: Actor) -> None:
    new_item(db, at_desk, "T0001", "平凡的世界", author="路遥", isbn="7-02-000220-X", call_number="i247.57/123")
    with db.begin() as s:
        item = s.scalar(select(Item))
        assert item is not None and item.isbn == "9787020002207"
        assert (item.call_number, item.clc_class) == ("I247.57/123", "I247.57")
        for q in ("t000", "平凡", "路遥", "978-7-02-000220-7"):
            assert [i.barcode for i in items.search_items(s, at_desk, q)] == ["T0001"], q
    before = counts(db)
    for kw, field in [({"isbn": "9787020002208"}, "isbn"), ({"title": " "}, "title"),
                      ({"collection_type": "manuscript"}, "collection_type"), ({"barcode": "T0001"}, "barcode"),
                      ({"call_number": "中文/1"}, "call_number")]:
        args = {"barcode": "T0002", "title": "书", **kw}
        with pytest.raises(ValidationError) as err, db.begin() as s:
            items.create_item(s, at_desk, **args)
        assert err.value.field == field
    assert counts(db) == before


# -- catalogue import ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["catalogue.csv", "catalogue.xlsx", "catalogue-english.csv"])
def test_import_example_files(db: Database, at_desk: Actor, name: str) -> None:
    with db.begin() as s:
        preview = catalogue_import.read_catalogue(s, at_desk, EXAMPLES / name)
    assert preview.ok and preview.errors == []
    seen: list[tuple[int, int]] = []
    with db.begin() as s:
        added = catalogue_import.import_catalogue(s, at_desk, preview, progress=lambda d, t: seen.append((d, t)))
    assert added == preview.total == len(preview.rows) and seen[-1] == (added, added)
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Item)) == added
        if name == "catalogue.csv":
            item = s.scalar(select(Item).where(Item.barcode == "C0000001"))
            assert item is not None and item.title == "平凡的世界" and item.clc_class == "I247.57"
            assert item.home_point_id == point_id(db, "文学借阅处")


def test_import_with_bad_rows_reports_each_and_imports_nothing(db: Database, at_desk: Actor, tmp_path: Path) -> None:
    with db.begin() as s:
        preview = catalogue_import.read_catalogue(s, at_desk, EXAMPLES / "catalogue-with-errors.csv")
    assert preview.bad_rows == [3, 4, 5, 6, 7]
    fields = {(e.row, e.field) for e in preview.errors}
    assert fields == {(3, "title"), (4, "isbn"), (5, "barcode"), (6, "collection_type"), (7, "home_point")}
    assert "row 2" in next(e for e in preview.errors if e.row == 5).error.english()
    before = counts(db)
    with pytest.raises(ValidationError) as err, db.begin() as s:
        catalogue_import.import_catalogue(s, at_desk, preview)
    assert "5 rows have errors" in err.value.english()
    assert counts(db) == before
    with db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Item)) == 0
    with db.begin() as s:  # the user chooses to import the good rows only
        assert catalogue_import.import_catalogue(s, at_desk, preview, good_rows_only=True) == 2
    with db.begin() as s:
        assert sorted(s.scalars(select(Item.barcode))) == ["D0000001", "D0000007"]
    # reading the same file again: rows already in the catalogue are reported too
    with db.begin() as s:
        again = catalogue_import.read_catalogue(s, at_desk, EXAMPLES / "catalogue-with-errors.csv")
    assert 2 in again.bad_rows and 8 in again.bad_rows


def test_import_file_problems(db: Database, at_desk: Actor, tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("条码,题名\nG0000001,中文书名\n".encode("gb18030"))
    headless = tmp_path / "headless.csv"
    headless.write_text("G1,书\n", encoding="utf-8")
    other = tmp_path / "x.txt"
    other.write_text("x", encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with db.begin() as s:
        preview = catalogue_import.read_catalogue(s, at_desk, gbk)
        assert preview.rows[0][1]["title"] == "中文书名"
        for path in (headless, other, broken, tmp_path / "missing.csv"):
            with pytest.raises(ValidationError) as err:
                catalogue_import.read_catalogue(s, at_desk, path)
            assert err.value.field == "file"


# -- overdue list ----------------------------------------------------------------------------

def test_overdue_list_and_export(db: Database, at_desk: Actor, admin: Actor, tmp_path: Path) -> None:
    reader = new_reader(db, at_desk, "R0001", "张三", phone="13812345678")
    for code in ("OD01", "OD02", "OD03"):
        new_item(db, at_desk, code, f"书{code}")
    now = timeutil.now_utc()
    lend(db, at_desk, reader, "OD01", now=now - dt.timedelta(days=50), overrides=())
    with db.begin() as s:  # a second one lent long ago at another desk does not show here
        from workstation.services.circulation import loans
        loans.checkout(s, at_desk.at(point_id(db, "文学借阅处")), reader, "OD02",
                       now=now - dt.timedelta(days=40))
    with db.begin() as s:
        lines = overdue.overdue_loans(s, at_desk, at_desk.service_point_id or 0, TODAY)
    assert [(line.barcode, line.phone) for line in lines] == [("OD01", "138****5678")]
    assert lines[0].days_overdue == (TODAY - lines[0].due_date).days > 0
    target = tmp_path / "overdue.xlsx"
    with db.begin() as s:
        assert overdue.export_overdue_xlsx(s, admin, at_desk.service_point_id or 0, target, TODAY) == 1
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("条码", "题名", "索书号")
    assert rows[1][0] == "OD01" and rows[1][5] == "13812345678" and rows[1][8] == lines[0].days_overdue
    with pytest.raises(ValidationError), db.begin() as s:
        overdue.overdue_loans(s, at_desk, 10**6)
