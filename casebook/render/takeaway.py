"""The whole dataset to take away: one zip of the data package, one SQLite database, and a copy for
spreadsheets.

All are written from the package folder (after validation), with one addition for tools that know
only whole days: beside every date column at the sources' precision (`2017-09`, `2016-11/2018-12`)
stand `<column>_earliest` and `<column>_latest`, the first and last day it can mean, as ISO days
(`reusable_package`). The zip holds datapackage.json, every CSV, a README documenting each table,
the licence and CITATION.cff; the database has one table per resource with the package's primary
and foreign keys declared, written by frictionless's SQL support; the spreadsheet zip holds the same
CSVs with a byte-order mark, so that Excel reads them as UTF-8.
"""

import csv
import json
import os
import tempfile
import zipfile
from pathlib import Path

from casebook import __version__, dates, settings
from casebook.data import archive
from casebook.data.read import read_descriptor
from casebook.data.validate import QUOTED
from casebook.render import citation
from casebook.settings import ROOT

ZIP_NAME = f"casebook-data-{__version__}.zip"
SQLITE_NAME = f"casebook-data-{__version__}.sqlite"
SPREADSHEET_NAME = f"casebook-data-{__version__}-spreadsheet.zip"
BOUNDS = ("earliest", "latest")
CONTEXT = 32  # characters of a quote's prefix and suffix
# Fixed member timestamps, so that the same data gives the same zip, byte for byte.
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def _replace(path: Path, write) -> Path:
    """Call write(tmp) on a temporary file beside `path`, then move it into place in one step
    (a build reading the file never sees it half written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _row_count(path: Path) -> int:
    import csv
    with path.open(encoding="utf-8", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def readme(data_dir: Path) -> str:
    """The README of the zip: what the package is, every table and column, how to load it."""
    descriptor = read_descriptor(data_dir)
    top = ZIP_NAME.removesuffix(".zip")
    lines = [
        f"# {descriptor.get('title', descriptor['name'])}",
        "",
        descriptor.get("description", ""),
        "",
        f"Version {descriptor.get('version', __version__)}. Data: {descriptor['licenses'][0]['title']} "
        f"({descriptor['licenses'][0]['path']}); the quotations stay their publishers' (see LICENSE.md). "
        "Cite it as CITATION.cff says.",
        "",
        "This folder is a Frictionless Data Package: `datapackage.json` declares every table below,",
        "its columns, their types and allowed values, and the keys that join the tables. Every file is",
        "UTF-8 CSV with a header row; an empty cell is a missing value. Dates are ISO 8601 at the",
        "precision the source gives (`2017`, `2017-09`, `2017-09-03`) or an interval of two such dates",
        "joined by `/` (`2016-11/2018-12-19`) when only bounds are known. Beside every such column stand",
        "`<column>_earliest` and `<column>_latest`: the first and last day it can mean, as whole ISO days",
        "(`2017-09` gives `2017-09-01` and `2017-09-30`), for tools that read only whole dates. Use them",
        "as bounds, never as the date itself: the source says no more than the original column.",
        "",
        "Where the evidence archive was at hand when these files were made, every quote (`evidence.quote`,",
        "`statements.quote`) has `quote_prefix` and `quote_suffix` beside it: the text just before and",
        "after the quote in the archived source. Quote, prefix and suffix are a W3C Web Annotation",
        "TextQuoteSelector (exact, prefix, suffix) for the passage, as the texts compare once normalised:",
        "Unicode NFKC, curly quotation marks and apostrophes as straight ones, Markdown link residue",
        "`[text](#)` and `*emphasis*` marks as their text, `[sic]` marks left out, and every run of white",
        "space as one space. `sources.archive_sha256` names the exact copy of each archived text the",
        "quotes were checked against (`sha256sum` gives the same digest for the same file). The archive's",
        "catalogue records no date on which each text was retrieved; `sources.url` is where it was",
        "published and the digest is what pins the copy.",
        "",
        "## Load it",
        "",
        "With pandas (every column as text, as written):",
        "",
        "```python",
        "import pandas as pd",
        f'events = pd.read_csv("{top}/events.csv", dtype=str, keep_default_na=False)',
        "```",
        "",
        "With frictionless (validates every table and key, then reads typed rows):",
        "",
        "```python",
        "from frictionless import Package, validate",
        f'print(validate("{top}/datapackage.json").valid)',
        f'package = Package("{top}/datapackage.json")',
        'events = package.get_resource("events").to_pandas()',
        "```",
        "",
        "or from a shell: `frictionless validate datapackage.json`.",
        "",
        "With R (every column as text, then the whole-day bounds as dates; the original date column",
        "stays text, since `as.Date` cannot read `2017-09` or an interval):",
        "",
        "```r",
        f'events <- read.csv("{top}/events.csv", colClasses = "character", na.strings = character(0),',
        '                   encoding = "UTF-8")',
        "events$date_earliest <- as.Date(events$date_earliest)",
        "events$date_latest <- as.Date(events$date_latest)",
        "```",
        "",
        f"In Excel or LibreOffice, open the CSVs of `{SPREADSHEET_NAME}` (published beside this zip):",
        "the same files with a byte-order mark, so that quotation marks and accents inside the quotes",
        "are read as UTF-8. Import the date columns as text, or a spreadsheet turns some into its own",
        "dates and leaves the rest as text; only the `_earliest` and `_latest` columns are whole dates.",
        "",
        f"The same tables, with their keys declared, are in the SQLite database `{SQLITE_NAME}`",
        "published beside this zip: `sqlite3 " + SQLITE_NAME + " '.tables'`.",
        "",
        "## Tables",
    ]
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        lines += ["", f"### {resource['name']} (`{resource['path']}`, "
                      f"{_row_count(Path(data_dir) / resource['path'])} rows)", ""]
        if resource.get("description"):
            lines += [resource["description"], ""]
        lines.append(f"Key: {', '.join(schema.get('primaryKey', [])) or 'none'}.")
        for fk in schema.get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], str) else ", ".join(fk["fields"])
            ref = fk["reference"]
            target = ref["fields"] if isinstance(ref["fields"], str) else ", ".join(ref["fields"])
            table = ref["resource"] or resource["name"]  # an empty name is the table itself
            lines.append(f"`{fields}` refers to `{table}.{target}`.")
        lines += ["", "| column | type | required | meaning |", "|---|---|---|---|"]
        for field in schema["fields"]:
            constraints = field.get("constraints", {})
            meaning = field.get("description", "").replace("|", "\\|")
            if constraints.get("enum"):
                meaning += " One of: " + ", ".join(f"`{v}`" for v in constraints["enum"]) + "."
            lines.append(f"| `{field['name']}` | {field.get('type', 'string')} | "
                         f"{'yes' if constraints.get('required') else ''} | {meaning} |")
    return "\n".join(lines) + "\n"


def write_zip(data_dir: Path, path: Path) -> Path:
    """The data package, its README, the licence and CITATION.cff in one zip, under one folder."""
    data_dir = Path(data_dir)
    top = ZIP_NAME.removesuffix(".zip")
    members = {"datapackage.json": (data_dir / "datapackage.json").read_bytes()}
    for resource in read_descriptor(data_dir)["resources"]:
        members[resource["path"]] = (data_dir / resource["path"]).read_bytes()
    members["README.md"] = readme(data_dir).encode("utf-8")
    members["LICENSE.md"] = (ROOT / "LICENSE.md").read_bytes()
    members["CITATION.cff"] = citation.citation_cff().encode("utf-8")
    return write_members(Path(path), members, top)


def write_members(path: Path, members: dict[str, bytes], top: str = "") -> Path:
    """`members` (name -> content) in one zip, under the folder `top` if one is given, with fixed timestamps."""
    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in members.items():
                info = zipfile.ZipInfo(f"{top}/{name}" if top else name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, content)

    return _replace(path, write)


def sql_descriptor(data_dir: Path) -> dict:
    """The descriptor as SQL needs it: columns, types, required, keys; no pattern checks (they
    would need a REGEXP function that sqlite3, Datasette and DB Browser do not define; the
    validator has already checked every pattern)."""
    descriptor = json.loads(json.dumps(read_descriptor(data_dir)))
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            field.get("constraints", {}).pop("pattern", None)
    return descriptor


def write_sqlite(data_dir: Path, path: Path) -> Path:
    """One table per resource, primary and foreign keys declared, rows as in the CSVs."""
    from frictionless import Package

    package = Package(sql_descriptor(data_dir), basepath=str(Path(data_dir).resolve()))

    def write(tmp: Path) -> None:
        tmp.unlink()  # frictionless creates the database file itself
        package.publish(f"sqlite:///{tmp}")

    return _replace(Path(path), write)


def date_columns(resource: dict) -> list[str]:
    """The columns of a resource that hold dates at the sources' precision (the ISO date pattern)."""
    return [field["name"] for field in resource["schema"]["fields"]
            if field.get("constraints", {}).get("pattern") == dates.ISO_PATTERN]


def _bound_fields(name: str) -> list[dict]:
    words = {"earliest": "first", "latest": "last"}
    return [{"name": f"{name}_{bound}", "type": "date",
             "description": f"The {words[bound]} day `{name}` can mean, computed from it (empty where it is)."}
            for bound in BOUNDS]


def _day_bounds(value: str) -> list[str]:
    return [day.isoformat() for day in dates.parse(value)] if value else ["", ""]


SELECTOR_FIELDS = [
    {"name": "quote_prefix", "type": "string",
     "description": f"Up to {CONTEXT} characters of the archived text just before the quote: with `quote` (the "
                    "exact text) and `quote_suffix`, a W3C Web Annotation TextQuoteSelector that finds the passage "
                    "in the archived text, compared as the data README says (normalised)."},
    {"name": "quote_suffix", "type": "string",
     "description": f"Up to {CONTEXT} characters of the archived text just after the quote (see `quote_prefix`)."},
]


def archived_texts(data_dir: Path) -> dict[str, archive.ArchivedText] | None:
    """Each source's archived text by source id, or None when the archive (or the sources table) is absent."""
    root = settings.archive_dir()
    if not (root / archive.CATALOGUE).is_file() or not (Path(data_dir) / "sources.csv").is_file():
        return None
    entries = archive.catalogue(root)
    with (Path(data_dir) / "sources.csv").open(encoding="utf-8", newline="") as handle:
        sources = list(csv.DictReader(handle))
    return {row["source_id"]: archive.archived_text(root, row["archive_file"], entries) for row in sources}


def quote_context(text: archive.ArchivedText | None, quote: str) -> list[str]:
    """The text just before and just after the quote's first place in the archived body (both
    normalised), or two blanks where it is not found there."""
    wanted = archive.normalise(quote)
    at = text.body.find(wanted) if text is not None and wanted else -1
    if at < 0:
        return ["", ""]
    end = at + len(wanted)
    return [text.body[max(0, at - CONTEXT):at], text.body[end:end + CONTEXT]]


def _additions(resource: dict, texts) -> dict:
    """Columns computed from a column, placed after it: column -> (their fields, row -> their values)."""
    added = {name: (_bound_fields(name), lambda row, name=name: _day_bounds(row[name]))
             for name in date_columns(resource)}
    if texts is not None and (resource["name"], "quote") in QUOTED:
        added["quote"] = (SELECTOR_FIELDS, lambda row: quote_context(texts.get(row["source_id"]), row["quote"]))
    return added


BOOLEAN = {"yes": "true", "no": "false"}


def _yes_or_no(field: dict) -> bool:
    """A column the package keeps as the words yes and no (such as `defendant_absent`)."""
    return sorted(field.get("constraints", {}).get("enum", [])) == sorted(BOOLEAN)


def _boolean(field: dict) -> dict:
    """The field of a yes-or-no column as a boolean one (true, false, or empty where unknown)."""
    constraints = {key: value for key, value in field.get("constraints", {}).items() if key != "enum"}
    return {**{key: value for key, value in field.items() if key != "constraints"}, "type": "boolean",
            **({"constraints": constraints} if constraints else {})}


def reusable_package(data_dir: Path, target: Path) -> Path:
    """A copy of the package in `target` with computed columns beside the ones they come from:
    `<column>_earliest` and `<column>_latest` (ISO days) after every date column, and, where the
    evidence archive is present, `quote_prefix` and `quote_suffix` after every quote; a yes-or-no
    column becomes a boolean one (true or false). Every other cell is as the package has it."""
    descriptor = json.loads(json.dumps(read_descriptor(data_dir)))
    texts = archived_texts(data_dir)
    target.mkdir(parents=True, exist_ok=True)
    for resource in descriptor["resources"]:
        added = _additions(resource, texts)
        with (Path(data_dir) / resource["path"]).open(encoding="utf-8", newline="") as handle:
            header, *rows = list(csv.reader(handle))
        records = [dict(zip(header, row)) for row in rows]
        by_name = {field["name"]: field for field in resource["schema"]["fields"]}
        fields, columns = [], []
        for name in header:
            if _yes_or_no(by_name[name]):
                fields.append(_boolean(by_name[name]))
                columns.append([BOOLEAN.get(row[name], row[name]) for row in records])
            else:
                fields.append(by_name[name])
                columns.append([row[name] for row in records])
            if name in added:
                extra, compute = added[name]
                fields += extra
                columns += [list(values) for values in zip(*map(compute, records))] or [[] for _ in extra]
        resource["schema"]["fields"] = fields
        with (target / resource["path"]).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows([[f["name"] for f in fields], *zip(*columns)])
    (target / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    return target


def write_spreadsheet_zip(data_dir: Path, path: Path) -> Path:
    """Every CSV with a byte-order mark (Excel then reads it as UTF-8), and the README, in one zip."""
    top = SPREADSHEET_NAME.removesuffix(".zip")
    members = {resource["path"]: b"\xef\xbb\xbf" + (Path(data_dir) / resource["path"]).read_bytes()
               for resource in read_descriptor(data_dir)["resources"]}
    members["README.md"] = readme(data_dir).encode("utf-8")
    members["LICENSE.md"] = (ROOT / "LICENSE.md").read_bytes()
    return write_members(Path(path), members, top)


def write_all(data_dir: Path, folder: Path) -> dict[str, Path]:
    """The zip, the database and the spreadsheet zip into `folder`, from the package with its day
    bounds; returns them by kind."""
    with tempfile.TemporaryDirectory() as scratch:
        return write_reusable(reusable_package(Path(data_dir), Path(scratch) / "package"), Path(folder))


def write_reusable(package: Path, folder: Path) -> dict[str, Path]:
    """The zip, the database and the spreadsheet zip into `folder`, from a package `reusable_package` wrote."""
    return {"zip": write_zip(package, folder / ZIP_NAME), "sqlite": write_sqlite(package, folder / SQLITE_NAME),
            "spreadsheet": write_spreadsheet_zip(package, folder / SPREADSHEET_NAME)}
