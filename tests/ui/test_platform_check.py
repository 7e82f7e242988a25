"""Without a usable display the program says why, in Chinese and English, names the system
packages to install, hides Qt's own text and exits non-zero (it never aborts)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workstation.ui.platform_check import EXIT_NO_DISPLAY, INSTALL_LINE, LINUX_PACKAGES

ROOT = Path(__file__).resolve().parents[2]


def start(tmp_path: Path, platform: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = platform
    return subprocess.run([sys.executable, "-m", "workstation", "--db", f"sqlite:///{tmp_path / 'w.sqlite3'}"],
                          env=env, capture_output=True, text=True, timeout=60, cwd=tmp_path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb platform exists on Linux only")
def test_xcb_without_a_display_gives_our_message(tmp_path: Path) -> None:
    done = start(tmp_path, "xcb")
    assert done.returncode == EXIT_NO_DISPLAY, done.stderr
    assert "图书馆业务工作站无法打开窗口" in done.stderr
    assert "Library Workstation cannot open its window" in done.stderr
    assert "DISPLAY" in done.stderr
    assert INSTALL_LINE in done.stderr
    assert "This application failed to start" not in done.stderr  # Qt's raw text
    assert "Reinstalling the application" not in done.stderr
    assert not (tmp_path / "w.sqlite3").exists()  # nothing opened, nothing written


def test_an_unknown_platform_gives_our_message(tmp_path: Path) -> None:
    done = start(tmp_path, "nosuchplatform")
    assert done.returncode == EXIT_NO_DISPLAY, done.stderr
    assert "“nosuchplatform”" in done.stderr and "QT_QPA_PLATFORM" in done.stderr
    assert "Available platform plugins" not in done.stderr


def test_readme_and_deployment_name_the_same_packages() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    deployment = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    assert INSTALL_LINE in readme
    assert INSTALL_LINE in deployment
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "sudo apt install libxcb" in ci, "CI installs the packages README names, read from README"
    assert len(LINUX_PACKAGES.split()) == len(set(LINUX_PACKAGES.split()))
