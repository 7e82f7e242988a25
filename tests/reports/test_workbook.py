"""The workbook read back cell by cell with openpyxl."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from workstation.reports.figures import (
    ActivityRow,
    Figure,
    FormRow,
    MonthlySeries,
    Part,
    ProjectProgress,
    YearFigures,
)
from workstation.reports.workbook import write_workbook


def sample() -> YearFigures:
    loans = Figure("loans", "文献外借", "册次", 410_000,
                   (Part("综合借阅处", 92_220), Part("文学借阅处", 132_926), Part("青少年图书借阅处", 156_854),
                    Part("流动图书车", 28_000)), previous=400_000)
    hours = Figure("volunteer_hours", "志愿服务时长", "小时", Decimal("826.5"), previous=Decimal("0"))
    desks = MonthlySeries("外借月报", "册次", (
        ("综合借阅处", tuple([7685] * 12)),
        ("文学借阅处", tuple([11077] * 11 + [11079])),
    ))
    visitors = MonthlySeries("到馆月报", "人次", (("到馆读者", tuple([41_667] * 11 + [41_663])),))
    return YearFigures(
        library="长治市图书馆", year=2019, figures=(loans, hours), monthly=(desks, visitors),
        projects=(ProjectProgress("政府公开信息", "条", 8000, 8000, 8000),
                  ProjectProgress("地方文献", "页", 60000, 54000, 54000)),
        activities=(
            ActivityRow("=HYPERLINK(\"http://x\")读书会", "阅读推广", dt.date(2019, 3, 1), dt.date(2019, 3, 1),
                        "报告厅", 40, 0, False),
            ActivityRow("中华人民共和国成立70周年系列活动", "阅读推广", dt.date(2019, 9, 15),
                        dt.date(2019, 10, 30), "全馆", 5764, 8400, True),
        ),
        source="sqlite:///test.sqlite3",
        form=(FormRow("总藏量", "千册（件）", None, None, "本系统未记录", "需盘点数据"),
              FormRow("书刊文献外借册次", "万册次", 410_000, 400_000, "记录"),
              FormRow("网站访问量", "页次", None, 12, "手工录入", "", "0 / 12 个月已录入")),
    )


def test_summary_sheet_cells(tmp_path: Path) -> None:
    out = write_workbook(sample(), tmp_path / "2019.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["业务统计", "外借月报", "到馆月报", "数字资源建设", "读者活动", "文旅基3表对照"]
    ws = wb["业务统计"]
    assert ws["A1"].value == "长治市图书馆 2019 年业务统计"
    assert [c.value for c in ws[3]] == ["项目", "单位", "2019 年", "2018 年", "增减"]
    assert [c.value for c in ws[4]] == ["文献外借", "册次", 410_000, 400_000, pytest.approx(0.025)]
    assert ws["C4"].number_format == "#,##0"
    assert [ws.cell(r, 1).value for r in range(5, 9)] == [
        "    其中：综合借阅处", "    其中：文学借阅处", "    其中：青少年图书借阅处", "    其中：流动图书车"]
    assert [ws.cell(r, 3).value for r in range(5, 9)] == [92_220, 132_926, 156_854, 28_000]
    assert ws["A9"].value == "志愿服务时长" and ws["C9"].value == 826.5 and ws["E9"].value is None
    assert ws.print_title_rows == "$1:$3"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.page_setup.fitToWidth == 1
    assert not any(isinstance(c.value, str) and c.value.startswith("=") and c.data_type == "f"
                   for row in ws.iter_rows() for c in row)
    assert "sqlite:///test.sqlite3" in wb.properties.description


def test_monthly_sheet_totals_and_native_chart(tmp_path: Path) -> None:
    out = write_workbook(sample(), tmp_path / "2019.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["外借月报"]
    assert [c.value for c in ws[3]] == ["月份", "综合借阅处", "文学借阅处", "合计"]
    assert ws["A4"].value == "1月" and ws["B4"].value == 7685 and ws["D4"].value == 7685 + 11077
    assert ws["A16"].value == "合计" and ws["B16"].value == 92_220 and ws["C16"].value == 132_926
    assert ws["D16"].value == 92_220 + 132_926
    assert len(ws._charts) == 1  # read back as a chart object of the sheet
    assert wb["到馆月报"]["B16"].value == 500_000
    with zipfile.ZipFile(out) as z:
        bar, line = (z.read(n).decode() for n in sorted(n for n in z.namelist() if n.startswith("xl/charts/chart")))
    # the values cached in the chart itself, for viewers that do not recompute; lines straight
    assert "<numCache>" in bar and "<v>11079</v>" in bar and "<v>12月</v>" in bar and "<v>文学借阅处</v>" in bar
    assert '<smooth val="0"' in line and "<v>41663</v>" in line
    # the narrow sheet's title cell is wide enough for the whole title
    visitors = wb["到馆月报"]
    assert sum(visitors.column_dimensions[c].width for c in "ABC") >= 2.5 * len(str(visitors["A1"].value))


def test_formula_like_text_is_text(tmp_path: Path) -> None:
    out = write_workbook(sample(), tmp_path / "2019.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["读者活动"]
    assert ws["B4"].value == "中华人民共和国成立70周年系列活动" and ws["A4"].value == "★"  # chronicle first
    cell = ws["B5"]
    assert cell.value == "=HYPERLINK(\"http://x\")读书会"
    assert cell.data_type == "s" and cell.quotePrefix
    assert ws["G6"].value == 5804 and ws["H6"].value == 8400


def test_projects_and_mapping(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_workbook(sample(), tmp_path / "2019.xlsx"))
    ws = wb["数字资源建设"]
    assert [c.value for c in ws[5]] == ["地方文献", "页", 60000, 54000, 54000, pytest.approx(0.9)]
    mapping = wb["文旅基3表对照"]
    assert [c.value for c in mapping[3]] == ["报表项目", "单位", "2019 年", "2018 年", "数据来源", "覆盖情况", "说明"]
    rows = {mapping.cell(r, 1).value: [c.value for c in mapping[r]][1:6] for r in range(4, 7)}
    assert rows["书刊文献外借册次"] == ["万册次", 410_000, 400_000, "记录", None]
    assert rows["总藏量"] == ["千册（件）", "本系统未记录", "本系统未记录", "本系统未记录", None]
    # typed but nothing entered: "—", never 0; the comparison year's figure stays
    assert rows["网站访问量"] == ["页次", "—", 12, "手工录入", "0 / 12 个月已录入"]


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "2019.xlsx"
    target.write_bytes(b"previous good file")

    def boom(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", boom)
    with pytest.raises(OSError):
        write_workbook(sample(), target)
    assert target.read_bytes() == b"previous good file"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_a_killed_exports_half_written_file_is_cleared_by_the_next_export(tmp_path: Path) -> None:
    import os
    import time

    stale = tmp_path / ".2019-abc123.xlsx.part"  # what a power cut between write and rename leaves
    fresh = tmp_path / ".2019-def456.xlsx.part"  # another desk's export, still being written
    other = tmp_path / ".2018-abc123.xlsx.part"  # another workbook's: not this export's business
    for path in (stale, fresh, other):
        path.write_bytes(b"PK\x03\x04 half")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    os.utime(other, (two_hours_ago, two_hours_ago))
    out = write_workbook(sample(), tmp_path / "2019.xlsx")
    assert openpyxl.load_workbook(out)["业务统计"]["A1"].value == "长治市图书馆 2019 年业务统计"
    assert not stale.exists() and fresh.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".2018-abc123.xlsx.part", ".2019-def456.xlsx.part",
                                                        "2019.xlsx"]
