"""Load the data package into typed pandas DataFrames, validating it first."""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from casebook import dates
from casebook.paths import DATA_DIR

DESCRIPTOR = "datapackage.json"


class DataError(Exception):
    """The data package breaks its contract; the message lists every problem."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n{lines}")


@dataclass
class Table:
    """One CSV as read: its header, its rows of cells, and the line each row starts on."""

    name: str
    path: Path
    fields: list[dict]
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)

    schema_key: list[str] = field(default_factory=list)

    @property
    def records(self) -> list[dict]:
        return [dict(zip(self.header, cells)) for cells in self.rows]

    def row_id(self, row: dict) -> str:
        """The row's id as evidence cites it: its key, or key parts joined by '/'."""
        return "/".join(row.get(k) or "" for k in self.schema_key)


def read_descriptor(data_dir: Path) -> dict:
    return json.loads((Path(data_dir) / DESCRIPTOR).read_text(encoding="utf-8"))


def read_table(data_dir: Path, resource: dict) -> Table:
    """Read one CSV strictly (raises UnicodeDecodeError, csv.Error, OSError)."""
    schema = resource["schema"]
    table = Table(resource["name"], Path(data_dir) / resource["path"], schema["fields"],
                  schema_key=list(schema.get("primaryKey", [])))
    with table.path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        table.header = next(reader, [])
        start = reader.line_num + 1
        try:
            for cells in reader:
                table.rows.append(cells)
                table.lines.append(start)
                start = reader.line_num + 1
        except csv.Error as err:
            err.line = reader.line_num
            raise
    return table


def date_fields(fields: list[dict]) -> list[str]:
    """Columns that hold ISO 8601 dates or intervals (marked by their pattern)."""
    return [f["name"] for f in fields if f.get("constraints", {}).get("pattern") == dates.ISO_PATTERN]


def _frame(table: Table) -> pd.DataFrame:
    frame = pd.DataFrame(table.rows, columns=table.header, dtype=object)
    frame = frame.replace({"": None})
    for spec in table.fields:
        name = spec["name"]
        if spec.get("type") in ("number", "integer"):
            frame[name] = pd.to_numeric(frame[name])
    for name in date_fields(table.fields):
        dates.add_bounds(frame, name)
    return frame


class Dataset(dict):
    """The tables by name, also reachable as attributes: `data.events`."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def load(data_dir: Path | str = DATA_DIR, check_quotes: bool = True) -> Dataset:
    """Validate the package, then return every table as a typed DataFrame.

    Date columns gain `<column>_earliest` and `<column>_latest` (Timestamps).
    Raises DataError listing every problem; nothing is dropped or coerced.
    """
    from casebook.validate import validate

    data_dir = Path(data_dir)
    report = validate(data_dir, check_quotes=check_quotes)
    if report.problems:
        raise DataError(report.problems)
    return Dataset({name: _frame(table) for name, table in report.tables.items()})
