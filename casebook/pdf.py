"""Print the built HTML book to PDF with headless Chromium.

One PDF per page of the table of contents, `<stem>.pdf` (`kem-sokha.pdf`), and the whole book as
`book.pdf`: those pages joined in reading order, with one bookmark per chapter.

    python -m casebook.pdf [--html _build/html] [--out _build/pdf]

The pages are printed as a reader's browser prints them (the theme's print style sheet applies).
"""

import argparse
import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from casebook.paths import ROOT

CHROMIUM = "/usr/bin/chromium"
# No network and no first-run work: the pages are local files and need nothing else.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def toc_files(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """Every file of the table of contents in reading order, without its extension."""
    spec = yaml.safe_load(Path(toc).read_text(encoding="utf-8"))
    files = [spec["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in spec.get("parts") or []:
        walk(part.get("chapters"))
    walk(spec.get("chapters"))
    walk(spec.get("sections"))
    return [re.sub(r"\.(ipynb|md)$", "", name) for name in files]


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
        writer.append(str(pdf), outline_item=page_title(page))
        printed.append(pdf)
        print(f"{pdf}", flush=True)
    config = Path(toc).parent / "_config.yml"
    if config.is_file():
        writer.add_metadata({"/Title": yaml.safe_load(config.read_text(encoding="utf-8")).get("title", "")})
    book = out_dir / "book.pdf"
    with book.open("wb") as handle:
        writer.write(handle)
    print(book)
    return [*printed, book]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casebook.pdf", description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built HTML book")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf", help="where the PDFs go")
    parser.add_argument("--toc", type=Path, default=ROOT / "_toc.yml", help="the table of contents")
    parser.add_argument("--chromium", default=CHROMIUM, help="the Chromium to print with")
    args = parser.parse_args(argv)
    if not Path(args.chromium).is_file():
        print(f"{args.chromium} not found: install Chromium (make browser) to print PDFs", file=sys.stderr)
        return 1
    try:
        build(args.html, args.out, args.toc, args.chromium)
    except (FileNotFoundError, ValueError, RuntimeError) as err:
        print(err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
