"""Start-up pieces of the GUI: unexpected errors are logged and shown, not a silent crash."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import workstation.logs as logs
from workstation.errors import DatabaseUnavailable
from workstation.ui import app as app_module


def test_unexpected_error_is_logged_and_shown(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log_path = tmp_path / "logs" / "workstation.log"
    monkeypatch.setattr(logs, "log_file", lambda: log_path)
    monkeypatch.setattr(app_module, "log_file", lambda: log_path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: shown.append(text))
    root = logging.getLogger()
    before = list(root.handlers)
    old_hook = sys.excepthook
    try:
        logs.setup_logging()
        app_module.install_excepthook()
        try:
            raise ValueError("a bug")
        except ValueError:
            sys.excepthook(*sys.exc_info())
        try:
            raise DatabaseUnavailable("The database is busy with another desk's work and did not answer in time. "
                                      "Nothing was saved; try again in a moment.")
        except DatabaseUnavailable:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old_hook
        for handler in root.handlers[:]:
            if handler not in before:
                handler.close()
                root.removeHandler(handler)
    assert str(log_path) in shown[0] and "ValueError: a bug" in shown[0]
    assert "数据库" in shown[1]  # a known problem is explained in Chinese
    logged = log_path.read_text(encoding="utf-8")
    assert "Traceback" in logged and "ValueError: a bug" in logged


def test_the_daily_backup_runs_on_the_worker_and_a_failure_is_shown(qtbot, sqlite_db, tmp_path,
                                                                     monkeypatch) -> None:
    import threading

    from PySide6.QtWidgets import QMessageBox

    from tests.ui.busy import wait_idle
    from workstation.services.admin import backup
    from workstation.ui.app import start_daily_backup

    threads: list[int] = []
    real = backup.daily_backup
    monkeypatch.setattr(backup, "daily_backup", lambda *a, **k: threads.append(threading.get_ident()) or real(*a, **k))
    start_daily_backup(sqlite_db, tmp_path / "backups")
    wait_idle(qtbot)
    assert [p.suffix for p in (tmp_path / "backups").iterdir()] == [".sqlite3"]
    assert threads and threads[0] != threading.get_ident()

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    start_daily_backup(sqlite_db, blocked)
    wait_idle(qtbot)
    assert len(shown) == 1 and "not-a-folder" in shown[0]
