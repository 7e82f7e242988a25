"""Bad MARC files: each refused naming the record, within 5 s and 300 MB, nothing written.

Each import runs in a child process (as in tests/services/test_hostile_files.py) so that
its peak memory is its own."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests import paths
from tests.conftest import make_staff
from tests.services.catalogue.marc_data import cnmarc_record, iso2709, write_xml
from workstation.db import Database
from workstation.models import AuditEntry, Role
from workstation.models.catalogue import BibRecord
from workstation.models.circulation import Item

LAUNCHER = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"
LIMIT_SECONDS = 5.0
LIMIT_MB = 300


def _three(encoding: str = "utf-8") -> list[bytes]:
    return [iso2709(cnmarc_record(i, (f"T{i:07d}",), title=f"书{i}", isbn=""), encoding) for i in (1, 2, 3)]


def truncated(path: Path) -> Path:
    a, b, c = _three()
    path.write_bytes(a + b + c[: len(c) // 2])
    return path


def wrong_leader_length(path: Path) -> Path:
    a, b, c = _three()
    b = f"{len(b) - 7:05d}".encode() + b[5:]
    path.write_bytes(a + b + c)
    return path


def directory_past_end(path: Path) -> Path:
    a, b, c = _three()
    base = int(b[12:17])
    directory = bytearray(b[24:base - 1])
    for i in range(0, len(directory), 12):
        if directory[i:i + 3] == b"200":
            directory[i + 7:i + 12] = b"99990"
    path.write_bytes(a + b[:24] + bytes(directory) + b[base - 1:] + c)
    return path


def mixed_encodings(path: Path) -> Path:
    a, _, _ = _three("utf-8")
    _, b, c = _three("gb18030")
    path.write_bytes(a + b + c)
    return path


def garbage(path: Path) -> Path:
    rng = random.Random(24)  # the same 100 MB every run
    with path.open("wb") as f:
        f.write(b"\x93")  # not a digit, not "<": the leader of record 1 is what is wrong
        for _ in range(100):
            f.write(rng.randbytes(1 << 20))
    return path


def entity_bomb(path: Path) -> Path:
    good = write_xml(path.with_suffix(".good.xml"), [cnmarc_record()]).read_text(encoding="utf-8")
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?><!DOCTYPE collection [<!ENTITY lol0 "lol">{lol}]>'
    body = good.split("?>", 1)[1].replace("长治市图书馆志", "&lol9;")
    path.write_text(bomb + body, encoding="utf-8")
    return path


BAD = {  # file maker, suffix, what the refusal must say
    "truncated": (truncated, ".iso", "Record 3: the file ends"),
    "wrong_leader_length": (wrong_leader_length, ".iso", "Record 2: no record terminator"),
    "directory_past_end": (directory_past_end, ".iso", "Record 2: field 200 points past the end"),
    "mixed_encodings": (mixed_encodings, ".iso", "Record 2: its encoding differs from record 1"),
    "garbage_100mb": (garbage, ".mrc", "Record 1: the leader does not start with a record length"),
    "entity_bomb": (entity_bomb, ".xml", "Record 1: the file declares a DTD or entities"),
}


def _counts(db: Database) -> tuple[int, int, int]:
    with db.begin() as s:
        return (s.scalar(select(func.count()).select_from(BibRecord)) or 0,
                s.scalar(select(func.count()).select_from(Item)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


@pytest.mark.parametrize("kind", list(BAD))
def test_bad_marc_file_is_refused_naming_the_record(kind: str, sqlite_db: Database, tmp_path: Path) -> None:
    make_staff(sqlite_db, "desk1", Role.DESK)
    make, suffix, expected = BAD[kind]
    path = make(tmp_path / f"{kind}{suffix}")
    before = _counts(sqlite_db)
    start = time.perf_counter()
    child = subprocess.run([sys.executable, "-c", LAUNCHER, sys.executable, "-m", "tests.services._hostile_child",
                            sqlite_db.url, "desk1", str(path), "marc"],
                           cwd=paths.ROOT, capture_output=True, text=True, timeout=120, check=False)
    wall = time.perf_counter() - start
    assert child.returncode == 0, child.stderr[-3000:]
    report = json.loads(child.stdout.strip().splitlines()[-1])
    outcome = report["marc"]
    print(f"\n{kind}: {path.stat().st_size} bytes, {outcome['seconds']:.2f} s, peak {report['maxrss_mb']:.0f} MB, "
          f"wall {wall:.1f} s — {outcome.get('error')}")
    assert outcome["ok"] is False
    assert expected in outcome["error"]
    assert outcome["seconds"] < LIMIT_SECONDS
    assert report["maxrss_mb"] < LIMIT_MB and report["vmhwm_mb"] < LIMIT_MB
    assert _counts(sqlite_db) == before
