"""The pattern functions on small hand-built datasets whose right answer is known in advance."""

import numpy as np
import pandas as pd
import pytest

from casebook import dates, settings
from casebook.data.load import Dataset
from casebook.data.read import date_fields, read_descriptor
from casebook.derive import timing, units
from casebook.views import patterns

DATA = settings.data_dir()



def build(**tables) -> Dataset:
    """A typed dataset from rows given by column name; every table of the package exists, and
    columns a row does not name are blank. Nothing is validated: the rows are the test's."""
    out = Dataset()
    for resource in read_descriptor(DATA)["resources"]:
        fields = resource["schema"]["fields"]
        names = [f["name"] for f in fields]
        rows = tables.get(resource["name"], [])
        frame = pd.DataFrame([{n: row.get(n) for n in names} for row in rows], columns=names, dtype=object)
        for spec in fields:
            if spec.get("type") in ("number", "integer"):
                frame[spec["name"]] = pd.to_numeric(frame[spec["name"]])
        for name in date_fields(fields):
            dates.add_bounds(frame, name)
        out[resource["name"]] = frame
    return out


def actor(actor_id, kind="person", name=None):
    return dict(actor_id=actor_id, name=name or actor_id.title(), kind=kind, alignment="other", description="")


def case(case_id, kind="criminal"):
    return dict(case_id=case_id, title=case_id, kind=kind, status="s", status_as_of="2020", chapter="c", summary="")


def event(event_id, date, kind, case_id="c1", actor_id="court", **more):
    return dict(event_id=event_id, date=date, date_basis="stated", kind=kind, case_id=case_id, actor_id=actor_id,
                summary=event_id, **more)


def source(source_id, published="2020-01-01", publisher=None):
    return dict(source_id=source_id, publisher=publisher or source_id, published=published, published_basis="stated",
                doc_type="news_report", archive_file="x.txt")


ACTORS = [actor("court", "court"), actor("defendant"), actor("plaintiff")]


# --- units -------------------------------------------------------------------------------

def test_an_arrest_and_the_detention_it_began_are_one_step():
    data = build(actors=ACTORS, cases=[case("c1")], events=[
        event("arrest", "2020-03-01", "arrest"),
        event("detention", "2020-03-01", "detention", part_of="arrest"),
        event("verdict", "2020-09-01", "verdict")])
    steps = units.legal_steps(data)
    assert list(steps["event_id"]) == ["arrest", "verdict"]
    assert steps.loc[0, "parts"] == ["arrest", "detention"]
    assert patterns.step_words(steps.loc[0, "parts"]) == "arrest and detention"


def test_favourable_steps_are_kept_apart_from_adverse_ones():
    data = build(actors=ACTORS, cases=[case("c1")], events=[
        event("verdict", "2020-01-01", "verdict"), event("pardon", "2020-06-01", "pardon"),
        event("release", "2020-06-02", "release"), event("hearing", "2020-05-01", "hearing")])
    assert list(units.legal_steps(data, "adverse")["event_id"]) == ["verdict"]
    assert list(units.legal_steps(data, "favourable")["event_id"]) == ["pardon", "release"]
    assert list(units.legal_steps(data, "procedural")["event_id"]) == ["hearing"]


def test_context_matters_are_not_proceedings_and_have_no_steps():
    data = build(actors=ACTORS, cases=[case("c1"), case("ctx", "context")], events=[
        event("v", "2020-01-01", "verdict"), event("x", "2020-01-01", "verdict", case_id="ctx")])
    assert list(units.proceedings(data)["case_id"]) == ["c1"]
    assert list(units.legal_steps(data)["event_id"]) == ["v"]


def test_a_party_and_its_president_are_one_side():
    data = build(
        actors=ACTORS + [actor("leader"), actor("party", "political_party"), actor("club", "ngo"), actor("chair")],
        affiliations=[dict(affiliation_id="a1", actor_id="leader", organisation_id="party", role="President"),
                      dict(affiliation_id="a2", actor_id="chair", organisation_id="club", role="President")],
        cases=[case("c1"), case("c2"), case("c3")],
        case_parties=[dict(case_id="c1", actor_id="leader", role="plaintiff"),
                      dict(case_id="c2", actor_id="party", role="plaintiff"),
                      dict(case_id="c3", actor_id="chair", role="plaintiff"),
                      *[dict(case_id=c, actor_id="defendant", role="defendant") for c in ("c1", "c2", "c3")]])
    brought = units.bringers(data).set_index("case_id")["side"]
    assert brought["c1"] == brought["c2"] == "party"
    assert brought["c3"] == "chair"          # presiding over an NGO does not merge sides
    found = patterns.parties_findings(data)
    assert (found["sides"], found["top_side_cases"], found["defendants"]) == (2, 2, 1)
    assert found["top_side"].startswith("Leader or the Party")


def test_every_defendant_of_every_proceeding_is_counted_with_or_without_a_plaintiff():
    data = build(actors=ACTORS + [actor("other")], cases=[case("c1"), case("c2")],
                 case_parties=[dict(case_id="c1", actor_id="plaintiff", role="plaintiff"),
                               dict(case_id="c1", actor_id="defendant", role="defendant"),
                               dict(case_id="c2", actor_id="other", role="defendant")])
    found = patterns.parties_findings(data)
    assert (found["proceedings"], found["defendants"], found["with_bringer"], found["without_bringer"]) == (2, 2, 1, 1)


# --- timing against the calendar -------------------------------------------------------------

ELECTIONS = [dict(election_id="e1", date="2021-01-01", kind="national"),
             dict(election_id="e2", date="2023-01-01", kind="national")]


def test_the_baseline_share_is_the_share_of_days_in_the_window():
    elections = build(elections=[dict(election_id="e", date="2020-12-31", kind="national")])["elections"]
    calendar, certain, possible = timing.window_masks(elections, "2020-01-01", "2021-12-31", days=365)
    # 2020 is a leap year: the window is 2020-01-01 .. 2020-12-31, 366 days of 731.
    assert certain.sum() == possible.sum() == 366
    _, after, _ = timing.window_masks(elections, "2020-01-01", "2021-12-31", days=365, after=True)
    assert after.sum() == 365 and not after[calendar.get_loc(pd.Timestamp("2020-12-31"))]


def test_a_month_precision_election_gives_a_range_of_days():
    elections = build(elections=[dict(election_id="e", date="2020-12", kind="commune")])["elections"]
    _, certain, possible = timing.window_masks(elections, "2019-01-01", "2020-12-31", days=365)
    assert possible.sum() - certain.sum() == 60  # 30 unsure days at each end of the window


def test_steps_spread_evenly_over_the_calendar_show_no_concentration():
    days = pd.date_range("2019-01-02", "2022-12-31", freq="14D")
    events = [event(f"s{i}", d.strftime("%Y-%m-%d"), "verdict") for i, d in enumerate(days)]
    data = build(actors=ACTORS, cases=[case("c1")], events=events, elections=ELECTIONS)
    found = patterns.timing_findings(data)
    base = patterns.calendar_baseline(data)
    expected = found["steps"] * base["before_share_certain"]
    assert abs(found["before_certain"] - expected) <= 2
    assert not found["before_above_chance"]
    assert found["verdict"].startswith("about as many steps") and "no clustering" in found["verdict"]


def test_steps_bunched_before_elections_are_detected():
    days = [d for e in ("2021-01-01", "2023-01-01") for d in pd.date_range(end=e, periods=10, freq="7D")]
    days += [pd.Timestamp("2019-01-02")]  # the period starts well before the first window
    events = [event(f"s{i}", d.strftime("%Y-%m-%d"), "arrest") for i, d in enumerate(days)]
    data = build(actors=ACTORS, cases=[case("c1")], events=events, elections=ELECTIONS)
    found = patterns.timing_findings(data)
    assert found["before_certain"] == 20 and found["before_above_chance"]
    assert found["verdict"].startswith("more steps")


def test_imprecise_dates_that_leave_room_either_way_are_reported_as_open():
    years = [event(f"s{i}", str(2019 + i % 4), "verdict") for i in range(24)]  # known only to the year
    data = build(actors=ACTORS, cases=[case("c1")], events=years, elections=ELECTIONS)
    found = patterns.timing_findings(data)
    assert found["before_certain"] < found["before_most"]
    assert "neither shows nor rules out" in found["verdict"]


def test_a_step_whose_span_straddles_the_window_edge_is_only_possibly_inside():
    elections = build(elections=[dict(election_id="e", date="2021-01-01", kind="national")])["elections"]
    calendar, certain, possible = timing.window_masks(elections, "2019-01-01", "2021-06-30", days=365)
    spans = build(events=[event("a", "2019-06", "arrest"), event("b", "2019-12/2020-06", "arrest"),
                          event("c", "2020-06", "arrest")])["events"]
    assert list(timing.spans_in_window(spans, calendar, certain, possible)) == ["no", "possibly", "yes"]


def test_spans_in_window_agrees_with_checking_every_day():
    rng = np.random.default_rng(7)
    elections = build(elections=[dict(election_id="e1", date="2018-07", kind="national"),
                                 dict(election_id="e2", date="2020-06-05", kind="commune")])["elections"]
    calendar, certain, possible = timing.window_masks(elections, "2016-01-01", "2021-12-31")
    starts = rng.integers(0, len(calendar) - 400, 200)
    ends = starts + rng.integers(0, 400, 200)
    spans = pd.DataFrame({"date_earliest": calendar[starts], "date_latest": calendar[ends]})
    got = timing.spans_in_window(spans, calendar, certain, possible)
    for (a, b), value in zip(zip(starts, ends), got):
        plain = "yes" if certain[a:b + 1].all() else "possibly" if possible[a:b + 1].any() else "no"
        assert value == plain


def test_an_act_that_refers_to_an_election_is_not_timed_before_it():
    """The 2022 commune election is bounded by the interview that refers to it: the suits over
    that interview come after it, and their next election is the national one of July 2023."""
    import casebook
    table = patterns.election_timing(casebook.load(check_quotes=False)).set_index("event_id")
    for suit in ("cpp-sues-chhay", "nec-sues-chhay"):
        assert table.loc[suit, "next_election"] == "national-2023"
        assert table.loc[suit, "days_min"] > 0


# --- money ------------------------------------------------------------------------------------

def test_a_rate_derived_from_a_figure_cannot_check_that_figure():
    data = build(
        actors=ACTORS, cases=[case("c1")], events=[event("v", "2020-01-01", "verdict")],
        penalties=[dict(penalty_id="p-derived", case_id="c1", event_id="v", defendant_id="defendant", kind="fine",
                        amount="4000000", currency="KHR", usd_stated="1000"),
                   dict(penalty_id="p-usd", case_id="c1", event_id="v", defendant_id="defendant", kind="compensation",
                        amount="500", currency="USD", usd_stated="500"),
                   dict(penalty_id="p-free", case_id="c1", event_id="v", defendant_id="defendant", kind="compensation",
                        amount="8000000", currency="KHR", usd_stated="2000"),
                   dict(penalty_id="p-off", case_id="c1", event_id="v", defendant_id="defendant", kind="compensation",
                        amount="8000000", currency="KHR", usd_stated="3000")],
        fx_rates=[dict(rate_id="r", khr_per_usd="4000", date="2020-01-01", basis="b", derived_from="p-derived")])
    checks = patterns.money_table(data).set_index("penalty_id")["Dollar check"]
    assert checks["p-derived"].endswith("not a check")
    assert checks["p-usd"].endswith("nothing to check")
    assert checks["p-free"] == "independent check: agrees"
    assert checks["p-off"] == "independent check: differs"
    found = patterns.money_findings(data)
    assert (found["independent"], found["independent_agree"], found["not_checks"]) == (2, 1, 2)
    assert "total" not in found


# --- leaks ------------------------------------------------------------------------------------

def test_the_first_step_that_can_follow_a_leak_is_found_even_when_its_span_is_wide():
    data = build(actors=ACTORS, cases=[case("c1")], events=[
        event("leak", "2017-01", "leak", actor_id="plaintiff"),
        event("suit", "2017-01/2018-12", "lawsuit", actor_id="plaintiff"),
        event("ruling", "2018-12-19", "verdict"),
        event("post", "2016-05", "social_media_post", actor_id="defendant")])
    table = patterns.digital_events(data).set_index("event_id")
    assert table.loc["leak", "First legal step that can follow"].endswith("suit")
    assert table.loc["leak", "Order"] == "order uncertain"
    assert table.loc["post", "First legal step that can follow"].endswith("suit")
    assert table.loc["post", "Order"] == "after it"


def test_a_court_letter_is_not_a_leak():
    data = build(actors=ACTORS, cases=[case("c1")], events=[event("letter", "2018-01", "court_letter")])
    assert patterns.digital_events(data).empty


def test_items_outside_proceedings_are_not_counted_as_followed():
    data = build(actors=ACTORS, cases=[case("ctx", "context")],
                 events=[event("call", "2017-03-04", "leak", case_id="ctx", actor_id="plaintiff")])
    found = patterns.digital_findings(data)
    assert (found["items"], found["in_proceedings"], found["context"], found["followed"]) == (1, 0, 1, 0)


# --- apology, voices, conflicts -------------------------------------------------------------

def test_one_apology_refused_by_two_speakers_is_one_apology():
    data = build(actors=ACTORS + [actor("spokesman")], cases=[case("c1")], events=[
        event("sorry", "2023-02-13", "apology", actor_id="defendant"),
        event("no", "2023-02-13", "apology_rejected", actor_id="plaintiff"),
        event("no-too", "2023-02-28", "apology_rejected", actor_id="spokesman")])
    found = patterns.apology_findings(data)
    assert (found["apologies"], found["responses"]) == (1, 2)
    assert found["responders"] == "Plaintiff and Spokesman"


def test_a_source_that_reports_no_proceeding_is_not_counted_as_quoting_both_sides():
    def said(sid, source_id, stance, case_id):
        return dict(statement_id=sid, speaker_id="plaintiff", date="2020", date_basis="stated", source_id=source_id,
                    quote="q", quote_kind="direct", case_id=case_id, medium="m", stance=stance)
    data = build(actors=ACTORS, cases=[case("c1"), case("ctx", "context")],
                 sources=[source("news"), source("radio"), source("ngo")],
                 statements=[said("a", "news", "for_prosecution", "c1"), said("b", "news", "for_defence", "c1"),
                             said("c", "radio", "for_prosecution", "ctx"), said("d", "radio", "for_defence", "ctx"),
                             said("e", "ngo", "for_prosecution", "c1"), said("f", "ngo", "critical_of_process", "c1")])
    found = patterns.voices_findings(data)
    assert (found["reporting"], found["both_sides"]) == (2, 1)
    assert (found["both_names"], found["other_names"], found["no_proceeding"]) == ("news", "ngo", "radio")


def test_conflicts_are_counted_by_kind_not_by_catch_all_topic():
    data = build(conflicts=[dict(conflict_id=f"k{i}", topic="claim", kind=kind, record_ids="a b", description="")
                            for i, kind in enumerate(["parties_dispute", "parties_dispute", "sources_differ",
                                                      "source_inconsistent"])])
    assert patterns.conflict_findings(data) == {"conflicts": 4, "parties_dispute": 2, "sources_differ": 1,
                                                "source_inconsistent": 1}
    assert "top_topic" not in patterns.conflict_findings(data)


def test_due_process_counts_claims_about_proceedings_only_and_names_the_coding_source():
    claims = [dict(fairness_id=f"f{i}", case_id="c1", indicator=f"ind{i}", value="yes", assessed_by="plaintiff")
              for i in range(3)]
    claims.append(dict(fairness_id="leak", case_id="ctx", indicator="x", value="yes", assessed_by="plaintiff"))
    data = build(actors=ACTORS, cases=[case("c1"), case("ctx", "context")], sources=[source("ngo", publisher="An NGO")],
                 fairness=claims, evidence=[dict(record_id=c["fairness_id"], source_id="ngo", quote="q") for c in claims])
    found = patterns.due_process_findings(data)
    assert (found["claims"], found["proceedings"], found["top_source"], found["top_source_most_on_one"]) == \
        (3, 1, "An NGO", 3)


# --- the corrected data --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    import casebook
    return casebook.load(check_quotes=False)


def test_the_disputed_messages_have_no_named_author(real):
    events = real.events.set_index("event_id")
    assert events.loc["hun-sen-sovantha-messages", "actor_id"] == "authorship-disputed"
    table = patterns.digital_events(real).set_index("event_id")
    assert table.loc["hun-sen-sovantha-messages", "Who acted"] != "Hun Sen"


def test_the_leaked_call_is_never_said_to_have_been_made_public_by_hun_sen(real):
    table = patterns.digital_events(real).set_index("event_id")
    assert table.loc["hun-sen-sokha-phone-call", "Who acted"] == "Hun Sen"  # a party to the call
    assert table.loc["hun-sen-sokha-phone-call", "Made public by (who says so)"].startswith("Seiha Facebook page (Radio")
    assert not table["Made public by (who says so)"].str.startswith("Hun Sen (Radio").any()


def test_kim_soks_2018_warrant_is_not_filed_under_the_2017_case(real):
    events = real.events.set_index("event_id")
    assert events.loc["kim-sok-warrant-2018", "case_id"] != events.loc["kim-sok-verdict-2017", "case_id"]


def test_every_chapter_counts_the_same_proceedings(real):
    procs = set(units.proceedings(real)["case_id"])
    assert set(patterns.parties_table(real)["case_id"]) == procs
    assert set(patterns.election_timing(real)["case_id"]) <= procs
    assert set(patterns.due_process_cells(real)["case_id"]) <= procs
    assert set(patterns.money_table(real)["case_id"]) <= procs
