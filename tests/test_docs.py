"""The user guide (Chinese and English), the deployment guide and the installer notes:
their links lead somewhere, and the guide keeps up with the program's keys and import formats."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDES = [DOCS / "user-guide.md", DOCS / "user-guide.en.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def local_links(page: Path) -> list[str]:
    return [target for target in LINK.findall(page.read_text(encoding="utf-8"))
            if "://" not in target and not target.startswith("#")]


@pytest.mark.parametrize("page", [*GUIDES, DOCS / "deployment.md", ROOT / "installer" / "README.md"],
                         ids=lambda p: p.name)
def test_links_to_files_resolve(page: Path) -> None:
    missing = []
    for target in local_links(page):
        path = target.split("#", 1)[0]
        if not (page.parent / path).exists():
            missing.append(target)
    assert not missing, f"{page.name} links to missing files: {missing}"


def shortcut_keys(module: Path) -> set[str]:
    source = module.read_text(encoding="utf-8")
    return set(re.findall(r'\("((?:F\d+)|Esc)",', source))


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_guide_names_every_desk_key(guide: Path) -> None:
    keys = shortcut_keys(ROOT / "workstation" / "ui" / "circulation" / "tab.py")
    assert {"F2", "F3", "F9", "Esc"} <= keys  # the parse found the shortcut table
    text = guide.read_text(encoding="utf-8")
    assert not [k for k in keys if f"**{k}**" not in text]
    assert "**F1**" in text  # Help → About
    assert ("**Space**" in text or "**空格键**" in text) and "**+**" in text  # reading-room tap


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_guide_links_every_import_format(guide: Path) -> None:
    formats = sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "import").glob("*.md"))
    assert formats
    links = local_links(guide)
    assert [f for f in formats if f not in links] == []
    assert "import-formats.md" in links and "deployment.md" in links


def test_both_guides_have_the_same_sections() -> None:
    counts = [len(re.findall(r"^## \d+\. ", g.read_text(encoding="utf-8"), re.MULTILINE)) for g in GUIDES]
    assert counts[0] == counts[1] == 9


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_guide_shows_every_screenshot(guide: Path) -> None:
    """Every picture scripts/screenshots.py made is in the guide (and every one it shows exists:
    test_links_to_files_resolve)."""
    made = sorted(p.relative_to(DOCS).as_posix() for p in (DOCS / "screenshots").glob("*.png"))
    assert made
    shown = set(local_links(guide))
    assert [m for m in made if m not in shown] == []
