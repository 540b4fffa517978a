"""The take-away files: the zip of the data package validates as unzipped, the SQLite database
holds every table with the package's keys and the CSVs' row counts, and a chapter's download
resolves its ids on its own."""

import calendar
import csv
import json
import re
import shutil
import sqlite3
import subprocess
import zipfile

import pandas as pd
import pytest
from conftest import CsvFile
from frictionless import validate

import casebook
import casebook.settings
from casebook.data.read import read_descriptor
from casebook.render import chapters, downloads, takeaway
from casebook.settings import archive_dir


def added_after(resource) -> dict[str, list[str]]:
    """The columns the downloads add after a column: day bounds after dates, and, with the archive,
    a quote's context after it."""
    added = {name: [f"{name}_earliest", f"{name}_latest"] for name in takeaway.date_columns(resource)}
    if resource["name"] in ("evidence", "statements") and (archive_dir() / "catalogue.yaml").is_file():
        added["quote"] = ["quote_prefix", "quote_suffix"]
    return added


def csv_rows(path) -> int:
    with open(path, encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def as_list(fields) -> list[str]:
    return [fields] if isinstance(fields, str) else list(fields)


@pytest.fixture
def written(data_copy, tmp_path):
    # one row fewer than data/ holds, so that the counts below cannot come from anywhere but the CSVs
    rates = CsvFile(data_copy, "fx_rates")
    rates.rows = rates.rows[:-1]
    rates.save()
    return data_copy, takeaway.write_all(data_copy, tmp_path / "out")


def test_the_zip_validates_as_unzipped(written, tmp_path):
    data_dir, files = written
    with zipfile.ZipFile(files["zip"]) as archive:
        archive.extractall(tmp_path / "unzipped")
        names = archive.namelist()
    folder = tmp_path / "unzipped" / takeaway.ZIP_NAME.removesuffix(".zip")
    for name in ("datapackage.json", "README.md", "LICENSE.md", "CITATION.cff"):
        assert (folder / name).is_file(), names
    resources = read_descriptor(data_dir)["resources"]
    assert {r["path"] for r in resources} <= {p.name for p in folder.iterdir()}
    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    words = {value: word for word, value in takeaway.BOOLEAN.items()}
    for resource in resources:  # every cell as data/ has it (yes and no as true and false), the day bounds added
        original = pd.read_csv(data_dir / resource["path"], dtype=str, keep_default_na=False)
        shipped = pd.read_csv(folder / resource["path"], dtype=str, keep_default_na=False)
        for field in resource["schema"]["fields"]:
            if sorted(field.get("constraints", {}).get("enum", [])) == sorted(takeaway.BOOLEAN):
                shipped[field["name"]] = shipped[field["name"]].replace(words)
        added = [column for columns in added_after(resource).values() for column in columns]
        assert list(shipped.columns.drop(added)) == list(original.columns)
        pd.testing.assert_frame_equal(shipped.drop(columns=added), original)


def test_every_imprecise_date_has_its_first_and_last_day_beside_it(written, tmp_path):
    data_dir, _ = written
    folder = takeaway.reusable_package(data_dir, tmp_path / "bounded")
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False).set_index("event_id")
    assert list(events.columns[events.columns.get_loc("date"):][:3]) == ["date", "date_earliest", "date_latest"]
    month = events[events["date"].str.fullmatch(r"\d{4}-\d{2}")].iloc[0]  # a month: its first and last day
    year, number = map(int, month["date"].split("-"))
    assert month["date_earliest"] == f"{month['date']}-01"
    assert month["date_latest"] == f"{month['date']}-{calendar.monthrange(year, number)[1]:02d}"
    interval = events[events["date"].str.contains("/")].iloc[0]
    assert interval["date_earliest"].startswith(interval["date"].split("/")[0])
    assert interval["date_latest"].startswith(interval["date"].split("/")[1])
    parsed = pd.read_csv(folder / "events.csv", parse_dates=["date_earliest", "date_latest"])
    assert parsed["date_earliest"].notna().all() and (parsed["date_earliest"] <= parsed["date_latest"]).all()
    assert takeaway.date_columns(next(r for r in read_descriptor(folder)["resources"] if r["name"] == "events")) == ["date"]


def test_the_spreadsheet_zip_has_every_csv_with_a_byte_order_mark(written):
    data_dir, files = written
    top = takeaway.SPREADSHEET_NAME.removesuffix(".zip")
    with zipfile.ZipFile(files["spreadsheet"]) as archive:
        for resource in read_descriptor(data_dir)["resources"]:
            content = archive.read(f"{top}/{resource['path']}")
            assert content.startswith(b"\xef\xbb\xbf") and not content[3:].startswith(b"\xef\xbb\xbf")
            header = content[3:].decode("utf-8").splitlines()[0].split(",")
            assert header[0] == resource["schema"]["fields"][0]["name"]
            for name in takeaway.date_columns(resource):
                assert header[header.index(name) + 1:header.index(name) + 3] == [f"{name}_earliest", f"{name}_latest"]


def test_the_readme_documents_every_table_and_how_to_load_it(written):
    data_dir, files = written
    with zipfile.ZipFile(files["zip"]) as archive:
        text = archive.read(f"{takeaway.ZIP_NAME.removesuffix('.zip')}/README.md").decode("utf-8")
    for resource in read_descriptor(data_dir)["resources"]:
        assert f"### {resource['name']} (`{resource['path']}`, {csv_rows(data_dir / resource['path'])} rows)" in text
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in text, (resource["name"], field["name"])
        for key in resource["schema"].get("foreignKeys", []):  # a key into the same table names it
            table = key["reference"]["resource"] or resource["name"]
            assert f"refers to `{table}.{key['reference']['fields']}`" in text, key
    assert "pd.read_csv(" in text and "from frictionless import" in text and "refers to `." not in text


def test_the_zip_is_the_same_for_the_same_data(written, tmp_path):
    data_dir, files = written
    again = takeaway.write_all(data_dir, tmp_path / "again")
    assert again["zip"].read_bytes() == files["zip"].read_bytes()
    assert again["spreadsheet"].read_bytes() == files["spreadsheet"].read_bytes()


def test_the_database_has_every_table_with_its_keys_and_rows(written):
    data_dir, files = written
    db = sqlite3.connect(files["sqlite"])
    tables = {name for (name,) in db.execute("select name from sqlite_master where type = 'table'")}
    resources = read_descriptor(data_dir)["resources"]
    assert tables == {r["name"] for r in resources}
    for resource in resources:
        name, schema = resource["name"], resource["schema"]
        count = db.execute(f'select count(*) from "{name}"').fetchone()[0]
        assert count == csv_rows(data_dir / resource["path"]), name
        columns = db.execute(f'pragma table_info("{name}")').fetchall()
        expected = []
        for field in schema["fields"]:  # each column followed by what is computed from it
            expected += [field["name"], *added_after(resource).get(field["name"], [])]
        assert [c[1] for c in columns] == expected, name
        key = [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]]
        assert key == as_list(schema.get("primaryKey", [])), name
        declared = {(tuple(as_list(fk["fields"])), fk["reference"]["resource"] or name,  # "" refers to the table itself
                     tuple(as_list(fk["reference"]["fields"])))
                    for fk in schema.get("foreignKeys", [])}
        found = {}
        for number, _, target, column, to, *_ in db.execute(f'pragma foreign_key_list("{name}")'):
            found.setdefault((number, target), []).append((column, to))
        found = {(tuple(c for c, _ in pairs), target, tuple(t for _, t in pairs))
                 for (_, target), pairs in found.items()}
        assert found == declared, name
    assert db.execute("pragma foreign_key_check").fetchall() == []
    db.close()


def test_the_database_opens_without_the_writers_functions(written):
    """No CHECK calls a function plain sqlite3 lacks (such as REGEXP): a row can be added as is."""
    _, files = written
    db = sqlite3.connect(files["sqlite"])
    schema = " ".join(sql for (sql,) in db.execute("select sql from sqlite_master where sql is not null"))
    assert "REGEXP" not in schema.upper()
    columns = [row[1] for row in db.execute("pragma table_info(elections)")][1:]
    db.execute(f"insert into elections select 'copy-' || election_id, {', '.join(columns)} from elections")
    db.rollback()
    db.close()


DATA = casebook.load(check_quotes=False)


@pytest.fixture(scope="module")
def reusable(tmp_path_factory):
    """The package as the downloads hold it (day bounds, quote selectors, booleans)."""
    return takeaway.reusable_package(casebook.settings.data_dir(), tmp_path_factory.mktemp("reusable") / "package")


@pytest.mark.parametrize("page", chapters.case_chapters(DATA))
def test_a_case_chapter_s_zip_stands_alone(page, reusable, tmp_path):
    path = takeaway.write_members(tmp_path / "chapter.zip",
                                  downloads.chapter_members(page, chapters.files(page, DATA), reusable))
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    assert {"figures/timeline.svg", "figures/timeline.png", "datapackage.json", "actors.csv", "sources.csv",
            "evidence.csv", "elections.csv", "fx_rates.csv"} <= names, names
    # frictionless checks every foreign key: each actor, case, event and source id resolves in the zip
    report = validate(str(path))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    with zipfile.ZipFile(path) as archive:
        actors = {row["actor_id"] for row in csv.DictReader(archive.read("actors.csv").decode().splitlines())}
        penalties = list(csv.DictReader(archive.read("penalties.csv").decode().splitlines()))
    assert {a for row in penalties for a in row["beneficiary_id"].split()} <= actors


@pytest.mark.parametrize("page", [page for page in chapters.REGISTRY])
def test_a_pattern_chapter_s_zip_holds_its_figure_tables_and_the_rows_they_cite(page, reusable, tmp_path):
    files = chapters.files(page, DATA)
    path = takeaway.write_members(tmp_path / "chapter.zip", downloads.chapter_members(page, files, reusable))
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    assert {f"figures/{name}.{suffix}" for name in files.figures for suffix in ("svg", "png")} <= names
    assert {f"tables/{name}.csv" for name in files.shown} <= names
    assert {f"{name}.csv" for name in files.rows} <= names
    # every table in the zip is declared, so the zip validates on its own
    with zipfile.ZipFile(path) as archive:
        declared = {r["path"] for r in json.loads(archive.read("datapackage.json"))["resources"]}
    assert declared == {name for name in names if name.endswith(".csv")}
    report = validate(str(path))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])


def test_the_chapters_whose_figures_use_elections_or_rates_carry_them():
    assert "elections" in chapters.files("patterns/timing", DATA).rows
    assert "fx_rates" in chapters.files("patterns/money", DATA).rows


def test_a_yes_or_no_column_is_a_boolean_in_the_downloads(reusable):
    descriptor = read_descriptor(reusable)
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    field = next(f for f in events["schema"]["fields"] if f["name"] == "defendant_absent")
    assert field["type"] == "boolean" and "enum" not in field.get("constraints", {})
    values = set(pd.read_csv(reusable / "events.csv", dtype=str, keep_default_na=False)["defendant_absent"])
    raw = set(pd.read_csv(casebook.settings.data_dir() / "events.csv", dtype=str, keep_default_na=False)["defendant_absent"])
    assert values <= {"true", "false", ""} and len(values) == len(raw)
    assert "yes" in raw and "true" in values


@pytest.mark.parametrize("page", ["book/index.ipynb", "book/methods/dataset.ipynb"])
def test_the_landing_and_dataset_pages_link_both_files(page):
    """Their stored outputs (what the HTML shows) carry a download link to the zip and the database."""
    import json

    from casebook.settings import ROOT

    cells = json.loads((ROOT / page).read_text(encoding="utf-8"))["cells"]
    shown = "".join("".join(output.get("data", {}).get("text/markdown", ""))
                    for cell in cells if cell["cell_type"] == "code" for output in cell["outputs"])
    for name in (takeaway.ZIP_NAME, takeaway.SQLITE_NAME):
        assert f"{{download}}`{name} <" in shown, (page, name)


def test_a_failed_write_leaves_the_previous_file_and_no_partial_one(tmp_path):
    target = tmp_path / "out" / takeaway.ZIP_NAME
    target.parent.mkdir()
    target.write_bytes(b"the previous build's zip")

    def fails(tmp):
        tmp.write_bytes(b"half a zi")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        takeaway._replace(target, fails)
    assert target.read_bytes() == b"the previous build's zip"
    assert [p.name for p in target.parent.iterdir()] == [takeaway.ZIP_NAME]


def test_every_quote_carries_a_selector_that_finds_it_in_the_archived_text(written, tmp_path, archive_required):
    from casebook.data import archive
    data_dir, _ = written
    folder = takeaway.reusable_package(data_dir, tmp_path / "selectors")
    sources = pd.read_csv(folder / "sources.csv", dtype=str, keep_default_na=False).set_index("source_id")
    texts = {}
    for name in ("evidence", "statements"):
        rows = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        assert len(rows) and (rows["quote_prefix"] != "").mean() > 0.9 and (rows["quote_suffix"] != "").any()
        for row in rows.itertuples():
            file = sources.loc[row.source_id, "archive_file"]
            if file not in texts:  # read here, without the library: the file, normalised as the README says
                texts[file] = archive.normalise((archive_dir() / file).read_text(encoding="utf-8"))
            passage = row.quote_prefix + archive.normalise(row.quote) + row.quote_suffix
            assert passage in texts[file], (name, row.Index)
            assert len(row.quote_prefix) <= takeaway.CONTEXT and len(row.quote_suffix) <= takeaway.CONTEXT


@pytest.mark.skipif(shutil.which("Rscript") is None,
                    reason="R is not installed (make test installs Debian's r-base-core where it can)")
def test_r_reads_the_dates_as_the_readme_says(written, tmp_path):
    """The data README's R lines, run as written on the unzipped package: every whole-day bound is a
    date (no NA), each no later than its partner, and every row is read."""
    _, files = written
    with zipfile.ZipFile(files["zip"]) as archive:
        archive.extractall(tmp_path)
        readme = archive.read(f"{takeaway.ZIP_NAME.removesuffix('.zip')}/README.md").decode("utf-8")
    lines = re.search(r"```r\n(.*?)```", readme, re.DOTALL).group(1)
    checks = """
stopifnot(nrow(events) > 0, !anyNA(events$date_earliest), !anyNA(events$date_latest),
          all(events$date_earliest <= events$date_latest))
cat(nrow(events), format(min(events$date_earliest)), format(max(events$date_latest)), "\\n")
"""
    script = tmp_path / "read.R"
    script.write_text(lines + checks, encoding="utf-8")
    run = subprocess.run(["Rscript", "--vanilla", str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    count, first, last = run.stdout.split()
    assert int(count) == csv_rows(written[0] / "events.csv")
    assert first <= last
