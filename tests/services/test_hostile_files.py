"""Hostile files: formulas, a billion-laughs entity payload, zip bombs (one honest about its
size, one whose directory lies), the wrong sheet, the wrong columns, a renamed PDF.

Each file goes to all three importers (catalogue, reading rooms, outreach) in a child
process; every import must be refused with a clear message, within 5 s, and the child's
peak memory (``resource.getrusage``) must stay under 300 MB. Nothing may be written.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from tests import paths
from tests.conftest import make_staff
from workstation.db import Database
from workstation.models import AuditEntry, Role
from workstation.models.circulation import Item
from workstation.services import safe_files

ROOT = paths.ROOT
LAUNCHER = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"
LIMIT_SECONDS = 5.0
LIMIT_MB = 300


def _workbook(path: Path, rows: list[list[object]], *, first_sheet: str | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    if first_sheet is not None:
        ws.title = first_sheet
        ws.append(["本表说明：数据在下一个工作表"])
        ws = wb.create_sheet("数据")
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _replace_part(source: Path, target: Path, part: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == part else src.read(info.filename))
    return target


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
          + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
          + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')


def _zip_bomb(path: Path, *, gigabytes: float, lie: bool) -> Path:
    """A real xlsx skeleton plus a sheet of zeros inflating to ``gigabytes``; built from one
    repeated full-flushed deflate block, so it takes a second, not a minute. With ``lie``
    the zip's directory claims the sheet is 10 kB."""
    chunk = b"\0" * (1 << 24)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    repeats = int(gigabytes * (1 << 30)) // len(chunk) + 1
    tail = comp.flush()
    size = repeats * len(chunk)
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    data_len = repeats * len(block) + len(tail)
    declared = 10_000 if lie else size
    skeleton = path.with_suffix(".skeleton.xlsx")
    _workbook(skeleton, [["条码", "题名"]])
    with zipfile.ZipFile(skeleton) as src:
        parts = [(i.filename, src.read(i.filename)) for i in src.infolist() if i.filename != "xl/worksheets/sheet1.xml"]
    skeleton.unlink()
    central = b""
    with path.open("wb") as out:
        def entry(name: bytes, method: int, crc_: int, csize: int, usize: int, write_data: object) -> None:
            nonlocal central
            offset = out.tell()
            out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc_, csize, usize, len(name), 0))
            out.write(name)
            write_data()  # type: ignore[operator]
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc_, csize, usize,
                                   len(name), 0, 0, 0, 0, 0, offset) + name
        for name, content in parts:
            entry(name.encode(), 0, zlib.crc32(content), len(content), len(content),
                  lambda content=content: out.write(content))

        def bomb_data() -> None:
            for _ in range(repeats):
                out.write(block)
            out.write(tail)
        entry(b"xl/worksheets/sheet1.xml", 8, crc, data_len, declared, bomb_data)
        start = out.tell()
        out.write(central)
        count = len(parts) + 1
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0))
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("hostile")
    files: dict[str, Path] = {}
    files["formulas"] = _workbook(d / "formulas.xlsx", [
        ["条码", "题名", "日期", "时间", "阅览室", "人数", "活动名称", "类别", "开始日期"],
        ["B0001", "=HYPERLINK(\"http://example.invalid\",\"点我\")", "2019-03-04", "09:00", "期刊阅览室",
         "=1+1", "=cmd|' /C calc'!A0", "culture_lecture", "2019-03-04"],
    ])
    plain = _workbook(d / "plain.xlsx", [["条码", "题名"], ["B0001", "书"]])
    files["billion_laughs"] = _replace_part(plain, d / "laughs.xlsx", "xl/worksheets/sheet1.xml", LAUGHS)
    files["zip_bomb"] = _zip_bomb(d / "bomb.xlsx", gigabytes=1.1, lie=False)
    files["zip_bomb_lying"] = _zip_bomb(d / "bomb-lying.xlsx", gigabytes=1.1, lie=True)
    files["wrong_sheet"] = _workbook(d / "wrong-sheet.xlsx", [
        ["条码", "题名", "日期", "时间", "阅览室", "人数", "活动名称", "类别", "开始日期"]], first_sheet="说明")
    files["wrong_columns"] = _workbook(d / "wrong-columns.xlsx",
                                       [["姓名", "电话", "备注"], ["张三", "13800000000", ""]])
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n" \
          b"trailer<</Root 1 0 R>>\n%%EOF\n"
    (d / "report.xlsx").write_bytes(pdf)
    (d / "report.csv").write_bytes(pdf)
    files["renamed_pdf"] = d / "report.xlsx"
    files["renamed_pdf_csv"] = d / "report.csv"
    return files


def _counts(db: Database) -> tuple[int, int]:
    with db.begin() as s:
        return (s.scalar(select(func.count()).select_from(Item)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


EXPECT = {  # a word each refusal must contain, so the message says what is wrong
    "formulas": "formula",
    "billion_laughs": "entity",
    "zip_bomb": "zip bomb",
    "zip_bomb_lying": "",
    "wrong_sheet": "column",
    "wrong_columns": "column",
    "renamed_pdf": "PDF",
    "renamed_pdf_csv": "PDF",
}


@pytest.mark.parametrize("kind", list(EXPECT))
def test_hostile_file_is_refused_quickly_in_little_memory(kind: str, hostile: dict[str, Path],
                                                           sqlite_db: Database) -> None:
    make_staff(sqlite_db, "root", Role.ADMIN)
    make_staff(sqlite_db, "desk1", Role.DESK)
    before = _counts(sqlite_db)
    path = hostile[kind]
    start = time.perf_counter()
    # Linux carries a process's peak memory across fork and exec: a child forked straight
    # from this (large) test process would report the test process's size. A small
    # launcher forks the importing process instead, so its getrusage peak is its own.
    child = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, "-m", "tests.services._hostile_child",
                            sqlite_db.url, "desk1", str(path)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    wall = time.perf_counter() - start
    assert child.returncode == 0, child.stderr[-3000:]
    report = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"\n{kind}: {path.stat().st_size} bytes, child peak {report['maxrss_mb']:.0f} MB "
          f"(after imports {report['baseline_mb']:.0f} MB, VmHWM {report['vmhwm_mb']:.0f} MB), wall {wall:.1f} s")
    for importer in ("catalogue", "reading", "outreach"):
        outcome = report[importer]
        print(f"  {importer}: {outcome['seconds']:.2f} s — {outcome.get('error')}")
        assert outcome["ok"] is False, f"{importer} accepted {kind}"
        assert outcome["error"].strip()
        if kind == "formulas" and importer == "reading":
            assert "formula" in outcome["error"] or outcome["type"] == "ImportRejected"
        else:
            assert EXPECT[kind].lower() in outcome["error"].lower(), outcome["error"]
        assert outcome["seconds"] < LIMIT_SECONDS
    assert report["maxrss_mb"] < LIMIT_MB and report["vmhwm_mb"] < LIMIT_MB
    assert _counts(sqlite_db) == before


def test_openpyxl_parses_through_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_entities_are_refused_even_past_our_scan(tmp_path: Path) -> None:
    """Second line of defence: openpyxl itself (through defusedxml) refuses the payload."""
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    plain = _workbook(tmp_path / "plain.xlsx", [["a"]])
    laughs = _replace_part(plain, tmp_path / "laughs.xlsx", "xl/worksheets/sheet1.xml", LAUGHS)
    with pytest.raises(ValueError, match="Unable to read workbook") as err:
        load_workbook(laughs, read_only=True)
    assert isinstance(err.value.__cause__, DefusedXmlException)


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+1", "-2+3", "@SUM(1)", "\t=1", "\r=1", "＝1"])
def test_formula_like_text_is_neutralised(text: str) -> None:
    assert safe_files.neutralise(text) == "'" + text
    assert safe_files.neutralise("张三") == "张三"
    assert safe_files.neutralise(12) == 12


# -- issue 23: large and hostile files under the size limit, each importer on its own -------

@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.services import _hostile_imports as make

    d = tmp_path_factory.mktemp("large")
    return {
        "long_line": make.csv_with_long_line(d / "long-line.csv"),  # one line of 45 MB
        "wide_row": make.csv_with_wide_row(d / "wide-row.csv", cells=20_000_000),  # 20 M empty cells
        "long_field": make.csv_with_long_quoted_field(d / "long-field.csv", length=10_000_000),
        "bad_rows": make.csv_rows(d / "bad-rows.csv", 200_000, bad=True),  # 200,000 rows, all wrong
        "over_limit": make.csv_rows(d / "over-limit.csv", 400_000),  # twice the largest row limit
        "far_cell": make.far_cell_only(d / "far-cell.xlsx"),  # the 1.7 kB workbook of the issue
        "far_columns": make.far_columns_on_every_row(d / "far-columns.xlsx", rows=20_000),
        "far_data": make.header_then_far_data(d / "far-data.xlsx"),
    }


def _child(db: Database, path: Path, importer: str) -> tuple[dict[str, object], float]:
    start = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, "-m", "tests.services._hostile_child",
                            db.url, "desk1", str(path), importer],
                           cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    wall = time.perf_counter() - start
    assert child.returncode == 0, child.stderr[-3000:]
    return json.loads(child.stdout.strip().splitlines()[-1]), wall


@pytest.mark.parametrize("importer", ["catalogue", "reading", "outreach"])
@pytest.mark.parametrize("kind", ["long_line", "wide_row", "long_field", "bad_rows", "over_limit", "far_cell",
                                  "far_columns", "far_data"])
def test_large_hostile_file_is_answered_quickly_in_little_memory(kind: str, importer: str, large: dict[str, Path],
                                                                 sqlite_db: Database) -> None:
    make_staff(sqlite_db, "root", Role.ADMIN)
    make_staff(sqlite_db, "desk1", Role.DESK)
    path = large[kind]
    assert path.stat().st_size < safe_files.MAX_FILE_BYTES
    before = _counts(sqlite_db)
    report, wall = _child(sqlite_db, path, importer)
    outcome = report[importer]
    assert isinstance(outcome, dict)
    print(f"\n{kind} ({path.stat().st_size / 1e6:.1f} MB) {importer}: {outcome['seconds']:.2f} s, "
          f"peak {report['maxrss_mb']:.0f} MB (VmHWM {report['vmhwm_mb']:.0f} MB), wall {wall:.1f} s — "
          f"{outcome.get('error', 'accepted')}")
    # every one of these files is refused, with a message
    assert outcome["ok"] is False and str(outcome["error"]).strip()
    assert outcome["seconds"] < LIMIT_SECONDS
    assert report["maxrss_mb"] < LIMIT_MB and report["vmhwm_mb"] < LIMIT_MB  # type: ignore[operator]
    assert _counts(sqlite_db) == before


def test_a_workbook_of_too_many_texts_is_refused_unread(sqlite_db: Database, tmp_path: Path) -> None:
    """Every shared string is read before the first row: past 16 MB of them the workbook is
    refused from its zip directory, in milliseconds."""
    from tests.services import _hostile_imports as make

    make_staff(sqlite_db, "root", Role.ADMIN)
    make_staff(sqlite_db, "desk1", Role.DESK)
    path = make.shared_strings_workbook(tmp_path / "texts.xlsx", 1_300_000)  # about 28 MB of them
    for importer in ("catalogue", "reading", "outreach"):
        report, _wall = _child(sqlite_db, path, importer)
        outcome = report[importer]
        assert isinstance(outcome, dict) and outcome["ok"] is False
        assert "MB of text" in str(outcome["error"]) and "at most 16 MB" in str(outcome["error"])
        assert outcome["seconds"] < 1.0


def test_a_workbook_of_texts_just_under_the_limit_stays_in_bounds(sqlite_db: Database, tmp_path: Path) -> None:
    """Near the largest shared-string table accepted (400,000 short texts, the most strings
    per megabyte): within 300 MB, and read within the time limit."""
    from tests.services import _hostile_imports as make

    make_staff(sqlite_db, "root", Role.ADMIN)
    make_staff(sqlite_db, "desk1", Role.DESK)
    path = make.shared_strings_workbook(tmp_path / "texts.xlsx", 400_000)  # about 8.5 MB of them
    report, wall = _child(sqlite_db, path, "catalogue")
    outcome = report["catalogue"]
    assert isinstance(outcome, dict)
    print(f"\nshared strings 400,000 ({path.stat().st_size / 1e6:.1f} MB) catalogue: {outcome['seconds']:.2f} s, "
          f"peak {report['maxrss_mb']:.0f} MB, wall {wall:.1f} s — {outcome.get('error', 'accepted')}")
    assert outcome["ok"] is True  # the header alone: a preview of no rows
    assert outcome["seconds"] < LIMIT_SECONDS
    assert report["maxrss_mb"] < LIMIT_MB and report["vmhwm_mb"] < LIMIT_MB  # type: ignore[operator]
