"""Hostile and large import files for issue 23, made by the tests (nothing is checked in):
workbooks whose declared extent lies, over-long fields and lines, files past the row
limits, many bad rows, UTF-16/UTF-32 text and stray NUL bytes."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

from openpyxl import Workbook

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# a header every importer understands the first columns of: catalogue (条码, 题名), reading
# rooms (日期, 时间, 阅览室, 人数), outreach activities (活动名称, 类别, 开始日期)
HEADER = ["条码", "题名", "日期", "时间", "阅览室", "人数", "活动名称", "类别", "开始日期"]


def workbook_with_sheet(path: Path, sheet_xml: bytes) -> Path:
    """A real workbook (saved by openpyxl) whose first sheet is replaced by ``sheet_xml``."""
    skeleton = path.with_suffix(".skeleton.xlsx")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["x"])
    wb.save(skeleton)
    with zipfile.ZipFile(skeleton) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = sheet_xml if info.filename == "xl/worksheets/sheet1.xml" else src.read(info.filename)
            dst.writestr(info.filename, data)
    skeleton.unlink()
    return path


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _sheet(rows: str, dimension: str = "A1:XFD1048576") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><dimension ref="{dimension}"/>'
            f"<sheetData>{rows}</sheetData></worksheet>").encode()


def far_cell_only(path: Path) -> Path:
    """The case of the issue: one cell at the sheet's very end, the extent declared huge."""
    return workbook_with_sheet(path, _sheet(f'<row r="1048576">{_cell("XFD1048576", "x")}</row>'))


def header_then_far_data(path: Path) -> Path:
    """A header and one good-looking row, then data in the last row Excel has."""
    header = "".join(_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER))
    return workbook_with_sheet(path, _sheet(f'<row r="1">{header}</row>'
                                            f'<row r="1048576">{_cell("A1048576", "B0001")}</row>'))


def far_columns_on_every_row(path: Path, rows: int = 20_000) -> Path:
    """Every row has its only cell in the last column (XFD): a sheet 16,384 columns wide."""
    body = "".join(f'<row r="{r}">{_cell(f"XFD{r}", "x")}</row>' for r in range(1, rows + 1))
    return workbook_with_sheet(path, _sheet(body))


def rows_past_excel(path: Path) -> Path:
    """A row number Excel cannot have (past 1,048,576), with a header before it."""
    header = "".join(_cell(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER))
    return workbook_with_sheet(path, _sheet(f'<row r="1">{header}</row>'
                                            f'<row r="2000000000">{_cell("A2000000000", "x")}</row>'))


def long_cell_workbook(path: Path, length: int = 20_000) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    ws.append(["B0001", "长" * length, "2019-03-04", "09:00", "期刊阅览室", 3, "讲座", "culture_lecture", "2019-03-04"])
    wb.save(path)
    return path


def csv_with_long_quoted_field(path: Path, length: int = 200_000) -> Path:
    """A quoted field longer than the csv module's limit, spread over short lines."""
    field = ("一二三四五六七八九十" * 5 + "\n") * (length // 51 + 1)
    path.write_text(",".join(HEADER) + "\n" + "B0001,书,2019-03-04,09:00,期刊阅览室,3,讲座,x,2019-03-04\n"
                    + f'B0002,"{field}",2019-03-04\n', encoding="utf-8")
    return path


def csv_with_long_line(path: Path, length: int = 45 * 1024 * 1024) -> Path:
    """One line of ``length`` characters (no line break), under the 50 MB file limit."""
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(HEADER) + "\n")
        out.write("B0001,")
        chunk = "x" * (1 << 20)
        for _ in range(length // len(chunk)):
            out.write(chunk)
        out.write("\n")
    return path


def csv_with_wide_row(path: Path, cells: int = 4_000_000) -> Path:
    """A row of millions of empty cells (commas): short in bytes per cell, huge as a list."""
    path.write_text(",".join(HEADER) + "\n" + "B0001" + "," * cells + "\n", encoding="utf-8")
    return path


def csv_with_long_cell(path: Path, length: int = 20_000) -> Path:
    """A cell past the importers' own cell limit but within the csv module's."""
    path.write_text(",".join(HEADER) + "\n" + "B0001,书,2019-03-04,09:00,期刊阅览室,3,讲座,x,2019-03-04\n"
                    + "B0002," + "长" * length + ",2019-03-04,09:00,期刊阅览室,3,讲座,x,2019-03-04\n",
                    encoding="utf-8")
    return path


def csv_rows(path: Path, rows: int, *, bad: bool = False) -> Path:
    """``rows`` data rows under the common header; ``bad`` makes every one of them wrong
    for every importer (no title, an impossible day and time, an unknown room, a count
    that is no number, an unknown category)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(HEADER) + "\r\n")
        if bad:
            line = "B{n:07d},,2019-13-45,99:99,没有这个阅览室,很多,,没有这个类别,2019-02-30\r\n"
        else:
            line = "B{n:07d},书{n},2019-03-04,09:00,期刊阅览室,3,活动{n},reading_promotion,2019-03-04\r\n"
        for n in range(rows):
            out.write(line.format(n=n))
    return path


def utf16_csv(path: Path, encoding: str = "utf-16") -> Path:
    """What Excel's "Unicode text" writes (``utf-16``: little-endian with a BOM);
    ``utf-16-le``/``utf-16-be`` have no BOM, ``utf-16-be+bom`` a big-endian one,
    ``utf-32`` for good measure."""
    text = ",".join(HEADER) + "\r\n" + "B0001,书,2019-03-04,09:00,期刊阅览室,3,讲座,x,2019-03-04\r\n" * 20
    bom = encoding == "utf-16-be+bom"
    path.write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be") if bom else text.encode(encoding))
    return path


def csv_with_nul(path: Path, row: int, rows: int = 10) -> Path:
    """A good CSV of ``rows`` rows (the header is row 1) with one NUL byte in row ``row``."""
    lines = [",".join(HEADER)]
    for n in range(rows - 1):
        lines.append(f"B{n:05d},书{n},2019-03-04,09:00,期刊阅览室,3,活动{n},reading_promotion,2019-03-04")
    lines[row - 1] = lines[row - 1].replace(",", ",\x00", 1)
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return path


def shared_strings_workbook(path: Path, strings: int) -> Path:
    """A header row whose two cells are shared strings, and ``strings`` more shared strings
    that no cell uses: the table openpyxl reads whole before the first row."""
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData><row r="1">'
             '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row></sheetData></worksheet>').encode()
    plain = workbook_with_sheet(path.with_suffix(".plain.xlsx"), sheet)
    table = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="{strings + 2}" '
             f'uniqueCount="{strings + 2}"><si><t>条码</t></si><si><t>题名</t></si>'
             + "".join(f"<si><t>{i:x}</t></si>" for i in range(strings)) + "</sst>").encode()
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" '
                                                 f'ContentType="{kind}"/></Types>'.encode())
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", f'<Relationship Id="rIdStrings" Type="{relation}" '
                                                         f'Target="sharedStrings.xml"/></Relationships>'.encode())
            dst.writestr(info.filename, data)
        dst.writestr("xl/sharedStrings.xml", table)
    plain.unlink()
    return path
