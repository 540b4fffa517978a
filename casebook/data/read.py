"""Read the data package as it is on disk: the descriptor, and each CSV as rows of text cells
with the line each row starts on. Nothing is typed or checked here (see `validate` and `load`)."""

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from casebook import dates

DESCRIPTOR = "datapackage.json"
# A cell may be as long as a CSV cell can be, not only the csv module's default 128 KiB.
csv.field_size_limit(2**31 - 1)


@dataclass
class Table:
    """One CSV as read: its header, its rows of cells, and the line each row starts on.

    The rows are not to be changed once read: `columns` keeps the cells column by column.
    """

    name: str
    path: Path
    fields: list[dict]
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    lines: Sequence[int] = field(default_factory=list)

    schema_key: list[str] = field(default_factory=list)
    _columns: dict[str, tuple[str, ...]] | None = field(default=None, repr=False, compare=False)
    _distinct: dict[str, set[str]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def records(self) -> list[dict]:
        return [dict(zip(self.header, cells)) for cells in self.rows]

    def row_id(self, row: dict) -> str:
        """The row's id as evidence cites it: its key, or key parts joined by '/'."""
        return "/".join(row.get(k) or "" for k in self.schema_key)

    def record(self, index: int) -> dict:
        """One row as a dict (`records[index]` without building every other row)."""
        return dict(zip(self.header, self.rows[index]))

    @property
    def columns(self) -> dict[str, tuple[str, ...]]:
        """Every column's cells in row order, by column name (computed once).

        Only for a table whose every row has as many cells as the header (as validation requires).
        """
        if self._columns is None:
            cells = list(zip(*self.rows)) if self.rows else [() for _ in self.header]
            self._columns = dict(zip(self.header, cells))
        return self._columns

    def column(self, name: str) -> Sequence[str]:
        """Every row's cell in one column, in row order."""
        return self.columns[name]

    def distinct(self, name: str) -> set[str]:
        """The distinct cells of one column (computed once; not to be changed)."""
        if name not in self._distinct:
            self._distinct[name] = set(self.columns[name])
        return self._distinct[name]

    def row_ids(self) -> Sequence[str]:
        """`row_id` of every row, in row order."""
        if len(self.schema_key) == 1 and self.schema_key[0] in self.header:
            return self.column(self.schema_key[0])  # `or ""` is a no-op on str cells
        positions = [self.header.index(k) if k in self.header else None for k in self.schema_key]
        return ["/".join(cells[j] if j is not None else "" for j in positions) for cells in self.rows]


class NotStrictJSON(ValueError):
    """JSON that Python reads but other readers read otherwise or refuse (RFC 8259)."""


def _no_duplicate_names(pairs: list) -> dict:
    names = set()
    for name, _ in pairs:
        if name in names:
            raise NotStrictJSON(f"the name '{name}' appears twice in one object; "
                                "readers differ on which one counts")
        names.add(name)
    return dict(pairs)


def _no_constant(name: str):
    raise NotStrictJSON(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise NotStrictJSON(f"{text} is too large for a number most readers can hold")
    return value


def read_descriptor(data_dir: Path) -> dict:
    """The parsed `datapackage.json` (a byte-order mark, as some editors write, is allowed).

    Strict JSON only: a name given twice in one object, NaN or Infinity raise NotStrictJSON."""
    return json.loads((Path(data_dir) / DESCRIPTOR).read_text(encoding="utf-8-sig"),
                      object_pairs_hook=_no_duplicate_names, parse_constant=_no_constant, parse_float=_finite)


def read_table(data_dir: Path, resource: dict) -> Table:
    """Read one CSV strictly (raises UnicodeDecodeError, csv.Error, OSError).

    A byte-order mark (spreadsheets' "CSV UTF-8") is dropped; any line ending is read.
    """
    schema = resource["schema"]
    key = schema.get("primaryKey", [])
    table = Table(resource["name"], Path(data_dir) / resource["path"], schema["fields"],
                  schema_key=[key] if isinstance(key, str) else list(key))
    with table.path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        table.header = next(reader, [])
        after_header = reader.line_num
        try:
            table.rows = list(reader)
        except csv.Error as err:
            err.line = reader.line_num
            raise
    if reader.line_num == after_header + len(table.rows):
        # Each row took one line of the file (none has a line break inside a quoted cell).
        table.lines = range(after_header + 1, after_header + 1 + len(table.rows))
    else:
        table.lines = _row_lines(table.path)
    return table


def _row_lines(path: Path) -> list[int]:
    """The line each row of a CSV starts on, counting the lines inside quoted cells."""
    lines = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        next(reader, [])
        start = reader.line_num + 1
        for _ in reader:
            lines.append(start)
            start = reader.line_num + 1
    return lines


def date_fields(fields: list[dict]) -> list[str]:
    """Columns that hold ISO 8601 dates or intervals (marked by their pattern)."""
    return [f["name"] for f in fields if f.get("constraints", {}).get("pattern") == dates.ISO_PATTERN]
