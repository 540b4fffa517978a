"""Every page of the built book passes axe-core with no critical or serious violation.

A module of its own, so that pytest-xdist (`--dist loadscope`) runs it beside the crawl of
tests/test_browser.py rather than after it. It opens every page the build wrote, at laptop width,
and asks axe-core for its violations (not the rules passed). The pages are scanned in as many tabs
at once as the machine has cores: each tab renders in a process of its own, so the scan takes the
cores the other modules leave idle.
"""

import asyncio
import os

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, LAPTOP, is_redirect, needs_chromium, serve, toc_pages
from test_browser_site import written_pages

pytestmark = pytest.mark.book


async def scan(site: str, names: list[str], tabs: int) -> dict[str, list[dict]]:
    """axe-core's violations on each page, `tabs` pages at a time."""
    from axe_playwright_python.async_playwright import Axe
    from playwright.async_api import async_playwright

    axe, todo, found = Axe(), list(reversed(names)), {}

    async def tab(browser):
        page = await browser.new_page(viewport={"width": LAPTOP, "height": 900})
        while todo:
            name = todo.pop()
            await page.goto(site + name, wait_until="load")
            found[name] = (await axe.run(page, options={"resultTypes": ["violations"]})).response["violations"]
        await page.close()

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        await asyncio.gather(*(tab(browser) for _ in range(tabs)))
        await browser.close()
    return found


@needs_chromium
def test_every_page_passes_axe_core_with_no_critical_or_serious_violation(built_book):
    # Less the front page that only forwards to the first chapter (a meta refresh, no content).
    pages = [name for name in written_pages(built_book) if not is_redirect(built_book / name)]
    assert set(toc_pages()) <= set(pages)
    found = asyncio.run(scan(serve(built_book), pages, tabs=max(2, os.cpu_count() or 2)))
    assert sorted(found) == sorted(pages), "a page was not scanned"
    problems = [f"{name}: {v['impact']} {v['id']} ({v['help']}) at {', '.join(str(n['target']) for n in v['nodes'][:3])}"
                for name in pages for v in found[name] if v["impact"] in ("critical", "serious")]
    assert problems == [], "\n".join(problems)
