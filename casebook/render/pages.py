"""The book's configuration, its pages as its table of contents lists them, and where their printed
copies go."""

import re
from functools import lru_cache
from pathlib import Path

import yaml

from casebook.settings import ROOT

PDF_DIR = "pdf"  # inside the HTML folder, where the site's download menus point
BOOK_PDF = "book.pdf"


@lru_cache(maxsize=1)
def book_config() -> dict:
    """_config.yml, as committed."""
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


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
