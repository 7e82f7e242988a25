"""Normalising what people type or scan, in one place."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_identifier(value: str) -> str:
    """A scanned or typed code: full-width to half-width (NFKC), no spaces, upper case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value)).upper()


# Full-width digits and Latin letters, and the ideographic space, become their ASCII forms;
# full-width punctuation （）、《》 stays, as Chinese typography wants it.
_FULL_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                 *range(0xFF41, 0xFF5B))}
_FULL_WIDTH[0x3000] = 0x20


# Control characters (NUL and the like) are never part of a name; PostgreSQL refuses NUL.
_CONTROLS = {code: None for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))}


def clean_text(value: str) -> str:
    """A name or title: full-width letters and digits to ASCII, control characters dropped,
    inner runs of white space folded to one, ends stripped. Chinese characters and
    punctuation are untouched."""
    return _SPACES.sub(" ", value.translate(_FULL_WIDTH).translate(_CONTROLS)).strip()
