"""Legal steps against the election calendar: the windows around each election, where a span of
days falls in them, and the next election after each event."""

import numpy as np
import pandas as pd
import pytest
from conftest import dated_frame as frame

import casebook
from casebook.derive import timing

POLL = frame([("p", "2020-06-10", "national")], ["election_id", "date", "kind"])


def days(calendar, mask) -> list[str]:
    return [f"{d:%Y-%m-%d}" for d in calendar[mask]]


def test_the_year_before_an_election_includes_polling_day_and_the_year_after_excludes_it():
    calendar, certain, possible = timing.window_masks(POLL, "2019-06-01", "2021-06-30", days=365)
    before = days(calendar, certain)
    assert (before[0], before[-1], len(before)) == ("2019-06-11", "2020-06-10", 366)
    assert (possible == certain).all()  # a known polling day leaves nothing uncertain
    calendar, certain, _ = timing.window_masks(POLL, "2019-06-01", "2021-06-30", days=365, after=True)
    after = days(calendar, certain)
    assert (after[0], after[-1], len(after)) == ("2020-06-11", "2021-06-10", 365)


def test_an_imprecise_polling_day_makes_some_days_only_possibly_in_the_window():
    month = frame([("m", "2020-06", "commune")], ["election_id", "date", "kind"])
    calendar, certain, possible = timing.window_masks(month, "2020-05-01", "2020-07-31", days=10)
    assert days(calendar, certain) == []  # no day is within 10 days before every day of June
    maybe = days(calendar, possible)
    assert (maybe[0], maybe[-1]) == ("2020-05-22", "2020-06-30")


def test_a_span_is_in_the_window_surely_possibly_or_not():
    calendar, certain, possible = timing.window_masks(POLL, "2020-01-01", "2020-12-31", days=30)
    spans = frame([("in", "2020-06-01"), ("across", "2020-05-01/2020-05-20"), ("out", "2020-02"),
                   ("poll-day", "2020-06-10")], ["event_id", "date"])
    where = timing.spans_in_window(spans, calendar, certain, possible)
    assert where.tolist() == ["yes", "possibly", "no", "yes"]  # 'across' ends inside the window, starts before it
    month = frame([("m", "2020-06", "national")], ["election_id", "date", "kind"])
    calendar, certain, possible = timing.window_masks(month, "2020-01-01", "2020-12-31", days=30)
    # 1 June is within 30 days before any day of June; 10 June may be after the poll
    assert timing.spans_in_window(spans, calendar, certain, possible).tolist() == ["yes", "possibly", "no", "possibly"]


def test_a_span_outside_the_calendar_is_an_error_not_a_guess():
    calendar, certain, possible = timing.window_masks(POLL, "2020-01-01", "2020-12-31")
    late = frame([("late", "2021-01-02")], ["event_id", "date"])
    with pytest.raises(ValueError, match="a span falls outside the calendar"):
        timing.spans_in_window(late, calendar, certain, possible)


def test_an_event_spanning_an_election_may_have_either_as_the_next():
    polls = frame([("a", "2020-06-10", "commune"), ("b", "2021-06-10", "national")], ["election_id", "date", "kind"])
    events = frame([("e", "2020-06/2020-07")], ["event_id", "date"])
    (row,) = timing.next_election(events, polls).itertuples()
    assert (row.next_election, row.next_elections, row.election_kind) == ("a", "a b", "commune")
    assert (row.days_min, row.days_max) == (0, 364)  # at most: from 11 June 2020 to 10 June 2021


def test_an_undated_event_has_no_next_election_and_leaves_the_others_as_they_are():
    data = casebook.load(check_quotes=False)
    later = frame([("after-every-election", "2040-01-01")], ["event_id", "date"])
    events = pd.concat([data.events[["event_id", "date", "date_earliest", "date_latest"]], later], ignore_index=True)
    dated = timing.next_election(events, data.elections)
    undated = pd.DataFrame({"event_id": ["undated"], "date": [None], "date_earliest": [pd.NaT],
                            "date_latest": [pd.NaT]})
    found = timing.next_election(pd.concat([events, undated], ignore_index=True), data.elections)
    assert found.iloc[-1].drop("event_id").isna().all()  # no date, no next election
    pd.testing.assert_frame_equal(found.iloc[:-1], dated)
    assert dated["next_election"].notna().any() and dated["next_election"].isna().any()
    assert (dated["days_min"].dropna() <= dated["days_max"].dropna()).all()
    assert np.issubdtype(np.dtype("int64"), dated["days_min"].dtype.numpy_dtype)


def test_the_most_days_to_the_next_election_let_a_poll_known_to_the_month_fall_before_the_event():
    polls = frame([("june", "2017-06", "commune"), ("july", "2018-07", "national")], ["election_id", "date", "kind"])
    events = frame([("step", "2017-06-02")], ["event_id", "date"])
    (row,) = timing.next_election(events, polls).itertuples()
    # the June poll may fall on 1 June, before the step: the next is then July 2018, up to its 31st
    assert (row.next_elections, row.days_min, row.days_max) == ("june july", 0, 424)
