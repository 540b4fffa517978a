"""One test per kind of bad input: each breaks a copy of the data and expects one exact message."""

import pytest
from conftest import CsvFile

from casebook.data.validate import validate


def problems(data_dir, check_quotes=True):
    return [str(p) for p in validate(data_dir, check_quotes=check_quotes).problems]


def where(table: CsvFile, index: int, column: str | None = None) -> str:
    text = f"data/{table.path.name}, line {table.line(index)}, row '{table.rows[index][0]}'"
    return text + (f", column '{column}'" if column else "")


def first(table: CsvFile, **match) -> int:
    return next(i for i, row in enumerate(table.rows)
                if all(row[table.header.index(k)] == v for k, v in match.items()))


def test_the_project_data_is_valid():
    assert problems("data") == []


# --- types, required cells, enums and patterns (Table Schema) -----------------------------

def test_text_in_a_number_column(data_copy):
    penalties = CsvFile(data_copy, "penalties")
    i = first(penalties, currency="KHR")
    penalties.set(i, "amount", "four billion").save()
    assert problems(data_copy) == [f"{where(penalties, i, 'amount')}: 'four billion' is not a number"]


def test_negative_amount(data_copy):
    penalties = CsvFile(data_copy, "penalties")
    i = first(penalties, currency="KHR")
    penalties.set(i, "amount", "-10").save()
    assert problems(data_copy) == [f"{where(penalties, i, 'amount')}: '-10' breaks a constraint "
                                   "(constraint \"minimum\" is \"0\")"]


def test_unknown_enum_value(data_copy):
    events = CsvFile(data_copy, "events")
    events.set(0, "kind", "riot").save()
    message = problems(data_copy)
    assert len(message) == 1
    assert message[0].startswith(f"{where(events, 0, 'kind')}: 'riot' is not one of: communication, speech,")


def test_required_cell_left_blank(data_copy):
    events = CsvFile(data_copy, "events")
    events.set(0, "summary", "").save()
    assert problems(data_copy) == [f"{where(events, 0, 'summary')}: is required but blank"]


def test_id_that_is_not_a_slug(data_copy):
    elections = CsvFile(data_copy, "elections")
    old = elections.rows[0][0]
    elections.set(0, "election_id", "National Election").save()
    evidence = CsvFile(data_copy, "evidence")
    for row in evidence.rows:
        if row[0] == old:
            row[0] = "National Election"
    evidence.save()
    assert problems(data_copy) == [
        f"{where(elections, 0, 'election_id')}: 'National Election' is not a lowercase slug id (a-z, 0-9 and single hyphens)"]


def test_date_in_the_wrong_format(data_copy):
    events = CsvFile(data_copy, "events")
    events.set(0, "date", "19/09/2018").save()
    assert problems(data_copy) == [
        f"{where(events, 0, 'date')}: '19/09/2018' is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD) or interval (START/END)"]


# --- dates the pattern lets through but the calendar does not -----------------------------

def test_impossible_calendar_date(data_copy):
    events = CsvFile(data_copy, "events")
    events.set(0, "date", "2017-02-30").save()
    assert problems(data_copy) == [
        f"{where(events, 0, 'date')}: '2017-02-30' is not a calendar date (day is out of range for month)"]


def test_reversed_interval(data_copy):
    events = CsvFile(data_copy, "events")
    events.set(0, "date", "2018-10-11/2018-09-19").save()
    assert problems(data_copy) == [f"{where(events, 0, 'date')}: '2018-10-11/2018-09-19' ends before it starts"]


# --- keys -----------------------------------------------------------------------------------

def test_duplicate_primary_key(data_copy):
    elections = CsvFile(data_copy, "elections")
    elections.rows.append(list(elections.rows[0]))
    elections.save()
    last = len(elections.rows) - 1
    assert problems(data_copy) == [f"{where(elections, last, 'election_id')}: duplicate key (election_id)"]


def test_duplicate_composite_key(data_copy):
    parties = CsvFile(data_copy, "case_parties")
    parties.rows.append(list(parties.rows[0]))
    parties.save()
    last = len(parties.rows) - 1
    row_id = "/".join(parties.rows[0][:3])  # the key: case_id, actor_id, role
    assert problems(data_copy) == [f"data/case_parties.csv, line {parties.line(last)}, row '{row_id}', "
                                   "column 'case_id, actor_id, role': duplicate key (case_id, actor_id, role)"]


def test_orphan_foreign_key(data_copy):
    events = CsvFile(data_copy, "events")
    events.set(0, "actor_id", "nobody-at-all").save()
    assert problems(data_copy) == [f"{where(events, 0, 'actor_id')}: 'nobody-at-all' is not an id in actors.csv (actor_id)"]


def test_same_id_in_two_tables(data_copy):
    actors = CsvFile(data_copy, "actors")
    events = CsvFile(data_copy, "events")
    taken = actors.rows[0][0]
    old = events.rows[0][0]
    events.set(0, "event_id", taken).save()
    for name in ("evidence", "penalties", "conflicts"):
        table = CsvFile(data_copy, name)
        for row in table.rows:
            for j, cell in enumerate(row):
                row[j] = " ".join(taken if part == old else part for part in cell.split(" "))
        table.save()
    assert problems(data_copy) == [
        f"{where(events, 0, 'event_id')}: id '{taken}' is also used in actors.csv; ids must be unique across tables"]


def test_unknown_id_in_an_id_list(data_copy):
    conflicts = CsvFile(data_copy, "conflicts")
    conflicts.set(0, "record_ids", conflicts.get(0, "record_ids") + " no-such-row").save()
    assert problems(data_copy) == [f"{where(conflicts, 0, 'record_ids')}: 'no-such-row' is not an id in any table"]


def test_conflict_naming_a_single_row(data_copy):
    conflicts = CsvFile(data_copy, "conflicts")
    conflicts.set(0, "record_ids", conflicts.get(0, "record_ids").split()[0]).save()
    assert problems(data_copy) == [f"{where(conflicts, 0, 'record_ids')}: a conflict names at least two rows"]


def test_beneficiary_that_is_not_an_actor(data_copy):
    penalties = CsvFile(data_copy, "penalties")
    i = first(penalties, kind="compensation")
    events = CsvFile(data_copy, "events")
    penalties.set(i, "beneficiary_id", events.rows[0][0]).save()
    assert problems(data_copy) == [f"{where(penalties, i, 'beneficiary_id')}: '{events.rows[0][0]}' is not an id in actors.csv"]


# --- evidence -----------------------------------------------------------------------------

def test_row_without_evidence(data_copy):
    charges = CsvFile(data_copy, "charges")
    charge_id = charges.rows[0][0]
    evidence = CsvFile(data_copy, "evidence")
    evidence.rows = [row for row in evidence.rows if row[0] != charge_id]
    evidence.save()
    assert problems(data_copy) == [f"{where(charges, 0)}: has no evidence row (no fact without a source)"]


def test_evidence_for_a_row_that_does_not_exist(data_copy):
    evidence = CsvFile(data_copy, "evidence")
    evidence.rows.append(["no-such-event", evidence.rows[0][1], evidence.rows[0][2]])
    evidence.save()
    last = len(evidence.rows) - 1
    assert problems(data_copy) == [
        f"data/evidence.csv, line {evidence.line(last)}, row 'no-such-event/{evidence.rows[0][1]}/{evidence.rows[0][2]}', "
        "column 'record_id': 'no-such-event' is not the id of any row"]


def test_altered_quote(data_copy, archive_required):
    evidence = CsvFile(data_copy, "evidence")
    quote = evidence.get(0, "quote")
    evidence.set(0, "quote", quote.replace(" ", " not ", 1)).save()
    source = CsvFile(data_copy, "sources")
    file = source.get(source.index(evidence.get(0, "source_id")), "archive_file")
    row_id = "/".join(evidence.rows[0])
    assert problems(data_copy) == [
        f"data/evidence.csv, line 2, row '{row_id}', column 'quote': quote is not found verbatim in {file}"]


def test_quote_taken_from_page_furniture(data_copy, archive_required):
    statements = CsvFile(data_copy, "statements")
    sources = CsvFile(data_copy, "sources")
    i = first(statements, source_id=sources.rows[sources.index("ppp-2018-kim-sok")][0])
    statements.set(i, "quote", "Judge lands in court after crashing into alleged thief").save()
    assert problems(data_copy) == [
        f"{where(statements, i, 'quote')}: quote appears only in page furniture (not_body) of 004_8dc44d27365969ce.txt"]


def test_source_date_that_contradicts_the_catalogue(data_copy, archive_required):
    sources = CsvFile(data_copy, "sources")
    i = sources.index("icj-2023-kem-sokha")
    sources.set(i, "published", "2023-03-05").save()
    assert problems(data_copy) == [f"{where(sources, i, 'published')}: '2023-03-05' differs from the catalogue's '2023-03-03'"]


# --- penalties ----------------------------------------------------------------------------

def test_amount_without_currency(data_copy):
    penalties = CsvFile(data_copy, "penalties")
    i = first(penalties, currency="KHR")
    penalties.set(i, "currency", "").save()
    assert problems(data_copy) == [f"{where(penalties, i, 'currency')}: an amount needs a currency and a currency an amount"]


def test_prison_term_without_length(data_copy):
    penalties = CsvFile(data_copy, "penalties")
    i = first(penalties, kind="prison")
    penalties.set(i, "months", "").save()
    assert problems(data_copy) == [
        f"{where(penalties, i, 'amount')}: a 'prison' penalty needs an amount or months; "
        "only apology_ordered, office_ban, voting_ban may have neither"]


# --- the file itself --------------------------------------------------------------------

def test_missing_file(data_copy):
    (data_copy / "fx_rates.csv").unlink()
    assert problems(data_copy) == ["data/fx_rates.csv: file is missing"]


def test_file_not_in_utf8(data_copy):
    path = data_copy / "actors.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("Sam Rainsy", "Sam Rainsy\u00e9", 1).encode("latin-1", errors="replace"))
    line = text[: text.index("Sam Rainsy")].count("\n") + 1
    assert problems(data_copy) == [f"data/actors.csv, line {line}: is not valid UTF-8 (byte 0xe9)"]


def test_unterminated_quote_in_csv(data_copy):
    path = data_copy / "elections.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",", ',"', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = problems(data_copy)
    assert len(message) == 1
    assert message[0].startswith("data/elections.csv, line ")
    assert "is not well-formed CSV" in message[0]


def test_row_with_too_many_cells(data_copy):
    path = data_copy / "fx_rates.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cells = len(lines[0].split(","))
    row_id = lines[1].split(",")[0]
    assert problems(data_copy) == [
        f"data/fx_rates.csv, line 2, row '{row_id}': row has {cells + 1} cells, the header has {cells}"]


def test_missing_column(data_copy):
    cases = CsvFile(data_copy, "cases")
    j = cases.header.index("status_as_of")
    cases.header.pop(j)
    for row in cases.rows:
        row.pop(j)
    cases.save()
    assert problems(data_copy) == ["data/cases.csv, line 1, column 'status_as_of': column is missing from the header"]


def test_unexpected_column(data_copy):
    elections = CsvFile(data_copy, "elections")
    elections.header.append("turnout")
    for row in elections.rows:
        row.append("")
    elections.save()
    assert problems(data_copy) == ["data/elections.csv, line 1, column 'turnout': column is not in the schema"]


def test_missing_descriptor(data_copy):
    (data_copy / "datapackage.json").unlink()
    message = problems(data_copy)
    assert len(message) == 1 and message[0].startswith("data/datapackage.json: cannot read the package descriptor")


@pytest.mark.parametrize("table", ["events", "statements"])
def test_every_problem_is_reported_not_just_the_first(data_copy, table):
    frame = CsvFile(data_copy, table)
    frame.set(0, "date", "2017-02-30").set(1, "date", "2017-13").save()
    assert len(problems(data_copy)) == 2
