"""One digest of everything the book's outputs depend on: the data package, the evidence archive,
the library's source, the pinned requirements, the project's metadata, the book's configuration and
table of contents, and the settings read from the environment (CASEBOOK_*).

It names the folder of Jupyter Book's execution cache and stamps the downloads the build writes
(casebook.render.site), so that a change to any byte of any of these inputs is never served from
an earlier build."""

import hashlib
import os
from pathlib import Path

from casebook import settings

PROJECT_FILES = ("requirements.txt", "pyproject.toml", "_config.yml", "_toc.yml", "CITATION.cff", "LICENSE.md")
ENVIRONMENT_PREFIX = "CASEBOOK_"
# Settings that say where things go, not what they contain: the data and archive folders are
# digested by their content instead, and the build folder holds the outputs.
# CASEBOOK_EXECUTION says whether to execute at all, and CASEBOOK_BUILT_HTML where the tests find a
# built book.
NOT_INPUTS = {settings.DATA_ENV, settings.ARCHIVE_ENV, settings.BUILD_ENV, "CASEBOOK_EXECUTION", "CASEBOOK_BUILT_HTML"}


def _tree(folder: Path, label: str):
    """Name and content of every file under `folder` (its absence, if it does not exist)."""
    if not folder.is_dir():
        yield f"{label}: absent".encode()
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield f"{label}/{path.relative_to(folder).as_posix()}".encode() + hashlib.sha256(path.read_bytes()).digest()


def parts(root: Path = settings.ROOT) -> list[bytes]:
    """Everything the digest covers, one item per file or setting."""
    items = [*_tree(settings.data_dir(), "data"), *_tree(settings.archive_dir(), "archive"),
             *_tree(root / "casebook", "casebook")]
    items += [name.encode() + hashlib.sha256((root / name).read_bytes()).digest()
              for name in PROJECT_FILES if (root / name).is_file()]
    items += [f"{name}={value}".encode() for name, value in sorted(os.environ.items())
              if name.startswith(ENVIRONMENT_PREFIX) and name not in NOT_INPUTS]
    return items


def digest(root: Path = settings.ROOT) -> str:
    """The digest of the book's inputs (hexadecimal, 64 characters)."""
    total = hashlib.sha256()
    for item in parts(root):
        total.update(hashlib.sha256(item).digest())
    return total.hexdigest()
