"""Read the data package as it is on disk: the descriptor, and each CSV as rows of text cells
with the line each row starts on. Nothing is typed or checked here (see `validate` and `load`)."""

import csv
import gc
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from casebook import dates

DESCRIPTOR = "datapackage.json"
# A cell may be as long as a CSV cell can be, not only the csv module's default 128 KiB.
csv.field_size_limit(2**31 - 1)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while reading or checking many rows.

    The tables are millions of small lists and strings with no reference cycles; left on, the
    collector rescans all of them again and again as they are built (most of the time spent
    reading a large package). Reference counting still frees everything; the collector is
    restored, as it was, on the way out.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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

    def record(self, index: int) -> dict:
        """One row as a dict (`records[index]` without building every other row)."""
        return dict(zip(self.header, self.rows[index]))

    def column(self, name: str) -> list[str]:
        """Every row's cell in one column, in row order."""
        j = self.header.index(name)
        return [cells[j] for cells in self.rows]

    def row_ids(self) -> list[str]:
        """`row_id` of every row, in row order."""
        if len(self.schema_key) == 1 and self.schema_key[0] in self.header:
            return self.column(self.schema_key[0])  # `or ""` is a no-op on str cells
        positions = [self.header.index(k) if k in self.header else None for k in self.schema_key]
        return ["/".join(cells[j] if j is not None else "" for j in positions) for cells in self.rows]


def read_descriptor(data_dir: Path) -> dict:
    """The parsed `datapackage.json` (a byte-order mark, as some editors write, is allowed)."""
    return json.loads((Path(data_dir) / DESCRIPTOR).read_text(encoding="utf-8-sig"))


def read_table(data_dir: Path, resource: dict) -> Table:
    """Read one CSV strictly (raises UnicodeDecodeError, csv.Error, OSError).

    A byte-order mark (spreadsheets' "CSV UTF-8") is dropped; any line ending is read.
    """
    schema = resource["schema"]
    key = schema.get("primaryKey", [])
    table = Table(resource["name"], Path(data_dir) / resource["path"], schema["fields"],
                  schema_key=[key] if isinstance(key, str) else list(key))
    with table.path.open(encoding="utf-8-sig", newline="") as handle, gc_paused():
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
