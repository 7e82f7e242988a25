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

``neutralise`` makes text safe to write into an exported spreadsheet or CSV: a cell that
starts like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) gets a leading
apostrophe, so Excel and LibreOffice show it as text instead of running it.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from workstation.errors import N_, ValidationError

MAX_FILE_BYTES = 50 * 1024 * 1024  # what a desk imports is far smaller
MAX_ZIP_ENTRIES = 2_000
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024  # all parts of the workbook together
MAX_RATIO = 200  # XML compresses well, but not a thousandfold
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
    if b"\x00" in head:
        return "binary"
    return "text"


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


def load_checked_workbook(path: Path | str, *, data_only: bool = True) -> Any:
    """``check_xlsx`` then openpyxl (read-only); the importers iterate the first sheet."""
    from openpyxl import load_workbook

    path = Path(path)
    check_xlsx(path)
    try:
        return load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
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
