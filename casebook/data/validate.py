"""Check the data package against its Table Schema and the data contract's invariants.

Every problem names the file, the line, the row id and the column; nothing is fixed,
dropped or coerced here.
"""

import copy
import csv
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import frictionless
import yaml

from casebook import dates
from casebook.data import archive, contract
from casebook.data.descriptor import contract_problems, file_refusal, path_refusal, shape_problems
from casebook.data.read import DESCRIPTOR, NotStrictJSON, Table, date_fields, read_descriptor, read_table
from casebook.settings import ARCHIVE_ENV, ROOT, archive_dir
from casebook.vocabulary import UNQUANTIFIED_PENALTIES  # kinds that may carry neither a sum nor a length

# Tables whose every row needs an evidence row (statements carry their own quote).
EVIDENCED = ("actors", "affiliations", "cases", "case_parties", "charges", "events",
             "penalties", "fairness", "elections", "fx_rates")
# Columns holding space-separated ids: (table, column, table the ids point to; None = any row).
ID_LISTS = (("penalties", "beneficiary_id", "actors"), ("conflicts", "record_ids", None),
            ("fx_rates", "derived_from", "penalties"))
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
        return _visible(", ".join(where) + ": " + self.message)


def _visible(text: str) -> str:
    """The text with invisible characters (NUL, byte-order mark, line breaks...) as escapes, on one line."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
                   for c in text)


@dataclass
class Report:
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    quotes_verified: int = 0
    quotes_total: int = 0
    quote_check_skipped: str | None = None

    def add(self, table: Table, index: int | None, column: str | None, message: str):
        line = table.lines[index] if index is not None else None
        row = table.row_id(table.record(index)) if index is not None else None
        self.problems.append(Problem(_display(table.path), line, row, column, message))


def _display(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def validate(data_dir: Path | str, check_quotes: bool = True) -> Report:
    """Validate the package in `data_dir` (or the package whose descriptor `data_dir` names); the
    report lists every problem found."""
    data_dir = Path(data_dir)
    if data_dir.name == DESCRIPTOR and data_dir.is_file():
        data_dir = data_dir.parent
    report = Report()
    descriptor = _read_package(data_dir, report)
    if descriptor is None:
        return report  # every later check reads the descriptor
    for resource in descriptor["resources"]:
        if _table_file_problem(data_dir, resource, report):
            continue  # refused before it is opened
        table = _read_structure(data_dir, resource, report)
        if table is not None:
            report.tables[table.name] = table
    if len(report.tables) < len(descriptor["resources"]):
        return report  # column-level checks need every table to be readable
    if not _check_schema(data_dir, descriptor, report):
        return report
    _check_invariants(report)
    _check_library_rules(report)
    if check_quotes:
        _check_quotes(report)
    return report


# --- the descriptor: a package whose tables are files in the data folder -------------------

def _read_package(data_dir: Path, report: Report) -> dict | None:
    """The parsed descriptor, or None after reporting why it cannot be used (one line each)."""
    path = data_dir / DESCRIPTOR

    def refuse(message: str, line: int | None = None, column: str | None = None) -> None:
        report.problems.append(Problem(_display(path), line, None, column, message))

    if data_dir.is_dir():
        refusal = file_refusal(data_dir, DESCRIPTOR)
    else:
        refusal = f"'{data_dir}' is not a folder" if data_dir.exists() else f"there is no folder '{data_dir}'"
    if refusal:
        return refuse(f"cannot read the package descriptor ({refusal})")
    try:
        descriptor = read_descriptor(data_dir)
    except OSError as err:
        return refuse(f"cannot read the package descriptor ({err.strerror or err})")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        return refuse(f"is not valid UTF-8 (byte 0x{err.object[err.start]:02x})", line)
    except json.JSONDecodeError as err:
        return refuse(f"is not valid JSON ({err.msg}, column {err.colno})", err.lineno)
    except NotStrictJSON as err:
        return refuse(f"is not strict JSON ({err})")
    except RecursionError:
        return refuse("is not valid JSON (nested too deeply)")
    if _depth(descriptor) > MAX_DEPTH:
        return refuse(f"is nested too deeply (more than {MAX_DEPTH} levels of objects and lists)")
    problems = shape_problems(descriptor) or contract_problems(descriptor)
    for column, message in problems:
        refuse(message, column=column)
    return None if problems else descriptor


MAX_DEPTH = 100  # far beyond any real descriptor, far below what Python's recursion allows


def _depth(value) -> int:
    """How deeply objects and lists nest in a parsed JSON value (without recursion)."""
    deepest, level = 0, [(value, 1)]
    while level:
        node, depth = level.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                break
            level.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return deepest


def _table_file_problem(data_dir: Path, resource: dict, report: Report) -> bool:
    """Report a table whose path cannot be read safely; True if there was one."""
    path = resource["path"]
    refusal = path_refusal(path)
    if refusal:
        report.problems.append(Problem(_display(data_dir / DESCRIPTOR), None, None, None,
                                       f"table '{resource['name']}': path {refusal}"))
        return True
    refusal = file_refusal(data_dir, path)
    if refusal:
        report.problems.append(Problem(_display(data_dir / path), None, None, None, refusal))
    return refusal is not None


# --- structure: the file can be read, and its header is the schema's ---------------

def _read_structure(data_dir: Path, resource: dict, report: Report) -> Table | None:
    path = data_dir / resource["path"]
    name = _display(path)
    try:
        table = read_table(data_dir, resource)
    except OSError as err:
        report.problems.append(Problem(name, None, None, None, f"cannot be read ({err.strerror or err})"))
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
    header_ok = _check_header(table, name, [f["name"] for f in resource["schema"]["fields"]], report)
    widths_ok = _check_widths(table, report)
    return table if header_ok and widths_ok else None


def _check_header(table: Table, name: str, expected: list[str], report: Report) -> bool:
    """Report columns missing, unnamed, not in the schema or out of order; True if there are none."""
    ok = True
    for column in expected:
        if column not in table.header:
            report.problems.append(Problem(name, 1, None, column, "column is missing from the header"))
            ok = False
    for position, column in enumerate(table.header, 1):
        if not column.strip() and column not in expected:
            report.problems.append(Problem(name, 1, None, f"(unnamed, number {position})",
                                           "the header has an empty column name here: a trailing comma, "
                                           "or a column left without a name?"))
            ok = False
        elif column not in expected:
            report.problems.append(Problem(name, 1, None, column, "column is not in the schema"))
            ok = False
    if ok and table.header != expected:
        report.problems.append(Problem(name, 1, None, None,
                                       "columns are out of order; expected " + ", ".join(expected)))
        ok = False
    return ok


def _check_widths(table: Table, report: Report) -> bool:
    """Report rows that are empty or have more or fewer cells than the header; True if there are none."""
    width = len(table.header)
    widths = set(map(len, table.rows))
    ok = True
    for index, cells in enumerate(table.rows if widths - {width} else ()):  # rows only where one is off
        if not cells:
            report.add(table, index, None, "line is empty; delete it or fill in the row")
            ok = False
        elif len(cells) < width:
            report.add(table, index, table.header[len(cells)], f"row has {len(cells)} cells, the header has "
                                                               f"{width}: this column and those after it are missing")
            ok = False
        elif len(cells) > width:
            report.add(table, index, None, f"row has {len(cells)} cells, the header has {width}")
            ok = False
    return ok


# --- Table Schema: types, required, enums, patterns, keys (via frictionless) ----------

def _constraint_message(error, field_spec: dict) -> str:
    cell = error.cell
    constraints = field_spec.get("constraints", {})
    if constraints.get("required") and cell in ("", None):
        return "is required but blank"
    if "enum" in constraints and cell not in constraints["enum"]:
        return f"'{cell}' is not one of: " + ", ".join(map(str, constraints["enum"]))
    if constraints.get("pattern") == dates.ISO_PATTERN:
        return f"'{cell}' is not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD) or interval (START/END)"
    if "pattern" in constraints:
        return f"'{cell}' is not a lowercase slug id (a-z, 0-9 and single hyphens)"
    return f"'{cell}' breaks a constraint ({error.note})"


def _check_schema(data_dir: Path, descriptor: dict, report: Report) -> bool:
    """Report what breaks the Table Schema; False if frictionless could not read the descriptor."""
    try:
        package = frictionless.Package(copy.deepcopy(descriptor), basepath=str(data_dir))
        _pin_csv_dialect(package)
        result = package.validate(limit_errors=ALL_ERRORS)
    except frictionless.FrictionlessException as err:
        report.problems.append(Problem(_display(data_dir / DESCRIPTOR), None, None, None,
                                       f"is not a valid Data Package ({err.error.message})"))
        return False
    except RecursionError:
        report.problems.append(Problem(_display(data_dir / DESCRIPTOR), None, None, None, "is nested too deeply"))
        return False
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, re.error) as err:
        # frictionless applies some schema properties without checking them first
        message = f"has a schema property frictionless cannot apply ({type(err).__name__}: {err})"
        report.problems.append(Problem(_display(data_dir / DESCRIPTOR), None, None, None, message))
        return False
    for task in result.tasks:
        table = report.tables[task.name]
        specs = {f["name"]: f for f in table.fields}
        for error in task.errors:
            index = error.row_number - 2 if getattr(error, "row_number", None) else None
            column = _error_column(error, table)
            report.add(table, index, column, _schema_message(error, specs.get(column, {}), table))
    return True


ALL_ERRORS = 2**62  # frictionless keeps the first 1000 errors of a table unless told otherwise


def _pin_csv_dialect(package) -> None:
    """Read every CSV as casebook's own reader does (comma, double quotes, no escapes).

    Left to itself frictionless guesses the dialect from a sample of each file, and a table
    whose prose holds many semicolons can be read as semicolon-separated. (A descriptor that
    declares another dialect has been refused already.)
    """
    for resource in package.resources:
        resource.dialect = frictionless.Dialect(controls=[frictionless.formats.CsvControl(
            delimiter=",", quote_char='"', double_quote=True, escape_char=None, skip_initial_space=False)])


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
    _check_relations(report)


def _check_dates(report: Report) -> None:
    verdicts: dict[str, str | None] = {}  # each distinct value is parsed once
    for table in report.tables.values():
        for column in date_fields(table.fields):
            for index, value in enumerate(table.column(column)):
                if value not in verdicts:
                    verdicts[value] = _date_problem(value)
                if verdicts[value] is not None:
                    report.add(table, index, column, verdicts[value])


def _date_problem(value: str) -> str | None:
    if value and not value.isascii() and _matches_pattern(value):
        return f"'{value}' is not written in ASCII digits 0-9 (rule: dates are ISO 8601, as the library reads them)"
    if value and _matches_pattern(value):
        try:
            dates.parse(value)
        except dates.DateError as err:
            return str(err)
    return None


def _matches_pattern(value: str) -> bool:
    return re.match(dates.ISO_PATTERN, value) is not None


def _check_record_ids(report: Report) -> dict[str, str]:
    """Every row id across the tables that evidence may cite, mapped to its table."""
    owner: dict[str, str] = {}
    for name, table in report.tables.items():
        if name in ("evidence", "sources"):
            continue
        row_ids = table.row_ids()
        taken = owner.keys() & set(row_ids)  # ids an earlier table already uses
        for index, record_id in enumerate(row_ids if taken else ()):
            if record_id in taken:
                report.add(table, index, table.schema_key[0],
                           f"id '{record_id}' is also used in {owner[record_id]}.csv; ids must be unique across tables")
        fresh = dict.fromkeys(row_ids, name)
        for record_id in taken:  # the first table to use an id keeps it
            del fresh[record_id]
        owner.update(fresh)
    return owner


def _check_evidence(report: Report, ids: dict[str, str]) -> None:
    evidence = report.tables["evidence"]
    record_ids = evidence.column("record_id")
    cited = set(record_ids)
    unknown = cited - ids.keys()
    for index, record_id in enumerate(record_ids if unknown else ()):
        if record_id in unknown:
            report.add(evidence, index, "record_id", f"'{record_id}' is not the id of any row")
    for name in EVIDENCED:
        table = report.tables[name]
        row_ids = table.row_ids()
        unproved = set(row_ids) - cited
        for index, record_id in enumerate(row_ids if unproved else ()):
            if record_id in unproved:
                report.add(table, index, None, "has no evidence row (no fact without a source)")


def _check_id_lists(report: Report, ids: dict[str, str]) -> None:
    for name, column, target in ID_LISTS:
        table = report.tables[name]
        for index, value in enumerate(table.column(column)):
            for item in (value or "").split():
                if item not in ids or (target and ids[item] != target):
                    where = f"{target}.csv" if target else "any table"
                    report.add(table, index, column, f"'{item}' is not an id in {where}")
        for index, value in enumerate(table.column(column)):
            items = (value or "").split()
            for item in sorted({item for item in items if items.count(item) > 1}):
                report.add(table, index, column, f"'{item}' is named twice")
    conflicts = report.tables["conflicts"]
    for index, value in enumerate(conflicts.column("record_ids")):
        if len(set(value.split())) < 2:
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
                       f"a '{row['kind']}' penalty needs an amount or months; only "
                       f"{', '.join(sorted(UNQUANTIFIED_PENALTIES))} may have neither")


def _check_relations(report: Report) -> None:
    """What the derivations rely on in how rows refer to each other (casebook.data.contract)."""
    tables = report.tables
    events = tables["events"]
    event_ids = events.column("event_id")
    parent = dict(zip(event_ids, events.column("part_of")))
    for index, (event_id, part_of) in enumerate(zip(event_ids, events.column("part_of"))):
        if not part_of:
            continue
        if part_of == event_id:
            message = "an event cannot be part of itself"
        elif part_of not in parent:
            continue  # an unknown id: reported as a reference problem
        elif parent[part_of] == event_id:
            message = f"'{part_of}' is in turn part of this event: a cycle"
        elif parent[part_of]:
            message = f"'{part_of}' is itself part of '{parent[part_of]}': name the act, '{parent[part_of]}', instead"
        else:
            continue
        report.add(events, index, "part_of", f"{message} (rule: {contract.PART_OF_RULE})")
    case_of_event = dict(zip(event_ids, events.column("case_id")))
    penalties = tables["penalties"]
    for index, (case_id, event_id) in enumerate(zip(penalties.column("case_id"), penalties.column("event_id"))):
        if event_id in case_of_event and case_of_event[event_id] != case_id:
            report.add(penalties, index, "event_id", f"'{event_id}' is an event of case '{case_of_event[event_id]}', "
                       f"not of '{case_id}' (rule: {contract.PENALTY_EVENT_RULE})")
    sources = tables["sources"]
    published = dict(zip(sources.column("source_id"), sources.column("published")))
    statements = tables["statements"]
    days = {value: _days(value) for value in {*statements.distinct("date"), *published.values()}}  # parsed once
    for index, (said, source_id) in enumerate(zip(statements.column("date"), statements.column("source_id"))):
        said_days, published_days = days[said], days.get(published.get(source_id, ""))
        if said_days and published_days and said_days[0] > published_days[1]:
            report.add(statements, index, "date", f"'{said}' is after its source '{source_id}' was published "
                       f"({published[source_id]}) (rule: {contract.STATEMENT_DATE_RULE})")


def _days(value: str):
    """The first and last day of an ISO 8601 date or interval; None where it is not one (reported elsewhere)."""
    if not value or not value.isascii() or not _matches_pattern(value):
        return None
    try:
        return dates.parse(value)
    except dates.DateError:
        return None


# --- rules the library depends on, whatever the descriptor declares (casebook.data.contract) --------

PLAIN_NUMBER_RULE = "numbers are written plainly (digits, a point, an exponent), as the library reads them"
POSITIVE_RULE = "amounts, dollar figures, months and rates are positive numbers"
_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")  # ASCII digits only


def _check_library_rules(report: Report) -> None:
    """Report cells the chapters' code cannot handle, though the descriptor may let them through.

    A cell that already has a problem (from the Table Schema, say) is not reported twice.
    """
    seen = {(p.file, p.line, p.column) for p in report.problems}
    for table, index, column, message in _library_rule_breaches(report.tables):
        if (_display(table.path), table.lines[index], column) not in seen:
            report.add(table, index, column, message)


def _library_rule_breaches(tables: dict[str, Table]):
    """(table, row index, column, message) for every cell that breaks a rule of casebook.data.contract."""
    for name, table in tables.items():
        yield from _cell_rule_breaches(name, table)
    yield from _id_breaches(tables)
    yield from _link_breaches(tables)
    for name, column in QUOTED:
        for index, value in _where(tables[name], column, lambda v: v.strip() and not proves_something(v)):
            yield (tables[name], index, column,
                   f"quote '{value}' is made only of common words and proves nothing (rule: {QUOTE_RULE})")
    currencies = tables["penalties"].column("currency")
    if not tables["fx_rates"].rows and "KHR" in currencies:
        rule = contract.CLOSED["penalties", "currency"][1]
        yield (tables["penalties"], currencies.index("KHR"), "currency",
               f"fx_rates.csv has no rate to convert this riel amount with (rule: {rule})")


def _cell_rule_breaches(name: str, table: Table):
    """The breaches of one table's cell rules: plain numbers, REQUIRED, POSITIVE, CLOSED and PAIRED."""
    yield from _number_breaches(name, table)
    yield from _closed_and_paired_breaches(name, table)


def _number_breaches(name: str, table: Table):
    """Numbers not written plainly, required cells left blank, and amounts that are not positive."""
    for spec in table.fields:
        if spec.get("type") in ("number", "integer"):
            for index, value in _where(table, spec["name"], lambda v: v and not _PLAIN_NUMBER.fullmatch(v)):
                yield table, index, spec["name"], f"'{value}' is not a plain number (rule: {PLAIN_NUMBER_RULE})"
    for column in contract.REQUIRED.get(name, ()):
        for index, _ in _where(table, column, lambda v: not v.strip()):
            yield table, index, column, "is blank (rule: the chapters need this cell in every row)"
    for column in contract.POSITIVE.get(name, ()):
        for index, value in _where(table, column, lambda v: v and not _positive(v)):
            yield table, index, column, f"'{value}' is not a positive number (rule: {POSITIVE_RULE})"


def _closed_and_paired_breaches(name: str, table: Table):
    """Cells outside their closed list, and cells left blank where their partner is filled."""
    for (closed_table, column), (allowed, rule) in contract.CLOSED.items():
        if closed_table == name:
            for index, value in _where(table, column, lambda v, allowed=allowed: v and v not in allowed):
                yield table, index, column, f"'{value}' is not one of {', '.join(allowed)} (rule: {rule})"
    for (paired_table, column), (partner, rule) in contract.PAIRED.items():
        if paired_table != name or column not in table.header or partner not in table.header:
            continue
        for index, (cell, other) in enumerate(zip(table.column(column), table.column(partner))):
            if cell and not other:
                yield table, index, partner, f"is blank where {column} is filled (rule: {rule})"


def _id_breaches(tables: dict[str, Table]):
    """Ids that are not slugs, and references to rows that do not exist, whatever the descriptor declares."""
    pattern = re.compile(contract.SLUG, re.ASCII)
    verdicts: dict[str, bool] = {}  # each distinct value is matched once, whichever columns hold it

    def slug(value: str) -> bool:
        if value not in verdicts:
            verdicts[value] = pattern.fullmatch(value) is not None
        return verdicts[value]

    columns = {(name, column) for name in contract.TABLES if name != "evidence"
               for column in contract.key(name) if column != "role"}
    for (name, column), target in contract.REFERENCES.items():
        columns.add((name, column))
        unknown = tables[name].distinct(column) - tables[target].distinct(contract.key(target)[0])
        where = f"{target}.csv ({contract.key(target)[0]})"
        for index, value in _where(tables[name], column, lambda v, unknown=unknown: v in unknown and v and slug(v)):
            yield tables[name], index, column, f"'{value}' is not an id in {where} (rule: {contract.REFERENCE_RULE})"
    for name, column in sorted(columns):
        for index, value in _where(tables[name], column, lambda v: v and not slug(v)):
            yield tables[name], index, column, f"'{value}' is not a lowercase slug id (rule: {contract.SLUG_RULE})"


def _link_breaches(tables: dict[str, Table]):
    """Addresses that are not web addresses, and chapters that are not pages of the book."""
    for name, columns in contract.WEB_ADDRESSES.items():
        for column in columns:
            if column in tables[name].header:
                for index, value in _where(tables[name], column, lambda v: v and not contract.is_web_address(v)):
                    yield (tables[name], index, column,
                           f"'{value}' is not a web address (rule: {contract.WEB_ADDRESS_RULE})")
    name, column = contract.CHAPTER
    pages = _book_pages()
    for index, value in _where(tables[name], column, lambda v: v.strip() and not contract.is_page_name(v)):
        yield tables[name], index, column, f"'{value}' is not a page name (rule: {contract.CHAPTER_RULE})"
    if pages is not None:
        for index, value in _where(tables[name], column, lambda v: contract.is_page_name(v) and f"book/{v}" not in pages):
            yield (tables[name], index, column, f"'{value}' is not a page of the book: add "
                   f"'- file: book/{value}' to _toc.yml (rule: {contract.CHAPTER_RULE})")


def _book_pages() -> set[str] | None:
    """The pages the book's table of contents lists (as 'book/cases/x'); None where there is no _toc.yml."""
    toc = ROOT / "_toc.yml"
    if not toc.is_file():
        return None
    pages, entries = set(), [yaml.load(toc.read_text(encoding="utf-8"), Loader=archive.SAFE_LOADER)]
    while entries:
        entry = entries.pop()
        if isinstance(entry, dict):
            if isinstance(entry.get("file"), str):
                pages.add(re.sub(r"\.(ipynb|md)$", "", entry["file"]))
            if isinstance(entry.get("root"), str):
                pages.add(re.sub(r"\.(ipynb|md)$", "", entry["root"]))
            entries.extend(entry.values())
        elif isinstance(entry, list):
            entries.extend(entry)
    return pages


QUOTE_RULE = "a quote holds at least one word that is not a common function word"
# Words too common to prove anything alone (a quote made only of them occurs in almost any text).
FUNCTION_WORDS = frozenset("""
a an the of to in on at by for from with without into onto over under about after before since until
and or but nor so yet if then than as that this these those there here which who whom whose what when
where why how is are was were be been being am do does did done has have had having will would shall
should can could may might must it its he him his she her hers they them their theirs we us our you
your i me my mine not no yes all any some each every both either neither one also only just very too
such same other more most much many few said says say
""".split())


def proves_something(quote: str) -> bool:
    """Does the quote hold a word of two or more letters or digits that is not a function word?"""
    words = re.findall(r"\w+", archive.normalise(quote).lower())
    return any(len(word) >= 2 and word not in FUNCTION_WORDS for word in words)


def _where(table: Table, column: str, bad):
    """(index, cell) for every cell of the column for which `bad(cell)` is true, in row order;
    each distinct cell is judged once."""
    flagged = {cell for cell in table.distinct(column) if bad(cell)}
    for index, cell in enumerate(table.column(column) if flagged else ()):
        if cell in flagged:
            yield index, cell


def _positive(value: str) -> bool:
    """A plain number above zero (and finite)."""
    return _PLAIN_NUMBER.fullmatch(value) is not None and math.isfinite(float(value)) and float(value) > 0


# --- quotes against the archive ----------------------------------------------------------

def _check_quotes(report: Report) -> None:
    root = archive_dir()
    if not (root / archive.CATALOGUE).exists():
        report.quote_check_skipped = (f"the evidence archive was not found at {root} "
                                      f"(set {ARCHIVE_ENV} to its folder)")
        return
    try:
        catalogue = archive.catalogue(root)
    except archive.ArchiveError as err:
        report.problems.append(_archive_problem(root, err))
        return  # no quote can be looked up without the catalogue
    files = _source_texts(report, root, catalogue)
    _check_quoted_cells(report, files)


def _source_texts(report: Report, root: Path, catalogue: dict) -> dict:
    """Source id -> its archived text, for each source whose text is in the catalogue, dated as the
    catalogue dates it and the very copy its archive_sha256 names; every other source reported."""
    sources = report.tables["sources"]
    files, texts = {}, {}
    for index, row in enumerate(sources.records):
        file = row["archive_file"]
        entry = catalogue.get(file)
        if entry is None:
            report.add(sources, index, "archive_file", f"'{file}' is not in the archive's catalogue")
            continue
        if str(entry.get("published")) != row["published"]:
            report.add(sources, index, "published",
                       f"'{row['published']}' differs from the catalogue's '{entry.get('published')}'")
        if file not in texts:
            try:
                texts[file] = archive.archived_text(root, file, catalogue)
            except archive.ArchiveError as err:
                texts[file] = None
                report.problems.append(_archive_problem(root, err))
        if texts[file] is None:
            report.add(sources, index, "archive_file", f"the archived text '{file}' cannot be used (see its own line)")
            continue
        if texts[file].sha256 != row["archive_sha256"]:
            report.add(sources, index, "archive_sha256",
                       f"'{row['archive_sha256']}' is not the SHA-256 of the archived text '{file}' "
                       f"({texts[file].sha256}): the archive holds another copy than the one recorded")
        files[row["source_id"]] = texts[file]
    return files


QUOTE_PROBLEMS = {
    "furniture": "quote appears only in page furniture (not_body) of {file}",
    "invisible": "quote is not found verbatim in {file}: the source has invisible characters (such as ZERO WIDTH "
                 "SPACE, U+200B) that the quote lacks, or the other way round; copy the passage from the archived text",
}


def _check_quoted_cells(report: Report, files: dict) -> None:
    """Look each quote up in its source's archived text; count those found in the body."""
    found: dict[tuple[str, str], str] = {}  # (file, quote) -> where; a quote is looked up once
    for name, column in QUOTED:
        table = report.tables[name]
        for index, (source_id, quote) in enumerate(zip(table.column("source_id"), table.column(column))):
            report.quotes_total += 1
            text = files.get(source_id)
            if text is None:
                continue  # its source is unknown or its text unusable: reported above
            where = found.get((text.file, quote))
            if where is None:
                where = found[text.file, quote] = text.locate(quote)
            if where == "body":
                report.quotes_verified += 1
            else:
                problem = QUOTE_PROBLEMS.get(where, "quote is not found verbatim in {file}")
                report.add(table, index, column, problem.format(file=text.file))


def _archive_problem(root: Path, err: archive.ArchiveError) -> Problem:
    return Problem(_display(root / err.file), err.line, None, None, err.message)
