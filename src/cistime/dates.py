"""Dates known to a day, a month or only a year, and parsing of dates people type."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """A date that cannot be read, or that does not exist."""


def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date at the precision a source gives: day, month or year.

    Ordering and comparisons use the first day the date can stand for; `last_day`
    gives the other end, so code can tell when an answer falls inside the uncertainty.
    Years run from 1 to 9999, as Python's dates do, so both ends are always real days.
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise DateError(f"year {self.year} is out of range: years run from 1 to 9999")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"{self.year:04d} has no month {self.month}")
        if self.day is not None and (self.month is None or not 1 <= self.day <= _month_length(self.year, self.month)):
            raise DateError(f"{self.year:04d}-{self.month or 0:02d}-{self.day:02d} does not exist")

    @classmethod
    def parse(cls, text: str | dt.date | int) -> "PartialDate":
        if isinstance(text, dt.date):
            return cls(text.year, text.month, text.day)
        if isinstance(text, int):
            text = str(text)
        match = _ISO_PARTIAL.match(str(text).strip())
        if not match:
            raise DateError(f"'{text}' is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(g) if g else None for g in match.groups())
        if year == 0:
            raise DateError(f"'{text}' has year 0, which does not exist: years run from 1 to 9999")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"'{text}' has no month {month}")
        if day is not None and not 1 <= day <= _month_length(year, month):
            raise DateError(f"'{text}' does not exist")
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def exact(self) -> bool:
        return self.day is not None

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, _month_length(self.year, month))

    def covers(self, day: dt.date) -> bool:
        return self.first_day() <= day <= self.last_day()

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso()


_TWO_DIGIT_YEAR = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{1,2}$")


def parse_user_date(text: str) -> dt.date:
    """Read a full calendar date as a person types it: ISO first, then forms dateutil reads.

    A date missing its day or month is refused rather than silently completed.
    """
    text = (text or "").strip()
    if not text:
        raise DateError("the date is empty; give one like 1999-06-01")
    if text.lower() == "today":
        return dt.date.today()
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", text):
        year, month, day = (int(p) for p in text.split("-"))
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise DateError(f"'{text}' is not a real date") from None
    if re.match(r"^\d{4}(-\d{1,2})?$", text):
        raise DateError(f"'{text}' is not a single day; give a full date such as {text[:4]}-06-01, "
                        f"or use --during {text} for a period")
    if _TWO_DIGIT_YEAR.match(text):
        raise DateError(f"'{text}' is ambiguous; write the year in full, as in 1999-01-01")
    from dateutil import parser  # only needed for free-form dates

    probes = []
    for default in (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2)):
        try:
            probes.append(parser.parse(text, default=default).date())
        except (ValueError, OverflowError):
            raise DateError(f"'{text}' is not a date this tool can read; use YYYY-MM-DD") from None
    if probes[0] != probes[1]:
        raise DateError(f"'{text}' is not a single day; give the year, month and day")
    return probes[0]


def parse_user_period(text: str) -> tuple[dt.date, dt.date]:
    """Read a period given as a year (1999), a month (1999-04) or a single day."""
    text = (text or "").strip()
    if re.match(r"^\d{4}(-\d{1,2})?$", text):
        parts = text.split("-")
        try:
            date = PartialDate(int(parts[0]), int(parts[1]) if len(parts) > 1 else None)
            if date.month is not None and not 1 <= date.month <= 12:
                raise ValueError
        except ValueError:
            raise DateError(f"'{text}' is not a real month") from None
        return date.first_day(), date.last_day()
    day = parse_user_date(text)
    return day, day
