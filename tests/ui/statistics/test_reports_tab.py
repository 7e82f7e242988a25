"""The Reports tab writes the yearly workbook in a worker thread and says where."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from tests.conftest import make_staff
from tests.reports.test_statistics import SUMMARY_ROWS, build_dataset
from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import Role
from workstation.ui.statistics.reports_tab import ReportsTab


@pytest.fixture
def tab(qtbot, sqlite_db: Database) -> ReportsTab:
    admin = make_staff(sqlite_db, "root", Role.ADMIN)
    build_dataset(sqlite_db, admin, make_staff(sqlite_db, "boss", Role.MANAGER),
                  make_staff(sqlite_db, "desk1", Role.DESK))
    widget = ReportsTab(context_for(sqlite_db, Role.MANAGER))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_writes_the_workbook_with_progress_and_says_where(tab: ReportsTab, qtbot, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    assert tab.MIN_ROLE is Role.MANAGER and not tab.available_to(Role.DESK)
    tab.year.setValue(2019)
    target = tmp_path / "bureau" / "2019.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target.with_suffix("")), ""))
    tab.findChild(type(tab.write_button), "report_browse").click()
    assert tab.path.text() == str(target)  # .xlsx added
    seen: list[tuple[int, int, str]] = []
    tab.progress.valueChanged.connect(lambda v: seen.append((v, tab.progress.maximum(), tab.result.text())))
    tab.write_button.click()
    assert tab.busy() and not tab.write_button.isEnabled()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=30_000)
    assert str(target) in tab.result.text()
    assert tab.progress.value() == tab.progress.maximum() == 9  # 4 monthly sheets + 4 others + properties
    assert len({v for v, _m, _t in seen}) >= 5  # the bar moved sheet by sheet
    assert tab.write_button.isEnabled()
    ws = openpyxl.load_workbook(target)["业务统计"]
    assert [tuple(ws.cell(r, c).value for c in range(1, 6)) for r in range(4, 4 + len(SUMMARY_ROWS))] == SUMMARY_ROWS
    assert tab.context.settings.value("reports/folder") == str(target.parent)


def test_a_missing_folder_is_refused_in_red(tab: ReportsTab, tmp_path: Path) -> None:
    tab.path.setText(str(tmp_path / "nowhere" / "2019.xlsx"))
    tab.write_button.click()
    assert not tab.busy()
    assert "nowhere" in tab.result.text() and "c62828" in tab.result.styleSheet()
    assert not (tmp_path / "nowhere").exists()


def test_a_failed_write_is_reported_and_the_old_file_kept(tab: ReportsTab, qtbot, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "2019.xlsx"
    target.write_bytes(b"last year's good file")

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", full)
    tab.year.setValue(2019)
    tab.path.setText(str(target))
    tab.write_button.click()
    qtbot.waitUntil(lambda: not tab.busy(), timeout=30_000)
    assert "No space left on device" in tab.result.text() and "c62828" in tab.result.styleSheet()
    assert target.read_bytes() == b"last year's good file"


def figures_shown(tab: ReportsTab, qtbot, year: int) -> None:
    tab.year.setValue(year)
    qtbot.waitUntil(lambda: tab.data is not None and tab.data.year == year and not tab.figures_loading(),
                    timeout=30_000)


def test_every_figure_opens_its_records_by_keyboard(tab: ReportsTab, qtbot, tmp_path: Path) -> None:
    """Each row of the figures (and each breakdown row): Enter opens the records behind it,
    whose count or sum is the figure shown; a typed total says it has no records."""
    figures_shown(tab, qtbot, 2019)
    view = tab.figures_view
    assert tab.figures.rowCount() == sum(1 + len(f.parts) for f in tab.data.figures)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)  # the column of 2019
    typed = 0
    for row in range(tab.figures.rowCount()):
        assert view.currentIndex().row() == row and view.currentIndex().column() == 2
        qtbot.keyClick(view, Qt.Key.Key_Return)
        dialog = tab.dialog
        assert dialog is not None and dialog.isVisible()
        value = tab.figures.row_values(row)[2]
        key, _part = tab.figures.key(row)
        if dialog.records is None:
            assert key in {"website_hits", "mobile_hits", "led_days"}
            assert dialog.count.text() == "此数字为录入值，无明细记录"
            assert not dialog.view.isVisibleTo(dialog) and not dialog.export_button.isEnabled()
            typed += 1
        else:
            assert dialog.records.figure == value, tab.figures.row_values(row)
            shown = f"{value:,}" if isinstance(value, int) else str(value)
            assert shown in dialog.count.text()
            assert dialog.model.rowCount() == len(dialog.records.rows)
        dialog.reject()
        qtbot.keyClick(view, Qt.Key.Key_Down)
    assert typed == 3

    # the comparison year's column opens that year's records; the list can be exported
    loans = next(r for r in range(tab.figures.rowCount()) if tab.figures.key(r) == ("loans", None))
    view.setCurrentIndex(tab.figures.index(loans, 3))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert tab.dialog is not None and tab.dialog.records is not None
    assert tab.dialog.records.total == 1 and tab.dialog.windowTitle().endswith("2018")
    tab.dialog.reject()
    view.setCurrentIndex(tab.figures.index(loans, 2))
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    out = tab.dialog.export(tmp_path / "loans")
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert out.suffix == ".csv" and len(lines) == 1 + 4  # the header and the year's four loans
    assert [line.split(",")[3] for line in lines[1:]] == ["TTB", "TTC", "TTD", "TTA"]  # in the order lent
