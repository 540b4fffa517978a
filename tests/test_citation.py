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
    import yaml
    footer = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["extra_footer"]
    assert f"Version {casebook.__version__}." in footer


def test_chapter_citation_names_the_chapter_and_version():
    cite = citation.chapter_citation("Kim Sok", "book/cases/kim-sok")
    assert "\u201cKim Sok.\u201d" in cite["plain"] and f"version {casebook.__version__}" in cite["plain"]
    assert cite["bibtex"].startswith("@incollection{casebook-book-cases-kim-sok,")


def test_bibliography_is_generated_from_the_current_sources():
    from casebook import bibliography
    expected = bibliography.bibtex(casebook.load(check_quotes=False).sources)
    assert bibliography.BIB_FILE.read_text(encoding="utf-8") == expected, "run `python -m casebook bibliography`"


def test_bibtex_escapes_latex_specials():
    import pandas as pd

    from casebook import bibliography
    row = pd.DataFrame([{"source_id": "s", "publisher": "A & B", "title": "50% of $1_000", "url": None,
                         "published": "2020-01", "published_basis": "stated", "doc_type": "news_report",
                         "archive_file": "x_y.txt"}])
    text = bibliography.bibtex(row)
    assert "{A \\& B}" in text and "50\\% of \\$1\\_000" in text and "url" not in text
