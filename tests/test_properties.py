"""Properties: date ranges, the election calendar and the pattern tables obey their laws.

Hypothesis draws the inputs: dates and spans for the date arithmetic, small tables for the
derivations, and shuffled subsets of the project's data for the pattern tables.
"""

import calendar as month_calendar
import re
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casebook
from casebook import dates
from casebook.derive import timing, units
from casebook.views import common, patterns

pytestmark = pytest.mark.slow  # a long module

SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(SETTINGS, max_examples=30)  # for the pattern tables, each example a whole dataset

FIRST, LAST = date(2014, 1, 1), date(2025, 12, 31)


def day_of(offset: int) -> date:
    return FIRST + timedelta(days=offset)


# --- ISO dates at three precisions, and intervals ------------------------------------------

@st.composite
def iso_dates(draw, precision=None):
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' (a calendar date), with its precision (0, 1 or 2)."""
    precision = draw(st.integers(0, 2)) if precision is None else precision
    day = draw(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
    return [f"{day:%Y}", f"{day:%Y-%m}", f"{day:%Y-%m-%d}"][precision], precision


@st.composite
def iso_values(draw):
    """A valid date or interval as the data may hold it: START or START/END with END's last day
    not before START's first."""
    start, _ = draw(iso_dates())
    if not draw(st.booleans()):
        return start
    end, _ = draw(iso_dates())
    if dates.parse(end)[1] < dates.parse(start)[0]:
        start, end = end, start
    if dates.parse(end)[1] < dates.parse(start)[0]:  # START reaches past the end of END's span
        end = start
    return f"{start}/{end}"


@SETTINGS
@given(iso_values())
def test_a_value_is_a_range_of_days_that_is_not_empty(value):
    earliest, latest = dates.parse(value)
    assert earliest <= latest
    assert re.match(dates.ISO_PATTERN, value)


@SETTINGS
@given(iso_dates())
def test_a_date_means_every_day_of_its_year_month_or_day(drawn):
    value, precision = drawn
    earliest, latest = dates.parse(value)
    year = int(value[:4])
    if precision == 0:
        assert (earliest, latest) == (date(year, 1, 1), date(year, 12, 31))
    elif precision == 1:
        month = int(value[5:7])
        assert (earliest, latest) == (date(year, month, 1), date(year, month, month_calendar.monthrange(year, month)[1]))
    else:
        assert earliest == latest == date.fromisoformat(value)


@SETTINGS
@given(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
def test_a_value_contains_every_more_precise_date_inside_it(day):
    year, month, exact = f"{day:%Y}", f"{day:%Y-%m}", f"{day:%Y-%m-%d}"
    for outer, inner in ((year, month), (year, exact), (month, exact)):
        (outer_first, outer_last), (inner_first, inner_last) = dates.parse(outer), dates.parse(inner)
        assert outer_first <= inner_first <= inner_last <= outer_last


@SETTINGS
@given(iso_dates(), iso_dates())
def test_an_interval_runs_from_its_start_s_first_day_to_its_end_s_last(start, end):
    (start, _), (end, _) = start, end
    first, last = dates.parse(start)[0], dates.parse(end)[1]
    if last < first:
        with pytest.raises(dates.DateError):
            dates.parse(f"{start}/{end}")
    else:
        assert dates.parse(f"{start}/{end}") == (first, last)


@SETTINGS
@given(st.integers(1000, 9999), st.integers(0, 99), st.integers(0, 99))
def test_an_impossible_date_is_refused(year, month, day):
    value = f"{year}-{month:02d}-{day:02d}"
    try:
        expected = date(year, month, day)
    except ValueError:
        with pytest.raises(dates.DateError):
            dates.parse(value)
    else:
        assert dates.parse(value) == (expected, expected)


@SETTINGS
@given(iso_values())
def test_describe_says_every_valid_value(value):
    said = dates.describe(value)
    assert said and said == said.strip()
    start, _, end = value.partition("/")
    assert (said.startswith("between ") and " and " in said) == bool(end)
    assert (end or start)[:4] in said  # the last year is always named


@SETTINGS
@given(st.lists(st.one_of(iso_values(), st.just(""), st.none()), max_size=30))
def test_bounds_are_each_value_s_first_and_last_day(values):
    frame = pd.DataFrame({"date": pd.Series(values, dtype=object)})
    dates.add_bounds(frame, "date")
    for value, first, last in zip(values, frame["date_earliest"], frame["date_latest"]):
        if value:
            assert (first.date(), last.date()) == dates.parse(value)
        else:
            assert pd.isna(first) and pd.isna(last)


# --- the election calendar ---------------------------------------------------------------------

@st.composite
def spans(draw, most_days=400):
    """(first day, last day) as offsets from FIRST: one day, or a span of up to `most_days`."""
    first = draw(st.integers(0, 3000))
    return first, first + draw(st.sampled_from([0, 0, draw(st.integers(0, most_days))]))


def span_frame(pairs, id_name, extra=None) -> pd.DataFrame:
    frame = pd.DataFrame({id_name: [f"{id_name[0]}{i}" for i in range(len(pairs))],
                          "date_earliest": pd.to_datetime([day_of(a) for a, _ in pairs]).as_unit("s"),
                          "date_latest": pd.to_datetime([day_of(b) for _, b in pairs]).as_unit("s")})
    for column, values in (extra or {}).items():
        frame[column] = values
    return frame


@SETTINGS
@given(st.lists(spans(), min_size=1, max_size=6), st.lists(st.tuples(st.integers(1, 400), st.integers(0, 120)), max_size=6))
def test_next_election_obeys_the_day_by_day_laws(event_spans, poll_steps):
    """Over every day d the event may fall on, elections being apart from one another as they are:
    the election that comes next is the first that can fall on or after d, or, if that one falls
    before d, the first that must fall on or after d; the most days is the largest gap to the last
    possible day of either."""
    poll_spans, day = [], 0
    for gap, length in poll_steps:  # polls in date order, never sharing a day
        poll_spans.append((day + gap, day + gap + length))
        day += gap + length
    events = span_frame(event_spans, "event_id")
    elections = span_frame(poll_spans, "election_id", {"kind": "national"})
    polls = list(zip(elections["election_id"], elections["date_earliest"], elections["date_latest"]))
    found = timing.next_election(events, elections).set_index("event_id")
    for event_id, first, last in zip(events["event_id"], events["date_earliest"], events["date_latest"]):
        nexts = {}
        for day in pd.date_range(first, last, freq="D"):
            can = next((p for p in polls if p[2] >= day), None)   # can fall on or after the day
            must = next((p for p in polls if p[1] >= day), None)  # must: every earlier one may fall before
            for poll in {can, must} - {None}:
                nexts.setdefault(poll[0], []).append((poll[2] - day).days)
        row = found.loc[event_id]
        if not nexts:
            assert pd.isna(row["next_election"])
            continue
        assert set(row["next_elections"].split()) == set(nexts)
        assert row["days_max"] == max(max(gaps) for gaps in nexts.values())
        assert 0 <= row["days_min"] <= row["days_max"]


@SETTINGS
@given(st.lists(spans(60), max_size=8), spans(1500), st.integers(0, 400), st.booleans())
def test_window_masks_obey_their_laws(poll_spans, period, days, after):
    elections = span_frame(poll_spans, "election_id")
    start, end = day_of(period[0]), day_of(period[1])
    calendar, certain, possible = timing.window_masks(elections, start, end, days, after)
    assert calendar.equals(pd.date_range(start, end, freq="D"))
    for lo, hi in zip(elections["date_earliest"], elections["date_latest"]):  # every polling day's window
        for poll in pd.date_range(lo, hi, freq="D"):
            window = (calendar > poll) & (calendar <= poll + pd.Timedelta(days=days)) if after else \
                (calendar >= poll - pd.Timedelta(days=days)) & (calendar <= poll)
            assert not (window & ~possible).any()  # a day in some polling day's window is possibly in one
    assert not (certain & ~possible).any()  # a day certainly in a window is possibly in it
    if (elections["date_earliest"] == elections["date_latest"]).all():
        assert (certain == possible).all()  # exact polling days leave nothing uncertain


@SETTINGS
@given(st.lists(spans(60), max_size=5), st.lists(spans(300), max_size=10), st.booleans())
def test_spans_in_window_equal_checking_every_day_of_each_span(poll_spans, step_spans, after):
    elections = span_frame(poll_spans, "election_id")
    steps = span_frame(step_spans, "event_id")
    calendar, certain, possible = timing.window_masks(elections, day_of(0), day_of(3400), 365, after)
    got = timing.spans_in_window(steps, calendar, certain, possible)
    for (first, last), value in zip(step_spans, got):
        inside = [calendar.get_loc(pd.Timestamp(day_of(d))) for d in range(first, last + 1)]
        plain = "yes" if certain[inside].all() else "possibly" if possible[inside].any() else "no"
        assert value == plain


# --- money ---------------------------------------------------------------------------------------


# --- grouping helpers -------------------------------------------------------------------------

IDS = st.sampled_from(["a", "b", "c", "a-2", "b-10", "ab", "z", "é"])


@SETTINGS
@given(st.lists(st.one_of(IDS, st.none()), max_size=40))
def test_map_distinct_equals_map(values):
    series = pd.Series(values, dtype=object)
    pd.testing.assert_series_equal(common.map_distinct(series, repr), series.map(repr), check_dtype=False)


# --- the pattern tables, on shuffled subsets of the project's data ------------------------------

DATA = casebook.load(check_quotes=False)
# Tables drawn from: a shuffled subset of each (the others whole, so that every name and title
# still resolves). Penalties keep only those whose decision is still there; at least one event is
# kept (with none, the landing page's case index fails, before and after).
VARIED = ("events", "statements", "fairness", "evidence", "conflicts", "case_parties", "charges", "penalties")


@st.composite
def datasets(draw):
    rnd = draw(st.randoms(use_true_random=False))
    data = casebook.data.load.Dataset(DATA)
    for name in VARIED:
        frame = DATA[name]
        keep = rnd.sample(range(len(frame)), rnd.randint(1 if name == "events" else 0, len(frame)))
        data[name] = frame.iloc[keep].reset_index(drop=True) if rnd.random() < 0.5 else frame.iloc[keep]
    data["penalties"] = data["penalties"][data["penalties"]["event_id"].isin(data["events"]["event_id"])]
    return data


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(sorted(units.DIRECTION)), spans(6), st.integers(-1, 11)), min_size=1, max_size=12))
def test_legal_steps_fold_every_part_in_row_order(rows):
    """Acts with several parts folded into them: the parts keep the order of their rows."""
    ids = [f"e{i}" for i in range(len(rows))]
    events = span_frame([span for _, span, _ in rows], "event_id", {
        "kind": [kind for kind, _, _ in rows], "case_id": "c1",
        "part_of": [ids[part] if 0 <= part < len(rows) and ids[part] != ids[i] else None
                    for i, (_, _, part) in enumerate(rows)]})
    data = {"events": events, "cases": pd.DataFrame({"case_id": ["c1"], "kind": ["criminal"]})}
    for act in units.legal_steps(data).itertuples():
        assert act.parts == [act.kind, *events.loc[events["part_of"] == act.event_id, "kind"]]


@FEW
@given(datasets())
def test_election_timing_columns_equal_row_by_row_wording(data):
    from casebook.dates import describe
    table = patterns.election_timing(data)
    if table.empty:
        return
    polls = data["elections"].set_index("election_id")
    last_source = data["sources"]["published_latest"].max()

    def scheduled(e):  # a poll after the last source is only scheduled
        return "scheduled for " if polls.loc[e, "date_earliest"] > last_source else ""
    none = [None] * len(table)

    def outside(*bases):  # a bound from outside the archive is named beside the date
        return " (from a public source outside the archive)" if "corroborated" in bases else ""
    assert list(table["Date"]) == [dates.describe_known(d, s, e, a) + outside(b, s, e) for d, b, s, e, a in zip(
        table["date"], table.get("date_basis", none), table.get("start_basis", none), table.get("end_basis", none),
        table.get("date_as_stated", none))]
    assert list(table["Step"]) == [patterns.step_words(p) for p in table["parts"]]
    assert list(table["Next election"]) == [
        " or ".join(f"{polls.loc[e, 'kind']} ({scheduled(e)}{describe(polls.loc[e, 'date'])})" for e in ids.split())
        if isinstance(ids, str) else "none in the data" for ids in table["next_elections"]]
    sources = table["event_id"].map(common.sources_by_record(data["evidence"])).astype(object).fillna("")
    assert list(table["Sources"]) == list(sources)
    said = patterns.apology_statements(data)
    plain = data["statements"][data["statements"]["quote"].str.contains(patterns.APOLOGY_WORDS)]
    assert list(said["statement_id"]) == list(plain.sort_values(["date_earliest", "statement_id"])["statement_id"])


# --- reading and screening the package ------------------------------------------------------------

CELLS = st.sampled_from(["", "a", "ab", "a-b", "A", "a b", "yes", "no", "1", "é", " ", "x" * 9, "None"])


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(["a", "b c", "line\nbreak", "two\r\nlines", "", 'q"uote', "\r"]),
                         min_size=2, max_size=2), max_size=8),
       st.sampled_from(["\n", "\r\n"]))
def test_each_row_s_line_is_the_line_the_reader_starts_it_on(rows, ending):
    import csv
    import io
    import tempfile
    from pathlib import Path

    from casebook.data.read import read_table
    text = io.StringIO()
    csv.writer(text, lineterminator=ending).writerows([["h", "h2"], *rows])
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "t.csv").write_text(text.getvalue(), encoding="utf-8", newline="")
        resource = {"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "h"}, {"name": "h2"}]}}
        table = read_table(Path(folder), resource)
        with (Path(folder) / "t.csv").open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            next(reader)
            plain_rows, plain_lines, start = [], [], reader.line_num + 1
            for cells in reader:
                plain_rows.append(cells)
                plain_lines.append(start)
                start = reader.line_num + 1
    assert table.rows == plain_rows and list(table.lines) == plain_lines
