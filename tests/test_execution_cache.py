"""Jupyter Book's execution cache is never stale: its folder is named by one digest of every input
the notebooks' outputs depend on (casebook.render.inputs), so that a change to any of them, such as
one data row, reaches the HTML."""

import csv
import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook import settings
from casebook.render import execution, inputs


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project's inputs: data, archive, library and project files, read from tmp_path."""
    root = tmp_path / "project"
    shutil.copytree(settings.ROOT / "casebook", root / "casebook", ignore=shutil.ignore_patterns("__pycache__"))
    for name in inputs.PROJECT_FILES:
        shutil.copy(settings.ROOT / name, root / name)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "events.csv").write_text("event_id,summary\ne1,First.\n", encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "a.txt").write_text("An archived text.", encoding="utf-8")
    monkeypatch.setenv(settings.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.setenv(settings.ARCHIVE_ENV, str(tmp_path / "archive"))
    for name in [name for name in os.environ if name.startswith(inputs.ENVIRONMENT_PREFIX)]:
        if name not in inputs.NOT_INPUTS:
            monkeypatch.delenv(name)
    return root


@pytest.mark.parametrize("change", ["data", "archive", "library", "requirements.txt", "pyproject.toml", "_config.yml",
                                    "_toc.yml", "setting"])
def test_the_cache_folder_changes_with_each_kind_of_input(project, change, monkeypatch):
    before = execution.execution_cache("build", inputs.digest(project))
    target = {"data": project.parent / "data" / "events.csv", "archive": project.parent / "archive" / "a.txt",
              "library": project / "casebook" / "dates.py"}.get(change, project / change)
    if change == "setting":
        monkeypatch.setenv("CASEBOOK_BASEURL", "https://example.org/elsewhere/")
    else:
        target.write_bytes(target.read_bytes() + b"\n")
    assert execution.execution_cache("build", inputs.digest(project)) != before


def test_where_things_go_is_not_an_input(project, monkeypatch):
    before = inputs.digest(project)
    monkeypatch.setenv(settings.BUILD_ENV, "/elsewhere/_build")
    monkeypatch.setenv(execution.EXECUTION_ENV, "off")
    assert inputs.digest(project) == before


NOTEBOOK = {"cells": [
    {"cell_type": "markdown", "id": "m", "metadata": {}, "source": "# A page"},
    {"cell_type": "code", "id": "c", "metadata": {}, "outputs": [], "execution_count": None, "source":
        "import csv\nfrom casebook import settings\n"
        "with open(settings.data_dir() / 'events.csv') as handle:\n"
        "    print(next(csv.DictReader(handle))['summary'])"}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5}


def _one_page_book(tmp_path, monkeypatch, extension: str) -> tuple[Path, Path]:
    """A one-page book with Jupyter Book's cache and `extension`, reading a copy of the data (the
    copy's folder is returned, to be edited) and building into tmp_path/out."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "_config.yml").write_text(
        f"title: t\nexecute:\n  execute_notebooks: cache\nsphinx:\n  extra_extensions: [{extension}]\n",
        encoding="utf-8")
    (book / "_toc.yml").write_text("format: jb-book\nroot: page\n", encoding="utf-8")
    (book / "page.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    data = tmp_path / "data"
    shutil.copytree(settings.data_dir(), data)
    monkeypatch.setenv(settings.DATA_ENV, str(data))
    monkeypatch.setenv(settings.BUILD_ENV, str(tmp_path / "out" / "_build"))
    monkeypatch.delenv(execution.EXECUTION_ENV, raising=False)
    return book, data


def _edit_events(data: Path, column: str, value: str) -> tuple[str, str]:
    """Set `column` of the first row of events.csv to `value`; the row's id and the old value."""
    path = data / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index(column)
    before, rows[1][at] = rows[1][at], value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return rows[1][0], before


@pytest.mark.kernel
def test_one_changed_data_row_reaches_the_html(tmp_path, monkeypatch):
    """A one-page book built twice with Jupyter Book's cache and this extension: the second build,
    after one data row changed and nothing else, shows the new row. Each time the page was executed
    by the parallel run before Sphinx read it: myst-nb found it in the cache and executed nothing."""
    book, data = _one_page_book(tmp_path, monkeypatch, "casebook.render.execution")

    def build() -> str:
        done = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(book), "--path-output",
                               str(tmp_path / "out"), "-W"], check=True, capture_output=True, text=True)
        assert "executing 1 notebook(s) in parallel" in done.stdout
        assert "Using cached notebook" in done.stdout and "Executing notebook" not in done.stdout
        return (tmp_path / "out" / "_build" / "html" / "page.html").read_text(encoding="utf-8")

    first = build()
    _, before = _edit_events(data, "summary", "A summary changed for this test.")
    assert html.escape(before, quote=False) in first
    page = build()
    assert "A summary changed for this test." in page and html.escape(before, quote=False) not in page
    assert len(list((tmp_path / "out" / "_build" / ".jupyter_cache").iterdir())) == 1  # the old inputs' cache is gone


@pytest.mark.kernel
def test_invalid_data_stop_the_build_before_any_notebook_runs(tmp_path, monkeypatch):
    """The build checks the data first (casebook.render.site): a date that is no calendar date fails
    it, naming the row, and no notebook is executed."""
    book, data = _one_page_book(tmp_path, monkeypatch, "casebook.render.site")
    row_id, _ = _edit_events(data, "date", "2017-13-45")
    done = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(book), "--path-output",
                           str(tmp_path / "out"), "-W"], capture_output=True, text=True)
    assert done.returncode != 0
    assert f"data/events.csv, line 2, row '{row_id}', column 'date'" in done.stdout + done.stderr
    assert "in parallel" not in done.stdout and "Executing notebook" not in done.stdout
