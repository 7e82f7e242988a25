"""matplotlib set-up shared by every chart: the shipped CJK font, no pyplot state."""

from __future__ import annotations

from functools import cache

import matplotlib
from matplotlib import font_manager

from workstation.resources import FONT_FAMILY, FONT_FILE


@cache
def configure_matplotlib() -> str:
    """Register the shipped font so Chinese labels render on machines without CJK fonts.

    Returns the family name charts should use. Safe to call many times."""
    font_manager.fontManager.addfont(str(FONT_FILE))
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [FONT_FAMILY, *matplotlib.rcParams["font.sans-serif"]]
    matplotlib.rcParams["axes.unicode_minus"] = False  # the CJK font has no U+2212 minus
    return FONT_FAMILY
