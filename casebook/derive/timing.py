"""Legal steps against the election calendar, as ranges of days."""

import numpy as np
import pandas as pd

ONE_DAY = pd.Timedelta(days=1)
ONE_DAY_NP = np.timedelta64(1, "D")


def _next(polls: pd.DataFrame, day):
    """The first election that can fall on or after `day` (None after the last one)."""
    later = polls[polls["date_latest"] >= day]
    return None if later.empty else later.iloc[0]


def _gaps(event, polls: pd.DataFrame):
    """Elections that may come next after an event, and the fewest and most days to them.

    The event may fall on any day of its span; so may each election. The candidate days are the
    span's first day and the day after each election that ends inside the span.
    """
    days = [event.date_earliest] + [p.date_latest + ONE_DAY for p in polls.itertuples()
                                    if event.date_earliest <= p.date_latest < event.date_latest]
    nexts = [(day, _next(polls, day)) for day in days]
    nexts = [(day, poll) for day, poll in nexts if poll is not None]
    if not nexts:
        return [], None, None
    ids = list(dict.fromkeys(poll["election_id"] for _, poll in nexts))
    most = max((poll["date_latest"] - day).days for day, poll in nexts)
    last = _next(polls, event.date_latest)
    starts_inside = ((polls["date_earliest"] <= event.date_latest) & (polls["date_latest"] >= event.date_earliest)).any()
    fewest = 0 if starts_inside or last is None else max(0, (last["date_earliest"] - event.date_latest).days)
    return ids, fewest, most


def next_election(events: pd.DataFrame, elections: pd.DataFrame) -> pd.DataFrame:
    """For every event: the election(s) that may come next and the days before, as a range.

    `next_election` is the first candidate; `next_elections` lists every election that may be
    the next one when the event's span covers an election. `days_min` is 0 when the election
    may have come first (overlapping spans).
    """
    polls = elections.sort_values("date_earliest").reset_index(drop=True)
    if _has_gaps(events) or _has_gaps(polls) or not polls["election_id"].is_unique:
        rows = [_row(event, polls) for event in events.itertuples()]  # odd input: the plain method
    else:
        rows = _Calendar(polls).rows(events)
    out = pd.DataFrame(rows, columns=["event_id", "next_election", "next_elections", "election_kind", "days_min", "days_max"])
    for column in ("days_min", "days_max"):
        out[column] = out[column].astype("Int64")
    return out


def _row(event, polls: pd.DataFrame) -> tuple:
    """One event's row, by `_gaps` (the definition; `_Calendar` computes the same in bulk)."""
    ids, fewest, most = _gaps(event, polls)
    kind = polls.set_index("election_id").loc[ids[0], "kind"] if ids else None
    return (event.event_id, ids[0] if ids else None, " ".join(ids) or None, kind, fewest, most)


def _has_gaps(frame: pd.DataFrame) -> bool:
    return bool(frame["date_earliest"].isna().any() or frame["date_latest"].isna().any())


class _Calendar:
    """The polls in `_gaps`'s order, indexed so that each event costs a binary search.

    `_next(polls, day)` is the first poll (in date_earliest order) with date_latest >= day: the
    first position where the running maximum of date_latest reaches `day`, which never
    decreases and so can be searched. An election "starts inside" an event when some poll
    with date_earliest <= the event's last day has date_latest >= its first day: the running
    maximum again, up to the last poll starting by then.
    """

    def __init__(self, polls: pd.DataFrame):
        self.polls = polls
        self.lo = polls["date_earliest"].to_numpy("datetime64[ns]")
        self.hi = polls["date_latest"].to_numpy("datetime64[ns]")
        self.reach = np.maximum.accumulate(self.hi) if len(self.hi) else self.hi
        self.ids = polls["election_id"].tolist()
        self.kinds = polls["kind"].tolist()
        # Distinct date_latest values, each with the position of the first poll that has it:
        # `_gaps` adds the day after each, in poll order, when it falls inside an event's span.
        ends, first = np.unique(self.hi, return_index=True)
        self.ends, self.end_first = ends, first

    def next_at(self, days: np.ndarray) -> np.ndarray:
        """Position of `_next(polls, day)` for each day; len(polls) where there is none."""
        return np.searchsorted(self.reach, days, side="left")

    def rows(self, events: pd.DataFrame) -> list[tuple]:
        n = len(self.lo)
        event_ids = events["event_id"].tolist()
        if n == 0:
            return [(event_id, None, None, None, None, None) for event_id in event_ids]
        first_day = events["date_earliest"].to_numpy("datetime64[ns]")
        last_day = events["date_latest"].to_numpy("datetime64[ns]")
        nxt = self.next_at(first_day)
        last = self.next_at(last_day)
        started = np.searchsorted(self.lo, last_day, side="right")  # polls starting by the last day
        inside = (started > 0) & (self.reach[np.maximum(started - 1, 0)] >= first_day)
        # Election ends inside [first day, last day): the extra candidate days of `_gaps`.
        end_from = np.searchsorted(self.ends, first_day, side="left")
        end_to = np.searchsorted(self.ends, last_day, side="left")
        # The fewest days, and the most for an event whose only candidate day is its first.
        to_last = (self.lo[np.minimum(last, n - 1)] - last_day) // ONE_DAY_NP
        fewest = np.where(inside | (last == n), 0, np.maximum(0, to_last)).tolist()
        to_next = ((self.hi[np.minimum(nxt, n - 1)] - first_day) // ONE_DAY_NP).tolist()
        extra_days = (end_to > end_from).tolist()
        rows = []
        for k, (event_id, p) in enumerate(zip(event_ids, nxt.tolist())):
            if p == n:
                rows.append((event_id, None, None, None, None, None))
                continue
            if extra_days[k]:
                ids, most = self._candidates(first_day[k], p, range(end_from[k], end_to[k]))
            else:
                ids, most = [self.ids[p]], to_next[k]
            rows.append((event_id, ids[0], " ".join(ids), self.kinds[p], fewest[k], most))
        return rows

    def _candidates(self, first_day, first_next: int, span: range) -> tuple[list[str], int]:
        """The elections that may come next after an event whose span holds the election ends
        `self.ends[span]`, and the most days to one, as `_gaps` finds them."""
        n = len(self.lo)
        extra = np.array([self.ends[j] for j in sorted(span, key=lambda j: self.end_first[j])]) + ONE_DAY_NP
        ids, most = [], None
        for day, p in zip([first_day, *extra], [first_next, *self.next_at(extra)]):
            if p == n:
                continue
            if self.ids[p] not in ids:
                ids.append(self.ids[p])
            gap = int((self.hi[p] - day) // ONE_DAY_NP)
            most = gap if most is None else max(most, gap)
        return ids, most


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
    missing end covers no day): the intervals marked on the calendar at their first and past their
    last day, and the marks summed, rather than each interval compared with every day."""
    known = (first.notna() & last.notna()).to_numpy()
    days = calendar.as_unit("ns").asi8
    starts = np.searchsorted(days, first[known].to_numpy("datetime64[ns]").astype("int64"), side="left")
    stops = np.searchsorted(days, last[known].to_numpy("datetime64[ns]").astype("int64"), side="right")
    keep = starts < stops
    marks = (np.bincount(starts[keep], minlength=len(days) + 1)
             - np.bincount(stops[keep], minlength=len(days) + 1))
    return np.cumsum(marks[:-1]) > 0


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
