"""Child process of test_hostile_files: import one file with each importer (or only the one
named after the file) and report, as JSON on stdout, each importer's refusal message and
time, and the process's peak memory."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from sqlalchemy import select

from workstation.db import open_database
from workstation.errors import WorkstationError
from workstation.models import Staff
from workstation.services.catalogue import marc_import
from workstation.services.circulation import catalogue_import
from workstation.services.context import Actor
from workstation.services.outreach import importer as outreach_import
from workstation.services.reading import importer as reading_import


def _vmhwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    url, username, path_text = sys.argv[1:4]
    only = sys.argv[4] if len(sys.argv) > 4 else None
    path = Path(path_text)
    db = open_database(url, upgrade=False)
    with db.begin() as s:
        staff = s.scalars(select(Staff).where(Staff.username == username)).one()
        actor = Actor.of(staff, "hostile-test")
    importers = {
        "catalogue": lambda s: catalogue_import.read_catalogue(s, actor, path),
        "reading": lambda s: reading_import.import_file(s, actor, path),
        "outreach": lambda s: outreach_import.import_file(s, actor, "activities", path),
        "marc": lambda s: marc_import.import_marc(s, actor, path),  # only when named
    }
    report: dict[str, object] = {"baseline_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    for name, run in importers.items():
        if (only is not None and name != only) or (only is None and name == "marc"):
            continue
        start = time.perf_counter()
        try:
            with db.begin() as s:
                run(s)
            outcome = {"ok": True}
        except WorkstationError as err:
            outcome = {"ok": False, "error": err.english(), "type": type(err).__name__}
        outcome["seconds"] = time.perf_counter() - start
        report[name] = outcome
    report["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report["vmhwm_mb"] = _vmhwm_mb()  # the kernel's own peak of this program image, as a cross-check
    db.dispose()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
