"""The strict build: a cell error, a broken cross-reference or any warning fails it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.settings import ROOT

pytestmark = pytest.mark.book

# The kernel's own start-up notice about its local transport, not a build warning.
KERNEL_LOG = "[IPKernelApp] WARNING | Kernel is running over TCP without encryption"


def test_book_builds_without_warnings(tmp_path):
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--path-output", str(tmp_path),
         "--warningiserror", "--nitpick", "--keep-going"],
        capture_output=True, text=True, cwd=ROOT)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-5000:]
    warnings = [line for line in log.splitlines() if "WARNING" in line and not line.startswith(KERNEL_LOG)]
    assert warnings == [], "\n".join(warnings)
    html = tmp_path / "_build" / "html"
    assert (html / "book" / "index.html").is_file() or (html / "index.html").is_file()
    shutil.rmtree(tmp_path / "_build" / ".doctrees", ignore_errors=True)
