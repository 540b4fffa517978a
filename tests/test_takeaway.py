"""The take-away files: the zip of the data package validates as unzipped, the SQLite database
holds every table with the package's keys and the CSVs' row counts, and a chapter's download
resolves its ids on its own."""

import csv
import sqlite3
import zipfile

import pytest
from conftest import CsvFile
from frictionless import validate

import casebook
from casebook.data.read import read_descriptor
from casebook.render import downloads, takeaway
from casebook.views.cases import CaseFile


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
    for resource in resources:
        assert (folder / resource["path"]).read_bytes() == (data_dir / resource["path"]).read_bytes()


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
    again = takeaway.write_zip(data_dir, tmp_path / "again.zip")
    assert again.read_bytes() == files["zip"].read_bytes()


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
        assert [c[1] for c in columns] == [f["name"] for f in schema["fields"]], name
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


CHAPTERS = sorted(set(casebook.load(check_quotes=False).cases["chapter"].dropna()))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_download_stands_alone(chapter, tmp_path):
    slug = chapter.rsplit("/", 1)[-1]
    data = casebook.load(check_quotes=False)
    downloads.chapter_files(slug, CaseFile(data, chapter).rows(), {}, folder=tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert all(name.startswith(f"{slug}_") for name in written), written
    assert {f"{slug}_actors.csv", f"{slug}_sources.csv", f"{slug}_evidence.csv"} <= set(written)
    # frictionless checks every foreign key: each actor, case, event and source id resolves in the download
    report = validate(tmp_path / f"{slug}_datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    with open(tmp_path / f"{slug}_actors.csv", encoding="utf-8") as handle:
        actors = {row["actor_id"] for row in csv.DictReader(handle)}
    with open(tmp_path / f"{slug}_penalties.csv", encoding="utf-8") as handle:
        beneficiaries = {a for row in csv.DictReader(handle) for a in row["beneficiary_id"].split()}
    assert beneficiaries <= actors


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
