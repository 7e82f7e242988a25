"""Hostile inputs of issue 23, each made here, with variants, against every entry point it
reaches: workbooks whose declared extent lies (2), over-long fields and lines (3), files
past the row limit refused early (5), UTF-16 text and NUL bytes (8), bidirectional
control characters (8), a manager's password guessed through the override (6), usernames
told apart at the login (7). Memory and time in a child process: test_hostile_files.py.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import TEST_PASSWORD, make_staff
from tests.desk_data import lending_desks
from tests.services import _hostile_imports as make
from tests.services.circulation.test_lending import new_reader
from workstation.db import Database
from workstation.errors import ValidationError, WorkstationError
from workstation.models import AuditEntry, Role, Staff
from workstation.models.circulation import Item
from workstation.services import retry
from workstation.services.admin import auth
from workstation.services.circulation import catalogue_import, loans, readers
from workstation.services.circulation.refusals import Refusal
from workstation.services.context import Actor
from workstation.services.outreach import importer as outreach_import
from workstation.services.reading import importer as reading_import
from workstation.services.text import clean_text, normalize_identifier

IMPORTERS: dict[str, Callable[[Any, Actor, Path], object]] = {
    "catalogue": lambda s, actor, path: catalogue_import.read_catalogue(s, actor, path),
    "reading": lambda s, actor, path: reading_import.import_file(s, actor, path),
    "outreach": lambda s, actor, path: outreach_import.import_file(s, actor, "activities", path),
}


@pytest.fixture
def desk(sqlite_db: Database) -> Actor:
    make_staff(sqlite_db, "root", Role.ADMIN)
    return make_staff(sqlite_db, "desk1", Role.DESK).at(lending_desks(sqlite_db)[0])


def _written(db: Database) -> tuple[int, int]:
    with db.begin() as s:
        return (s.scalar(select(func.count()).select_from(Item)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _refusal(db: Database, actor: Actor, importer: str, path: Path, seconds: float = 5.0) -> WorkstationError:
    before = _written(db)
    start = time.perf_counter()
    with pytest.raises(WorkstationError) as refused, db.begin() as s:
        IMPORTERS[importer](s, actor, path)
    took = time.perf_counter() - start
    assert took < seconds, f"{importer} took {took:.1f} s on {path.name}"
    assert _written(db) == before
    return refused.value


# -- 2. a workbook's real rows, not its declared extent -------------------------------------

@pytest.mark.parametrize("importer", list(IMPORTERS))
@pytest.mark.parametrize(("kind", "words"), [
    ("far_cell_only", ["empty"]),  # the case of the issue: nothing within the columns read
    ("far_columns_on_every_row", ["empty"]),  # 20,000 rows 16,384 columns wide
    ("header_then_far_data", ["1048576", "limit"]),  # data in Excel's last row: past the row limit
    ("rows_past_excel", ["Excel's last row"]),  # a row number no spreadsheet has
])
def test_a_workbook_is_read_by_its_real_rows(importer: str, kind: str, words: list[str], sqlite_db: Database,
                                            desk: Actor, tmp_path: Path) -> None:
    path = getattr(make, kind)(tmp_path / f"{kind}.xlsx")
    assert path.stat().st_size < 200_000
    message = _refusal(sqlite_db, desk, importer, path).english()
    assert all(w.lower() in message.lower() for w in words), message


def test_a_good_workbook_whose_extent_lies_still_imports(sqlite_db: Database, desk: Actor, tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{a}</t></is></c>'
                   f'<c r="B{r}" t="inlineStr"><is><t>{b}</t></is></c></row>'
                   for r, (a, b) in enumerate([("条码", "题名"), ("B0001", "红楼梦"), ("B0002", "西游记")], start=1))
    path = make.workbook_with_sheet(tmp_path / "lying.xlsx", make._sheet(rows, "A1:XFD1048576"))
    start = time.perf_counter()
    with sqlite_db.begin() as s:
        preview = catalogue_import.read_catalogue(s, desk, path)
    assert time.perf_counter() - start < 5
    assert preview.ok and [r["title"] for _, r in preview.rows] == ["红楼梦", "西游记"]


# -- 3. fields and lines longer than allowed ------------------------------------------------

@pytest.mark.parametrize("importer", list(IMPORTERS))
@pytest.mark.parametrize(("kind", "words"), [
    ("csv_with_long_quoted_field", ["row 3", "131072"]),  # past the csv module's own limit
    ("csv_with_long_cell", ["row 3", "10000"]),  # past the importers' cell limit
    ("long_cell_workbook", ["row 2", "10000"]),  # the same in a workbook
    ("csv_with_long_line", ["row 2", "100000"]),  # one line of 45 MB
])
def test_an_over_long_field_or_line_is_refused_naming_the_row_and_the_limit(
        importer: str, kind: str, words: list[str], sqlite_db: Database, desk: Actor, tmp_path: Path) -> None:
    suffix = ".xlsx" if "workbook" in kind else ".csv"
    if importer == "outreach" and kind == "csv_with_long_line":
        path = make.csv_with_long_line(tmp_path / f"{kind}{suffix}", length=2 * 1024 * 1024)
    else:
        path = getattr(make, kind)(tmp_path / f"{kind}{suffix}")
    refused = _refusal(sqlite_db, desk, importer, path)
    assert isinstance(refused, ValidationError) and refused.field == "file"
    message = refused.english()
    assert all(w in message for w in words), message


def test_a_very_wide_row_is_read_within_bounds(sqlite_db: Database, desk: Actor, tmp_path: Path) -> None:
    """Four million empty cells on one line: past the line limit, refused, not expanded."""
    path = make.csv_with_wide_row(tmp_path / "wide.csv")
    for importer in IMPORTERS:
        assert "row 2" in _refusal(sqlite_db, desk, importer, path).english()


# -- 5. past the row limit: refused at the first row past it, before any row is imported ----

@pytest.mark.parametrize(("importer", "limit"), [
    ("outreach", outreach_import.MAX_ROWS), ("reading", reading_import.MAX_ROWS),
    ("catalogue", catalogue_import.MAX_ROWS)])
@pytest.mark.parametrize("bad", [False, True])
def test_a_file_past_the_row_limit_is_refused_early(importer: str, limit: int, bad: bool, sqlite_db: Database,
                                                     desk: Actor, tmp_path: Path) -> None:
    path = make.csv_rows(tmp_path / "many.csv", limit + 10_000, bad=bad)
    message = _refusal(sqlite_db, desk, importer, path).english()
    assert f"row {limit + 2}" in message and str(limit) in message, message


def test_many_bad_rows_stop_the_check_and_are_listed_in_part(sqlite_db: Database, desk: Actor,
                                                              tmp_path: Path) -> None:
    path = make.csv_rows(tmp_path / "bad.csv", 5_000, bad=True)
    reading = _refusal(sqlite_db, desk, "reading", path)
    assert isinstance(reading, reading_import.ImportRejected) and "more than 1000" in reading.english()
    assert len({e.row for e in reading.errors}) == reading_import.MAX_LISTED_ERRORS
    outreach = _refusal(sqlite_db, desk, "outreach", path)
    assert isinstance(outreach, outreach_import.ImportRejected) and "stopped" in outreach.english()
    catalogue = _refusal(sqlite_db, desk, "catalogue", path)  # not one good row among the first 1,000
    assert "first 1000 rows" in catalogue.english() and "row 2" in catalogue.english()
    # good rows among the bad: every row is checked, every bad one counted, the first 1,000 listed
    mixed = tmp_path / "mixed.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = "G0000001,一本好书,2019-03-04"
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with sqlite_db.begin() as s:
        preview = catalogue_import.read_catalogue(s, desk, mixed)
    assert len(preview.rows) == 1 and len(preview.bad_rows) == preview.total - 1 == 4_999
    assert len(preview.errors) == catalogue_import.MAX_LISTED_ERRORS and preview.unlisted_errors > 0


# -- 8. UTF-16, NUL bytes, bidirectional controls --------------------------------------------

@pytest.mark.parametrize("importer", list(IMPORTERS))
@pytest.mark.parametrize(("encoding", "named"), [
    ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-16-be+bom", "UTF-16"),
    ("utf-32", "UTF-32")])
def test_utf16_text_is_named_and_the_way_out_given(importer: str, encoding: str, named: str,
                                                    sqlite_db: Database, desk: Actor, tmp_path: Path) -> None:
    path = make.utf16_csv(tmp_path / "unicode.csv", encoding)
    message = _refusal(sqlite_db, desk, importer, path).english()
    assert named in message and "UTF-8" in message and "GBK" in message, message
    assert "binary" not in message


@pytest.mark.parametrize("importer", list(IMPORTERS))
@pytest.mark.parametrize(("row", "rows"), [(4, 10), (2, 10), (6_000, 6_500)])  # the last: past the sniffed head
def test_a_nul_byte_is_named_by_its_row(importer: str, row: int, rows: int, sqlite_db: Database, desk: Actor,
                                        tmp_path: Path) -> None:
    path = make.csv_with_nul(tmp_path / "nul.csv", row, rows)
    message = _refusal(sqlite_db, desk, importer, path).english()
    assert f"row {row}" in message and "NUL" in message, message


def test_a_binary_file_named_csv_is_still_called_binary(sqlite_db: Database, desk: Actor, tmp_path: Path) -> None:
    path = tmp_path / "random.csv"
    path.write_bytes(bytes(range(256)) * 64)
    for importer in IMPORTERS:
        assert "binary" in _refusal(sqlite_db, desk, importer, path).english()


BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c"]


@pytest.mark.parametrize("mark", BIDI)
def test_bidirectional_controls_are_removed_from_names_and_codes(mark: str) -> None:
    assert clean_text(f"张{mark}三") == "张三"
    assert clean_text(f"{mark}invoice{mark}fdp.exe") == "invoicefdp.exe"
    assert normalize_identifier(f"r00{mark}12") == "R0012"


def test_bidirectional_controls_never_reach_the_database(db: Database, tmp_path: Path) -> None:
    make_staff(db, "root", Role.ADMIN)
    desk = make_staff(db, "desk1", Role.DESK).at(lending_desks(db)[0])
    reader_id = new_reader(db, desk, "R0777", name="王\u202e芳\u2066")
    path = tmp_path / "catalogue.csv"
    path.write_text("条码,题名,责任者\nB0777,\u202e红楼梦\u202c,曹\u200f雪芹\n", encoding="utf-8")
    with db.begin() as s:
        preview = catalogue_import.read_catalogue(s, desk, path)
        catalogue_import.import_catalogue(s, desk, preview)
    with db.begin() as s:
        item = s.scalars(select(Item).where(Item.barcode == "B0777")).one()
        assert (item.title, item.author) == ("红楼梦", "曹雪芹")
        assert readers.find_by_card(s, "R0777").name == "王芳"  # type: ignore[union-attr]
        assert reader_id > 0


# -- 6. a manager's password guessed through the override ------------------------------------

def _override(db: Database, desk: Actor, reader_id: int, manager: str, password: str) -> None:
    with db.begin() as s:
        loans.authorize_override(s, desk, reader_id, Refusal.TOO_MANY_LOANS, manager_username=manager,
                                 manager_password=password, reason="家长陪同")


def _staff(db: Database, username: str) -> Staff:
    with db.begin() as s:
        return s.scalars(select(Staff).where(Staff.username == username)).one()


def _override_failures(db: Database) -> list[AuditEntry]:
    with db.begin() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "override_failed")
                              .order_by(AuditEntry.id)))


def test_wrong_manager_passwords_at_the_override_lock_the_account(db: Database) -> None:
    make_staff(db, "root", Role.ADMIN)
    desk = make_staff(db, "desk1", Role.DESK).at(lending_desks(db)[0])
    make_staff(db, "boss", Role.MANAGER)
    reader_id = new_reader(db, desk, "R0001")
    answers = set()
    for _ in range(auth.MAX_FAILED_LOGINS):
        with pytest.raises(ValidationError) as wrong:
            _override(db, desk, reader_id, "boss", "guess-1234")
        answers.add(wrong.value.english())
    assert len(answers) == 1
    boss = _staff(db, "boss")
    assert boss.failed_logins == auth.MAX_FAILED_LOGINS and boss.locked_at is not None
    failures = _override_failures(db)
    assert len(failures) == auth.MAX_FAILED_LOGINS
    assert all(e.staff_id == desk.staff_id and e.entity_id == boss.id for e in failures)  # who tried, on whom
    assert failures[-1].details["locked"] is True
    # the right password no longer lifts a rule, and the manager cannot log in either
    with pytest.raises(ValidationError, match="locked"):
        _override(db, desk, reader_id, "boss", TEST_PASSWORD)
    with db.begin() as s:
        assert isinstance(auth.login(s, "boss", TEST_PASSWORD).error, auth.AccountLocked)


def test_override_and_login_failures_share_one_counter(db: Database) -> None:
    make_staff(db, "root", Role.ADMIN)
    desk = make_staff(db, "desk1", Role.DESK).at(lending_desks(db)[0])
    make_staff(db, "boss", Role.MANAGER)
    reader_id = new_reader(db, desk, "R0001")
    for _ in range(3):
        with db.begin() as s:
            assert not auth.login(s, "boss", "guess-1234").ok
    for _ in range(2):
        with pytest.raises(ValidationError):
            _override(db, desk, reader_id, "boss", "guess-5678")
    assert _staff(db, "boss").locked_at is not None


def test_an_override_failure_is_counted_once_whatever_the_caller_does(db: Database) -> None:
    make_staff(db, "root", Role.ADMIN)
    desk = make_staff(db, "desk1", Role.DESK).at(lending_desks(db)[0])
    make_staff(db, "boss", Role.MANAGER)
    reader_id = new_reader(db, desk, "R0001")
    # through the retrying runner (the desk's way), the error propagates: kept after the rollback
    with pytest.raises(ValidationError):
        retry.run(db, lambda s: loans.authorize_override(s, desk, reader_id, "too_many_loans",
                                                         manager_username="boss", manager_password="x1",
                                                         reason="家长陪同"))
    assert _staff(db, "boss").failed_logins == 1
    # a caller that catches the refusal inside its transaction commits the count itself
    with db.begin() as s, contextlib.suppress(ValidationError):
        loans.authorize_override(s, desk, reader_id, "too_many_loans", manager_username="boss",
                                 manager_password="x2", reason="家长陪同")
    assert _staff(db, "boss").failed_logins == 2
    assert len(_override_failures(db)) == 2
    # the right password resets the count, as a login does
    _override(db, desk, reader_id, "boss", TEST_PASSWORD)
    assert _staff(db, "boss").failed_logins == 0


def test_an_unknown_manager_gets_the_same_answer_and_is_audited(db: Database) -> None:
    make_staff(db, "root", Role.ADMIN)
    desk = make_staff(db, "desk1", Role.DESK).at(lending_desks(db)[0])
    make_staff(db, "boss", Role.MANAGER)
    reader_id = new_reader(db, desk, "R0001")
    with pytest.raises(ValidationError) as unknown:
        _override(db, desk, reader_id, "nobody", "guess-1234")
    with pytest.raises(ValidationError) as wrong:
        _override(db, desk, reader_id, "boss", "guess-1234")
    assert unknown.value.english() == wrong.value.english() and unknown.value.field == wrong.value.field
    assert [e.details["reason"] for e in _override_failures(db)] == ["unknown", "wrong_password"]


# -- 7. the login tells nobody which usernames exist -----------------------------------------

def test_the_login_answers_unknown_users_and_wrong_passwords_alike(db: Database,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    admin = make_staff(db, "root", Role.ADMIN)
    make_staff(db, "known", Role.DESK)
    make_staff(db, "gone", Role.DESK)
    make_staff(db, "locked", Role.DESK)
    with db.begin() as s:
        from workstation.services.admin import staff as staff_service

        gone = s.scalars(select(Staff).where(Staff.username == "gone")).one()
        staff_service.update_staff(s, admin, gone.id, active=False)
    for _ in range(auth.MAX_FAILED_LOGINS):
        with db.begin() as s:
            auth.login(s, "locked", "guess-1234")
    hashed: list[str] = []
    real = auth.verify_password

    def counting(password_hash: str, password: str) -> bool:
        hashed.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", counting)
    answers = {}
    for username in ("known", "nobody", "gone", "locked", "Known ", "nob0dy"):
        with db.begin() as s:
            outcome = auth.login(s, username, "guess-1234")
        assert outcome.error is not None
        answers[username] = (type(outcome.error), outcome.error.english())
    assert len(set(answers.values())) == 1, answers
    assert "tries left" not in next(iter(answers.values()))[1]
    assert len(hashed) == len(answers)  # an unknown username costs the same hashing as a known one


@pytest.mark.parametrize("importer", ["catalogue", "reading"])  # outreach takes UTF-8 only
@pytest.mark.parametrize("bad", [b"\x80", b"\xff", b"\x81 "])
def test_text_neither_utf8_nor_gbk_is_refused_naming_the_row(importer: str, bad: bytes, sqlite_db: Database,
                                                               desk: Actor, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    good = "B0001,书,2019-03-04,09:00,期刊阅览室,3,讲座,x,2019-03-04\n".encode("gbk")
    path.write_bytes(",".join(make.HEADER).encode("gbk") + b"\n" + good * 3 + b"B0009," + bad + b",x\n")
    message = _refusal(sqlite_db, desk, importer, path).english()
    assert "row 5" in message and "UTF-8" in message and "GBK" in message, message
