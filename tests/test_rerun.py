"""Rerunning a chapter as the README tells a reader to, without make; and the names that the
install depends on.

The README's "Rerun a chapter without make" block is run line by line, exactly as written, in a
copy of the project (its files as git lists them, as a clone would have them): a fresh virtual
environment, pip installs from requirements.txt and from the folder, and one chapter executed in
place. Its text outputs must then equal the ones committed.

pip takes most of a minute to install the pinned requirements, even from its cache. Where the
environment running the tests has uv (`make` installs it), each `python -m pip install ...` line
is run as `uv pip install --python <that python> ...`: the same requirement files and options,
installed by a faster installer; every other line runs as written. Set CASEBOOK_RERUN_WITH_PIP=1
to run the pip lines as written too.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from casebook.settings import ROOT

SECTION = "## Rerun a chapter without make"


def readme_steps() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in text, f"README.md has no section '{SECTION}'"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, f"the section '{SECTION}' has no sh block"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def project_files() -> list[str]:
    """The project's files as a clone holds them (tracked, and new files not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip(f"git cannot list the project's files: {listed.stderr.strip()}")
    return [name for name in listed.stdout.splitlines() if (ROOT / name).is_file()]


PIP_LINE = re.compile(r"^(?P<python>\S+) -m pip install (?P<args>.*)$")


def with_uv(line: str) -> str:
    """A `<python> -m pip install ...` line as uv runs it, when uv is beside this Python (or on
    PATH) and CASEBOOK_RERUN_WITH_PIP is not set; any other line as it is."""
    uv = Path(sys.executable).with_name("uv")
    uv = str(uv) if uv.is_file() else shutil.which("uv")
    pip = PIP_LINE.match(line)
    if not pip or not uv or os.environ.get("CASEBOOK_RERUN_WITH_PIP"):
        return line
    return f"{uv} pip install --quiet --python {pip['python']} {pip['args']}"


def text_outputs(notebook) -> list[str]:
    """Each output's text: its Markdown, else its plain text, else its stream text."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    outputs = [output for cell in cells if cell["cell_type"] == "code" for output in cell["outputs"]]
    data = [output.get("data", {}) for output in outputs]
    return ["".join(d.get("text/markdown") or d.get("text/plain") or output.get("text", ""))
            for d, output in zip(data, outputs)]


@pytest.mark.kernel
def test_the_readme_steps_rerun_a_chapter(tmp_path):
    steps = readme_steps()
    executed = [line for line in steps if "jupyter-execute" in line]
    assert executed, "the steps never execute a notebook"
    project = tmp_path / "project"
    for name in project_files():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, project / name)
    folder = next(line.split()[1] for line in steps if line.startswith("cd "))
    notebook = project / folder / executed[-1].split()[-1]
    before = text_outputs(notebook)
    stale = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in stale["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
    notebook.write_text(json.dumps(stale), encoding="utf-8")

    script = "set -euo pipefail\n" + "\n".join(with_uv(line) for line in steps) + "\n"
    result = subprocess.run(["bash", "-c", script], cwd=project, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    after = json.loads(notebook.read_text(encoding="utf-8"))
    assert all(c["execution_count"] for c in after["cells"] if c["cell_type"] == "code")
    assert text_outputs(notebook) == before


def test_only_pip_install_lines_are_given_to_uv(monkeypatch):
    monkeypatch.delenv("CASEBOOK_RERUN_WITH_PIP", raising=False)
    steps = readme_steps()
    installs = [line for line in steps if PIP_LINE.match(line)]
    assert len(installs) == 2, steps  # the requirements, then the project itself
    assert [with_uv(line) for line in steps if line not in installs] == [s for s in steps if s not in installs]
    for line in installs:
        pip, uv = PIP_LINE.match(line), with_uv(line)
        # Where uv is found, the same Python and the same arguments; where it is not, pip as written.
        assert uv == line or re.fullmatch(rf"\S*uv pip install --quiet --python {re.escape(pip['python'])} "
                                          rf"{re.escape(pip['args'])}", uv), uv
    monkeypatch.setenv("CASEBOOK_RERUN_WITH_PIP", "1")
    assert [with_uv(line) for line in steps] == steps


def test_the_distribution_is_not_the_unrelated_casebook_on_pypi():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "cambodia-casebook"
    steps = readme_steps()
    assert any(re.search(r"pip install (--no-deps )?-e \.$", line) for line in steps), steps
    assert not any(re.search(r"pip install .*\bcasebook\b", line) for line in steps), steps


def test_binder_pins_equal_the_lock():
    lock = dict(line.split("==", 1) for line in (ROOT / "requirements.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    pins = [line for line in (ROOT / ".binder" / "requirements.txt").read_text().splitlines()
            if line and not line.startswith("#")]
    assert pins
    for line in pins:
        name, version = line.split("==", 1)
        assert lock.get(name) == version, f".binder/requirements.txt pins {line}, requirements.txt {lock.get(name)}"
