"""``workstation bookmobile prepare|sync`` as a user runs them."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import run
from tests.conftest import TEST_PASSWORD
from tests.services.bookmobile.trips import library, road, soon
from workstation.db import Database


def test_prepare_then_sync_from_the_command_line(sqlite_db: Database, tmp_path: Path) -> None:
    lib = library(sqlite_db)
    out = tmp_path / "trip.sqlite3"
    missing = run("--db", sqlite_db.url, "bookmobile", "prepare", "--vehicle", "no such van", "--out", str(out),
                  "--user", "desk1", "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert missing.returncode == 2 and "no such van" in missing.stderr and not out.exists()
    made = run("--db", sqlite_db.url, "bookmobile", "prepare", "--vehicle", str(lib.vehicles[0]), "--out", str(out),
               "--user", "desk1", "--password-stdin", stdin=TEST_PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert "10 读者 readers" in made.stdout and "YD" in made.stdout
    on = road(lib, out, soon(60))
    on.desk.scan(lib.readers[0])
    on.desk.scan(lib.items[0])
    on.close()
    synced = run("--db", sqlite_db.url, "bookmobile", "sync", str(out), "--user", "desk1", "--password-stdin",
                 stdin=TEST_PASSWORD + "\n")
    assert synced.returncode == 0, synced.stderr
    assert "uploaded 1 = 已处理 applied 1" in synced.stdout
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"x" * 4096)
    refused = run("--db", sqlite_db.url, "bookmobile", "sync", str(junk), "--user", "desk1", "--password-stdin",
                  stdin=TEST_PASSWORD + "\n")
    assert refused.returncode == 2 and "junk.sqlite3" in refused.stderr
