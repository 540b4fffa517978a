"""ISO 8601 dates at the precision the evidence gives, as ranges of days."""

import calendar
import re
from datetime import date

# The pattern data/datapackage.json gives every date column (marks them for the library).
ISO_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$"
_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """A date string that is not ISO 8601 at year, month or day precision."""


def _bounds(part: str) -> tuple[date, date]:
    match = _PART.match(part)
    if not match:
        raise DateError(f"'{part}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except ValueError as err:
        raise DateError(f"'{part}' is not a calendar date ({err})") from None


def parse(value: str) -> tuple[date, date]:
    """The earliest and latest day a date or an interval `START/END` can mean."""
    start, sep, end = value.partition("/")
    earliest, latest = _bounds(start)
    if sep:
        latest = _bounds(end)[1]
        if latest < earliest:
            raise DateError(f"'{value}' ends before it starts")
    return earliest, latest


def add_bounds(frame, column: str) -> None:
    """Add `<column>_earliest` and `<column>_latest` (Timestamps) to a DataFrame, in place."""
    import pandas as pd

    parsed = {v: parse(v) for v in set(frame[column]) if isinstance(v, str) and v}  # each distinct value once
    bounds = [parsed.get(v, (None, None)) if isinstance(v, str) else (None, None) for v in frame[column]]
    frame[f"{column}_earliest"] = pd.to_datetime([b[0] for b in bounds])
    frame[f"{column}_latest"] = pd.to_datetime([b[1] for b in bounds])


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _single(part: str) -> str:
    earliest, _ = _bounds(part)
    precision = part.count("-")
    return [f"{earliest.year}", f"{earliest:%B %Y}", _day(earliest)][precision]


def describe(value: str) -> str:
    """A date as a reader would say it: '3 March 2023', 'September 2017',
    'between 19 September and 11 October 2018'."""
    start, sep, end = value.partition("/")
    if not sep:
        return _single(start)
    first, last = _single(start), _single(end)
    if start.count("-") == end.count("-") == 2 and start[:4] == end[:4]:
        first = first.rsplit(" ", 1)[0]
    return f"between {first} and {last}"


def describe_known(value: str, start_basis=None, end_basis=None, as_stated=None) -> str:
    """A date as `describe` says it, but never more precise than the source and with any bound the
    editor assumed marked as such: the source's own words where the data keeps them ('late 2015'),
    'by 2 February 2023 (not before January 2023, an editor's assumption)' for an assumed start."""
    if isinstance(as_stated, str) and as_stated:
        return as_stated
    start, sep, end = value.partition("/")
    if not sep:
        return describe(value)
    start_assumed, end_assumed = (b == "assumed" for b in (start_basis, end_basis))
    if start_assumed and end_assumed:
        return f"{describe(value)} (both bounds an editor's assumption)"
    if start_assumed:
        return f"by {_single(end)} (not before {_single(start)}, an editor's assumption)"
    if end_assumed:
        return f"from {_single(start)} (by {_single(end)}, an editor's assumption)"
    return describe(value)


def describe_as_of(value: str) -> str:
    """'as of 3 March 2023'; for a report dated only to an interval, 'as of the report
    of 19 September–11 October 2018', never 'as of between'."""
    if "/" not in value:
        return f"as of {describe(value)}"
    return f"as of the report of {describe_span(value)}"


def describe_span(value: str) -> str:
    """A date or interval as a dated document's date is written: '19 September–11 October 2018'."""
    start, sep, end = value.partition("/")
    if not sep:
        return describe(value)
    first, last = _single(start), _single(end)
    if start[:4] == end[:4]:
        first = first.rsplit(" ", 1)[0]
    return f"{first}\u2013{last}"


def describe_days(fewest: int, most: int) -> str:
    """'412 days' when exact, else '380 to 412 days'."""
    if fewest == most:
        return f"{fewest:,} day" + ("" if fewest == 1 else "s")
    return f"{fewest:,} to {most:,} days"

SMALL_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_words(n: float) -> str:
    """A count as the sources and the prose write it: whole numbers below ten in words ('five'),
    others in figures ('18', '2.5')."""
    return SMALL_NUMBERS[int(n)] if n == int(n) and 0 <= n < len(SMALL_NUMBERS) else f"{n:g}"


def describe_term(months: float) -> str:
    """A sentence length: '27 years', '18 months', 'five years', 'one month'."""
    if months % 12 == 0:
        years = int(months // 12)
        return f"{number_words(years)} year" + ("" if years == 1 else "s")
    return f"{number_words(months)} month" + ("" if months == 1 else "s")
