"""What a case chapter shows: order of steps, headings that fit the matter, readable labels."""

import json
import re

import pandas as pd

from casebook import dates
from casebook.derive.units import procedural_order
from casebook.settings import ROOT
from casebook.views.cases import CONTEXT_SIDES, SIDES, CaseFile
from tools import template


def chapters(data):
    return [CaseFile(data, chapter) for chapter in sorted(data.cases["chapter"].unique())]


def test_steps_with_the_same_dates_follow_the_court_order():
    span = "2017-01/2018-12-05"
    events = pd.DataFrame([("d-supreme", span, "supreme"), ("a-appeal", span, "appeal"),
                           ("c-municipal", span, "municipal"), ("b-lawsuit", span, None),
                           ("e-earlier", "2016-11", "supreme")], columns=["event_id", "date", "court_level"])
    dates.add_bounds(events, "date")
    assert list(procedural_order(events)["event_id"]) == ["e-earlier", "b-lawsuit", "c-municipal", "a-appeal", "d-supreme"]


def plain(cell) -> str:
    """A table cell as a reader reads it: evidence markers and MyST escapes removed."""
    text = re.sub(r'<sup class="ev-ref">.*?</sup>', "", str(cell))
    return re.sub(r"\\(.)", r"\1", re.sub(r"<[^>]+>", "", text))


def test_courts_reached_are_listed_in_procedural_order(data):
    glance = CaseFile(data, "cases/rainsy-sovantha").at_a_glance().set_index("")
    courts = plain(glance.loc["Courts reached"].iloc[0]).split(", ")
    assert courts == ["Municipal Court", "Appeal Court", "Supreme Court"]


def test_a_warrant_is_shown_as_a_warrant_not_a_decision(data):
    case = CaseFile(data, "cases/kim-sok")
    warrants = case.events[case.events["kind"] == "warrant"]
    assert not warrants.empty
    glance = case.at_a_glance().set_index("")
    for event in warrants.itertuples():
        title = case.titles[event.case_id]
        assert event.summary.rstrip(".") in plain(glance.loc["Arrests and warrants", title])
        assert event.summary.rstrip(".") not in plain(glance.loc["Decisions", title])


def test_matters_that_are_not_court_cases_get_no_plaintiff_or_defendant_headings(data):
    for case in chapters(data):
        glance = case.at_a_glance()[""].tolist()
        headings = list(case.statements_by_side())
        if case.context_only:
            assert headings == list(CONTEXT_SIDES.values())
            assert "Against" not in glance and "Brought by" not in glance
        else:
            assert headings == list(SIDES.values())
            assert "Against" in glance


def test_a_chapter_with_several_cases_says_which_case_each_row_belongs_to(data):
    for case in chapters(data):
        frames = [case.chronology(), case.due_process(), *case.statements_by_side().values()]
        for frame in frames:
            assert ("Case" in frame.columns) == (len(case.case_ids) > 1), case.chapter
            if "Case" in frame.columns:
                assert frame["Case"].isin(case.titles).all()


def test_no_raw_code_reaches_a_reader(data):
    code = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
    for case in chapters(data):
        glance = case.at_a_glance()
        frames = [glance[glance[""] != "What it is"], case.chronology(), case.due_process(),
                  case.conflicts(), case.uncertain_dates()]
        for frame in frames:
            text = " ".join(plain(cell) for cell in frame.astype(str).to_numpy().ravel())
            assert code.findall(text) == [], case.chapter


def test_messages_of_disputed_authorship_are_not_attributed_to_anyone(data):
    case = CaseFile(data, "cases/rainsy-sovantha")
    chronology = case.chronology().set_index(case.events["event_id"].to_numpy())
    assert chronology.loc["hun-sen-sovantha-messages", "Who acted"] == case.name("authorship-disputed")
    assert "Hun Sen" not in chronology.loc["hun-sen-sovantha-messages", "Who acted"]


def test_a_chapter_may_glue_a_date_from_another_chapter(data):
    case = CaseFile(data, "cases/kem-sokha")
    values = case.glue_values(case.insertable_values())
    assert values["date-cnrp-dissolved-2017"] == dates.describe(
        data.events.set_index("event_id").loc["cnrp-dissolved-2017", "date"])
    assert "term-cnrp-officials-political-ban" in values


def test_steps_listed_in_one_cell_are_joined_without_stray_stops(data):
    for case in chapters(data):
        text = " ".join(case.at_a_glance().astype(str).to_numpy().ravel())
        assert ".;" not in text, case.chapter


def test_a_step_by_a_court_the_sources_do_not_name_still_counts_as_a_court_reached(data):
    case = CaseFile(data, "cases/son-chhay")
    assert (case.events["actor_id"] == "court-unspecified").any()
    courts = case.at_a_glance().set_index("").loc["Courts reached"].iloc[0]
    assert "court not named" in courts and "Supreme Court" in courts  # an unnamed court is a court, never "none"


def test_the_timeline_names_no_author_for_messages_of_disputed_authorship(data):
    case = CaseFile(data, "cases/rainsy-sovantha")
    messages = case.events[case.events["event_id"] == "hun-sen-sovantha-messages"]
    (event,) = messages.itertuples()
    assert case._event_label(event) == "Communication (authorship disputed)"


def test_the_timeline_draws_steps_with_the_same_dates_in_court_order(data):
    case = CaseFile(data, "cases/rainsy-sovantha")
    figure = case.timeline()
    labels = [tick.get_text().replace("\n", " ") for tick in figure.figure.axes[0].get_yticklabels()]
    municipal = labels.index("Verdict: Phnom Penh Municipal Court")
    assert municipal < labels.index("Verdict: Appeal Court") < labels.index("Court letter: Supreme Court (according to Ky Tech)")


def test_a_source_s_address_is_a_link_a_repost_says_so_and_none_is_said(data):
    from types import SimpleNamespace

    from casebook.views.cases import source_address
    from casebook.views.display import Markup, escape

    url = 'https://x.org/a?b=1&c="d"'
    own = source_address(SimpleNamespace(url=url, repost_url=None))
    assert isinstance(own, Markup)  # passes through a table unescaped, its own text escaped
    assert own == f'<a href="https://x.org/a?b=1&amp;c=&quot;d&quot;">{escape(url)}</a>'
    repost = source_address(SimpleNamespace(url=float("nan"), repost_url="https://copy.org/a"))
    assert repost.startswith(escape("repost (the publisher's own page was not found): "))
    assert repost.endswith('<a href="https://copy.org/a">https\\:\\/\\/copy\\.org\\/a</a>')
    assert source_address(SimpleNamespace(url=None, repost_url=None)) == "no public address found"
    assert source_address(SimpleNamespace()) == "no public address found"


def test_a_repost_s_note_and_its_link_are_two_words():
    from types import SimpleNamespace

    from casebook.views.cases import source_address

    shown = plain(source_address(SimpleNamespace(url=None, repost_url="https://copy.org/a")))
    assert shown == "repost (the publisher's own page was not found): https://copy.org/a"


def test_the_sources_table_counts_the_quotes_each_source_gives_the_chapter(data):
    for case in chapters(data):
        sources = case.sources().set_index("Source")
        ours = data.evidence[data.evidence["record_id"].isin(case.record_ids())]
        expected = ours["source_id"].value_counts().add(case.statements["source_id"].value_counts(), fill_value=0)
        assert sources["Quote uses here"].to_dict() == expected.astype(int).to_dict(), case.chapter
        assert (sources["Distinct quotes"] <= sources["Quote uses here"]).all(), case.chapter
        assert (sources["Distinct quotes"] >= 1).all(), case.chapter
        assert (sources["Address"] != "").all() and sources["Title"].notna().all()


def prose_keys(case) -> list[str]:
    """The glue keys the chapter's prose inserts, in reading order."""
    notebook = ROOT / "book" / f"{case.chapter}.ipynb"
    return template.glue_keys(json.loads(notebook.read_text(encoding="utf-8"))["cells"])


def test_the_sources_table_lists_every_source_the_page_quotes(data):
    """A record from outside the chapter's cases (an actor) that the page marks brings its sources
    into the chapter's list, and the list is exactly the sources of the Evidence section's quotes."""
    for case in chapters(data):
        case.glue_values(prose_keys(case)), case.at_a_glance(), case.chronology(), case.due_process()
        marked_elsewhere = set(case.evidence.numbers) - case.record_ids()
        listed = set(case.sources()["Source"])
        case.evidence_section()
        assert listed == set(case.evidence.cited_sources()), case.chapter
        for record_id in marked_elsewhere:
            assert {s for s, _ in case.evidence.quotes[record_id]} <= listed, (case.chapter, record_id)
    kim_sok = CaseFile(data, "cases/kim-sok")
    kim_sok.glue_values(prose_keys(kim_sok))  # the prose names Hun Sen, whose record quotes other sources
    assert len(kim_sok.sources()) > 1
    icj = CaseFile(data, "cases/kem-sokha").sources().set_index("Source").loc["icj-2023-kem-sokha"]
    assert "repost" in icj["Address"] and icj["Published"] == "3 March 2023"
