"""Shared fixtures: a scratch copy of the data package that a test may break; the built book."""

import csv
import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import casebook
from casebook import dates, settings
from casebook.settings import ROOT, archive_dir

DATA = settings.data_dir()
BUILT_ENV = "CASEBOOK_BUILT_HTML"  # a book built before, for the tests marked `book` to read


@pytest.fixture(scope="module")
def data():
    """The project's data, loaded once per test module (quotes not looked up again)."""
    return casebook.load(check_quotes=False)


def dated_frame(rows, columns) -> pd.DataFrame:
    """A frame of `rows`, its `date` column given its bounds as the library's loading gives them."""
    out = pd.DataFrame(rows, columns=columns)
    dates.add_bounds(out, "date")
    return out


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def archive_required():
    """Skip, saying why, where the evidence archive is absent (as on a reader's machine)."""
    if not (archive_dir() / "catalogue.yaml").is_file():
        pytest.skip(f"evidence archive not found at {archive_dir()} (set CASEBOOK_ARCHIVE)")


class CsvFile:
    """Read-modify-write of one CSV in a data copy, reporting where rows sit."""

    def __init__(self, data_dir: Path, table: str):
        self.path = data_dir / f"{table}.csv"
        with self.path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        self.header, self.rows = rows[0], rows[1:]

    def index(self, key: str) -> int:
        """Index of the first row whose first column is `key`."""
        return next(i for i, row in enumerate(self.rows) if row[0] == key)

    def line(self, index: int) -> int:
        """Line number of a row (data rows hold no line breaks)."""
        return index + 2

    def set(self, index: int, column: str, value: str) -> "CsvFile":
        self.rows[index][self.header.index(column)] = value
        return self

    def get(self, index: int, column: str) -> str:
        return self.rows[index][self.header.index(column)]

    def save(self) -> None:
        with self.path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows([self.header, *self.rows])


@pytest.fixture(scope="session")
def built_book(tmp_path_factory, worker_id) -> Path:
    """The book's HTML folder, built once for the whole run.

    $CASEBOOK_BUILT_HTML names a book built before (`make test` builds it strictly, once nbval has
    passed the notebooks, and then runs the tests marked `book` on it). Without it, the tests build
    the book as `make test` does (strict, from the notebooks' stored outputs) into a scratch folder:
    the first pytest-xdist worker to ask builds it, under a lock, and the others reuse it."""
    shared = os.environ.get(BUILT_ENV)
    if shared:
        html = Path(shared)
        assert (html / "index.html").is_file(), f"{BUILT_ENV}={shared} holds no built book"
        return html
    base = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        base = base.parent
    out = base / "built-book"
    with open(base / "built-book.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / "built").is_file():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir(parents=True)
            result = subprocess.run(["make", "--no-print-directory", "test-build", f"BUILD={out / '_build'}"],
                                    cwd=ROOT, capture_output=True, text=True)
            assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
            (out / "built").touch()
    return out / "_build" / "html"


STALE_HINT = ("{count} notebook(s) did not reproduce their stored outputs in a fresh run ({names}). If you changed "
              "data/, the library or a notebook's code on purpose, run `make execute` and commit the "
              "re-executed notebooks; otherwise the difference above is a regression.")


def pytest_terminal_summary(terminalreporter):
    """After a run where nbval found a notebook whose outputs differ, say what to do about it."""
    failed = {report.nodeid.split("::", 1)[0] for report in terminalreporter.stats.get("failed", [])
              if report.nodeid.split("::", 1)[0].endswith(".ipynb")}
    if failed:
        names = ", ".join(sorted(name.rsplit("/", 1)[-1] for name in failed))
        terminalreporter.write_line(STALE_HINT.format(count=len(failed), names=names), yellow=True, bold=True)
