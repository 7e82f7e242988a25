"""The Catalogue tab: MARC preview and import through the door, the problem list, export,
and readers and open loans from an old system (GBK CSV), all driven as a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableWidget
from sqlalchemy import func, select

from tests import paths
from tests.conftest import make_staff
from tests.services.catalogue.marc_data import cnmarc_record, write_iso
from tests.ui.busy import wait_idle
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import Role
from workstation.models.catalogue import BibRecord, MigratedLoan
from workstation.models.circulation import Item, Loan, Reader
from workstation.ui.catalogue.tab import CatalogueTab
from workstation.ui.context import AppContext

EXAMPLES = paths.EXAMPLES / "catalogue"


@pytest.fixture
def ctx(sqlite_db: Database) -> AppContext:
    make_staff(sqlite_db, "root", Role.ADMIN)
    return context_for(sqlite_db, Role.DESK)


@pytest.fixture
def tab(qtbot, ctx: AppContext) -> CatalogueTab:
    widget = CatalogueTab(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cells(table: QTableWidget, col: int = 0) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def count(ctx: AppContext, model: type) -> int:
    with ctx.db.begin() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_marc_preview_then_import(qtbot, tab: CatalogueTab, ctx: AppContext) -> None:
    tab.load_marc(EXAMPLES / "cnmarc-gb18030.iso")
    wait_idle(qtbot)
    assert "CNMARC" in tab.marc_info.text() and "GB18030" in tab.marc_info.text()
    assert cells(tab.marc_preview, 1)[:2] == ["长治市图书馆志", "上党民歌选"]
    assert tab.marc_import.hasFocus()
    qtbot.keyClick(tab.marc_import, Qt.Key.Key_Space)  # the keyboard presses the focused button
    wait_idle(qtbot)
    assert count(ctx, BibRecord) == 5 and count(ctx, Item) == 10
    assert "5" in tab.marc_info.text() and not tab.marc_import.isEnabled()


def test_refused_marc_import_lists_problems_and_saves_them(qtbot, tab: CatalogueTab, ctx: AppContext,
                                                           tmp_path: Path) -> None:
    no_title = cnmarc_record(2, ("T0000002",))
    no_title.remove_fields("200")
    path = write_iso(tmp_path / "bad.iso", [cnmarc_record(1, ("T0000001",)), no_title], "utf-8")
    tab.load_marc(path)
    wait_idle(qtbot)
    qtbot.mouseClick(tab.marc_import, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert cells(tab.marc_errors) == ["2"] and cells(tab.marc_errors, 1) == ["200"]
    assert count(ctx, BibRecord) == 0
    saved = tab.save_marc_problems(tmp_path / "problems.xlsx")
    assert saved is not None and load_workbook(saved).active.cell(2, 1).value == 2
    qtbot.mouseClick(tab.marc_good_only, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.marc_import, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert count(ctx, BibRecord) == 1


def test_a_broken_file_is_named_in_the_preview(qtbot, tab: CatalogueTab, tmp_path: Path) -> None:
    path = tmp_path / "cut.iso"
    path.write_bytes((EXAMPLES / "cnmarc-gb18030.iso").read_bytes()[:-30])
    tab.load_marc(path)
    wait_idle(qtbot)
    assert tab.marc_info.text().startswith("记录 5：") and not tab.marc_import.isEnabled()


def test_export(qtbot, tab: CatalogueTab, tmp_path: Path) -> None:
    tab.load_marc(EXAMPLES / "cnmarc-gb18030.iso")
    wait_idle(qtbot)
    tab.run_marc()
    wait_idle(qtbot)
    tab.export_encoding.setCurrentIndex(1)
    tab.export_to(tmp_path / "out.iso")
    wait_idle(qtbot)
    assert "out.iso" in tab.export_status.text()
    assert "长治市图书馆志".encode("gb18030") in (tmp_path / "out.iso").read_bytes()


def _choose_column(tab: CatalogueTab, field: str, header: str) -> None:
    combo = tab.old_mapping.findChild(QComboBox, f"column_{field}")
    combo.setCurrentIndex(combo.findData(header))


def test_readers_then_loans_from_gbk_csv(qtbot, tab: CatalogueTab, ctx: AppContext, tmp_path: Path) -> None:
    tab.load_marc(EXAMPLES / "cnmarc-gb18030.iso")
    wait_idle(qtbot)
    tab.run_marc()
    wait_idle(qtbot)
    # a GBK file with one bad row: named, nothing comes in
    bad = tmp_path / "readers.csv"
    bad.write_bytes((EXAMPLES / "readers-gbk.csv").read_bytes() + "EXR0004,钱多,教师,身份证,123,,,\r\n".encode("gbk"))
    tab.load_old(bad)
    assert tab.mapping()["card_number"] == "证号"  # the standard preset found the columns
    qtbot.mouseClick(tab.old_import, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert set(cells(tab.old_errors)) == {"5"} and count(ctx, Reader) == 0
    report = tab.save_report(tmp_path / "report.xlsx")
    assert report is not None and load_workbook(report)["未导入 Not imported"].cell(2, 1).value == 5
    tab.load_old(EXAMPLES / "readers-gbk.csv")
    qtbot.mouseClick(tab.old_import, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert count(ctx, Reader) == 3 and tab.old_errors.rowCount() == 0
    # open loans, columns chosen by hand and kept as a preset
    tab.old_kind.setCurrentIndex(1)
    tab.load_old(EXAMPLES / "loans.csv")
    _choose_column(tab, "renewals", "")
    tab.keep_preset("我们的旧系统")
    assert tab.old_preset.currentData() == "我们的旧系统"
    qtbot.mouseClick(tab.old_import, Qt.MouseButton.LeftButton)
    wait_idle(qtbot)
    assert count(ctx, Loan) == 2 and count(ctx, MigratedLoan) == 2
    with ctx.db.begin() as s:
        assert set(s.scalars(select(Loan.service_point_id))) == {ctx.actor.service_point_id}
        assert set(s.scalars(select(Loan.renewal_count))) == {0}
