"""A sync killed halfway: replays events until ``half`` are done, says so, and waits to be killed."""

from __future__ import annotations

import sys
import time

from workstation.db import open_database
from workstation.models import Staff
from workstation.services.bookmobile import sync
from workstation.services.context import Actor


def main(url: str, staff_id: int, point: int, path: str, half: int) -> None:
    db = open_database(url)
    with db.begin() as s:
        staff = s.get(Staff, staff_id)
        assert staff is not None
        actor = Actor.of(staff, "child", point)

    def progress(step: int, _steps: int, _label: str = "") -> None:
        if step == half:
            print("HALF", flush=True)
            time.sleep(120)

    sync.sync_trip(db, actor, path, progress=progress)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]))
