"""nbval is strict: a notebook whose stored outputs no longer match the data fails."""

import os
import subprocess
import sys

import pytest
from conftest import CsvFile

from casebook.settings import DATA_ENV, ROOT

pytestmark = pytest.mark.kernel

NOTEBOOK = ROOT / "book" / "methods" / "sources.ipynb"


def nbval(data_dir):
    env = dict(os.environ, **{DATA_ENV: str(data_dir)})
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval", str(NOTEBOOK),
                           "--nbval-sanitize-with", str(ROOT / "tests" / "nbval-sanitize.cfg")],
                          capture_output=True, text=True, env=env, cwd=ROOT)


def test_stored_outputs_match_a_fresh_run(data_copy):
    result = nbval(data_copy)
    assert result.returncode == 0, result.stdout[-3000:]


def test_a_changed_row_makes_the_stored_outputs_stale(data_copy):
    sources = CsvFile(data_copy, "sources")
    sources.set(0, "publisher", "A Different Publisher").save()
    result = nbval(data_copy)
    assert result.returncode == 1
    assert "A Different Publisher" in result.stdout
