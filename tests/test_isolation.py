"""The suite never reads or writes the person's own settings, data, cache or log folders.

A hostile settings file is planted where a person's real one would be (the main window
reopening on another tab, a window geometry far off any screen, a service point that no
longer exists) beside a real-looking database and log; then the window, login and desk
tests run in a child process whose HOME is that person's. They must pass, and every planted
file must be left exactly as it was, with nothing added beside them.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from tests.conftest import XDG_VARIABLES
from workstation.ui.settings import APP, ORG, settings_key

ROOT = Path(__file__).resolve().parents[1]
INNER_TESTS = ["tests/ui/test_tabs.py", "tests/ui/test_login_and_main_window.py", "tests/ui/circulation/test_tab.py"]


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def plant(home: Path, qapp: object) -> None:
    config = home / ".config"
    data = home / ".local" / "share" / "library-workstation"
    logs = home / ".local" / "state" / "library-workstation" / "log"
    data.mkdir(parents=True)
    logs.mkdir(parents=True)
    (data / "workstation.sqlite3").write_bytes(b"SQLite format 3\x00" + b"\x00" * 4080)  # not a database
    (logs / "workstation.log").write_text("a person's log\n", encoding="utf-8")
    far = QWidget()
    far.setGeometry(30_000, 30_000, 5_000, 4_000)  # far off any screen, bigger than any
    geometry = far.saveGeometry()
    far.deleteLater()
    settings = QSettings(str(config / ORG / f"{APP}.ini"), QSettings.Format.IniFormat)
    settings.setValue("main_window/last_tab", "reports_tab")
    settings.setValue("main_window/geometry", geometry)
    settings.setValue(settings_key(f"sqlite:///{data / 'workstation.sqlite3'}", "service_point_id"), 99_999)
    settings.sync()
    assert settings.status() == QSettings.Status.NoError


@pytest.mark.slow
def test_the_suite_passes_beside_a_hostile_settings_file_and_leaves_it_alone(tmp_path: Path, qapp: object) -> None:
    home = tmp_path / "person"
    plant(home, qapp)
    before = snapshot(home)
    assert len(before) == 3
    env = {key: value for key, value in os.environ.items() if key not in XDG_VARIABLES}
    env["HOME"] = str(home)  # the person's own home, with their settings where Qt looks for them
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           *INNER_TESTS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
    assert snapshot(home) == before
