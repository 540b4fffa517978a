"""The evidence archive: normalised source texts and verbatim quote look-up.

The archive is read like the data folder: its catalogue names each text by a plain file name, and
a text is opened only once its path, resolved, lies inside the archive and is a regular file. A
fault in the catalogue or a text is an `ArchiveError` naming the file (and the line or entry).
"""

import hashlib
import re
import stat
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

import yaml

CATALOGUE = "catalogue.yaml"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"'})
_LINK = re.compile(r"\[([^\]]*)\]\(#\)")
_EMPHASIS = re.compile(r"\*([^*\s][^*]*)\*")
_SPACE = re.compile(r"\s+")
_SIC = re.compile(r"\s*\[sic\]", re.IGNORECASE)  # an editor's mark on a source's own error, not the source's text
_RANGE = re.compile(r"([0-9]+)(?:-([0-9]+))?", re.ASCII)


class ArchiveError(Exception):
    """A catalogue or archived text that cannot be used: `file` (relative to the archive), the line
    where known, and what is wrong."""

    def __init__(self, file: str, message: str, line: int | None = None):
        super().__init__(message)
        self.file, self.message, self.line = file, message, line


def normalise(text: str) -> str:
    """Fold the archive's typographic quirks so that a quote matches its source."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = text.replace("\\(", "(").replace("\\)", ")")
    text = _SIC.sub("", text)
    return _SPACE.sub(" ", text).strip()


def without_format_characters(text: str) -> str:
    """The text without invisible format characters (Unicode category Cf: ZERO WIDTH SPACE, marks of
    direction...), which a quote copied from a PDF or a word processor often lacks."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


@dataclass(frozen=True)
class ArchivedText:
    """One archived source, split into its body and its page furniture."""

    file: str
    body: str
    furniture: str
    sha256: str = ""  # of the file's bytes as stored

    def locate(self, quote: str) -> str:
        """'body', 'furniture' (found only outside the body), 'invisible' (found only once invisible
        format characters are left out of both) or 'missing'."""
        wanted = normalise(quote)
        if not wanted:
            return "missing"
        if wanted in self.body:
            return "body"
        if wanted in self.furniture:
            return "furniture"
        if without_format_characters(wanted) in self._visible_body:
            return "invisible"
        return "missing"

    @cached_property
    def _visible_body(self) -> str:
        return without_format_characters(self.body)


def _line_numbers(spec, file: str) -> range:
    match = _RANGE.fullmatch(str(spec).strip())
    if not match:
        raise ArchiveError(CATALOGUE, f"entry '{file}': not_body lines '{spec}' is not a line number or a range N-M")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if not 1 <= first <= last:
        raise ArchiveError(CATALOGUE, f"entry '{file}': not_body lines '{spec}' is not a range of lines")
    return range(first, last + 1)


def _is_plain_name(file) -> bool:
    """Is `file` a relative path that stays inside its folder (no '..', no drive, no address)?"""
    if not isinstance(file, str) or not file or "\\" in file or "\0" in file or "://" in file:
        return False
    pure = PurePosixPath(file)
    return not pure.is_absolute() and ".." not in pure.parts


def confined(archive: Path, file) -> Path:
    """The path of the archived text `file`, once it is known to be a regular file inside the archive
    (nothing is opened here; raises ArchiveError otherwise)."""
    if not _is_plain_name(file):
        raise ArchiveError(CATALOGUE, f"'{file}' is not a file name inside the archive")
    try:
        root = archive.resolve(strict=True)
        real = (archive / file).resolve(strict=True)
        mode = real.stat().st_mode
    except FileNotFoundError:
        raise ArchiveError(file, "is in the catalogue but not in the archive") from None
    except (OSError, RuntimeError) as err:
        raise ArchiveError(file, f"cannot be read ({getattr(err, 'strerror', None) or err})") from None
    if not real.is_relative_to(root):
        raise ArchiveError(file, "is a link that leads outside the archive")
    if not stat.S_ISREG(mode):
        raise ArchiveError(file, "is not a regular file (a folder, pipe or device cannot be read)")
    return real


def _read_text(archive: Path, file: str) -> str:
    return _decoded(_read_bytes(archive, file), file)


def _read_bytes(archive: Path, file: str) -> bytes:
    path = confined(archive, file)
    try:
        return path.read_bytes()
    except OSError as err:
        raise ArchiveError(file, f"cannot be read ({err.strerror or err})") from None


def _decoded(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ArchiveError(file, f"is not valid UTF-8 (byte 0x{raw[err.start]:02x})", line) from None


SAFE_LOADER = _SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # YAML's safe loader, in C where PyYAML has it


class _SafeLoader(_SAFE):
    """YAML's safe loader, refusing a key given twice in one mapping."""


def _mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise ArchiveError(CATALOGUE, f"key '{key}' is given twice in one entry", key_node.start_mark.line + 1)
        seen.add(key)
    return _SAFE.construct_mapping(loader, node, deep)


_SafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def catalogue(archive: Path) -> dict[str, dict]:
    """The archive's catalogue, keyed by file name (raises ArchiveError naming the fault)."""
    text = _read_text(archive, CATALOGUE)
    try:
        entries = yaml.load(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise ArchiveError(CATALOGUE, f"is not valid YAML ({err.problem or err.context})",
                           mark.line + 1 if mark else None) from None
    except yaml.YAMLError as err:
        raise ArchiveError(CATALOGUE, f"is not valid YAML ({err})") from None
    except RecursionError:
        raise ArchiveError(CATALOGUE, "is not valid YAML (nested too deeply)") from None
    if not isinstance(entries, list):
        raise ArchiveError(CATALOGUE, "must be a list of entries, each with a 'file'")
    by_file = {}
    for number, entry in enumerate(entries, 1):
        file = entry.get("file") if isinstance(entry, dict) else None
        if not isinstance(file, str) or not file:
            raise ArchiveError(CATALOGUE, f"entry {number} has no 'file'")
        if file in by_file:
            raise ArchiveError(CATALOGUE, f"entry '{file}' is listed twice")
        if not _is_plain_name(file):
            raise ArchiveError(CATALOGUE, f"entry {number}: '{file}' is not a file name inside the archive")
        if not isinstance(entry.get("not_body") or [], list) or not all(
                isinstance(block, dict) and "lines" in block for block in entry.get("not_body") or []):
            raise ArchiveError(CATALOGUE, f"entry '{file}': 'not_body' must be a list of {{lines: N-M}}")
        for block in entry.get("not_body") or []:
            _line_numbers(block["lines"], file)
        by_file[file] = entry
    return by_file


def archived_text(archive: Path, file: str, entries: dict[str, dict] | None = None) -> ArchivedText:
    """Read one archived file, keeping body lines apart from `not_body` lines."""
    entries = catalogue(archive) if entries is None else entries
    furniture_lines = set()
    for block in entries.get(file, {}).get("not_body") or []:
        furniture_lines.update(_line_numbers(block["lines"], file))
    raw = _read_bytes(archive, file)
    lines = _decoded(raw, file).splitlines()
    body = [line for n, line in enumerate(lines, 1) if n not in furniture_lines]
    furniture = [line for n, line in enumerate(lines, 1) if n in furniture_lines]
    return ArchivedText(file, normalise("\n".join(body)), normalise("\n".join(furniture)),
                        hashlib.sha256(raw).hexdigest())
