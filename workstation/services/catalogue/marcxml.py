"""MARCXML (the Library of Congress slim schema) read as a stream with defusedxml: no DTD,
no entities, no external references; one record in memory at a time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from workstation.errors import N_
from workstation.services.catalogue.marc import MAX_RECORDS, MarcField, MarcFileError, MarcRecord

NS = "{http://www.loc.gov/MARC21/slim}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _events(path: Path) -> Iterator[tuple[int, Any]]:
    number = 0
    try:
        for _event, element in iterparse(str(path), events=("end",), forbid_dtd=True, forbid_entities=True,
                                        forbid_external=True):
            if _local(element.tag) == "record":
                number += 1
                if number > MAX_RECORDS:
                    raise MarcFileError(N_("File: more than {n} records; split it."), n=MAX_RECORDS)
                yield number, element
                element.clear()
    except DefusedXmlException:
        raise MarcFileError(N_("Record {record}: the file declares a DTD or entities, which a MARCXML file "
                               "must not; nothing was read."), record=number + 1) from None
    except SyntaxError as err:  # xml.etree.ElementTree.ParseError
        raise MarcFileError(N_("Record {record}: the XML is broken ({problem})."), record=number + 1,
                            problem=str(err)) from None


def _record(element: Any, number: int) -> MarcRecord:
    leader = ""
    fields: list[MarcField] = []
    for child in element:
        name = _local(child.tag)
        if name == "leader":
            leader = (child.text or "").ljust(24)[:24]
        elif name == "controlfield":
            fields.append(MarcField(child.get("tag", ""), None, child.text or ""))
        elif name == "datafield":
            ind = (child.get("ind1", " ") or " ")[:1] + (child.get("ind2", " ") or " ")[:1]
            subs = [((s.get("code") or "?")[:1], s.text or "") for s in child if _local(s.tag) == "subfield"]
            fields.append(MarcField(child.get("tag", ""), ind, subfields=subs))
    for f in fields:
        if len(f.tag) != 3:
            raise MarcFileError(N_("Record {record}: a field without a three-character tag ({tag})."),
                                record=number, tag=f.tag)
    return MarcRecord(leader or " " * 24, fields)


def scan(path: Path) -> tuple[int, str | None]:
    """(number of records, the format of the first record) — refusing a bad file."""
    count = 0
    found: str | None = None
    for number, element in _events(path):
        record = _record(element, number)
        count = number
        if found is None:
            tags = {f.tag for f in record.fields}
            found = "cnmarc" if "200" in tags and "245" not in tags else "marc21" if "245" in tags else None
    if count == 0:
        raise MarcFileError(N_("File: no MARC records in it."))
    return count, found


def records(path: Path) -> Iterator[tuple[int, MarcRecord]]:
    for number, element in _events(path):
        yield number, _record(element, number)
