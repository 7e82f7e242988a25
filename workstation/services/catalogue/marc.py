"""MARC records: framing, decoding, the CNMARC and MARC21 field maps, and writing.

No database here. A file is read in two passes: ``scan`` frames every ISO 2709 record
(checking the leader, the directory and the terminators against the bytes), decides the
file's format and encoding and refuses a bad file naming the record; ``records`` then
decodes the records one by one. Memory stays bounded by one record (at most 99,999 bytes).

Encodings (see docs/import-formats.md): a file whose records are all valid UTF-8 is
UTF-8; otherwise it is GB18030 (GBK and GB2312 are subsets); a MARC21 record whose
leader/09 is blank is MARC-8 (pymarc's converter), one with ``a`` UTF-8. CNMARC leaves
leader/09 blank, so pymarc's default (MARC-8) would return garbage without an error: the
leader is never trusted for CNMARC.

The kept record is pymarc's JSON (``{"leader": …, "fields": [{"001": …}, {"200": {"ind1":
…, "subfields": [{"a": …}]}}]}``), without the holdings fields, which live in the items.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from pymarc.marc8 import MARC8ToUnicode

from workstation.errors import N_, ValidationError

RECORD_END = 0x1D
FIELD_END = 0x1E
SUBFIELD = 0x1F
MAX_FILE_BYTES = 2_000_000_000
MAX_RECORDS = 1_000_000
ENCODINGS = ("auto", "utf-8", "gb18030", "marc-8")
FORMATS = ("auto", "cnmarc", "marc21")
HOLDINGS_TAGS = {"cnmarc": ("905", "906"), "marc21": ("852", "949")}

# one field: (tag, indicators or None for a control field, data or [(code, value), …])
Subfields = list[tuple[str, str]]


@dataclass
class MarcField:
    tag: str
    ind: str | None  # two indicator characters; None for a control field (001-009)
    data: str = ""
    subfields: Subfields = field(default_factory=list)

    def get(self, code: str) -> str:
        for c, v in self.subfields:
            if c == code:
                return v
        return ""

    def get_all(self, code: str) -> list[str]:
        return [v for c, v in self.subfields if c == code]


@dataclass
class MarcRecord:
    leader: str
    fields: list[MarcField]

    def first(self, tag: str) -> MarcField | None:
        for f in self.fields:
            if f.tag == tag:
                return f
        return None

    def all(self, *tags: str) -> list[MarcField]:
        return [f for f in self.fields if f.tag in tags]

    def as_json(self, without: Sequence[str] = ()) -> str:
        out: list[dict[str, Any]] = []
        for f in self.fields:
            if f.tag in without:
                continue
            if f.ind is None:
                out.append({f.tag: f.data})
            else:
                out.append({f.tag: {"ind1": f.ind[0], "ind2": f.ind[1],
                                    "subfields": [{c: v} for c, v in f.subfields]}})
        return json.dumps({"leader": self.leader, "fields": out}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> MarcRecord:
        data = json.loads(text)
        fields = []
        for entry in data["fields"]:
            ((tag, value),) = entry.items()
            if isinstance(value, str):
                fields.append(MarcField(tag, None, value))
            else:
                fields.append(MarcField(tag, value["ind1"] + value["ind2"],
                                        subfields=[next(iter(s.items())) for s in value["subfields"]]))
        return cls(data["leader"], fields)


class MarcFileError(ValidationError):
    """A file that is not MARC, or a record that is broken: names the record."""

    def __init__(self, template: str, /, **params: Any) -> None:
        super().__init__("file", template, **params)


@dataclass(frozen=True)
class Frame:
    number: int  # 1-based, as a person counts records
    offset: int
    raw: bytes


@dataclass
class FileInfo:
    kind: str  # "iso2709" or "marcxml"
    format: str  # cnmarc or marc21
    encoding: str  # utf-8, gb18030, marc-8 (or "utf-8" for MARCXML)
    records: int


# -- ISO 2709 framing ---------------------------------------------------------------------

def _frames(handle: BinaryIO, check: bool = True) -> Iterator[Frame]:
    number = 0
    offset = 0
    while True:
        head = handle.read(24)
        # records may be separated by line ends (some exporters write one record per line)
        while head[:1] in (b"\r", b"\n", b" ") and head:
            skip = len(head) - len(head.lstrip(b"\r\n "))
            offset += skip
            head = head[skip:] + handle.read(skip)
        if not head:
            return
        number += 1
        if number > MAX_RECORDS:
            raise MarcFileError(N_("File: more than {n} records; split it."), n=MAX_RECORDS)
        if len(head) < 24:
            raise MarcFileError(N_("Record {record}: the file ends inside its leader (truncated)."),
                                record=number)
        if not head[:5].isdigit():
            raise MarcFileError(N_("Record {record}: the leader does not start with a record length; "
                                   "is this an ISO 2709 (.iso/.mrc) file?"), record=number)
        length = int(head[:5])
        if length < 26:
            raise MarcFileError(N_("Record {record}: the leader gives a length of {length}, too short."),
                                record=number, length=length)
        body = handle.read(length - 24)
        raw = head + body
        if len(raw) < length:
            raise MarcFileError(N_("Record {record}: the file ends {missing} bytes before the end the leader "
                                   "gives (truncated)."), record=number, missing=length - len(raw))
        if raw[-1] != RECORD_END:
            raise MarcFileError(N_("Record {record}: no record terminator where its leader says it ends "
                                   "(the leader's length is wrong)."), record=number)
        if check:
            _check_structure(raw, number)
        yield Frame(number, offset, raw)
        offset += length


def _check_structure(raw: bytes, number: int) -> None:
    base = raw[12:17]
    if not base.isdigit():
        raise MarcFileError(N_("Record {record}: the leader's base address is not a number."), record=number)
    start = int(base)
    if start < 25 or start > len(raw) - 1 or raw[start - 1] != FIELD_END:
        raise MarcFileError(N_("Record {record}: the leader's base address does not point past the directory."),
                            record=number)
    directory = raw[24:start - 1]
    if len(directory) % 12:
        raise MarcFileError(N_("Record {record}: its directory is not made of 12-byte entries."), record=number)
    data_length = len(raw) - start - 1
    for i in range(0, len(directory), 12):
        entry = directory[i:i + 12]
        if not entry[3:].isdigit():
            raise MarcFileError(N_("Record {record}: directory entry {tag} is not numeric."),
                                record=number, tag=entry[:3].decode("ascii", "replace"))
        flen, fstart = int(entry[3:7]), int(entry[7:12])
        if flen < 1 or fstart + flen > data_length:
            raise MarcFileError(N_("Record {record}: field {tag} points past the end of the record."),
                                record=number, tag=entry[:3].decode("ascii", "replace"))


def _fields_raw(raw: bytes) -> Iterator[tuple[str, bytes]]:
    start = int(raw[12:17])
    directory = raw[24:start - 1]
    for i in range(0, len(directory), 12):
        entry = directory[i:i + 12]
        flen, fstart = int(entry[3:7]), int(entry[7:12])
        chunk = raw[start + fstart:start + fstart + flen]
        if chunk.endswith(b"\x1e"):
            chunk = chunk[:-1]
        yield entry[:3].decode("ascii", "replace"), chunk


# -- encoding and format ------------------------------------------------------------------

def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_gb18030(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def record_format(raw: bytes) -> str | None:
    tags = {tag for tag, _ in _fields_raw(raw)}
    if "200" in tags and "245" not in tags:
        return "cnmarc"
    if "245" in tags:
        return "marc21"
    return None


@dataclass
class _Sniff:
    utf8: int = 0  # first record with non-ASCII valid UTF-8
    other: int = 0  # first record with non-ASCII bytes that are not UTF-8
    format: str | None = None
    marc8: bool = False


def scan(path: Path, fmt: str = "auto", encoding: str = "auto") -> FileInfo:
    """Frame and check every record of an ISO 2709 or MARCXML file; decide format and
    encoding. Raises ``MarcFileError`` naming the first bad record; nothing is kept."""
    fmt, encoding = _checked_options(fmt, encoding)
    size = path.stat().st_size
    if size == 0:
        raise MarcFileError(N_("File: it is empty."))
    if size > MAX_FILE_BYTES:
        raise MarcFileError(N_("File: larger than 2 GB; split it."))
    with path.open("rb") as handle:
        head = handle.read(512).lstrip(b"\xef\xbb\xbf \r\n\t")
    if head.startswith(b"<"):
        from workstation.services.catalogue import marcxml

        count, found = marcxml.scan(path)
        return FileInfo("marcxml", _decide_format(fmt, found, 1), "utf-8", count)
    sniff = _Sniff()
    count = 0
    with path.open("rb") as handle:
        for frame in _frames(handle):
            count = frame.number
            raw = frame.raw
            if sniff.format is None:
                sniff.format = record_format(raw)
            if raw[9:10] == b" ":
                sniff.marc8 = True
            if raw.isascii():
                continue
            if _is_utf8(raw):
                sniff.utf8 = sniff.utf8 or frame.number
            else:
                if encoding in ("auto", "gb18030") and not _is_gb18030(raw):
                    raise MarcFileError(N_("Record {record}: its text is neither UTF-8 nor GB18030."),
                                        record=frame.number)
                sniff.other = sniff.other or frame.number
            if sniff.utf8 and sniff.other and encoding == "auto":
                raise MarcFileError(N_("Record {record}: its encoding differs from record {first}'s "
                                       "(UTF-8 and GB18030 mixed in one file)."),
                                    record=max(sniff.utf8, sniff.other), first=min(sniff.utf8, sniff.other))
    if count == 0:
        raise MarcFileError(N_("File: no MARC records in it."))
    chosen = _decide_format(fmt, sniff.format, 1)
    if encoding == "auto":
        if chosen == "marc21" and sniff.marc8 and not sniff.utf8:
            encoding = "marc-8"
        else:
            encoding = "gb18030" if sniff.other else "utf-8"
    elif encoding == "utf-8" and sniff.other:
        raise MarcFileError(N_("Record {record}: not valid UTF-8, but UTF-8 was chosen."), record=sniff.other)
    return FileInfo("iso2709", chosen, encoding, count)


def _checked_options(fmt: str, encoding: str) -> tuple[str, str]:
    fmt = (fmt or "auto").lower()
    encoding = (encoding or "auto").lower().replace("_", "-")
    encoding = {"utf8": "utf-8", "gbk": "gb18030", "gb2312": "gb18030", "marc8": "marc-8"}.get(encoding, encoding)
    if fmt not in FORMATS:
        raise ValidationError("format", N_("Format: choose auto, cnmarc or marc21."))
    if encoding not in ENCODINGS:
        raise ValidationError("encoding", N_("Encoding: choose auto, utf-8, gb18030 or marc-8."))
    return fmt, encoding


def _decide_format(fmt: str, found: str | None, record: int) -> str:
    if fmt != "auto":
        return fmt
    if found is None:
        raise MarcFileError(N_("Record {record}: neither a CNMARC title (200) nor a MARC21 one (245); "
                               "choose the format."), record=record)
    return found


# -- decoding -----------------------------------------------------------------------------

class _Decoder:
    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.marc8 = MARC8ToUnicode(quiet=True) if encoding == "marc-8" else None

    def __call__(self, data: bytes, leader9: str) -> str:
        if self.marc8 is not None and leader9 != "a":
            return str(self.marc8.translate(data))  # type: ignore[no-untyped-call]
        enc = "utf-8" if self.marc8 is not None else self.encoding
        return data.decode(enc)


def decode(raw: bytes, number: int, decoder: _Decoder) -> MarcRecord:
    try:
        leader = raw[:24].decode("ascii")
    except UnicodeDecodeError:
        raise MarcFileError(N_("Record {record}: its leader is not ASCII."), record=number) from None
    fields: list[MarcField] = []
    tag = "leader"
    whole = decoder.marc8 is None or leader[9] == "a"
    text = "utf-8" if decoder.marc8 is not None else decoder.encoding
    try:
        for tag, chunk in _fields_raw(raw):
            if tag < "010" and tag.isdigit():
                fields.append(MarcField(tag, None, decoder(chunk, leader[9])))
                continue
            ind = chunk[:2].decode("ascii", "replace").ljust(2)
            if whole:
                # 0x1F is never part of a multi-byte UTF-8 or GB18030 character: decode the
                # field once, then split it into subfields
                parts = chunk[2:].decode(text).split("\x1f")[1:]
                subs: Subfields = [(part[0], part[1:]) for part in parts if part]
            else:
                subs = [(chr(part[0]) if part[0] < 128 else "?", decoder(part[1:], leader[9]))
                        for part in chunk[2:].split(b"\x1f")[1:] if part]
            fields.append(MarcField(tag, ind, subfields=subs))
    except (UnicodeDecodeError, ValueError, IndexError):
        raise MarcFileError(N_("Record {record}: field {tag} cannot be decoded in the file's encoding."),
                            record=number, tag=tag) from None
    return MarcRecord(leader, fields)


def records(path: Path, info: FileInfo) -> Iterator[tuple[int, MarcRecord]]:
    """(record number, record) for a file ``scan`` accepted."""
    if info.kind == "marcxml":
        from workstation.services.catalogue import marcxml

        yield from marcxml.records(path)
        return
    decoder = _Decoder(info.encoding)
    with path.open("rb") as handle:
        # the structure was checked by ``scan``; a file changed since fails in ``decode``
        for frame in _frames(handle, check=False):
            yield frame.number, decode(frame.raw, frame.number, decoder)


# -- the field maps -----------------------------------------------------------------------

@dataclass
class Copy:
    barcode: str
    call_number: str


@dataclass
class Extracted:
    control_number: str = ""
    title: str = ""
    responsibility: str = ""
    isbn: str = ""  # as written; checked by the importer
    price_text: str = ""
    price: Decimal | None = None
    publisher: str = ""
    place: str = ""
    pub_year: str = ""
    edition: str = ""
    clc_class: str = ""
    call_number: str = ""
    pinyin: str = ""
    names: list[str] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)


_PRICE = re.compile(r"(\d+(?:\.\d{1,2})?)")
_TRAILING = " /:;,=."


def parse_price(text: str) -> Decimal | None:
    """The amount in a price as catalogues write it: CNY79.00, ￥120.00, RMB25.00,
    CNY68.00（含光盘）, 精装17.20, 0.17. None when there is none."""
    match = _PRICE.search(text.replace(",", "").replace("，", ""))
    if match is None:
        return None
    try:
        return Decimal(match.group(1)).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
        return None


def _clean(value: str) -> str:
    return value.strip().rstrip(_TRAILING).strip()


def extract(record: MarcRecord, fmt: str) -> Extracted:
    return _extract_cnmarc(record) if fmt == "cnmarc" else _extract_marc21(record)


def _control(record: MarcRecord) -> str:
    f = record.first("001")
    return f.data.strip() if f is not None else ""


def _extract_cnmarc(record: MarcRecord) -> Extracted:
    out = Extracted(control_number=_control(record))
    if (f := record.first("010")) is not None:
        out.isbn = f.get("a").strip()
        out.price_text = f.get("d").strip()
        out.price = parse_price(out.price_text)
    if (f := record.first("200")) is not None:
        out.title = _clean(f.get("a"))
        out.responsibility = "; ".join(v.strip() for v in f.get_all("f") + f.get_all("g") if v.strip())
        out.pinyin = f.get("9").strip()
    if (f := record.first("205")) is not None:
        out.edition = f.get("a").strip()
    if (f := record.first("210")) is not None:
        out.place, out.publisher, out.pub_year = _clean(f.get("a")), _clean(f.get("c")), _clean(f.get("d"))
    if (f := record.first("690")) is not None:
        out.clc_class = f.get("a").strip()
    out.names = [f.get("a").strip() for f in record.all("701", "702", "711", "712") if f.get("a").strip()]
    if not out.responsibility and out.names:
        out.responsibility = "; ".join(out.names)
    for f in record.all("905"):
        call = "/".join(p for p in (f.get("d").strip(), f.get("e").strip()) if p)
        if call and not out.call_number:
            out.call_number = call
        out.copies += [Copy(b.strip(), call) for b in f.get_all("b") if b.strip()]
    if not out.clc_class and out.call_number:
        out.clc_class = out.call_number.split("/")[0]
    return out


def _extract_marc21(record: MarcRecord) -> Extracted:
    out = Extracted(control_number=_control(record))
    if (f := record.first("020")) is not None:
        out.isbn = f.get("a").strip().split(" ")[0]
        out.price_text = f.get("c").strip()
        out.price = parse_price(out.price_text)
    if (f := record.first("245")) is not None:
        out.title = _clean(" ".join(v.strip() for v in (f.get("a"), _clean(f.get("b"))) if v.strip()))
        out.responsibility = _clean(f.get("c"))
    if (f := record.first("250")) is not None:
        out.edition = _clean(f.get("a"))
    if (f := record.first("264") or record.first("260")) is not None:
        out.place, out.publisher, out.pub_year = _clean(f.get("a")), _clean(f.get("b")), _clean(f.get("c"))
    for f in record.all("084"):
        if f.get("2").strip().lower() == "clc" and f.get("a").strip():
            out.clc_class = f.get("a").strip()
            break
    if not out.clc_class and (f := record.first("093")) is not None:
        out.clc_class = f.get("a").strip()
    out.names = [_clean(f.get("a")) for f in record.all("100", "700") if f.get("a").strip()]
    if not out.responsibility and out.names:
        out.responsibility = "; ".join(out.names)
    for f in record.all("852"):
        call = "/".join(p for p in (f.get("h").strip(), f.get("i").strip()) if p)
        out.call_number = out.call_number or call
        out.copies += [Copy(b.strip(), call) for b in f.get_all("p") if b.strip()]
    for f in record.all("949"):
        call = f.get("a").strip()
        out.call_number = out.call_number or call
        out.copies += [Copy(b.strip(), call) for b in f.get_all("i") if b.strip()]
    if not out.clc_class and out.call_number:
        out.clc_class = out.call_number.split("/")[0]
    return out


# -- writing ------------------------------------------------------------------------------

def to_iso2709(record: MarcRecord, encoding: str, fmt: str) -> bytes:
    """One record in ISO 2709, its directory counting bytes in ``encoding`` (utf-8 or
    gb18030). MARC21 in UTF-8 gets leader/09 ``a``; CNMARC keeps it blank."""
    enc = "gb18030" if encoding == "gb18030" else "utf-8"
    directory = bytearray()
    data = bytearray()
    for f in record.fields:
        if f.ind is None:
            chunk = f.data.encode(enc) + b"\x1e"
        else:
            chunk = (f.ind.ljust(2)[:2].encode("ascii", "replace")
                     + b"".join(b"\x1f" + c.encode("ascii", "replace")[:1] + v.encode(enc) for c, v in f.subfields)
                     + b"\x1e")
        if len(chunk) > 9999:
            raise ValidationError("file", N_("Export: field {tag} of record {control} is longer than ISO 2709 "
                                             "allows."), tag=f.tag, control=_control(record))
        directory += f"{f.tag[:3]:>03}{len(chunk):04d}{len(data):05d}".encode("ascii")
        data += chunk
    base = 24 + len(directory) + 1
    length = base + len(data) + 1
    if length > 99999:
        raise ValidationError("file", N_("Export: record {control} is longer than ISO 2709 allows."),
                              control=_control(record))
    leader = list(record.leader.ljust(24)[:24])
    leader[9] = "a" if fmt == "marc21" else " "
    leader[10:12] = ["2", "2"]
    leader[20:24] = list("4500")
    leader_text = f"{length:05d}" + "".join(leader[5:12]) + f"{base:05d}" + "".join(leader[17:24])
    return leader_text.encode("ascii", "replace") + bytes(directory) + b"\x1e" + bytes(data) + b"\x1d"
