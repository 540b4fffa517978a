"""The data model's rules, each on small hand-built data: a court acting without being named, a
date bound the editor assumed, leaked items with and without a named publisher, a merged side,
qualifiers and worked-out classifications; and one wording per code on every page."""

import json
import re

import pandas as pd
import pytest

from casebook import settings
from casebook.dates import add_bounds, describe_known
from casebook.views import common, figures, patterns
from casebook.vocabulary import CONFLICT_KIND_WORDS, COURT_NAMES, DIRECTION, STANCE_WORDS

ROOT = settings.ROOT


def _frame(rows, *dates) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in dates:
        add_bounds(frame, column)
    return frame


def tiny(events=(), parties=(), penalties=(), affiliations=(), actors=()) -> dict:
    """One proceeding ('c1') with two people, a party, a court and one source; more rows as given."""
    base_actors = [dict(actor_id="p", name="Person P", kind="person"), dict(actor_id="d", name="Defendant D", kind="person"),
                   dict(actor_id="q", name="Party Q", kind="political_party"),
                   dict(actor_id="r", name="Person R", kind="person"),
                   dict(actor_id="ct", name="A court", kind="court"), dict(actor_id="pg", name="Page G", kind="media")]
    cases = [dict(case_id=c, title=f"Case {c}", kind="criminal", status="open", status_as_of="2023-03-03", chapter="x",
                  summary="s", note=None) for c in ("c1", "c2", "c3")]
    event_columns = ["event_id", "date", "date_basis", "kind", "case_id", "actor_id", "court_level", "summary",
                     "part_of", "start_basis", "end_basis", "date_as_stated", "made_public_by",
                     "made_public_according_to", "according_to"]
    data = {
        "actors": pd.DataFrame([*base_actors, *actors]),
        "cases": _frame(cases, "status_as_of"),
        "case_parties": pd.DataFrame(list(parties) or [dict(case_id="c1", actor_id="d", role="defendant")],
                                     columns=["case_id", "actor_id", "role", "role_basis"]),
        "events": _frame(pd.DataFrame([dict(e) for e in events], columns=event_columns).astype(object)
                         .where(lambda f: f.notna(), None), "date"),
        "elections": _frame([dict(election_id="n23", date="2023-07-23", kind="national"),
                             dict(election_id="n18", date="2018-07-29", kind="national")], "date"),
        "sources": _frame([dict(source_id="s1", publisher="Paper S", published="2023-03-03")], "published"),
        "evidence": pd.DataFrame(columns=["record_id", "source_id", "quote"]),
        "affiliations": pd.DataFrame(list(affiliations), columns=["affiliation_id", "actor_id", "organisation_id",
                                                                  "role", "start", "end", "as_of"]),
        "penalties": pd.DataFrame(list(penalties)),
        "fx_rates": _frame([dict(rate_id="fx", khr_per_usd=4000.0, date="2023-02", derived_from=None)], "date"),
    }
    return data


# --- a court acted, not named --------------------------------------------------------------

def test_an_unnamed_court_decision_is_a_court_act_never_none():
    data = tiny(events=[dict(event_id="v", date="2022-12", date_basis="stated", kind="verdict", case_id="c1",
                             actor_id="ct", court_level="not_named", summary="A court found D guilty.")])
    table = patterns.parties_table(data).set_index("case_id")
    assert table.loc["c1", "Courts reached"] == COURT_NAMES["not_named"] == "court not named"
    assert table.loc["c2", "Courts reached"] == "not stated"  # no court act reported: not "none"
    chart = figures.timeline(data["events"].assign(label="Verdict"), data["elections"], "x")
    labels = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert "court not named" in labels and "not a court act" not in labels
    assert "1 by a court the sources do not name" in chart.alt


def test_a_conviction_reported_without_a_dated_court_act_reached_a_court_not_named():
    from casebook.vocabulary import UNNAMED_COURT

    data = tiny(actors=[dict(actor_id=UNNAMED_COURT, name="Court not named", kind="court")],
                parties=[dict(case_id="c1", actor_id="d", role="defendant"),
                         dict(case_id="c1", actor_id=UNNAMED_COURT, role="judge"),
                         dict(case_id="c2", actor_id="d", role="defendant"),
                         dict(case_id="c2", actor_id="ct", role="judge")])  # a named body, no court act
    table = patterns.parties_table(data).set_index("case_id")
    assert table.loc["c1", "Courts reached"] == COURT_NAMES["not_named"]
    assert table.loc["c2", "Courts reached"] == "not stated"


def test_a_provincial_court_is_named_as_such_and_ranks_with_first_instance():
    data = tiny(events=[dict(event_id="v", date="2022-09", date_basis="stated", kind="verdict", case_id="c1",
                             actor_id="ct", court_level="provincial", summary="A provincial court found D guilty."),
                        dict(event_id="a", date="2022-10", date_basis="stated", kind="appeal_lodged", case_id="c1",
                             actor_id="d", summary="D appealed.")])
    table = patterns.parties_table(data).set_index("case_id")
    assert table.loc["c1", "Courts reached"] == "provincial court"
    chart = figures.timeline(data["events"].assign(label=["Verdict", "Appeal"]), data["elections"], "x")
    labels = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert "provincial court" in labels and "municipal court" not in labels
    assert "1 by the provincial court" in chart.alt
    assert DIRECTION["appeal_lodged"] == DIRECTION["questioning"] == "procedural"  # neither for nor against


# --- an assumed bound ----------------------------------------------------------------------

def _suit(**extra):
    return dict(event_id="suit", date="2023-01/2023-02-02", date_basis="inferred", kind="lawsuit", case_id="c1",
                actor_id="q", summary="Q sued D.", **extra)


def test_an_assumed_bound_widens_a_range_and_never_makes_a_step_certain():
    assumed = patterns.election_timing(tiny(events=[_suit(start_basis="assumed")])).iloc[0]
    worked_out = patterns.election_timing(tiny(events=[_suit()])).iloc[0]
    assert worked_out["before"] == "yes"  # the same bounds, worked out from the source, count
    assert assumed["before"] == "possibly"
    assert assumed["Date"] == "by 2 February 2023 (not before January 2023, an editor's assumption)"
    assert assumed["Days before it"].endswith("days or more")
    findings = patterns.timing_findings(tiny(events=[_suit(start_basis="assumed")]))
    assert findings["before_certain"] == 0 and findings["before_most"] == 1 and findings["before_by_assumption"] == 1


def test_the_source_s_own_words_are_shown_for_a_vaguer_date():
    assert describe_known("2015-09/2015-12", "inferred", None, "late 2015") == "late 2015"
    assert describe_known("2015-09/2015-12") == "between September 2015 and December 2015"


# --- who made an item public ---------------------------------------------------------------

def test_a_leaked_item_names_who_made_it_public_only_where_a_source_says():
    data = tiny(events=[
        dict(event_id="call", date="2016-09", date_basis="stated", kind="communication", case_id="c1", actor_id="p",
             summary="A call.", made_public_by="pg", made_public_according_to="s1"),
        dict(event_id="post", date="2016-10", date_basis="stated", kind="leak", case_id="c1", actor_id="r",
             summary="A leak.")])
    table = patterns.digital_events(data).set_index("event_id")
    assert table.loc["call", "Who acted"] == "Person P"
    assert table.loc["call", "Made public by (who says so)"] == "Page G (Paper S, 3 March 2023)"
    assert table.loc["post", "Made public by (who says so)"] == "no source says"  # never the actor
    labels = patterns.digital_timeline(data, patterns.digital_events(data))["label"].tolist()
    assert labels == ["Communication involving Person P; made public by Page G",
                      "Leak: Person R; made public by no source says"]


def test_an_event_only_one_actor_reports_is_labelled_with_whose_account_it_is():
    data = tiny(events=[
        dict(event_id="post", date="2016-10", date_basis="stated", kind="social_media_post", case_id="c1",
             actor_id="d", summary="D posted.", according_to="pg"),
        dict(event_id="leak", date="2016-11", date_basis="stated", kind="leak", case_id="c1", actor_id="r",
             summary="A leak.")])
    events = patterns.digital_timeline(data, patterns.digital_events(data))
    assert events.set_index("event_id")["according_to"].fillna("").tolist() == ["Page G", ""]
    chart = figures.timeline(events, data["elections"], "x")
    labels = [t.get_text().replace("\n", " ") for t in chart.figure.axes[0].get_yticklabels()]
    assert labels[0].endswith("(according to Page G)") and "according to" not in labels[1]
    assert "1 event is Page G's account alone" in chart.alt
    from casebook.data.contract import REFERENCES
    assert REFERENCES[("events", "according_to")] == "actors"  # an account is an actor's, never free text
    fields = {f["name"]: f for r in json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]
              if r["name"] == "events" for f in r["schema"]["fields"]}
    assert "according_to" in fields


# --- a merged side ---------------------------------------------------------------------------

def test_a_merged_side_is_counted_both_ways_with_what_the_merge_rests_on():
    data = tiny(parties=[dict(case_id="c1", actor_id="p", role="plaintiff"),
                         dict(case_id="c2", actor_id="q", role="plaintiff"),
                         dict(case_id="c3", actor_id="r", role="plaintiff", role_basis="inferred"),
                         *[dict(case_id=c, actor_id="d", role="defendant") for c in ("c1", "c2", "c3")]],
                affiliations=[dict(affiliation_id="a", actor_id="p", organisation_id="q", role="President",
                                   as_of="2023-02-28/2023-03-02")],
                events=[dict(event_id=f"e{c}", date=f"201{i + 7}", date_basis="stated", kind="lawsuit", case_id=c,
                             actor_id="p", summary="s") for i, c in enumerate(("c1", "c2"))])
    found = patterns.parties_findings(data)
    assert found["merged"] and found["top_side_cases"] == 2 and found["top_actor_cases"] == 1
    assert found["separately"] == "Person P 1, the Party Q 1 and Person R 1"
    assert "dated 28 February–2 March 2023" in found["merge_basis"] and "from 2017 to 2018" in found["merge_basis"]
    assert found["inferred_roles"] == 1
    brought = patterns.parties_table(data).set_index("case_id")["Brought by"]
    assert brought["c3"] == "Person R (worked out from the source's words, not stated)" and brought["c1"] == "Person P"


# --- qualifiers and worked-out kinds ---------------------------------------------------------

def test_a_qualifier_and_a_worked_out_kind_travel_with_the_amount():
    data = tiny(events=[dict(event_id="v", date="2023-02", date_basis="stated", kind="verdict", case_id="c1",
                             actor_id="ct", court_level="municipal", summary="s")],
                parties=[dict(case_id="c1", actor_id="p", role="plaintiff")],
                penalties=[dict(penalty_id="usd", case_id="c1", event_id="v", defendant_id="d", kind="compensation",
                                amount=200000.0, currency="USD", usd_stated=200000.0, amount_qualifier="about",
                                usd_stated_qualifier="about", beneficiary_id="p"),
                           dict(penalty_id="pay", case_id="c1", event_id="v", defendant_id="d", kind="compensation",
                                amount=4e9, currency="KHR", usd_stated=1e6, usd_stated_qualifier="approx.",
                                kind_basis="inferred", kind_as_stated="pay", beneficiary_id="p")])
    table = patterns.money_table(data).set_index("penalty_id")
    assert table.loc["usd", "Amount as stated"] == "about $200,000"
    assert table.loc["pay", "Kind"] == "compensation (worked out; the source says \u201cpay\u201d)"
    found = patterns.money_findings(data)
    assert "about $200,000" in found["by_size"] and "worked out" in found["by_size"]
    # riel with a dollar figure the source states: that figure, with its qualifier, not a recomputed "about"
    assert "4,000,000,000 riel (a source gives approx. $1,000,000)" in found["by_size"]
    assert found["check_sentence"].endswith("agrees with the source's approximate figure")
    assert common.penalty_kind("fine", None, "fines") == "fine (the source writes \u201cfines\u201d)"
    chart = figures.money_chart(patterns.money_table(data), "x")
    # the computed dollars of an "about" dollar amount are "about" too
    assert table.loc["usd", "usd_computed_qualifier"] == "about" and pd.isna(table.loc["pay", "usd_computed_qualifier"])
    assert "about $200,000 (source: about $200,000)" in [t.get_text() for t in chart.figure.axes[0].texts]


# --- one look per legend entry -----------------------------------------------------------------

def _looks(chart):
    """What tells each legend entry apart: its marker, line style, face colour and hatch."""
    looks = []
    for handle in chart.figure.legends[0].legend_handles:
        if hasattr(handle, "get_marker"):
            looks.append(("line", handle.get_marker(), handle.get_linestyle(), handle.get_markerfacecolor()))
        else:
            looks.append(("patch", tuple(handle.get_facecolor()), handle.get_hatch()))
    return looks


@pytest.mark.parametrize("columns", [list(STANCE_WORDS), list(STANCE_WORDS.values()), list(CONFLICT_KIND_WORDS)])
def test_every_bar_legend_entry_looks_different(columns):
    chart = figures.stacked_bars(pd.DataFrame([[1] * len(columns)], columns=columns, index=["row"]), "n", "x")
    looks = _looks(chart)
    assert len(looks) == len(columns) and len(set(looks)) == len(looks)


def test_every_timeline_legend_entry_looks_different():
    rows = [dict(event_id=f"e{i}", date=f"2020-0{i + 1}", court_level=level, label=str(level))
            for i, level in enumerate(["municipal", "provincial", "appeal", "supreme", "not_named", None])]
    rows.append(dict(event_id="span", date="2020-06/2020-08", court_level=None, label="span"))
    events = _frame(rows, "date")
    elections = _frame([dict(election_id="x", date="2020-07-01", kind="national")], "date")
    looks = _looks(figures.timeline(events, elections, "x"))
    assert len(looks) == 8 and len(set(looks)) == len(looks)


# --- no code reaches a reader's page -------------------------------------------------------------

def _coded_values() -> set[str]:
    """Every enum value of the package that is a code rather than a word (it has an underscore)."""
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    return {value for resource in descriptor["resources"] for field in resource["schema"]["fields"]
            for value in field.get("constraints", {}).get("enum", []) if "_" in str(value)}


READER_PAGES = [path for path in sorted((ROOT / "book").rglob("*.ipynb"))
                if path.stem not in ("dataset", "explorer") and "_build" not in path.parts]


@pytest.mark.parametrize("path", READER_PAGES, ids=[p.stem for p in READER_PAGES])
def test_no_code_reaches_a_reader_s_page(path):
    """The stored outputs are what the built page shows: none holds a raw code (outside a record id,
    which readers cite as it is), or "judge in"."""
    codes = _coded_values()
    pattern = re.compile(r"(?<![\w/-])(" + "|".join(map(re.escape, sorted(codes, key=len, reverse=True))) + r")(?![\w-])")
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            for kind in ("text/markdown", "text/plain"):
                text = "".join(output.get("data", {}).get(kind, "")).replace("\\", "")
                found = pattern.findall(text)
                assert not found, f"{path.name}: {sorted(set(found))}"
                assert "judge in " not in text, path.name


def test_an_assumed_bound_does_not_move_a_case_ahead_in_the_landing_index():
    from casebook.views import landing

    class Data(dict):
        __getattr__ = dict.__getitem__

    events = [_suit(start_basis="assumed"),  # c1: by 2 February 2023, January assumed
              dict(event_id="arrest", date="2023-01-16", date_basis="stated", kind="arrest", case_id="c2",
                   actor_id="ct", summary="D was arrested.")]
    data = tiny(events=events, parties=[dict(case_id=c, actor_id="d", role="defendant") for c in ("c1", "c2")])
    order = landing.case_index(Data(data))["Case"].tolist()
    assert order[:2] == ["Case c2", "Case c1"]


def test_each_proceeding_shows_its_own_first_instance_court_in_the_landing_index():
    from casebook.views import landing

    class Data(dict):
        __getattr__ = dict.__getitem__

    events = [dict(event_id=f"v{c}", date="2022-09", date_basis="stated", kind="verdict", case_id=c, actor_id="ct",
                   court_level=level, summary="D was convicted.") for c, level in (("c1", "provincial"), ("c2", "municipal"))]
    data = tiny(events=events, parties=[dict(case_id=c, actor_id="d", role="defendant") for c in ("c1", "c2")])
    index = landing.case_index(Data(data)).set_index("Case")
    assert index.loc["Case c1", "Highest court reached"] == "Provincial Court"
    assert index.loc["Case c2", "Highest court reached"] == "Municipal Court"


# --- a due-process claim in the Evidence section's words -------------------------------------

def _claims(fairness, evidence) -> dict:
    """`tiny` data with every table the Evidence section reads, and the given claims and quotes."""
    data = tiny(actors=[dict(actor_id="court-unspecified", name="Court or judge not named in the source",
                             kind="court")])
    empty = lambda *columns: pd.DataFrame(columns=list(columns))  # noqa: E731
    data.update({"charges": empty("charge_id", "defendant_id", "charge"),
                 "statements": empty("statement_id", "speaker_id", "source_id", "quote", "date"),
                 "fairness": pd.DataFrame(fairness), "evidence": pd.DataFrame(evidence),
                 "penalties": empty("penalty_id", "case_id", "defendant_id", "kind")})
    data["sources"] = data["sources"].assign(publisher=["Watchdog W"])
    return data


def test_a_court_s_claim_reads_as_its_ruling_with_who_reports_it():
    from casebook.views.evidence import Evidence

    data = _claims([dict(fairness_id="f1", case_id="c1", indicator="detention_ruled_lawful", value="yes",
                         assessed_by="court-unspecified"),
                    dict(fairness_id="f2", case_id="c1", indicator="red_handed_claim_contested", value="yes",
                         assessed_by="p")],
                   [dict(record_id="f1", source_id="s1", quote="the courts ruled"),
                    dict(record_id="f2", source_id="s1", quote="P contests it")])
    evidence = Evidence(data)
    ruling = evidence.describe_record("f1")
    assert ruling == ("detention ruled lawful: yes, ruled by a court or courts the source does not name, "
                      "as Watchdog W reports")
    assert "Court or judge not named" not in ruling
    # Anyone else's claim is theirs, and a code reads as on every other page ("red-handed").
    assert evidence.describe_record("f2") == "red-handed claim contested: yes, according to Person P"


def test_a_court_s_claim_names_no_reporter_when_the_court_is_its_own_source():
    from casebook.vocabulary import claim_words

    assert claim_words("bail refused", "yes", "Court K", "court", ["Court K"]) == "bail refused: yes, ruled by Court K"
    assert claim_words("bail refused", "yes", "NGO N", "ngo", ["Paper S"]) == "bail refused: yes, according to NGO N"


# --- bringers named and worked out; how a case's kind and an actor are known --------------------

def test_bringers_are_counted_as_named_in_the_sources_and_with_those_worked_out():
    """A side's count is given both ways, and only a source that reports a suit by the side (a role
    it states) counts as reporting one."""
    data = tiny(parties=[dict(case_id="c1", actor_id="p", role="plaintiff"),
                         dict(case_id="c2", actor_id="q", role="plaintiff", role_basis="inferred"),
                         dict(case_id="c3", actor_id="r", role="plaintiff", role_basis="inferred"),
                         *[dict(case_id=c, actor_id="d", role="defendant") for c in ("c1", "c2", "c3")]],
                affiliations=[dict(affiliation_id="a", actor_id="p", organisation_id="q", role="President",
                                   as_of="2023-02-28/2023-03-02")])
    data["sources"] = _frame([dict(source_id=s, publisher=s, published="2023-03-03") for s in ("s1", "s2")],
                             "published")
    data["evidence"] = pd.DataFrame([dict(record_id="c1/p/plaintiff", source_id="s1", quote="q"),
                                     dict(record_id="c2/q/plaintiff", source_id="s2", quote="q")])
    found = patterns.parties_findings(data)
    assert (found["named_bringer"], found["with_bringer"], found["worked_out_only"]) == (1, 3, 2)
    assert (found["top_side_named"], found["top_side_cases"]) == (1, 2)  # 1 of 1 named, 2 of 3 with worked out
    assert found["top_side_sources"] == 1  # s2 proves only a role the book works out
    assert found["worked_out_prosecutions"] == 0  # worked-out plaintiffs are not prosecutions
    data["case_parties"].loc[data["case_parties"]["case_id"] == "c3", "role"] = ["prosecutor", "defendant"]
    assert patterns.parties_findings(data)["worked_out_prosecutions"] == 1


def test_a_worked_out_case_kind_is_marked_wherever_the_kind_is_shown():
    data = tiny()
    data["cases"] = data["cases"].assign(kind_basis=["inferred", "stated", None])
    kinds = patterns.parties_table(data).set_index("case_id")["Kind"]
    assert kinds["c1"] == "criminal (worked out)" and kinds["c2"] == kinds["c3"] == "criminal"


def test_a_case_kind_without_its_basis_cannot_be_written():
    from casebook.data.contract import CLOSED, REQUIRED
    assert "kind_basis" in REQUIRED["cases"]
    assert set(CLOSED[("cases", "kind_basis")][0]) == {"stated", "inferred"}
    assert set(CLOSED[("events", "actor_basis")][0]) == {"stated", "inferred"}
    descriptor = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for r in descriptor["resources"] if r["name"] == "cases" for f in r["schema"]["fields"]}
    assert fields["kind_basis"]["constraints"]["required"] is True


def test_an_election_after_the_last_source_is_only_scheduled():
    data = tiny()
    polls = common.with_schedule(data["elections"], data["sources"]).set_index("election_id")
    assert polls.loc["n23", "scheduled"] and not polls.loc["n18", "scheduled"]
    assert common.election_name("national", "2023-07-23", True) == "national election scheduled for 23 July 2023"
    assert common.election_name("national", "2018-07") == "national election of July 2018"
    assert common.election_name("commune", "2022-06-01/2022-06-06") == "commune election held between 1 June and 6 June 2022"
    # a polling date the book works out is marked as such wherever it is named
    assert common.election_name("commune", "2022-06-01/2022-06-06", basis="inferred") == \
        "commune election held between 1 June and 6 June 2022 (worked out)"
    assert common.election_name("national", "2018-07", basis="stated") == "national election of July 2018"
    events = _frame([dict(event_id="e", date="2023-02", court_level=None, label="x")], "date")
    chart = figures.timeline(events, common.with_schedule(data["elections"], data["sources"]), "x")
    assert "national election scheduled for 23 July 2023" in chart.alt


def test_a_range_resting_on_an_assumed_bound_is_drawn_unlike_one_the_sources_give():
    rows = [dict(event_id="given", date="2022-01/2022-03", court_level=None, label="given"),
            dict(event_id="assumed", date="2022-04/2022-06", court_level=None, label="assumed", start_basis="assumed")]
    chart = figures.timeline(_frame(rows, "date"), _frame([dict(election_id="x", date="2022-07-01", kind="national")],
                                                         "date"), "x")
    looks = _looks(chart)
    assert len(set(looks)) == len(looks)
    labels = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert any("assumed" in label for label in labels) and "1 date rests on a bound the editor assumed" in chart.alt
    styles = {line.get_linestyle() for line in chart.figure.axes[0].lines if len(line.get_xdata()) == 2}
    assert ":" in styles and "-" in styles


def test_a_court_reported_acting_with_no_dated_act_is_not_named_in_the_landing_index():
    from casebook.views import landing

    class Data(dict):
        __getattr__ = dict.__getitem__

    parties = [dict(case_id="c1", actor_id="d", role="defendant"),
               dict(case_id="c1", actor_id="court-unspecified", role="judge"),
               dict(case_id="c2", actor_id="d", role="defendant")]
    events = [dict(event_id=f"e{c}", date="2015", date_basis="stated", kind="lawsuit", case_id=c, actor_id="p",
                   summary="P sued D.") for c in ("c1", "c2")]
    data = tiny(events=events, parties=parties, actors=[dict(actor_id="court-unspecified", name="court", kind="court")])
    index = landing.case_index(Data(data)).set_index("Case")
    assert index.loc["Case c1", "Highest court reached"] == COURT_NAMES["not_named"]
    assert index.loc["Case c2", "Highest court reached"] == "not stated"  # no court reported: not "none"
