"""The main window fits the screen it opens on: at 1366×768 (the commonest desk PC) and at
150 % scaling on 1600×1000 (1067×667 to lay out in), with a remembered geometry from a
bigger monitor. Every button of the circulation desk lies on the screen as it opens; every
button of every other tab lies on it or is reached by scrolling the tab."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workstation.ui.tabs import TABS

ROOT = Path(__file__).resolve().parents[2]
SCREENS = {
    "1366x768": {"width": 1366, "height": 768, "logicalDpi": 96},
    "1600x1000-150%": {"width": 1600, "height": 1000, "logicalDpi": 144},
}


def open_on(screen: dict[str, int], tmp_path: Path) -> dict[str, object]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "desk", "x": 0, "y": 0, "logicalBaseDpi": 96, "dpr": 1,
                                               **screen}]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run([sys.executable, "-m", "tests.ui._screen_child"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", SCREENS)
def test_the_window_and_every_control_fit_the_screen(name: str, tmp_path: Path) -> None:
    result = open_on(SCREENS[name], tmp_path)
    width, height = result["screen"]  # type: ignore[misc]
    assert (width, height) == ((1366, 768) if name == "1366x768" else (1067, 667))
    assert result["window_inside"], result["window"]
    assert result["status_bar_inside"]
    tabs: dict[str, dict[str, object]] = result["tabs"]  # type: ignore[assignment]
    assert len(tabs) == len(TABS)  # the administrator sees every tab
    desk = tabs["circulation_tab"]
    assert desk["buttons"] and desk["off_screen"] == [], desk
    for tab, found in tabs.items():
        assert found["unreachable"] == [], (tab, found)
