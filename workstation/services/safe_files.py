"""Opening files people bring to the desk without trusting them.

Every importer passes its file through ``check_import_file`` before parsing it:

- the type is sniffed from the first bytes, not taken from the name (a PDF or a picture
  renamed to ``.xlsx`` or ``.csv`` is refused by what it is);
- an XLSX (a zip) is measured before openpyxl opens it: the number of entries and their
  total uncompressed size are read from the zip's directory, and each compression ratio
  is bounded, so a small file that inflates to gigabytes (a zip bomb) is refused unread;
- the XML parts are streamed once, within that budget, and refused if they declare a
  DOCTYPE or entities (the "billion laughs" payload) or if a sheet holds formulas: an
  import takes values people typed, never a formula's cached result;
- openpyxl itself parses through defusedxml (installed as a dependency), a second line of
  defence.

Then ``text_rows`` and ``xlsx_rows`` hand the importers their rows as a stream, so memory
stays bounded whatever the file holds:

- a CSV is decoded as it is read (UTF-8 with or without BOM, else GB18030), never whole; a
  UTF-16 or UTF-32 file is named as such and a NUL byte is refused naming its row;
- a line, a cell and a row's width are bounded (``MAX_LINE_CHARS``, ``MAX_CELL_CHARS``,
  ``MAX_COLUMNS``), and the file is refused at its first row past the importer's limit,
  naming the row and the limit, before anything after it is read;
- a workbook's rows are the ones its sheet really holds: the declared extent (the
  ``<dimension>`` tag, which openpyxl's read-only mode trusts to pad every row and to
  invent empty rows) is ignored, columns past ``MAX_COLUMNS`` are not read, and a cell
  with data past the row limit ends the reading with a refusal.

``neutralise`` makes text safe to write into an exported spreadsheet or CSV: a cell that
starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading
apostrophe, so Excel and LibreOffice show it as text instead of running it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from workstation.errors import N_, ValidationError, WorkstationError

MAX_FILE_BYTES = 50 * 1024 * 1024  # what a desk imports is far smaller
MAX_ZIP_ENTRIES = 2_000
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024  # all parts of the workbook together
MAX_RATIO = 200  # XML compresses well, but not a thousandfold
# A workbook's shared strings (every distinct text) are read into memory before the first
# row (``_strings``: about 90 bytes and a few microseconds each, 17 bytes of XML for the
# shortest): 16 MB of them stay within 200 MB and a few seconds. A catalogue of 70,000
# items has some 14 MB; a larger workbook: split it, or save it as CSV.
MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
MAX_LINE_CHARS = 100_000  # one line of a CSV; a row of a desk's table is a few hundred
MAX_CELL_CHARS = 10_000  # one cell: a title, a note, an activity's chronicle text
MAX_COLUMNS = 100  # columns read from a row; the formats have at most a dozen
EXCEL_MAX_ROW = 1_048_576
_CHUNK = 1 << 20

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Excel 97-2003 (.xls)"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7-Zip"),
    (b"\x1f\x8b", "gzip"),
    (b"MZ", "program (.exe)"),
    (b"\x7fELF", "program"),
)
_ZIP = b"PK\x03\x04"
_CONTROL_BYTES = bytes([*range(0, 9), 0x0B, *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# a formula element in a worksheet: <f>, <f ...>, or with a namespace prefix <x:f>
_FORMULA = re.compile(rb"<(?:[A-Za-z0-9_]+:)?f[\s>/]")
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")

XLSX_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


def _refuse(template: str, **params: Any) -> ValidationError:
    return ValidationError("file", template, **params)


def sniff(path: Path) -> str:
    """What the file is by its first bytes: ``"xlsx"`` (a zip), ``"text"``, or the name
    of another format (``"PDF"``...). Raises ``ValidationError`` if it cannot be read."""
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise _refuse(N_("File: {name} cannot be read ({reason})."), name=path.name,
                      reason=exc.strerror or str(exc)) from None
    if head.startswith(_ZIP):
        return "xlsx"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    wide = _wide_encoding(head)
    if wide is not None:
        return wide
    # a few stray NUL bytes in text are named by row when the text is read (text_rows);
    # more of them, or other control bytes (which UTF-8 and GBK text never has), make a
    # binary file
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head.count(b"\x00") > 8 or controls > max(8, len(head) // 100):
        return "binary"
    return "text"


def _wide_encoding(head: bytes) -> str | None:
    """``"UTF-16"``/``"UTF-32"`` for text saved in them ("Unicode text" in Excel and
    Notepad): by the byte-order mark, or by the NUL byte beside every ASCII character."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    sample = head[: len(head) - len(head) % 4]
    if len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    quads = len(sample) // 4
    if max(sample[1::4].count(0), sample[2::4].count(0)) == quads and \
            (sample[0::4].count(0) == quads or sample[3::4].count(0) == quads):
        return "UTF-32"
    if max(even_nul, odd_nul) >= pairs * 0.6 and min(even_nul, odd_nul) <= pairs * 0.1:
        return "UTF-16"
    return None


def check_import_file(path: Path | str, *, formulas_checked_by_caller: bool = False) -> str:
    """Refuse a file that is missing, too large, not what its name says, or hostile.
    Returns ``"xlsx"`` or ``"text"`` for the importer to parse. An importer that reads
    formulas itself (``data_only=False``) and refuses them row by row may say so; all
    others get the whole file refused at the first formula."""
    path = Path(path)
    if not path.is_file():
        raise _refuse(N_("File: {name} does not exist."), name=str(path))
    size = path.stat().st_size
    if size == 0:
        raise _refuse(N_("File: {name} is empty."), name=path.name)
    if size > MAX_FILE_BYTES:
        raise _refuse(N_("File: {name} is larger than {mb} MB; split it."), name=path.name,
                      mb=MAX_FILE_BYTES // (1024 * 1024))
    suffix = path.suffix.lower()
    kind = sniff(path)
    if suffix in XLSX_SUFFIXES:
        if kind != "xlsx":
            raise _refuse(N_("File: {name} is named like an Excel workbook but is a {kind} file; "
                             "save the table as .xlsx or .csv and import that."), name=path.name,
                          kind=_kind_label(kind))
        check_xlsx(path, refuse_formulas=not formulas_checked_by_caller)
        return "xlsx"
    if suffix in TEXT_SUFFIXES:
        if kind in ("UTF-16", "UTF-32"):
            raise _refuse(N_("File: {name} is {encoding} text (\"Unicode text\"); save it as CSV in UTF-8 or GBK "
                             "(in Excel: Save As, \"CSV UTF-8\") and import that."), name=path.name,
                          encoding=kind)
        if kind != "text":
            raise _refuse(N_("File: {name} is named like a CSV table but is a {kind} file; "
                             "save the table as .xlsx or .csv and import that."), name=path.name,
                          kind=_kind_label(kind))
        return "text"
    raise _refuse(N_("File: import a .csv or .xlsx file, not {name}."), name=path.name)


def _kind_label(kind: str) -> str:
    return {"xlsx": "zip", "text": "text", "binary": "binary"}.get(kind, kind)


def check_xlsx(path: Path, *, refuse_formulas: bool = True) -> None:
    """Measure the zip, then stream its XML parts once looking for DTDs and formulas."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(N_("File: {name} is not an Excel .xlsx workbook ({reason})."), name=path.name,
                      reason=str(exc)) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _refuse(N_("File: {name} has {n} parts inside; an Excel table has far fewer. "
                             "Refused as unsafe."), name=path.name, n=len(infos))
        total = sum(info.file_size for info in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(N_("File: {name} would unpack to {mb} MB; refused as unsafe (a \"zip bomb\")."),
                          name=path.name, mb=total // (1024 * 1024))
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _refuse(N_("File: {name} would unpack to {mb} MB; refused as unsafe (a \"zip bomb\")."),
                              name=path.name, mb=total // (1024 * 1024))
        names = {info.filename for info in infos}
        strings = next((i for i in infos if i.filename.lower() == "xl/sharedstrings.xml"), None)
        if strings is not None and strings.file_size > MAX_SHARED_STRINGS_BYTES:
            raise _refuse(N_("File: {name} holds {mb} MB of text; at most {limit} MB can be imported at once. "
                             "Split the table."), name=path.name, mb=strings.file_size // (1024 * 1024),
                          limit=MAX_SHARED_STRINGS_BYTES // (1024 * 1024))
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise _refuse(N_("File: {name} is a zip archive but not an Excel .xlsx workbook."), name=path.name)
        for info in infos:
            if info.is_dir() or not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            _scan_part(archive, info, path.name, refuse_formulas)


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, refuse_formulas: bool) -> None:
    is_sheet = refuse_formulas and bool(_WORKSHEET.match(info.filename))
    read = 0
    tail = b""
    try:
        with archive.open(info) as part:
            while True:
                chunk = part.read(_CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                if read > info.file_size or read > MAX_UNCOMPRESSED_BYTES:  # a lying directory entry
                    raise _refuse(N_("File: {name} would unpack to {mb} MB; refused as unsafe (a \"zip bomb\")."),
                                  name=name, mb=read // (1024 * 1024))
                window = tail + chunk
                if _DOCTYPE.search(window):
                    raise _refuse(N_("File: {name} contains XML entity declarations, which a workbook saved by "
                                     "Excel or WPS never has; refused as unsafe."), name=name)
                if is_sheet and _FORMULA.search(window):
                    raise _refuse(N_("File: {name} contains formulas; copy the table and paste values only "
                                     "(Paste Special, Values), save, and import again."), name=name)
                tail = chunk[-32:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _refuse(N_("File: {name} is not an Excel .xlsx workbook ({reason})."), name=name,
                      reason=str(exc)) from None


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _strings(source: Any) -> list[str]:
    """The shared-string table, as openpyxl's own reader gives it (the plain text of each
    ``<si>``: its ``<t>`` or its runs' ``<t>``, phonetic runs left out), read with the
    standard library's parser and each entry dropped once read: openpyxl's reader keeps
    every element and spends 20-50 microseconds on each, 10 minutes and 1 GB for a 50 MB
    file of short texts. ``check_xlsx`` has refused DTDs and entities in every part first."""
    import xml.etree.ElementTree as ET  # the part was scanned (check_xlsx): no DTD, no entities

    si, t, run = f"{_MAIN_NS}si", f"{_MAIN_NS}t", f"{_MAIN_NS}r"
    strings: list[str] = []
    root = None
    for event, element in ET.iterparse(source, events=("start", "end")):
        if root is None:
            root = element
        if event != "end" or element.tag != si:
            continue
        parts = []
        for child in element:
            if child.tag == t:
                parts.append(child.text or "")
            elif child.tag == run:
                parts.extend(sub.text or "" for sub in child if sub.tag == t)
        strings.append("".join(parts).replace("x005F_", ""))
        root.clear()  # the entries read so far: nothing of them is kept but their text
    return strings


def load_checked_workbook(path: Path | str, *, data_only: bool = True, checked: bool = False) -> Any:
    """``check_xlsx`` (unless the caller did: ``checked``) then openpyxl (read-only), its
    shared strings read by ``_strings``."""
    from openpyxl.reader.excel import ExcelReader

    class Reader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            from openpyxl.xml.constants import SHARED_STRINGS

            found = self.package.find(SHARED_STRINGS)
            if found is not None:
                with self.archive.open(found.PartName[1:]) as source:
                    self.shared_strings = _strings(source)

    path = Path(path)
    if not checked:
        check_xlsx(path)
    try:
        reader = Reader(path, read_only=True, data_only=data_only)
        reader.read()
        return reader.wb
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _refuse(N_("File: {name} is not an Excel .xlsx workbook ({reason})."), name=path.name,
                      reason=str(exc)) from None


# -- reading rows as a stream -------------------------------------------------------------

def _past_limit(number: int, max_rows: int) -> ValidationError:
    return _refuse(N_("File: row {row} is past the limit of {n} rows per import; split the file."),
                   row=number, n=max_rows)


def text_encoding(path: Path) -> str:
    """``"utf-8-sig"`` if the whole file is UTF-8 (with or without BOM), else ``"gb18030"``
    (what Excel writes on a Chinese Windows as "CSV"). Decoded chunk by chunk, never whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


class _LineTooLong(Exception):
    pass


class _BadCharacter(Exception):
    pass


def _bounded_lines(handle: io.TextIOBase, undecodable: bool) -> Iterator[str]:
    """The lines, each checked whole (cheaper than cell by cell) for length, NUL and, if
    ``undecodable``, the replacement character that stands for bytes not in the encoding."""
    while True:
        line = handle.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        if len(line) > MAX_LINE_CHARS:
            raise _LineTooLong
        if "\x00" in line or (undecodable and "\ufffd" in line):
            raise _BadCharacter("\x00" if "\x00" in line else "\ufffd")
        yield line


def text_rows(path: Path | str, *, max_rows: int, delimiter: str | None = None,
              utf8_only: bool = False) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of a CSV file checked by ``check_import_file``, read as a
    stream. Row 1 is the first row (the header); empty rows are skipped. Refuses, naming
    the row: a line longer than ``MAX_LINE_CHARS``, a cell longer than ``MAX_CELL_CHARS``
    (or the csv module's own limit), a NUL byte, and the first non-empty row past
    ``max_rows`` data rows. ``delimiter=None`` takes a tab if the first line has more tabs
    than commas. ``utf8_only`` refuses a file in another encoding."""
    path = Path(path)
    encoding = text_encoding(path)
    if utf8_only and encoding != "utf-8-sig":
        raise _refuse(N_("File: {name} is not UTF-8 text; save the CSV as UTF-8."), name=path.name)
    number = 0
    try:
        # bytes that are not GB18030 either become U+FFFD, refused below with their row (a
        # strict decoder would fail a whole chunk ahead, before the row is known)
        with path.open(encoding=encoding, errors="replace", newline="") as handle:
            lines = _bounded_lines(handle, encoding != "utf-8-sig")
            if delimiter is None:
                first = next(lines, "")
                delimiter = "\t" if first.count("\t") > first.count(",") else ","
                lines = _chain_first(first, lines)
            reader = csv.reader(lines, delimiter=delimiter)
            for number, row in enumerate(reader, start=1):
                if len(row) > MAX_COLUMNS:
                    del row[MAX_COLUMNS:]
                if not any(row):
                    continue
                longest = max(map(len, row))
                if longest > MAX_CELL_CHARS:
                    raise _refuse(N_("File: row {row} has a cell of {length} characters; at most {limit} are "
                                     "allowed. Is this the right file?"), row=number, length=longest,
                                  limit=MAX_CELL_CHARS)
                if number > max_rows + 1:
                    raise _past_limit(number, max_rows)
                yield number, row
    except _BadCharacter as bad:
        if str(bad) == "\x00":
            raise _refuse(N_("File: row {row} contains a NUL character (a zero byte), which a table saved as CSV "
                             "never has; check that row, or save the file again as CSV in UTF-8 or GBK."),
                          row=number + 1) from None
        raise _refuse(N_("File: row {row} cannot be read as UTF-8 or GBK text; save the table again as CSV in "
                         "UTF-8 or GBK."), row=number + 1) from None
    except _LineTooLong:
        raise _refuse(N_("File: row {row} is longer than {limit} characters; a table's row is far shorter. "
                         "Is this the right file?"), row=number + 1, limit=MAX_LINE_CHARS) from None
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _refuse(N_("File: row {row} has a cell longer than {limit} characters; a table's cell is "
                             "far shorter. Is this the right file?"), row=number + 1,
                          limit=csv.field_size_limit()) from None
        raise _refuse(N_("File: row {row} cannot be read as CSV ({reason})."), row=number + 1,
                      reason=str(exc)) from None


def _chain_first(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


def _is_formula(value: Any) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or \
        (value is not None and not isinstance(value, (str, int, float, bool)) and
         type(value).__name__ in ("ArrayFormula", "DataTableFormula"))


def xlsx_rows(path: Path | str, *, max_rows: int, data_only: bool = True) -> Iterator[tuple[int, list[Any]]]:
    """(row number, values) of the first sheet of a workbook checked by ``check_xlsx``, as
    a stream; row numbers are the sheet's. Trailing empty cells are dropped and empty rows
    skipped. The sheet's declared extent is ignored: only the rows it really holds are
    read, columns past ``MAX_COLUMNS`` are not, and the first row with data past
    ``max_rows`` data rows is refused. With ``data_only=False`` a formula cell comes as
    its formula (text starting with ``=``) for the caller to refuse."""
    with table_rows(path, "xlsx", max_rows=max_rows, data_only=data_only) as rows:
        yield from rows()


@contextlib.contextmanager
def table_rows(path: Path | str, kind: str, *, max_rows: int, delimiter: str | None = None,
               utf8_only: bool = False, data_only: bool = True
               ) -> Iterator[Callable[[], Iterator[tuple[int, list[Any]]]]]:
    """A function giving the rows of a checked file (``kind`` as ``check_import_file``
    said) as ``text_rows`` or ``xlsx_rows`` do, as often as called: an importer reads the
    file once to refuse it early, then again to import. A workbook is opened (its shared
    strings read) once for all the readings."""
    path = Path(path)
    if kind == "text":
        yield lambda: _text_rows_any(path, max_rows, delimiter, utf8_only)
        return
    book = load_checked_workbook(path, data_only=data_only, checked=True)
    try:
        yield lambda: _sheet_rows(book, path, max_rows, data_only)
    finally:
        book.close()


def _text_rows_any(path: Path, max_rows: int, delimiter: str | None,
                   utf8_only: bool) -> Iterator[tuple[int, list[Any]]]:
    for number, row in text_rows(path, max_rows=max_rows, delimiter=delimiter, utf8_only=utf8_only):
        yield number, list(row)


def _sheet_rows(book: Any, path: Path, max_rows: int, data_only: bool) -> Iterator[tuple[int, list[Any]]]:
    try:
        if not book.worksheets:
            raise _refuse(N_("File: {name} has no worksheet."), name=path.name)
        sheet = book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # the <dimension> tag may claim A1:XFD1048576 for one cell
        for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if number > EXCEL_MAX_ROW:
                raise _refuse(N_("File: {name} claims rows past Excel's last row; it was not saved by Excel "
                                 "or WPS. Refused as unsafe."), name=path.name)
            if row.count(None) == len(row):
                continue
            values = list(row)
            while values and (values[-1] is None or values[-1] == ""):
                values.pop()
            if not values:
                continue
            if number > max_rows + 1:
                raise _past_limit(number, max_rows)
            for value in values:
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    raise _refuse(N_("File: row {row} has a cell of {length} characters; at most {limit} are "
                                     "allowed. Is this the right file?"), row=number, length=len(value),
                                  limit=MAX_CELL_CHARS)
            if not data_only:
                # array and data-table formulas come as objects: mark them like any formula
                values = ["=" if _is_formula(value) and not isinstance(value, str) else value for value in values]
            yield number, values
    except WorkstationError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged sheet
        raise _refuse(N_("File: {name} is not an Excel .xlsx workbook ({reason})."), name=path.name,
                      reason=str(exc)) from None


# What a spreadsheet may take for the start of a formula (with the full-width forms an input
# method types): the one list for every file the program writes.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula, made plain text; other values as given."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
