"""Print the built HTML book to PDF with headless Chromium.

One PDF per page of the table of contents, `<stem>.pdf` (`kem-sokha.pdf`), and the whole book as
`book.pdf`: those pages joined in reading order, with one bookmark per chapter. They go into the
HTML folder (`_build/html/pdf/`), where every page's download menu links to them.

    python -m tools.pdf [--html _build/html] [--out _build/html/pdf]

The pages are printed as a reader's browser prints them: the book's print style sheet
(casebook/static/casebook.css) sets the page, wraps wide tables and puts the book's title, the
version, the page's public address and "Page N of M" in the margins. Links to other pages of the
book point at its public address (casebook.render.citation.base_url), never at the local files.
"""

import argparse
import html
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
    title = html.unescape(found.group(1)).strip() if found else page.stem
    return title.rsplit(" \u2014 ", 1)[0]


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


def public_links(pdf: Path, html_dir: Path, base: str) -> int:
    """Point every link to a local file of the built book at the same file under `base` (the
    book's public address), in place; returns how many links were changed."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    root, changed = Path(html_dir).resolve(), 0
    writer = PdfWriter(clone_from=str(pdf))
    for number, page in enumerate(writer.pages, 1):
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if not uri.startswith("file:"):
                continue
            parts = urlsplit(uri)
            try:
                relative = Path(unquote(parts.path)).relative_to(root).as_posix()
            except ValueError:
                raise ValueError(f"{pdf}, page {number}: link to {uri}, a file outside the book {root}") from None
            public = base + quote(relative) + (f"#{parts.fragment}" if parts.fragment else "")
            action.get_object()[NameObject("/URI")] = TextStringObject(public)
            changed += 1
    if changed:
        with Path(pdf).open("wb") as handle:
            writer.write(handle)
    return changed


def build(html_dir: Path, out_dir: Path, toc: Path = ROOT / "_toc.yml", chromium: str = CHROMIUM) -> list[Path]:
    """Print every toc page of the built book into out_dir and join them into out_dir/book.pdf."""
    from pypdf import PdfWriter

    html_dir, out_dir = Path(html_dir), Path(out_dir)
    files = toc_files(toc)
    stems = [Path(name).name for name in files]
    clashes = sorted({stem for stem in stems if stems.count(stem) > 1})
    if clashes:
        raise ValueError(f"two pages of the toc share a file name, so their PDFs would too: {', '.join(clashes)}")
    missing = [name for name in files if not (html_dir / f"{name}.html").is_file()]
    if missing:
        raise FileNotFoundError(f"not built in {html_dir}: {', '.join(missing)} (run `make book` first)")

    writer = PdfWriter()
    printed = []
    for name, stem in zip(files, stems):
        page = html_dir / f"{name}.html"
        pdf = print_page(page, out_dir / f"{stem}.pdf", chromium)
        public_links(pdf, html_dir, base_url())
        writer.append(str(pdf), outline_item=page_title(page))
        printed.append(pdf)
        print(f"{pdf}", flush=True)
    config = Path(toc).parent / "_config.yml"
    if config.is_file():
        title = yaml.safe_load(config.read_text(encoding="utf-8")).get("title", "")
        writer.add_metadata({"/Title": title, "/Subject": f"Version {__version__}, {base_url()}"})
    book = out_dir / BOOK_PDF
    with book.open("wb") as handle:
        writer.write(handle)
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
