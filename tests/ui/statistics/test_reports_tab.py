"""The Reports tab writes the yearly workbook in a worker thread and says where."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
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
