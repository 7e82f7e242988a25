"""Help → About: version, the program's licence and the third-party licences, the icon."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPlainTextEdit, QTabWidget

from workstation import __version__
from workstation.ui.about_dialog import COMPONENTS, AboutDialog, add_help_menu, component_version
from workstation.ui.i18n import install_translations
from workstation.ui.icons import app_icon


def test_about_shows_version_licence_and_third_party_licences(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "关于图书馆业务工作站"
    assert __version__ in dialog.findChild(QLabel, "about_version").text()
    licence = dialog.findChild(QLabel, "about_licence").text()
    assert "GPL-3.0-or-later" in licence and "GNU" in licence
    table = dialog.components()
    rows = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}
    assert rows["Qt 6 / PySide6"][1] == "LGPL-3.0"
    assert rows["Noto Sans CJK SC (subset)"][1] == "SIL OFL 1.1"
    assert rows["SQLAlchemy"][1] == rows["Alembic"][1] == rows["openpyxl"][1] == rows["argon2-cffi"][1] == "MIT"
    assert "PSF" in rows["matplotlib"][1]
    assert rows["psycopg 3"][1] == "LGPL-3.0"
    import sqlalchemy

    assert rows["SQLAlchemy"][0] == sqlalchemy.__version__  # versions are read, not typed in
    ofl = dialog.findChild(QPlainTextEdit, "ofl_text").toPlainText()
    assert "SIL Open Font License" in ofl or "SIL OPEN FONT LICENSE" in ofl
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.findChild(QPlainTextEdit, "lgpl_text").toPlainText()
    assert "GNU GENERAL PUBLIC LICENSE" in dialog.findChild(QPlainTextEdit, "gpl_text").toPlainText()
    tabs = dialog.findChild(QTabWidget, "about_tabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "关于", "第三方组件", "字体许可（OFL）", "Qt 许可（LGPL）", "本程序许可（GPL）"]


def test_every_component_has_a_version() -> None:
    assert all(component_version(c) not in ("", "—") for c in COMPONENTS if c.distribution or c.name == "Python")


def test_about_in_english(qtbot) -> None:
    install_translations(QApplication.instance(), "en")
    try:
        dialog = AboutDialog()
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "About Library Workstation"
    finally:
        install_translations(QApplication.instance(), "zh_CN")


def test_icon_loads_in_several_sizes() -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert {16, 32, 48, 256} <= {size.width() for size in icon.availableSizes()}


def test_help_menu_opens_about(qtbot) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    action = add_help_menu(window)
    assert [a.text() for a in window.menuBar().actions()] == ["帮助(&H)"]
    assert action.text() == "关于图书馆业务工作站(&A)…"
    seen: list[str] = []

    def close_about() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AboutDialog)
        seen.append(dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(0, close_about)
    action.trigger()
    assert seen == ["关于图书馆业务工作站"]
