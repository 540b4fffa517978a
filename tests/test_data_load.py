"""Loading: typed frames after validation, and validation remembered by content (casebook.data.stamp):
the same bytes are not checked twice, and any changed byte of the data, or of the archive when
quotes are checked, is checked again."""

import pandas as pd
import pytest
from conftest import CsvFile

import casebook
import casebook.data.validate
from casebook import dates
from casebook.data import stamp
from casebook.data.load import DataError, Dataset
from casebook.settings import ARCHIVE_ENV, BUILD_ENV


@pytest.fixture
def build(tmp_path, monkeypatch):
    """A build folder of the test's own, so that stamps neither come from nor go to the project's."""
    folder = tmp_path / "build"
    monkeypatch.setenv(BUILD_ENV, str(folder))
    return folder


@pytest.fixture
def validations(monkeypatch):
    """The data folders the validator is asked to check, in order (it still checks them)."""
    calls = []
    real = casebook.data.validate.validate

    def counted(data_dir, **options):
        calls.append(data_dir)
        return real(data_dir, **options)

    monkeypatch.setattr(casebook.data.validate, "validate", counted)
    return calls


def test_identical_content_is_validated_once(data_copy, build, validations):
    first = casebook.load(data_copy, check_quotes=False)
    assert validations == [data_copy]
    assert stamp.passed(stamp.key(data_copy, check_quotes=False))
    again = casebook.load(data_copy, check_quotes=False)
    assert validations == [data_copy]  # read from the files, not checked again
    assert list(again) == list(first)
    for name in first:
        pd.testing.assert_frame_equal(again[name], first[name], check_dtype=False)


def test_a_changed_byte_is_validated_again_and_a_problem_is_named(data_copy, build, validations):
    casebook.load(data_copy, check_quotes=False)
    events = CsvFile(data_copy, "events")
    i = 3
    events.set(i, "date", "2017-02-30").save()
    with pytest.raises(DataError) as caught:
        casebook.load(data_copy, check_quotes=False)
    assert validations == [data_copy, data_copy]
    assert str(caught.value).startswith("1 problem(s) in the data:\n")
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"data/events.csv, line {events.line(i)}, row '{events.rows[i][0]}', column 'date':")
    assert not stamp.passed(stamp.key(data_copy, check_quotes=False))  # a failure is never remembered


def test_the_key_changes_with_any_byte_and_only_with_content(data_copy, build):
    before = stamp.key(data_copy, check_quotes=False)
    path = data_copy / "actors.csv"
    text = path.read_bytes()
    path.write_bytes(text)  # written again, same bytes: the same key
    assert stamp.key(data_copy, check_quotes=False) == before
    path.write_bytes(text.replace(b"\n", b" \n", 1))
    assert stamp.key(data_copy, check_quotes=False) != before
    path.write_bytes(text)
    assert stamp.key(data_copy, check_quotes=False) == before
    (data_copy / "notes.txt").write_text("a new file", encoding="utf-8")
    assert stamp.key(data_copy, check_quotes=False) != before


def test_the_archive_counts_only_when_quotes_are_checked(data_copy, build, tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_text("one", encoding="utf-8")
    monkeypatch.setenv(ARCHIVE_ENV, str(archive))
    with_quotes, without = stamp.key(data_copy), stamp.key(data_copy, check_quotes=False)
    assert with_quotes != without
    (archive / "a.txt").write_text("two", encoding="utf-8")
    assert stamp.key(data_copy) != with_quotes
    assert stamp.key(data_copy, check_quotes=False) == without


def test_a_stamp_that_cannot_be_written_only_costs_time(data_copy, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(BUILD_ENV, str(blocked / "build"))  # a folder cannot be made inside a file
    key = stamp.key(data_copy, check_quotes=False)
    stamp.record(key)
    assert not stamp.passed(key)


def test_frames_are_typed_with_date_bounds():
    data = casebook.load(check_quotes=False)
    events = data.events
    assert events["date_earliest"].dtype.kind == "M" and events["date_latest"].dtype.kind == "M"
    assert (events["date_earliest"] <= events["date_latest"]).all()
    expected = pd.DataFrame({"date": events["date"]})
    dates.add_bounds(expected, "date")  # each distinct date is parsed once; every row gets its own bounds
    assert (events["date_earliest"].to_numpy() == expected["date_earliest"].to_numpy()).all()
    assert (events["date_latest"].to_numpy() == expected["date_latest"].to_numpy()).all()
    assert pd.api.types.is_numeric_dtype(data.penalties["amount"])
    assert data.events["court_level"].isna().any() and not (data.events["court_level"] == "").any()  # blank is None


def test_tables_are_attributes_and_a_missing_one_is_an_attribute_error():
    data = Dataset(events=pd.DataFrame())
    assert data.events is data["events"]
    assert not hasattr(data, "nothing")
    with pytest.raises(AttributeError, match="nothing"):
        _ = data.nothing


def test_a_data_error_lists_every_problem():
    error = DataError(iter(["first problem", "second problem"]))
    assert error.problems == ["first problem", "second problem"]
    assert str(error) == "2 problem(s) in the data:\nfirst problem\nsecond problem"
