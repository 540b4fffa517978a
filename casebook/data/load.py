"""Type the data package as pandas frames, after validating it: every load checks the data again
(about a second), so that nothing unchecked is ever typed and shown."""

from pathlib import Path

import numpy as np
import pandas as pd

from casebook import dates, settings
from casebook.data.read import Table, date_fields


class DataError(Exception):
    """The data package breaks its contract; the message lists every problem."""

    def __init__(self, problems):
        self.problems = list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n{lines}")


def _frame(table: Table) -> pd.DataFrame:
    """The table as a frame of text cells, blank cells as None; numbers as numbers; date bounds."""
    columns = {}
    for name, cells in table.columns.items():
        values = np.fromiter(cells, dtype=object, count=len(cells))
        values[values == ""] = None
        columns[name] = values
    frame = pd.DataFrame(columns, columns=table.header, dtype=object)
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


def load(data_dir: Path | str | None = None, check_quotes: bool = True) -> Dataset:
    """Validate the package, then return every table as a typed DataFrame.

    Date columns gain `<column>_earliest` and `<column>_latest` (Timestamps).
    Raises DataError listing every problem; nothing is dropped or coerced. The tables are typed
    from the very rows that were validated, read once.
    """
    from casebook.data import validate  # the validator and frictionless, imported when data is loaded

    report = validate.validate(Path(data_dir or settings.data_dir()), check_quotes=check_quotes)
    if report.problems:
        raise DataError(report.problems)
    return Dataset({name: _frame(table) for name, table in report.tables.items()})
