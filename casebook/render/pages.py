"""The book's configuration, its pages as its table of contents lists them (casebook.data.toc), and
where their printed copies go."""

from functools import lru_cache

import yaml

from casebook.data.toc import toc_files  # noqa: F401 - where the render stage finds it
from casebook.settings import ROOT

PDF_DIR = "pdf"  # inside the HTML folder, where the site's download menus point
BOOK_PDF = "book.pdf"
# Where the build writes the downloads (casebook.render.downloads), inside the project: the folder
# the pages' download links point into.
DOWNLOADS = "book/_downloads"


@lru_cache(maxsize=1)
def book_config() -> dict:
    """_config.yml, as committed."""
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
