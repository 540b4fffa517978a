"""The data explorer in a browser, and code shown behind a toggle.

A small book is built once for this module: the explorer page and one case chapter, against a
copy of the data in which one statement's quote and one event's summary are HOSTILE (from
test_escaping, the summary with ONERROR after it). In headless
Chromium, typing a name into a table's search box narrows its rows to those naming it; the
chapter link of a row opens its chapter; the hostile quote is found and shown as text, and no
script in it runs; nothing is fetched from the network. The chapter's HTML shows its code
folded under a "show code" toggle.
"""

import os
import re
import shutil

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import CsvFile
from test_browser import CHROMIUM, build_book, launch, serve, watch
from test_escaping import HOSTILE, ONERROR

from casebook import settings
from casebook.settings import ARCHIVE_ENV, DATA_ENV, ROOT

DATA = settings.data_dir()

pytestmark = [
    pytest.mark.book,
    pytest.mark.xdist_group("explorer"),
    pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK), reason=f"Debian Chromium not found at {CHROMIUM} "
                       "(`make test` installs it with apt-get where it can)"),
]

EXPLORER = "book/methods/explorer"
CHAPTER = "book/cases/kem-sokha"
NAME = "Kem Sokha"
INFO = re.compile(r"of ([\d,]+) entries")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The explorer and one chapter, built against data with one hostile statement quote."""
    work = tmp_path_factory.mktemp("explorer")
    data = work / "data"
    shutil.copytree(DATA, data)
    statements = CsvFile(data, "statements")
    statements.set(0, "quote", HOSTILE).save()
    events = CsvFile(data, "events")
    events.set(0, "summary", f"{HOSTILE} {ONERROR}").save()
    project = work / "project"
    shutil.copytree(ROOT / "book", project / "book", ignore=shutil.ignore_patterns("_build", ".ipynb_checkpoints"))
    shutil.copy(ROOT / "_config.yml", project)
    toc = {"format": "jb-book", "root": EXPLORER, "chapters": [{"file": CHAPTER}]}
    (project / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
    env = dict(os.environ, **{DATA_ENV: str(data), ARCHIVE_ENV: str(work / "no-archive")})
    return build_book(project, work / "out", env)


@pytest.fixture(scope="module")
def page(built):
    from playwright.sync_api import sync_playwright

    site = serve(built)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page()
        tab.errors, tab.dialogs, tab.site = [], [], site
        watch(tab, tab.errors, site)
        tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(site + f"{EXPLORER}.html", wait_until="load")
        tab.wait_for_selector("#explore-events.dataTable", timeout=30_000)
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


def test_every_table_is_interactive_with_every_row(page):
    for table in ("cases", "events", "statements", "penalties"):
        assert page.locator(f"#explore-{table}_wrapper .dt-search input").count() == 1, table
        total = shown(page, table)
        assert total > 0, table
    assert page.errors == [], "\n".join(page.errors)


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
    page.wait_for_selector("#explore-events.dataTable", timeout=30_000)


def test_data_text_is_shown_as_text(page, built):
    for table, text in (("statements", HOSTILE), ("events", f"{HOSTILE} {ONERROR}")):
        rows = search(page, table, "bold")
        assert len(rows) == 1 and text in rows[0], rows
        page.wait_for_timeout(500)
        assert page.dialogs == [], "a script from the data ran"
        assert page.evaluate(f"() => [...document.querySelectorAll('#explore-{table} b, #explore-{table} strong')]"
                             ".filter(b => b.textContent === 'bold').length") == 0
        assert page.locator(f"#explore-{table} img").count() == 0
        search(page, table, "")
    source = (built / f"{EXPLORER}.html").read_text(encoding="utf-8")
    assert "<b>bold</b>" not in source and "<img src=x" not in source
    assert not re.search(r"<script>\s*alert", source)


def test_code_is_shown_behind_a_toggle(built):
    soup = BeautifulSoup((built / f"{CHAPTER}.html").read_text(encoding="utf-8"), "html.parser")
    toggles = soup.select("div.cell.tag_hide-input details.hide.above-input")
    assert toggles, "no code cell folded under a toggle"
    code = " ".join(t.get_text() for t in toggles)
    assert "casebook.load()" in code and "display.table(" in code
    assert all("show code" in t.summary.get_text().lower() for t in toggles), [t.summary.get_text() for t in toggles]
