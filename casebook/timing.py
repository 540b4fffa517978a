"""Legal steps against the election calendar, as ranges of days."""

import pandas as pd

ONE_DAY = pd.Timedelta(days=1)


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
    rows = []
    for event in events.itertuples():
        ids, fewest, most = _gaps(event, polls)
        kind = polls.set_index("election_id").loc[ids[0], "kind"] if ids else None
        rows.append((event.event_id, ids[0] if ids else None, " ".join(ids) or None, kind, fewest, most))
    out = pd.DataFrame(rows, columns=["event_id", "next_election", "next_elections", "election_kind", "days_min", "days_max"])
    for column in ("days_min", "days_max"):
        out[column] = out[column].astype("Int64")
    return out
