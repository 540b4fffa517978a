"""Where things are: the project, its data package, the evidence archive and the build.

Each location is read from the environment when it is asked for, not when the library is
imported, so a test or a tool can point the library at other data within one process.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project: a checkout, or the installed tree
DATA_ENV = "CASEBOOK_DATA"
ARCHIVE_ENV = "CASEBOOK_ARCHIVE"
BUILD_ENV = "CASEBOOK_BUILD"


def data_dir() -> Path:
    """The data package the library loads by default: $CASEBOOK_DATA, else the project's data/."""
    return Path(os.environ.get(DATA_ENV) or ROOT / "data").resolve()


def archive_dir() -> Path:
    """The evidence archive: $CASEBOOK_ARCHIVE, else ../shared/sources beside the project."""
    configured = os.environ.get(ARCHIVE_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return (ROOT.parent / "shared" / "sources").resolve()


def build_dir() -> Path:
    """Where builds and their caches go: $CASEBOOK_BUILD, else the project's _build/."""
    return Path(os.environ.get(BUILD_ENV) or ROOT / "_build").resolve()
