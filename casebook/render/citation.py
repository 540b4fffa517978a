"""How to cite the book, a chapter, a figure or the dataset.

The authors, title, version and date come from CITATION.cff; the book's public address from one
setting, `html.baseurl` in _config.yml, which the environment variable CASEBOOK_BASEURL overrides
(for a mirror or a preview). The same address goes into the canonical link of every page, the
sitemap and the printed PDFs (casebook/site.py, casebook/pdf.py).
"""

import os
from functools import lru_cache

import yaml

from casebook import __version__
from casebook.settings import ROOT

BASEURL_ENV = "CASEBOOK_BASEURL"
LICENCES = {"code": "MIT", "data": "CC BY 4.0", "prose": "CC BY 4.0"}
LICENCE_URLS = {"code": "https://opensource.org/license/mit", "data": "https://creativecommons.org/licenses/by/4.0/",
                "prose": "https://creativecommons.org/licenses/by/4.0/"}


@lru_cache(maxsize=1)
def metadata() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def base_url() -> str:
    """The book's public address, ending in "/": $CASEBOOK_BASEURL, else html.baseurl in _config.yml."""
    url = os.environ.get(BASEURL_ENV) or (_config().get("html") or {}).get("baseurl") or ""
    url = url.strip()
    if not url.startswith(("https://", "http://")):
        where = f"${BASEURL_ENV}" if os.environ.get(BASEURL_ENV) else "html.baseurl in _config.yml"
        raise ValueError(f"{where}: the book's public address must start with https:// or http://, not {url!r}")
    return url.rstrip("/") + "/"


def page_url(page: str, anchor: str = "") -> str:
    """The public address of a page of the book (`book/cases/kem-sokha`), with an optional #anchor."""
    return f"{base_url()}{page.removesuffix('.html')}.html" + (f"#{anchor}" if anchor else "")


def _authors(meta: dict) -> str:
    return " and ".join(a.get("name") or f"{a['given-names']} {a['family-names']}" for a in meta["authors"])


def _year(meta: dict) -> str:
    return str(meta["date-released"])[:4]


def _bibtex(kind: str, key: str, fields: dict[str, str]) -> str:
    """A BibTeX entry; the values are given braced where their capitals must survive a style."""
    width = max(map(len, fields))
    lines = [f"  {name:<{width}} = {{{value}}}," for name, value in fields.items()]
    return "\n".join([f"@{kind}{{{key},", *lines, "}"])


def book_citation() -> dict[str, str]:
    """The whole book, in a plain style and as BibTeX."""
    meta = metadata()
    plain = (f"{_authors(meta)} ({_year(meta)}). {meta['title']}. Version {__version__}, released "
             f"{meta['date-released']}. {base_url()}")
    bibtex = _bibtex("book", "casebook", {
        "author": f"{{{_authors(meta)}}}",
        "title": f"{{{meta['title']}}}",
        "publisher": f"{{{_authors(meta)}}}",
        "year": _year(meta),
        "version": __version__,
        "note": f"Version {__version__}, released {meta['date-released']}",
        "url": base_url(),
    })
    return {"plain": plain, "bibtex": bibtex}


def chapter_citation(chapter_title: str, page: str) -> dict[str, str]:
    """A chapter's citation in a plain style and as BibTeX; `page` is its path in the book."""
    meta = metadata()
    where = page_url(page)
    plain = (f"{_authors(meta)} ({_year(meta)}). \u201c{chapter_title}.\u201d In {meta['title']}, "
             f"version {__version__}, released {meta['date-released']}. {where}")
    bibtex = _bibtex("incollection", "casebook-" + page.replace("/", "-"), {
        "author": f"{{{_authors(meta)}}}",
        "title": f"{{{chapter_title}}}",
        "booktitle": f"{{{meta['title']}}}",
        "year": _year(meta),
        "version": __version__,
        "note": f"Version {__version__}, released {meta['date-released']}",
        "url": where,
    })
    return {"plain": plain, "bibtex": bibtex}


def figure_citation(label: str, page: str, figure_title: str, sources: str = "",
                    chapter_title: str = "") -> str:
    """One line to cite or credit a figure: its title, the chapter, book, version, licence and address.

    `label` is the figure's stable label (its anchor in the page, e.g. "fig-kem-sokha-timeline"):
    cite the address with the anchor, not the figure number, which changes when chapters are added.
    `sources` names the data tables it is drawn from ("events.csv and elections.csv"). Every figure
    of the built book carries this line under its caption (casebook/site.py).
    """
    if not label or any(c.isspace() or c == "#" for c in label):
        raise ValueError(f"figure label {label!r}: a figure needs a label without spaces or '#'")
    meta = metadata()
    chapter = f"\u201c{chapter_title.rstrip('.')}\u201d, " if chapter_title else ""
    drawn = f" Data: {sources}." if sources else ""
    return (f"\u201c{figure_title.rstrip('.')}.\u201d Figure in {chapter}{_authors(meta)} ({_year(meta)}), "
            f"{meta['title']}, version {__version__}, {LICENCES['data']}.{drawn} {page_url(page, label)}")


def credit(sources: str = "") -> str:
    """A short credit line to print inside a chart: book, version, licence, address and data."""
    drawn = f" Data: {sources}." if sources else ""
    return (f"{metadata()['title']}, version {__version__}, {LICENCES['data']}. {base_url()}{drawn}")


def dataset_citation() -> dict[str, str]:
    """The data package, in a plain style and as BibTeX."""
    meta = metadata()
    where = page_url("book/methods/dataset")
    plain = (f"{_authors(meta)} ({_year(meta)}). {meta['title']}: data package (version {__version__}, "
             f"released {meta['date-released']}) [Data set]. {LICENCES['data']}. {where}")
    bibtex = _bibtex("misc", "casebook-data", {
        "author": f"{{{_authors(meta)}}}",
        "title": f"{{{meta['title']}: data package}}",
        "year": _year(meta),
        "version": __version__,
        "howpublished": "Data set (Frictionless Data Package)",
        "note": f"Version {__version__}, released {meta['date-released']}; {LICENCES['data']}",
        "url": where,
    })
    return {"plain": plain, "bibtex": bibtex}
