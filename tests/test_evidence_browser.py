"""Evidence markers as a reader's browser shows them (headless Debian Chromium through Playwright).

One case chapter is built on its own and served on 127.0.0.1. A marker, activated with the mouse at
1280 px, with a tap at 390 px and with the keyboard, opens the verbatim quote and its source beside
it; without JavaScript it leads to the same note in the Evidence section. The links to the originals
carry well-formed URL text fragments, punctuation included.
"""

from urllib.parse import unquote, urlsplit

import pytest
from test_browser import chromium, needs_chromium, serve, watch

import casebook

pytestmark = [
    pytest.mark.book,
    pytest.mark.xdist_group("evidence-browser"),
    needs_chromium,
]

CHAPTER = "book/cases/kem-sokha"
RECORD = "sokha-arrest-2017"  # an event the chapter's prose glues (its date) and its chronology lists
PUBLISHER = "International Commission of Jurists"


@pytest.fixture(scope="module")
def quotes() -> list[str]:
    evidence = casebook.load(check_quotes=False).evidence
    return list(evidence.loc[evidence["record_id"] == RECORD, "quote"])


@pytest.fixture(scope="module")
def chapter_url(built_book) -> str:
    """The chapter in the book this run built, as a URL."""
    return serve(built_book) + CHAPTER + ".html"


@pytest.fixture(scope="module")
def browser(chapter_url):
    yield from chromium()


def open_page(browser, url, width, **options):
    context = browser.new_context(viewport={"width": width, "height": 800}, **options)
    page = context.new_page()
    errors = []
    watch(page, errors, url.split("/book/")[0] + "/")
    page.goto(url, wait_until="load")
    return context, page, errors


def prose_marker(page):
    return page.locator(f'p a.ev-marker[href="#ev-{RECORD}"]').first


@pytest.mark.parametrize("width", [1280, 390])
def test_activating_a_marker_shows_the_quote_and_the_source(browser, chapter_url, quotes, width):
    touch = width < 600
    context, page, errors = open_page(browser, chapter_url, width, has_touch=touch, is_mobile=touch)
    marker = prose_marker(page)
    marker.scroll_into_view_if_needed()
    marker.tap() if touch else marker.click()
    popover = page.locator(".ev-popover")
    popover.wait_for(state="visible")
    text = popover.inner_text()
    assert any(quote in text for quote in quotes), text
    assert PUBLISHER in text and RECORD in text
    box, viewport = popover.bounding_box(), page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 1, box  # not cut off at the side
    assert popover.locator("a.ev-source").first.get_attribute("href").count("#:~:text=") == 1
    page.keyboard.press("Escape")
    assert popover.count() == 0
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == f"#ev-{RECORD}"
    context.close()
    assert errors == [], "\n".join(errors)


def test_a_table_marker_opens_from_the_keyboard(browser, chapter_url, quotes):
    context, page, errors = open_page(browser, chapter_url, 1280)
    marker = page.locator(f'table a.ev-marker[href="#ev-{RECORD}"]').first
    marker.focus()
    page.keyboard.press("Enter")
    popover = page.locator(".ev-popover")
    popover.wait_for(state="visible")
    assert any(quote in popover.inner_text() for quote in quotes)
    page.locator(".ev-close").click()
    assert popover.count() == 0
    context.close()
    assert errors == [], "\n".join(errors)


def test_without_javascript_a_marker_leads_to_its_note(browser, chapter_url, quotes):
    context, page, _ = open_page(browser, chapter_url, 390, java_script_enabled=False)
    prose_marker(page).click()
    assert urlsplit(page.url).fragment == f"ev-{RECORD}"
    note = page.locator(f"#ev-{RECORD}").locator("xpath=ancestor::li[1]")
    assert note.is_visible() and any(quote in note.inner_text() for quote in quotes)
    for _ in range(30):  # scrolled to it (the theme may scroll smoothly, so allow it a moment)
        if 0 <= note.bounding_box()["y"] < page.viewport_size["height"]:
            break
        page.wait_for_timeout(100)
    assert 0 <= note.bounding_box()["y"] < page.viewport_size["height"]
    context.close()


def test_every_marker_has_its_note_on_the_page(browser, chapter_url):
    context, page, _ = open_page(browser, chapter_url, 1280)
    missing = page.evaluate("""() => [...document.querySelectorAll('a.ev-marker')]
        .map(a => decodeURIComponent(a.hash.slice(1))).filter(id => !document.getElementById(id))""")
    count = page.locator("a.ev-marker").count()
    context.close()
    assert count > 0 and missing == []


def test_a_text_fragment_link_is_well_formed_for_a_quote_with_punctuation(browser, chapter_url):
    context, page, _ = open_page(browser, chapter_url, 1280)
    # a quote may itself hold quotation marks: it ends at its closing mark followed by a dash
    links = page.evaluate("""() => [...document.querySelectorAll('a.ev-source')].map(a => {
        const text = a.closest('li').innerText;
        const end = text.indexOf('\\u201d \\u2014');
        return {href: a.getAttribute('href'), quote: text.slice(text.indexOf('\\u201c') + 1, end),
                parsed: new URL(a.href).hash};
    })""")
    context.close()
    punctuated = [link for link in links if set(",-'\u2019\"()") & set(link["quote"])]
    assert punctuated, "no quote with punctuation on the page"
    for link in punctuated:
        url = urlsplit(link["href"])
        assert url.scheme == "https" and url.netloc, link
        assert url.fragment.startswith(":~:text=") and link["parsed"].startswith("#:~:text="), link
        raw = url.fragment.removeprefix(":~:text=").split(",")
        assert 1 <= len(raw) <= 2, link
        assert all(not set(term) & set("&-, \"'<>#") for term in raw), link
        words = link["quote"].split()
        start = unquote(raw[0])
        assert " ".join(words).startswith(start), link
        if len(raw) == 2:
            assert " ".join(words).endswith(unquote(raw[1])), link
        else:
            assert start == " ".join(words), link
