"""Numbered, captioned tables for the book, rendered as MyST so they can be cross-referenced.

All text from the data is escaped: it is shown as text, never interpreted as markup or HTML.
"""

import string

import pandas as pd
from IPython.display import Markdown

_SPECIAL = set(string.punctuation)


class Markup(str):
    """MyST the library has built and escaped itself (an evidence marker): `escape` leaves it as is."""


def escape(value) -> str:
    """Text safe inside MyST Markdown: every ASCII punctuation mark backslash-escaped."""
    if isinstance(value, Markup):
        return value
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = " ".join(str(value).split())
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)


def lower_first(text: str) -> str:
    """`text` to follow other words: its first letter in lower case, unless its first word is an
    acronym or a name written in capitals ("UN", "CNRP", "FICTIONAL")."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def markdown_table(frame: pd.DataFrame) -> str:
    """A pipe table of the frame (no index), every cell escaped."""
    head = "| " + " | ".join(escape(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = ["| " + " | ".join(escape(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def table(frame: pd.DataFrame, label: str, caption: str, source: str, empty: str | None = None) -> Markdown:
    """A numbered table with a caption, a label for {numref}, and a source line.

    An empty frame with an `empty` note shows the note instead (a table needs rows).
    """
    if frame.empty and empty:
        return Markdown(f"*{escape(caption)}*: {escape(empty)}")
    return Markdown(
        f":::{{table}} {escape(caption)}\n:name: {label}\n:align: left\n\n"
        f"{markdown_table(frame)}\n:::\n\n*Source:* {escape(source)}\n"
    )


def bullets(items) -> Markdown:
    """A list of (term, text) pairs as '- **term**: text', escaped."""
    return Markdown("\n".join(f"- **{escape(term)}**: {escape(text)}" for term, text in items))


class Plain(str):
    """Text that glues into prose as itself (a plain str would show its quotes)."""

    def __repr__(self) -> str:
        return str(self)


def citation_block(citation: dict[str, str]) -> Markdown:
    """The 'cite this chapter' block: a plain reference and a BibTeX entry."""
    return Markdown(f"{escape(citation['plain'])}\n\n```bibtex\n{citation['bibtex']}\n```\n")
