"""Random corruptions of a copy of data/ and of the evidence archive: the validator never crashes
or hangs on them.

One cell set to an awkward value, one byte of a file replaced, inserted or deleted, one value
of the descriptor replaced or removed, one byte of an archived text or of the catalogue changed, or
one value of the catalogue replaced or removed: each run either passes or reports problems that name
a file of the package or of the archive, within a few seconds of processor time.
"""

import csv
import json
import os
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from casebook.data.read import read_descriptor
from casebook.data.validate import validate
from casebook.settings import ARCHIVE_ENV, archive_dir, data_dir

DATA = data_dir()

FILES = sorted(p.name for p in DATA.iterdir() if p.is_file())
TABLES = {r["path"]: [f["name"] for f in r["schema"]["fields"]] for r in read_descriptor(DATA)["resources"]}
ROWS = {path: sum(1 for _ in csv.reader((DATA / path).open(encoding="utf-8", newline=""))) - 1
        for path in TABLES}

AWKWARD = st.sampled_from([
    "", " ", "0", "-1", "1e999", "NaN", "inf", "1,5", "0x10", "\ufeff", "\x00", '"', "'", ",", "a,b", "\n", "\r\n",
    "line\nbreak", "2017-02-30", "2017-13", "9999-99-99/0000", "2018-10-11/2018-09-19", "../../etc/passwd",
    "KHR", "USD", "EUR", "yes", "disputed", "verdict", "hun-sen", "x" * 200_000, "é" * 50, "\u202e", "None",
])
VALUES = AWKWARD | st.text(max_size=12)

# Few examples and no shrinking (each run validates a whole package), so that the tests stay short.
# Each run must take under CPU_SECONDS of processor time; the deadline, in wall time, is looser
# because the tests share the machine with other work.
CPU_SECONDS = 5
SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", 20)), deadline=timedelta(seconds=30),
                    database=None, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow])


def declared_paths(data: Path) -> set[str]:
    """The table paths datapackage.json declares, as far as it can be read."""
    try:
        resources = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))["resources"]
        return {r["path"] for r in resources if isinstance(r, dict) and isinstance(r.get("path"), str)}
    except (ValueError, KeyError, TypeError):
        return set()


def check(data: Path) -> None:
    """Validate; every problem must name a file of the package (the report's lines start with it)."""
    start = time.process_time()
    report = validate(data)
    assert time.process_time() - start < CPU_SECONDS
    # A file of the package, or a table file the changed descriptor declares (a path no file has).
    files = {*FILES, *TABLES, *declared_paths(data)}
    for problem in report.problems:
        assert problem.file.startswith("data/") and problem.file.removeprefix("data/") in files, problem
        assert problem.message, problem


def corrupted(change) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(DATA, data)
        change(data)
        check(data)


@SETTINGS
@given(path=st.sampled_from(sorted(TABLES)), data_=st.data(), value=VALUES)
def test_any_one_cell_changed(path, data_, value):
    row = data_.draw(st.integers(0, max(ROWS[path] - 1, 0)), label="row")
    column = data_.draw(st.integers(0, len(TABLES[path]) - 1), label="column")

    def change(data):
        with (data / path).open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        if len(rows) > row + 1:
            rows[row + 1][column] = value
        with (data / path).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)

    corrupted(change)


@SETTINGS
@given(file=st.sampled_from(FILES), where=st.floats(0, 1, exclude_max=True),
       action=st.sampled_from(["replace", "insert", "delete"]), byte=st.integers(0, 255))
def test_any_one_byte_changed(file, where, action, byte):
    def change(data):
        content = bytearray((data / file).read_bytes())
        at = int(where * len(content))
        if action == "replace":
            content[at] = byte
        elif action == "insert":
            content.insert(at, byte)
        else:
            del content[at]
        (data / file).write_bytes(bytes(content))

    corrupted(change)


def _places(node, at=()):
    """Every place in the descriptor's JSON tree, as a path of keys and indexes."""
    yield at
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _places(child, (*at, key))


DESCRIPTOR = read_descriptor(DATA)
PLACES = list(_places(DESCRIPTOR))[1:]
JSON_VALUES = st.sampled_from([None, True, 0, -1, 1.5, "", "x", "number", "^(", "../x.csv", [], {}, ["x"],
                               {"name": "x"}, "https://example.org/x"]) | st.text(max_size=8)


@SETTINGS
@given(place=st.sampled_from(PLACES), value=JSON_VALUES, remove=st.booleans())
def test_any_one_descriptor_value_changed(place, value, remove):
    def change(data):
        package = read_descriptor(data)
        parent = package
        for key in place[:-1]:
            parent = parent[key]
        if remove:
            del parent[place[-1]]
        else:
            parent[place[-1]] = value
        (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")

    corrupted(change)


# --- the evidence archive and its catalogue -----------------------------------------------------

ARCHIVE = archive_dir()
needs_archive = pytest.mark.skipif(not (ARCHIVE / "catalogue.yaml").is_file(),
                                   reason=f"evidence archive not found at {ARCHIVE} (set CASEBOOK_ARCHIVE)")
ARCHIVE_FILES = sorted(p.name for p in ARCHIVE.iterdir() if p.is_file()) if ARCHIVE.is_dir() else []


def archive_corrupted(change) -> None:
    """Validate a copy of data/ against a copy of the archive changed by `change(archive)`; every
    problem names a file of the package or of the archive (archive/NAME)."""
    with tempfile.TemporaryDirectory() as scratch:
        data, archive = Path(scratch) / "data", Path(scratch) / "archive"
        shutil.copytree(DATA, data)
        shutil.copytree(ARCHIVE, archive)
        change(archive)
        before = os.environ.get(ARCHIVE_ENV)
        os.environ[ARCHIVE_ENV] = str(archive)
        try:
            start = time.process_time()
            report = validate(data)
            assert time.process_time() - start < CPU_SECONDS
        finally:
            if before is None:
                del os.environ[ARCHIVE_ENV]
            else:
                os.environ[ARCHIVE_ENV] = before
        for problem in report.problems:
            folder, _, name = problem.file.partition("/")
            assert (folder == "data" and name in FILES) or (folder == "archive" and name), problem
            assert problem.message, problem


@needs_archive
@SETTINGS
@given(file=st.sampled_from(ARCHIVE_FILES or ["catalogue.yaml"]), where=st.floats(0, 1, exclude_max=True),
       action=st.sampled_from(["replace", "insert", "delete"]), byte=st.integers(0, 255))
def test_any_one_byte_of_the_archive_changed(file, where, action, byte):
    def change(archive):
        content = bytearray((archive / file).read_bytes())
        at = int(where * len(content))
        if action == "replace":
            content[at] = byte
        elif action == "insert":
            content.insert(at, byte)
        else:
            del content[at]
        (archive / file).write_bytes(bytes(content))

    archive_corrupted(change)


CATALOGUE = yaml.safe_load((ARCHIVE / "catalogue.yaml").read_text(encoding="utf-8")) if ARCHIVE_FILES else []
CATALOGUE_PLACES = list(_places(CATALOGUE))[1:] or [(0,)]
YAML_VALUES = JSON_VALUES | st.sampled_from(["../outside.txt", "/etc/passwd", "ten-20", "5-1", "0", "1-999999",
                                             [{"lines": "x"}], [{"lines": 3}], ".", "catalogue.yaml", "README.md"])


@needs_archive
@SETTINGS
@given(place=st.sampled_from(CATALOGUE_PLACES), value=YAML_VALUES, remove=st.booleans())
def test_any_one_catalogue_value_changed(place, value, remove):
    def change(archive):
        entries = yaml.safe_load((archive / "catalogue.yaml").read_text(encoding="utf-8"))
        parent = entries
        for key in place[:-1]:
            parent = parent[key]
        if remove:
            del parent[place[-1]]
        else:
            parent[place[-1]] = value
        (archive / "catalogue.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")

    archive_corrupted(change)
