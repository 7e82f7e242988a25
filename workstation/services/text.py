"""Normalising what people type or scan, in one place."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalize_identifier(value: str) -> str:
    """A scanned or typed code: full-width to half-width (NFKC), no spaces, upper case."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", value)).upper()


def clean_text(value: str) -> str:
    """A name or title: NFKC (full-width letters and digits to ASCII), inner runs of
    white space folded to one, ends stripped. Chinese characters are untouched."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value)).strip()
