"""A catalogue of hand-edited inputs: bad ones the validator must name, real-world ones it must accept.

Every input is made from a copy of data/ by a targeted edit (the first row of a kind, a column
found by name), so the catalogue holds whatever rows, columns and enum values data/ gains. Each
bad input expects exit code 1, a line naming the file and, where there is one, the row id and
the column, and no traceback; each good input expects exit code 0. Most run the command in
process; those in AS_SUBPROCESS run it as a subprocess, as a user would.
"""

import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CsvFile

from casebook.__main__ import main

PACKAGE = "datapackage.json"


@dataclass
class Expect:
    """One line of the report: the file, the row id and column where they apply, and a fragment."""

    file: str
    row: str | None
    column: str | None
    says: str

    def matches(self, line: str) -> bool:
        return (line.startswith(f"data/{self.file}")
                and (self.row is None or f", row '{self.row}'" in line)
                and (self.column is None or f", column '{self.column}'" in line)
                and self.says in line)


# --- editing helpers ------------------------------------------------------------------------

def descriptor(data: Path) -> dict:
    return json.loads((data / PACKAGE).read_text(encoding="utf-8"))


def save_descriptor(data: Path, package) -> None:
    (data / PACKAGE).write_text(json.dumps(package, indent=2), encoding="utf-8")


def resource(package: dict, name: str) -> dict:
    return next(r for r in package["resources"] if r["name"] == name)


def spec(package: dict, table: str, column: str) -> dict:
    return next(f for f in resource(package, table)["schema"]["fields"] if f["name"] == column)


def edit_spec(data: Path, table: str, column: str, change) -> None:
    package = descriptor(data)
    change(spec(package, table, column))
    save_descriptor(data, package)


def first(table: CsvFile, column: str, wanted=lambda cell: cell != "") -> int:
    return next(i for i, row in enumerate(table.rows) if wanted(row[table.header.index(column)]))


def set_cell(data: Path, name: str, column: str, value: str, says: str = "", where=lambda cell: cell != "",
             on: str | None = None) -> Expect:
    """Set `column` of the first row of `name` whose `on` column (default: `column`) passes `where`
    (by default: is not blank).

    Returns where the report must say it, and what (`says`).
    """
    table = CsvFile(data, name)
    i = first(table, on or column, where)
    table.set(i, column, value).save()
    return Expect(f"{name}.csv", row_id(data, name, table, i) or None, column, says)  # a blank key names no row


def row_id(data: Path, name: str, table: CsvFile, i: int) -> str:
    key = resource(descriptor(data), name)["schema"]["primaryKey"]
    return "/".join(table.get(i, k) for k in ([key] if isinstance(key, str) else key))


def widen_enum(data: Path, table: str, column: str, value: str) -> None:
    edit_spec(data, table, column, lambda f: f["constraints"]["enum"].append(value))


def rewrite(data: Path, name: str, change) -> None:
    path = data / name
    path.write_bytes(change(path.read_bytes()))


# --- bad inputs -------------------------------------------------------------------------------

def _json_list(data):
    (data / PACKAGE).write_text("[]", encoding="utf-8")
    return Expect(PACKAGE, None, None, "is not a data package")


def _json_empty_object(data):
    (data / PACKAGE).write_text("{}", encoding="utf-8")
    return Expect(PACKAGE, None, None, "lists no tables")


def _resources_not_a_list(data):
    package = descriptor(data)
    package["resources"] = "events.csv"
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "lists no tables")


def _resource_not_an_object(data):
    package = descriptor(data)
    package["resources"][0] = package["resources"][0]["path"]
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 1 in 'resources' is a JSON string")


def _resource_without_name(data):
    package = descriptor(data)
    del package["resources"][1]["name"]
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 2 in 'resources' has no 'name'")


def _table_no_longer_listed(data):
    package = descriptor(data)
    package["resources"] = [r for r in package["resources"] if r["name"] != "fx_rates"]
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "does not list the table 'fx_rates'")


def _table_listed_twice(data):
    package = descriptor(data)
    package["resources"].append(resource(package, "elections"))
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'elections' is listed twice")


def _path_missing(data):
    package = descriptor(data)
    del resource(package, "events")["path"]
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'events': 'path' must be the name of one CSV file")


def _path_is_a_list(data):
    package = descriptor(data)
    resource(package, "events")["path"] = ["events.csv", "events.csv"]
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'events': 'path' must be")


def _inline_data_instead_of_a_path(data):
    package = descriptor(data)
    table = resource(package, "elections")
    del table["path"]
    table["data"] = [[f["name"] for f in table["schema"]["fields"]]]
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'elections': 'path' must be")


def _schema_missing(data):
    package = descriptor(data)
    del resource(package, "cases")["schema"]
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'cases': 'schema' must be an object")


def _schema_is_a_url(data):
    package = descriptor(data)
    resource(package, "cases")["schema"] = "https://example.org/cases-schema.json"
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'cases': 'schema' must be an object")


def _no_fields(data):
    package = descriptor(data)
    resource(package, "cases")["schema"]["fields"] = []
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "non-empty list of 'fields'")


def _field_without_name(data):
    package = descriptor(data)
    fields = resource(package, "actors")["schema"]["fields"]
    del fields[-1]["name"]
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, f"table 'actors': field {len(fields)} has no 'name'")


def _field_declared_twice(data):
    package = descriptor(data)
    fields = resource(package, "actors")["schema"]["fields"]
    fields.append(dict(fields[1]))
    save_descriptor(data, package)
    return Expect(PACKAGE, None, fields[1]["name"], "column is declared twice")


def _constraints_not_an_object(data):
    edit_spec(data, "events", "kind", lambda f: f.update(constraints=["required"]))
    return Expect(PACKAGE, None, "kind", "'constraints' must be an object")


def _enum_not_a_list(data):
    edit_spec(data, "events", "kind", lambda f: f["constraints"].update(enum="verdict"))
    return Expect(PACKAGE, None, "kind", "'enum' must be a list")


def _primary_key_names_no_column(data):
    package = descriptor(data)
    resource(package, "charges")["schema"]["primaryKey"] = ["charge_number"]
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'charges': 'primaryKey' must name columns")


def _foreign_key_to_a_table_not_listed(data):
    package = descriptor(data)
    resource(package, "events")["schema"]["foreignKeys"][0]["reference"]["resource"] = "court_cases"
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'events': a foreign key points to table 'court_cases', which is not")


def _foreign_key_to_a_column_not_declared(data):
    package = descriptor(data)
    resource(package, "events")["schema"]["foreignKeys"][0]["reference"]["fields"] = "id"
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'events': a foreign key points to columns of")


def _primary_key_changed(data):
    package = descriptor(data)
    resource(package, "events")["schema"]["primaryKey"] = ["date"]
    save_descriptor(data, package)
    return Expect(PACKAGE, None, "event_id", "rule: rows are cited by their key")


def _column_the_chapters_read_dropped(data):
    package = descriptor(data)
    fields = resource(package, "events")["schema"]["fields"]
    fields[:] = [f for f in fields if f["name"] != "court_level"]
    save_descriptor(data, package)
    events = CsvFile(data, "events")
    j = events.header.index("court_level")
    for row in [events.header, *events.rows]:
        row.pop(j)
    events.save()
    return Expect(PACKAGE, None, "court_level", "rule: every column of the data contract")


def _number_column_declared_as_text(data):
    edit_spec(data, "penalties", "amount", lambda f: (f.update(type="string"), f.pop("constraints", None)))
    return Expect(PACKAGE, None, "amount", "the type must be number")


def _date_pattern_dropped(data):
    edit_spec(data, "events", "date", lambda f: f["constraints"].pop("pattern"))
    return Expect(PACKAGE, None, "date", "ISO 8601 date pattern")


def _encoding_declared_latin1(data):
    package = descriptor(data)
    resource(package, "actors")["encoding"] = "latin-1"
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "declares encoding 'latin-1'")


def _semicolon_dialect_declared(data):
    package = descriptor(data)
    resource(package, "actors")["dialect"] = {"delimiter": ";"}
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "declares a CSV dialect")


def _format_declared_as_a_spreadsheet(data):
    package = descriptor(data)
    resource(package, "actors")["format"] = "xlsx"
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'actors': 'format' must be 'csv'")


def _table_declared_compressed(data):
    package = descriptor(data)
    resource(package, "actors")["compression"] = "zip"
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "table 'actors': 'compression' must be absent")


def _profile_read_from_a_pipe(data):
    os.mkfifo(data / "profile.json")
    package = descriptor(data)
    package["profile"] = "profile.json"
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "'profile' must be 'data-package' or 'tabular-data-package'")


def _unknown_field_type(data):
    edit_spec(data, "actors", "description", lambda f: f.update(type="strnig"))
    return Expect(PACKAGE, None, None, "is not a valid Data Package")


def _truncated_json(data):
    text = (data / PACKAGE).read_text(encoding="utf-8")
    (data / PACKAGE).write_text(text[: len(text) // 2], encoding="utf-8")
    return Expect(PACKAGE, None, None, "is not valid JSON")


def _descriptor_not_utf8(data):
    rewrite(data, PACKAGE, lambda b: b.replace(b"Sources", b"Sources \xe9", 1))
    return Expect(PACKAGE, None, None, "is not valid UTF-8 (byte 0xe9)")


def _json_nested_too_deeply(data):
    (data / PACKAGE).write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    return Expect(PACKAGE, None, None, "is not valid JSON")


def _descriptor_is_a_folder(data):
    (data / PACKAGE).unlink()
    (data / PACKAGE).mkdir()
    return Expect(PACKAGE, None, None, "is not a regular file")


def _path_outside_by_dots(data):
    package = descriptor(data)
    resource(package, "sources")["path"] = "../sources.csv"
    save_descriptor(data, package)
    (data.parent / "sources.csv").write_text("never,read\n", encoding="utf-8")
    return Expect(PACKAGE, None, None, "table 'sources': path '../sources.csv' is not a file name inside the data")


def _path_absolute(data):
    package = descriptor(data)
    resource(package, "sources")["path"] = "/etc/passwd"
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "path '/etc/passwd' is not a file name inside")


def _path_is_a_url(data):
    package = descriptor(data)
    resource(package, "sources")["path"] = "https://example.org/sources.csv"
    save_descriptor(data, package)
    return Expect(PACKAGE, None, None, "is not a file name inside the data folder")


def _link_leading_outside(data):
    outside = data.parent / "elsewhere.csv"
    outside.write_bytes((data / "elections.csv").read_bytes())
    (data / "elections.csv").unlink()
    (data / "elections.csv").symlink_to(outside)
    return Expect("elections.csv", None, None, "is a link that leads outside the data folder")


def _link_loop(data):
    (data / "elections.csv").unlink()
    (data / "elections.csv").symlink_to(data / "elections.csv")
    return Expect("elections.csv", None, None, "cannot be read")


def _table_is_a_named_pipe(data):
    (data / "elections.csv").unlink()
    os.mkfifo(data / "elections.csv")  # opening it for reading would wait for a writer for ever
    return Expect("elections.csv", None, None, "is not a regular file")


def _table_is_a_folder(data):
    (data / "elections.csv").unlink()
    (data / "elections.csv").mkdir()
    return Expect("elections.csv", None, None, "is not a regular file")


def _amount_zero(data):
    return set_cell(data, "penalties", "amount", "0", says="is not a positive number (rule: amounts")


def _stated_dollars_negative(data):
    return set_cell(data, "penalties", "usd_stated", "-5", says="is not a positive number")


def _months_zero(data):
    return set_cell(data, "penalties", "months", "0", says="is not a positive number")


def _amount_not_a_number(data):
    return set_cell(data, "penalties", "amount", "NaN", says="'NaN'")


def _amount_with_thousands_separator(data):
    return set_cell(data, "penalties", "amount", "4,000,000", says="is not a number")


def _decimal_comma_the_descriptor_allows(data):
    edit_spec(data, "penalties", "amount", lambda f: f.update(decimalChar=","))
    return set_cell(data, "penalties", "amount", "1,5", says="is not a plain number (rule: numbers are written")


def _not_a_number_the_descriptor_allows(data):
    return set_cell(data, "penalties", "months", "NaN", says="'NaN' is not a plain number")


def _rate_zero_where_the_descriptor_allows_it(data):
    edit_spec(data, "fx_rates", "khr_per_usd", lambda f: f["constraints"].pop("minimum"))
    return set_cell(data, "fx_rates", "khr_per_usd", "0", says="rule: amounts, dollar figures, months and rates")


def _currency_without_an_exchange_rate(data):
    widen_enum(data, "penalties", "currency", "EUR")
    return set_cell(data, "penalties", "currency", "EUR", says="rule: a currency needs an exchange rate")


def _court_level_the_figures_cannot_draw(data):
    widen_enum(data, "events", "court_level", "military")
    return set_cell(data, "events", "court_level", "military", says="rule: court levels")


def _stance_the_chapters_cannot_group(data):
    widen_enum(data, "statements", "stance", "hostile")
    return set_cell(data, "statements", "stance", "hostile", says="rule: stances")


def _blank_cell_the_chapters_need(data):
    edit_spec(data, "events", "kind", lambda f: f["constraints"].pop("required"))
    return set_cell(data, "events", "kind", "", says="rule: the chapters need this cell")


def _riel_amount_without_any_rate(data):
    rates = CsvFile(data, "fx_rates")
    rates.rows = []
    rates.save()
    return set_cell(data, "penalties", "currency", "KHR", where=lambda c: c == "KHR", says="fx_rates.csv has no rate")


def _row_with_missing_cells(data):
    events = CsvFile(data, "events")
    events.rows[0] = events.rows[0][:3]
    events.save()
    return Expect("events.csv", events.rows[0][0], events.header[3], "row has 3 cells")


def _blank_line_inside_a_table(data):
    rewrite(data, "actors.csv", lambda b: b.replace(b"\n", b"\n\n", 2).replace(b"\n\n", b"\n", 1))
    return Expect("actors.csv", None, None, "line is empty")


def _invisible_character_in_a_header(data):
    header = CsvFile(data, "charges").header
    rewrite(data, "charges.csv", lambda b: b.replace(f",{header[1]},".encode(), f",\x00{header[1]},".encode(), 1))
    return Expect("charges.csv", None, f"\\x00{header[1]}", "column is not in the schema")


def _file_saved_as_utf16(data):
    rewrite(data, "elections.csv", lambda b: b.decode("utf-8").encode("utf-16"))
    return Expect("elections.csv", None, None, "is not valid UTF-8 (byte 0xff)")


def _empty_file(data):
    (data / "fairness.csv").write_bytes(b"")
    return Expect("fairness.csv", None, "fairness_id", "column is missing from the header")


def _header_with_a_trailing_space(data):
    cases = CsvFile(data, "cases")
    cases.header[-1] += " "
    cases.save()
    return Expect("cases.csv", None, cases.header[-1], "column is not in the schema")


def _id_with_a_trailing_space(data):
    return set_cell(data, "charges", "case_id", "x-case ", says="is not a lowercase slug id")


def _enum_value_in_other_case(data):
    return set_cell(data, "events", "defendant_absent", "Yes", says="is not one of: yes, no")


def _table_path_names_another_table(data):
    package = descriptor(data)
    resource(package, "elections")["path"] = "fx_rates.csv"
    save_descriptor(data, package)
    return Expect("fx_rates.csv", None, "election_id", "column is missing from the header")


def _blank_key(data):
    return set_cell(data, "actors", "actor_id", "", on="kind", where=lambda c: c == "court",
                    says="is required but blank")


def _with(expect: Expect, says: str) -> Expect:
    return Expect(expect.file, expect.row, expect.column, says)


Expect.__or__ = _with  # `set_cell(..., says="fragment")`: the cell's location, with what the line must say

BAD = [
    _json_list, _json_empty_object, _resources_not_a_list, _resource_not_an_object, _resource_without_name,
    _table_no_longer_listed, _table_listed_twice, _path_missing, _path_is_a_list,
    _inline_data_instead_of_a_path, _schema_missing, _schema_is_a_url, _no_fields, _field_without_name,
    _field_declared_twice, _constraints_not_an_object, _enum_not_a_list, _primary_key_names_no_column,
    _foreign_key_to_a_table_not_listed, _foreign_key_to_a_column_not_declared,
    _primary_key_changed, _column_the_chapters_read_dropped, _number_column_declared_as_text,
    _date_pattern_dropped, _encoding_declared_latin1, _semicolon_dialect_declared,
    _format_declared_as_a_spreadsheet, _table_declared_compressed, _profile_read_from_a_pipe,
    _unknown_field_type, _truncated_json, _descriptor_not_utf8, _json_nested_too_deeply,
    _descriptor_is_a_folder, _path_outside_by_dots, _path_absolute, _path_is_a_url, _link_leading_outside,
    _link_loop, _table_is_a_named_pipe, _table_is_a_folder, _amount_zero, _stated_dollars_negative,
    _months_zero, _amount_not_a_number, _amount_with_thousands_separator,
    _decimal_comma_the_descriptor_allows, _not_a_number_the_descriptor_allows,
    _rate_zero_where_the_descriptor_allows_it, _currency_without_an_exchange_rate,
    _court_level_the_figures_cannot_draw, _stance_the_chapters_cannot_group, _blank_cell_the_chapters_need,
    _riel_amount_without_any_rate, _row_with_missing_cells, _blank_line_inside_a_table,
    _invisible_character_in_a_header, _file_saved_as_utf16, _empty_file, _header_with_a_trailing_space,
    _id_with_a_trailing_space, _enum_value_in_other_case, _table_path_names_another_table, _blank_key,
]
# Run as a subprocess, as a user would (with a time limit: a special file must not hang it).
AS_SUBPROCESS = {
    _json_list, _truncated_json, _path_outside_by_dots, _table_is_a_named_pipe, _profile_read_from_a_pipe,
    _amount_zero, _row_with_missing_cells,
}


# --- inputs a real user produces, which must pass ----------------------------------------------

def tables(data: Path) -> list[str]:
    return [r["path"] for r in descriptor(data)["resources"]]


def resave(data: Path, bom=False, line_end="\n", quoting=csv.QUOTE_MINIMAL, final_newline=True) -> None:
    """Write every table again as another program would."""
    for name in tables(data):
        path = data / name
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            csv.writer(handle, lineterminator=line_end, quoting=quoting).writerows(rows)
        if not final_newline:
            path.write_bytes(path.read_bytes().removesuffix(line_end.encode()))


def _excel_csv_utf8(data):
    resave(data, bom=True, line_end="\r\n")


def _crlf_line_endings(data):
    resave(data, line_end="\r\n")


def _every_cell_quoted(data):
    resave(data, quoting=csv.QUOTE_ALL)


def _no_final_newline(data):
    resave(data, final_newline=False)


def _cells_with_newlines_commas_and_quotes(data):
    events = CsvFile(data, "events")
    for i in range(min(3, len(events.rows))):
        summary = events.get(i, "summary")
        events.set(i, "summary", f'{summary}\nSecond line, with a comma and "quoted" words.')
    events.save()


def _rows_in_another_order(data):
    for name in tables(data):
        table = CsvFile(data, name.removesuffix(".csv"))
        table.rows.reverse()
        table.save()


def _cell_longer_than_128_kib(data):
    events = CsvFile(data, "events")
    events.set(0, "summary", events.get(0, "summary") + " more" * 40_000).save()


def _descriptor_minified_with_a_bom(data):
    text = json.dumps(descriptor(data), separators=(",", ":"), ensure_ascii=True)
    (data / PACKAGE).write_text("\ufeff" + text, encoding="utf-8")


def _tables_listed_in_another_order(data):
    package = descriptor(data)
    package["resources"].reverse()
    save_descriptor(data, package)


def _a_new_column_and_a_new_enum_value(data):
    package = descriptor(data)
    resource(package, "events")["schema"]["fields"].append({"name": "place", "type": "string"})
    spec(package, "penalties", "kind")["constraints"]["enum"].append("community_service")
    save_descriptor(data, package)
    events = CsvFile(data, "events")
    events.header.append("place")
    for row in events.rows:
        row.append("Phnom Penh")
    events.save()
    set_cell(data, "penalties", "kind", "community_service", on="months")


GOOD = [_excel_csv_utf8, _crlf_line_endings, _every_cell_quoted, _no_final_newline,
        _cells_with_newlines_commas_and_quotes, _rows_in_another_order, _cell_longer_than_128_kib,
        _descriptor_minified_with_a_bom, _tables_listed_in_another_order, _a_new_column_and_a_new_enum_value]


# --- the tests -----------------------------------------------------------------------------------

def run(data: Path, subprocess_: bool, capsys) -> tuple[int, str]:
    if subprocess_:
        result = subprocess.run([sys.executable, "-m", "casebook", "validate", str(data)],
                                capture_output=True, text=True, timeout=60)
        return result.returncode, result.stdout + result.stderr
    code = main(["validate", str(data)])
    out = capsys.readouterr()
    return code, out.out + out.err


def name(edit) -> str:
    return edit.__name__.strip("_")


def test_the_catalogue_is_as_large_as_promised():
    assert len(BAD) >= 40 and len(GOOD) >= 8
    assert len({name(c) for c in BAD + GOOD}) == len(BAD) + len(GOOD)


@pytest.mark.parametrize("edit", BAD, ids=[name(c) for c in BAD])
def test_bad_input_is_named(data_copy, capsys, edit):
    expect = edit(data_copy)
    code, output = run(data_copy, edit in AS_SUBPROCESS, capsys)
    assert "Traceback" not in output, output
    assert code == 1, output
    lines = output.splitlines()
    assert any(expect.matches(line) for line in lines), f"expected {expect} in:\n{output}"


@pytest.mark.parametrize("edit", GOOD, ids=[name(c) for c in GOOD])
def test_real_world_input_passes(data_copy, capsys, edit):
    edit(data_copy)
    code, output = run(data_copy, edit is _excel_csv_utf8, capsys)
    assert "Traceback" not in output, output
    assert code == 0, output
    assert "rows" in output
