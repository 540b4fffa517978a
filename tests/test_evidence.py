"""Every fact a case chapter shows opens to its proof: markers, glued facts, the Evidence section and
the links to the originals."""

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

from casebook.dates import number_words
from casebook.settings import ROOT
from casebook.views.cases import CaseFile
from casebook.views.display import escape, markdown_table
from casebook.views.evidence import Evidence, Fact, anchor, attribute, text_fragment
from tools import template

CHAPTERS = sorted((ROOT / "book" / "cases").glob("*.ipynb"))
IDS = [p.stem for p in CHAPTERS]


def glue_keys(notebook) -> list[str]:
    """The glue keys a notebook's prose inserts, in reading order ([] when there is no notebook)."""
    path = Path(notebook)
    return template.glue_keys(json.loads(path.read_text(encoding="utf-8"))["cells"]) if path.is_file() else []


def unproved(notebook, values) -> list[str]:
    """Glue keys the notebook's prose inserts whose value carries no record with a quote."""
    keys = glue_keys(notebook)
    return [key for key in keys
            if not (isinstance(values.get(key), Fact) and values[key].records
                    and all(values[key].evidence is not None and values[key].evidence.has_evidence(r)
                            for r in values[key].records))]


def glued_markdown(notebook) -> dict[str, str]:
    """The text/markdown each glue key stored in the notebook's outputs."""
    stored = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            key = output.get("metadata", {}).get("scrapbook", {}).get("name")
            markdown = data.get("application/papermill.record/text/markdown")
            if key and markdown is not None:
                stored[key] = "".join(markdown)
    return stored


# --- text fragments -----------------------------------------------------------------------------

def terms(link: str) -> list[str]:
    fragment = urlsplit(link).fragment
    assert fragment.startswith(":~:text="), link
    raw = fragment.removeprefix(":~:text=").split(",")
    for term in raw:  # the directive's own syntax characters never appear unencoded inside a term
        assert not set(term) & set("&,- \"'<>#"), term
    return [unquote(term) for term in raw]


def test_a_short_quote_is_one_encoded_term():
    quote = "Sokha's arrest - \"red-handed\", & more"
    link = text_fragment("https://example.org/story#top", quote)
    assert link.startswith("https://example.org/story#:~:text=")
    assert terms(link) == [quote]
    assert "%2C" in link and "%2D" in link and "%26" in link and "%22" in link


def test_a_long_quote_is_matched_by_its_first_and_last_words():
    quote = ("Today's conviction of Kem Sokha by the Phnom Penh Municipal Court, on charges of "
             "\"conspiracy with a foreign power\", is a gross miscarriage of justice \u2013 overturn it")
    start, end = terms(text_fragment("https://example.org/a", quote))
    words = quote.split()
    assert start == " ".join(words[:5]) and end == " ".join(words[-5:])


# --- markers and facts ---------------------------------------------------------------------------

def test_a_marker_links_to_the_note_and_numbers_in_order_of_use(data):
    evidence = Evidence(data)
    first = evidence.marker("sokha-arrest-2017")
    assert 'href="#ev-sokha-arrest-2017"' in first and ">E1<" in first
    assert ">E2<" in evidence.marker("kem-sokha") and ">E1<" in evidence.marker("sokha-arrest-2017")
    assert "inferred" not in first


def test_an_inferred_date_says_so_with_its_reasoning(data):
    evidence = Evidence(data)
    event = data.events[data.events["date_basis"] == "inferred"].iloc[0]
    assert "worked out" in evidence.marker(event.event_id)
    entry = evidence.entry(event.event_id)
    assert "*Date: worked out from the source\\'s words*" in entry and "Reasoning" in entry
    assert "date\\_basis" not in entry  # no column name shown to readers
    assert entry.index("Reasoning") < entry.index("\u201c")  # beside the quote, before it


def test_a_record_without_a_quote_cannot_be_marked(data):
    with pytest.raises(ValueError, match="no-such-record"):
        Evidence(data).marker("no-such-record")


def test_a_fact_is_plain_text_and_glues_with_its_marker(data):
    fact = Evidence(data).fact("September 2017", "sokha-arrest-2017")
    assert str(fact) == repr(fact) == "September 2017"
    assert fact._repr_markdown_().startswith("September 2017<sup") and fact.records == ("sokha-arrest-2017",)


def test_attributes_and_anchors_are_escaped():
    assert attribute('a "b" <c> | d & e') == "a &quot;b&quot; &lt;c&gt; &#124; d &amp; e"
    assert anchor('x/"><script>') == "ev-x--%22%3E%3Cscript%3E"
    assert anchor("case/actor/role") == "ev-case--actor--role"


def test_pattern_tables_take_markers_from_a_record_id_column(data):
    evidence = Evidence(data)
    frame = pd.DataFrame({"What": ["a", "b"], "record_id": ["sokha-arrest-2017", "kem-sokha sokha-treason-verdict"]})
    shown = evidence.with_markers(frame, "record_id")
    assert list(shown.columns) == ["What", "Evidence"]
    table = markdown_table(shown)
    assert table.count("ev-marker") == 3 and "\\<sup" not in table  # markers pass through unescaped
    assert "ev-kem-sokha" in evidence.section().data and "ev-sokha-treason-verdict" in evidence.section().data


# --- the case chapters -------------------------------------------------------------------------

@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_every_glued_fact_in_the_prose_carries_evidence(data, notebook):
    case = CaseFile(data, f"cases/{notebook.stem}")
    values = case.glue_values(glue_keys(notebook))
    assert glue_keys(notebook), "the chapter's prose glues no fact"
    assert unproved(notebook, values) == []
    stored = glued_markdown(notebook)  # and the executed notebook stored each with its marker
    assert [key for key in glue_keys(notebook) if "ev-marker" not in stored.get(key, "")] == []


def test_the_check_catches_a_glued_fact_without_evidence(data, tmp_path):
    notebook = tmp_path / "x.ipynb"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "markdown", "source": [
        "On {glue}`date-sokha-arrest-2017` and {glue:text}`n-things:.0f`, {glue}`name-nobody`."]}]}))
    values = CaseFile(data, "cases/kem-sokha").glue_values(glue_keys(notebook))
    values["n-things"] = 3
    assert unproved(notebook, values) == ["n-things", "name-nobody"]


@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_the_evidence_section_holds_every_marked_record_and_every_quote(data, notebook):
    case = CaseFile(data, f"cases/{notebook.stem}")
    glued = "".join(v._repr_markdown_() for v in case.glue_values(glue_keys(notebook)).values()
                    if v.evidence is not None)
    tables = [case.at_a_glance(), case.chronology(), case.due_process(), case.conflicts(), case.uncertain_dates(),
              *case.statements_by_side().values()]
    shown = glued + "".join(markdown_table(t) for t in tables)
    section = case.evidence_section().data
    notes = re.findall(r'id="(ev-[^"]+)"', section)
    assert len(notes) == len(set(notes))
    assert set(re.findall(r'href="#(ev-[^"]+)"', shown)) <= set(notes)
    for record_id in case.record_ids():
        assert anchor(record_id) in notes
        for _, quote in case.evidence.quotes[record_id]:
            assert escape(quote) in section, quote


@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_every_chronology_row_has_a_marker(data, notebook):
    case = CaseFile(data, f"cases/{notebook.stem}")
    chronology = case.chronology()
    assert len(chronology) == len(case.events)
    assert chronology["Evidence"].str.contains('class="ev-marker"').all()


def bare_paragraphs(notebook, values) -> list[str]:
    """Paragraphs of the introduction and the procedural history that glue no fact with evidence."""
    cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "markdown"]
    prose = [cells[0], *(c for c in cells if "".join(c["source"]).startswith("## Procedural history"))]
    paragraphs = [p for cell in prose for p in "".join(cell["source"]).split("\n\n")
                  if p.strip() and not p.lstrip().startswith(("#", "(", "{numref}"))]
    assert paragraphs, notebook
    return [p for p in paragraphs
            if not any(key in values and values[key].evidence is not None for key in template.GLUE_ROLE.findall(p))]


@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_every_paragraph_of_the_introduction_and_history_has_a_marker(data, notebook):
    """Each paragraph of fact links within the page to at least one quote from its own records."""
    assert bare_paragraphs(notebook, CaseFile(data, f"cases/{notebook.stem}").glue_values(glue_keys(notebook))) == []


def test_a_paragraph_without_a_glued_fact_is_caught(data, tmp_path):
    notebook = tmp_path / "cases" / "kem-sokha.ipynb"
    notebook.parent.mkdir()
    notebook.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["# Title\n\nArrested in {glue}`date-sokha-arrest-2017`."]},
        {"cell_type": "markdown", "source": ["## Procedural history\n\nA sentence with no glued fact.\n\n"
                                             "{numref}`tbl-x` lists every step."]}]}), encoding="utf-8")
    case = CaseFile(data, "cases/kem-sokha")
    assert bare_paragraphs(notebook, case.glue_values(glue_keys(notebook))) == ["A sentence with no glued fact."]


# --- notes: records in a line, and where their sources are ---------------------------------------

def test_every_kind_of_record_is_described_from_its_own_row(data):
    from casebook.dates import describe, describe_term

    evidence = Evidence(data)
    poll = data.elections.iloc[0]  # the first election, before the last source: named as held
    assert evidence.describe_record(poll.election_id) == f"{poll.kind} election of {describe(poll.date)}"
    last = data.elections.sort_values("date_earliest").iloc[-1]  # after the last source: only scheduled
    assert evidence.describe_record(last.election_id) == f"{last.kind} election scheduled for {describe(last.date)}"
    rate = data.fx_rates.iloc[0]
    assert evidence.describe_record(rate.rate_id) == (f"{rate.khr_per_usd:,.0f} riel to the dollar, "
                                                      f"{describe(rate.date)}: {rate.basis}")
    names = data.actors.set_index("actor_id")["name"]
    link = data.affiliations.iloc[0]
    assert evidence.describe_record(link.affiliation_id) == (f"{names[link.actor_id]}: {link.role}, "
                                                             f"{names[link.organisation_id]}")
    party = data.case_parties.iloc[0]
    title = data.cases.set_index("case_id").loc[party.case_id, "title"]
    assert evidence.describe_record(f"{party.case_id}/{party.actor_id}/{party.role}") == (
        f"{names[party.actor_id]}, {party.role.replace('_', ' ')} in {title}")
    claim = data.fairness.iloc[0]
    assert evidence.describe_record(claim.fairness_id) == (f"{claim.indicator.replace('_', ' ')}: {claim.value}, "
                                                           f"according to {names[claim.assessed_by]}")
    term = data.penalties[data.penalties["months"].notna()].iloc[0]
    assert evidence.describe_record(term.penalty_id).endswith(f" {describe_term(term.months)}")
    assert evidence.describe_record("not-a-record") == "not-a-record"


def test_a_source_line_links_the_original_a_repost_or_says_there_is_none(data):
    sources = data.sources.copy()
    first = sources.index[0]
    sources.loc[first, ["url", "repost_url"]] = [None, "https://copy.example/page#old"]
    second = sources.index[1]
    sources.loc[second, ["url", "repost_url", "title"]] = [None, None, None]
    evidence = Evidence(dict(data, sources=sources))
    repost = evidence.source_line(sources.loc[first, "source_id"], "a quoted passage")
    assert 'href="https://copy.example/page#:~:text=a%20quoted%20passage">open the passage in a repost</a>' in repost
    assert repost.endswith("(a copy on another site: the publisher's own page was not found).")
    none = evidence.source_line(sources.loc[second, "source_id"], "q")
    assert "*untitled report*" in none and none.endswith(". No public address was found for this source.")
    assert evidence.source_line("not-a-source", "q") == "not\\-a\\-source. No public address was found for this source."


def test_a_notebook_that_does_not_exist_glues_nothing(tmp_path):
    assert glue_keys(tmp_path / "missing.ipynb") == []
    notebook = tmp_path / "x.ipynb"
    notebook.write_text(json.dumps({"cells": [
        {"cell_type": "code", "source": ["glue('{glue}`in-code`')"]},
        {"cell_type": "markdown", "source": ["{glue:text}`b:.0f` then {glue}`other::a` and {glue}`b` again"]}]}))
    assert glue_keys(notebook) == ["b", "a"]  # prose only, first use, formats and pages removed


def test_a_note_counts_the_sources_and_their_publishers(data):
    evidence = Evidence(data)
    by_record = data.evidence.groupby("record_id")["source_id"].nunique()
    one, several = by_record[by_record == 1].index[0], by_record[by_record > 1].index[0]
    assert f"*{escape('Quoted from one source, by one publisher.')}*" in evidence.entry(one)
    # Two reports by the same publisher are two sources but one publisher.
    sources = data.sources.copy()
    sources["publisher"] = "One Outlet"
    same = Evidence(dict(data, sources=sources)).support(several)
    assert same == f"Quoted from {number_words(by_record[several])} sources, by one publisher."
    assert Evidence(data).support("not-a-record") == "No source quoted."


def test_a_statement_date_worked_out_gives_its_reasoning(data):
    statements = data.statements.copy()
    row = statements.index[0]
    statements.loc[row, ["date_basis", "note"]] = ["inferred", "Told the paper in the week before it printed."]
    entry = Evidence(dict(data, statements=statements)).entry(statements.loc[row, "statement_id"])
    assert "Reasoning: " + escape("Told the paper in the week before it printed.") in entry
