import subprocess
import sys
from pathlib import Path

import casebook
from casebook.render import citation
from casebook.settings import ROOT


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


def test_the_site_writes_the_bibliography_from_the_current_sources(tmp_path):
    from types import SimpleNamespace

    from casebook.render import bibliography, site
    expected = bibliography.bibtex(casebook.load(check_quotes=False).sources)
    app, config = SimpleNamespace(srcdir=str(tmp_path)), SimpleNamespace(bibtex_bibfiles=["book/references.bib"])
    site._write_bibliography(app, config)
    written = tmp_path / "book" / "references.bib"
    assert written.read_text(encoding="utf-8") == expected
    before = written.stat().st_mtime_ns
    site._write_bibliography(app, config)  # unchanged text: the file is left alone
    assert written.stat().st_mtime_ns == before


def test_bibtex_escapes_latex_specials():
    import pandas as pd

    from casebook.render import bibliography
    row = pd.DataFrame([{"source_id": "s", "publisher": "A & B", "title": "50% of $1_000", "url": None,
                         "published": "2020-01", "published_basis": "stated", "doc_type": "news_report",
                         "archive_file": "x_y.txt"}])
    text = bibliography.bibtex(row)
    assert "{A \\& B}" in text and "50\\% of \\$1\\_000" in text and "url" not in text


def test_two_sources_of_one_publisher_and_year_are_told_apart_by_a_letter_in_publication_order():
    import pandas as pd

    from casebook.render import bibliography
    row = {"title": "t", "url": None, "published_basis": "stated", "doc_type": "news_report", "archive_file": "f.txt"}
    sources = pd.DataFrame([{**row, "source_id": "late", "publisher": "P", "published": "2018-12-19"},
                            {**row, "source_id": "early", "publisher": "P", "published": "2018-09-19/2018-10-11"},
                            {**row, "source_id": "other", "publisher": "Q", "published": "2018-05"},
                            {**row, "source_id": "next", "publisher": "P", "published": "2019"}])
    assert bibliography.year_letters(sources) == {"early": "a", "late": "b", "other": "", "next": ""}
    text = bibliography.bibtex(sources)
    assert "month = {19 December},\n  year = {2018b}" in text and "year = {2019}" in text


# --- the public address -------------------------------------------------------------------------

def test_the_book_has_no_address_until_one_is_given_and_the_environment_gives_it(monkeypatch):
    import yaml
    configured = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["baseurl"]
    assert configured == "", "_config.yml must not name an address the project does not control"
    monkeypatch.delenv(citation.BASEURL_ENV, raising=False)
    assert citation.base_url() is None and citation.page_url("book/cases/kim-sok", "fig-x") is None
    monkeypatch.setenv(citation.BASEURL_ENV, "https://mirror.example.org/casebook")
    assert citation.base_url() == "https://mirror.example.org/casebook/"
    assert citation.page_url("book/cases/kim-sok", "fig-x") == \
        "https://mirror.example.org/casebook/book/cases/kim-sok.html#fig-x"


def test_a_base_url_that_is_no_web_address_is_refused_naming_the_setting(monkeypatch):
    import pytest
    monkeypatch.setenv(citation.BASEURL_ENV, "_build/html")
    with pytest.raises(ValueError, match=r"\$CASEBOOK_BASEURL.*https://.*'_build/html'"):
        citation.base_url()


def test_chapter_citation_gives_the_public_address_and_protects_capitals(monkeypatch):
    monkeypatch.setenv(citation.BASEURL_ENV, "https://example.org/book/")
    cite = citation.chapter_citation("Kem Sokha: the treason case", "book/cases/kem-sokha")
    assert cite["plain"].endswith("https://example.org/book/book/cases/kem-sokha.html")
    assert "built book" not in cite["plain"] + cite["bibtex"]
    bib = cite["bibtex"]
    assert "title     = {{Kem Sokha: the treason case}}," in bib
    assert f"version   = {{{casebook.__version__}}}," in bib and "edition" not in bib
    assert "url       = {https://example.org/book/book/cases/kem-sokha.html}," in bib


def test_chapter_bibtex_keeps_its_capitals_when_a_style_formats_it(monkeypatch):
    """Rendered with pybtex's plain style (as a reader's reference manager would), "Kem Sokha" stays."""
    monkeypatch.setenv(citation.BASEURL_ENV, "https://example.org/")
    text = _render(citation.chapter_citation("Kem Sokha: the treason case", "book/cases/kem-sokha")["bibtex"])
    assert "Kem Sokha: the treason case" in text and "Kem sokha" not in text
    assert "https://example.org/book/cases/kem-sokha.html" in text


def test_figure_citation_names_book_version_licence_and_anchor(monkeypatch):
    monkeypatch.setenv(citation.BASEURL_ENV, "https://example.org/")
    line = citation.figure_citation("fig-kem-sokha-timeline", "book/cases/kem-sokha",
                                    "Kem Sokha's cases, 2016 to 2023", "events.csv")
    assert line.startswith("\u201cKem Sokha's cases, 2016 to 2023.\u201d Figure in ")
    assert citation.metadata()["title"] in line and f"version {casebook.__version__}" in line
    assert "CC BY 4.0" in line and "Data: events.csv." in line
    assert line.endswith("https://example.org/book/cases/kem-sokha.html#fig-kem-sokha-timeline")


def test_without_an_address_every_citation_names_book_version_and_chapter_and_no_address(monkeypatch):
    monkeypatch.delenv(citation.BASEURL_ENV, raising=False)
    meta = citation.metadata()
    chapter = citation.chapter_citation("Kem Sokha: the treason case", "book/cases/kem-sokha")
    assert chapter["plain"].endswith(f"version {casebook.__version__}, released {meta['date-released']}.")
    figure = citation.figure_citation("fig-k", "book/cases/kem-sokha", "Kem Sokha's cases", "events.csv")
    assert figure.endswith("Data: events.csv.")
    lines = [chapter, citation.book_citation(), citation.dataset_citation()]
    for cite in lines:
        assert "http" not in cite["plain"] and " url " not in cite["bibtex"] and "url" not in cite["bibtex"]
        assert "None" not in cite["plain"] + cite["bibtex"]
        assert _render(cite["bibtex"])  # still a valid entry
    assert "http" not in figure and "None" not in figure


def test_figure_citation_refuses_a_label_that_is_no_anchor():
    import pytest
    for label in ("", "fig kem sokha", "#fig"):
        with pytest.raises(ValueError, match="figure label"):
            citation.figure_citation(label, "book/cases/kem-sokha", "T")


def test_book_and_dataset_citations(monkeypatch):
    monkeypatch.setenv(citation.BASEURL_ENV, "https://example.org/")
    book, data = citation.book_citation(), citation.dataset_citation()
    assert book["plain"].endswith("https://example.org/") and f"Version {casebook.__version__}" in book["plain"]
    assert "[Data set]" in data["plain"] and data["plain"].endswith("https://example.org/book/methods/dataset.html")
    for entry in (book["bibtex"], data["bibtex"]):
        assert _render(entry).count(casebook.__version__) >= 1


# --- the bibliography as the book prints it ------------------------------------------------------

def _render(bibtex: str, style: str = "plain") -> str:
    """Entries formatted by a pybtex style as plain text, one per line."""
    import pybtex.plugin
    from pybtex.database import parse_string

    from casebook.render import bibliography
    bibliography.register_style()
    data = parse_string(bibtex, "bibtex")
    formatter = pybtex.plugin.find_plugin("pybtex.style.formatting", style)()
    backend = pybtex.plugin.find_plugin("pybtex.backends", "text")()
    return "\n".join(f"[{e.label}] {e.text.render(backend)}"
                     for e in formatter.format_entries(data.entries.values()))


def _source(**fields):
    import pandas as pd
    row = {"source_id": "s-1", "publisher": "Phnom Penh Post", "title": "Hun Sen sues Kem Sokha",
           "url": "https://example.org/news/hun-sen-sues.html", "published": "2018-12-19",
           "published_basis": "stated", "doc_type": "ngo_statement", "archive_file": "x.txt"}
    return pd.DataFrame([{**row, **fields}])


def test_bibliography_keeps_titles_as_published_and_labels_by_source_id():
    from casebook.render import bibliography
    text = _render(bibliography.bibtex(_source()), bibliography.STYLE)
    assert text.startswith("[s-1] Phnom Penh Post. Hun Sen sues Kem Sokha. NGO statement, 19 December 2018.")
    assert text.count("2018") == 1, text
    assert "ngo statement" not in text


def test_bibliography_gives_an_honest_stand_in_for_a_missing_headline():
    from casebook.render import bibliography
    text = _render(bibliography.bibtex(_source(title=None, doc_type="news_report")), bibliography.STYLE)
    assert "[No headline in the archived copy; the news report's web address reads \u201chun-sen-sues\u201d]" in text
    assert "Untitled" not in text and "s-1)" not in text
    bare = _render(bibliography.bibtex(_source(title=None, url=None)), bibliography.STYLE)
    assert "[No headline in the archived copy of this NGO statement]" in bare.replace("ngo statement", "NGO statement")


def test_bibliography_prints_a_date_span_once():
    from casebook.render import bibliography
    text = _render(bibliography.bibtex(_source(published="2018-09-19/2018-10-11", published_basis="inferred")),
                   bibliography.STYLE)
    assert "between 19 September and 11 October 2018." in text and text.count("2018") == 1
    assert "worked out from the source's words" in text


def test_every_source_of_the_book_renders_with_its_capitals_and_one_year():
    from casebook.render import bibliography
    sources = casebook.load(check_quotes=False).sources
    lines = _render(bibliography.bibtex(sources), bibliography.STYLE).splitlines()
    assert len(lines) == len(sources)
    for source, line in zip(sources.sort_values("source_id").itertuples(), sorted(lines)):
        assert line.startswith(f"[{source.source_id}] {source.publisher}. {bibliography.title(source)}."), line
        text = line.split("] ", 1)[1].split(" URL: ")[0]  # less the label and the address
        assert text.count(source.published[:4]) == 1, line


def test_the_site_takes_its_address_from_the_one_setting(monkeypatch):
    """The Sphinx extension gives Sphinx (canonical links) and sphinx-sitemap the same address."""
    from types import SimpleNamespace

    from casebook.render import site
    monkeypatch.setenv(citation.BASEURL_ENV, "https://mirror.example.org/cb")
    config = SimpleNamespace(html_static_path=["_static"], templates_path=[])
    site._configure(None, config)
    assert config.html_baseurl == "https://mirror.example.org/cb/" == citation.base_url()
    assert config.sitemap_url_scheme == "{link}" and "search.html" in config.sitemap_excludes
    assert (Path(config.html_static_path[-1]) / "casebook.css").is_file()


def test_the_zip_s_citation_file_names_the_address_and_repository_only_when_set(monkeypatch):
    import yaml

    from casebook.render import launch
    monkeypatch.delenv(citation.BASEURL_ENV, raising=False)
    monkeypatch.delenv(launch.REPOSITORY_ENV, raising=False)
    plain = yaml.safe_load(citation.citation_cff())
    assert "url" not in plain and "repository-code" not in plain and plain["version"] == casebook.__version__
    monkeypatch.setenv(citation.BASEURL_ENV, "https://example.org/cb")
    monkeypatch.setenv(launch.REPOSITORY_ENV, "https://example.org/owner/cb")
    given = yaml.safe_load(citation.citation_cff())
    assert given["url"] == "https://example.org/cb/" and given["repository-code"] == "https://example.org/owner/cb"
