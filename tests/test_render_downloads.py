"""A chapter's downloads: one zip, made from the data by the build and linked relative to the page;
its figures as SVG and PNG, its tables as shown, and the package's own rows with a descriptor.

Every test writes under tmp_path: nothing is written into the checkout."""

import csv
import io
import json
import zipfile

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from casebook import settings
from casebook.render import chapters, downloads, takeaway


def link_target(markdown: str, name: str) -> str:
    """The path a `{download}` role in the text gives for the file `name`."""
    start = markdown.index(f"{{download}}`{name} <") + len(f"{{download}}`{name} <")
    return markdown[start:markdown.index(">`", start)]


def test_a_chapter_s_figures_are_svg_and_png_and_its_link_is_relative_to_its_page():
    figure, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    files = chapters.ChapterFiles(figures={"timeline": figure})
    members = downloads.chapter_members("cases/kem-sokha", files, settings.data_dir())
    plt.close(figure)
    assert sorted(members) == ["figures/timeline.png", "figures/timeline.svg"]  # no rows, no descriptor
    with Image.open(io.BytesIO(members["figures/timeline.png"])) as png:
        assert png.size == (400, 200)  # 2 x 1 inches at 200 dpi
    assert b"<dc:date>" not in members["figures/timeline.svg"]  # the same file on every build
    shown = downloads.chapter_link("cases/kem-sokha", files).data
    assert link_target(shown, "kem-sokha.zip") == "../_downloads/kem-sokha.zip"  # from book/cases
    assert "its figure as SVG and PNG." in shown and "datapackage.json" not in shown


def test_a_chapter_s_rows_are_the_package_s_own_text_with_a_descriptor(data):
    rows = data.penalties[data.penalties["currency"] == "KHR"].iloc[::-1]  # typed, and in another order
    events = data.events[data.events["event_id"].isin(rows["event_id"])]
    files = chapters.ChapterFiles(rows={"penalties": rows, "events": events})
    members = downloads.chapter_members("patterns/money", files, settings.data_dir())
    assert sorted(members) == ["datapackage.json", "events.csv", "penalties.csv"]
    with open(settings.data_dir() / "penalties.csv", encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    wanted = set(rows["penalty_id"])
    expected = [lines[0], *(line for line in lines[1:] if next(csv.reader([line]))[0] in wanted)]
    assert members["penalties.csv"].decode("utf-8").splitlines() == expected
    descriptor = json.loads(members["datapackage.json"])
    assert descriptor["name"].endswith("-money")
    assert [(r["name"], r["path"]) for r in descriptor["resources"]] == [("events", "events.csv"),
                                                                         ("penalties", "penalties.csv")]
    shown = downloads.chapter_link("patterns/money", files).data
    assert ("the data rows it uses (penalties.csv, events.csv), with a datapackage.json declaring every table"
            in shown)


def test_the_build_writes_the_zip_of_each_chapter_named_and_the_dataset(tmp_path, data):
    """Only the chapters named (the book's table of contents) get a zip; the dataset always. Every
    chapter of the book gets one in the book's own build (test_book_build)."""
    written = downloads.write_book(tmp_path / "book", data, settings.data_dir(), pages=["patterns/timing"])
    folder = tmp_path / "book" / "_downloads"
    assert [p.name for p in folder.glob("*.zip")] == ["timing.zip"]
    assert {p.name for p in (folder / "data").iterdir()} == {takeaway.ZIP_NAME, takeaway.SQLITE_NAME,
                                                              takeaway.SPREADSHEET_NAME}
    assert all(path.is_file() for path in written)
    with zipfile.ZipFile(folder / "timing.zip") as archive:
        assert "tables/steps.csv" in archive.namelist()


@pytest.fixture
def tiny_package(tmp_path):
    """A one-table package (quick to write as a database)."""
    folder = tmp_path / "tiny"
    folder.mkdir()
    descriptor = {"name": "tiny", "licenses": [{"name": "CC-BY-4.0", "title": "CC BY 4.0", "path": "https://x"}],
                  "resources": [{"name": "people", "path": "people.csv", "schema": {
                      "primaryKey": ["person_id"], "fields": [{"name": "person_id", "type": "string"}]}}]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (folder / "people.csv").write_text("person_id\na\nb\n", encoding="utf-8")
    return folder


def test_the_dataset_links_are_relative_to_the_page():
    from_index = downloads.dataset_links("index").data
    from_methods = downloads.dataset_links("methods/dataset").data
    for name in (takeaway.ZIP_NAME, takeaway.SQLITE_NAME, takeaway.SPREADSHEET_NAME):
        assert link_target(from_index, name) == f"_downloads/data/{name}"
        assert link_target(from_methods, name) == f"../_downloads/data/{name}"


def test_the_dataset_database_opens_in_memory_as_readers_get_it(tiny_package):
    database = downloads.dataset_database(tiny_package)
    assert [row[0] for row in database.execute("select person_id from people order by 1")] == ["a", "b"]
