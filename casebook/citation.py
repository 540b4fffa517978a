"""How to cite the book or a chapter, generated from CITATION.cff (the one place it is kept)."""

from functools import lru_cache

import yaml

from casebook import __version__
from casebook.paths import ROOT


@lru_cache(maxsize=1)
def metadata() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _authors(meta: dict) -> str:
    return " and ".join(a.get("name") or f"{a['given-names']} {a['family-names']}" for a in meta["authors"])


def chapter_citation(chapter_title: str, page: str) -> dict[str, str]:
    """A chapter's citation in a plain style and as BibTeX; `page` is its path in the book."""
    meta = metadata()
    year = str(meta["date-released"])[:4]
    where = f"{meta['url'].rstrip('/')}/{page}.html" if meta.get("url") else f"{page}.html in the built book"
    plain = (f"{_authors(meta)} ({year}). \u201c{chapter_title}.\u201d In {meta['title']}, "
             f"version {__version__}, released {meta['date-released']}. {where}.")
    key = "casebook-" + page.replace("/", "-")
    bibtex = "\n".join([
        f"@incollection{{{key},",
        f"  author    = {{{{{_authors(meta)}}}}},",
        f"  title     = {{{chapter_title}}},",
        f"  booktitle = {{{meta['title']}}},",
        f"  year      = {{{year}}},",
        f"  edition   = {{{__version__}}},",
        f"  note      = {{{where}}},",
        "}",
    ])
    return {"plain": plain, "bibtex": bibtex}
