"""The installer's build: PyInstaller makes the one-folder program and the frozen program
passes its own ``--self-test`` (offscreen, fresh database, migrations, font, translations,
main window, version, exit 0)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from workstation import __version__
from workstation.db import head_revisions

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_frozen_program_passes_self_test(tmp_path: Path) -> None:
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed (pip install pyinstaller)")
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(ROOT / "installer" / "build.py"), "--dist", str(tmp_path / "dist"),
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, check=False, timeout=1800, cwd=ROOT)
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    out = result.stdout
    folder = tmp_path / "dist" / "workstation"
    program = folder / ("workstation-cli.exe" if sys.platform == "win32" else "workstation")
    assert program.is_file()
    # the resources and the migrations are files inside the folder, not left behind in the source tree
    internal = folder / "_internal" / "workstation"
    assert (internal / "resources" / "fonts" / "NotoSansSC-Regular-subset.otf").is_file()
    assert (internal / "resources" / "fonts" / "OFL.txt").is_file()
    assert sorted(p.name for p in (internal / "resources" / "i18n").glob("*_zh_CN.qm")) == sorted(
        p.name for p in (ROOT / "workstation" / "resources" / "i18n").glob("*_zh_CN.qm"))
    assert (internal / "resources" / "icons" / "workstation.png").is_file()
    shipped = {p.name for p in (ROOT / "workstation" / "migrations" / "versions").glob("*.py")}
    assert shipped and {p.name for p in (internal / "migrations" / "versions").glob("*.py")} == shipped
    # and the frozen program said so itself
    assert "self-test (frozen," in out
    assert f"migrated to {', '.join(sorted(head_revisions()))}" in out
    assert "core_zh_CN.qm" in out and "qtbase_zh_CN" in out
    assert "main window: " in out
    assert f"self-test passed: workstation {__version__}" in out
    assert "frozen self-test passed" in out
    print(f"frozen build and self-test: {elapsed:.0f} s")
