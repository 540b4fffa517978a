"""The strict build: a cell error, a broken cross-reference or any warning fails it.

`make test` runs Jupyter Book with warnings as errors and keeps its log beside the HTML; these
tests read that log and the pages."""

import pytest

pytestmark = pytest.mark.book
# The kernel's notice about its local transport, not a warning about the book.
KERNEL_NOTICE = "[IPKernelApp] WARNING | Kernel is running over TCP without encryption"


def test_the_book_built_without_a_warning(built_book):
    log = (built_book.parent / "build.log").read_text(encoding="utf-8")
    assert "build succeeded" in log
    warnings = [line for line in log.splitlines() if "WARNING" in line and not line.startswith(KERNEL_NOTICE)]
    assert warnings == [], "\n".join(warnings)
    assert (built_book / "book" / "index.html").is_file() or (built_book / "index.html").is_file()


def test_every_chapter_s_zip_and_the_dataset_were_built(built_book):
    import casebook
    from casebook.render import chapters, downloads, takeaway

    built = {path.name for path in built_book.joinpath("_downloads").rglob("*") if path.is_file()}
    wanted = {f"{downloads.slug(page)}.zip" for page in chapters.pages(casebook.load(check_quotes=False))}
    assert wanted | {takeaway.ZIP_NAME, takeaway.SQLITE_NAME, takeaway.SPREADSHEET_NAME} <= built


def test_every_download_a_page_links_to_was_built(built_book):
    from bs4 import BeautifulSoup

    missing = []
    for page in built_book.joinpath("book").rglob("*.html"):
        for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("a.download[href]"):
            if not (page.parent / link["href"]).resolve().is_file():
                missing.append(f"{page.relative_to(built_book)}: {link['href']}")
    assert missing == []


