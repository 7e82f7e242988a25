"""Logging to a file in the user's log folder: bugs are kept with their trace."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

from workstation import APP_NAME


def log_file() -> Path:
    return platformdirs.user_log_path(APP_NAME, appauthor=False) / "workstation.log"


def setup_logging(level: int = logging.INFO) -> Path:
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    # one handler per file: starting twice in a process adds nothing, another file is added
    if any(isinstance(h, logging.FileHandler) and h.baseFilename == handler.baseFilename for h in root.handlers):
        handler.close()
    else:
        root.addHandler(handler)
    root.setLevel(level)
    return path
