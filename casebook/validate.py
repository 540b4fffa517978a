"""Check the data package against its Table Schema and the data contract's invariants.

Every problem names the file, the line, the row id and the column; nothing is fixed,
dropped or coerced here.
"""

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import frictionless

from casebook import archive, dates
from casebook.load import DESCRIPTOR, Table, date_fields, read_descriptor, read_table
from casebook.paths import ARCHIVE_ENV, archive_dir

# Tables whose every row needs an evidence row (statements carry their own quote).
EVIDENCED = ("actors", "affiliations", "cases", "case_parties", "charges", "events",
             "penalties", "fairness", "elections", "fx_rates")
# Columns holding space-separated ids: (table, column, table the ids point to; None = any row).
ID_LISTS = (("penalties", "beneficiary_id", "actors"), ("conflicts", "record_ids", None))
# Penalty kinds that may carry neither a sum nor a length.
UNQUANTIFIED_PENALTIES = {"voting_ban", "office_ban", "apology_ordered"}
QUOTED = (("evidence", "quote"), ("statements", "quote"))


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    row: str | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line:
            where.append(f"line {self.line}")
        if self.row:
            where.append(f"row '{self.row}'")
        if self.column:
            where.append(f"column '{self.column}'")
        return ", ".join(where) + ": " + self.message


@dataclass
class Report:
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    quotes_verified: int = 0
    quotes_total: int = 0
    quote_check_skipped: str | None = None

    def add(self, table: Table, index: int | None, column: str | None, message: str):
        line = table.lines[index] if index is not None else None
        row = table.row_id(table.records[index]) if index is not None else None
        self.problems.append(Problem(_display(table.path), line, row, column, message))


def _display(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def validate(data_dir: Path | str, check_quotes: bool = True) -> Report:
    """Validate the package in `data_dir`; the report lists every problem found."""
    data_dir = Path(data_dir)
    report = Report()
    try:
        descriptor = read_descriptor(data_dir)
    except (OSError, json.JSONDecodeError) as err:
        report.problems.append(Problem(_display(data_dir / DESCRIPTOR), None, None, None,
                                       f"cannot read the package descriptor ({err})"))
        return report
    for resource in descriptor["resources"]:
        table = _read_structure(data_dir, resource, report)
        if table is not None:
            report.tables[table.name] = table
    if len(report.tables) < len(descriptor["resources"]):
        return report  # column-level checks need every table to be readable
    _check_schema(data_dir, report)
    _check_invariants(report)
    if check_quotes:
        _check_quotes(report)
    return report


# --- structure: the file can be read, and its header is the schema's ---------------

def _read_structure(data_dir: Path, resource: dict, report: Report) -> Table | None:
    path = data_dir / resource["path"]
    name = _display(path)
    try:
        table = read_table(data_dir, resource)
    except FileNotFoundError:
        report.problems.append(Problem(name, None, None, None, "file is missing"))
        return None
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        report.problems.append(Problem(name, line, None, None,
                                       f"is not valid UTF-8 (byte 0x{err.object[err.start]:02x})"))
        return None
    except csv.Error as err:
        report.problems.append(Problem(name, getattr(err, "line", None), None, None,
                                       f"is not well-formed CSV ({err})"))
        return None
    expected = [f["name"] for f in resource["schema"]["fields"]]
    ok = True
    for column in expected:
        if column not in table.header:
            report.problems.append(Problem(name, 1, None, column, "column is missing from the header"))
            ok = False
    for column in table.header:
        if column not in expected:
            report.problems.append(Problem(name, 1, None, column, "column is not in the schema"))
            ok = False
    if ok and table.header != expected:
        report.problems.append(Problem(name, 1, None, None,
                                       "columns are out of order; expected " + ", ".join(expected)))
        ok = False
    for index, cells in enumerate(table.rows):
        if len(cells) != len(table.header):
            report.problems.append(Problem(name, table.lines[index], None, None,
                                           f"row has {len(cells)} cells, the header has {len(table.header)}"))
            ok = False
    return table if ok else None


# --- Table Schema: types, required, enums, patterns, keys (via frictionless) ----------

def _constraint_message(error, field_spec: dict) -> str:
    cell = error.cell
    constraints = field_spec.get("constraints", {})
    if constraints.get("required") and cell in ("", None):
        return "is required but blank"
    if "enum" in constraints and cell not in constraints["enum"]:
        return f"'{cell}' is not one of: " + ", ".join(constraints["enum"])
    if constraints.get("pattern") == dates.ISO_PATTERN:
        return f"'{cell}' is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD) or interval (START/END)"
    if "pattern" in constraints:
        return f"'{cell}' is not a lowercase slug id (a-z, 0-9 and single hyphens)"
    return f"'{cell}' breaks a constraint ({error.note})"


def _check_schema(data_dir: Path, report: Report) -> None:
    package = frictionless.Package(str(data_dir / DESCRIPTOR))
    result = package.validate()
    for task in result.tasks:
        table = report.tables[task.name]
        specs = {f["name"]: f for f in table.fields}
        for error in task.errors:
            index = error.row_number - 2 if getattr(error, "row_number", None) else None
            column = _error_column(error, table)
            report.add(table, index, column, _schema_message(error, specs.get(column, {}), table))


def _error_column(error, table: Table) -> str | None:
    """The column a frictionless error concerns; for key errors, the key's columns."""
    if error.type == "primary-key":
        return ", ".join(table.schema_key)
    if error.type == "foreign-key":
        return ", ".join(error.field_names)
    return getattr(error, "field_name", None)


def _schema_message(error, field_spec: dict, table: Table) -> str:
    kind = error.type
    if kind == "type-error":
        return f"'{error.cell}' is not a {field_spec.get('type', 'value')}"
    if kind == "constraint-error":
        return _constraint_message(error, field_spec)
    if kind in ("primary-key", "unique-error"):
        return "duplicate key (" + ", ".join(table.schema_key) + ")"
    if kind == "foreign-key":
        target = f"{error.reference_name}.csv ({', '.join(error.reference_field_names)})"
        return f"'{', '.join(map(str, error.field_cells))}' is not an id in {target}"
    if kind == "blank-row":
        return "row is blank"
    return f"{error.title}: {error.note}"


# --- invariants of the data contract ----------------------------------------------------

def _check_invariants(report: Report) -> None:
    _check_dates(report)
    ids = _check_record_ids(report)
    _check_evidence(report, ids)
    _check_id_lists(report, ids)
    _check_penalties(report)


def _check_dates(report: Report) -> None:
    for table in report.tables.values():
        for column in date_fields(table.fields):
            for index, row in enumerate(table.records):
                value = row[column]
                if value and _matches_pattern(value):
                    try:
                        dates.parse(value)
                    except dates.DateError as err:
                        report.add(table, index, column, str(err))


def _matches_pattern(value: str) -> bool:
    return re.match(dates.ISO_PATTERN, value) is not None


def _check_record_ids(report: Report) -> dict[str, str]:
    """Every row id across the tables that evidence may cite, mapped to its table."""
    owner: dict[str, str] = {}
    for name, table in report.tables.items():
        if name in ("evidence", "sources"):
            continue
        for index, row in enumerate(table.records):
            record_id = table.row_id(row)
            if record_id in owner and owner[record_id] != name:
                report.add(table, index, table.schema_key[0],
                           f"id '{record_id}' is also used in {owner[record_id]}.csv; ids must be unique across tables")
            owner.setdefault(record_id, name)
    return owner


def _check_evidence(report: Report, ids: dict[str, str]) -> None:
    evidence = report.tables["evidence"]
    cited = set()
    for index, row in enumerate(evidence.records):
        cited.add(row["record_id"])
        if row["record_id"] not in ids:
            report.add(evidence, index, "record_id", f"'{row['record_id']}' is not the id of any row")
    for name in EVIDENCED:
        table = report.tables[name]
        for index, row in enumerate(table.records):
            if table.row_id(row) not in cited:
                report.add(table, index, None, "has no evidence row (no fact without a source)")


def _check_id_lists(report: Report, ids: dict[str, str]) -> None:
    for name, column, target in ID_LISTS:
        table = report.tables[name]
        for index, row in enumerate(table.records):
            for item in (row[column] or "").split():
                if item not in ids or (target and ids[item] != target):
                    where = f"{target}.csv" if target else "any table"
                    report.add(table, index, column, f"'{item}' is not an id in {where}")
    conflicts = report.tables["conflicts"]
    for index, row in enumerate(conflicts.records):
        if len(row["record_ids"].split()) < 2:
            report.add(conflicts, index, "record_ids", "a conflict names at least two rows")


def _check_penalties(report: Report) -> None:
    table = report.tables["penalties"]
    for index, row in enumerate(table.records):
        if bool(row["amount"]) != bool(row["currency"]):
            column = "currency" if row["amount"] else "amount"
            report.add(table, index, column, "an amount needs a currency and a currency an amount")
        if row["usd_stated"] and not row["amount"]:
            report.add(table, index, "usd_stated", "a stated dollar figure needs the amount it translates")
        if not (row["amount"] or row["months"]) and row["kind"] not in UNQUANTIFIED_PENALTIES:
            report.add(table, index, "amount",
                       f"a '{row['kind']}' penalty needs an amount or months; only bans and ordered apologies may have neither")


# --- quotes against the archive ----------------------------------------------------------

def _check_quotes(report: Report) -> None:
    root = archive_dir()
    if not (root / archive.CATALOGUE).is_file():
        report.quote_check_skipped = (f"the evidence archive was not found at {root} "
                                      f"(set {ARCHIVE_ENV} to its folder)")
        return
    sources = report.tables["sources"]
    catalogue = archive.catalogue(root)
    files = {}
    for index, row in enumerate(sources.records):
        entry = catalogue.get(row["archive_file"])
        if entry is None:
            report.add(sources, index, "archive_file", f"'{row['archive_file']}' is not in the archive's catalogue")
            continue
        files[row["source_id"]] = row["archive_file"]
        if str(entry.get("published")) != row["published"]:
            report.add(sources, index, "published",
                       f"'{row['published']}' differs from the catalogue's '{entry.get('published')}'")
    for name, column in QUOTED:
        table = report.tables[name]
        for index, row in enumerate(table.records):
            if row["source_id"] not in files:
                continue  # reported above or as a foreign-key problem
            report.quotes_total += 1
            where = archive.archived_text(root, files[row["source_id"]]).locate(row[column])
            if where == "body":
                report.quotes_verified += 1
            elif where == "furniture":
                report.add(table, index, column, f"quote appears only in page furniture (not_body) of {files[row['source_id']]}")
            else:
                report.add(table, index, column, f"quote is not found verbatim in {files[row['source_id']]}")
