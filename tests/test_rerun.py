"""Rerunning a chapter as the README tells a reader to, without make; and the names that the
install depends on.

The README's "Rerun a chapter without make" block is run line by line, exactly as written, in a
copy of the project (its files as git lists them, as a clone would have them): a fresh virtual
environment, pip installs from requirements.txt and from the folder, and one chapter executed in
place. Its text outputs must then equal the ones committed. pip fetches from the package index
(or its cache), so this test takes a few minutes the first time on a machine.
"""

import json
import re
import shutil
import subprocess
import tomllib

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

    script = "set -euo pipefail\n" + "\n".join(steps) + "\n"
    result = subprocess.run(["bash", "-c", script], cwd=project, capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, (result.stdout + result.stderr)[-5000:]
    after = json.loads(notebook.read_text(encoding="utf-8"))
    assert all(c["execution_count"] for c in after["cells"] if c["cell_type"] == "code")
    assert text_outputs(notebook) == before


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
