"""Text from the data is shown as text: markup in a statement's quote or an event's summary is
never interpreted, neither as HTML nor as Markdown, and no script in it runs.

A copy of the data has one statement quote, one event summary and one evidence quote of that event
replaced by HOSTILE (the summary followed by ONERROR); the pages whose stored outputs show those rows
are built against that copy (CASEBOOK_DATA), with the archive pointed at an empty place so that
validation skips the quote check the new quotes would fail. Quotes also land in the chapter's
Evidence section, in its markers' notes and, percent-encoded, in the text-fragment links (attributes).

The same small build holds the data explorer and one case chapter, for the explorer's tests in a
browser: typing a name into a table's search box narrows its rows to those naming it; a row's
chapter link opens its chapter; the altered rows are found and shown as text, and no script in
them runs; nothing is fetched from the network. The chapter's HTML shows its code folded under a
"show code" toggle.
"""

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import CsvFile
from test_browser import build_book, build_every_table, copy_config, launch, needs_chromium, serve, watch

from casebook import settings
from casebook.render.pages import toc_files
from casebook.settings import ARCHIVE_ENV, DATA_ENV, ROOT
from casebook.views.display import escape

pytestmark = pytest.mark.kernel  # builds a small book of its own, before the main build

DATA = settings.data_dir()

HOSTILE = '<script>alert("x")</script><b>bold</b> | *star*'
# Pages whose tables a script draws from escaped data held in the page (the data explorer): the
# checks below read the static HTML, so the explorer tests at the end of this module check these in the browser.
EXPLORER = "book/methods/explorer"
DRAWN_BY_SCRIPT = {EXPLORER}
# The case chapter built beside the explorer, whatever the altered rows' chapter is, and a name it shows.
CHAPTER, NAME = "book/cases/kem-sokha", "Kem Sokha"
INFO = re.compile(r"of ([\d,]+) entries")
# Smartquotes would curl the quotes of an unescaped <script>alert("x")</script> into a syntax error,
# so the summary also carries a script with no quotes to curl, which would run if it got through.
# It also holds a closing script tag, a MyST role and a link to a javascript: address.
ONERROR = "<img src=x onerror=alert(1)> </script><script>alert(2)</script> {eval-rst}`x` <a href=javascript:alert(3)>y</a>"
# Sphinx's smartquotes curls straight quotes in every text node, data included; the test is about
# markup, so it reads curled quotes as straight ones.
CURLED = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def shows(notebook: Path, text: str) -> bool:
    """Does the notebook's stored output carry `text` (as display.escape writes it, or as it is)?"""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            yield "".join(value)
        elif isinstance(value, (list, dict)):
            for item in value.values() if isinstance(value, dict) else value:
                yield from strings(item)

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    stored = "\n".join(strings([cell.get("outputs", []) for cell in cells]))
    return escape(text) in stored or text in stored


@dataclass
class Built:
    html: Path  # the built HTML folder
    chapter: str  # the toc file of the chapter both altered rows belong to
    pages: dict[str, Path]  # every page that shows either row: {toc file: its HTML}
    record: str = ""  # the event whose summary and evidence quote were altered
    event_pages: frozenset = frozenset()  # the pages that show the altered event (its summary holds ONERROR)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Built:
    """The pages that show the altered quote or summary, with the explorer and CHAPTER, built
    against the altered data."""
    work = tmp_path_factory.mktemp("escaping")
    data = work / "data"
    shutil.copytree(DATA, data)

    cases = CsvFile(data, "cases")
    chapter_of = {row[0]: cases.get(i, "chapter") for i, row in enumerate(cases.rows)}
    statements = CsvFile(data, "statements")
    s = next(i for i in range(len(statements.rows)) if chapter_of.get(statements.get(i, "case_id")))
    chapter = chapter_of[statements.get(s, "case_id")]
    events = CsvFile(data, "events")
    e = next(i for i in range(len(events.rows)) if chapter_of.get(events.get(i, "case_id")) == chapter)
    evidence = CsvFile(data, "evidence")
    q = evidence.index(events.get(e, "event_id"))
    originals = [statements.get(s, "quote"), events.get(e, "summary"), evidence.get(q, "quote")]
    statements.set(s, "quote", HOSTILE).save()
    events.set(e, "summary", f"{HOSTILE} {ONERROR}").save()
    evidence.set(q, "quote", HOSTILE).save()

    chapter = f"book/{chapter}"
    # Every page that shows either altered row marks it with its evidence anchor; a page that merely
    # quotes the same words for another record does not show the altered rows.
    anchors = [f'href="#ev-{record}"' for record in (statements.get(s, "statement_id"), events.get(e, "event_id"))]
    pages = [name for name in toc_files(ROOT / "_toc.yml")
             if name not in DRAWN_BY_SCRIPT and (name == chapter or (
                 (ROOT / f"{name}.ipynb").is_file()
                 and any(shows(ROOT / f"{name}.ipynb", text) for text in originals)
                 and any(shows(ROOT / f"{name}.ipynb", anchor) for anchor in anchors)))]
    project = work / "project"
    shutil.copytree(ROOT / "book", project / "book", ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
    copy_config(project)
    shutil.copytree(ROOT / "_static", project / "_static")
    names = [*pages, *(name for name in (EXPLORER, CHAPTER) if name not in pages)]
    toc = {"format": "jb-book", "root": names[0], "chapters": [{"file": name} for name in names[1:]]}
    (project / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")

    html = build_book(project, work / "out", dict(os.environ, **{DATA_ENV: str(data), ARCHIVE_ENV: str(work / "no-archive")}))
    event_pages = frozenset(name for name in pages if name == chapter or shows(ROOT / f"{name}.ipynb", anchors[1]))
    return Built(html, chapter, {name: html / f"{name}.html" for name in pages}, events.get(e, "event_id"), event_pages)


def test_the_altered_rows_are_shown(hostile):
    counts = {name: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
              .translate(CURLED).count(HOSTILE) for name, path in hostile.pages.items()}
    # the chapter shows both the quote and the summary; every other page chosen shows one of them
    assert counts[hostile.chapter] >= 2 and min(counts.values()) >= 1, counts


def test_markup_in_the_data_is_escaped_in_the_html(hostile):
    for name, path in hostile.pages.items():
        source = path.read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(" in source, name
        assert "&lt;b&gt;bold&lt;/b&gt;" in source, name
        assert not re.search(r"<script>\s*alert", source), name
        assert "<img src=x" not in source and "<script>alert(2)" not in source, name
        if name in hostile.event_pages:
            assert "&lt;img src=x onerror=alert(1)&gt;" in source, name
        assert "<b>bold</b>" not in source and "<em>star</em>" not in source, name
        soup = BeautifulSoup(source, "html.parser")
        assert not soup.find_all(href=re.compile(r"^\s*javascript:", re.IGNORECASE)), name
        assert not [b for b in soup.find_all(["b", "strong"]) if b.get_text() == "bold"], name
        assert not [s for s in soup.find_all("script") if "alert(" in s.get_text()], name
        assert not [em for em in soup.find_all("em") if em.get_text() == "star"], name
        # the whole string sits in one text node: nothing inside it became an element
        assert soup.find_all(string=lambda s: HOSTILE in s.translate(CURLED)), name


def test_quotes_in_evidence_notes_and_links_are_text(hostile):
    soup = BeautifulSoup(hostile.pages[hostile.chapter].read_text(encoding="utf-8"), "html.parser")
    note = soup.find(id=f"ev-{hostile.record}").find_parent("li")
    assert HOSTILE in note.get_text().translate(CURLED)  # the altered quote, shown as text in its note
    assert not note.find_all(["b", "script", "img"])
    links = [a["href"] for a in soup.select("a.ev-source")]
    assert links and all(not set(href) & set('<>" ') for href in links)
    fragments = [unquote(urlsplit(href).fragment) for href in links]
    assert any(f"text={HOSTILE}" in fragment for fragment in fragments)  # percent-encoded, decodes back
    # the statement's quote is its own evidence: its note shows it too, as text
    assert sum(HOSTILE in li.get_text().translate(CURLED) for li in soup.select("li:has(> p > span.ev-note)")) >= 2
    for tag in soup.find_all(True):
        assert not [v for v in tag.attrs.values() if "<script" in str(v) or "onerror=" in str(v)], tag.name


@needs_chromium
def test_no_script_from_the_data_runs_in_a_browser(hostile):
    from playwright.sync_api import sync_playwright

    site = serve(hostile.html)
    dialogs = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for name in hostile.pages:
            page.goto(site + f"{name}.html", wait_until="load")
            assert dialogs == [], f"{name}: a script from the data ran and opened a dialog"
            # the Evidence section is folded on screen: unfold it, so that its notes are read too
            page.evaluate("() => document.querySelectorAll('.casebook-evidence-toggle[aria-expanded=false]')"
                          ".forEach(button => button.click())")
            assert HOSTILE in page.evaluate("() => document.body.innerText").translate(CURLED), name
            assert page.evaluate("() => [...document.querySelectorAll('b, strong')]"
                                 ".filter(b => b.textContent === 'bold').length") == 0, name
        # the marker of the altered event opens its note: the quote shows as text, and nothing runs
        page.goto(site + f"{hostile.chapter}.html", wait_until="load")
        page.locator(f'a.ev-marker[href="#ev-{hostile.record}"]').first.click()
        assert HOSTILE in page.locator(".ev-popover").inner_text().translate(CURLED)
        page.wait_for_timeout(200)
        assert dialogs == [], "a script from an evidence quote ran"
        browser.close()


# --- the data explorer ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page(hostile):
    from playwright.sync_api import sync_playwright

    site = serve(hostile.html)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page()
        tab.errors, tab.dialogs, tab.site = [], [], site
        watch(tab, tab.errors, site)
        tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(site + f"{EXPLORER}.html", wait_until="load")
        build_every_table(tab)
        yield tab
        browser.close()


def shown(page, table: str) -> int:
    """How many rows the table says match (its 'Showing 1 to 10 of N entries' line)."""
    info = page.locator(f"#explore-{table}_wrapper .dt-info").inner_text()
    return int(INFO.search(info).group(1).replace(",", ""))


def search(page, table: str, text: str) -> list[str]:
    """Type into the table's search box; return the text of the rows it then shows."""
    box = page.locator(f"#explore-{table}_wrapper .dt-search input")
    box.fill("")
    box.press_sequentially(text, delay=20)
    page.wait_for_timeout(300)
    return page.locator(f"#explore-{table} tbody tr").all_inner_texts()


@needs_chromium
def test_every_table_is_interactive_with_every_row(page):
    for table in ("cases", "events", "statements", "penalties"):
        assert page.locator(f"#explore-{table}_wrapper .dt-search input").count() == 1, table
        total = shown(page, table)
        assert total > 0, table
    assert page.errors == [], "\n".join(page.errors)


@needs_chromium
def test_typing_a_name_narrows_the_rows(page):
    for table in ("events", "statements"):
        total = shown(page, table)
        rows = search(page, table, NAME)
        narrowed = shown(page, table)
        assert 0 < narrowed < total, (table, narrowed, total)
        assert rows and all(NAME in row for row in rows), rows
        search(page, table, "")
        assert shown(page, table) == total
    assert page.errors == [], "\n".join(page.errors)


@needs_chromium
def test_a_row_links_to_its_chapter(page):
    search(page, "events", NAME)
    link = page.locator("#explore-events tbody tr a").first
    href = link.get_attribute("href")
    assert href == "../cases/kem-sokha.html", href
    link.click()
    page.wait_for_load_state("load")
    assert page.url == page.site + f"{CHAPTER}.html"
    assert NAME in page.title()
    page.go_back(wait_until="load")
    build_every_table(page)


@needs_chromium
def test_data_text_is_shown_as_text(page, hostile):
    for table, text in (("statements", HOSTILE), ("events", f"{HOSTILE} {ONERROR}")):
        rows = search(page, table, "bold")
        assert len(rows) == 1 and text in rows[0], rows
        page.wait_for_timeout(500)
        assert page.dialogs == [], "a script from the data ran"
        assert page.evaluate(f"() => [...document.querySelectorAll('#explore-{table} b, #explore-{table} strong')]"
                             ".filter(b => b.textContent === 'bold').length") == 0
        assert page.locator(f"#explore-{table} img").count() == 0
        search(page, table, "")
    source = (hostile.html / f"{EXPLORER}.html").read_text(encoding="utf-8")
    assert "<b>bold</b>" not in source and "<img src=x" not in source
    assert not re.search(r"<script>\s*alert", source)


def test_code_is_shown_behind_a_toggle(hostile):
    soup = BeautifulSoup((hostile.html / f"{CHAPTER}.html").read_text(encoding="utf-8"), "html.parser")
    toggles = soup.select("div.cell.tag_hide-input details.hide.above-input")
    assert toggles, "no code cell folded under a toggle"
    code = " ".join(t.get_text() for t in toggles)
    assert "casebook.load()" in code and "display.table(" in code
    assert all("show code" in t.summary.get_text().lower() for t in toggles), [t.summary.get_text() for t in toggles]


# --- links and names from hostile rows, whatever the validator let through -------------------------
# The validator refuses these rows (tests/test_validate_hostile.py); here they reach the views
# anyway, as rows changed after loading, and the pages' Markdown must still hold no live script,
# no link other than http(s) or within the page, and no role or path built from a hostile name.

BAD_ADDRESSES = ["javascript:alert(document.domain)//", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
                 'https://example.org/x"><script>alert(1)</script>', "vbscript:msgbox(1)", "//evil.example/x"]
BAD_CHAPTER = "cases/kem-sokha>` <img src=x onerror=alert(1)> {doc}`x <cases/kem-sokha"
MARKUP = ("</script><script>alert(1)</script> <img src=x onerror=alert(1)> [link](javascript:alert(1)) "
          "{eval-rst}`.. raw:: html` ```{raw} html\n<script>alert(2)</script>\n``` <a href=\"javascript:alert(3)\">x</a>")


def _html(markdown_text: str) -> BeautifulSoup:
    """The Markdown as a MyST page would render it (CommonMark with raw HTML passed through, and tables)."""
    from markdown_it import MarkdownIt

    return BeautifulSoup(MarkdownIt("commonmark").enable("table").render(markdown_text), "html.parser")


def _live(soup: BeautifulSoup) -> list[str]:
    """Every script, event handler or link that is not http(s), within the page or to a page of the book."""
    found = [str(s) for s in soup.find_all("script")]
    for tag in soup.find_all(True):
        found += [f"{tag.name} {name}" for name in tag.attrs if name.lower().startswith("on")]
        for name in ("href", "src", "action", "formaction"):
            value = tag.get(name)
            if value is not None and not re.match(r"(https?://[^\s\"'<>]+|#[^\s\"'<>]*|(\.\./)*[a-z0-9/-]+\.html)$", value):
                found.append(f"{tag.name} {name}={value!r}")
    return found


@pytest.fixture(scope="module")
def hostile_rows():
    """The data, with every source's address made hostile, every text column of the tables the
    pages link from holding markup, and one case's chapter holding a role and an image."""
    import casebook

    data = casebook.load(check_quotes=False)
    addresses = (BAD_ADDRESSES * len(data.sources))[: len(data.sources)]
    data.sources["url"] = addresses
    data.sources["repost_url"] = addresses[::-1]
    for name, columns in {"sources": ["publisher", "title"], "cases": ["title", "summary", "status"],
                          "events": ["summary", "note"], "actors": ["name", "description"],
                          "statements": ["quote"], "evidence": ["quote"]}.items():
        for column in columns:
            data[name][column] = data[name][column].astype(object).where(data[name][column].isna(), MARKUP)
    data.cases.loc[data.cases.index[0], "chapter"] = BAD_CHAPTER
    return data


def test_hostile_addresses_never_become_links_in_evidence_notes(hostile_rows):
    from casebook.views.evidence import Evidence

    evidence = Evidence(hostile_rows)
    records = list(dict.fromkeys(hostile_rows.evidence["record_id"]))
    soup = _html(evidence.section(records).data)
    assert soup.find_all("li"), "no evidence note was written"
    assert _live(soup) == []
    assert not soup.select("a.ev-source")  # no source has a web address here
    assert "No public address was found" in soup.get_text()


def test_hostile_addresses_never_become_links_in_sources_tables(hostile_rows):
    from casebook.views.cases import source_address

    cells = [str(source_address(source)) for source in hostile_rows.sources.itertuples()]
    soup = _html("\n\n".join(cells))
    assert _live(soup) == [] and not soup.find_all("a")


def test_a_web_address_is_still_linked(hostile_rows):
    from casebook.views.cases import source_address

    source = hostile_rows.sources.iloc[:1].assign(url="https://example.org/a?b=1#c").itertuples()
    (link,) = _html(str(source_address(next(source)))).find_all("a")
    assert link["href"] == "https://example.org/a?b=1#c"


def test_a_hostile_chapter_is_no_role_and_no_markup_on_the_landing_page(hostile_rows):
    from casebook.views import landing

    table = landing.case_index_table(landing.case_index(hostile_rows), label="tbl-case-index",
                                     caption=MARKUP, source=MARKUP).data
    roles = re.findall(r"\{doc\}`[^`]*<([^`>]*)>`", table)
    assert roles and all(re.fullmatch(r"cases/[a-z0-9-]+", target) for target in roles), roles
    assert BAD_CHAPTER not in table
    assert _live(_html(table)) == []


def test_a_hostile_chapter_is_not_linked_or_read_in_the_explorer(hostile_rows):
    from casebook.views import explorer

    assert explorer._link(BAD_CHAPTER) == "" and explorer._link("../../../etc/passwd") == ""
    soup = _html("\n\n".join(frame.to_html(escape=False) for frame in explorer.tables(hostile_rows).values()))
    assert _live(soup) == []
    assert soup.find_all("a") and all(a["href"].startswith("../cases/") for a in soup.find_all("a"))
