"""How to cite the book, a chapter, a figure or the dataset.

The authors, title, version and date come from CITATION.cff; the book's public address from one
setting, the environment variable CASEBOOK_BASEURL, given when the book is published (else
`html.baseurl` in _config.yml, empty by default). The same address goes into the canonical link of
every page, the sitemap, the cite blocks and the printed PDFs (casebook/render/site.py,
tools/pdf.py). Without one, the book prints no address at all: the citations name the book, the
version and the chapter, and no page offers a web address that may not exist.
"""

import os
from functools import lru_cache

import yaml

from casebook import __version__
from casebook.render.launch import repository_url
from casebook.render.pages import book_config
from casebook.settings import ROOT

BASEURL_ENV = "CASEBOOK_BASEURL"
LICENCES = {"code": "MIT", "data": "CC BY 4.0", "prose": "CC BY 4.0"}
LICENCE_URLS = {"code": "https://opensource.org/license/mit", "data": "https://creativecommons.org/licenses/by/4.0/",
                "prose": "https://creativecommons.org/licenses/by/4.0/"}


@lru_cache(maxsize=1)
def metadata() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))



def base_url() -> str | None:
    """The book's public address, ending in "/": $CASEBOOK_BASEURL, else html.baseurl in _config.yml;
    None when neither is set."""
    url = (os.environ.get(BASEURL_ENV) or (book_config().get("html") or {}).get("baseurl") or "").strip()
    if not url:
        return None
    if not url.startswith(("https://", "http://")):
        where = f"${BASEURL_ENV}" if os.environ.get(BASEURL_ENV) else "html.baseurl in _config.yml"
        raise ValueError(f"{where}: the book's public address must start with https:// or http://, not {url!r}")
    return url.rstrip("/") + "/"


def page_url(page: str, anchor: str = "") -> str | None:
    """The public address of a page of the book (`book/cases/kem-sokha`), with an optional #anchor;
    None when the book has no public address."""
    base = base_url()
    if base is None:
        return None
    return f"{base}{page.removesuffix('.html')}.html" + (f"#{anchor}" if anchor else "")


def _at(url: str | None) -> str:
    """The address that ends a plain citation (" https://..."), or nothing without one."""
    return f" {url}" if url else ""


def _with_url(fields: dict[str, str], url: str | None) -> dict[str, str]:
    return {**fields, "url": url} if url else fields


def citation_cff() -> str:
    """CITATION.cff as the take-away zip carries it: with the book's public address (`url`) and its
    repository (`repository-code`) when they are set, and neither otherwise."""
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    extra = {"url": base_url(), "repository-code": repository_url()}
    return text.rstrip("\n") + "\n" + "".join(f'{key}: "{value}"\n' for key, value in extra.items() if value)


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
             f"{meta['date-released']}.{_at(base_url())}")
    bibtex = _bibtex("book", "casebook", _with_url({
        "author": f"{{{_authors(meta)}}}",
        "title": f"{{{meta['title']}}}",
        "publisher": f"{{{_authors(meta)}}}",
        "year": _year(meta),
        "version": __version__,
        "note": f"Version {__version__}, released {meta['date-released']}",
    }, base_url()))
    return {"plain": plain, "bibtex": bibtex}


def chapter_citation(chapter_title: str, page: str) -> dict[str, str]:
    """A chapter's citation in a plain style and as BibTeX; `page` is its path in the book."""
    meta = metadata()
    where = page_url(page)
    plain = (f"{_authors(meta)} ({_year(meta)}). \u201c{chapter_title}.\u201d In {meta['title']}, "
             f"version {__version__}, released {meta['date-released']}.{_at(where)}")
    bibtex = _bibtex("incollection", "casebook-" + page.replace("/", "-"), _with_url({
        "author": f"{{{_authors(meta)}}}",
        "title": f"{{{chapter_title}}}",
        "booktitle": f"{{{meta['title']}}}",
        "year": _year(meta),
        "version": __version__,
        "note": f"Version {__version__}, released {meta['date-released']}",
    }, where))
    return {"plain": plain, "bibtex": bibtex}


def figure_citation(label: str, page: str, figure_title: str, sources: str = "",
                    chapter_title: str = "") -> str:
    """One line to cite or credit a figure: its title, the chapter, book, version, licence and address.

    `label` is the figure's stable label (its anchor in the page, e.g. "fig-kem-sokha-timeline"):
    cite the address with the anchor, not the figure number, which changes when chapters are added.
    `sources` names the data tables it is drawn from ("events.csv and elections.csv"). Every figure
    of the built book carries this line under its caption (casebook/render/site.py).
    """
    if not label or any(c.isspace() or c == "#" for c in label):
        raise ValueError(f"figure label {label!r}: a figure needs a label without spaces or '#'")
    meta = metadata()
    chapter = f"\u201c{chapter_title.rstrip('.')}\u201d, " if chapter_title else ""
    drawn = f" Data: {sources}." if sources else ""
    return (f"\u201c{figure_title.rstrip('.')}.\u201d Figure in {chapter}{_authors(meta)} ({_year(meta)}), "
            f"{meta['title']}, version {__version__}, {LICENCES['data']}.{drawn}{_at(page_url(page, label))}")


def dataset_citation() -> dict[str, str]:
    """The data package, in a plain style and as BibTeX."""
    meta = metadata()
    where = page_url("book/methods/dataset")
    plain = (f"{_authors(meta)} ({_year(meta)}). {meta['title']}: data package (version {__version__}, "
             f"released {meta['date-released']}) [Data set]. {LICENCES['data']}.{_at(where)}")
    bibtex = _bibtex("misc", "casebook-data", _with_url({
        "author": f"{{{_authors(meta)}}}",
        "title": f"{{{meta['title']}: data package}}",
        "year": _year(meta),
        "version": __version__,
        "howpublished": "Data set (Frictionless Data Package)",
        "note": f"Version {__version__}, released {meta['date-released']}; {LICENCES['data']}",
    }, where))
    return {"plain": plain, "bibtex": bibtex}
