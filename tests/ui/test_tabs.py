"""The main window lists its tabs from data and builds each one the first time it is shown."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTabWidget

from tests.ui.conftest import context_for
from workstation.db import Database
from workstation.models import Role
from workstation.ui.main_window import MainWindow
from workstation.ui.tabs import TABS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("spec", TABS, ids=lambda spec: spec.object_name)
def test_each_entry_agrees_with_its_class(qtbot, sqlite_db: Database, spec) -> None:
    cls = spec.load()
    assert spec.object_name == cls.OBJECT_NAME and cls.MIN_ROLE is spec.min_role
    page = cls(context_for(sqlite_db))
    qtbot.addWidget(page)
    assert page.objectName() == spec.object_name
    assert page.title() == spec.title()  # the same words, the same translation (Chinese here)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in spec.title()), spec.title()


def test_tabs_are_built_when_first_shown(qtbot, sqlite_db: Database) -> None:
    window = MainWindow(context_for(sqlite_db))
    qtbot.addWidget(window)
    tabs = window.findChild(QTabWidget, "tabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == [spec.title() for spec in TABS]
    first = window.current_tab()
    assert first is not None and [p.objectName() for p in window.tab_pages] == [first.objectName()]
    tabs.setCurrentIndex(tabs.count() - 1)  # as a click on the last title does
    assert window.current_tab().objectName() == "account_tab"
    assert {p.objectName() for p in window.tab_pages} == {first.objectName(), "account_tab"}
    # a tab is built once and kept, with what was typed into it
    assert window.show_tab(first.objectName()) is first


def test_desk_account_lists_only_its_tabs(qtbot, sqlite_db: Database) -> None:
    window = MainWindow(context_for(sqlite_db, Role.DESK))
    qtbot.addWidget(window)
    tabs = window.findChild(QTabWidget, "tabs")
    wanted = [spec.title() for spec in TABS if spec.min_role is Role.DESK]
    assert [tabs.tabText(i) for i in range(tabs.count())] == wanted
    assert window.show_tab("charts_tab") is None and window.tab_named("admin_tab") is None


def test_main_window_opens_without_the_heavy_modules(sqlite_db: Database) -> None:
    """Opening the window on the Circulation tab loads neither matplotlib, openpyxl nor Alembic."""
    code = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {str(ROOT)!r})
from PySide6.QtWidgets import QApplication
from tests.ui.conftest import context_for
from workstation.db import open_database
from workstation.ui.main_window import MainWindow
app = QApplication([])
db = open_database(sys.argv[1])
window = MainWindow(context_for(db))
window.show()
app.processEvents()
assert window.current_tab().objectName() == "circulation_tab", window.current_tab().objectName()
print(sorted({{m.split(".")[0] for m in sys.modules}} & {{"matplotlib", "openpyxl", "alembic"}}))
"""
    out = subprocess.run([sys.executable, "-c", code, sqlite_db.url], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_a_tab_built_on_its_first_click_takes_the_keyboard(qtbot, sqlite_db: Database) -> None:
    from PySide6.QtWidgets import QApplication, QLineEdit

    window = MainWindow(context_for(sqlite_db))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    tabs = window.findChild(QTabWidget, "tabs")
    tabs.setCurrentIndex(tabs.count() - 1)  # My account: the first box is the current password
    account = window.current_tab()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    first = account.findChildren(QLineEdit)[0]
    assert QApplication.focusWidget() is first and first.isVisible()
    tabs.setCurrentIndex(0)  # back to Circulation: the scan field has the keyboard again
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.current_tab().scan)
