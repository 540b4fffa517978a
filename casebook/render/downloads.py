"""Files a reader can take away: each chapter's figures (SVG, PNG) and data rows, and the whole
dataset as one zip and one SQLite database."""

import json
import os
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from casebook import settings
from casebook.data.read import read_descriptor
from casebook.render import takeaway


def downloads_dir() -> Path:
    """Where this build's downloads are written: `book/_downloads` of the project being built
    (the nearest folder above the running notebook with a `_config.yml` and a `book/`: the build's
    copy of the source, `_build/src`, when tools/build.py runs it), else the build folder."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "book").is_dir():
            return folder / "book" / "_downloads"
    return settings.build_dir() / "downloads"


def _link(path: Path) -> str:
    """A download role relative to the running notebook (chapters run in their own folder)."""
    return f"{{download}}`{path.name} <{Path(os.path.relpath(path, Path.cwd())).as_posix()}>`"


def _package_rows(resource: dict, frame: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    """The rows of `frame` as the package's CSV holds them: its own columns and text, in file order."""
    rows = pd.read_csv(data_dir / resource["path"], dtype=str, keep_default_na=False)
    key = list(resource["schema"].get("primaryKey", []))
    wanted = set(map(tuple, frame[key].astype(str).itertuples(index=False)))
    return rows[[tuple(row) in wanted for row in rows[key].itertuples(index=False)]]


def chapter_files(slug: str, tables: dict, figures: dict, folder: Path | None = None,
                  data_dir: Path | None = None, shown: dict | None = None) -> Markdown:
    """Write the chapter's figures (SVG and PNG) and data rows; return the download links.

    Every file name starts with the chapter's name. The rows are written as the package's CSVs
    hold them, with a `<chapter>_datapackage.json` declaring them, so that the chapter's files
    validate and resolve their ids on their own. `shown` tables (name -> frame) are written as the
    chapter shows them, one CSV each (a pattern chapter's derived tables)."""
    folder = Path(folder or downloads_dir() / slug)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = lambda name: name if name == slug else f"{slug}_{name}"  # noqa: E731
    links = []
    for name, figure in figures.items():
        for suffix, options in (("svg", {"metadata": {"Date": None}}), ("png", {"dpi": 200})):
            path = folder / f"{prefix(name)}.{suffix}"
            figure.savefig(path, **options)
            links.append(_link(path))
    for name, frame in (shown or {}).items():
        path = folder / f"{prefix(name)}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        links.append(_link(path))
    if tables:
        data_dir = data_dir or settings.data_dir()
        descriptor = read_descriptor(data_dir)
        resources = []
        for resource in descriptor["resources"]:
            if resource["name"] not in tables:
                continue
            path = folder / f"{prefix(resource['name'])}.csv"
            rows = _package_rows(resource, tables[resource["name"]], data_dir)
            rows.to_csv(path, index=False, lineterminator="\n")
            resources.append(dict(resource, path=path.name))
            links.append(_link(path))
        descriptor = dict(descriptor, name=f"{descriptor['name']}-{slug}", resources=resources,
                          description=f"The rows of the chapter '{slug}', with the actors, sources and "
                                      "evidence they name. " + descriptor.get("description", ""))
        path = folder / f"{slug}_datapackage.json"
        path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        links.append(_link(path))
    what = "figures and the data rows it uses" if tables or not shown else "figures and its tables as CSV files"
    if tables:
        what += " (with the actors, sources and evidence they name, and a datapackage.json declaring them)"
    return Markdown(f"Download this chapter's {what}: " + " · ".join(links) + ".")


def dataset_paths() -> dict[str, Path]:
    """Where `dataset_files` writes the zip, the SQLite database and the spreadsheet zip in this build."""
    folder = downloads_dir() / "data"
    return {"zip": folder / takeaway.ZIP_NAME, "sqlite": folder / takeaway.SQLITE_NAME,
            "spreadsheet": folder / takeaway.SPREADSHEET_NAME}


def dataset_files(data_dir: Path | None = None) -> Markdown:
    """Write the whole dataset as one zip, one SQLite database and one zip for spreadsheets; return
    their download links."""
    written = takeaway.write_all(data_dir or settings.data_dir(), downloads_dir() / "data")
    assert written == dataset_paths()
    return Markdown(
        f"Download the whole dataset in one file: {_link(written['zip'])} (the data package, a README "
        f"documenting every table and how to load it, the licence and CITATION.cff), or as an SQLite "
        f"database with the same tables and keys: {_link(written['sqlite'])}. Every date kept at the "
        f"sources' precision (a month, a year, a span) has its first and last possible day beside it, for "
        f"tools that read only whole dates. For Excel or LibreOffice: {_link(written['spreadsheet'])} "
        f"(the same CSV files, marked as UTF-8).")
