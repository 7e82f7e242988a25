"""Child of test_crash. ``checkouts``: lend items one after another, each in its own
transaction, and after each commit append "loan_id barcode" to a side file (unbuffered,
so a SIGKILL loses nothing acknowledged). ``workbook``: write the yearly workbook to the
same target again and again. Runs until killed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sqlalchemy import select


def checkouts(url: str, username: str, point: str, side: str, readers_text: str, barcodes_text: str) -> None:
    from workstation.db import open_database
    from workstation.models import Staff
    from workstation.services import retry
    from workstation.services.circulation import loans
    from workstation.services.context import Actor

    db = open_database(url, upgrade=False)
    with db.begin() as s:
        actor = Actor.of(s.scalars(select(Staff).where(Staff.username == username)).one(), "crash-ws")
    actor = actor.at(int(point))
    readers = [int(r) for r in readers_text.split(",")]
    fd = os.open(side, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    print("ready", flush=True)
    for n, barcode in enumerate(barcodes_text.split(",")):
        reader = readers[n // 4]  # four loans per reader: under every loan limit
        result = retry.run(db, lambda s, r=reader, b=barcode: loans.checkout(s, actor, r, b))
        os.write(fd, f"{result.line.loan_id} {barcode}\n".encode())  # acknowledged
    print("finished", flush=True)


def workbook(target: str) -> None:
    from tests.reports.test_workbook import sample
    from workstation.reports.workbook import write_workbook

    data = sample()
    write_workbook(data, Path(target))
    print("ready", flush=True)
    while True:
        write_workbook(data, Path(target))


if __name__ == "__main__":
    if sys.argv[1] == "checkouts":
        checkouts(*sys.argv[2:8])
    else:
        workbook(sys.argv[2])
