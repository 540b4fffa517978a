"""The printed book's links: every link to a local file of the book points at its public address."""

from pathlib import Path

import pytest

from tools.pdf import public_links


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
