"""The printed book's links: every link to a local file of the book points at its public address."""

from pathlib import Path

import pytest
from test_browser import needs_chromium

from tools.pdf import chapter_pages, page_title, print_book, public_links


def _pdf_with_links(path: Path, uris: list[str]) -> Path:
    from pypdf import PdfWriter
    from pypdf.annotations import Link
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    for i, uri in enumerate(uris):
        writer.add_annotation(0, Link(rect=(10, 10 + 20 * i, 100, 25 + 20 * i), url=uri))
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def _uris(path: Path) -> list[str]:
    from pypdf import PdfReader
    return [str(a.get_object()["/A"]["/URI"]) for a in PdfReader(path).pages[0]["/Annots"]]


def test_local_links_point_at_the_public_address(tmp_path):
    html = tmp_path / "html"
    (html / "book").mkdir(parents=True)
    pdf = _pdf_with_links(tmp_path / "a.pdf", [
        (html / "_downloads" / "abc" / "events.csv").as_uri(),
        (html / "book" / "kem sokha.html").as_uri() + "#fig-x",
        "https://www.rfa.org/story.html",
    ])
    assert public_links(pdf, html, "https://example.org/casebook/") == 2
    assert _uris(pdf) == ["https://example.org/casebook/_downloads/abc/events.csv",
                          "https://example.org/casebook/book/kem%20sokha.html#fig-x",
                          "https://www.rfa.org/story.html"]


def test_a_link_to_a_file_outside_the_book_is_an_error_naming_the_pdf_and_page(tmp_path):
    html = tmp_path / "html"
    html.mkdir()
    pdf = _pdf_with_links(tmp_path / "b.pdf", [(tmp_path / "secret.txt").as_uri()])
    with pytest.raises(ValueError, match=r"b\.pdf, page 1: link to file://.*secret\.txt, a file outside the book"):
        public_links(pdf, html, "https://example.org/")


# --- the whole book as one PDF ----------------------------------------------------------------

# Two short pages of the book, the second linking to a place in the first.
BOOK_SAMPLE = ["book/methods/methods", "book/methods/corrections"]


@pytest.fixture(scope="module")
def printed_book(built_book, tmp_path_factory):
    return print_book(built_book, BOOK_SAMPLE, tmp_path_factory.mktemp("book") / "book.pdf", "A casebook")


@pytest.mark.book
@needs_chromium
def test_the_book_opens_with_a_title_page_and_numbered_contents(printed_book, built_book):
    from pypdf import PdfReader
    reader = PdfReader(printed_book)
    assert "A casebook" in reader.pages[0].extract_text()
    contents = reader.pages[1].extract_text()
    starts = chapter_pages(printed_book, BOOK_SAMPLE)
    assert sorted(starts) == sorted(BOOK_SAMPLE)
    assert starts[BOOK_SAMPLE[0]] == 3 < starts[BOOK_SAMPLE[1]] <= len(reader.pages)
    for name in BOOK_SAMPLE:
        title = page_title(built_book / f"{name}.html")
        assert " ".join(title.split()[:3]) in " ".join(contents.split()), f"{title} not in the contents"
        # the page number printed beside the chapter is the page it starts on
        assert str(starts[name]) in contents.split()
    assert [item.title for item in reader.outline] == [page_title(built_book / f"{n}.html") for n in BOOK_SAMPLE]


@pytest.mark.book
@needs_chromium
def test_the_books_pages_are_numbered_on_across_chapters(printed_book):
    from pypdf import PdfReader
    reader = PdfReader(printed_book)
    total = len(reader.pages)
    for number, page in enumerate(reader.pages[1:], 2):
        assert f"Page {number} of {total}" in " ".join(page.extract_text().split()), f"page {number}"


@pytest.mark.book
@needs_chromium
def test_links_between_chapters_stay_in_the_book(printed_book, built_book):
    from pypdf import PdfReader
    reader = PdfReader(printed_book)
    inside, to_site = 0, []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if "/Dest" in annotation or (action is not None and action.get_object().get("/S") == "/GoTo"):
                inside += 1
            elif uri.startswith("file:") or any(uri.split("#")[0].endswith(f"{name}.html") for name in BOOK_SAMPLE):
                to_site.append(uri)
    assert inside > 0
    assert to_site == [], "links that leave the PDF for a page it holds (or a local file)"
