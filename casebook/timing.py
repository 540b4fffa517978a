"""Legal steps against the election calendar, as ranges of days."""

import pandas as pd

from casebook.dates import span_days


def next_election(events: pd.DataFrame, elections: pd.DataFrame) -> pd.DataFrame:
    """For every event: the next election and the days before it, as a range.

    The next election is the first one that can fall on or after the event's earliest day.
    `days_min`/`days_max` bound the gap; they differ when either date is imprecise, and
    `days_min` is 0 when the election may have come first (overlapping spans).
    """
    polls = elections.sort_values("date_earliest").reset_index(drop=True)
    rows = []
    for event in events.itertuples():
        after = polls[polls["date_latest"] >= event.date_earliest]
        if after.empty:
            rows.append((event.event_id, None, None, None, None))
            continue
        poll = after.iloc[0]
        days_min, days_max = span_days((event.date_earliest, event.date_latest),
                                       (poll["date_earliest"], poll["date_latest"]))
        rows.append((event.event_id, poll["election_id"], poll["kind"], days_min, days_max))
    out = pd.DataFrame(rows, columns=["event_id", "next_election", "election_kind", "days_min", "days_max"])
    for column in ("days_min", "days_max"):
        out[column] = out[column].astype("Int64")
    return out
