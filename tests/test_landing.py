"""The landing page's case index, coverage statement and overview, computed from the data."""

import pandas as pd
from conftest import CsvFile

import casebook
from casebook.views import landing


def test_case_index_has_one_row_per_proceeding_with_its_chapter(data):
    index = landing.case_index(data)
    proceedings = data.cases[data.cases["kind"] != "context"]
    assert sorted(index["Case"]) == sorted(proceedings["title"])
    assert list(index.columns) == ["Case", "Defendant", "Brought by", "Highest court reached", "Outcome", "As of",
                                   "chapter"]
    row = index.set_index("Case").loc[data.cases.set_index("case_id").loc["rainsy-sovantha-defamation", "title"]]
    assert (row["Defendant"], row["Brought by"], row["Highest court reached"]) == ("Sam Rainsy", "Hun Sen", "Supreme Court")
    assert row["As of"] == "19 December 2018" and row["chapter"] == "cases/rainsy-sovantha"


def test_case_index_follows_a_changed_row(data_copy):
    cases = CsvFile(data_copy, "cases")
    i = cases.index("chhay-defamation")
    cases.set(i, "status", "Pardoned").set(i, "status_as_of", "2024-01-02").save()
    data = casebook.load(data_copy, check_quotes=False)
    index = landing.case_index(data).set_index("Case")
    title = data.cases.set_index("case_id").loc["chhay-defamation", "title"]
    assert index.loc[title, ["Outcome", "As of"]].tolist() == ["Pardoned", "2 January 2024"]


def test_case_index_table_links_each_case_to_its_chapter_and_escapes_the_data():
    frame = pd.DataFrame({"Case": ["A v. <B>"], "Defendant": ["*B*"], "chapter": ["cases/x"]})
    text = landing.case_index_table(frame, "tbl-x", "Cases", "data/cases.csv").data
    assert "| {doc}`A v. B <cases/x>` | \\*B\\* |" in text
    assert ":name: tbl-x" in text and "| Case | Defendant |" in text


def test_coverage_is_computed_from_the_sources_and_names_the_elections_after_it(data):
    c = landing.coverage(data)
    assert c["cutoff"] == "3 March 2023"  # the latest day any source was published
    assert c["later_elections"] == "the national election scheduled for 23 July 2023"
    text = landing.coverage_statement(data).data
    assert "nothing reported after 3 March 2023 is included" in text.replace("\\", "")


def test_coverage_moves_with_a_later_source(data_copy):
    sources = CsvFile(data_copy, "sources")
    sources.set(sources.index("ppp-2018-rainsy-payment"), "published", "2023-08-01").save()
    c = landing.coverage(casebook.load(data_copy, check_quotes=False))
    assert c["cutoff"] == "1 August 2023" and c["later_elections"] == ""


def test_overview_draws_every_case_with_events_on_one_axis(data):
    chart = landing.overview(data)
    ax = chart.figure.axes[0]
    with_events = data.events["case_id"].dropna().nunique()
    assert len(ax.get_yticks()) == with_events
    assert chart.alt.startswith(f"Overview of {with_events} cases on one time axis")
    assert "national election scheduled for 23 July 2023" in chart.alt
