"""Dates known to a day, a month or only a year, and parsing of dates people type."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
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
        if isinstance(text, str) and cls is PartialDate:
            return _parse_text(text)  # a ledger repeats its dates: each text is read once
        return cls._read(text)

    @classmethod
    def _read(cls, text: str) -> "PartialDate":
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

    @functools.cached_property
    def _first(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def first_day(self) -> dt.date:
        return self._first  # asked for on every comparison of the engine: made once per date

    def last_day(self) -> dt.date:
        if self.day:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, _month_length(self.year, month))

    def covers(self, day: dt.date) -> bool:
        return self.first_day() <= day <= self.last_day()

    def iso(self) -> str:
        return self._iso  # written into every answer: made once per date

    @functools.cached_property
    def _iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso()


@functools.lru_cache(maxsize=65536)
def _parse_text(text: str) -> PartialDate:
    return PartialDate._read(text)


_LONGEST = 64  # no date anyone types is longer; longer input is refused before any parsing
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
_TWO_DIGIT_YEAR = re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{1,2}$")
_RU_MONTHS = {"январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7, "август": 8,
              "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12}
_RU_DATE = re.compile(r"^(\d{1,2})\s+([а-яё]+)\s+(\d{4})(?:\s*(?:г\.?|года))?$")


def _shown(text: str) -> str:
    """Typed text quoted in a message, cut short so a huge argument is never echoed whole."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _day(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateError(f"{_shown(text)} is not a real date") from None


def parse_user_date(text: str, period_option: str | None = None) -> dt.date:
    """Read a full calendar date as a person types it.

    ISO (1999-06-01) first; `today` and `yesterday`; numbers with dots are day first, as across the
    former Soviet states and most of Europe (01.06.1999 is 1 June); numbers with slashes or dashes are
    read only when the day and month cannot be swapped (13/06/1999), and refused when they could
    (01/06/1999); month names in English or Russian (1 June 1999, 1 июня 1999). A date missing its day
    or month is refused rather than silently completed; `period_option` names the option of the
    command that takes a year or a month instead, if it has one.
    """
    text = (text or "").strip()
    if not text:
        raise DateError("the date is empty; give one like 1999-06-01")
    if len(text) > _LONGEST:
        raise DateError(f"{_shown(text)} is too long to be a date ({len(text)} characters); give one like 1999-06-01")
    lowered = text.lower()
    if lowered in ("today", "yesterday"):
        return dt.date.today() - dt.timedelta(days=lowered == "yesterday")
    if re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", text):
        year, month, day = (int(p) for p in text.split("-"))
        return _day(year, month, day, text)
    if re.match(r"^\d{4}(-\d{1,2})?$", text):
        instead = f", or use {period_option} {text} for a period" if period_option else ""
        raise DateError(f"{_shown(text)} is not a single day; give a full date such as {text[:4]}-06-01{instead}")
    if re.match(r"^\d{1,8}$", text):
        raise DateError(f"{_shown(text)} is not a date; give the year, month and day, as in 1999-06-01")
    numeric = _NUMERIC.match(text)
    if numeric:
        first, sep, second, year = int(numeric[1]), numeric[2], int(numeric[3]), int(numeric[4])
        if sep == ".":  # day first, always
            return _day(year, second, first, text)
        if first <= 12 and second <= 12 and first != second:
            raise DateError(f"{_shown(text)} is ambiguous: it could be {year:04d}-{second:02d}-{first:02d} or "
                            f"{year:04d}-{first:02d}-{second:02d}; write it as YYYY-MM-DD (or day first with "
                            f"dots, as in {first:02d}.{second:02d}.{year})")
        day, month = (first, second) if first > 12 else (second, first)
        return _day(year, month, day, text)
    if _TWO_DIGIT_YEAR.match(text):
        raise DateError(f"{_shown(text)} is ambiguous; write the year in full, as in 1999-01-01")
    russian = _RU_DATE.match(lowered)
    if russian:
        stem = next((stem for stem in sorted(_RU_MONTHS, key=len, reverse=True) if russian[2].startswith(stem)), None)
        if stem is None:
            raise DateError(f"{_shown(text)} names no month this tool knows; use YYYY-MM-DD")
        return _day(int(russian[3]), _RU_MONTHS[stem], int(russian[1]), text)
    from dateutil import parser  # only needed for dates written with month names

    probes = []
    for default in (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2)):
        try:
            probes.append(parser.parse(text, default=default).date())
        except (ValueError, OverflowError):
            raise DateError(f"{_shown(text)} is not a date this tool can read; use YYYY-MM-DD") from None
    if probes[0] != probes[1]:
        instead = f", or use {period_option} for a year or a month" if period_option else ""
        raise DateError(f"{_shown(text)} is not a single day; give the year, month and day{instead}")
    return probes[0]


def parse_user_period(text: str) -> tuple[dt.date, dt.date]:
    """Read a period given as a year (1999), a month (1999-04, 04.1999) or a single day."""
    text = (text or "").strip()
    if len(text) > _LONGEST:
        raise DateError(f"{_shown(text)} is too long to be a year, a month or a day")
    dotted = re.match(r"^(\d{1,2})[./](\d{4})$", text)
    if dotted:
        text = f"{dotted[2]}-{dotted[1]}"
    if re.match(r"^\d{4}(-\d{1,2})?$", text):
        parts = text.split("-")
        year, month = int(parts[0]), int(parts[1]) if len(parts) > 1 else None
        if year < 1 or month is not None and not 1 <= month <= 12:
            raise DateError(f"{_shown(text)} is not a real {'month' if month is not None else 'year'}")
        date = PartialDate(year, month)
        return date.first_day(), date.last_day()
    if re.match(r"^\d{1,3}(-\d{1,2})?$", text) or re.match(r"^\d{5,}$", text):
        raise DateError(f"{_shown(text)} is not a year, a month or a day: give 1999, 1999-04 or 1999-04-20")
    day = parse_user_date(text)
    return day, day
