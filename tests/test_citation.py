import subprocess
import sys
from pathlib import Path

import casebook
from casebook import citation
from casebook.paths import ROOT


def test_citation_cff_is_valid():
    cffconvert = Path(sys.executable).with_name("cffconvert")
    result = subprocess.run([str(cffconvert), "--validate", "-i", str(ROOT / "CITATION.cff")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_one_version_everywhere():
    import json
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert citation.metadata()["version"] == casebook.__version__ == package["version"]


def test_chapter_citation_names_the_chapter_and_version():
    cite = citation.chapter_citation("Kim Sok", "book/cases/kim-sok")
    assert "\u201cKim Sok.\u201d" in cite["plain"] and f"version {casebook.__version__}" in cite["plain"]
    assert cite["bibtex"].startswith("@incollection{casebook-book-cases-kim-sok,")
