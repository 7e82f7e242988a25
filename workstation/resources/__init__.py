"""Files shipped with the program: the CJK font, translations."""

from __future__ import annotations

from pathlib import Path

RESOURCES = Path(__file__).resolve().parent
FONT_FILE = RESOURCES / "fonts" / "NotoSansSC-Regular-subset.otf"
FONT_FAMILY = "Workstation Sans SC"  # the shipped subset of Noto Sans CJK SC, renamed
I18N_DIR = RESOURCES / "i18n"
