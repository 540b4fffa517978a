"""Files a reader can take away from a chapter: its figures (SVG, PNG) and the data rows it uses."""

import os
from pathlib import Path

from IPython.display import Markdown

from casebook.paths import ROOT

# Written when a chapter runs, beside the book's sources (ignored by git, rebuilt on every run).
DOWNLOADS = ROOT / "book" / "_downloads"


def _link(path: Path) -> str:
    """A download role relative to the running notebook (chapters run in their own folder)."""
    return f"{{download}}`{path.name} <{Path(os.path.relpath(path, Path.cwd())).as_posix()}>`"


def _source_columns(frame):
    return frame[[c for c in frame.columns if not c.endswith(("_earliest", "_latest"))]]


def chapter_files(slug: str, tables: dict, figures: dict) -> Markdown:
    """Write the chapter's figures (SVG and PNG) and data rows (CSV); return the download links."""
    folder = DOWNLOADS / slug
    folder.mkdir(parents=True, exist_ok=True)
    links = []
    for name, figure in figures.items():
        for suffix, options in (("svg", {"metadata": {"Date": None}}), ("png", {"dpi": 200})):
            path = folder / f"{name}.{suffix}"
            figure.savefig(path, **options)
            links.append(_link(path))
    for name, frame in tables.items():
        path = folder / f"{name}.csv"
        _source_columns(frame).to_csv(path, index=False)
        links.append(_link(path))
    return Markdown("Download this chapter's figures and the data rows it uses: " + " · ".join(links) + ".")
