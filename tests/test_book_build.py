"""The strict build: a cell error, a broken cross-reference or any warning fails it.

tools/build.py runs Jupyter Book with warnings as errors and refuses any warning line; these
tests read the log it keeps beside the HTML, and check what a cached build must guarantee."""

import json

import pytest

from tools import build

pytestmark = pytest.mark.book


def test_the_book_built_without_a_warning(built_book):
    log = (built_book.parent / "build.log").read_text(encoding="utf-8")
    assert "build succeeded" in log
    warnings = [line for line in log.splitlines() if "WARNING" in line and not line.startswith(build.KERNEL_NOTICE)]
    assert warnings == [], "\n".join(warnings)
    assert (built_book / "book" / "index.html").is_file() or (built_book / "index.html").is_file()


def test_every_download_a_page_links_to_was_built(built_book):
    from bs4 import BeautifulSoup

    missing = []
    for page in built_book.joinpath("book").rglob("*.html"):
        for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("a.download[href]"):
            if not (page.parent / link["href"]).resolve().is_file():
                missing.append(f"{page.relative_to(built_book)}: {link['href']}")
    assert missing == []


def test_a_key_changes_with_any_input(tmp_path, monkeypatch):
    notebook = tmp_path / "page.ipynb"
    cells = [{"cell_type": "code", "source": "1 + 1", "metadata": {}, "outputs": [], "execution_count": None},
             {"cell_type": "markdown", "source": "Prose.", "metadata": {}}]
    content = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    notebook.write_text(json.dumps(content))
    key = build.notebook_key(notebook, "inputs")
    assert build.notebook_key(notebook, "other inputs") != key
    cells[1]["source"] = "Other prose."  # prose is not code: same outputs
    notebook.write_text(json.dumps(content))
    assert build.notebook_key(notebook, "inputs") == key
    cells[0]["source"] = "1 + 2"
    notebook.write_text(json.dumps(content))
    assert build.notebook_key(notebook, "inputs") != key

    data = tmp_path / "data"
    data.mkdir()
    (data / "events.csv").write_text("a,b\n1,2\n")
    monkeypatch.setenv("CASEBOOK_DATA", str(data))
    before = build.inputs_key()
    (data / "events.csv").write_text("a,b\n1,3\n")
    assert build.inputs_key() != before
    monkeypatch.setenv("CASEBOOK_BASEURL", "https://example.org/elsewhere/")
    assert build.inputs_key() != before


def test_the_stage_runs_no_notebook_itself_and_drops_files_gone_from_the_source(tmp_path):
    import yaml

    build.stage(build.ROOT, tmp_path)
    config = yaml.safe_load((tmp_path / "_config.yml").read_text(encoding="utf-8"))
    assert config["execute"]["execute_notebooks"] == "off"
    stray = tmp_path / "book" / "gone.md"
    stray.write_text("a page removed from the source")
    before = (tmp_path / "book" / "index.ipynb").stat().st_mtime_ns
    build.stage(build.ROOT, tmp_path)
    assert not stray.exists()
    assert (tmp_path / "book" / "index.ipynb").stat().st_mtime_ns == before  # unchanged files are not rewritten


def test_a_cached_run_keeps_the_prose_the_source_has_now(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    stage = tmp_path / "stage"
    page = stage / "book" / "page.ipynb"
    page.parent.mkdir(parents=True)
    ran = new_notebook(cells=[new_markdown_cell("Old prose."), new_code_cell("1 + 1", execution_count=1, outputs=[
        new_output("execute_result", {"text/plain": "2"}, execution_count=1)])])
    nbformat.write(ran, page)
    cache = build.Cache(tmp_path / "cache")
    cache.store("k", page, stage)
    nbformat.write(new_notebook(cells=[new_markdown_cell("New prose."), new_code_cell("1 + 1")]), page)
    cache.restore("k", page, stage)
    restored = nbformat.read(page, as_version=4)
    assert restored.cells[0].source == "New prose." and restored.cells[1].outputs[0]["data"]["text/plain"] == "2"
