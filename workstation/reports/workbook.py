"""The yearly statistics workbook for the culture and tourism bureau (openpyxl).

Every number comes from a ``YearFigures`` object built from the database; nothing is
typed into the workbook. When the city has branches (``YearFigures.libraries``), the summary
and the national-form sheets come once for the city (their sum) and once per library.
Numbers are written as values (no formulas that could break), text that Excel would take
for a formula is written as text, and the file is written to a temporary name and renamed,
so a crash never leaves half a workbook under the target name.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, NumData, NumVal, StrData, StrRef, StrVal
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from workstation.reports.figures import MonthlySeries, YearFigures
from workstation.reports.national_form import AT_CENTRAL, NOT_RECORDED
from workstation.services.safe_files import is_formula_like

Progress = Callable[[int, int, str], None]

INT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"
PERCENT_FORMAT = "+0.0%;-0.0%;0.0%"
MONTHS = [f"{m}月" for m in range(1, 13)]

TITLE_FONT = Font(name="SimSun", size=16, bold=True)
HEAD_FONT = Font(name="SimSun", size=11, bold=True)
BODY_FONT = Font(name="SimSun", size=11)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

NOT_COUNTED = "—"  # a figure the program could count but has no count for: never printed as 0
SUMMARY = "业务统计"
MAPPING = "文旅基3表对照"
CITY_SUFFIX = "（全市）"
SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def library_sheet(prefix: str, library: str, taken: set[str]) -> str:
    """A sheet name for one library's sheet: ``prefix·library``, within Excel's 31 characters,
    without the characters Excel refuses, and not one already ``taken``."""
    base = f"{prefix}·{library.translate(SHEET_FORBIDDEN)}"[:31]
    name, n = base, 2
    while name in taken:
        name = f"{base[:31 - len(str(n)) - 1]}~{n}"
        n += 1
    taken.add(name)
    return name


def put(ws: Worksheet, row: int, column: int, value: Any, *, number_format: str | None = None,
        font: Font = BODY_FONT, bold: bool = False) -> Cell:
    """Write one cell. Text that Excel would read as a formula is stored as text with a
    quote prefix, so the bureau sees exactly what was recorded."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, Decimal):
        value = float(value)  # Excel has no decimal type; hours are in half-hour steps
    cell.value = value
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.number_format = INT_FORMAT
    elif isinstance(value, float):
        cell.number_format = DECIMAL_FORMAT
    cell.font = HEAD_FONT if bold else font
    return cell


def _print_setup(ws: Worksheet, title_rows: str, landscape: bool = False, *, one_page: bool = False) -> None:
    """A4, fitted to the page width; ``one_page``: the whole sheet (table and chart) on one
    page, so nothing is cut across pages and no repeated header prints over a chart."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _header_row(ws: Worksheet, row: int, labels: Sequence[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = put(ws, row, col, label, bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _header_row_at(ws: Worksheet, row: int, first: int, labels: Sequence[str]) -> None:
    for col, label in enumerate(labels, start=first):
        cell = put(ws, row, col, label, bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX


def _fit_title(ws: Worksheet, text: str, width: int) -> None:
    """Widen the last title column so the merged title cell holds the whole title (a CJK
    character of the 16-point title takes about three 11-point character widths)."""
    needed = sum(3.0 if ord(ch) > 0x2E80 else 1.6 for ch in text) + 4
    letters = [get_column_letter(c) for c in range(1, width + 1)]
    have = sum(ws.column_dimensions[x].width or 13 for x in letters)
    if have < needed:
        last = ws.column_dimensions[letters[-1]]
        last.width = (last.width or 13) + needed - have


def _title(ws: Worksheet, text: str, width: int, subtitle: str = "") -> None:
    put(ws, 1, 1, text, font=TITLE_FONT)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.row_dimensions[1].height = 28
    if subtitle:
        put(ws, 2, 1, subtitle)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        ws.cell(2, 1).alignment = Alignment(horizontal="right")


def footnote(data: YearFigures) -> str:
    """The summary sheet's note: the counting rule, and which figures are typed or imported."""
    text = "说明：文献外借只计首次外借，续借另列（ISO 2789 / GB/T 13191）。"
    covered = [f"{s.title}：{s.coverage}" for s in data.monthly if s.coverage]
    if covered:
        text += "覆盖情况——" + "；".join(covered) + "。"
    if data.corrections:
        voided = sum(1 for c in data.corrections if c.kind == "作废外借")
        text += (f"本年有 {len(data.corrections)} 笔更正（作废外借 {voided} 册次、撤销归还 "
                 f"{len(data.corrections) - voided} 次），已从原发生日的统计中扣除，明细见“更正记录”表。")
    if data.libraries:
        text += ("全市合计为各馆之和（各馆见“" + SUMMARY + "·馆名”表）；读者活动与讲座计入举办馆；"
                 "不带馆别的记录（到馆读者、志愿服务、网站与移动图书馆点击量、LED 咨询宣传、"
                 "按批次登记的新增馆藏、数字资源建设）计入总馆。")
    if data.at_central:
        text += "标“" + AT_CENTRAL + "”的项目由总馆统一登记，不分馆统计。"
    if data.sources:
        return text + "以下数字为手工录入或导入，其余由系统记录汇总：" + "；".join(data.sources) + "。"
    return text + "所有数字由系统记录汇总。"


def corrections_sheet(wb: Workbook, data: YearFigures) -> Worksheet:
    """The managers' corrections of the year: which loan or return was voided, when and why."""
    ws = wb.create_sheet("更正记录")
    _title(ws, f"{data.library} {data.year} 年外借更正记录", 8, "原记录保留；更正从原发生日的统计中扣除")
    _header_row(ws, 3, ["原发生日", "更正日", "服务点", "更正", "条码", "题名", "原因", "经办主管"])
    for row, c in enumerate(data.corrections, start=4):
        for column, value in enumerate([c.event_day, c.made_on, c.point, c.kind, c.barcode, c.title, c.reason,
                                        c.manager], start=1):
            put(ws, row, column, value, number_format="yyyy-mm-dd" if column <= 2 else None)
    for letter, width in zip("ABCDEFGH", (12, 12, 16, 10, 14, 36, 30, 12), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    _print_setup(ws, "1:3", landscape=True)
    return ws


def summary_sheet(wb: Workbook, data: YearFigures, name: str = SUMMARY, *, first: bool = True) -> Worksheet:
    """The 业务统计 table of ``data`` (the city's or one library's); ``first``: on the
    workbook's first sheet, else on a new one."""
    ws = wb.active if first else wb.create_sheet(name)
    assert ws is not None
    ws.title = name
    _title(ws, f"{data.library} {data.year} 年业务统计", 5, "数据来源：业务工作站记录")
    _header_row(ws, 3, ["项目", "单位", f"{data.year} 年", f"{data.previous_year} 年", "增减"])
    row = 4
    for figure in data.figures:
        if not figure.in_summary:
            continue
        at_central = figure.key in data.at_central
        put(ws, row, 1, figure.label, bold=True)
        put(ws, row, 2, figure.unit)
        put(ws, row, 3, AT_CENTRAL if at_central else figure.value)
        if figure.previous is not None:
            put(ws, row, 4, AT_CENTRAL if at_central else figure.previous)
        if figure.change is not None and not at_central:
            put(ws, row, 5, figure.change, number_format=PERCENT_FORMAT)
        for col in range(1, 6):
            ws.cell(row, col).border = BOX
        row += 1
        for part in figure.parts:
            put(ws, row, 1, f"    其中：{part.label}")
            put(ws, row, 2, figure.unit)
            put(ws, row, 3, AT_CENTRAL if at_central else part.value)
            if part.previous is not None:
                put(ws, row, 4, AT_CENTRAL if at_central else part.previous)
            for col in range(1, 6):
                ws.cell(row, col).border = BOX
            row += 1
    notes_row = row + 1
    put(ws, notes_row, 1, footnote(data))
    ws.merge_cells(start_row=notes_row, start_column=1, end_row=notes_row, end_column=5)
    ws.cell(notes_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[notes_row].height = 16 * (2 + len(data.sources))
    for letter, width in zip("ABCDE", (44, 8, 16, 16, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A4"
    _print_setup(ws, "1:3", one_page=True)
    return ws


def monthly_sheet(wb: Workbook, data: YearFigures, series: MonthlySeries) -> Worksheet:
    ws = wb.create_sheet(series.title)
    labels = [label for label, _values in series.rows]
    width = len(labels) + 2
    _title(ws, f"{data.library} {data.year} 年{series.title}（{series.unit}）", width)
    _header_row(ws, 3, ["月份", *labels, "合计"])
    for m in range(12):
        row = 4 + m
        put(ws, row, 1, MONTHS[m])
        for col, (label, values) in enumerate(series.rows, start=2):
            put(ws, row, col, NOT_COUNTED if (label, m) in series.uncounted else values[m])
            if (label, m) in series.uncounted:
                ws.cell(row, col).alignment = Alignment(horizontal="right")
        put(ws, row, width, series.month_totals()[m], bold=True)
    total_row = 16
    put(ws, total_row, 1, "合计", bold=True)
    for col, (label, _values) in enumerate(series.rows, start=2):
        put(ws, total_row, col, series.total(label), bold=True)
    put(ws, total_row, width, sum(series.month_totals()), bold=True)
    for r in range(3, total_row + 1):
        for c in range(1, width + 1):
            ws.cell(r, c).border = BOX
    if series.uncounted or series.coverage:
        note = "；".join(x for x in (series.coverage and f"覆盖情况：{series.coverage}",
                                     series.uncounted and "“—”：该月没有计数（不同于计数为 0）") if x)
        put(ws, total_row + 1, 1, note)
    ws.column_dimensions["A"].width = 8
    for c in range(2, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = max(12, len(str(ws.cell(3, c).value)) * 2 + 2)
    ws.freeze_panes = "B4"
    _print_setup(ws, "1:3", landscape=width > 7, one_page=True)
    if series.rows:
        _monthly_chart(ws, series, width)
    return ws


def _monthly_chart(ws: Worksheet, series: MonthlySeries, width: int) -> None:
    """A native Excel chart of the month rows, so the bureau sees it in Excel itself."""
    many = len(series.rows) > 1
    chart: BarChart | LineChart
    if many:
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "stacked"
        chart.overlap = 100
        data = Reference(ws, min_col=2, max_col=width - 1, min_row=3, max_row=15)
    else:
        chart = LineChart()
        data = Reference(ws, min_col=2, max_col=2, min_row=3, max_row=15)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=15))
    _cache_values(chart, series)
    chart.title = f"{series.title}（{series.unit}）"
    chart.y_axis.title = series.unit
    chart.y_axis.numFmt = INT_FORMAT
    chart.height = 9
    chart.width = 18
    ws.add_chart(chart, f"A{19}")


def _cache_values(chart: BarChart | LineChart, series: MonthlySeries) -> None:
    """Store each series' values, name and the month labels in the chart itself (Excel's
    cache), so viewers that do not recompute charts show them filled; lines drawn straight."""
    for chart_series, (label, values) in zip(chart.series, series.rows, strict=True):
        chart_series.val.numRef.numCache = NumData(  # a month not counted has no point
            pt=[NumVal(idx=i, v=v) for i, v in enumerate(values) if (label, i) not in series.uncounted],
            ptCount=len(values), formatCode="General")
        if chart_series.tx is not None and chart_series.tx.strRef is not None:
            chart_series.tx.strRef.strCache = StrData(pt=[StrVal(idx=0, v=label)], ptCount=1)
        if chart_series.cat is not None and chart_series.cat.numRef is not None:
            ref = chart_series.cat.numRef.f
            chart_series.cat = AxDataSource(strRef=StrRef(f=ref, strCache=StrData(
                pt=[StrVal(idx=i, v=m) for i, m in enumerate(MONTHS)], ptCount=12)))
        if isinstance(chart, LineChart):
            chart_series.smooth = False


def projects_sheet(wb: Workbook, data: YearFigures) -> Worksheet:
    ws = wb.create_sheet("数字资源建设")
    _title(ws, f"{data.library} {data.year} 年数字资源建设", 6)
    _header_row(ws, 3, ["项目", "单位", "目标", f"{data.year} 年完成", "累计完成", "完成率"])
    for i, project in enumerate(data.projects):
        row = 4 + i
        put(ws, row, 1, project.name)
        put(ws, row, 2, project.unit)
        put(ws, row, 3, project.target)
        put(ws, row, 4, project.done_in_year)
        put(ws, row, 5, project.done_total)
        put(ws, row, 6, project.percent, number_format="0.0%")
        for c in range(1, 7):
            ws.cell(row, c).border = BOX
    put(ws, 5 + len(data.projects), 1, "说明：各项目单位不同（条、页、版、节、部），不跨项目合计。")
    for letter, width in zip("ABCDEF", (28, 6, 12, 14, 12, 10), strict=True):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, "1:3", one_page=True)
    return ws


def activities_sheet(wb: Workbook, data: YearFigures) -> Worksheet:
    """Every activity of the year (大事记 first), and the series; with branches, a last
    column names the library that held each activity."""
    ws = wb.create_sheet("读者活动")
    several = bool(data.libraries)
    width = 9 if several else 8
    _title(ws, f"{data.library} {data.year} 年读者活动（大事记在前）", width)
    _header_row(ws, 3, ["大事记", "活动名称", "类别", "开始日期", "结束日期", "地点", "参加人次", "线上浏览",
                        *(["图书馆"] if several else [])])
    ordered = sorted(data.activities, key=lambda a: (not a.chronicle, a.start, a.title))
    for i, activity in enumerate(ordered):
        row = 4 + i
        put(ws, row, 1, "★" if activity.chronicle else "")
        put(ws, row, 2, activity.title)
        put(ws, row, 3, activity.category)
        put(ws, row, 4, activity.start, number_format="yyyy-mm-dd")
        put(ws, row, 5, activity.end, number_format="yyyy-mm-dd")
        put(ws, row, 6, activity.place)
        put(ws, row, 7, activity.participants)
        put(ws, row, 8, activity.online_views)
        if several:
            put(ws, row, 9, activity.library)
    total = 4 + len(ordered)
    put(ws, total, 2, "合计", bold=True)
    put(ws, total, 7, sum(a.participants for a in ordered), bold=True)
    put(ws, total, 8, sum(a.online_views for a in ordered), bold=True)
    if data.activity_series:
        head = total + 2
        put(ws, head, 2, "系列活动合计（系列活动汇总行不另计活动次数）", bold=True)
        _header_row_at(ws, head + 1, 2, ["系列活动", "活动数", "开始日期", "结束日期", "", "参加人次", "线上浏览"])
        for i, series in enumerate(data.activity_series):
            row = head + 2 + i
            put(ws, row, 2, series.name)
            put(ws, row, 3, series.activities)
            if series.first is not None:
                put(ws, row, 4, series.first, number_format="yyyy-mm-dd")
            if series.last is not None:
                put(ws, row, 5, series.last, number_format="yyyy-mm-dd")
            put(ws, row, 7, series.participants)
            put(ws, row, 8, series.online_views)
    for letter, size in zip("ABCDEFGHI", (7, 40, 14, 12, 12, 16, 10, 10, 16), strict=True):
        ws.column_dimensions[letter].width = size
    ws.freeze_panes = "C4"
    ws.auto_filter.ref = f"A3:{'I' if several else 'H'}{max(total - 1, 3)}"
    _print_setup(ws, "1:3", landscape=True)
    return ws


def mapping_sheet(wb: Workbook, data: YearFigures, name: str = MAPPING) -> Worksheet:
    """The national form's lines (文旅基3表) as the form prints them, with unit, this year's
    and the comparison year's value, where each value comes from, and how it is counted."""
    ws = wb.create_sheet(name)
    _title(ws, f"{data.library} {data.year} 年统计与《公共图书馆基本情况》(文旅基3表) 对照", 7)
    _header_row(ws, 3, ["报表项目", "单位", f"{data.year} 年", f"{data.previous_year} 年", "数据来源",
                        "覆盖情况", "说明"])
    for i, line in enumerate(data.form):
        row = 4 + i
        put(ws, row, 1, line.label)
        put(ws, row, 2, line.unit)
        if line.source in (NOT_RECORDED, AT_CENTRAL):
            put(ws, row, 3, line.source)
            put(ws, row, 4, line.source)
        else:
            put(ws, row, 3, NOT_COUNTED if line.value is None else line.value)
            put(ws, row, 4, NOT_COUNTED if line.previous is None else line.previous)
        put(ws, row, 5, line.source)
        put(ws, row, 6, line.coverage)
        put(ws, row, 7, line.note)
        for col in range(1, 8):
            ws.cell(row, col).border = BOX
            ws.cell(row, col).alignment = Alignment(wrap_text=True, vertical="center")
    note_row = 5 + len(data.form)
    note = ("“本系统未记录”：本系统没有该项的数据来源；“—”：有来源但该年没有计数；"
            "单位按报表，数值为原始计数（未折算为万、千）。")
    if data.libraries:
        note += "全市合计为各馆之和（各馆见“文旅基3表·馆名”表）；外借人次按馆去重后相加。"
    if any(line.source == AT_CENTRAL for line in data.form):
        note += "“" + AT_CENTRAL + "”：该项由总馆统一登记，不分馆统计。"
    put(ws, note_row, 1, note)
    ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=7)
    for letter, width in zip("ABCDEFG", (40, 10, 14, 14, 22, 18, 44), strict=True):
        ws.column_dimensions[letter].width = width
    _print_setup(ws, "1:3", landscape=True, one_page=True)
    return ws


def build_workbook(data: YearFigures, progress: Progress | None = None) -> Workbook:
    """The workbook of ``data``. With one library: 业务统计, the monthly sheets, 数字资源建设,
    读者活动, 文旅基3表对照 (and 更正记录). With branches (``data.libraries``): 业务统计（全市）
    followed by 业务统计·<library> for each library, and the same for 文旅基3表."""
    several = data.libraries
    steps = 5 + len(data.monthly) + 2 * len(several)
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, steps, label)

    wb = Workbook()
    taken = {SUMMARY + CITY_SUFFIX, MAPPING}
    summary_sheet(wb, data, SUMMARY + CITY_SUFFIX if several else SUMMARY)
    step(SUMMARY)
    for library in several:
        summary_sheet(wb, library, library_sheet(SUMMARY, library.library, taken), first=False)
        step(library.library)
    for series in data.monthly:
        monthly_sheet(wb, data, series)
        step(series.title)
    projects_sheet(wb, data)
    step("数字资源建设")
    activities_sheet(wb, data)
    step("读者活动")
    mapping_sheet(wb, data, "文旅基3表" + CITY_SUFFIX if several else MAPPING)
    step(MAPPING)
    for library in several:
        mapping_sheet(wb, library, library_sheet("文旅基3表", library.library, taken))
        step(library.library)
    if data.corrections:
        corrections_sheet(wb, data)
    for ws in wb.worksheets:
        title = ws.cell(1, 1).value
        merged = next((r for r in ws.merged_cells.ranges if r.min_row == 1 and r.min_col == 1), None)
        if isinstance(title, str) and merged is not None:
            _fit_title(ws, title, merged.max_col)
    wb.properties.title = f"{data.library} {data.year} 年业务统计"
    wb.properties.subject = "公共图书馆年度业务统计"
    wb.properties.creator = "图书馆业务工作站"
    wb.properties.description = (
        f"数据库：{data.source}；生成时间：{data.generated_at.isoformat(timespec='seconds')}")
    wb.properties.keywords = f"{data.year}"
    step("属性")
    return wb


STALE_PART_SECONDS = 3600  # a half-written file older than this belongs to no running export


def remove_stale_parts(target: Path, now: float | None = None) -> list[Path]:
    """Delete the hidden half-written files a killed export left beside ``target`` (a power
    cut between writing and renaming); a recent one may be another desk's export under way
    and stays."""
    now = time.time() if now is None else now
    removed = []
    for part in Path(target).parent.glob(f".{Path(target).stem}-*.xlsx.part"):
        try:
            if now - part.stat().st_mtime > STALE_PART_SECONDS:
                part.unlink()
                removed.append(part)
        except OSError:  # gone meanwhile, or not ours to delete: leave it
            continue
    return removed


def write_workbook(data: YearFigures, target: Path, progress: Progress | None = None) -> Path:
    """Write atomically: a temporary file beside ``target``, fsynced, then renamed over it."""
    target = Path(target)
    wb = build_workbook(data, progress)
    remove_stale_parts(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".xlsx.part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            wb.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return target
