"""Properties: each fast path equals its plain definition, and date ranges obey their laws.

The plain definitions are written here, day by day or row by row, as simply as they can be said
(several are the library's own earlier code, kept as the reference its faster code must match).
Hypothesis draws the inputs: dates and spans for the date arithmetic, small tables for the
derivations, and shuffled subsets of the project's data for the pattern tables.
"""

import calendar as month_calendar
import re
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import casebook
from casebook import dates
from casebook.data import load as loading
from casebook.derive import money, timing, units
from casebook.views import common, landing, patterns

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
@given(iso_values(), iso_values())
def test_the_days_between_two_dates_are_a_range_that_holds_every_pair_of_days(one, other):
    earlier, later = dates.parse(one), dates.parse(other)
    fewest, most = dates.span_days(earlier, later)
    assert fewest >= 0 or most < 0
    assert fewest <= max(most, 0)
    assert most == (later[1] - earlier[0]).days
    assert fewest == max(0, (later[0] - earlier[1]).days)


@SETTINGS
@given(st.lists(st.one_of(iso_values(), st.just(""), st.none()), max_size=30))
def test_bounds_parsed_once_per_distinct_value_equal_bounds_parsed_row_by_row(values):
    plain = pd.DataFrame({"date": pd.Series(values, dtype=object)})
    dates.add_bounds(plain, "date")
    fast = pd.DataFrame({"date": pd.Series(values, dtype=object)})
    loading._add_bounds(fast, "date")
    pd.testing.assert_frame_equal(fast, plain)


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


def plain_next_election(events: pd.DataFrame, elections: pd.DataFrame) -> list[tuple]:
    """`_gaps` said row by row in plain Python: the candidate days are the event's first day and
    the day after each election (in date order) that ends inside its span; at each, the next
    election is the first (in date order) that can fall on or after it."""
    polls = elections.sort_values("date_earliest").reset_index(drop=True)
    order = list(zip(polls["election_id"], polls["date_earliest"], polls["date_latest"], polls["kind"]))

    def next_from(day):
        return next((poll for poll in order if poll[2] >= day), None)

    rows = []
    for event_id, first, last in zip(events["event_id"], events["date_earliest"], events["date_latest"]):
        days = [first] + [end + pd.Timedelta(days=1) for _, _, end, _ in order if first <= end < last]
        found = [(day, next_from(day)) for day in days if next_from(day) is not None]
        if not found:
            rows.append((event_id, None, None, None, None, None))
            continue
        ids = list(dict.fromkeys(poll[0] for _, poll in found))
        most = max((poll[2] - day).days for day, poll in found)
        after = next_from(last)
        overlaps = any(start <= last and end >= first for _, start, end, _ in order)
        fewest = 0 if overlaps or after is None else max(0, (after[1] - last).days)
        rows.append((event_id, ids[0], " ".join(ids), found[0][1][3], fewest, most))
    return rows


@SETTINGS
@given(st.lists(spans(), max_size=12), st.lists(spans(120), max_size=6), st.data())
def test_next_election_equals_its_plain_definition(event_spans, poll_spans, data):
    events = span_frame(event_spans, "event_id")
    kinds = data.draw(st.lists(st.sampled_from(["national", "commune"]), min_size=len(poll_spans),
                               max_size=len(poll_spans)))
    elections = span_frame(poll_spans, "election_id", {"kind": kinds})
    fast = timing.next_election(events, elections)
    plain = pd.DataFrame(plain_next_election(events, elections), columns=fast.columns)
    for column in ("days_min", "days_max"):
        plain[column] = plain[column].astype("Int64")
    pd.testing.assert_frame_equal(fast, plain, check_dtype=False)


@SETTINGS
@given(st.lists(spans(), min_size=1, max_size=6), st.lists(spans(120), max_size=6))
def test_next_election_obeys_the_day_by_day_laws(event_spans, poll_spans):
    """Over every day the event may fall on: the elections that may come next are exactly those
    that come next after one of its days, and the most days is the largest gap from one of them."""
    events = span_frame(event_spans, "event_id")
    elections = span_frame(poll_spans, "election_id", {"kind": "national"})
    polls = elections.sort_values("date_earliest")
    order = list(zip(polls["election_id"], polls["date_latest"]))
    found = timing.next_election(events, elections).set_index("event_id")
    for event_id, first, last in zip(events["event_id"], events["date_earliest"], events["date_latest"]):
        nexts = {}
        for day in pd.date_range(first, last, freq="D"):
            poll = next(((election_id, end) for election_id, end in order if end >= day), None)
            if poll is not None:
                nexts.setdefault(poll[0], []).append((poll[1] - day).days)
        row = found.loc[event_id]
        if not nexts:
            assert pd.isna(row["next_election"])
            continue
        assert set(row["next_elections"].split()) == set(nexts)
        assert row["days_max"] == max(max(gaps) for gaps in nexts.values())
        assert 0 <= row["days_min"] <= row["days_max"]


def plain_window_masks(elections, start, end, days=365, after=False):
    """Each day of the calendar compared with each election (the library's earlier code)."""
    calendar = pd.date_range(start, end, freq="D")
    certain, possible = np.zeros(len(calendar), bool), np.zeros(len(calendar), bool)
    span = pd.Timedelta(days=days)
    for lo, hi in zip(elections["date_earliest"], elections["date_latest"]):
        if after:
            sure, maybe = (hi + pd.Timedelta(days=1), lo + span), (lo + pd.Timedelta(days=1), hi + span)
        else:
            sure, maybe = (hi - span, lo), (lo - span, hi)
        certain |= (calendar >= sure[0]) & (calendar <= sure[1])
        possible |= (calendar >= maybe[0]) & (calendar <= maybe[1])
    return calendar, certain, possible


@SETTINGS
@given(st.lists(spans(60), max_size=8), spans(1500), st.integers(0, 400), st.booleans())
def test_window_masks_equal_checking_every_day_against_every_election(poll_spans, period, days, after):
    elections = span_frame(poll_spans, "election_id")
    start, end = day_of(period[0]), day_of(period[1])
    calendar, certain, possible = timing.window_masks(elections, start, end, days, after)
    plain_calendar, plain_certain, plain_possible = plain_window_masks(elections, start, end, days, after)
    assert calendar.equals(plain_calendar)
    assert (certain == plain_certain).all() and (possible == plain_possible).all()
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

def plain_penalties_in_usd(penalties, events, fx_rates) -> list[tuple]:
    """Each penalty converted on its own: a riel amount at the rate whose date's midpoint lies
    closest to the decision's first day (the first such rate on a tie)."""
    decided = dict(zip(events["event_id"], events["date_earliest"]))
    middles = [lo + (hi - lo) / 2 for lo, hi in zip(fx_rates["date_earliest"], fx_rates["date_latest"])]
    rows = []
    for amount, currency, event_id in zip(penalties["amount"], penalties["currency"], penalties["event_id"]):
        if currency == "KHR":
            day = decided[event_id]
            gaps = [abs(middle - day) for middle in middles]
            best = gaps.index(min(gaps))
            rows.append((fx_rates["rate_id"].iloc[best], amount / fx_rates["khr_per_usd"].iloc[best]))
        else:
            rows.append((None, amount if currency == "USD" else None))
    return rows


NEAR = st.tuples(st.integers(0, 20), st.sampled_from([0, 2, 4, 6])).map(lambda p: (p[0], p[0] + p[1]))


@SETTINGS
@given(st.sampled_from([spans(40), NEAR]), st.data())
def test_penalties_in_usd_equal_converting_each_penalty_on_its_own(days, data):
    """Rates and decisions spread out, or close together (two rates then often equally near)."""
    rate_spans = data.draw(st.lists(days, min_size=1, max_size=6))
    fx_rates = span_frame(rate_spans, "rate_id", {"khr_per_usd": data.draw(
        st.lists(st.integers(3000, 5000), min_size=len(rate_spans), max_size=len(rate_spans)))})
    events = span_frame(data.draw(st.lists(days, min_size=1, max_size=6)), "event_id")
    n = data.draw(st.integers(0, 12))
    penalties = pd.DataFrame({
        "penalty_id": [f"p{i}" for i in range(n)],
        "event_id": data.draw(st.lists(st.sampled_from(list(events["event_id"])), min_size=n, max_size=n)),
        "currency": data.draw(st.lists(st.sampled_from(["KHR", "USD", None]), min_size=n, max_size=n)),
        "amount": data.draw(st.lists(st.floats(1, 1e10), min_size=n, max_size=n))})
    out = money.penalties_in_usd(penalties, events, fx_rates)
    plain = plain_penalties_in_usd(penalties, events, fx_rates)
    assert [None if pd.isna(rate) else rate for rate in out["rate_id"]] == [rate for rate, _ in plain]
    for got, (_, usd) in zip(out["usd_computed"], plain):
        assert (pd.isna(got) and usd is None) or got == usd


# --- grouping helpers -------------------------------------------------------------------------

IDS = st.sampled_from(["a", "b", "c", "a-2", "b-10", "ab", "z", "é"])


@SETTINGS
@given(st.lists(st.tuples(IDS, IDS), max_size=40))
def test_sources_by_record_equals_joining_each_record_s_sources(pairs):
    evidence = pd.DataFrame(pairs, columns=["record_id", "source_id"], dtype=object)
    plain = evidence.groupby("record_id")["source_id"].agg(lambda s: ", ".join(sorted(set(s))))
    pd.testing.assert_series_equal(common.sources_by_record(evidence), plain)
    some = sorted({r for r, _ in pairs})[::2]
    restricted = common.sources_by_record(evidence, some)
    pd.testing.assert_series_equal(restricted, plain[plain.index.isin(some)], check_index_type=False)


@SETTINGS
@given(st.lists(st.tuples(st.one_of(IDS, st.none()), IDS), max_size=40), st.sampled_from([", ", " ", "; "]))
def test_join_groups_equals_groupby_join(pairs, sep):
    frame = pd.DataFrame(pairs, columns=["key", "value"], dtype=object)
    fast = common.join_groups(frame["key"], frame["value"], sep)
    plain = frame.groupby("key")["value"].agg(sep.join)
    pd.testing.assert_series_equal(fast, plain, check_dtype=False, check_index_type=False)


@SETTINGS
@given(st.lists(st.one_of(IDS, st.none()), max_size=40))
def test_sorted_codes_equal_factorize_sorted(values):
    codes, uniques = common.sorted_codes(pd.Series(values, dtype=object))
    plain_codes, plain_uniques = pd.factorize(pd.Series(values, dtype=object), sort=True)
    assert list(codes) == list(plain_codes) and list(uniques) == list(plain_uniques)


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


def plain_sources_by_record(evidence):
    return evidence.groupby("record_id")["source_id"].agg(lambda s: ", ".join(sorted(set(s))))


def plain_legal_steps(data, direction=None):
    events = data["events"]
    legal = events[events["kind"].isin(units.DIRECTION) & events["case_id"].isin(units.proceedings(data)["case_id"])]
    part_of = legal["part_of"]
    acts = legal[part_of.isna()].copy()
    folded = legal[part_of.notna()].groupby(part_of[part_of.notna()])["kind"].agg(list)
    acts["parts"] = [[kind] + folded.get(event_id, []) for kind, event_id in zip(acts["kind"], acts["event_id"])]
    acts["direction"] = acts["kind"].map(units.DIRECTION)
    if direction is not None:
        acts = acts[acts["direction"] == direction]
    return acts.sort_values(["date_earliest", "date_latest", "event_id"]).reset_index(drop=True)


def plain_digital_events(data):
    from casebook.dates import describe
    events = data["events"]
    digital = events[events["kind"].isin(patterns.DIGITAL) & events["case_id"].notna()]
    steps = units.legal_steps(data)
    steps_by_case = {case_id: group for case_id, group in steps.groupby("case_id")}
    proceedings = set(units.proceedings(data)["case_id"])
    names, titles = patterns._names(data), patterns._titles(data)
    rows = []
    for item in digital.sort_values(["date_earliest", "event_id"]).itertuples():
        later = steps_by_case.get(item.case_id, steps.iloc[:0])
        later = later[later["date_latest"] > item.date_earliest]
        if later.empty:
            step, order = "", "none recorded"
        else:
            first = later.iloc[0]
            step = f"{describe(first['date'])}: {first['summary']}"
            order = "after it" if first["date_earliest"] > item.date_latest else "order uncertain"
        rows.append({"case_id": item.case_id, "event_id": item.event_id, "in_proceeding": item.case_id in proceedings,
                     "Case": titles[item.case_id],
                     "Date": dates.describe_known(item.date, getattr(item, "start_basis", None),
                                                  getattr(item, "end_basis", None), getattr(item, "date_as_stated", None)),
                     "What": common.words(item.kind), "Who acted": names[item.actor_id],
                     "Made public by (who says so)": patterns.made_public(data, digital.loc[[item.Index]]).iloc[0],
                     "Summary": item.summary,
                     "First legal step that can follow": step if item.case_id in proceedings else "not a proceeding",
                     "Order": order if item.case_id in proceedings else ""})
    return pd.DataFrame(rows, columns=["case_id", "event_id", "in_proceeding", "Case", "Date", "What", "Who acted",
                                       "Made public by (who says so)", "Summary", "First legal step that can follow",
                                       "Order"])


def plain_claims(data):
    fairness = data["fairness"]
    claims = fairness[fairness["case_id"].isin(units.proceedings(data)["case_id"])].copy()
    claims["source"] = claims["fairness_id"].map(plain_sources_by_record(data["evidence"])).astype("str").fillna("")
    return claims


def plain_due_process_cells(data):
    names, titles = patterns._names(data), patterns._titles(data)
    claims = plain_claims(data)
    claims = claims.assign(who=claims["assessed_by"].map(names))
    rows = []
    for (case_id, indicator), group in claims.groupby(["case_id", "indicator"], sort=True):
        values = set(group["value"])
        cell = values.pop() if len(values) == 1 else "disputed"
        rows.append({"case_id": case_id, "Case": titles[case_id], "Indicator": common.words(indicator),
                     "Cell": cell, "Who says so": "; ".join(f"{w} ({v})" for w, v in zip(group["who"], group["value"])),
                     "record_ids": " ".join(group["fairness_id"])})
    return pd.DataFrame(rows, columns=["case_id", "Case", "Indicator", "Cell", "Who says so", "record_ids"])


def plain_fairness_values(data):
    cells = plain_claims(data).groupby(["case_id", "indicator"])["value"].agg(
        lambda v: v.iloc[0] if v.nunique() == 1 else "disputed")
    return cells.unstack(fill_value="")


def plain_claims_by_source(data):
    claims = plain_claims(data)
    per = claims.groupby("source").agg(claims=("fairness_id", "size"), proceedings=("case_id", "nunique"),
                                       most_on_one=("case_id", lambda c: int(c.value_counts().iloc[0])))
    per = per.reset_index().rename(columns={"source": "source_id"})
    names = patterns.source_names(data)
    per.insert(0, "Source", ["; ".join(names.get(s.strip(), s) for s in sid.split(",")) for sid in per["source_id"]])
    return per.sort_values("claims", ascending=False, kind="stable").reset_index(drop=True)


def plain_speakers(data):
    st_ = data["statements"].merge(data["actors"], left_on="speaker_id", right_on="actor_id")
    titles = patterns._titles(data)
    on_proceeding = st_["case_id"].isin(units.proceedings(data)["case_id"])
    st_["side"] = [patterns.STANCE_WORDS[x] if p else patterns.CONTEXT_STANCE_WORDS[x]
                   for x, p in zip(st_["stance"], on_proceeding)]
    grouped = st_.groupby(["source_id", "name", "alignment"]).agg(
        statements=("statement_id", "size"),
        stances=("side", lambda s: ", ".join(sorted(set(s)))),
        direct=("quote_kind", lambda k: int((k == "direct").sum())),
        cases=("case_id", lambda c: "; ".join(sorted(titles[x] for x in set(c.dropna())))),
        record_ids=("statement_id", " ".join))
    out = grouped.reset_index()
    out["source_id"] = out["source_id"].map(patterns.source_names(data))
    out["alignment"] = out["alignment"].map(common.words)
    return out.rename(columns={
        "source_id": "Source", "name": "Speaker", "alignment": "Alignment", "statements": "Statements",
        "stances": "Sides", "direct": "Quoted directly", "cases": "Cases"})


def plain_parties_table(data):
    names, parties = patterns._names(data), data["case_parties"]
    brought = units.bringers(data)
    brought = brought.assign(name=[names[a] + (" (worked out from the source's words, not stated)" if b == "inferred" else "")
                                   for a, b in zip(brought["actor_id"], brought["role_basis"])])
    brought = brought.groupby("case_id", sort=False)["name"].agg(", ".join)
    acted = parties[(parties["role"] == "judge")].assign(name=lambda p: p["actor_id"].map(names))
    against = units.defendants(data)
    against = against.assign(name=against["actor_id"].map(names)).groupby("case_id", sort=False)["name"].agg(", ".join)
    levels = (data["events"].dropna(subset=["court_level"]).drop_duplicates(["case_id", "court_level"])
              .groupby("case_id")["court_level"]
              .agg(lambda lv: ", ".join(patterns.COURT_WORDS[x] for x in sorted(
                  lv, key=lambda x: patterns.COURT_ORDER[x] if x != "not_named" else 99))))
    cases = units.proceedings(data)
    unnamed = set(parties.loc[(parties["role"] == "judge") & (parties["actor_id"] == patterns.UNNAMED_COURT), "case_id"])
    admin = acted.groupby("case_id")["name"].agg(", ".join)
    by = [brought.get(c) or (f"no plaintiff: a decision of the {admin.get(c)}" if k == "administrative" and c in admin
                             else "not named in the sources")
          for c, k in zip(cases["case_id"], cases["kind"])]
    return pd.DataFrame({
        "case_id": cases["case_id"], "Case": cases["title"],
        "Kind": [common.case_kind(k, b) for k, b in zip(cases["kind"], cases.get("kind_basis", [None] * len(cases)))],
        "Brought by": by,
        "Against": cases["case_id"].map(against).astype(object).fillna("not named"),
        "Courts reached": pd.Series([levels[c] if c in levels.index
                                     else patterns.COURT_WORDS["not_named"] if c in unnamed else "not stated"
                                     for c in cases["case_id"]], index=cases.index, dtype=object),
        "Outcome": [f"{status} ({dates.describe_as_of(as_of)})" for status, as_of in zip(cases["status"], cases["status_as_of"])],
    }).reset_index(drop=True)


def plain_conflicts_side_by_side(data):
    index = patterns.record_index(data)
    rows = []
    for conflict in data["conflicts"].itertuples():
        for number, record_id in enumerate(conflict.record_ids.split(), 1):
            record = index.loc[record_id] if record_id in index.index else None
            rows.append({"conflict_id": conflict.conflict_id,
                         "Kind": patterns.CONFLICT_KINDS.get(conflict.kind, conflict.kind),
                         "Topic": patterns.TOPIC_WORDS.get(conflict.topic, conflict.topic),
                         "Disagreement": conflict.description if number == 1 else "",
                         "Version": f"{record_id} ({record['table']})" if record is not None else record_id,
                         "record_id": record_id,
                         "Says": "" if record is None else record["says"],
                         "Source": "" if record is None else record["source_id"],
                         "case_id": None if record is None else record["case_id"]})
    return pd.DataFrame(rows)


def plain_case_index(data):
    from casebook.dates import describe
    from casebook.vocabulary import COURT_NAMES
    parties = patterns.parties_table(data).set_index("case_id")
    levels = data.events.dropna(subset=["court_level"]).groupby("case_id")["court_level"].agg(
        lambda lv: COURT_NAMES[max(lv, key=patterns.COURT_ORDER.get)])
    steps = units.legal_steps(data)
    assumed = steps["start_basis"].eq("assumed") if "start_basis" in steps else pd.Series(False, index=steps.index)
    began = steps["date_earliest"].where(~assumed, steps["date_latest"]).groupby(steps["case_id"]).min()
    began = began.combine_first(data.events.groupby("case_id")["date_earliest"].min())
    cases = units.proceedings(data)
    cases = cases.assign(began=cases["case_id"].map(began)).sort_values(["began", "case_id"], na_position="last")
    return pd.DataFrame({
        "Case": cases["title"], "Defendant": cases["case_id"].map(parties["Against"]),
        "Brought by": cases["case_id"].map(parties["Brought by"]),
        "Highest court reached": cases["case_id"].map(levels).astype(object).fillna("not stated"),
        "Outcome": cases["status"], "As of": cases["status_as_of"].map(describe), "chapter": cases["chapter"],
    }).reset_index(drop=True)


def equal(fast, plain):
    if isinstance(plain, pd.DataFrame):
        pd.testing.assert_frame_equal(fast, plain, check_exact=True)
    else:
        pd.testing.assert_series_equal(fast, plain, check_exact=True)


@FEW
@given(datasets())
def test_legal_steps_fold_parts_as_their_plain_definition_does(data):
    for direction in (None, "adverse"):
        equal(units.legal_steps(data, direction), plain_legal_steps(data, direction))


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["c1", "c2", "c3"]), NEAR), max_size=12),
       st.lists(st.tuples(st.sampled_from(["c1", "c2", "c4", None]), NEAR), max_size=8))
def test_first_step_after_equals_filtering_each_case_s_steps(step_rows, item_rows):
    steps = span_frame([span for _, span in step_rows], "event_id", {"case_id": [case for case, _ in step_rows]})
    steps = steps.sort_values(["date_earliest", "date_latest", "event_id"]).reset_index(drop=True)
    items = span_frame([span for _, span in item_rows], "item", {"case_id": [case for case, _ in item_rows]})
    found = patterns._first_after(items["case_id"], items["date_earliest"], steps)
    for case_id, day, position in zip(items["case_id"], items["date_earliest"], found):
        later = steps[(steps["case_id"] == case_id) & (steps["date_latest"] > day)]
        assert position == (later.index[0] if len(later) else -1)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(sorted(units.DIRECTION)), NEAR, st.integers(-1, 11)), min_size=1, max_size=12))
def test_legal_steps_fold_every_part_in_row_order(rows):
    """Acts with several parts folded into them: the parts keep the order of their rows."""
    ids = [f"e{i}" for i in range(len(rows))]
    events = span_frame([span for _, span, _ in rows], "event_id", {
        "kind": [kind for kind, _, _ in rows], "case_id": "c1",
        "part_of": [ids[part] if 0 <= part < len(rows) and ids[part] != ids[i] else None
                    for i, (_, _, part) in enumerate(rows)]})
    data = {"events": events, "cases": pd.DataFrame({"case_id": ["c1"], "kind": ["criminal"]})}
    for direction in (None, "adverse"):
        equal(units.legal_steps(data, direction), plain_legal_steps(data, direction))


@FEW
@given(datasets())
def test_digital_events_equal_finding_each_item_s_next_step_by_filtering(data):
    equal(patterns.digital_events(data), plain_digital_events(data))


@FEW
@given(datasets())
def test_due_process_tables_equal_their_plain_definitions(data):
    equal(patterns.due_process_cells(data), plain_due_process_cells(data))
    equal(patterns.fairness_values(data), plain_fairness_values(data))
    equal(patterns.claims_by_source(data), plain_claims_by_source(data))


@FEW
@given(datasets())
def test_speakers_and_parties_equal_their_plain_definitions(data):
    equal(patterns.speakers(data), plain_speakers(data))
    equal(patterns.parties_table(data), plain_parties_table(data))
    equal(landing.case_index(data), plain_case_index(data))


@FEW
@given(datasets())
def test_conflicts_and_record_sources_equal_their_plain_definitions(data):
    equal(patterns.conflicts_side_by_side(data), plain_conflicts_side_by_side(data))
    index = patterns.record_index(data)
    plain = plain_sources_by_record(data["evidence"])
    assert (index["source_id"].fillna("") == index["source_id"].fillna(index.index.to_series().map(plain))
            .fillna("")).all()


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
    assert list(table["Date"]) == [dates.describe_known(d, s, e, a) for d, s, e, a in zip(
        table["date"], table.get("start_basis", [None] * len(table)), table.get("end_basis", [None] * len(table)),
        table.get("date_as_stated", [None] * len(table)))]
    assert list(table["Step"]) == [patterns.step_words(p) for p in table["parts"]]
    assert list(table["Next election"]) == [
        " or ".join(f"{polls.loc[e, 'kind']} ({scheduled(e)}{describe(polls.loc[e, 'date'])})" for e in ids.split())
        if isinstance(ids, str) else "none in the data" for ids in table["next_elections"]]
    sources = table["event_id"].map(plain_sources_by_record(data["evidence"])).astype(object).fillna("")
    assert list(table["Sources"]) == list(sources)
    said = patterns.apology_statements(data)
    plain = data["statements"][data["statements"]["quote"].str.contains(patterns.APOLOGY_WORDS)]
    assert list(said["statement_id"]) == list(plain.sort_values(["date_earliest", "statement_id"])["statement_id"])


@FEW
@given(datasets(), st.randoms(use_true_random=False))
def test_evidence_finds_each_record_as_the_plain_dicts_do(data, rnd):
    from casebook.views.evidence import KEYS, Evidence
    rows, quotes = {}, {}
    for table, key in KEYS.items():
        frame = data[table]
        ids = frame[key[0]] if len(key) == 1 else frame[key].astype(str).agg("/".join, axis=1)
        for record_id, row in zip(ids, frame.to_dict("records")):
            rows[record_id] = (table, row)
    for row in data["evidence"].itertuples():
        quotes.setdefault(row.record_id, []).append((row.source_id, row.quote))
    for row in data["statements"].itertuples():
        quotes.setdefault(row.statement_id, []).insert(0, (row.source_id, row.quote))
    evidence = Evidence(data)
    asked = rnd.sample(sorted(rows), min(40, len(rows))) + rnd.sample(sorted(quotes), min(40, len(quotes)))
    for record_id in asked + ["no-such-record"]:
        (table, row), (plain_table, plain_row) = evidence.rows.get(record_id, ("", {})), rows.get(record_id, ("", {}))
        assert table == plain_table and list(row) == list(plain_row)
        for column, value in row.items():  # equal, or both missing (two NaN are never equal)
            assert type(value) is type(plain_row[column]) and (value == plain_row[column] or pd.isna(value))
        assert evidence.quotes.get(record_id) == quotes.get(record_id)
        assert evidence.has_evidence(record_id) == bool(quotes.get(record_id))
    assert set(evidence.rows) == set(rows) and set(evidence.quotes) == set(quotes)


# --- reading and screening the package ------------------------------------------------------------

CELLS = st.sampled_from(["", "a", "ab", "a-b", "A", "a b", "yes", "no", "1", "é", " ", "x" * 9, "None"])


@SETTINGS
@given(st.sets(CELLS, max_size=8), st.booleans(), st.one_of(st.none(), st.integers(0, 4)),
       st.one_of(st.none(), st.integers(0, 9)), st.one_of(st.none(), st.sampled_from(["[a-z]+", "[a-z]+(-[a-z]+)*", "."])),
       st.one_of(st.none(), st.lists(st.one_of(CELLS, st.integers(0, 2)), max_size=4)),
       st.sampled_from([[""], ["", "None"], []]))
def test_the_string_screen_judges_cells_as_frictionless_reads_them(cells, required, min_length, max_length, pattern,
                                                                   enum, missing):
    import frictionless

    from casebook.data.validate import _read_strings
    constraints = {k: v for k, v in {"required": required, "minLength": min_length, "maxLength": max_length,
                                     "pattern": pattern, "enum": enum}.items() if v is not None}
    schema = frictionless.Schema.from_descriptor({"fields": [{"name": "x", "type": "string", "constraints": constraints}],
                                                   "missingValues": missing})
    spec = schema.fields[0]
    reader = spec.create_cell_reader()
    read = {cell: reader(cell) for cell in cells}
    judged = _read_strings(spec, set(cells))
    if any(notes for _, notes in read.values()):
        assert judged is False
    else:
        assert judged == {cell for cell, (value, _) in read.items() if value is None}
        assert all(value is cell for cell, (value, _) in read.items() if value is not None)


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
