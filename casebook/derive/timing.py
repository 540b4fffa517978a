"""Legal steps against the election calendar, as ranges of days."""

from bisect import bisect_left, bisect_right
from itertools import accumulate

import numpy as np
import pandas as pd

ONE_DAY = pd.Timedelta(days=1)


def _day_numbers(dates: pd.Series) -> list:
    """Each date as a number of days since 1970 (None where missing): cheap to compare and subtract."""
    numbers = dates.to_numpy("datetime64[D]").astype("int64").tolist()
    return [None if missing else number for number, missing in zip(numbers, dates.isna())]


class _Polls:
    """The elections in date order, searchable by day (days as numbers, `_day_numbers`).

    The first election that can fall on or after a day is the first (in date order) whose last
    possible day is not before it: the first place where the running maximum of the last days
    reaches the day. That maximum never decreases, so it is found by binary search (bisect), and
    so is every other question below; each event then costs a few searches, not a pass over
    every election.
    """

    def __init__(self, elections: pd.DataFrame):
        known = elections.dropna(subset=["date_earliest", "date_latest"])  # an undated poll is never next
        polls = known.sort_values("date_earliest", kind="stable").reset_index(drop=True)
        self.ids, self.kinds = polls["election_id"].tolist(), polls["kind"].tolist()
        self.first_days, self.last_days = _day_numbers(polls["date_earliest"]), _day_numbers(polls["date_latest"])
        self.reach = list(accumulate(self.last_days, max))
        # The polls by their last day (in date order among equals), for the ends inside a span.
        self.by_end = sorted(range(len(polls)), key=lambda p: self.last_days[p])
        self.ends = [self.last_days[p] for p in self.by_end]

    def next_from(self, day: int) -> int | None:
        """The position of the first election that can fall on or after `day`; None after the last."""
        position = bisect_left(self.reach, day)
        return position if position < len(self.reach) else None

    def ending_inside(self, first: int, last: int) -> list[int]:
        """Positions, in date order, of the elections whose last day is in [first, last)."""
        return sorted(self.by_end[bisect_left(self.ends, first):bisect_left(self.ends, last)])

    def overlaps(self, first: int, last: int) -> bool:
        """Whether some election's span meets [first, last]."""
        started = bisect_right(self.first_days, last)  # the elections that start by the last day
        return started > 0 and self.reach[started - 1] >= first

    def gaps(self, first: int, last: int) -> tuple[list[int], int | None, int | None]:
        """The elections that may come next after an event spanning [first, last], and the fewest
        and most days to them.

        The event may fall on any day of its span; so may each election. An election may come next
        when it can fall on or after some day of the span, or when every election before it can fall
        before that day; the days worth trying are the span's first, and the day after each
        election's first or last possible day inside the span.
        """
        days = [first] + [self.last_days[p] + 1 for p in self.ending_inside(first, last)]
        nexts = [(day, self.next_from(day)) for day in days]
        nexts = [(day, p) for day, p in nexts if p is not None]
        if not nexts:
            return [], None, None
        # The most days: the event on a day d and the next election on its last possible day, that
        # election being the first that can fall on or after d, or, with every election that can fall
        # before d placed before it, the first that cannot. d is the span's first day or the day after
        # an election's first or last possible day inside the span.
        inside = range(bisect_left(self.first_days, first), bisect_left(self.first_days, last))
        ds = [first] + [self.first_days[p] + 1 for p in inside]
        latest = [(d, bisect_left(self.first_days, d)) for d in ds]
        latest = [(d, q) for d, q in latest if q < len(self.first_days)]
        most = max(self.last_days[q] - d for d, q in nexts + latest)
        found = sorted({q for _, q in nexts + latest})
        after = self.next_from(last)
        fewest = 0 if self.overlaps(first, last) or after is None else max(0, self.first_days[after] - last)
        return found, fewest, most


def next_election(events: pd.DataFrame, elections: pd.DataFrame) -> pd.DataFrame:
    """For every event: the election(s) that may come next and the days before, as a range.

    `next_election` is the first candidate; `next_elections` lists every election that may be
    the next one when the event's span covers an election. `days_min` is 0 when the election
    may have come first (overlapping spans). An event without dates has none.
    """
    polls = _Polls(elections)
    rows = []
    for event_id, first, last in zip(events["event_id"], _day_numbers(events["date_earliest"]),
                                     _day_numbers(events["date_latest"])):
        found, fewest, most = ([], None, None) if first is None or last is None else polls.gaps(first, last)
        ids = list(dict.fromkeys(polls.ids[p] for p in found))
        rows.append((event_id, ids[0] if ids else None, " ".join(ids) or None,
                     polls.kinds[found[0]] if found else None, fewest, most))
    out = pd.DataFrame(rows, columns=["event_id", "next_election", "next_elections", "election_kind", "days_min", "days_max"])
    for column in ("days_min", "days_max"):
        out[column] = out[column].astype("Int64")
    return out


# --- the election calendar as a baseline ---------------------------------------------------

def window_masks(elections: pd.DataFrame, start, end, days: int = 365, after: bool = False):
    """Every day from `start` to `end`, and whether it lies within `days` before an election
    (or, with `after`, within `days` after one): certainly, whatever the polling day inside each
    election's date span, and possibly, for some polling day.

    Returns (calendar, certain, possible): a DatetimeIndex and two boolean arrays.
    """
    calendar = pd.date_range(start, end, freq="D")
    span = pd.Timedelta(days=days)
    lo, hi = elections["date_earliest"], elections["date_latest"]
    if after:   # polling day e < d <= e + days
        sure, maybe = (hi + ONE_DAY, lo + span), (lo + ONE_DAY, hi + span)
    else:       # e - days <= d <= polling day e
        sure, maybe = (hi - span, lo), (lo - span, hi)
    return calendar, _covered(calendar, *sure), _covered(calendar, *maybe)


def _covered(calendar: pd.DatetimeIndex, first: pd.Series, last: pd.Series) -> np.ndarray:
    """For each day of the calendar, whether it lies in [first, last] for some row (a row with a
    missing end covers no day)."""
    covered = np.zeros(len(calendar), dtype=bool)
    for lo, hi in zip(first, last):
        covered |= (calendar >= lo) & (calendar <= hi)
    return covered


def spans_in_window(spans: pd.DataFrame, calendar: pd.DatetimeIndex, certain: np.ndarray,
                    possible: np.ndarray) -> pd.Series:
    """For each date span (date_earliest, date_latest) inside the calendar: 'yes' when every day of
    it is certainly in the window, 'possibly' when some day may be, 'no' otherwise."""
    first = calendar.get_indexer(spans["date_earliest"])
    last = calendar.get_indexer(spans["date_latest"])
    if (first < 0).any() or (last < 0).any():
        raise ValueError("a span falls outside the calendar")
    sure = np.concatenate([[0], np.cumsum(certain)])
    maybe = np.concatenate([[0], np.cumsum(possible)])
    all_sure = (sure[last + 1] - sure[first]) == (last - first + 1)
    any_maybe = (maybe[last + 1] - maybe[first]) > 0
    return pd.Series(np.where(all_sure, "yes", np.where(any_maybe, "possibly", "no")), index=spans.index)
