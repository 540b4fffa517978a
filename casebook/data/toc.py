"""The book's table of contents (_toc.yml): its pages in reading order, and the titles it gives its
chapters."""

import re
from functools import lru_cache
from pathlib import Path

import yaml

from casebook.settings import ROOT


def _toc_entries(toc: Path) -> list[dict]:
    """Every entry of the table of contents that names a file, in reading order (the root first)."""
    spec = yaml.safe_load(Path(toc).read_text(encoding="utf-8"))
    entries = [{"file": spec["root"]}]

    def walk(items):
        for entry in items or []:
            if "file" in entry:
                entries.append(entry)
            walk(entry.get("sections"))

    for part in spec.get("parts") or []:
        walk(part.get("chapters"))
    walk(spec.get("chapters"))
    walk(spec.get("sections"))
    return entries


def _page(file: str) -> str:
    return re.sub(r"\.(ipynb|md)$", "", file)


def toc_files(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """Every file of the table of contents in reading order, without its extension."""
    return [_page(entry["file"]) for entry in _toc_entries(toc)]


@lru_cache(maxsize=4)
def toc_titles(toc: Path = ROOT / "_toc.yml") -> dict[str, str]:
    """The titles the table of contents gives its chapters (`title:`), by page without its extension:
    the one place the library reads a chapter's title from (a test holds each equal to the page's
    heading)."""
    return {_page(entry["file"]): entry["title"] for entry in _toc_entries(toc) if entry.get("title")}
