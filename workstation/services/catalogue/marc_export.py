"""Exporting the catalogue as MARC: each record's kept MARC (when it came in the format
asked for) with the holdings as they are now, or a record made from the extracted fields
(records that came from items or in the other format).

ISO 2709 in UTF-8 or GB18030 (CNMARC only: MARC21 has no GB18030 leader), or MARCXML
when the file's name ends in ``.xml``. The file is written aside and renamed, so a failed
export leaves no half file.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from workstation import timeutil
from workstation.errors import N_, ValidationError
from workstation.models import Role
from workstation.models.catalogue import BibRecord
from workstation.models.circulation import Item, ItemStatus
from workstation.services import audit
from workstation.services.catalogue import marc, records
from workstation.services.catalogue.marc import MarcField, MarcRecord
from workstation.services.context import Actor, require_role

CHUNK = 1_000
EXPORT_FORMATS = ("cnmarc", "marc21")
EXPORT_ENCODINGS = ("utf-8", "gb18030")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    records: int
    items: int


def _holdings(fmt: str, copies: list[tuple[str, str]], call_number: str) -> list[MarcField]:
    """Copies (barcode, call number) as CNMARC 905 (one per call number, $b per copy) or
    MARC21 852 (one per copy); a record without copies keeps its call number."""
    fields: list[MarcField] = []
    if fmt == "cnmarc":
        by_call: dict[str, list[str]] = defaultdict(list)
        for barcode, call in copies:
            by_call[call].append(barcode)
        if not copies and call_number:
            by_call[call_number] = []
        for call, barcodes in by_call.items():
            cls, _, rest = call.partition("/")
            subs = [("b", b) for b in barcodes]
            subs += [(c, v) for c, v in (("d", cls), ("e", rest)) if v]
            fields.append(MarcField("905", "  ", subfields=subs))
    else:
        for barcode, call in copies:
            cls, _, rest = call.partition("/")
            subs = [(c, v) for c, v in (("h", cls), ("i", rest)) if v] + [("p", barcode)]
            fields.append(MarcField("852", "  ", subfields=subs))
        if not copies and call_number:
            cls, _, rest = call_number.partition("/")
            fields.append(MarcField("852", "  ", subfields=[(c, v) for c, v in (("h", cls), ("i", rest)) if v]))
    return fields


def _built(record: BibRecord, fmt: str) -> MarcRecord:
    """A record made from the extracted fields alone."""
    def f(tag: str, ind: str, *subs: tuple[str, str]) -> MarcField | None:
        kept = [(c, v) for c, v in subs if v]
        return MarcField(tag, ind, subfields=kept) if kept else None

    price = record.price_text or (f"CNY{record.price}" if record.price is not None else "")
    if fmt == "cnmarc":
        leader = "00000nam0 2200000   450 "
        fields = [f("010", "  ", ("a", record.isbn or ""), ("d", price)),
                  f("200", "1 ", ("a", record.title), ("9", record.pinyin), ("f", record.responsibility)),
                  f("210", "  ", ("a", record.place), ("c", record.publisher), ("d", record.pub_year)),
                  f("690", "  ", ("a", record.clc_class))]
    else:
        leader = "00000nam a2200000 a 4500"
        fields = [f("020", "  ", ("a", record.isbn or ""), ("c", price)),
                  f("084", "  ", ("a", record.clc_class), ("2", "clc" if record.clc_class else "")),
                  f("245", "10", ("a", record.title), ("c", record.responsibility)),
                  f("264", " 1", ("a", record.place), ("b", record.publisher), ("c", record.pub_year))]
    control = [MarcField("001", None, record.control_number)] if record.control_number else []
    return MarcRecord(leader, control + [x for x in fields if x is not None])


def _records(session: Session, since: dt.date | None) -> Iterator[list[BibRecord]]:
    query = select(BibRecord).order_by(BibRecord.id)
    if since is not None:
        start = timeutil.local_midnight(since)
        changed = select(Item.record_id).where(Item.created_at >= start, Item.record_id.is_not(None))
        query = query.where(or_(BibRecord.updated_at >= start, BibRecord.id.in_(changed)))
    last = 0
    while True:
        chunk = list(session.scalars(query.where(BibRecord.id > last).limit(CHUNK)))
        if not chunk:
            return
        yield chunk
        last = chunk[-1].id


def _xml(record: MarcRecord) -> str:
    parts = [f"<record><leader>{escape(record.leader)}</leader>"]
    for f in record.fields:
        if f.ind is None:
            parts.append(f"<controlfield tag={quoteattr(f.tag)}>{escape(f.data)}</controlfield>")
        else:
            subs = "".join(f"<subfield code={quoteattr(c)}>{escape(v)}</subfield>" for c, v in f.subfields)
            parts.append(f"<datafield tag={quoteattr(f.tag)} ind1={quoteattr(f.ind[0])} "
                         f"ind2={quoteattr(f.ind[1])}>{subs}</datafield>")
    return "".join(parts) + "</record>\n"


def export_marc(session: Session, actor: Actor, out: Path | str, *, fmt: str = "cnmarc", encoding: str = "utf-8",
                since: dt.date | None = None, progress: Callable[[int, int], None] | None = None) -> ExportResult:
    require_role(actor, Role.DESK)
    fmt, encoding = (fmt or "cnmarc").lower(), (encoding or "utf-8").lower().replace("gbk", "gb18030")
    if fmt not in EXPORT_FORMATS:
        raise ValidationError("format", N_("Format: choose cnmarc or marc21."))
    if encoding not in EXPORT_ENCODINGS:
        raise ValidationError("encoding", N_("Encoding: choose utf-8 or gb18030."))
    out = Path(out)
    xml = out.suffix.lower() == ".xml"
    if encoding == "gb18030" and (fmt == "marc21" or xml):
        raise ValidationError("encoding", N_("Encoding: GB18030 is for CNMARC in ISO 2709; MARC21 and MARCXML "
                                             "are written in UTF-8."))
    if not out.parent.is_dir():
        raise ValidationError("out", N_("File: the folder {folder} does not exist."), folder=str(out.parent))
    made = records.attach_orphans(session)  # items catalogued without a record get theirs first
    total = session.scalar(select(func.count()).select_from(BibRecord)) or 0
    part = out.with_name(out.name + ".part")
    written = items = 0
    try:
        with part.open("wb") as handle:
            if xml:
                handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n'
                             b'<collection xmlns="http://www.loc.gov/MARC21/slim">\n')
            for chunk in _records(session, since):
                copies: dict[int | None, list[tuple[str, str]]] = defaultdict(list)
                rows = session.execute(select(Item.record_id, Item.barcode, Item.call_number)
                                       .where(Item.record_id.in_([r.id for r in chunk]),
                                              Item.status != ItemStatus.WITHDRAWN)
                                       .order_by(Item.id))
                for rid, barcode, call in rows:
                    copies[rid].append((barcode, call))
                for record in chunk:
                    kept = record.marc is not None and record.marc_format is not None \
                        and record.marc_format.value == fmt
                    built = MarcRecord.from_json(record.marc) if kept and record.marc else _built(record, fmt)
                    built.fields = [f for f in built.fields if f.tag not in marc.HOLDINGS_TAGS[fmt]]
                    built.fields += _holdings(fmt, copies.get(record.id, []), record.call_number)
                    items += len(copies.get(record.id, []))
                    handle.write(_xml(built).encode("utf-8") if xml else marc.to_iso2709(built, encoding, fmt))
                    written += 1
                if progress is not None:
                    progress(written, total)
            if xml:
                handle.write(b"</collection>\n")
        part.replace(out)
    finally:
        part.unlink(missing_ok=True)
    audit.record(session, actor, "export", "bib_record", None,
                 {"file": out.name, "format": fmt, "encoding": encoding, "records": written, "items": items,
                  "records_made_for_items": made,
                  "since": since.isoformat() if since else None})
    return ExportResult(out, written, items)
