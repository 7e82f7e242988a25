"""One offline event as the trip store keeps it: a canonical JSON body sealed with its own
SHA-256, so that each event can be checked alone — read from the store's table, or found
again in the raw bytes of a damaged file (``scan_bytes``).

A record is ``{"h":"<sha256 of the body>","e":<the body>}``; the body is JSON with sorted
keys, no spaces, UTF-8. Each body names its trip, vehicle and database, so a salvaged event
needs nothing else from the file.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

FORMAT = 1
KINDS = ("register", "lend", "return", "renew", "hold")
_MARK = b'{"h":"'
_MAX_RECORD = 64_000  # far above any event (a few hundred bytes)


def canonical(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def seal(body: dict[str, Any]) -> str:
    """The record stored for ``body``."""
    return '{"h":"' + digest(body) + '","e":' + canonical(body) + "}"


def unseal(record: str) -> dict[str, Any] | None:
    """The body of an intact record; ``None`` when it is not one or its checksum fails."""
    try:
        data = json.loads(record)
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), dict) or not isinstance(data.get("h"), str):
        return None
    body: dict[str, Any] = data["e"]
    if digest(body) != data["h"] or not _well_formed(body):
        return None
    return body


def _well_formed(body: dict[str, Any]) -> bool:
    need = {"v": int, "event_id": str, "trip": str, "database": str, "vehicle_id": int, "seq": int, "kind": str,
            "at": str, "staff_id": int, "payload": dict, "overrides": list}
    return all(isinstance(body.get(k), t) for k, t in need.items()) and body["kind"] in KINDS


@dataclass(frozen=True)
class Scan:
    """What a raw scan found: the intact events (one per event id, by sequence number) and
    the number of records whose checksum failed."""

    events: list[dict[str, Any]]
    damaged: int


def scan_bytes(*chunks: bytes) -> Scan:
    """Every sealed record in ``chunks`` (a store file, its write-ahead log): SQLite keeps a
    small row's text whole inside one page, so records survive anything that leaves their
    bytes alone, and any changed byte fails the record's checksum."""
    found: dict[str, dict[str, Any]] = {}
    damaged = 0
    decoder = json.JSONDecoder()
    for data in chunks:
        at = data.find(_MARK)
        while at >= 0:
            window = data[at:at + _MAX_RECORD].decode("utf-8", errors="replace")
            body = None
            try:
                obj, _end = decoder.raw_decode(window)
                body = unseal(json.dumps(obj, ensure_ascii=False)) if isinstance(obj, dict) else None
                if body is not None and digest(body) != obj.get("h"):
                    body = None
            except ValueError:
                body = None
            if body is None:
                damaged += 1
            else:
                found.setdefault(body["event_id"], body)
            at = data.find(_MARK, at + 1)
    return Scan(sorted(found.values(), key=lambda b: b["seq"]), damaged)
