"""MARC import benchmark: ``python -m benchmarks.bench_marc [-n 100000]``.

Writes ``n`` CNMARC records in GB18030 (ISBN, price, title with pinyin, responsibility,
publication, CLC class, a name, and a 905 with one to three copies each), then measures:

* the baseline: pymarc reading the same file bare (``MARCReader`` with the options that read
  GB18030 CNMARC right: ``file_encoding="gb18030"``), every record decoded, nothing kept;
* the service: ``marc_import.import_marc`` into a new SQLite database (the file checked
  whole, every record decoded, mapped, checked, records and items inserted, one audit
  entry, committed).

Printed (last line, JSON): records, items, seconds and records per second of each.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path


def write_file(path: Path, n: int) -> int:
    from workstation.services.catalogue.marc import MarcField, MarcRecord, to_iso2709

    words = ["长治", "上党", "太行", "漳河", "文化", "历史", "民歌", "图书馆", "乡村", "故事", "山西", "研究"]
    copies = 0
    with path.open("wb") as out:
        for k in range(1, n + 1):
            body = f"97875{k % 10_000_000:07d}"
            check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body)) % 10) % 10
            title = words[k % 12] + words[(k // 12) % 12] + words[(k // 144) % 12] + f"（第{k % 9 + 1}卷）"
            barcodes = [f"B{k:08d}{c}" for c in range(1 + k % 3)]
            copies += len(barcodes)
            record = MarcRecord("00000nam0 2200000   450 ", [
                MarcField("001", None, f"0120{k:08d}"),
                MarcField("010", "  ", subfields=[("a", body + str(check)), ("d", f"CNY{20 + k % 80}.00")]),
                MarcField("100", "  ", subfields=[("a", "20190301d2019    em y0chiy0110    ea")]),
                MarcField("200", "1 ", subfields=[("a", title), ("9", "chang zhi"), ("f", f"王{words[k % 12]}著")]),
                MarcField("210", "  ", subfields=[("a", "太原"), ("c", "山西人民出版社"), ("d", str(1990 + k % 30))]),
                MarcField("215", "  ", subfields=[("a", f"{100 + k % 400}页"), ("d", "21cm")]),
                MarcField("690", "  ", subfields=[("a", "K295.23"), ("v", "5")]),
                MarcField("701", " 0", subfields=[("a", f"王{words[k % 12]}"), ("4", "著")]),
                MarcField("905", "  ", subfields=[("a", "CZLIB"), *(("b", b) for b in barcodes),
                                                  ("d", "K295.23"), ("e", str(k % 900))]),
            ])
            out.write(to_iso2709(record, "gb18030", "cnmarc"))
    return copies


def bare(path: Path) -> tuple[int, float]:
    import pymarc

    t0 = time.perf_counter()
    n = 0
    with path.open("rb") as f:
        for record in pymarc.MARCReader(f, to_unicode=True, force_utf8=False, file_encoding="gb18030"):
            assert record is not None
            n += 1
    return n, time.perf_counter() - t0


def service(path: Path, folder: Path) -> tuple[int, int, float]:
    from workstation.db import open_database
    from workstation.services.admin import staff as staff_service
    from workstation.services.catalogue import marc_import
    from workstation.services.context import Actor

    db = open_database(f"sqlite:///{folder / 'marc.sqlite3'}")
    with db.begin() as s:
        admin = staff_service.create_first_admin(s, "bench", "基准测试", "bench-pass-1")
        actor = Actor.of(admin, "bench")
    t0 = time.perf_counter()
    with db.begin() as s:
        result = marc_import.import_marc(s, actor, path)
    seconds = time.perf_counter() - t0
    db.dispose()
    return result.records_added, result.items_added, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    path = folder / "cnmarc.iso"
    copies = write_file(path, args.n)
    read, bare_s = bare(path)
    records, items, service_s = service(path, folder)
    assert read == records == args.n and items == copies, (read, records, items, copies)
    print(json.dumps({"records": records, "items": items, "file_mb": round(path.stat().st_size / 2**20, 1),
                      "bare_s": bare_s, "service_s": service_s, "bare_records_per_s": read / bare_s,
                      "service_records_per_s": records / service_s}), flush=True)


if __name__ == "__main__":
    main()
