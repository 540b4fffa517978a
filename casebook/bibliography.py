"""The sources as a BibTeX bibliography, generated from data/sources.csv (never kept by hand)."""

from casebook.dates import describe
from casebook.paths import ROOT

BIB_FILE = ROOT / "book" / "references.bib"
_LATEX = {c: "\\" + c for c in "&%$#_{}"}


def _field(text) -> str:
    return "".join(_LATEX.get(c, c) for c in " ".join(str(text).split()))


def entry(source) -> str:
    """One @misc entry keyed by the source id."""
    title = source.title if isinstance(source.title, str) else f"Untitled report ({source.source_id})"
    fields = {
        "author": "{" + _field(source.publisher) + "}",
        "title": _field(title),
        "year": source.published[:4],
        "howpublished": _field(f"{source.doc_type.replace('_', ' ')}, published {describe(source.published)}"
                               f" ({source.published_basis})"),
        "url": source.url if isinstance(source.url, str) else None,
        "note": _field(f"Archived as {source.archive_file}"),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{source.source_id},\n{body}\n}}\n"


def bibtex(sources) -> str:
    """Every source as a BibTeX entry, in source_id order."""
    return "\n".join(entry(s) for s in sources.sort_values("source_id").itertuples())


def citations(source_ids, prefix: str) -> str:
    """A MyST citation role for the given sources, keyed for one chapter's bibliography."""
    keys = ",".join(f"{prefix}{s}" for s in sorted(set(source_ids)))
    return f"{{cite:p}}`{keys}`"
