"""The pattern chapters recompute from the whole dataset: a new case appears in every pattern table."""

import pytest

import casebook
from casebook import patterns
from conftest import CsvFile

CASE = "synthetic-case"
ROWS = {
    "actors": [["synth-plaintiff", "Plaintiff Synth", "person", "government", "A test plaintiff.", ""],
               ["synth-defendant", "Defendant Synth", "person", "opposition", "A test defendant.", ""],
               ["synth-court", "Synth Court", "court", "judiciary", "A test court.", ""]],
    "cases": [[CASE, "Synth v. Test", "criminal", "convicted", "2022-01", "cases/synthetic", "A test case."]],
    "case_parties": [[CASE, "synth-plaintiff", "plaintiff"], [CASE, "synth-defendant", "defendant"]],
    "charges": [["synth-charge", CASE, "synth-defendant", "defamation", ""]],
    "events": [["synth-leak", "2021-01", "stated", "leak", CASE, "synth-defendant", "", "", "A chat leaked.", ""],
               ["synth-lawsuit", "2021-03", "stated", "lawsuit", CASE, "synth-plaintiff", "", "", "A suit.", ""],
               ["synth-verdict", "2021-12-01", "stated", "verdict", CASE, "synth-court", "municipal", "", "A verdict.", ""],
               ["synth-apology", "2022-01-05", "stated", "apology", CASE, "synth-defendant", "", "", "An apology.", ""]],
    "penalties": [["synth-fine", CASE, "synth-verdict", "synth-defendant", "fine", "8000000", "KHR", "", "",
                   "synth-plaintiff", ""]],
    "fairness": [["synth-f-yes", CASE, "tried_in_absentia", "yes", "synth-defendant", ""],
                 ["synth-f-no", CASE, "tried_in_absentia", "no", "synth-plaintiff", ""]],
    "conflicts": [["synth-conflict", "claim", "synth-st-defence synth-st-plaintiff", "They disagree."]],
}


def statements(source_id):
    return [["synth-st-defence", "synth-defendant", "2022-01-05", "stated", source_id, "I apologise for nothing.",
             "direct", CASE, "interview", "for_defence"],
            ["synth-st-plaintiff", "synth-plaintiff", "2022-01-06", "stated", source_id, "We will not forgive.",
             "direct", CASE, "speech", "for_prosecution"]]


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """The project's data plus one synthetic case, loaded (the quote check needs real quotes)."""
    import shutil

    from casebook.paths import DATA_DIR
    target = tmp_path_factory.mktemp("grown") / "data"
    shutil.copytree(DATA_DIR, target)
    source_id = CsvFile(target, "sources").rows[0][0]
    for table, rows in {**ROWS, "statements": statements(source_id)}.items():
        frame = CsvFile(target, table)
        frame.rows.extend(rows)
        frame.save()
    evidence = CsvFile(target, "evidence")
    for table, rows in ROWS.items():
        if table != "conflicts":
            evidence.rows.extend([["/".join(r) if table == "case_parties" else r[0], source_id, "synthetic"] for r in rows])
    evidence.save()
    return casebook.load(target, check_quotes=False)


@pytest.mark.parametrize("table", [
    lambda d: patterns.election_timing(d)["case_id"],
    lambda d: patterns.money_table(d)["case_id"],
    lambda d: patterns.parties_table(d)["case_id"],
    lambda d: patterns.suit_edges(d)["case_id"],
    lambda d: patterns.due_process_cells(d)["case_id"],
    lambda d: patterns.fairness_values(d).index,
    lambda d: patterns.digital_events(d)["case_id"],
    lambda d: patterns.apology_events(d)["case_id"],
    lambda d: patterns.apology_statements(d)["case_id"],
    lambda d: patterns.conflicts_side_by_side(d)["case_id"],
], ids=["timing", "money", "parties", "network", "due-process", "matrix", "leaks", "apology-events",
        "apology-statements", "conflicts"])
def test_a_new_case_appears_in_every_pattern_table(grown, table):
    assert CASE in set(table(grown))


def test_a_new_case_changes_the_findings(grown):
    base = casebook.load(check_quotes=False)
    assert patterns.timing_findings(grown)["cases"] == patterns.timing_findings(base)["cases"] + 1
    assert patterns.money_findings(grown)["penalties"] == patterns.money_findings(base)["penalties"] + 1
    assert patterns.due_process_findings(grown)["disputed"] == patterns.due_process_findings(base)["disputed"] + 1
    assert patterns.conflict_findings(grown)["conflicts"] == patterns.conflict_findings(base)["conflicts"] + 1
    assert "Defendant Synth" in set(patterns.speakers(grown)["Speaker"])


def test_disputed_cell_names_both_claimants(grown):
    cells = patterns.due_process_cells(grown).set_index("case_id").loc[CASE]
    assert cells["Cell"] == "disputed"
    assert cells["Who says so"] == "Defendant Synth (yes); Plaintiff Synth (no)"
