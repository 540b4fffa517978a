"""The pattern chapters recompute from the whole dataset: a new case appears in every pattern table."""

import pytest
from conftest import CsvFile

import casebook
from casebook import settings
from casebook.views import patterns

DATA = settings.data_dir()

CASE = "synthetic-case"
ROWS = {  # one synthetic proceeding, its rows given by column name (columns not named stay blank)
    "actors": [dict(actor_id="synth-plaintiff", name="Plaintiff Synth", kind="person", alignment="government",
                    description="A test plaintiff."),
               dict(actor_id="synth-defendant", name="Defendant Synth", kind="person", alignment="opposition",
                    description="A test defendant."),
               dict(actor_id="synth-court", name="Synth Court", kind="court", alignment="judiciary",
                    description="A test court.")],
    "cases": [dict(case_id=CASE, title="Synth v. Test", kind="criminal", kind_basis="stated", status="convicted",
                   status_as_of="2022-01",
                   chapter="cases/kem-sokha", summary="A test case.")],  # a chapter must be a page of the book
    "case_parties": [dict(case_id=CASE, actor_id="synth-plaintiff", role="plaintiff"),
                     dict(case_id=CASE, actor_id="synth-defendant", role="defendant")],
    "charges": [dict(charge_id="synth-charge", case_id=CASE, defendant_id="synth-defendant", charge="defamation")],
    "events": [dict(event_id="synth-leak", date="2021-01", date_basis="stated", kind="leak", case_id=CASE,
                    actor_id="synth-defendant", summary="A chat leaked."),
               dict(event_id="synth-lawsuit", date="2021-03", date_basis="stated", kind="lawsuit", case_id=CASE,
                    actor_id="synth-plaintiff", summary="A suit."),
               dict(event_id="synth-verdict", date="2021-12-01", date_basis="stated", kind="verdict", case_id=CASE,
                    actor_id="synth-court", court_level="municipal", summary="A verdict."),
               dict(event_id="synth-apology", date="2022-01-05", date_basis="stated", kind="apology", case_id=CASE,
                    actor_id="synth-defendant", summary="An apology.")],
    "penalties": [dict(penalty_id="synth-fine", case_id=CASE, event_id="synth-verdict", defendant_id="synth-defendant",
                       kind="fine", amount="8000000", currency="KHR", beneficiary_id="synth-plaintiff")],
    "fairness": [dict(fairness_id="synth-f-yes", case_id=CASE, indicator="defendant_absent", value="yes",
                      assessed_by="synth-defendant"),
                 dict(fairness_id="synth-f-no", case_id=CASE, indicator="defendant_absent", value="no",
                      assessed_by="synth-plaintiff")],
    "conflicts": [dict(conflict_id="synth-conflict", topic="claim", kind="parties_dispute",
                       record_ids="synth-st-defence synth-st-plaintiff", description="They disagree.")],
}


def statements(source_id):
    return [dict(statement_id="synth-st-defence", speaker_id="synth-defendant", date="2022-01-05", date_basis="stated",
                 source_id=source_id, quote="I apologise for nothing.", quote_kind="direct", case_id=CASE,
                 medium="interview", stance="for_defence"),
            dict(statement_id="synth-st-plaintiff", speaker_id="synth-plaintiff", date="2022-01-06", date_basis="stated",
                 source_id=source_id, quote="We will not forgive.", quote_kind="direct", case_id=CASE,
                 medium="speech", stance="for_prosecution")]


def _row_id(table, row):
    return "/".join((row["case_id"], row["actor_id"], row["role"])) if table == "case_parties" else next(iter(row.values()))


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """The project's data plus one synthetic case, loaded (the quote check needs real quotes)."""
    import shutil


    target = tmp_path_factory.mktemp("grown") / "data"
    shutil.copytree(DATA, target)
    sources = CsvFile(target, "sources")
    # the latest source: no statement may be dated after the source that reports it
    source_id = max(sources.rows, key=lambda row: row[sources.header.index("published")])[0]
    for table, rows in {**ROWS, "statements": statements(source_id)}.items():
        frame = CsvFile(target, table)
        frame.rows.extend([[row.get(column, "") for column in frame.header] for row in rows])
        frame.save()
    evidence = CsvFile(target, "evidence")
    for table, rows in ROWS.items():
        if table != "conflicts":
            evidence.rows.extend([[_row_id(table, r), source_id, "synthetic"] for r in rows])
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
    assert patterns.timing_findings(grown)["proceedings"] == patterns.timing_findings(base)["proceedings"] + 1
    assert patterns.timing_findings(grown)["steps"] == patterns.timing_findings(base)["steps"] + 2
    assert patterns.money_findings(grown)["penalties"] == patterns.money_findings(base)["penalties"] + 1
    assert patterns.due_process_findings(grown)["disputed_cells"] == patterns.due_process_findings(base)["disputed_cells"] + 1
    assert patterns.conflict_findings(grown)["conflicts"] == patterns.conflict_findings(base)["conflicts"] + 1
    assert "Defendant Synth" in set(patterns.speakers(grown)["Speaker"])


def test_disputed_cell_names_both_claimants(grown):
    cells = patterns.due_process_cells(grown).set_index("case_id").loc[CASE]
    assert cells["Cell"] == "disputed"
    assert cells["Who says so"] == "Defendant Synth (yes); Plaintiff Synth (no)"
