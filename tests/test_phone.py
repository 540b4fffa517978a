"""Every page on a phone: light to load, never wider than the screen, drawn before its scripts load.

The built book is served here as a host serves it, its text files gzip-compressed, and every page
of the table of contents is opened at 390 px in a fresh browser context (an empty cache). The
tests fail when a page's transfer (the page and everything it loads, compressed, headers included)
exceeds its budget, when a page scrolls sideways at 320 or 390 px, or when a script in <head> holds
the first paint back (a classic external script without `defer` or `async`). Every page links one
style sheet that imports none, and no rule left out of it matches an element of a page.
"""

import functools
import gzip
import http.server
import threading
from pathlib import Path

import pytest
from test_browser import EXPLORER_TABLES, build_every_table, chromium, needs_chromium, toc_pages

pytestmark = [pytest.mark.book, pytest.mark.xdist_group("browser")]

PHONE, SMALL_PHONE = 390, 320
KB = 1000
BUDGET = 250 * KB  # bytes a page may transfer, compressed, in an empty cache
BUDGETS = {"book/methods/explorer.html": 600 * KB}  # the explorer carries its tables and their script
COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".map", ".csv"}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzip-compressed when the browser accepts it (as a host serves them)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if (path.suffix not in COMPRESSED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = _compressed(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        from io import BytesIO
        return BytesIO(body)


@functools.cache
def _compressed(path: str, _mtime: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


@functools.cache
def _gzip_server(directory: str) -> str:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=directory))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


# Bytes on the wire for the page and everything it has loaded (headers included): the navigation's
# and every resource's transferSize (0 only for what came from a cache, and the cache is empty).
TRANSFER_JS = """() => performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
  .reduce((sum, entry) => sum + entry.transferSize, 0)"""
WIDTH_JS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# What makes a page wider than the screen: the widest elements that end past its right edge.
WIDEST_JS = """() => [...document.querySelectorAll(".bd-article *")]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
               && !e.closest(".pst-scrollable-table-container, .casebook-chart, .table-wrapper"))
  .slice(0, 3).map(e => `${e.localName}.${[...e.classList].join(".")} (${Math.round(e.getBoundingClientRect().right)} px)`)"""


@pytest.fixture(scope="module")
def site(built_book) -> str:
    return _gzip_server(str(built_book))


@pytest.fixture(scope="module")
def browser(site):
    yield from chromium()


def open_fresh(browser, url: str, width: int):
    """A new context (its own, empty cache) with one page at `url`, loaded and settled."""
    context = browser.new_context(viewport={"width": width, "height": 800}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.wait_for_load_state("networkidle")
    return context, tab


@needs_chromium
def test_the_server_compresses_like_a_host(site, browser):
    context, tab = open_fresh(browser, site + toc_pages()[0], PHONE)
    encoding = tab.evaluate("""async () => (await fetch(location.href, {cache: "no-store"})).headers.get("content-encoding")""")
    transferred = tab.evaluate(TRANSFER_JS)
    context.close()
    assert encoding == "gzip"
    assert transferred > 0


@needs_chromium
def test_every_page_is_light_and_fits_a_phone(site, browser):
    heavy, wide = [], []
    for name in toc_pages():
        context, tab = open_fresh(browser, site + name, PHONE)
        transferred = tab.evaluate(TRANSFER_JS)
        budget = BUDGETS.get(name, BUDGET)
        if transferred > budget:
            sizes = tab.evaluate("""() => performance.getEntriesByType("resource")
              .sort((a, b) => b.transferSize - a.transferSize).slice(0, 4)
              .map(e => `${e.name.split("/").pop()} ${Math.round(e.transferSize / 1000)} KB`)""")
            heavy.append(f"{name}: {transferred / KB:.0f} KB > {budget / KB:.0f} KB (largest: {', '.join(sizes)})")
        for width in (PHONE, SMALL_PHONE):
            tab.set_viewport_size({"width": width, "height": 800})
            scroll, client = tab.evaluate(WIDTH_JS)
            if scroll > client:
                wide.append(f"{name} at {width} px: {scroll} px wide ({'; '.join(tab.evaluate(WIDEST_JS))})")
        context.close()
    assert heavy == [], "\n".join(heavy)
    assert wide == [], "\n".join(wide)


def blocking_scripts(page: Path) -> list[str]:
    """The external classic scripts in the page's <head> that the parser must wait for."""
    from bs4 import BeautifulSoup
    head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
    return [script["src"] for script in head.find_all("script", src=True)
            if not (script.has_attr("defer") or script.has_attr("async") or script.get("type") == "module")]


def test_no_script_in_head_holds_the_first_paint_back(built_book):
    found = {name: blocking_scripts(built_book / name) for name in toc_pages()}
    assert {name: scripts for name, scripts in found.items() if scripts} == {}


def test_a_blocking_script_is_found(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><head><script src="a.js"></script><script defer src="b.js"></script>'
                    '<script async src="c.js"></script><script type="module" src="d.js"></script>'
                    '<script>inline()</script></head><body><script src="e.js"></script></body></html>',
                    encoding="utf-8")
    assert blocking_scripts(page) == ["a.js"]


CHAPTER = "book/cases/kem-sokha.html"


@needs_chromium
def test_the_evidence_section_is_folded_and_opens_where_a_link_leads(site, browser):
    context, tab = open_fresh(browser, site + CHAPTER, PHONE)
    toggle = tab.locator(".casebook-evidence-toggle")
    note = tab.locator(".ev-note").first
    anchor = note.get_attribute("id")
    assert toggle.get_attribute("aria-expanded") == "false" and not note.locator("xpath=..").is_visible()
    folded = tab.evaluate("() => document.documentElement.scrollHeight")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and note.locator("xpath=..").is_visible()
    assert tab.evaluate("() => document.documentElement.scrollHeight") > folded
    context.close()
    # a link into the section (from another page, or the note's "See it in the Evidence section") unfolds it
    context, tab = open_fresh(browser, f"{site}{CHAPTER}#{anchor}", PHONE)
    assert tab.locator(".casebook-evidence-toggle").get_attribute("aria-expanded") == "true"
    assert tab.locator(f"[id='{anchor}']").locator("xpath=..").is_visible()
    context.close()


# Controls a keyboard reaches on a chapter at phone width: the menu, the download menu, the Evidence
# toggle and a chart that scrolls sideways in its box.
FOCUSABLE = [".primary-toggle", ".dropdown-download-buttons > button", ".casebook-evidence-toggle", ".casebook-chart"]
FOCUS_JS = """(selector) => {
  const element = document.activeElement, style = getComputedStyle(element);
  return {on: element.matches(selector), visible: element.matches(":focus-visible"), tab: element.tabIndex,
          ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none"};
}"""


@needs_chromium
def test_keyboard_focus_is_visible_on_every_control(site, browser):
    context, tab = open_fresh(browser, site + CHAPTER, PHONE)
    seen = {}
    for selector in FOCUSABLE:
        tab.locator(selector).first.focus()
        tab.keyboard.press("Shift+Tab")
        tab.keyboard.press("Tab")  # back onto it by keyboard, so that it matches :focus-visible
        seen[selector] = tab.evaluate(FOCUS_JS, selector)
    context.close()
    assert {s: f for s, f in seen.items() if not (f["on"] and f["visible"] and f["ring"] and f["tab"] >= 0)} == {}


EXPLORER = "book/methods/explorer.html"
# For each of the explorer's tables: whether DataTables has built it, whether it is shown, whether
# its static preview is shown, and where the preview (or the table, once built) starts, in screens
# from the top of the page.
EXPLORER_STATE_JS = """(ids) => Object.fromEntries(ids.map(id => {
  const table = document.getElementById(id), preview = document.getElementById(id + "_fallback");
  const box = table.hidden ? preview : table;
  return [id, {built: table.classList.contains("dataTable"), shown: !table.hidden, preview: !preview.hidden,
               screens: (box.getBoundingClientRect().top + scrollY) / innerHeight}];
}))"""


@needs_chromium
@pytest.mark.parametrize("width", [PHONE, 1280])
def test_the_explorer_builds_each_table_when_the_reader_comes_near_it(site, browser, width):
    context, tab = open_fresh(browser, site + EXPLORER, width)
    tab.wait_for_selector(f"#{EXPLORER_TABLES[0]}.dataTable", timeout=30_000)
    tab.wait_for_timeout(500)
    at_load = tab.evaluate(EXPLORER_STATE_JS, EXPLORER_TABLES)
    # the first table is built at once; one that starts more than a screen below the view is not
    # built, and its static preview stands in its place
    assert at_load[EXPLORER_TABLES[0]] | {"screens": 0} == {"built": True, "shown": True, "preview": False, "screens": 0}
    far = [table for table, state in at_load.items() if state["screens"] > 2.1]
    assert far, at_load  # else this test checks nothing: the page is too short for a table to wait
    assert {table: at_load[table] for table in far if at_load[table]["built"] or not at_load[table]["preview"]} == {}
    # scrolled to, each is built and takes the preview's place
    for table in EXPLORER_TABLES:
        tab.evaluate("id => document.getElementById(id).closest('section').scrollIntoView()", table)
        tab.wait_for_selector(f"#{table}.dataTable", timeout=30_000)
    state = tab.evaluate(EXPLORER_STATE_JS, EXPLORER_TABLES)
    assert all(s["built"] and s["shown"] and not s["preview"] for s in state.values()), state
    context.close()

    # a link to a table's section builds it at once
    last = EXPLORER_TABLES[-1]
    context, tab = open_fresh(browser, site + EXPLORER + "#penalties", width)
    tab.wait_for_selector(f"#{last}.dataTable", timeout=30_000)
    context.close()

    # so does the keyboard focus entering a preview (here without scrolling it into view)
    context, tab = open_fresh(browser, site + EXPLORER, width)
    tab.wait_for_selector(f"#{EXPLORER_TABLES[0]}.dataTable", timeout=30_000)
    before = tab.evaluate(EXPLORER_STATE_JS, [last])[last]
    assert not before["built"] and before["screens"] > 2.1 and tab.evaluate("() => scrollY") == 0, before
    tab.evaluate("id => document.querySelector(`#${id}_fallback a[href]`).focus({preventScroll: true})", last)
    tab.wait_for_selector(f"#{last}.dataTable", timeout=30_000)
    # the focus moves from the preview, now hidden, to the table's first control
    tab.wait_for_function("id => document.activeElement.closest(`#${id}_wrapper`) !== null", arg=last, timeout=5_000)
    context.close()


# At phone width, for each row shown in the explorer's tables: whether every cell is a block whose
# label (drawn before it) is its column's heading (an empty cell is left out), and whether any cell
# ends past the screen's edge.
EXPLORER_ROWS_JS = """() => [...document.querySelectorAll("table.dataTable")].map(table => {
  const headings = [...table.querySelectorAll("thead th")].map(th => th.querySelector(".dt-column-title").textContent.trim());
  const cells = [...table.querySelectorAll("tbody tr")].flatMap(tr => [...tr.children]);
  const label = cell => getComputedStyle(cell, "::before").content.replace(/ \\/ "".*$/, "").replace(/^"|"$/g, "");
  return {id: table.id, rows: table.querySelectorAll("tbody tr").length,
          blocks: cells.every(cell => getComputedStyle(cell).display === (cell.textContent === "" ? "none" : "block")),
          labelled: cells.every(cell => label(cell) === headings[cell.cellIndex]),
          filters: [...table.querySelectorAll("tfoot input")].map(input => [label(input.closest("th")), input.placeholder,
                     Math.round(input.getBoundingClientRect().right)]),
          past_edge: cells.filter(cell => cell.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length};
})"""


@needs_chromium
@pytest.mark.parametrize("width", [PHONE, SMALL_PHONE])
def test_the_explorer_on_a_phone_shows_each_row_as_labelled_lines_with_usable_filters(site, browser, width):
    context, tab = open_fresh(browser, site + EXPLORER, width)
    build_every_table(tab)
    # DataTables comes once from the book's own _static/, not inside the page
    scripts = tab.evaluate("""() => performance.getEntriesByType("resource").map(e => new URL(e.name).pathname)
      .filter(path => path.endsWith("dt_bundle.js"))""")
    assert scripts == ["/_static/dt_bundle.js"]
    tables = tab.evaluate(EXPLORER_ROWS_JS)
    assert [t["id"] for t in tables] == EXPLORER_TABLES
    for table in tables:
        assert table["rows"] > 0 and table["blocks"] and table["labelled"] and table["past_edge"] == 0, table
        assert table["filters"], table
        assert all(label == placeholder and right <= width for label, placeholder, right in table["filters"]), table
    # a screen reader still finds a table of cells under column headers
    events = tab.locator("#explore-events")
    assert events.get_by_role("columnheader", name="Date").count() == 1
    assert events.get_by_role("cell").count() > 0
    # a column filter narrows the rows to those whose cell holds the text typed
    info = tab.locator("#explore-events_wrapper .dt-info")
    before = info.inner_text()
    tab.locator("#explore-events tfoot input[placeholder='Event']").press_sequentially("lawsuit", delay=20)
    tab.wait_for_timeout(300)
    assert info.inner_text() != before and "filtered from" in info.inner_text()
    kinds = tab.locator("#explore-events tbody td:nth-child(3)").all_inner_texts()
    assert kinds and all(kind == "lawsuit" for kind in kinds), kinds
    context.close()


def _first_year(text: str) -> int:
    """The earliest year a date in words names ('between 2017 and 11 October 2018': 2017)."""
    return min(int(word) for word in text.split() if word.isdigit() and len(word) == 4)


@needs_chromium
def test_the_explorer_sorts_dates_in_words_by_when_they_fell(site, browser):
    context, tab = open_fresh(browser, site + EXPLORER, 1280)
    build_every_table(tab)
    heading, dates = tab.locator("#explore-statements thead th").nth(1), tab.locator("#explore-statements tbody td:nth-child(2)")
    assert heading.inner_text().strip() == "Date"
    button = heading.get_by_role("button", name="Date: Activate")  # the heading's sort button
    orders = []
    for _ in range(2):  # the first press sorts from the earliest date, the second from the latest
        button.click()
        tab.wait_for_timeout(200)
        orders.append(dates.all_inner_texts())
    ascending, descending = orders
    context.close()
    assert ascending and not any(text[:4].isdigit() and len(text) > 4 for text in ascending), ascending  # words
    years = [_first_year(text) for text in ascending]
    assert years == sorted(years), ascending
    later = [_first_year(text) for text in descending]
    assert later == sorted(later, reverse=True) and later[0] >= years[-1], descending


# --- the style sheets that hold the first paint back -----------------------------------------

MAX_STYLE_SHEETS = 1  # the book's one sheet (casebook.render.styles); the theme alone links eleven


def head_style_sheets(page: Path) -> list[str]:
    """The addresses of the style sheets the page's <head> links (each one the browser must load
    before it draws anything)."""
    from bs4 import BeautifulSoup
    head = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
    return [link["href"] for link in head.find_all("link", href=True) if "stylesheet" in link.get("rel", [])]


def test_every_page_links_one_style_sheet_that_imports_nothing(built_book):
    pages = [*toc_pages(), "search.html", "genindex.html"]
    found = {name: head_style_sheets(built_book / name) for name in pages}
    assert {name: sheets for name, sheets in found.items() if len(sheets) > MAX_STYLE_SHEETS} == {}
    for name, sheets in found.items():
        for href in sheets:
            sheet = (built_book / name).parent / href.split("?")[0]
            assert sheet.is_file(), (name, href)
            assert "@import" not in sheet.read_text(encoding="utf-8"), (name, href)


def test_the_one_style_sheet_is_found_in_a_page(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><head><link rel="stylesheet" href="a.css?v=1"><link rel="preload" as="script" href="b.js">'
                    '<link rel="icon" href="i.png"></head><body><link rel="stylesheet" href="late.css"></body></html>',
                    encoding="utf-8")
    assert head_style_sheets(page) == ["a.css?v=1"]


# For each selector of a rule left out of the one sheet as matching nothing, whether it matches an
# element of the page as loaded (its scripts run: menus, the explorer's tables); pseudo-elements
# (::before, :after) are taken off, since they are not elements.
LEFT_OUT_MATCHING_JS = """(selectors) => selectors.filter(selector => {
  const pseudo = /::?(before|after|first-line|first-letter|placeholder|marker|selection|backdrop|-[\\w-]+)\\b(\\([^)]*\\))?/g;
  const element = selector.replace(pseudo, "");
  try { return document.querySelector(element || "*") !== null; } catch (error) { return false; }
})"""


@needs_chromium
def test_no_rule_left_out_of_the_style_sheet_matches_an_element_of_a_page(built_book, site, browser):
    from casebook.render import styles
    static = built_book / "_static"
    names = styles.bundled_names((static / styles.BUNDLE).read_text(encoding="utf-8"))
    left_out = styles.unused_selectors(static, names, styles.used_words(built_book))
    assert names and left_out  # the theme's sheets are in it, and most of Bootstrap is not
    matching = {}
    for name in [*toc_pages(), "search.html"]:
        for width in (PHONE, 1280):
            context, tab = open_fresh(browser, site + name, width)
            if name == EXPLORER:
                build_every_table(tab)
            found = tab.evaluate(LEFT_OUT_MATCHING_JS, left_out)
            if found:
                matching[f"{name} at {width} px"] = found[:5]
            context.close()
    assert matching == {}
