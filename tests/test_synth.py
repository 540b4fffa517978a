"""The synthetic package that the benchmarks scale up: valid, N times the rows, unique ids, deterministic."""

import csv
import subprocess
import sys

import pytest

from casebook import settings
from casebook.data.read import read_descriptor, read_table
from casebook.data.validate import validate
from tools.synth import synthesise

DATA = settings.data_dir()

N = 3


def rows(data_dir) -> dict[str, list[list[str]]]:
    return {r["name"]: read_table(data_dir, r).rows for r in read_descriptor(data_dir)["resources"]}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "data"
    synthesise(N, out)
    return out


def test_synthetic_package_is_valid(synthetic):
    report = validate(synthetic)
    assert [str(p) for p in report.problems] == []
    assert report.quotes_verified == report.quotes_total


def test_every_table_has_n_times_the_rows(synthetic):
    real, made = rows(DATA), rows(synthetic)
    assert made.keys() == real.keys()
    for name in real:
        assert len(made[name]) == N * len(real[name]), name


def test_ids_are_unique_within_and_across_tables(synthetic):
    report = validate(synthetic, check_quotes=False)
    seen = {}
    for name, table in report.tables.items():
        ids = table.row_ids()
        assert len(set(ids)) == len(ids), name
        if name in ("evidence", "sources"):
            continue
        for record_id in ids:
            assert seen.setdefault(record_id, name) == name, f"{record_id} in {seen[record_id]} and {name}"


def test_copies_keep_every_cell_but_the_ids(synthetic):
    real, made = rows(DATA), rows(synthetic)
    for name in real:
        assert made[name][: len(real[name])] == real[name], name  # copy 0 is the real data
    quotes = [row[2] for row in made["evidence"]]
    assert quotes == [row[2] for row in real["evidence"]] * N  # verbatim, for the archive check
    assert all(row[0].endswith("-s2") for row in made["events"][2 * len(real["events"]):])


def test_same_n_gives_the_same_bytes(synthetic, tmp_path):
    again = tmp_path / "again"
    synthesise(N, again)
    for path in sorted(synthetic.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_problem_in_a_large_package_is_still_reported(synthetic, tmp_path):
    """The validator's fast screen must not hide an error that frictionless reports."""
    import shutil

    broken = tmp_path / "data"
    shutil.copytree(synthetic, broken)
    path = broken / "events.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    index = len(table) - 2  # a row of the last copy
    table[index][table[0].index("actor_id")] = "nobody-at-all"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(table)
    problems = [str(p) for p in validate(broken, check_quotes=False).problems]
    assert problems == [f"data/events.csv, line {index + 1}, row '{table[index][0]}', column 'actor_id': "
                        "'nobody-at-all' is not an id in actors.csv (actor_id)"]


def test_command_line(tmp_path):
    out = tmp_path / "two"
    done = subprocess.run([sys.executable, "-m", "tools.synth", "2", str(out)], capture_output=True, text=True,
                          cwd=settings.ROOT)
    assert done.returncode == 0, done.stderr
    assert (out / "datapackage.json").read_bytes() == (DATA / "datapackage.json").read_bytes()
    refused = subprocess.run([sys.executable, "-m", "tools.synth", "0", str(tmp_path / "none")], cwd=settings.ROOT,
                             capture_output=True, text=True)
    assert refused.returncode != 0 and "at least 1" in refused.stderr
