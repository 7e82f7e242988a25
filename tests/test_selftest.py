"""``workstation --self-test`` from source: what the frozen program runs after the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from workstation import __version__
from workstation.db import head_revisions, open_database
from workstation.models import Staff
from workstation.resources import I18N_DIR


def self_test(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("WORKSTATION_DB", None)
    return subprocess.run([sys.executable, "-m", "workstation", "--self-test", *args], capture_output=True,
                          text=True, env=env, check=False, timeout=180)


def test_self_test_in_chinese_on_a_fresh_database() -> None:
    result = self_test()
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "(from source," in out
    assert f"migrated to {', '.join(sorted(head_revisions()))}" in out
    assert "font: Workstation Sans SC" in out
    for qm in I18N_DIR.glob("*_zh_CN.qm"):
        assert qm.name in out
    assert "qtbase_zh_CN" in out
    assert "流通借还" in out  # the tabs were built, with their Chinese titles
    assert out.rstrip().endswith(f"self-test passed: workstation {__version__}")


def test_self_test_in_english() -> None:
    result = self_test("--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "translations (en): none needed" in result.stdout
    assert "Circulation" in result.stdout


def test_self_test_on_a_given_database_migrates_it_and_adds_no_account(tmp_path: Path) -> None:
    target = tmp_path / "given.sqlite3"
    result = self_test("--db", f"sqlite:///{target}")
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout
    assert "main window" not in result.stdout  # no throwaway administrator in a real database
    db = open_database(f"sqlite:///{target}", upgrade=False)
    try:
        with db.begin() as s:
            assert s.scalar(select(func.count()).select_from(Staff)) == 0
    finally:
        db.dispose()


def test_self_test_fails_loudly_when_the_database_cannot_be_opened(tmp_path: Path) -> None:
    garbage = tmp_path / "not-a-database.sqlite3"
    garbage.write_bytes(b"this is not an SQLite file, " * 100)
    result = self_test("--db", f"sqlite:///{garbage}")
    assert result.returncode == 1
    assert "self-test FAILED" in result.stderr
    assert "self-test passed" not in result.stdout
