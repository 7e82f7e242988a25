"""Parsing and checking what outreach staff type or import: days, counts, hours, text.

Every function raises ``ValidationError`` naming the field, before anything is written.
Full-width digits, thousands separators and surrounding spaces are accepted (NFKC).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from workstation.errors import N_, ValidationError
from workstation.services.text import clean_text
from workstation.timeutil import today

MIN_DAY = dt.date(1990, 1, 1)
MAX_COUNT = 100_000_000  # far above any yearly figure the library keeps (7,546,000 hits)
MAX_HOURS = Decimal(24)
HALF = Decimal("0.5")

_DAY = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SEPARATORS = re.compile(r"[,\s_]")


def parse_day(value: dt.date | str | None, field: str, *, allow_future: bool = False) -> dt.date:
    """A library-local calendar day: a ``date`` or text such as 2019-05-04, 2019/5/4, 2019年5月4日."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field, N_("Date: must not be empty."))
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        match = _DAY.match(text)
        if match is None:
            raise ValidationError(field, N_("Date: {value} is not a date; write it as 2019-05-04."), value=value)
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise ValidationError(field, N_("Date: {value} does not exist in the calendar."), value=value) from None
    else:
        day = value
    if day < MIN_DAY:
        raise ValidationError(field, N_("Date: {day} is before {min}."), day=day.isoformat(), min=MIN_DAY.isoformat())
    if not allow_future and day > today():
        raise ValidationError(field, N_("Date: {day} is in the future."), day=day.isoformat())
    return day


def parse_count(value: int | str | None, field: str, *, maximum: int = MAX_COUNT, required: bool = True,
                positive: bool = False) -> int | None:
    """A whole number of people, items, hits …: 0 or more (1 or more if ``positive``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, N_("Number: must not be empty."))
        return None
    if isinstance(value, bool):
        raise ValidationError(field, N_("Number: {value} is not a whole number."), value=str(value))
    if isinstance(value, float):
        if not float(value).is_integer():
            raise ValidationError(field, N_("Number: {value} is not a whole number."), value=str(value))
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValidationError(field, N_("Number: {value} is not a whole number."), value=value)
        number = int(text)
    if number < 0:
        raise ValidationError(field, N_("Number: {value} is negative."), value=str(number))
    if positive and number == 0:
        raise ValidationError(field, N_("Number: must be at least 1."))
    if number > maximum:
        raise ValidationError(field, N_("Number: {value} is more than {max}."), value=str(number), max=maximum)
    return number


def require_count(value: int | str | None, field: str, *, maximum: int = MAX_COUNT, positive: bool = False) -> int:
    number = parse_count(value, field, maximum=maximum, positive=positive)
    assert number is not None
    return number


def parse_hours(value: Decimal | int | float | str | None, field: str = "hours") -> Decimal:
    """Hours served, in half-hour steps, more than 0 and at most 24 on one day."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field, N_("Hours: must not be empty."))
    try:
        if isinstance(value, str):
            hours = Decimal(unicodedata.normalize("NFKC", value).strip())
        elif isinstance(value, float):
            hours = Decimal(repr(value))
        else:
            hours = Decimal(value)
    except (InvalidOperation, ValueError):
        raise ValidationError(field, N_("Hours: {value} is not a number."), value=str(value)) from None
    if not hours.is_finite():
        raise ValidationError(field, N_("Hours: {value} is not a number."), value=str(value))
    if hours <= 0 or hours > MAX_HOURS:
        raise ValidationError(field, N_("Hours: {value} must be more than 0 and at most 24."), value=str(hours))
    if hours % HALF != 0:
        raise ValidationError(field, N_("Hours: {value} is not in half-hour steps (use 1, 1.5, 2 …)."),
                              value=str(hours))
    return hours.quantize(Decimal("0.1"))


def parse_text(value: str | None, field: str, *, maximum: int, required: bool = False) -> str:
    text = clean_text(value or "")
    if required and not text:
        raise ValidationError(field, N_("{label}: must not be empty."), label=FIELD_LABELS.get(field, field))
    if len(text) > maximum:
        raise ValidationError(field, N_("{label}: at most {n} characters."),
                              label=FIELD_LABELS.get(field, field), n=maximum)
    return text


FIELD_LABELS = {
    "title": N_("Title"),
    "place": N_("Place"),
    "partners": N_("Partners"),
    "chronicle_text": N_("Chronicle description"),
    "name": N_("Name"),
    "code": N_("Code"),
    "organisation": N_("Organisation"),
    "note": N_("Note"),
    "source": N_("Source"),
    "description": N_("Description"),
    "unit": N_("Unit"),
    "plate": N_("Plate"),
    "reason": N_("Reason"),
}


def parse_year(value: int | str | None, field: str = "year") -> int:
    year = parse_count(value, field, maximum=9999)
    assert year is not None
    if year < MIN_DAY.year or year > today().year:
        raise ValidationError(field, N_("Year: {value} is not between {min} and {max}."),
                              value=year, min=MIN_DAY.year, max=today().year)
    return year


def parse_month(value: int | str | None, field: str = "month") -> int:
    month = parse_count(value, field, maximum=10_000)
    assert month is not None
    if not 1 <= month <= 12:
        raise ValidationError(field, N_("Month: {value} is not between 1 and 12."), value=month)
    return month
