"""tools/pytest_book.py: the order of `make test`'s one run, and the book built in it only once
every notebook has passed nbval."""

import os
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from casebook.settings import ROOT
from tools import pytest_book
from tools.build import html_folder


@dataclass
class Item:
    nodeid: str
    marks: tuple = ()

    def get_closest_marker(self, name):
        return name if name in self.marks else None


@dataclass
class Report:
    nodeid: str
    when: str = "teardown"
    failed: bool = False
    extra: dict = field(default_factory=dict)


@pytest.fixture
def build_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CASEBOOK_BUILD", str(tmp_path / "_build"))
    return tmp_path / "_build"


def test_notebooks_first_then_long_modules_then_the_book_s_readers_then_the_rest():
    items = [Item("tests/test_a.py::one"), Item("tests/test_browser.py::crawl", ("book",)),
             Item("tests/test_launch.py::build", ("kernel",)), Item("tests/test_launch.py::no_button", ("book",)),
             Item("tests/test_properties.py::law", ("slow",)), Item("book/cases/x.ipynb::Cell 0"),
             Item("tests/test_a.py::two"), Item("book/cases/x.ipynb::Cell 1")]
    pytest_book.pytest_collection_modifyitems(items)
    assert [item.nodeid for item in items] == [
        "book/cases/x.ipynb::Cell 0", "book/cases/x.ipynb::Cell 1",  # the notebooks, cells in order
        "tests/test_properties.py::law",  # long
        # reads the book; the module with a test that does waits whole with them
        "tests/test_browser.py::crawl", "tests/test_launch.py::build", "tests/test_launch.py::no_button",
        "tests/test_a.py::one", "tests/test_a.py::two",  # the rest, in file order
    ]


def notebook_ids(build_dir, monkeypatch, *names, outside=False) -> list[str]:
    """The book's notebooks are `names` (in its book/ folder, staged in build_dir/src); their test
    ids as pytest names them: from the project's folder, or (for a build folder `outside` it) from
    the staged book's."""
    monkeypatch.setattr(pytest_book.build, "notebooks", lambda: [f"book/{name}" for name in names])
    path = build_dir / "src" / "book"
    return [f"{name if outside else os.path.relpath(path / name, ROOT)}::Cell 0" for name in names]


def test_the_book_waits_for_every_notebook_and_is_not_built_once_one_failed(build_dir, monkeypatch):
    a, b = notebook_ids(build_dir, monkeypatch, "a.ipynb", "b.ipynb")
    builder = pytest_book.Builder()
    builder.pytest_xdist_node_collection_finished(None, [a, b, "tests/t.py::x"])
    builder.pytest_runtest_logreport(Report(a))
    builder.pytest_runtest_logreport(Report("tests/t.py::x", failed=True))  # not a notebook: no matter
    assert builder.thread is None and not pytest_book.ready_file().exists()
    builder.pytest_runtest_logreport(Report(b, when="call", failed=True))
    # said at once, so that the tests waiting for the book fail now
    with pytest.raises(pytest.fail.Exception, match=r"not built: a notebook cell did not reproduce .*b\.ipynb"):
        pytest_book.wait_for_book()
    builder.pytest_runtest_logreport(Report(b))
    assert builder.thread is None
    session = SimpleNamespace(exitstatus=pytest.ExitCode.OK)
    builder.pytest_sessionfinish(session)
    assert session.exitstatus == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize("outside", [False, True])
def test_no_book_unless_nbval_ran_every_staged_notebook(build_dir, outside, monkeypatch):
    a, _ = notebook_ids(build_dir, monkeypatch, "a.ipynb", "cases/b.ipynb", outside=outside)
    builder = pytest_book.Builder()
    builder.pytest_xdist_node_collection_finished(None, [a])
    builder.pytest_runtest_logreport(Report(a))
    assert builder.thread is None
    with pytest.raises(pytest.fail.Exception, match=r"1 staged notebook\(s\) were not run by nbval .*b\.ipynb"):
        pytest_book.wait_for_book()


@pytest.mark.parametrize("outside", [False, True])
def test_the_book_is_built_once_every_staged_notebook_has_passed(build_dir, outside, monkeypatch):
    ids = notebook_ids(build_dir, monkeypatch, "index.ipynb", "cases/index.ipynb", outside=outside)
    builds = []
    monkeypatch.setattr(pytest_book.Builder, "_build", lambda self: builds.append(self.build_dir))
    builder = pytest_book.Builder()
    builder.pytest_xdist_node_collection_finished(None, ids)
    for nodeid in ids:
        assert not builds
        builder.pytest_runtest_logreport(Report(nodeid))
    builder.thread.join()
    assert builds == [build_dir.resolve()]


def test_a_run_without_notebooks_builds_nothing_and_says_why(build_dir):
    builder = pytest_book.Builder()
    builder.pytest_xdist_node_collection_finished(None, ["tests/t.py::x"])
    with pytest.raises(pytest.fail.Exception, match="collected no notebook"):
        pytest_book.wait_for_book()


def test_a_build_that_stops_is_reported_to_the_waiting_tests(build_dir, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("no such program")

    monkeypatch.setattr(pytest_book.subprocess, "run", broken)
    pytest_book.Builder()._build()
    with pytest.raises(pytest.fail.Exception, match="build stopped: OSError: no such program"):
        pytest_book.wait_for_book()


def test_the_book_s_readers_get_its_html_folder(build_dir):
    pytest_book.write_ready(pytest_book.ready_file(), html=str(build_dir / "html"))
    assert pytest_book.wait_for_book() == build_dir / "html"
    assert html_folder(build_dir) == build_dir / "html"
    assert html_folder(build_dir.parent / "elsewhere") == build_dir.parent / "elsewhere" / "_build" / "html"
