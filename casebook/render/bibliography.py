"""The sources as a BibTeX bibliography, generated from data/sources.csv (never kept by hand).

Each entry is keyed by its source_id, and the book labels it with that id in every chapter (the
`casebook` pybtex style below), so one source has one label across the book and the label is the
id the data rows use. Titles are brace-protected, so that no style changes their capitals.
"""

import re

from casebook.dates import describe
from casebook.vocabulary import BASIS_WORDS

STYLE = "casebook"
_LATEX = {c: "\\" + c for c in "&%$#_{}"}
KINDS = {"news_report": "News report", "ngo_statement": "NGO statement"}
# A source's date is known as its weakest bound is: "assumed" where one bound is the editor's.
DATE_BASIS = {code: ("Date as printed in the source" if code == "stated"
                     else "Date not printed in the source; at least one of its bounds assumed by the editor "
                          "(the sources page gives the reasoning)" if code == "assumed"
                     else f"Date not printed in the source; {words}")
              for code, words in BASIS_WORDS.items()}


def _field(text) -> str:
    return "".join(_LATEX.get(c, c) for c in " ".join(str(text).split()))


def _text(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def title(source) -> str:
    """The title as published; where the archived copy has no headline, a stand-in that says so."""
    if _text(source.title):
        return source.title
    url = _text(getattr(source, "url", None))
    slug = re.sub(r"\.[a-z]+$", "", url.rstrip("/").rsplit("/", 1)[-1]) if url else ""
    kind = KINDS.get(source.doc_type, "document").lower()
    if slug:
        return f"[No headline in the archived copy; the {kind}'s web address reads \u201c{slug}\u201d]"
    return f"[No headline in the archived copy of this {kind}]"


def _date_fields(published: str, letter: str = "") -> dict[str, str]:
    """`month` and `year` such that a style prints the date once: "19 December 2018". The letter
    tells apart two sources of one publisher and year, as author-year styles do ("2018a")."""
    text = describe(published)
    year = published[:4]
    if text.endswith(year) and text.count(year) == 1 and text != year:
        return {"month": text[: -len(year)].strip(), "year": year + letter}
    return {"year": text + letter}


def year_letters(sources) -> dict[str, str]:
    """By source id: "a", "b", ... in order of publication where one publisher has several sources
    in a year (a citation reads "The Phnom Penh Post, 2018a"), else ""."""
    ordered = sources.sort_values(["published", "source_id"])
    group = ordered.groupby([ordered["publisher"], ordered["published"].str[:4]])
    letters = group.cumcount().map(lambda n: chr(ord("a") + n)).where(group["source_id"].transform("size") > 1, "")
    return dict(zip(ordered["source_id"], letters, strict=True))


def entry(source, letter: str = "") -> str:
    """One @misc entry keyed by the source id."""
    fields = {
        "author": "{" + _field(source.publisher) + "}",
        "title": "{" + _field(title(source)) + "}",
        "howpublished": _field(KINDS.get(source.doc_type, source.doc_type.replace("_", " "))),
        **{name: _field(value) for name, value in _date_fields(source.published, letter).items()},
        "url": _text(source.url),
        "note": _field(DATE_BASIS.get(source.published_basis, f"Date {source.published_basis}")),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{source.source_id},\n{body}\n}}\n"


def bibtex(sources) -> str:
    """Every source as a BibTeX entry, in source_id order."""
    letters = year_letters(sources)
    return "\n".join(entry(s, letters[s.source_id]) for s in sources.sort_values("source_id").itertuples())


def citations(source_ids, prefix: str) -> str:
    """A MyST citation role for the given sources, keyed for one chapter's bibliography."""
    keys = ",".join(f"{prefix}{s}" for s in sorted(set(source_ids)))
    return f"{{cite:p}}`{keys}`"


def register_style() -> None:
    """Register the `casebook` pybtex style: pybtex's plain style, each entry labelled by its key."""
    import pybtex.plugin
    from pybtex.style.formatting.plain import Style as Plain
    from pybtex.style.labels import BaseLabelStyle
    from pybtex.style.names.plain import NameStyle as PlainNames
    from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitle

    class KeyLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            for entry in sorted_entries:
                yield entry.key

    class Style(Plain):
        # The plain style's own choices, given as classes: by name, pybtex would look each up among
        # every installed package's entry points whenever a style is made (in every build).
        default_label_style = KeyLabels
        default_name_style = PlainNames
        default_sorting_style = AuthorYearTitle

    pybtex.plugin.register_plugin("pybtex.style.formatting", STYLE, Style)
