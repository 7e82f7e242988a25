"""``workstation import marc`` and ``workstation export marc``, run as a user would."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from tests.cli.test_cli import run
from tests.services.catalogue.marc_data import cnmarc_record, write_iso
from workstation.db import open_database
from workstation.models.catalogue import BibRecord
from workstation.models.circulation import Item

PASSWORDS = "Admin-pass-1\n"


def _setup(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    first = run("--db", url, "user", "add", "--username", "admin", "--name", "管理员", "--password-stdin",
                stdin=PASSWORDS)
    assert first.returncode == 0, first.stderr
    return url


def test_import_then_export_marc(tmp_path: Path) -> None:
    url = _setup(tmp_path)
    source = write_iso(tmp_path / "in.iso", [cnmarc_record(1), cnmarc_record(2, ("T0000003",), title="上党民歌",
                                                                            isbn="")], "gb18030")
    preview = run("--db", url, "import", "marc", str(source), "--preview", "--user", "admin", "--password-stdin",
                  stdin=PASSWORDS)
    assert preview.returncode == 0, preview.stderr
    assert "cnmarc" in preview.stdout and "gb18030" in preview.stdout and "长治市图书馆志" in preview.stdout
    done = run("--db", url, "import", "marc", str(source), "--encoding", "gb18030", "--user", "admin",
               "--password-stdin", stdin=PASSWORDS)
    assert done.returncode == 0, done.stderr
    assert "2 条新书目" in done.stdout and "3 册" in done.stdout
    out = tmp_path / "out.iso"
    exported = run("--db", url, "export", "marc", "--out", str(out), "--format", "cnmarc", "--encoding", "gb18030",
                   "--since", "2000-01-01", "--user", "admin", "--password-stdin", stdin=PASSWORDS)
    assert exported.returncode == 0, exported.stderr
    assert "2 条书目" in exported.stdout and "上党民歌".encode("gb18030") in out.read_bytes()
    db = open_database(url)
    try:
        with db.begin() as s:
            assert sorted(s.scalars(select(BibRecord.title))) == ["上党民歌", "长治市图书馆志"]
            assert len(list(s.scalars(select(Item.id)))) == 3
    finally:
        db.dispose()


def test_refused_import_writes_the_problem_list(tmp_path: Path) -> None:
    url = _setup(tmp_path)
    no_title = cnmarc_record(2, ("T0000002",))
    no_title.remove_fields("200")
    source = write_iso(tmp_path / "bad.iso", [cnmarc_record(1, ("T0000001",)), no_title], "utf-8")
    problems = tmp_path / "problems.xlsx"
    refused = run("--db", url, "import", "marc", str(source), "--problems", str(problems), "--user", "admin",
                  "--password-stdin", stdin=PASSWORDS)
    assert refused.returncode == 2
    assert "记录 record 2 [200]" in refused.stderr
    rows = [[c.value for c in row] for row in load_workbook(problems).active.iter_rows(min_row=2)]
    assert len(rows) == 1 and rows[0][:2] == [2, "200"] and rows[0][3] == "是 yes"
    truncated = tmp_path / "cut.iso"
    truncated.write_bytes(source.read_bytes()[:-40])
    cut = run("--db", url, "import", "marc", str(truncated), "--user", "admin", "--password-stdin", stdin=PASSWORDS)
    assert cut.returncode == 2 and ("记录 2" in cut.stderr or "Record 2" in cut.stderr), cut.stderr


def test_import_readers_then_loans(tmp_path: Path) -> None:
    from tests import paths

    url = _setup(tmp_path)
    examples = paths.EXAMPLES / "catalogue"
    marc = run("--db", url, "import", "marc", str(examples / "cnmarc-gb18030.iso"), "--user", "admin",
               "--password-stdin", stdin=PASSWORDS)
    assert marc.returncode == 0, marc.stderr
    readers = run("--db", url, "import", "readers", str(examples / "readers-gbk.csv"), "--desk", "综合借阅处",
                  "--report", str(tmp_path / "readers.xlsx"), "--user", "admin", "--password-stdin", stdin=PASSWORDS)
    assert readers.returncode == 0, readers.stderr
    assert "3 / 3" in readers.stdout and (tmp_path / "readers.xlsx").exists()
    loans = run("--db", url, "import", "loans", str(examples / "loans.csv"), "--desk", "综合借阅处", "--user",
                "admin", "--password-stdin", stdin=PASSWORDS)
    assert loans.returncode == 0, loans.stderr
    again = run("--db", url, "import", "loans", str(examples / "loans.csv"), "--desk", "综合借阅处", "--user",
                "admin", "--password-stdin", stdin=PASSWORDS)
    assert again.returncode == 2 and "EX0011" in again.stderr
