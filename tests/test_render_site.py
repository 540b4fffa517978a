"""The Sphinx extension, called as Sphinx calls it but without a build: pages of the table of
contents, per-page print heads and PDF links, figure citations, the bibliography as a list and
the bibliography file written from the sources table."""

import os
from types import SimpleNamespace

import pytest
from docutils import nodes

import casebook
from casebook import __version__
from casebook.render import bibliography, citation, site
from casebook.render.pages import BOOK_PDF, PDF_DIR, toc_files
from casebook.settings import ROOT

BASE = "https://example.org/casebook/"


@pytest.fixture(autouse=True)
def public_address(monkeypatch):
    monkeypatch.setenv(citation.BASEURL_ENV, BASE)


# --- the table of contents -------------------------------------------------------------------

def test_toc_files_lists_every_file_in_reading_order_without_extensions(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text("""
format: jb-book
root: intro.md
parts:
  - caption: One
    chapters:
      - file: part/a.ipynb
        sections:
          - file: part/a-1
          - url: https://example.org
      - file: part/b
chapters:
  - file: loose
sections:
  - file: article-section.md
""", encoding="utf-8")
    assert toc_files(toc) == ["intro", "part/a", "part/a-1", "part/b", "loose", "article-section"]


def test_the_book_s_table_of_contents_names_files_that_exist():
    files = toc_files()
    assert files[0] == "book/index" and len(files) == len(set(files))
    for name in files:
        assert (ROOT / f"{name}.ipynb").is_file() or (ROOT / f"{name}.md").is_file(), name


def test_a_page_of_the_contents_has_a_pdf_and_other_pages_have_none():
    assert site.pdf_name("book/cases/kem-sokha") == "kem-sokha.pdf"
    assert site.pdf_name("book/index") == "index.pdf"
    assert site.pdf_name("genindex") is None and site.pdf_name("kem-sokha") is None


# --- each page -------------------------------------------------------------------------------

def pathto(target, resource=0):
    return f"REL[{target}|{resource}]"


def page_context(**extra):
    download = {"label": "download-buttons", "buttons": [
        {"label": "download-source-button", "url": "x.ipynb"},
        {"label": "download-pdf-button", "url": "print"}]}
    other = {"label": "launch-buttons", "buttons": [{"label": "download-pdf-button"}]}
    return {"pathto": pathto, "header_buttons": [download, other], "metatags": "<meta name=x>", **extra}


def test_a_chapter_gets_print_heads_its_pdf_and_the_book_s(monkeypatch):
    context = page_context(theme_extra_footer="<p>v</p>")
    site._page(None, "book/cases/kem-sokha", "page.html", context, None)
    heads = context["metatags"]
    assert heads.startswith("<meta name=x>\n<style media=\"print\">@page {")
    assert f"@top-left {{ content: {site._css_string(citation.metadata()['title'])}; }}" in heads
    assert f'@top-right {{ content: "Version {__version__}"; }}' in heads
    assert f'@bottom-left {{ content: "{BASE}book/cases/kem-sokha.html"; }}' in heads
    assert '"Page " counter(page) " of " counter(pages)' in heads
    download, other = context["header_buttons"]
    assert [(b["label"], b["url"]) for b in download["buttons"]] == [
        ("download-source-button", "x.ipynb"),
        ("download-pdf-button", f"REL[{PDF_DIR}/kem-sokha.pdf|1]"),  # the printed chapter, not the browser's print
        ("download-book-pdf-button", f"REL[{PDF_DIR}/{BOOK_PDF}|1]")]
    assert other["buttons"] == [{"label": "download-pdf-button"}]  # other groups as they were
    footer = context["theme_extra_footer"]
    assert footer == (f'<p>v</p><p><a href="REL[{site.CITE_PAGE}|0]">Cite and reuse</a> · '
                      f'<a href="REL[{PDF_DIR}/{BOOK_PDF}|1]">The whole book as PDF</a></p>')


def test_a_page_outside_the_contents_links_only_the_whole_book():
    context = page_context()
    site._page(None, "search", "page.html", context, None)
    labels = [b["label"] for b in context["header_buttons"][0]["buttons"]]
    assert labels == ["download-source-button", "download-book-pdf-button"]


def test_print_heads_are_css_strings_that_cannot_close_the_style():
    assert site._css_string('A "title" </style><script>') == '"A \\"title\\" <\\/style><script>"'
    assert site._css_string("Kampuchea – ក") == '"Kampuchea – ក"'


# --- figures -------------------------------------------------------------------------------

def figure(label, caption=None):
    """A figure as MyST makes it: the label among the figure's ids, an image and an optional caption."""
    node = nodes.figure(ids=[label])
    node += nodes.image(uri=f"{label}.png")
    if caption is not None:
        node += nodes.caption(text=caption)
    return node


def doctree():
    document = nodes.section()
    document += [figure("fig-lanes", "Every case on one axis. Elections are marked."),
                 figure("other-figure", "Not labelled as a figure to cite."), figure("fig-bare")]
    return document


def test_each_labelled_figure_gets_a_line_to_cite_it():
    tree = doctree()
    app = SimpleNamespace(env=SimpleNamespace(titles={"book/cases/x": nodes.title(text="A chapter")}))
    site.cite_figures(app, tree, "book/cases/x")
    lanes, other, bare = tree.findall(nodes.figure)
    (legend,) = lanes.findall(nodes.legend)
    (paragraph,) = legend.children
    assert paragraph["classes"] == ["casebook-figure-cite"]
    url = f"{BASE}book/cases/x.html#fig-lanes"
    expected = citation.figure_citation("fig-lanes", "book/cases/x", "Every case on one axis.",
                                        chapter_title="A chapter")
    assert paragraph.astext() == "Cite this figure: " + expected and expected.endswith(url)
    (link,) = paragraph.findall(nodes.reference)
    assert link["refuri"] == url
    assert not list(other.findall(nodes.legend))
    (bare_legend,) = bare.findall(nodes.legend)  # no caption: cited by its label
    assert "fig-bare" in bare_legend.astext()


def test_the_first_sentence_of_a_caption_is_its_title():
    assert site._first_sentence("One axis.  Elections\nmarked.") == "One axis."
    assert site._first_sentence("Is it? Yes.") == "Is it?"
    assert site._first_sentence("No stop at all") == "No stop at all"


# --- the bibliography --------------------------------------------------------------------------

class Writer:
    """The part of Sphinx's HTML translator the citation visitors use."""

    def __init__(self):
        self.body = []

    def starttag(self, node, tag, classes, role):
        return f'<{tag} class="{" ".join(classes)}" role="{role}">'


def test_consecutive_citations_are_one_list_of_list_items():
    section = nodes.section()
    first, second, after = nodes.citation(), nodes.citation(), nodes.paragraph()
    section += [nodes.paragraph(), first, second, after]
    writer = Writer()
    for node in (first, second):
        site.visit_citation(writer, node)
        site.depart_citation(writer, node)
    assert "".join(writer.body) == ('<div role="list" class="citation-list">\n'
                                    '<div class="citation" role="listitem"></div>\n'
                                    '<div class="citation" role="listitem"></div>\n'
                                    "</div>\n")


def test_the_bibliography_file_is_written_from_the_sources_and_only_when_it_changes(tmp_path):
    app = SimpleNamespace(srcdir=str(tmp_path))
    config = SimpleNamespace(bibtex_bibfiles=["refs/references.bib"], html_static_path=["_static"],
                             templates_path=["_templates"])
    site._write_bibliography(app, config)
    site._configure(app, config)
    bib = tmp_path / "refs" / "references.bib"
    assert bib.read_text(encoding="utf-8") == bibliography.bibtex(casebook.load(check_quotes=False).sources)
    assert config.html_baseurl == BASE
    assert config.html_static_path == ["_static", str(site.HERE / "static")]
    assert config.templates_path == [str(site.HERE / "templates"), "_templates"]
    assert config.html_sidebars["**"][0] == "casebook-home.html"
    os.utime(bib, (0, 0))
    site._write_bibliography(app, config)
    assert bib.stat().st_mtime == 0  # unchanged: not rewritten, so Sphinx rereads nothing
    bib.write_text("stale", encoding="utf-8")
    site._write_bibliography(app, config)
    assert bib.read_text(encoding="utf-8").startswith("@misc{")


def test_files_written_from_the_current_inputs_are_not_written_again(tmp_path):
    """With the stamp holding the digest of the current inputs, a build writes neither the
    bibliography nor the downloads (it loads no data); a stamp of other inputs would have them
    written again (the build tests show the downloads made)."""
    from casebook.render import inputs
    from casebook.render.pages import DOWNLOADS

    app = SimpleNamespace(srcdir=str(tmp_path))
    config = SimpleNamespace(bibtex_bibfiles=["refs/references.bib"])
    bib, stamp = tmp_path / "refs" / "references.bib", tmp_path / DOWNLOADS / ".inputs"
    bib.parent.mkdir()
    bib.write_text("written before", encoding="utf-8")
    stamp.parent.mkdir(parents=True)
    stamp.write_text(inputs.digest(), encoding="utf-8")
    site._write_generated(app, config)
    assert bib.read_text(encoding="utf-8") == "written before"
    assert [path.name for path in stamp.parent.iterdir()] == [".inputs"]


def test_without_bibliography_files_nothing_is_written(tmp_path):
    config = SimpleNamespace(html_static_path=[], templates_path=[])
    site._configure(SimpleNamespace(srcdir=str(tmp_path)), config)
    assert list(tmp_path.iterdir()) == []
