"""The circulation tab driven with key clicks, checked against the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QTableWidget
from sqlalchemy import func, select
from stdnum.cn import ric

from tests import paths
from tests.conftest import TEST_PASSWORD
from tests.ui.busy import wait_idle
from tests.ui.circulation.conftest import a_day_later
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import AuditEntry, Role
from workstation.models.circulation import Hold, HoldState, Item, Loan, Reader, Renewal
from workstation.services.circulation import holds, items, readers, rules
from workstation.services.context import Actor
from workstation.ui.circulation.records import CardStatusDialog
from workstation.ui.circulation.tab import LEND, RETURN, CirculationTab
from workstation.ui.context import AppContext

EXAMPLES = paths.EXAMPLES / "circulation"


def id_number(seq: int) -> str:
    body = f"14040219850101{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def seed(ctx: AppContext, n_items: int = 3, prefix: str = "B") -> dict[str, int]:
    actor = ctx.actor
    ids = {}
    with ctx.db.begin() as s:
        for i, (card, name, cat) in enumerate([("R0001", "李华", "adult"), ("R0002", "张伟", "adult"),
                                               ("R0003", "小红", "child")], start=1):
            ids[card] = readers.register_reader(s, actor, card_number=card, name=name, category=cat,
                                                id_type="resident_id", id_number=id_number(i),
                                                phone=f"1380000000{i}").id
        for i in range(1, n_items + 1):
            items.create_item(s, actor, barcode=f"{prefix}{i:03d}", title=f"图书 {i}")
    return ids


def type_text(qtbot, line: QLineEdit, text: str) -> None:
    """Key clicks for what a keyboard or scanner types; QTest cannot synthesise keys for
    non-ASCII text (Chinese, full-width digits), which an input method inserts instead."""
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:
        line.insert(text)


def scan(qtbot, tab: CirculationTab, code: str, wait: bool = True) -> None:
    type_text(qtbot, tab.scan, code)
    qtbot.keyClick(tab.scan, Qt.Key.Key_Return)
    if wait:
        settle(qtbot, tab)


def settle(qtbot, tab: CirculationTab) -> None:
    qtbot.waitUntil(lambda: not tab.queue and not tab._draining, timeout=10_000)


def column(table: QTableWidget, col: int = 0) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]  # type: ignore[union-attr]


def test_lend_three_return_reserved_renew_rest(qtbot, tab: CirculationTab, desk_ctx: AppContext,
                                              tmp_path: Path) -> None:
    ids = seed(desk_ctx)
    scan(qtbot, tab, "r0001")
    assert "李华" in tab.reader_info.text() and tab.banner.property("kind") == "ok"
    for code in ("B001", "b002", "Ｂ００３"):
        scan(qtbot, tab, code)
    assert column(tab.loans_table) == ["B003", "B002", "B001"]  # newest on top, with due dates
    assert all(column(tab.loans_table, 2))
    with desk_ctx.db.begin() as s:  # another reader reserves B002 (at another desk)
        holds.place_hold(s, desk_ctx.actor, ids["R0002"], barcode="B002")
    qtbot.keyClick(tab.scan, Qt.Key.Key_F3)
    assert tab.mode == RETURN and tab.mode_banner.property("mode") == RETURN
    scan(qtbot, tab, "B002")
    prompt = tab.findChild(QLabel, "holdPromptText")
    assert prompt is not None and prompt.isVisible() and "张伟" in prompt.text()
    assert tab.banner.property("kind") == "warn" and "R0002" in tab.banner.text()
    assert [p.name.startswith("hold-") for p in tab.printed] == [True] and tab.printed[0].stat().st_size > 500
    assert column(tab.returns_table) == ["B002"]
    tab.grab().save(str(tmp_path / "circulation-return.png"))
    qtbot.keyClick(tab.scan, Qt.Key.Key_F2)
    assert tab.mode == LEND and tab.reader_id is None  # a mode switch ends the reader: scan the card again
    scan(qtbot, tab, "R0001")
    a_day_later(tab)
    qtbot.mouseClick(tab.renew_all_button, Qt.MouseButton.LeftButton)
    assert tab.banner.property("kind") == "ok" and "2" in tab.banner.text()
    assert column(tab.loans_table, 3) == ["1", "1"]
    actor = desk_ctx.actor
    with desk_ctx.db.begin() as s:
        loans = s.scalars(select(Loan).order_by(Loan.id)).all()
        assert [(ln.service_point_id, ln.staff_id) for ln in loans] == [(actor.service_point_id, actor.staff_id)] * 3
        returned = [ln for ln in loans if ln.returned_at is not None]
        assert len(returned) == 1 and returned[0].return_point_id == actor.service_point_id
        assert returned[0].return_staff_id == actor.staff_id
        renewals = s.scalars(select(Renewal)).all()
        assert [(r.service_point_id, r.staff_id) for r in renewals] == [(actor.service_point_id, actor.staff_id)] * 2
        assert s.scalar(select(Hold.state)) is HoldState.READY


def test_burst_of_twenty_and_double_scans(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    ids = seed(desk_ctx, n_items=22)
    root = Actor(1, "root", "root", Role.ADMIN, "test-ws", desk_ctx.actor.service_point_id)
    with desk_ctx.db.begin() as s:
        rules.set_rule(s, root, "adult", "book", loan_days=30, max_loans=50, max_renewals=1)
    scan(qtbot, tab, "R0001")
    handled: list[str] = []
    tab.scan_handled.connect(handled.append)
    for i in range(1, 21):  # typed faster than they are handled: no waiting between scans
        scan(qtbot, tab, f"B{i:03d}", wait=False)
    assert len(tab.queue) > 1  # they queued up while the first was being handled
    settle(qtbot, tab)
    assert handled == [f"B{i:03d}" for i in range(1, 21)]
    assert tab.loans_table.rowCount() == 20
    # a double scan: the same code twice within two seconds is one loan
    scan(qtbot, tab, "B021", wait=False)
    scan(qtbot, tab, "B021", wait=False)
    settle(qtbot, tab)
    assert tab.banner.text() == "B021 被重复扫描，第二次扫描已忽略。"
    assert tab.banner.property("kind") == "info"
    with desk_ctx.db.begin() as s:
        barcodes = s.scalars(select(Item.barcode).join(Loan, Loan.item_id == Item.id)
                             .where(Loan.reader_id == ids["R0001"]).order_by(Loan.id)).all()
        assert barcodes == [f"B{i:03d}" for i in range(1, 22)]
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "checkout")) == 21


def test_refusal_override_sticks_for_reader_session(qtbot, tab: CirculationTab, desk_ctx: AppContext,
                                                    monkeypatch) -> None:
    beeps = tab.sound_player.sounds  # type: ignore[union-attr]
    ids = seed(desk_ctx, n_items=6)
    scan(qtbot, tab, "R0003")  # a child: three books
    for code in ("B001", "B002", "B003"):
        scan(qtbot, tab, code)
    scan(qtbot, tab, "B004")
    assert tab.banner.property("kind") == "error" and beeps[-1] == "refused"
    assert "3" in tab.banner.text() and tab.override_button.isVisible()
    qtbot.mouseClick(tab.override_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialogs[-1]
    qtbot.keyClicks(dialog.findChild(QLineEdit, "ovUsername"), "boss")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "ovPassword"), "wrong-one-1")
    type_text(qtbot, dialog.findChild(QLineEdit, "ovReason"), "家长陪同")
    qtbot.mouseClick(dialog.findChild(QPushButton, "ovSubmit"), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.findChild(QLabel, "ovError").text()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "ovPassword"), TEST_PASSWORD)
    qtbot.mouseClick(dialog.findChild(QPushButton, "ovSubmit"), Qt.MouseButton.LeftButton)
    settle(qtbot, tab)
    assert not dialog.isVisible()
    assert column(tab.loans_table)[0] == "B004"  # the refused item was lent after the override
    scan(qtbot, tab, "B005")  # and the override sticks for this reader
    assert column(tab.loans_table)[0] == "B005"
    qtbot.keyClick(tab.scan, Qt.Key.Key_Escape)  # end of the reader's session
    assert tab.reader_id is None
    scan(qtbot, tab, "R0003")
    scan(qtbot, tab, "B006")
    assert tab.banner.property("kind") == "error" and tab.override_button.isVisible()
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan).where(Loan.reader_id == ids["R0003"])) == 5
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "override"))
        assert entry is not None and entry.details["manager"] == "boss" and entry.details["reason"] == "家长陪同"


def test_offers_renew_and_return_and_lend(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    ids = seed(desk_ctx)
    scan(qtbot, tab, "R0001")
    scan(qtbot, tab, "B001")
    scan(qtbot, tab, "B001")  # again, but later than the double-scan window? no: a double
    assert tab.banner.property("kind") == "info"
    tab.desk.forget_last_scan()  # as if two seconds had passed
    a_day_later(tab)  # renewing on the lending day would not move the due date
    scan(qtbot, tab, "B001")
    assert tab.banner.property("kind") == "question" and tab.offer_button.isVisible()  # a question, not an error
    qtbot.mouseClick(tab.offer_button, Qt.MouseButton.LeftButton)
    assert tab.banner.property("kind") == "ok" and column(tab.loans_table, 3) == ["1"]
    scan(qtbot, tab, "R0002")  # a card in the item field switches reader
    assert tab.reader_id == ids["R0002"]
    scan(qtbot, tab, "B001")
    assert tab.offer_button.isVisible()
    qtbot.mouseClick(tab.offer_button, Qt.MouseButton.LeftButton)
    assert column(tab.loans_table) == ["B001"]
    scan(qtbot, tab, "NOSUCH1")
    assert tab.banner.property("kind") == "error" and not tab.offer_button.isVisible()
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Loan)) == 2
        assert s.scalar(select(func.count()).select_from(Renewal)) == 1


def test_registration_dialog_validates_as_you_type(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    seed(desk_ctx, n_items=0)
    qtbot.mouseClick(tab.register_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialogs[-1]
    submit = dialog.findChild(QPushButton, "regSubmit")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regCard"), "r0100")
    type_text(qtbot, dialog.findChild(QLineEdit, "regName"), "周 杰")
    good = id_number(77)
    wrong = good[:-1] + ("1" if good[-1] != "1" else "2")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regIdNumber"), wrong)
    error = dialog.findChild(QLabel, "regError_id_number")
    assert "校验" in error.text() and not submit.isEnabled()
    dialog.findChild(QLineEdit, "regIdNumber").clear()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regIdNumber"), id_number(1))  # R0001's number
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regPhone"), "139 1234 5678")
    assert submit.isEnabled() and not error.text()
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "R0001" in error.text()  # duplicate found by ID number
    dialog.findChild(QLineEdit, "regIdNumber").clear()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regIdNumber"), id_number(100))
    qtbot.mouseClick(submit, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert tab.reader_card == "R0100" and "139****5678" in tab.reader_info.text()  # masked for desk staff
    assert id_number(100) not in tab.reader_info.text()


def test_admin_sees_full_phone(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    ctx = context_for(sqlite_db)
    seed(ctx, n_items=0)
    widget = CirculationTab(ctx)
    qtbot.addWidget(widget)
    scan(qtbot, widget, "R0001")
    assert "13800000001" in widget.reader_info.text()


def test_search_and_slip(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    seed(desk_ctx)
    qtbot.keyClick(tab.scan, Qt.Key.Key_F8)
    dialog = tab.dialogs[-1]
    type_text(qtbot, dialog.findChild(QLineEdit, "searchQuery"), "张")
    qtbot.keyClick(dialog.findChild(QLineEdit, "searchQuery"), Qt.Key.Key_Return)
    table = dialog.findChild(QTableWidget, "searchReaders")
    assert column(table) == ["R0002"] and column(table, 4) == ["138****0002"]
    table.cellDoubleClicked.emit(0, 0)
    assert tab.reader_card == "R0002"
    scan(qtbot, tab, "B001")
    qtbot.keyClick(tab.scan, Qt.Key.Key_F9)
    assert tab.printed and tab.printed[-1].name.startswith("loan-") and tab.printed[-1].stat().st_size > 500


def test_import_dialog_and_overdue_export(qtbot, tab: CirculationTab, desk_ctx: AppContext, tmp_path: Path,
                                          monkeypatch) -> None:
    dialog = tab.open_import()
    dialog.load(EXAMPLES / "catalogue-with-errors.csv")
    wait_idle(qtbot)  # the file is read and the import runs on the door's worker
    errors = dialog.findChild(QTableWidget, "importErrors")
    assert column(errors) == ["3", "4", "5", "6", "7"]
    assert column(errors, 1) == ["题名", "ISBN", "条码", "文献类型", "馆藏地"]
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Item)) == 0
    qtbot.mouseClick(dialog.good_only, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert dialog.status.text() == "已导入 2 册。" and dialog.progress.isHidden()
    assert dialog.isEnabled() and not dialog.import_button.isEnabled()  # usable again; not twice
    dialog.load(EXAMPLES / "catalogue.xlsx")
    wait_idle(qtbot)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Item)) == 8
    seed(desk_ctx, n_items=0)
    from workstation.services.circulation import loans
    from workstation.timeutil import now_utc
    with desk_ctx.db.begin() as s:
        rid = readers.find_by_card(s, "R0001").id  # type: ignore[union-attr]
        loans.checkout(s, desk_ctx.actor, rid, "C0000001", now=now_utc() - dt.timedelta(days=45))
    overdue = tab.open_overdue()
    assert column(overdue.table) == ["C0000001"]
    target = tmp_path / "out.xlsx"
    monkeypatch.setattr("workstation.ui.circulation.dialogs.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(overdue.export_button, Qt.MouseButton.LeftButton)
    assert target.exists()


def test_reserve_from_the_desk(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    ids = seed(desk_ctx)
    scan(qtbot, tab, "R0002")
    scan(qtbot, tab, "B001")
    qtbot.keyClick(tab.scan, Qt.Key.Key_Escape)
    scan(qtbot, tab, "R0001")
    qtbot.keyClick(tab.scan, Qt.Key.Key_F6)
    dialog = tab.dialogs[-1]
    qtbot.keyClicks(dialog.findChild(QLineEdit, "resBarcode"), "nosuch")
    qtbot.mouseClick(dialog.findChild(QPushButton, "resSubmit"), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "NOSUCH" in dialog.findChild(QLabel, "resError").text()
    dialog.findChild(QLineEdit, "resBarcode").clear()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "resBarcode"), "b001")
    qtbot.mouseClick(dialog.findChild(QPushButton, "resSubmit"), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and "图书 1" in tab.holds_label.text()
    with desk_ctx.db.begin() as s:
        hold = s.scalar(select(Hold))
        assert hold is not None and hold.reader_id == ids["R0001"] and hold.state is HoldState.WAITING
        assert hold.pickup_point_id == desk_ctx.actor.service_point_id


def test_manager_edits_rules_and_closed_days(qtbot, sqlite_db: Database) -> None:
    from workstation.models.circulation import ClosedDay, LoanRule, WeeklyClosing
    ctx = context_for(sqlite_db, Role.MANAGER)
    widget = CirculationTab(ctx)
    qtbot.addWidget(widget)
    assert not widget.rules_button.isHidden()
    dialog = widget.open_rules()
    table = dialog.findChild(QTableWidget, "rulesTable")
    assert table.rowCount() == 16
    table.item(0, 2).setText("21")
    table.item(1, 3).setText("-3")  # refused: nothing saved
    dialog.save_rules()
    assert dialog.status.text()
    with sqlite_db.begin() as s:
        assert 21 not in s.scalars(select(LoanRule.loan_days)).all()
    table.item(1, 3).setText("4")
    dialog.save_rules()
    with sqlite_db.begin() as s:
        assert 21 in s.scalars(select(LoanRule.loan_days)).all()
    qtbot.mouseClick(dialog.findChild(QCheckBox, "weekly0"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.findChild(QPushButton, "closedHolidays"), Qt.MouseButton.LeftButton)
    with sqlite_db.begin() as s:
        assert s.scalars(select(WeeklyClosing.weekday)).all() == [0]
        assert s.scalar(select(func.count()).select_from(ClosedDay)) >= 7


def test_desk_staff_do_not_see_rules(tab: CirculationTab) -> None:
    assert tab.rules_button.isHidden()


def test_card_reported_lost_at_the_desk(qtbot, tab: CirculationTab, desk_ctx: AppContext) -> None:
    ids = seed(desk_ctx)
    scan(qtbot, tab, "R0001")
    combo = tab.status_combo
    combo.setCurrentIndex(combo.findData("lost"))
    combo.activated.emit(combo.currentIndex())  # what a click on the list entry sends
    dialog = tab.dialogs[-1]
    assert isinstance(dialog, CardStatusDialog)  # a reason is asked for
    qtbot.keyClicks(dialog.reason, "reported by phone")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert not dialog.isVisible() and combo.currentData() == "lost"
    scan(qtbot, tab, "B001")
    assert tab.banner.property("kind") == "error" and "挂失" in tab.banner.text()
    with desk_ctx.db.begin() as s:
        from workstation.models.circulation import Reader, ReaderStatus
        assert s.get(Reader, ids["R0001"]).status is ReaderStatus.LOST  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Loan)) == 0


def test_bookmobile_desk_records_the_stop(qtbot, sqlite_db: Database, tmp_path: Path) -> None:
    ctx = context_for(sqlite_db, Role.DESK, "流动图书车")
    seed(ctx)
    widget = CirculationTab(ctx)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.stop_combo.isVisible() and widget.stop_combo.count() == 11
    widget.stop_combo.setCurrentIndex(widget.stop_combo.findText("长治医学院"))
    scan(qtbot, widget, "R0001")
    scan(qtbot, widget, "B001")
    with sqlite_db.begin() as s:
        from workstation.models import BookmobileStop
        loan = s.scalar(select(Loan))
        stop = s.scalar(select(BookmobileStop).where(BookmobileStop.name == "长治医学院"))
        assert loan is not None and stop is not None
        assert (loan.service_point_id, loan.stop_id) == (ctx.actor.service_point_id, stop.id)
    assert ctx.settings.value("circulation/stop_id") in (stop.id, str(stop.id))


def test_a_scan_is_run_again_when_another_desk_held_the_database(qtbot, tab: CirculationTab,
                                                                  desk_ctx: AppContext,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite refuses a write at once when another desk's commit made this one's snapshot stale
    ("database is locked"), and PostgreSQL says "could not serialize access": the scan is run
    again from the start and the librarian sees only the loan, once."""
    from sqlalchemy.exc import OperationalError

    from workstation.services.circulation import loans as loan_service

    seed(desk_ctx)
    calls: dict[str, int] = {"checkout": 0, "return_or_receive": 0, "return_and_lend": 0}

    def once_busy(name: str):
        real = getattr(loan_service, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            if calls[name] == 1:
                raise OperationalError("UPDATE item …", {}, Exception("database is locked"))
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(loan_service, "checkout", once_busy("checkout"))
    monkeypatch.setattr(loan_service, "return_or_receive", once_busy("return_or_receive"))  # the return scan
    monkeypatch.setattr(loan_service, "return_and_lend", once_busy("return_and_lend"))
    scan(qtbot, tab, "R0001")
    scan(qtbot, tab, "B001")
    assert calls["checkout"] == 2 and tab.banner.property("kind") == "ok", tab.banner.text()
    assert column(tab.loans_table) == ["B001"]
    qtbot.keyClick(tab.scan, Qt.Key.Key_F3)
    scan(qtbot, tab, "B001")
    assert calls["return_or_receive"] == 2 and tab.banner.property("kind") == "ok", tab.banner.text()
    with desk_ctx.db.begin() as s:
        assert [(ln.returned_at is not None) for ln in s.scalars(select(Loan))] == [True]  # one loan, returned
    # the offer "return from the other reader and lend to this one", busy at the first try
    qtbot.keyClick(tab.scan, Qt.Key.Key_F2)
    scan(qtbot, tab, "R0001")  # a mode switch ended the reader
    scan(qtbot, tab, "B001")
    scan(qtbot, tab, "R0002")
    scan(qtbot, tab, "B001")
    assert tab.offer_button.isVisible()
    qtbot.mouseClick(tab.offer_button, Qt.MouseButton.LeftButton)
    assert calls["return_and_lend"] == 2 and tab.banner.property("kind") == "ok", tab.banner.text()
    assert column(tab.loans_table) == ["B001"] and len(tab.session_lines) == 1  # shown and kept once
    # renewing (F5: all of the reader's loans), busy at the first try: renewed once
    monkeypatch.setattr(loan_service, "renew", once_busy_factory(loan_service, "renew", calls))
    a_day_later(tab)
    qtbot.keyClick(tab.scan, Qt.Key.Key_F5)
    assert calls["renew"] == 2 and tab.banner.property("kind") == "ok", tab.banner.text()
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Renewal)) == 1
    # registering a reader, busy at the first try: one reader, served
    from workstation.services.circulation import readers as reader_service

    monkeypatch.setattr(reader_service, "register_reader",
                        once_busy_factory(reader_service, "register_reader", calls))
    qtbot.mouseClick(tab.register_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialogs[-1]
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regCard"), "r0100")
    type_text(qtbot, dialog.findChild(QLineEdit, "regName"), "周 杰")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regIdNumber"), id_number(100))
    qtbot.keyClicks(dialog.findChild(QLineEdit, "regPhone"), "139 1234 5678")
    qtbot.mouseClick(dialog.findChild(QPushButton, "regSubmit"), Qt.MouseButton.LeftButton)
    assert calls["register_reader"] == 2 and not dialog.isVisible()
    assert tab.reader_card == "R0100"
    with desk_ctx.db.begin() as s:
        assert s.scalar(select(func.count()).select_from(Reader).where(Reader.card_number == "R0100")) == 1


def once_busy_factory(module: object, name: str, calls: dict[str, int]):
    """``module.name`` whose first call fails as a busy database ("database is locked")."""
    from sqlalchemy.exc import OperationalError

    real = getattr(module, name)
    calls.setdefault(name, 0)

    def wrapper(*args, **kwargs):
        calls[name] += 1
        if calls[name] == 1:
            raise OperationalError("UPDATE …", {}, Exception("database is locked"))
        return real(*args, **kwargs)
    return wrapper
