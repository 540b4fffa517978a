"""The site as readers on phones, in print, with screen readers and as citers meet it.

Uses the book built once for the run (tests/conftest.py) and the server and Chromium of
tests/test_browser.py: the menus open at phone and tablet widths, a printed chapter has its running heads and no local links, and
the canonical links, sitemap, PDF links, bibliography labels and figure citations all use the one
public address.
"""

import functools
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from test_browser import LAPTOP, chromium, needs_chromium, serve, toc_pages

import casebook
from casebook.render import citation
from casebook.render.pages import BOOK_PDF, PDF_DIR
from tools.pdf import page_title, print_page, public_links

pytestmark = [pytest.mark.book, pytest.mark.xdist_group("browser")]
PHONE, TABLET = 390, 800
# What a chapter page of the book looks like to the tests below: it has figures and downloads.
CHAPTER = "book/cases/kem-sokha"
WIDE_TABLE_CHAPTER = "book/patterns/money"


def soup(path: Path):
    """The page parsed, once per version of the file for the whole module (the tests only read it)."""
    return _parsed(str(path), path.stat().st_mtime_ns)


@functools.cache
def _parsed(path: str, mtime: int):
    from bs4 import BeautifulSoup
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def written_pages(built: Path) -> list[str]:
    """Every HTML page of the built site, less the theme's and Sphinx's own folders."""
    return sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html")
                  if p.relative_to(built).parts[0] not in ("_static", "_sources", "_downloads", "_images"))


@pytest.fixture(scope="module")
def site(built_book) -> str:
    return serve(built_book)


@pytest.fixture(scope="module")
def browser(site):
    yield from chromium()


# --- phone and tablet ------------------------------------------------------------------------------

# The book's table of contents, in the primary sidebar (or, once the menu opens it on a narrow
# screen, in the dialog the theme moves it into).
TOC = "nav.bd-docs-nav"


@needs_chromium
@pytest.mark.parametrize("width", [PHONE, TABLET])
def test_the_menu_opens_the_table_of_contents_on_a_phone_and_a_tablet(site, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{site}{CHAPTER}.html", wait_until="load")
    from playwright.sync_api import expect
    expect(page.locator(TOC)).not_to_be_in_viewport()  # off the screen until the menu opens it
    page.locator(".primary-toggle:visible").first.click()
    expect(page.locator(TOC)).to_be_in_viewport(ratio=0.2, timeout=5_000)
    # A reader goes on to another chapter from the opened menu (the click waits until the link
    # is visible, steady and not covered by anything else).
    last = toc_pages()[-1]
    page.locator(f"{TOC} a.reference.internal[href$='{Path(last).name}']").first.click(timeout=5_000)
    page.wait_for_url(site + last, timeout=10_000)
    page.close()


@needs_chromium
@pytest.mark.parametrize("width", [PHONE, TABLET])
def test_the_contents_button_opens_the_page_s_sections(site, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(f"{site}{CHAPTER}.html", wait_until="load")
    from playwright.sync_api import expect
    sections = page.locator("nav.page-toc a.nav-link")
    expect(sections.first).not_to_be_in_viewport()
    page.locator(".secondary-toggle:visible").first.click()
    for link in sections.all()[:3]:
        expect(link).to_be_in_viewport(timeout=5_000)
    page.close()


@needs_chromium
def test_the_menu_button_folds_the_sidebar_away_on_a_laptop(site, browser):
    page = browser.new_page(viewport={"width": LAPTOP, "height": 800})
    page.goto(f"{site}{CHAPTER}.html", wait_until="load")
    from playwright.sync_api import expect
    expect(page.locator(TOC)).to_be_in_viewport(ratio=0.2)
    page.locator(".primary-toggle:visible").first.click()
    expect(page.locator(TOC)).not_to_be_in_viewport(timeout=5_000)
    page.close()


# --- print and PDF ---------------------------------------------------------------------------------

def _pdf_text_and_links(pdf: Path) -> tuple[list[str], list[str]]:
    from pypdf import PdfReader
    reader = PdfReader(pdf)
    links = [str(annotation.get_object()["/A"].get("/URI", ""))
             for page in reader.pages for annotation in page.get("/Annots") or []
             if "/A" in annotation.get_object()]
    return [page.extract_text() for page in reader.pages], links


@needs_chromium
def test_a_printed_chapter_has_page_numbers_version_and_no_local_link(built_book, tmp_path):
    """Links to the book's files lead to its public address, or are taken out when it has none;
    the page's address is printed in the margin only when there is one."""
    pdf = print_page(built_book / f"{CHAPTER}.html", tmp_path / "chapter.pdf")
    base = citation.base_url()
    changed = public_links(pdf, built_book, base)
    pages, links = _pdf_text_and_links(pdf)
    assert len(pages) > 1
    # The first sheet starts with the chapter's own numbered title ("3. Kem Sokha: ...").
    title = " ".join(page_title(built_book / f"{CHAPTER}.html").split()[:3])
    assert re.match(r"\d+\. ", title) and title in " ".join(pages[0].split()[:20]), (title, pages[0][:200])
    for number, text in enumerate(pages, 1):
        flat = " ".join(text.split())
        assert f"Page {number} of {len(pages)}" in flat, f"page {number}: {flat[:300]}"
        assert f"Version {casebook.__version__}" in flat and citation.metadata()["title"] in flat
        if base:
            assert citation.page_url(CHAPTER) in flat.replace(" ", "")
    assert changed > 0, "the chapter's downloads should have been printed as links to local files"
    assert links and not [link for link in links if link.startswith("file:")]
    if base:
        assert any(link.startswith(base + "_downloads/") for link in links), links
    else:
        assert not [link for link in links if "_downloads/" in link], links


@needs_chromium
def test_a_printed_wide_table_keeps_every_column(built_book, tmp_path):
    headers = [" ".join(th.get_text().split()) for th in soup(built_book / f"{WIDE_TABLE_CHAPTER}.html")
               .select("article table thead th")]
    assert headers
    pages, _ = _pdf_text_and_links(print_page(built_book / f"{WIDE_TABLE_CHAPTER}.html",
                                              tmp_path / "wide.pdf"))
    text = re.sub(r"\s+", "", " ".join(pages))
    assert [h for h in headers if re.sub(r"\s+", "", h) not in text] == []


def test_every_page_links_its_pdf_the_whole_book_and_how_to_cite_it(built_book):
    for name in toc_pages():
        page = built_book / name
        hrefs = {urljoin(name, a["href"]) for a in soup(page).select(".dropdown-download-buttons a[href]")}
        stem = Path(name).stem
        assert f"{PDF_DIR}/{stem}.pdf" in hrefs and f"{PDF_DIR}/{BOOK_PDF}" in hrefs, (name, hrefs)
        assert not [a for a in soup(page).select("[onclick]") if "print" in a["onclick"]], name
        footer = {urljoin(name, a["href"]) for a in soup(page).select(".extra_footer a[href]")}
        assert footer == {f"{PDF_DIR}/{BOOK_PDF}", "book/methods/cite-and-reuse.html"}, (name, footer)


# --- the one public address ------------------------------------------------------------------------
# The book as `make test` builds it has no public address (it is given when the book is published):
# no page may then name one. tests/test_publish.py builds a small book with an address to check that
# it reaches the canonical links, the sitemap and the figures' cite lines.

def test_a_book_without_an_address_prints_none(built_book):
    if citation.base_url():
        pytest.skip(f"the book was built with {citation.BASEURL_ENV} set")
    assert not (built_book / "sitemap.xml").exists()
    for name in toc_pages():
        page = soup(built_book / name)
        assert page.select_one("link[rel=canonical]") is None, name
        assert "github.io" not in str(page), name
        for cite in page.select("section#cite-this-chapter, .casebook-figure-cite"):
            assert "http" not in cite.get_text() and cite.select("a[href^=http]") == [], name


def test_every_chapter_has_a_cite_block(built_book):
    blocks = 0
    for name in toc_pages():
        block = soup(built_book / name).select_one("section#cite-this-chapter")
        if block is not None:
            blocks += 1
            text = " ".join(block.get_text().split())
            assert f"version {casebook.__version__}" in text, name
            if citation.base_url():
                assert citation.page_url(name) in text, name
            assert "in the built book" not in text, name
    assert blocks >= 10


def test_every_figure_has_a_cite_line(built_book):
    figures = 0
    for name in toc_pages():
        for figure in soup(built_book / name).select("figure[id^=fig-]"):
            figures += 1
            line = figure.select_one(".casebook-figure-cite")
            assert line is not None, f"{name}#{figure['id']}: no cite line"
            assert f"version {casebook.__version__}" in line.get_text()
            if citation.base_url():
                assert line.select_one("a[href]")["href"] == citation.page_url(name, figure["id"]), name
    assert figures >= 10


def test_each_source_has_one_label_across_the_book(built_book):
    sources = casebook.load(check_quotes=False).sources
    seen: dict[str, set[str]] = {}
    for name in toc_pages():
        for item in soup(built_book / name).select(".citation-list [role=listitem]"):
            label = item.select_one(".label").get_text().strip("[] \n")
            seen.setdefault(label, set()).add(" ".join(item.select_one("p").get_text().split()))
    assert seen, "no chapter prints its bibliography"
    assert set(seen) <= set(sources["source_id"]), "a bibliography label is not a source id"
    assert {label: texts for label, texts in seen.items() if len(texts) > 1} == {}
    for texts in seen.values():
        text = next(iter(texts))
        assert "Untitled" not in text and re.search(r"\. (News report|NGO statement), ", text), text
