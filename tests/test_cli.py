import runpy
import subprocess
import sys

import pytest
from conftest import CsvFile


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "casebook", *args], capture_output=True, text=True, env=env)


def test_valid_data_prints_a_summary(archive_required):
    result = run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "events.csv" in result.stdout
    counts = result.stdout.strip().splitlines()[-1]
    verified, total = counts.removeprefix("quotes verified ").split("/")
    assert verified == total and int(total) > 100


def test_bad_data_exits_non_zero_without_a_traceback(data_copy):
    events = CsvFile(data_copy, "events")
    events.set(0, "date", "2017-02-30").save()
    result = run("validate", str(data_copy))
    assert result.returncode == 1
    assert result.stdout.startswith(f"data/events.csv, line 2, row '{events.rows[0][0]}', column 'date':")
    assert "Traceback" not in result.stdout + result.stderr
    assert "1 problem(s) found" in result.stderr


def test_absent_archive_skips_the_quote_check_and_says_why(tmp_path):
    import os
    env = dict(os.environ, CASEBOOK_ARCHIVE=str(tmp_path / "nowhere"))
    result = run("validate", env=env)
    assert result.returncode == 0
    assert result.stdout.strip().endswith(
        f"quote check skipped: the evidence archive was not found at {tmp_path / 'nowhere'} (set CASEBOOK_ARCHIVE to its folder)")


def test_an_unforeseen_failure_is_one_line_not_a_traceback(monkeypatch, capsys):
    from casebook import __main__

    def broken(data_dir):
        raise ValueError("something unforeseen")

    monkeypatch.setattr(__main__, "validate", broken)
    assert __main__.main(["validate", "data"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.splitlines() == ["data: the validator stopped on an input it does not handle "
                                    "(ValueError: something unforeseen); please report it with the data"]


def test_a_folder_that_does_not_exist_is_one_line(tmp_path, capsys):
    from casebook.__main__ import main

    missing = tmp_path / "data"
    assert main(["validate", str(missing)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"data/datapackage.json: cannot read the package descriptor (there is no folder '{missing}')"]


def test_every_run_checks_the_data_and_writes_nothing(data_copy, tmp_path):
    """Nothing is remembered between runs: the second run of the same data checks it again, so a change
    made since (even one that restores the size and the time of the file) is found, and no run
    writes into the build folder."""
    import os
    env = dict(os.environ, CASEBOOK_BUILD=str(tmp_path / "build"))
    first = run("validate", str(data_copy), env=env)
    assert first.returncode == 0 and "rows" in first.stdout
    second = run("validate", str(data_copy), env=env)
    assert second.stdout == first.stdout and "unchanged" not in second.stdout
    path = data_copy / "events.csv"
    before = path.stat()
    CsvFile(data_copy, "events").set(0, "date", "2017-02-30").save()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    changed = run("validate", str(data_copy), env=env)
    assert changed.returncode == 1 and "column 'date'" in changed.stdout
    assert not (tmp_path / "build").exists()


def test_the_descriptor_s_path_names_its_package(data_copy):
    events = CsvFile(data_copy, "events")
    events.set(0, "date", "2017-02-30").save()
    result = run("validate", str(data_copy / "datapackage.json"))
    assert result.returncode == 1
    assert result.stdout.startswith(f"data/events.csv, line 2, row '{events.rows[0][0]}', column 'date':")


def test_valid_data_lists_every_table_and_says_why_quotes_went_unchecked(data_copy, tmp_path, monkeypatch, capsys):
    """In one process, without the archive: each table's rows counted, and why quotes went unchecked."""
    from casebook import settings
    from casebook.__main__ import main
    from casebook.data.read import read_descriptor

    monkeypatch.setenv(settings.ARCHIVE_ENV, str(tmp_path / "nowhere"))
    monkeypatch.setenv(settings.DATA_ENV, str(data_copy))
    for _ in range(2):  # the second run says the same: a skipped check is never repeated as a plain pass
        assert main(["validate"]) == 0  # the folder from $CASEBOOK_DATA
        lines = capsys.readouterr().out.splitlines()
        tables = [(r["name"], len(CsvFile(data_copy, r["name"]).rows)) for r in read_descriptor(data_copy)["resources"]]
        assert lines[:-1] == [f"{name + '.csv':<20} {rows:>5} rows" for name, rows in tables]
        assert lines[-1] == (f"quote check skipped: the evidence archive was not found at {tmp_path / 'nowhere'} "
                             "(set CASEBOOK_ARCHIVE to its folder)")


def test_python_dash_m_casebook_exits_with_the_status(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["python -m casebook", "validate", str(tmp_path / "missing")])
    monkeypatch.delitem(sys.modules, "casebook.__main__", raising=False)  # run as a fresh __main__
    with pytest.raises(SystemExit) as stopped:
        runpy.run_module("casebook", run_name="__main__", alter_sys=False)
    assert stopped.value.code == 1
    assert "cannot read the package descriptor" in capsys.readouterr().out


def test_values_lists_a_chapter_s_glue_keys_with_text_and_proof(capsys):
    from casebook.__main__ import main
    assert main(["values", "cases/kem-sokha"]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in lines}
    assert "{glue}`date-sokha-arrest-2017`" in rows
    text, proof = rows["{glue}`date-sokha-arrest-2017`"]
    assert text == "September 2017" and proof == "sokha-arrest-2017"
    assert all(key.startswith("{glue}`") and len(rest) == 2 for key, rest in rows.items())


def test_values_of_an_unknown_chapter_names_the_known_ones(capsys):
    from casebook.__main__ import main
    assert main(["values", "cases/no-such-case"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("cases/no-such-case: no case") and "cases/kem-sokha" in error and "Traceback" not in error
