"""MARC test files made with pymarc: CNMARC and MARC21, in UTF-8, GB18030 and MARC-8."""

from __future__ import annotations

from pathlib import Path

import pymarc
from pymarc import Field, Indicators, Record, Subfield
from pymarc.marc8_mapping import CODESETS

CN_TITLE = "长治市图书馆志"
CN_PINYIN = "chang zhi shi tu shu guan zhi"
CN_RESP = "长治市图书馆编"
CN_OTHER_RESP = "王红主编"


def cnmarc_record(n: int = 1, barcodes: tuple[str, ...] = ("T0000001", "T0000002"), title: str = CN_TITLE,
                  isbn: str = "9787500000013", price: str = "CNY68.00（含光盘）") -> Record:
    record = Record(leader="00000nam0 2200000   450 ", force_utf8=False)
    record.add_field(
        Field(tag="001", data=f"0120{n:08d}"),
        Field(tag="010", indicators=Indicators(" ", " "), subfields=[Subfield("a", isbn), Subfield("d", price)]),
        Field(tag="100", indicators=Indicators(" ", " "),
              subfields=[Subfield("a", "20190301d2019    em y0chiy50      ea")]),
        Field(tag="200", indicators=Indicators("1", " "), subfields=[
            Subfield("a", title), Subfield("9", CN_PINYIN), Subfield("f", CN_RESP), Subfield("g", CN_OTHER_RESP)]),
        Field(tag="210", indicators=Indicators(" ", " "), subfields=[
            Subfield("a", "太原"), Subfield("c", "山西人民出版社"), Subfield("d", "2019")]),
        Field(tag="690", indicators=Indicators(" ", " "), subfields=[Subfield("a", "G259.272.53"),
                                                                     Subfield("v", "5")]),
        Field(tag="701", indicators=Indicators(" ", "0"), subfields=[Subfield("a", "王红"),
                                                                     Subfield("4", "主编")]),
        Field(tag="905", indicators=Indicators(" ", " "), subfields=[
            Subfield("a", "CZLIB"), *(Subfield("b", b) for b in barcodes), Subfield("d", "G259.272.53"),
            Subfield("e", "12")]),
    )
    return record


def marc21_record(n: int = 1, barcodes: tuple[str, ...] = ("M0000001",), title: str = CN_TITLE) -> Record:
    record = Record(leader="00000nam a2200000 a 4500", force_utf8=True)
    record.add_field(
        Field(tag="001", data=f"ocm{n:08d}"),
        Field(tag="020", indicators=Indicators(" ", " "), subfields=[Subfield("a", "9787500000020 (pbk.)"),
                                                                     Subfield("c", "CNY45.00")]),
        Field(tag="084", indicators=Indicators(" ", " "), subfields=[Subfield("a", "K295.23"), Subfield("2", "clc")]),
        Field(tag="100", indicators=Indicators("1", " "), subfields=[Subfield("a", "王红,")]),
        Field(tag="245", indicators=Indicators("1", "0"), subfields=[
            Subfield("a", title + " :"), Subfield("b", "1949-2019 /"), Subfield("c", "王红主编.")]),
        Field(tag="250", indicators=Indicators(" ", " "), subfields=[Subfield("a", "第2版.")]),
        Field(tag="264", indicators=Indicators(" ", "1"), subfields=[
            Subfield("a", "太原 :"), Subfield("b", "山西人民出版社,"), Subfield("c", "2019.")]),
        Field(tag="700", indicators=Indicators("1", " "), subfields=[Subfield("a", "李明,")]),
        *(Field(tag="852", indicators=Indicators(" ", " "), subfields=[
            Subfield("h", "K295.23"), Subfield("i", "7"), Subfield("p", b)]) for b in barcodes),
    )
    return record


def iso2709(record: Record, encoding: str) -> bytes:
    """pymarc's own ``as_marc`` always writes UTF-8 (or Latin-1); this one lays out the
    record with pymarc's fields encoded in ``encoding`` and the leader left as it is."""
    directory = b""
    data = b""
    for f in record.fields:
        chunk = f.as_marc(encoding) if encoding != "marc-8" else _marc8_field(f)
        directory += f"{f.tag}{len(chunk):04d}{len(data):05d}".encode()
        data += chunk
    base = 24 + len(directory) + 1
    length = base + len(data) + 1
    leader = f"{length:05d}{str(record.leader)[5:12]}{base:05d}{str(record.leader)[17:]}"
    return leader.encode() + directory + b"\x1e" + data + b"\x1d"


_EACC = {chr(v[0]): k for k, v in CODESETS[0x31].items()}


def marc8(text: str) -> bytes:
    """MARC-8: ASCII as is, Chinese characters as EACC (ESC $ 1 … ESC ( B)."""
    out = b""
    for ch in text:
        if ord(ch) < 128:
            out += ch.encode()
        else:
            out += b"\x1b$1" + _EACC[ch].to_bytes(3, "big") + b"\x1b(B"
    return out


def _marc8_field(f: Field) -> bytes:
    if f.is_control_field():
        return marc8(f.data or "") + b"\x1e"
    body = "".join(f.indicators or ("", "")).encode()
    for s in f.subfields:
        body += b"\x1f" + s.code.encode() + marc8(s.value)
    return body + b"\x1e"


def write_iso(path: Path, records: list[Record], encoding: str) -> Path:
    path.write_bytes(b"".join(iso2709(r, encoding) for r in records))
    return path


def write_xml(path: Path, records: list[Record]) -> Path:
    writer = pymarc.XMLWriter(path.open("wb"))
    for r in records:
        writer.write(r)
    writer.close()
    return path
