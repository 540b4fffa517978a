"""Every page of the built book passes axe-core with no critical or serious violation.

A module of its own, so that pytest-xdist (`--dist loadscope`) runs it beside the crawl of
tests/test_browser.py rather than after it: it opens every page the build wrote, at laptop width,
in one tab, and asks axe-core for its violations only (not the rules passed).
"""

import pytest
import test_browser_site
from test_browser import toc_pages
from test_browser_site import LAPTOP, needs_chromium, written_pages

pytestmark = pytest.mark.book
# The served book and the Chromium of the other site tests (module-scoped fixtures, shared by name).
site, browser = test_browser_site.site, test_browser_site.browser


@needs_chromium
def test_every_page_passes_axe_core_with_no_critical_or_serious_violation(built_book, site, browser):
    from axe_playwright_python.sync_playwright import Axe

    axe, problems, scanned = Axe(), [], 0
    page = browser.new_page(viewport={"width": LAPTOP, "height": 900})
    # Less the front page that only forwards to the first chapter (a meta refresh, no content).
    pages = [name for name in written_pages(built_book)
             if 'http-equiv="Refresh"' not in (built_book / name).read_text(encoding="utf-8")[:300]]
    assert set(toc_pages()) <= set(pages)
    for name in pages:
        page.goto(site + name, wait_until="load")
        scanned += 1
        for violation in axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]:
            if violation["impact"] in ("critical", "serious"):
                where = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                problems.append(f"{name}: {violation['impact']} {violation['id']} ({violation['help']}) at {where}")
    page.close()
    assert scanned == len(pages)
    assert problems == [], "\n".join(problems)
