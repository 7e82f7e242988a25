"""One desk in its own process: ``n`` mixed operations (lend, return, renew) on shared items,
each in its own transaction through ``retry.run``. Prints, as JSON, what was acknowledged:
the loans made, the loans returned and the renewals made, and the refusals by kind.

Any exception that is not a ``WorkstationError`` ends the process with a trace (the test
fails): that would be a crash at the desk."""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter

from sqlalchemy import select

from workstation.db import open_database
from workstation.errors import DatabaseUnavailable, WorkstationError
from workstation.models import Staff
from workstation.services import retry
from workstation.services.circulation import loans
from workstation.services.context import Actor


def main() -> None:
    url, username, point, seed, count, readers_text, barcodes_text, start_at = sys.argv[1:9]
    db = open_database(url, upgrade=False)
    with db.begin() as s:
        actor = Actor.of(s.scalars(select(Staff).where(Staff.username == username)).one(), f"ws-{username}")
    actor = actor.at(int(point))
    readers = [int(r) for r in readers_text.split(",")]
    barcodes = barcodes_text.split(",")
    rng = random.Random(int(seed))
    lent: list[int] = []
    returned: list[int] = []
    renewed: list[list[int]] = []
    refused: Counter[str] = Counter()
    delay = float(start_at) - time.time()
    if delay > 0:
        time.sleep(delay)  # the four desks start together
    began = time.perf_counter()
    for _ in range(int(count)):
        barcode = rng.choice(barcodes)
        roll = rng.random()
        try:
            if roll < 0.5:
                reader = rng.choice(readers)
                result = retry.run(db, lambda s, r=reader, b=barcode: loans.checkout(s, actor, r, b))
                lent.append(result.line.loan_id)
            elif roll < 0.85:
                back = retry.run(db, lambda s, b=barcode: loans.checkin(s, actor, b))
                returned.append(back.loan_id)
            else:
                renewal = retry.run(db, lambda s, b=barcode: loans.renew_by_barcode(s, actor, b))
                renewed.append([renewal.loan_id, renewal.number])
        except DatabaseUnavailable:
            refused["busy"] += 1
        except WorkstationError as err:
            refused[str(getattr(err, "code", type(err).__name__))] += 1
    seconds = time.perf_counter() - began
    db.dispose()
    print(json.dumps({"lent": lent, "returned": returned, "renewed": renewed, "refused": refused,
                      "seconds": seconds}))


if __name__ == "__main__":
    main()
