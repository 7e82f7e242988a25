"""The demo's yearly workbook printed through LibreOffice: every sheet title whole in the
PDF text, each table with its chart on one page (nothing cut across pages, no repeated
header over a chart), the long activity list with its header on every page.

Needs LibreOffice (soffice) and poppler (pdftotext); CI installs both, so there the test
runs; it is skipped only on a machine without them and without CI set."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from workstation.db import Database, open_database
from workstation.demo import DemoOptions, build_demo
from workstation.reports import statistics
from workstation.reports.workbook import write_workbook

TOOLS = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
pytestmark = pytest.mark.skipif(not TOOLS and not os.environ.get("CI"),
                                reason="LibreOffice or pdftotext is not installed")
ONE_PAGE = ("业务统计", "外借月报", "续借月报", "阅览月报", "到馆月报", "数字资源建设", "文旅基3表对照")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('print') / 'demo.sqlite3'}")
    build_demo(db, DemoOptions(years=2, scale=0.01))
    yield db
    db.dispose()


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_workbook_prints_whole(demo: Database, tmp_path: Path) -> None:
    with demo.begin() as s:
        data = statistics.year_figures(s, 2019, form=True)
    book = write_workbook(data, tmp_path / "2019.xlsx")
    result = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo'}",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],
                            capture_output=True, text=True, timeout=300, check=False)
    pdf = tmp_path / "2019.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=120).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    wb = openpyxl.load_workbook(book)
    titles = {ws.title: str(ws["A1"].value) for ws in wb.worksheets}
    on = {name: [i for i, page in enumerate(pages) if _flat(title) in _flat(page)] for name, title in titles.items()}
    for name, title in titles.items():
        assert on[name], f"{name}: the title {title!r} is not whole in the PDF"
    for name in ONE_PAGE:
        assert len(on[name]) == 1, f"{name} is printed on {len(on[name])} pages"
    # every page belongs to one sheet (its title repeats there), none is a stray piece
    assert sorted(i for pages_of in on.values() for i in pages_of) == list(range(len(pages)))
    for series in data.monthly:  # the chart (its own title line) on the page of its table
        page = pages[on[series.title][0]]
        chart_title = f"{series.title}（{series.unit}）"
        assert any(line.strip() == chart_title for line in page.splitlines()), series.title
        assert "合计" in page and "12月" in _flat(page)
    for i in on["读者活动"]:  # a long table may run on, with its header on every page
        assert "活动名称" in pages[i] and "参加人次" in pages[i]
    mapping = pages[on["文旅基3表对照"][0]]
    for row in data.form:
        assert _flat(row.label) in _flat(mapping), row.label
