"""Build the shipped CJK font: Noto Sans CJK SC cut down to what a Chinese UI needs.

Why a subset: the full collection is ~20 MB per weight; GB 2312's 6,763 hanzi plus Latin
and punctuation cover every label, name and place we show, in about 2 MB.
Run once when the character set must grow; the output is committed.

    python scripts/make_font_subset.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

OUT = Path(__file__).resolve().parents[1] / "workstation" / "resources" / "fonts"
SC_INDEX_NAME = "Noto Sans CJK SC"
# The subset gets a family name of its own, so tests can tell it from a system-wide Noto
# CJK and prove the shipped file is the one in use (the OFL allows renaming a modified font;
# the reserved name "Source" is not used).
FAMILY = "Workstation Sans SC"


def gb2312_chars() -> set[str]:
    chars: set[str] = set()
    for hi in range(0xB0, 0xF8):  # hanzi rows, levels 1 and 2
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("gb2312"))
    for hi in range(0xA1, 0xAA):  # symbols, full-width forms, kana-free punctuation rows
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([hi, lo]).decode("gb2312"))
    return chars


def rename(font) -> None:
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (4,):
            record.string = f"{FAMILY} Regular"
        elif record.nameID in (3, 6, 20):
            record.string = FAMILY.replace(" ", "") + "-Regular"
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [FAMILY.replace(" ", "") + "-Regular"]
        top = cff.topDictIndex[0]
        top.FamilyName = FAMILY
        top.FullName = f"{FAMILY} Regular"


def main(src: str) -> None:
    collection = TTCollection(src)
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == SC_INDEX_NAME)
    text = "".join(sorted(gb2312_chars()))
    text += "".join(chr(c) for c in range(0x20, 0x7F))
    text += "".join(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width ASCII
    text += "·—–‘’“”…、。〈〉《》「」『』【】〔〕〖〗〜℃№×÷±≤≥≠∞→←↑↓✓✗●○■□▲△▼▽★☆%‰"
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    rename(font)
    OUT.mkdir(parents=True, exist_ok=True)
    font.save(OUT / "NotoSansSC-Regular-subset.otf")
    print(OUT / "NotoSansSC-Regular-subset.otf")


if __name__ == "__main__":
    main(sys.argv[1])
