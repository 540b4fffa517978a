"""The evidence archive: normalised source texts and verbatim quote look-up."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CATALOGUE = "catalogue.yaml"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'})
_LINK = re.compile(r"\[([^\]]*)\]\(#\)")
_EMPHASIS = re.compile(r"\*([^*\s][^*]*)\*")
_SPACE = re.compile(r"\s+")
_SIC = re.compile(r"\s*\[sic\]", re.IGNORECASE)  # an editor's mark on a source's own error, not the source's text


def normalise(text: str) -> str:
    """Fold the archive's typographic quirks so that a quote matches its source."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = text.replace("\\(", "(").replace("\\)", ")")
    text = _SIC.sub("", text)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class ArchivedText:
    """One archived source, split into its body and its page furniture."""

    file: str
    body: str
    furniture: str

    def locate(self, quote: str) -> str:
        """'body', 'furniture' (found only outside the body) or 'missing'."""
        wanted = normalise(quote)
        if not wanted:
            return "missing"
        if wanted in self.body:
            return "body"
        return "furniture" if wanted in self.furniture else "missing"


def _line_numbers(spec: str) -> range:
    first, _, last = str(spec).partition("-")
    return range(int(first), int(last or first) + 1)


@lru_cache(maxsize=8)
def catalogue(archive: Path) -> dict[str, dict]:
    """The archive's catalogue, keyed by file name."""
    entries = yaml.safe_load((archive / CATALOGUE).read_text(encoding="utf-8"))
    return {entry["file"]: entry for entry in entries}


@lru_cache(maxsize=64)
def archived_text(archive: Path, file: str) -> ArchivedText:
    """Read one archived file, keeping body lines apart from `not_body` lines."""
    furniture_lines = set()
    for block in catalogue(archive).get(file, {}).get("not_body") or []:
        furniture_lines.update(_line_numbers(block["lines"]))
    lines = (archive / file).read_text(encoding="utf-8").splitlines()
    body = [line for n, line in enumerate(lines, 1) if n not in furniture_lines]
    furniture = [line for n, line in enumerate(lines, 1) if n in furniture_lines]
    return ArchivedText(file, normalise("\n".join(body)), normalise("\n".join(furniture)))
