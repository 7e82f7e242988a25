"""Scanner hygiene: one normalisation for every scanned code, and double-scan detection."""

from __future__ import annotations

import time
from collections.abc import Callable

from workstation.services.text import normalize_identifier

DOUBLE_SCAN_SECONDS = 2.0


def normalize_scan(raw: str) -> str:
    """Trim, full-width to half-width, no inner spaces, upper case (see text.normalize_identifier)."""
    return normalize_identifier(raw)


class DoubleScanGuard:
    """Recognises the same code scanned again within ``window`` seconds (a scanner that
    fires twice, or a nervous hand): the desk tells the user, and does nothing twice."""

    def __init__(self, window: float = DOUBLE_SCAN_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self.clock = clock
        self._last: tuple[str, float] | None = None

    def is_double(self, code: str, context: str = "") -> bool:
        """True if ``code`` (in ``context``, e.g. the mode) repeats the previous scan within
        the window. Every call, double or not, restarts the window for that code."""
        key = f"{context}\x00{normalize_scan(code)}"
        now = self.clock()
        last = self._last
        self._last = (key, now)
        return last is not None and last[0] == key and now - last[1] <= self.window

    def reset(self) -> None:
        self._last = None
