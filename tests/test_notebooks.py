"""Notebooks are committed executed and clean: every code cell has run, none stored an error or a warning."""

import json

import pytest

from casebook.settings import ROOT

NOTEBOOKS = sorted((ROOT / "book").rglob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[str(p.relative_to(ROOT)) for p in NOTEBOOKS])
def test_committed_with_clean_outputs(notebook):
    cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    assert all(c["execution_count"] is not None for c in cells), "run `make execute` and commit the outputs"
    problems = [o for c in cells for o in c["outputs"]
                if o["output_type"] == "error" or (o["output_type"] == "stream" and o["name"] == "stderr")]
    assert problems == []
