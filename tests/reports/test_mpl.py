"""Charts find the shipped CJK font, so Chinese labels render without system fonts."""

from __future__ import annotations

from pathlib import Path

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from workstation.reports.mpl import configure_matplotlib
from workstation.resources import FONT_FILE


def test_matplotlib_uses_shipped_font(tmp_path: Path) -> None:
    family = configure_matplotlib()
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert Path(found).resolve() == FONT_FILE.resolve()
    fig = Figure(figsize=(4, 3))
    ax = fig.add_subplot()
    ax.bar(["综合借阅处", "文学借阅处", "青少年图书借阅处"], [92_220, 132_926, 156_854])
    ax.set_title("2019 年文献外借（册次）")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # a missing glyph would warn "Glyph … missing from font"
    out = tmp_path / "chart.png"
    fig.savefig(out)
    assert out.stat().st_size > 5_000
    assert ax.title.get_fontname() == family
