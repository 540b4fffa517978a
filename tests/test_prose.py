"""Prose in the chapters types no number by hand, and keeps loaded words inside quotes."""

import json
import re
from pathlib import Path

import pytest

from casebook.settings import ROOT

CHAPTERS = sorted((ROOT / "book").rglob("*.ipynb"))
# Roles, directives and labels whose arguments are names, not prose: {glue}`key`, {numref}`label`...
MARKUP = re.compile(r"\{[a-z:]+\}`[^`]*`|```.*?```|\([a-z0-9-]+\)=|`[^`]*`|\[[^\]]*\]\([^)]*\)", re.DOTALL)
# Numbers that are not facts from the data: the book's stated scope and technical names.
NOT_DATA = ("between 2016 and 2023", "UTF-8", "Python 3.11")
LOADED = re.compile(r"spurious|bogus|kangaroo|sham trial|politically motivated|trumped[- ]up|puppet|dictator",
                    re.IGNORECASE)


def prose(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    text = MARKUP.sub(" ", text)
    for phrase in NOT_DATA:
        text = text.replace(phrase, " ")
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))  # titles may carry years


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[str(p.relative_to(ROOT)) for p in CHAPTERS])
def test_no_number_typed_in_prose(notebook):
    assert re.findall(r".{0,30}\d.{0,30}", prose(notebook)) == []


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[str(p.relative_to(ROOT)) for p in CHAPTERS])
def test_no_loaded_word_in_the_book_s_own_voice(notebook):
    assert LOADED.findall(prose(notebook)) == []


def test_the_checks_catch_what_they_are_for(tmp_path):
    notebook = tmp_path / "x.ipynb"
    notebook.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["# Title 2023\n", "On {glue}`date-x` the court fined him 10 million riel,\n",
                                             "calling it a sham trial."]}]}), encoding="utf-8")
    assert "10" in " ".join(re.findall(r"\d+", prose(notebook)))
    assert LOADED.findall(prose(notebook)) == ["sham trial"]
