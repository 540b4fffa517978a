"""Print the built HTML book to PDF with headless Chromium.

One PDF per page of the table of contents, `<stem>.pdf` (`kem-sokha.pdf`), and the whole book as
`book.pdf`. They go into the HTML folder (`_build/html/pdf/`), where every page's download menu
links to them.

`book.pdf` is printed as one document (`book_html`): a title page, the contents with the page each
chapter starts on, then every chapter in reading order, its pages numbered on from the one before.
A link from one chapter to another (or to a figure, table or note in it) jumps within the PDF; only
links to files that are not chapters (downloads) lead to the book's public address. Printing it
takes two passes: the first finds the page each chapter starts on, the second prints the contents
with those numbers. It has one bookmark per chapter.

    python -m tools.pdf [--html _build/html] [--out _build/html/pdf]

The pages are printed as a reader's browser prints them: the book's print style sheet
(casebook/render/static/casebook.css) sets the page, wraps wide tables and puts the book's title, the
version, the page's public address and "Page N of M" in the margins. Links to other pages of the
book point at its public address (casebook.render.citation.base_url), never at the local files;
a book built without a public address has those links taken out (their text stays), and prints no
address anywhere.
"""

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import yaml

from casebook import __version__
from casebook.render.citation import base_url
from casebook.render.pages import BOOK_PDF, PDF_DIR, toc_files
from casebook.settings import ROOT

# Debian's headless-only build of Chromium (package chromium-headless-shell): the same Blink engine
# as the browser, without the windowing layers a page printed or tested off screen never uses; the
# browser tests take about a quarter less CPU with it. Else the full browser (package chromium).
CHROMIUM_BUILDS = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")


def find_chromium() -> str:
    """The first Chromium of CHROMIUM_BUILDS installed here, else the first (to name in a message)."""
    return next((path for path in CHROMIUM_BUILDS if os.access(path, os.X_OK)), CHROMIUM_BUILDS[0])


CHROMIUM = find_chromium()
# No network and no first-run work: the pages are local files and need nothing else.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def page_title(page: Path) -> str:
    """The page's own title (the <title> less the book's title after the dash)."""
    found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    return _own_title(html.unescape(found.group(1))) if found else page.stem


def _own_title(title: str) -> str:
    return title.strip().rsplit(" \u2014 ", 1)[0]


def print_page(page: Path, out: Path, chromium: str = CHROMIUM) -> Path:
    """Print one HTML page to `out` (A4/Letter as Chromium's default, no header or footer)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    # A profile of its own: a second Chromium on the same profile hands its work to the first and exits.
    with tempfile.TemporaryDirectory(prefix="casebook-pdf-") as profile:
        result = subprocess.run(
            [chromium, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={out}",
             "--no-pdf-header-footer", page.resolve().as_uri()],
            capture_output=True, text=True, timeout=180)
    if not out.is_file() or out.stat().st_size == 0:
        raise RuntimeError(f"chromium did not print {page} (exit {result.returncode}):\n{result.stderr[-2000:]}")
    return out


def public_links(pdf: Path, html_dir: Path, base: str | None) -> int:
    """Point every link to a local file of the built book at the same file under `base` (the
    book's public address), in place; without an address, take those links out (their text stays).
    Returns how many links were changed."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    root, changed = Path(html_dir).resolve(), 0
    writer = PdfWriter(clone_from=str(pdf))
    for number, page in enumerate(writer.pages, 1):
        kept = []
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            kept.append(annotation)
            if not uri.startswith("file:"):
                continue
            parts = urlsplit(uri)
            try:
                relative = Path(unquote(parts.path)).relative_to(root).as_posix()
            except ValueError:
                raise ValueError(f"{pdf}, page {number}: link to {uri}, a file outside the book {root}") from None
            changed += 1
            if base is None:
                kept.pop()
                continue
            public = base + quote(relative) + (f"#{parts.fragment}" if parts.fragment else "")
            action.get_object()[NameObject("/URI")] = TextStringObject(public)
        if base is None and "/Annots" in page:
            page[NameObject("/Annots")] = ArrayObject(kept)
    if changed:
        with Path(pdf).open("wb") as handle:
            writer.write(handle)
    return changed


BOOK_HTML = "_book-print.html"  # the whole book as one page, written into the HTML folder to print it
PAGE_NUMBER_WIDTH = 4  # digits kept for each page number of the contents, so that both passes lay it out alike


def _chapter_anchor(stem: str, anchor: str = "") -> str:
    return f"ch-{stem}" + (f"--{anchor}" if anchor else "")


def _book_head(first_page, pages_dir: str, title: str) -> str:
    """The first chapter's style sheets (addresses made relative to the HTML folder) and the running
    heads of the whole book: its title, version, public address and one page count throughout."""
    links = []
    for link in first_page.head.find_all("link", rel="stylesheet"):
        link["href"] = _rebased(link["href"], pages_dir)
        links.append(str(link))
    for style in first_page.head.find_all("style"):
        if "@page" not in style.text:
            links.append(str(style))
    css = lambda text: json.dumps(text, ensure_ascii=False).replace("</", "<\\/")  # noqa: E731 (a CSS string)
    running = ('<style media="print">@page {'
               f" @top-left {{ content: {css(title)}; }} @top-right {{ content: {css('Version ' + __version__)}; }}"
               + (f" @bottom-left {{ content: {css(base_url())}; }}" if base_url() else "") +
               ' @bottom-right { content: "Page " counter(page) " of " counter(pages); } }'
               " @page :first { @top-left { content: none; } @top-right { content: none; }"
               " @bottom-left { content: none; } @bottom-right { content: none; } }</style>")
    return (f'<meta charset="utf-8"><title>{html.escape(title)}</title>' + "".join(links) + running
            + '<style>.casebook-chapter { break-before: page; }'
              ' .casebook-title-page { break-after: page; padding-top: 30vh; text-align: center; }'
              ' .casebook-title-page h1 { font-size: 2rem; }'
              ' .casebook-contents { break-after: page; } .casebook-contents ol { list-style: none; padding: 0; }'
              ' .casebook-contents li { display: flex; gap: 0.5rem; margin: 0.3rem 0; }'
              ' .casebook-contents .title { flex: 1; } .casebook-contents .page { font-variant-numeric: tabular-nums; }'
              '</style>')


def _rebased(url: str, page_dir: str) -> str:
    """A relative address of a page in `page_dir` made relative to the HTML folder."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "/", "data:")):
        return url
    path = os.path.normpath(os.path.join(page_dir, unquote(parts.path))).replace(os.sep, "/")
    return quote(path) + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def _chapter(page, name: str, stems: dict[str, str]):
    """A chapter's article, its ids made unique in the book and its links rebased: to another
    chapter (or a place in it), a link within the book; to any other file, relative to the HTML folder."""
    stem, page_dir = stems[name], os.path.dirname(name)
    article = page.find("article", class_="bd-article")
    for script in article.find_all("script"):
        script.decompose()
    for element in article.find_all(id=True):
        element["id"] = _chapter_anchor(stem, element["id"])
    for element in article.find_all(["img", "source"], src=True):
        element["src"] = _rebased(element["src"], page_dir)
    for link in article.find_all("a", href=True):
        href = link["href"]
        if href.startswith("#"):
            link["href"] = "#" + _chapter_anchor(stem, unquote(href[1:]))
            continue
        rebased = _rebased(href, page_dir)
        target = urlsplit(rebased)
        target_name = unquote(target.path).removesuffix(".html")
        if not urlsplit(href).scheme and target_name in stems:
            link["href"] = "#" + _chapter_anchor(stems[target_name], unquote(target.fragment))
        else:
            link["href"] = rebased
    wrapper = page.new_tag("section", attrs={"class": "casebook-chapter", "id": _chapter_anchor(stem)})
    wrapper.extend(list(article.contents))
    return wrapper


def book_html(html_dir: Path, files: list[str], title: str, numbers: dict[str, int] | None = None) -> Path:
    """The book as one HTML page in `html_dir` (BOOK_HTML): a title page, the contents (with the
    page each chapter starts on, when `numbers` gives them by file) and every chapter."""
    from bs4 import BeautifulSoup

    html_dir = Path(html_dir)
    stems = {name: Path(name).name for name in files}
    parsed = [BeautifulSoup((html_dir / f"{name}.html").read_text(encoding="utf-8"), "html.parser") for name in files]
    meta = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    authors = ", ".join(author.get("name", "") for author in meta.get("authors", []))
    contents = []
    for name, page in zip(files, parsed):
        number = str((numbers or {}).get(name, "")).rjust(PAGE_NUMBER_WIDTH, "\u2007")
        contents.append(f'<li><a class="title" href="#{_chapter_anchor(stems[name])}">{html.escape(page_title_of(page))}</a>'
                        f'<span class="page">{number}</span></li>')
    chapters = "".join(str(_chapter(page, name, stems)) for name, page in zip(files, parsed))
    address = f"<p>{html.escape(base_url())}</p>" if base_url() else ""
    body = (f'<section class="casebook-title-page"><h1>{html.escape(title)}</h1>'
            f"<p>{html.escape(authors)}</p><p>Version {html.escape(__version__)}, "
            f"released {html.escape(str(meta.get('date-released', '')))}</p>"
            f"{address}<p>Licence: {html.escape(str(meta.get('license', '')))}</p></section>"
            f'<nav class="casebook-contents" aria-label="Contents"><h1>Contents</h1><ol>{"".join(contents)}</ol></nav>'
            '<div class="bd-container"><main class="bd-main"><div class="bd-content"><div class="bd-article-container">'
            f'<article class="bd-article">{chapters}</article></div></div></main></div>')
    out = html_dir / BOOK_HTML
    head = _book_head(parsed[0], os.path.dirname(files[0]), title)
    out.write_text(f'<!DOCTYPE html><html lang="en" data-theme="light"><head>{head}</head><body>{body}</body></html>',
                   encoding="utf-8")
    return out


def page_title_of(page) -> str:
    """page_title of a parsed page."""
    return _own_title(page.title.get_text() if page.title else "")


def chapter_pages(pdf: Path, files: list[str]) -> dict[str, int]:
    """The page (1-based) each chapter starts on in the printed book, from the PDF's named
    destinations (Chromium writes one for each place a link of the document points at)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    found = {}
    for name, destination in reader.named_destinations.items():
        found[str(name).removeprefix("/")] = reader.get_destination_page_number(destination) + 1
    return {file: found[_chapter_anchor(Path(file).name)] for file in files if _chapter_anchor(Path(file).name) in found}


def print_book(html_dir: Path, files: list[str], out: Path, title: str, chromium: str = CHROMIUM) -> Path:
    """The whole book as one PDF, its contents numbered (two passes), with a bookmark per chapter."""
    from pypdf import PdfReader, PdfWriter

    page = book_html(html_dir, files, title)
    try:
        print_page(page, out, chromium)
        numbers = chapter_pages(out, files)
        book_html(html_dir, files, title, numbers)
        print_page(page, out, chromium)
        numbers = chapter_pages(out, files)
    finally:
        page.unlink(missing_ok=True)
    public_links(out, html_dir, base_url())
    writer = PdfWriter(clone_from=PdfReader(str(out)))
    for file in files:
        if file in numbers:
            writer.add_outline_item(title=page_title(Path(html_dir) / f"{file}.html"), page_number=numbers[file] - 1)
    writer.add_metadata({"/Title": title, "/Subject": ", ".join(filter(None, [f"Version {__version__}", base_url()]))})
    with out.open("wb") as handle:
        writer.write(handle)
    return out


def build(html_dir: Path, out_dir: Path, toc: Path = ROOT / "_toc.yml", chromium: str = CHROMIUM) -> list[Path]:
    """Print every toc page of the built book into out_dir, and the whole book as out_dir/book.pdf."""

    html_dir, out_dir = Path(html_dir), Path(out_dir)
    files = toc_files(toc)
    stems = [Path(name).name for name in files]
    clashes = sorted({stem for stem in stems if stems.count(stem) > 1})
    if clashes:
        raise ValueError(f"two pages of the toc share a file name, so their PDFs would too: {', '.join(clashes)}")
    missing = [name for name in files if not (html_dir / f"{name}.html").is_file()]
    if missing:
        raise FileNotFoundError(f"not built in {html_dir}: {', '.join(missing)} (run `make book` first)")

    printed = []
    for name, stem in zip(files, stems):
        pdf = print_page(html_dir / f"{name}.html", out_dir / f"{stem}.pdf", chromium)
        public_links(pdf, html_dir, base_url())
        printed.append(pdf)
        print(f"{pdf}", flush=True)
    config = Path(toc).parent / "_config.yml"
    title = yaml.safe_load(config.read_text(encoding="utf-8")).get("title", "") if config.is_file() else ""
    book = print_book(html_dir, files, out_dir / BOOK_PDF, title, chromium)
    print(book)
    return [*printed, book]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.pdf", description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built HTML book")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "html" / PDF_DIR,
                        help="where the PDFs go (the site links to pdf/ inside the HTML folder)")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml", help="the table of contents")
    parser.add_argument("--chromium", default=CHROMIUM, help="the Chromium to print with")
    args = parser.parse_args(argv)
    if not Path(args.chromium).is_file():
        print(f"{args.chromium} not found: install Chromium (make browser) to print PDFs", file=sys.stderr)
        return 1
    try:
        build(args.html, args.out, args.toc, args.chromium)
    except (FileNotFoundError, ValueError, RuntimeError) as err:  # ValueError: also a bad base address
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
