"""The built book as a reader's browser sees it: headless Debian Chromium driven by Playwright.

The book is built once for the run, served on 127.0.0.1 and crawled from its front page: every
page of the table of contents and every internal page they link to is opened once, at laptop width,
in one tab. The tests then check what the crawl saw: HTTP statuses, console errors, images,
internal links and their #anchors, and the search page. (tests/test_accessibility.py scans the
same pages with axe-core, beside this module.)

All the tests of this module run in one pytest-xdist worker: `--dist loadscope` groups a module's
tests (keep them module-level functions, not in classes), and the `xdist_group` mark does the same
under `--dist loadgroup`.
"""

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urlsplit
from urllib.request import urlopen

import pytest
import yaml

from casebook.render.pages import PDF_DIR
from casebook.settings import BUILD_ENV, ROOT
from tools.pdf import FLAGS as CHROMIUM_ARGS
from tools.pdf import find_chromium

CHROMIUM = Path(find_chromium())

needs_chromium = pytest.mark.skipif(not os.access(CHROMIUM, os.X_OK),
                                    reason=f"Debian Chromium not found at {CHROMIUM} (`make test` installs it with apt-get "
                                           "where it can: run `apt-get install chromium-headless-shell` as root)")
pytestmark = [pytest.mark.book, pytest.mark.xdist_group("browser"), needs_chromium]

# Console errors that come from the theme and extensions Jupyter Book 1.x pins, not from the book;
# each is matched exactly, so any other error fails. Delete an entry once its cause is fixed.
# (None now: sphinx-thebe's doubled inline configuration, which threw on every page, is no longer
# written where no Thebe launch is offered, casebook/render/site.py.)
KNOWN_CONSOLE_ERRORS: set[str] = set()

SEARCH_NAME = "Kem Sokha"


# --- building and serving -------------------------------------------------------------------

def copy_config(project: Path, edit=None) -> None:
    """The book's _config.yml, as `edit` changes it (in place) if given, written into `project`."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    if edit:
        edit(config)
    (project / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def build_book(source: Path, output: Path, env: dict | None = None) -> Path:
    """`jupyter-book build source --path-output output`; returns the HTML folder."""
    env = dict(os.environ if env is None else env)
    env[BUILD_ENV] = str(output / "_build")  # its own execution cache: builds running at once never share one
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(source),
                             "--path-output", str(output)], capture_output=True, text=True, cwd=source, env=env)
    html = output / "_build" / "html"
    assert result.returncode == 0 and html.is_dir(), (result.stdout + result.stderr)[-5000:]
    return html


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A tab closed while a file was still being sent: not a fault of the page.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@functools.cache
def _server_for(directory: str) -> str:
    handler = functools.partial(_QuietHandler, directory=directory)
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/"


def serve(directory: Path) -> str:
    """Serve `directory` on a free port of 127.0.0.1 for the rest of the session; its base URL."""
    return _server_for(str(directory))


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def chromium():
    """Debian's Chromium through Playwright, for a module's tests: `yield from chromium()` in a fixture."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


# The data explorer's tables, in page order; each is built when the reader comes near it
# (casebook/views/explorer.py).
EXPLORER_TABLES = ["explore-cases", "explore-events", "explore-statements", "explore-penalties"]


def build_every_table(tab) -> None:
    """On the data explorer: scroll to each table in turn and wait until DataTables has built it."""
    for table in EXPLORER_TABLES:
        tab.evaluate("id => document.getElementById(id).closest('section').scrollIntoView()", table)
        tab.wait_for_selector(f"#{table}.dataTable", timeout=30_000)


def toc_pages() -> list[str]:
    """Every page of the table of contents, as its path in the built HTML."""
    from casebook.render.pages import toc_files
    return [f"{name}.html" for name in toc_files(ROOT / "_toc.yml")]


# --- the crawl --------------------------------------------------------------------------------

LAPTOP = 1280  # px: the width the crawl and the accessibility scan open pages at


@dataclass
class Page:
    url: str
    status: int | None = None
    final_url: str = ""
    errors: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


def is_html(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith(".html") or path.endswith("/")


def watch(page, log: list[str], base: str) -> None:
    """Record console errors, uncaught exceptions, failed requests and requests leaving the site."""
    def on_console(message):
        if message.type != "error" or message.text in KNOWN_CONSOLE_ERRORS:
            return
        where = message.location.get("url", "")
        # Chromium asks for /favicon.ico by itself when a page names no icon: not the book's request.
        if urlsplit(where).path == "/favicon.ico":
            return
        log.append(f"console.error: {message.text} ({where}:{message.location.get('lineNumber')})")

    def on_pageerror(error):
        if str(error.message) not in KNOWN_CONSOLE_ERRORS:
            log.append(f"uncaught exception: {error}")

    def on_route(route):
        # The book must not need the network: requests off this server are refused and reported.
        log.append(f"request leaves the site: {route.request.url}")
        route.abort()

    page.on("console", on_console)
    page.on("pageerror", on_pageerror)
    page.route(lambda url: not url.startswith(base) and not url.startswith("data:"), on_route)


IMAGES_JS = """async () => {
  const images = [...document.images];
  await Promise.all(images.map(img => {
    img.loading = "eager";
    return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
  }));
  return images.map(img => ({src: img.currentSrc || img.src, width: img.naturalWidth, complete: img.complete,
                             alt: img.alt, shown: img.clientWidth, figure: !!img.closest("figure")}));
}"""
IDS_JS = ("() => [...document.querySelectorAll('[id]')].map(e => e.id)"
          ".concat([...document.querySelectorAll('a[name]')].map(e => e.name))")
LINKS_JS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"


REFRESH = re.compile(r"<meta[^>]+http-equiv=[\"']?refresh", re.I)


def is_redirect(page: Path) -> bool:
    """Does this built page only forward to another (a meta refresh, no content)?"""
    return page.is_file() and bool(REFRESH.search(page.read_text(encoding="utf-8")[:2000]))


def visit(tab, url: str, log: list[str], redirect=False) -> Page:
    """Open `url` in `tab` and record what a reader's browser met there; `log` is the list the
    tab's watchers (`watch`) write to, emptied into the report. A `redirect` page is followed to
    the page it forwards to before anything is read."""
    report = Page(url)
    response = tab.goto(url, wait_until="load")
    report.status = response.status if response else None
    if redirect:  # wait for it to forward, so that its errors are its own
        tab.wait_for_url(lambda now: now != url, wait_until="load")
    report.final_url = tab.url
    report.images = tab.evaluate(IMAGES_JS)  # waits for every image, lazy ones included
    report.ids = set(tab.evaluate(IDS_JS))
    report.links = tab.evaluate(LINKS_JS)
    report.errors, log[:] = list(log), []
    return report


@pytest.fixture(scope="module")
def built(built_book) -> Path:
    """The book, built once for the run (tests/conftest.py): its HTML folder."""
    return built_book


@pytest.fixture(scope="module")
def site(built) -> str:
    """The built book served on 127.0.0.1: its base URL."""
    return serve(built)


@pytest.fixture(scope="module")
def browser(site):
    yield from chromium()


@pytest.fixture(scope="module")
def crawl(built, site, browser) -> dict[str, Page]:
    """Every page of the toc, every other HTML page the build wrote (the index, the search page)
    and every internal page they link to, each opened once in one tab."""
    log = []
    context = browser.new_context(viewport={"width": LAPTOP, "height": 900})
    tab = context.new_page()
    watch(tab, log, site)
    pages: dict[str, Page] = {}
    written = sorted(path.relative_to(built).as_posix() for path in built.rglob("*.html")
                     if path.relative_to(built).parts[0] not in ("_static", "_sources", "_downloads"))
    queue = [site + path for path in ("index.html", *toc_pages(), *written)]
    while queue:
        url = urldefrag(queue.pop(0)).url
        if url in pages or not url.startswith(site) or not is_html(url):
            continue
        pages[url] = visit(tab, url, log, is_redirect(built / url.removeprefix(site)))
        queue.extend(link for link in pages[url].links if link.startswith(site))
    context.close()
    return pages


# --- the checks -------------------------------------------------------------------------------

def test_every_toc_page_loads(site, crawl):
    expected = [site + path for path in toc_pages()]
    problems = [f"{url}: not reached" for url in expected if url not in crawl]
    problems += [f"{p.url}: HTTP {p.status}" for p in crawl.values() if p.status != 200]
    assert problems == [], "\n".join(problems)
    # The front page forwards to the book's first page.
    assert crawl[site + "index.html"].final_url == site + toc_pages()[0]


def test_no_console_errors(crawl):
    problems = [f"{p.url}: {error}" for p in crawl.values() for error in p.errors]
    assert problems == [], "\n".join(problems)


def test_every_image_loads(crawl):
    images = [(p.url, image) for p in crawl.values() for image in p.images]
    assert images, "no page of the book shows an image: the chapters' figures are missing"
    broken = [f"{url}: {image['src']} (naturalWidth {image['width']})"
              for url, image in images if not image["width"]]
    assert broken == [], "\n".join(broken)


def test_every_figure_is_sharp_and_described(crawl):
    """A figure is SVG (sharp at any density) or a bitmap at least twice its displayed width, and its
    alt text says what the chart shows (not a file name)."""
    figures = [(p.url, image) for p in crawl.values() for image in p.images if image["figure"]]
    assert figures, "no page shows a figure"
    problems = []
    for url, image in figures:
        svg = image["src"].startswith("data:image/svg+xml") or image["src"].endswith(".svg")
        if not svg and image["width"] < 2 * image["shown"]:
            problems.append(f"{url}: {image['src'][:80]} is {image['width']} px wide, shown at {image['shown']} px")
        alt = image["alt"]
        if len(alt.split()) < 8 or alt.rsplit(".", 1)[-1].lower() in ("png", "svg", "jpg"):
            problems.append(f"{url}: {image['src'][:80]} has no description (alt {alt!r})")
    assert problems == [], "\n".join(problems)


def test_every_internal_link_and_anchor_resolves(site, crawl):
    problems, checked, others = [], 0, {}
    for page in crawl.values():
        for link in page.links:
            if not link.startswith(site):
                continue
            target, anchor = urldefrag(link)
            target = urlsplit(target)._replace(query="").geturl()
            if target.startswith(site + PDF_DIR + "/"):
                continue  # printed by `make pdf` after the build; tests/test_browser_site.py checks the names
            checked += 1
            if is_html(target):
                found = crawl.get(target)
                if found is None or found.status != 200:
                    problems.append(f"{page.url}: link to missing page {link}")
                elif anchor and anchor not in found.ids:
                    problems.append(f"{page.url}: link to {link}, but no id '{anchor}' on that page")
            else:
                if target not in others:
                    try:
                        with urlopen(target, timeout=30) as response:
                            others[target] = response.status
                    except HTTPError as err:
                        others[target] = err.code
                if others[target] != 200:
                    problems.append(f"{page.url}: link to {link} answers HTTP {others[target]}")
    assert checked > 0
    assert problems == [], "\n".join(problems)


def test_search_finds_a_known_name(site, browser):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    watch(page, errors, site)
    page.goto(site + "search.html?q=" + SEARCH_NAME.replace(" ", "+"), wait_until="load")
    page.wait_for_selector("#search-results ul.search li", timeout=30_000)
    results = page.eval_on_selector_all(
        "#search-results ul.search li", "items => items.map(li => li.querySelector('a').textContent)")
    assert any(SEARCH_NAME in title for title in results), results
    # the person's own chapter first: its title begins with the name
    assert results[0].split(". ", 1)[-1].startswith(SEARCH_NAME), results[:5]

    page.goto(site + "search.html?q=zqxjvw", wait_until="load")
    page.wait_for_function(
        "() => /did not match any documents/.test(document.querySelector('#search-results').textContent)",
        timeout=30_000)
    assert page.eval_on_selector_all("#search-results ul.search li", "items => items.length") == 0
    context.close()
    assert errors == [], "\n".join(errors)


def test_a_chapter_prints_to_pdf_with_its_figure(built, site, crawl, tmp_path):
    """`make pdf` prints as here: a chapter with a figure gives a PDF with that figure in it."""
    from pypdf import PdfReader

    from casebook.views import figures
    from tools.pdf import page_title, print_page

    chapter = next(p for p in crawl.values() if p.images and p.url.startswith(site + "book/"))
    page = built / chapter.url.removeprefix(site)
    pdf = PdfReader(print_page(page, tmp_path / "chapter.pdf", str(CHROMIUM)))
    assert len(pdf.pages) > 1
    # A bitmap prints as an image; an SVG figure prints as vector graphics with its text, credit line included.
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    credits = text.count(f"{figures.SHORT_TITLE}, version {figures.__version__}")
    assert sum(len(p.images) for p in pdf.pages) + credits >= len(chapter.images)
    title = page_title(page).split(". ", 1)[-1].split()[:3]  # the title less its number
    assert " ".join(title) in " ".join(pdf.pages[0].extract_text().split())
