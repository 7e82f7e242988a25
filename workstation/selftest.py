"""``workstation --self-test``: prove that an installed (or frozen) program can run here.

It starts Qt offscreen, opens a database (a fresh SQLite file in a temporary folder, or the
one named by ``--db``), applies the migrations, sets up the application as the GUI does
(the shipped font, the translations, the icon), and on the temporary database builds the
main window with every tab for a throwaway administrator. It prints what it checked and
the version, and returns 0; any failure prints the reason on stderr and returns 1.

The installer's build script runs it on the frozen program: a resource, a translation, a
migration or a lazily imported module left out of the bundle fails it.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import traceback
from pathlib import Path

from workstation import __version__


class SelfTestFailed(Exception):
    pass


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise SelfTestFailed(message)


def _database_step(url: str) -> tuple[object, str]:
    from workstation.db import current_revisions, head_revisions, open_database

    db = open_database(url)
    heads = set(head_revisions())
    current = set(current_revisions(db.engine))
    _check(current == heads, f"database at {sorted(current)}, program heads {sorted(heads)}")
    return db, f"database: {db.display_name()} ({db.backend}), migrated to {', '.join(sorted(heads))}"


def _application_step(lang: str) -> list[str]:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFontDatabase

    from workstation.resources import FONT_FAMILY, FONT_FILE, I18N_DIR
    from workstation.ui.app import make_application
    from workstation.ui.i18n import install_translations
    from workstation.ui.icons import ICON_FILE, app_icon

    _check(FONT_FILE.is_file(), f"font file missing: {FONT_FILE}")
    _check(ICON_FILE.is_file(), f"icon missing: {ICON_FILE}")
    app = make_application(lang)
    _check(not app_icon().isNull(), f"icon does not load: {ICON_FILE}")
    _check(FONT_FAMILY in QFontDatabase.families(), f"font {FONT_FAMILY} not registered")
    lines = [f"font: {app.font().family()}"]
    loaded = install_translations(app, lang)  # the same call make_application made, to list the files
    if not lang.startswith("en"):
        areas = sorted(p.name for p in I18N_DIR.glob(f"*_{lang}.qm"))
        _check(bool(areas), f"no translations for {lang} in {I18N_DIR}")
        missing = [name for name in areas if name not in loaded]
        if not any(name.startswith("qtbase_") for name in loaded):
            missing.append(f"Qt's own qtbase_{lang}.qm")
        _check(not missing, f"translations not loaded: {', '.join(missing)}")
        english = "Library Workstation"  # looked up, not a new message: a variable keeps lupdate out
        _check(QCoreApplication.translate("MainWindow", english) != english, "the window title is not translated")
    lines.append(f"translations ({lang}): {', '.join(loaded) or 'none needed'}")
    return lines


def _libraries_step() -> list[str]:
    """Data files that libraries load lazily: a frozen bundle that lacks them fails here,
    not in front of a reader."""
    import datetime as dt
    import io

    from matplotlib.figure import Figure
    from stdnum.cn import ric

    from workstation.reports.mpl import configure_matplotlib
    from workstation.services.calendar import propose_public_holidays

    family = configure_matplotlib()
    figure = Figure(figsize=(2, 1))
    figure.add_subplot().set_title("外借 2019")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    _check(buffer.getvalue().startswith(b"\x89PNG"), "matplotlib drew no PNG")
    proposed = propose_public_holidays(dt.date.today().year)
    _check(bool(proposed), "no public holidays proposed (holidays package or its data missing)")
    _check(ric.is_valid("11010519491231002X"), "python-stdnum cannot check an ID-card number")
    return [f"charts: matplotlib with {family}", f"public holidays: {len(proposed)} proposed for "
            f"{dt.date.today().year} (e.g. {proposed[0][1]})", "ID-card check: python-stdnum"]


def _window_step(db: object, settings_dir: Path) -> str:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workstation.db import Database
    from workstation.services.admin import staff as staff_service
    from workstation.services.context import Actor
    from workstation.ui.context import AppContext
    from workstation.ui.main_window import MainWindow

    assert isinstance(db, Database)
    with db.begin() as s:
        # a random password that the password rules always accept: about one token in a
        # hundred is letters only, which the rules refuse, so a digit is added to every one
        password = f"{secrets.token_urlsafe(16)}-{secrets.randbelow(10)}"
        admin = staff_service.create_first_admin(s, "selftest", "Self-test", password)
        actor = Actor.of(admin, "self-test")
    settings = QSettings(str(settings_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(AppContext(db, actor, None, settings))
    try:
        names = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        _check(bool(names), "the main window has no tabs")
        QApplication.processEvents()
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return f"main window: {len(names)} tabs ({', '.join(names)})"


def run(db_url: str | None, lang: str) -> int:
    """Run the self-test; ``db_url`` None means a fresh temporary SQLite database."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    frozen = bool(getattr(sys, "frozen", False))
    print(f"Library Workstation {__version__} self-test ({'frozen' if frozen else 'from source'}, "
          f"Python {sys.version.split()[0]}, {sys.platform})", flush=True)
    with tempfile.TemporaryDirectory(prefix="workstation-selftest-") as tmp:
        db = None
        try:
            url = db_url or f"sqlite:///{Path(tmp) / 'selftest.sqlite3'}"
            db, line = _database_step(url)
            print(line, flush=True)
            for line in [*_application_step(lang), *_libraries_step()]:
                print(line, flush=True)
            if db_url is None:  # never add an account to a real database
                print(_window_step(db, Path(tmp)), flush=True)
        except Exception as exc:
            from workstation.errors import WorkstationError

            if isinstance(exc, SelfTestFailed | WorkstationError):
                print(f"self-test FAILED: {exc}", file=sys.stderr)
            else:
                traceback.print_exc()
                print(f"self-test FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
            return 1
        finally:
            if db is not None:
                db.dispose()  # type: ignore[attr-defined]
    print(f"self-test passed: workstation {__version__}", flush=True)
    return 0
