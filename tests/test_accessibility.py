"""Every page of the built book passes axe-core with no critical or serious violation.

A module of its own, so that pytest-xdist (`--dist loadscope`) runs it beside the crawl of
tests/test_browser.py rather than after it. It opens every page the build wrote, at laptop width,
one after another in one tab, and asks axe-core for its violations (not the rules passed).

Every rule runs on every element of every page, but one: colour contrast, which took three
quarters of the scan's time, is judged on one element of each kind the book shows. An element's
colours come from the style rules that select it, and those select by what it and its ancestors
are: their tags, classes, ids, inline styles, state attributes, places among their siblings and
the siblings before them. So the visible text elements and form fields are grouped by that
ancestry (`KIND_JS`); each page, in page order, marks those of kinds no earlier page showed, and
axe-core judges the contrast of the marked ones. A rule that selects by what an element contains
(:has()) or by an attribute's value the key leaves out could still hide a fault on an element
whose kind was judged elsewhere. In the style sheets this book loads, the rules that set colours
through :has() either differ in the key too (a plain output with or without a highlighted block)
or apply to states the scan does not show (the dark theme, a :target).
"""


import pytest
from test_browser import LAPTOP, build_every_table, chromium, is_redirect, needs_chromium, serve, toc_pages
from test_browser_site import written_pages

pytestmark = pytest.mark.book

SAMPLE = "data-contrast-sample"
# Attributes whose values style rules select by (the others are only named in the key).
STATE = ["role", "type", "open", "disabled", "hidden", "dir", "lang", "aria-current", "aria-expanded",
         "aria-selected", "aria-hidden", "aria-pressed", "aria-checked", "size"]

# The kind of a visible element that holds text (or is a form field): for it and each ancestor,
# the tag, the classes, the id where a style sheet names it, the inline style, the state attributes
# (and the names of the others), whether a link leaves the site, its place among its siblings
# (first, last, odd or even) and the tag and classes of the sibling before it. Marks the elements
# of kinds not in `seen` and returns those kinds.
KIND_JS = """([seen, state, mark]) => {
  seen = new Set(seen);
  const styledIds = new Set();
  const collect = rules => { for (const rule of rules) {
    if (rule.selectorText) for (const id of rule.selectorText.matchAll(/#([\\w-]+)/g)) styledIds.add(id[1]);
    if (rule.cssRules) collect(rule.cssRules);
  } };
  for (const sheet of document.styleSheets) { try { collect(sheet.cssRules); } catch (e) { /* not readable */ } }
  const name = e => `${e.localName}.${[...e.classList].sort().join(".")}`;
  const step = e => {
    const attrs = [...e.attributes].map(a => a.name).filter(n => !["class", "style", "id", mark].includes(n)).sort()
      .map(n => state.includes(n) ? `${n}=${e.getAttribute(n)}` : n);
    const href = e.getAttribute("href");
    const where = href === null ? "" : /^[a-z]+:/i.test(href) ? "@out" : href.startsWith("#") ? "@here" : "@in";
    const siblings = e.parentElement ? [...e.parentElement.children] : [e];
    const i = siblings.indexOf(e);
    const place = (i === 0 ? "F" : "") + (i === siblings.length - 1 ? "L" : "") + (i % 2 ? "e" : "o");
    const id = styledIds.has(e.id) ? `#${e.id}` : "";
    const style = e.getAttribute("style") || "";
    const before = e.previousElementSibling ? name(e.previousElementSibling) : "";
    return `${name(e)}${id}[${attrs.join(",")}]{${style}}${where}:${place}~${before}`;
  };
  const field = e => ["input", "select", "textarea"].includes(e.localName) && e.type !== "hidden";
  const fresh = [];
  for (const element of document.body.querySelectorAll("*")) {
    const text = field(element)
      || [...element.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!text || !element.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const path = [];
    for (let e = element; e && e !== document.documentElement; e = e.parentElement) path.push(step(e));
    const kind = path.join(" < ");
    if (!seen.has(kind)) {
      seen.add(kind);
      fresh.push(kind);
      element.setAttribute(mark, "");
    }
  }
  return fresh;
}"""

RUN_JS = """async (mark) => {
  axe.configure({rules: [{id: "color-contrast", selector: `[${mark}]`}]});
  return (await axe.run(document, {resultTypes: ["violations"]})).violations;
}"""
# At phone width: every rule but colour contrast (the same style rules, judged at laptop width).
RUN_PHONE_JS = """async () => (await axe.run(document, {resultTypes: ["violations"],
  rules: {"color-contrast": {enabled: false}}})).violations"""
PHONE = 390
# The data explorer builds each table when the reader comes near it: at load it shows the first
# table built and static previews of the others. It is judged so, and again with every table built.
EXPLORER = "book/methods/explorer.html"


def judge(tab, phone: bool = False) -> list[dict]:
    """axe-core's violations on the page open in `tab`, colour contrast on the marked elements
    (none at phone width)."""
    from axe_playwright_python.base import AXE_SCRIPT

    tab.evaluate(AXE_SCRIPT)
    return tab.evaluate(RUN_PHONE_JS) if phone else tab.evaluate(RUN_JS, SAMPLE)


def scan(browser, site: str, names: list[str]) -> tuple[dict[str, list[dict]], dict[str, int]]:
    """axe-core's violations on each page, and how many elements of new kinds each page had
    checked for contrast."""
    found, sampled, seen = {}, {}, []
    tab = browser.new_page(viewport={"width": LAPTOP, "height": 900})
    for name in names:
        tab.goto(site + name, wait_until="load")
        fresh = tab.evaluate(KIND_JS, [seen, STATE, SAMPLE])
        seen += fresh
        sampled[name] = len(fresh)
        found[name] = judge(tab)
        if name == EXPLORER:
            build_every_table(tab)
            fresh = tab.evaluate(KIND_JS, [seen, STATE, SAMPLE])
            seen += fresh
            sampled[name] += len(fresh)
            found[name] += judge(tab)
    tab.close()
    return found, sampled


@pytest.fixture(scope="module")
def browser():
    yield from chromium()


@needs_chromium
def test_every_page_passes_axe_core_with_no_critical_or_serious_violation(built_book, browser):
    # Less the front page that only forwards to the first chapter (a meta refresh, no content).
    pages = [name for name in written_pages(built_book) if not is_redirect(built_book / name)]
    assert set(toc_pages()) <= set(pages)
    found, sampled = scan(browser, serve(built_book), pages)
    assert sorted(found) == sorted(pages), "a page was not scanned"
    assert sampled[pages[0]] > 0, "no text element was checked for contrast"
    problems = [f"{name}: {v['impact']} {v['id']} ({v['help']}) at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
                for name in pages for v in found[name] if v["impact"] in ("critical", "serious")]
    assert problems == [], "\n".join(problems)


@needs_chromium
def test_every_page_passes_axe_core_on_a_phone(built_book, browser):
    """At 390 px, where charts and tables scroll sideways in their boxes and the menus fold."""
    pages = [name for name in written_pages(built_book) if not is_redirect(built_book / name)]
    site, problems = serve(built_book), []
    tab = browser.new_page(viewport={"width": PHONE, "height": 800}, is_mobile=True, has_touch=True)
    for name in pages:
        tab.goto(site + name, wait_until="load")
        violations = judge(tab, phone=True)
        if name == EXPLORER:
            build_every_table(tab)
            violations += judge(tab, phone=True)
        problems += [f"{name}: {v['impact']} {v['id']} ({v['help']}) at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
                     for v in violations if v["impact"] in ("critical", "serious")]
    tab.close()
    assert problems == [], "\n".join(problems)


@needs_chromium
def test_contrast_is_judged_on_the_sampled_elements_only(built_book, browser, tmp_path):
    """The sample is what axe-core checks: on a page with text of too little contrast, the
    violation is found when that element's kind is new, and not when it was seen before."""
    page = tmp_path / "page.html"
    page.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
                    '<p style="color:#777;background:#888">faint</p><p>plain</p></main></body></html>',
                    encoding="utf-8")
    site = serve(tmp_path)
    found, sampled = scan(browser, site, [page.name])
    assert sampled[page.name] == 2
    assert [v["id"] for v in found[page.name] if v["id"] == "color-contrast"] == ["color-contrast"]

    tab = browser.new_page()
    tab.goto(site + page.name, wait_until="load")
    faint, plain = tab.evaluate(KIND_JS, [[], STATE, SAMPLE])  # in page order
    tab.reload(wait_until="load")  # unmarked again
    assert tab.evaluate(KIND_JS, [[faint], STATE, SAMPLE]) == [plain]
    assert [v["id"] for v in judge(tab) if v["id"] == "color-contrast"] == []
    tab.close()
