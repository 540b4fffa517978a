"""Downloads are written into the project being built (found from the running notebook's folder),
named after their chapter, linked relative to the notebook, and hold the package's own rows.

Every test works in a project of its own under tmp_path: nothing is written into the checkout."""

import csv
import json
import os
import zipfile

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from casebook import settings
from casebook.render import downloads, takeaway


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project (a _config.yml and a book/ folder) with the running notebook in book/cases."""
    root = tmp_path / "project"
    (root / "book" / "cases").mkdir(parents=True)
    (root / "_config.yml").write_text("title: test\n", encoding="utf-8")
    monkeypatch.chdir(root / "book" / "cases")
    return root


def link_target(markdown: str, name: str) -> str:
    """The path a `{download}` role in the text gives for the file `name`."""
    start = markdown.index(f"{{download}}`{name} <") + len(f"{{download}}`{name} <")
    return markdown[start:markdown.index(">`", start)]


def test_the_downloads_folder_is_in_the_nearest_project_above_the_notebook(project, monkeypatch):
    assert downloads.downloads_dir() == project / "book" / "_downloads"
    inner = project / "book" / "cases" / "sub"
    (inner / "book").mkdir(parents=True)  # a book/ folder without _config.yml is not a project
    monkeypatch.chdir(inner)
    assert downloads.downloads_dir() == project / "book" / "_downloads"
    (project / "book" / "_config.yml").write_text("", encoding="utf-8")  # nor a _config.yml without book/
    assert downloads.downloads_dir() == project / "book" / "_downloads"


def test_outside_any_project_the_downloads_go_to_the_build_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(settings.BUILD_ENV, str(tmp_path / "build"))
    assert downloads.downloads_dir() == tmp_path / "build" / "downloads"


def test_a_chapter_s_figures_are_written_as_svg_and_png_named_after_it(project):
    figure, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    shown = downloads.chapter_files("kem-sokha", {}, {"kem-sokha": figure, "timeline": figure}).data
    plt.close(figure)
    folder = project / "book" / "_downloads" / "kem-sokha"
    assert sorted(p.name for p in folder.iterdir()) == ["kem-sokha.png", "kem-sokha.svg", "kem-sokha_timeline.png",
                                                        "kem-sokha_timeline.svg"]
    # linked from the notebook's own folder, book/cases
    assert link_target(shown, "kem-sokha_timeline.svg") == "../_downloads/kem-sokha/kem-sokha_timeline.svg"
    assert shown.startswith("Download this chapter's figures and the data rows it uses: ")
    assert "datapackage.json" not in shown  # no rows, no descriptor
    with Image.open(folder / "kem-sokha.png") as png:
        assert png.size == (400, 200)  # 2 x 1 inches at 200 dpi
    assert "<dc:date>" not in (folder / "kem-sokha.svg").read_text(encoding="utf-8")  # the same file on every run


def test_a_chapter_s_rows_are_the_package_s_own_text_with_a_descriptor(project, data):
    rows = data.penalties[data.penalties["currency"] == "KHR"].iloc[::-1]  # typed, and in another order
    events = data.events[data.events["event_id"].isin(rows["event_id"])]
    shown = downloads.chapter_files("money", {"penalties": rows, "events": events}, {}).data
    folder = project / "book" / "_downloads" / "money"
    assert sorted(p.name for p in folder.iterdir()) == ["money_datapackage.json", "money_events.csv",
                                                        "money_penalties.csv"]
    with open(settings.data_dir() / "penalties.csv", encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    wanted = set(rows["penalty_id"])
    expected = [lines[0], *(line for line in lines[1:] if next(csv.reader([line]))[0] in wanted)]
    assert (folder / "money_penalties.csv").read_text(encoding="utf-8").splitlines() == expected
    descriptor = json.loads((folder / "money_datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["name"].endswith("-money")
    assert [(r["name"], r["path"]) for r in descriptor["resources"]] == [("events", "money_events.csv"),
                                                                         ("penalties", "money_penalties.csv")]
    assert "(with the actors, sources and evidence they name, and a datapackage.json declaring them)" in shown
    assert link_target(shown, "money_datapackage.json") == "../_downloads/money/money_datapackage.json"


def test_a_folder_can_be_given(tmp_path, data):
    folder = tmp_path / "out" / "deeper"
    shown = downloads.chapter_files("x", {"elections": data.elections}, {}, folder=folder).data
    assert sorted(p.name for p in folder.iterdir()) == ["x_datapackage.json", "x_elections.csv"]
    assert link_target(shown, "x_elections.csv") == os.path.relpath(folder / "x_elections.csv")


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


def test_the_whole_dataset_is_written_into_the_project_and_linked(project, tiny_package):
    shown = downloads.dataset_files(tiny_package).data
    paths = downloads.dataset_paths()
    assert paths == {"zip": project / "book" / "_downloads" / "data" / takeaway.ZIP_NAME,
                     "sqlite": project / "book" / "_downloads" / "data" / takeaway.SQLITE_NAME,
                     "spreadsheet": project / "book" / "_downloads" / "data" / takeaway.SPREADSHEET_NAME}
    assert all(path.is_file() for path in paths.values())
    with zipfile.ZipFile(paths["zip"]) as archive:
        top = takeaway.ZIP_NAME.removesuffix(".zip")
        assert archive.read(f"{top}/people.csv") == (tiny_package / "people.csv").read_bytes()
    assert link_target(shown, takeaway.ZIP_NAME) == f"../_downloads/data/{takeaway.ZIP_NAME}"
    assert link_target(shown, takeaway.SQLITE_NAME) == f"../_downloads/data/{takeaway.SQLITE_NAME}"
    assert link_target(shown, takeaway.SPREADSHEET_NAME) == f"../_downloads/data/{takeaway.SPREADSHEET_NAME}"
