"""Files a reader can take away, and the links to them: each chapter's files as one zip, and the
whole dataset as one zip, one SQLite database and one zip for spreadsheets.

The book's build writes them (`write_book`, called by casebook.render.site before any page is
read) into `book/_downloads` of the source being built, straight from the data package; a chapter
only shows the links (`chapter_link`, `dataset_links`), written relative to its page, so that its
notebook writes no file.
"""

import io
import json
import posixpath
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from casebook.data.read import read_descriptor
from casebook.render import chapters, pages, takeaway

FOLDER = Path(pages.DOWNLOADS).name  # inside book/: where the build writes the downloads, and what links point to
DATASET = "data"  # the whole dataset's folder inside it


def slug(page: str) -> str:
    """A chapter's name in file names: the last part of its page name ('patterns/money' -> 'money')."""
    return page.rsplit("/", 1)[-1]


def _link(name: str, target: str, page: str) -> str:
    """A download role for `target` (a path inside book/), written from the page `page` (also inside book/)."""
    return f"{{download}}`{name} <{posixpath.relpath(target, posixpath.dirname(page) or '.')}>`"


# --- a chapter's zip -------------------------------------------------------------------------------

def _package_rows(resource: dict, frame: pd.DataFrame, data_dir: Path) -> bytes:
    """The rows of `frame` as the package's CSV holds them: its own columns and text, in file order."""
    rows = pd.read_csv(data_dir / resource["path"], dtype=str, keep_default_na=False)
    key = list(resource["schema"].get("primaryKey", []))
    wanted = set(map(tuple, frame[key].astype(str).itertuples(index=False)))
    rows = rows[[tuple(row) in wanted for row in rows[key].itertuples(index=False)]]
    return rows.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _figure_bytes(figure, suffix: str) -> bytes:
    buffer = io.BytesIO()
    options = {"metadata": {"Date": None}} if suffix == "svg" else {"dpi": 200}
    figure.savefig(buffer, format=suffix, **options)
    return buffer.getvalue()


def chapter_members(page: str, files: chapters.ChapterFiles, data_dir: Path) -> dict[str, bytes]:
    """The files of a chapter's zip, by name: `figures/<name>.svg` and `.png`, `tables/<name>.csv`
    (the tables as the chapter shows them) and, when it uses rows of the data package, those rows
    as the package's CSVs hold them with a `datapackage.json` declaring them, so that the zip
    validates and resolves its ids on its own."""
    members = {}
    for name, figure in files.figures.items():
        for suffix in ("svg", "png"):
            members[f"figures/{name}.{suffix}"] = _figure_bytes(figure, suffix)
    for name, frame in files.shown.items():
        members[f"tables/{name}.csv"] = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if not (files.rows or files.shown):
        return members
    package = read_descriptor(data_dir)
    resources = [resource for resource in package["resources"] if resource["name"] in files.rows]
    for resource in resources:
        members[resource["path"]] = _package_rows(resource, files.rows[resource["name"]], data_dir)
    resources += [_shown_resource(name, frame) for name, frame in files.shown.items()]
    descriptor = {key: package[key] for key in ("title", "version", "licenses", "contributors") if key in package}
    descriptor.update(name=f"{package['name']}-{slug(page)}", resources=resources,
                      description=f"The files of the chapter '{slug(page)}': the tables it shows, as text, and "
                                  "the data rows it uses, with the actors, sources and evidence they name. "
                                  + package.get("description", ""))
    members["datapackage.json"] = (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return members


def _shown_resource(name: str, frame: pd.DataFrame) -> dict:
    """A table as the chapter shows it, declared with every column as text (its cells are the words
    on the page, not the package's typed values)."""
    return {"name": f"shown-{name.replace('_', '-').lower()}", "path": f"tables/{name}.csv", "format": "csv",
            "encoding": "utf-8", "description": f"The table '{name}' as the chapter shows it: display text.",
            "schema": {"fields": [{"name": str(column), "type": "string"} for column in frame.columns]}}


def chapter_zip(page: str) -> str:
    """Where a chapter's zip is, inside book/."""
    return f"{FOLDER}/{slug(page)}.zip"


def chapter_link(page: str, files: chapters.ChapterFiles) -> Markdown:
    """The link to the chapter's zip, saying what it holds."""
    what = ["its figure as SVG and PNG" if len(files.figures) == 1 else "its figures as SVG and PNG"]
    if files.shown:
        what.append("the tables it shows as CSV files")
    if files.rows:
        what.append(f"the data rows it uses ({', '.join(f'{name}.csv' for name in files.rows)})")
    if files.rows or files.shown:
        what[-1] += ", with a datapackage.json declaring every table"
    listed = ", ".join(what[:-1]) + (" and " if len(what) > 1 else "") + what[-1]
    return Markdown(f"Download this chapter's files in one zip, "
                    f"{_link(f'{slug(page)}.zip', chapter_zip(page), page)}: {listed}.")


# --- the whole dataset -----------------------------------------------------------------------------

def dataset_links(page: str) -> Markdown:
    """The links to the whole dataset's zip, SQLite database and spreadsheet zip, from the page `page`."""
    def link(name):
        return _link(name, f"{FOLDER}/{DATASET}/{name}", page)

    return Markdown(
        f"Download the whole dataset in one file: {link(takeaway.ZIP_NAME)} (the data package, a README "
        f"documenting every table and how to load it, the licence and CITATION.cff), or as an SQLite "
        f"database with the same tables and keys: {link(takeaway.SQLITE_NAME)}. Every date kept at the "
        f"sources' precision (a month, a year, a span) has its first and last possible day beside it, for "
        f"tools that read only whole dates. For Excel or LibreOffice: {link(takeaway.SPREADSHEET_NAME)} "
        f"(the same CSV files, marked as UTF-8).")


def dataset_database(data_dir: Path) -> sqlite3.Connection:
    """The SQLite database readers download, opened in memory (the file is written to a scratch
    folder and removed)."""
    memory = sqlite3.connect(":memory:")
    with tempfile.TemporaryDirectory() as scratch:
        bounded = takeaway.reusable_package(Path(data_dir), Path(scratch) / "package")
        disk = sqlite3.connect(takeaway.write_sqlite(bounded, Path(scratch) / takeaway.SQLITE_NAME))
        disk.backup(memory)
        disk.close()
    return memory


# --- the build -------------------------------------------------------------------------------------

def write_book(book: Path, data, data_dir: Path, pages: list[str] | None = None) -> list[Path]:
    """Every chapter's zip (of those among `pages`, if given) and the whole dataset's files into
    `book`/_downloads, from the package as readers get it (takeaway.reusable_package: day bounds,
    quote selectors, booleans); returns them."""
    with tempfile.TemporaryDirectory() as scratch:
        package = takeaway.reusable_package(Path(data_dir), Path(scratch) / "package")
        written = [takeaway.write_members(Path(book) / chapter_zip(page),
                                          chapter_members(page, chapters.files(page, data), package))
                   for page in chapters.pages(data) if pages is None or page in pages]
        return written + list(takeaway.write_reusable(package, Path(book) / FOLDER / DATASET).values())
