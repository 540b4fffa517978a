"""Loading: typed frames after validation. Every load validates the data again: nothing is
remembered between loads, so no change can go unchecked."""

import pandas as pd
import pytest
from conftest import CsvFile

import casebook
import casebook.data.validate
from casebook import dates
from casebook.data.load import DataError, Dataset
from casebook.settings import BUILD_ENV


@pytest.fixture
def build(tmp_path, monkeypatch):
    """A build folder of the test's own, to show that loading writes nothing there."""
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


def test_every_load_validates_and_writes_nothing(data_copy, build, validations):
    first = casebook.load(data_copy, check_quotes=False)
    again = casebook.load(data_copy, check_quotes=False)
    assert validations == [data_copy, data_copy]  # the same content is checked again
    assert list(again) == list(first)
    for name in first:
        pd.testing.assert_frame_equal(again[name], first[name], check_dtype=False)
    assert not build.exists()


def test_a_change_after_a_load_is_found_and_named(data_copy, build, validations):
    casebook.load(data_copy, check_quotes=False)
    events = CsvFile(data_copy, "events")
    i = 3
    path = data_copy / "events.csv"
    before = path.stat()
    events.set(i, "date", "2017-02-30").save()
    import os
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the size is the same too
    with pytest.raises(DataError) as caught:
        casebook.load(data_copy, check_quotes=False)
    assert validations == [data_copy, data_copy]
    assert str(caught.value).startswith("1 problem(s) in the data:\n")
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"data/events.csv, line {events.line(i)}, row '{events.rows[i][0]}', column 'date':")


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
