"""Where the project keeps its data and where the evidence archive lives."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_ENV = "CASEBOOK_DATA"
# The data package the library loads by default: $CASEBOOK_DATA, else the project's data/.
DATA_DIR = Path(os.environ.get(DATA_ENV) or ROOT / "data").resolve()
ARCHIVE_ENV = "CASEBOOK_ARCHIVE"


def archive_dir() -> Path:
    """The evidence archive: $CASEBOOK_ARCHIVE, else ../shared/sources beside the project."""
    configured = os.environ.get(ARCHIVE_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    return (ROOT.parent / "shared" / "sources").resolve()
