"""When nbval finds notebooks whose stored outputs a fresh run does not reproduce, the run ends by
saying to run `make execute` (tests/conftest.py), naming those notebooks once each."""

from types import SimpleNamespace

from conftest import pytest_terminal_summary


class Reporter:
    def __init__(self, failed):
        self.stats = {"failed": [SimpleNamespace(nodeid=nodeid) for nodeid in failed]}
        self.lines = []

    def write_line(self, line, **markup):
        self.lines.append(line)


def test_a_stale_notebook_gets_the_hint_naming_it_once():
    reporter = Reporter(["_build/src/book/cases/kim-sok.ipynb::Cell 3", "_build/src/book/cases/kim-sok.ipynb::Cell 5",
                         "_build/src/book/index.ipynb::Cell 1", "tests/test_dates.py::test_x"])
    pytest_terminal_summary(reporter)
    assert len(reporter.lines) == 1
    line = reporter.lines[0]
    assert line.startswith("2 notebook(s)") and "(index.ipynb, kim-sok.ipynb)" in line and "`make execute`" in line


def test_no_hint_when_no_notebook_failed():
    reporter = Reporter(["tests/test_dates.py::test_x"])
    pytest_terminal_summary(reporter)
    assert reporter.lines == []
