"""Validation remembered by content: once a data package has passed, its exact bytes (with the
archive it was checked against, and the checking code) need not be checked again.

`load` asks here first, so a chapter's kernel imports neither the validator nor frictionless
when the build has already validated the same data. A stamp is an empty file named by the key,
kept in the build folder; any change to a byte of the data, the archive or the code is a new key.
"""

import hashlib
from pathlib import Path

from casebook import settings

CODE = ("dates.py", "data/read.py", "data/validate.py", "data/descriptor.py", "data/contract.py",
        "data/archive.py")


def _files(folder: Path):
    return sorted(p for p in folder.rglob("*") if p.is_file())


def key(data_dir: Path, check_quotes: bool = True) -> str:
    """The content key of validating `data_dir` (with the archive, when quotes are checked)."""
    digest = hashlib.sha256()
    parts = [("data", Path(data_dir))]
    if check_quotes:
        parts.append(("archive", settings.archive_dir()))
    for label, folder in parts:
        digest.update(f"{label}:{folder}\n".encode())
        for path in _files(folder) if folder.is_dir() else []:
            digest.update(f"{path.relative_to(folder)}\n".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in CODE:
        digest.update((settings.ROOT / "casebook" / name).read_bytes())
    digest.update(b"quotes" if check_quotes else b"no quotes")
    return digest.hexdigest()


def _path(content_key: str) -> Path:
    return settings.build_dir() / ".cache" / "validated" / content_key


def passed(content_key: str) -> bool:
    """Has this exact content passed validation before?"""
    return _path(content_key).is_file()


def record(content_key: str) -> None:
    """Remember that this content passed (best effort: a read-only build folder only costs time)."""
    try:
        _path(content_key).parent.mkdir(parents=True, exist_ok=True)
        _path(content_key).touch()
    except OSError:
        pass
