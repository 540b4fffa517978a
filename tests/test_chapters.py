"""Every case chapter is the template (tools/case-template.md) filled in for it, with its own prose:
its code cells are the template's, cell for cell, and `python -m tools.chapters sync` puts them back.
And each chapter glues exactly the values its prose inserts."""

import ast
import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

import casebook
from casebook.data.toc import toc_titles
from casebook.settings import ROOT
from tools import template

CHAPTERS = sorted((ROOT / "book" / "cases").glob("*.ipynb"))
IDS = [p.stem for p in CHAPTERS]


def chapters_command(*args):
    return subprocess.run([sys.executable, "-m", "tools.chapters", *args], capture_output=True, text=True, cwd=ROOT)


# --- drift -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_the_chapter_has_the_template_s_code_cells(notebook):
    """Run `python -m tools.chapters sync` and execute the chapter when this fails."""
    assert template.differences(notebook) == []


def test_the_drift_check_names_the_chapter_and_each_cell_that_differs(tmp_path):
    path = tmp_path / "kem-sokha.ipynb"
    shutil.copy(ROOT / "book" / "cases" / "kem-sokha.ipynb", path)
    notebook = template.read(path)
    cells = {cell.id: cell for cell in notebook.cells}
    cells["kem-sokha-03"].source = cells["kem-sokha-03"].source.replace('caption="The case at a glance.',
                                                                        'caption="The case in brief.')
    cells["kem-sokha-06"].metadata["tags"] = []
    added = nbformat.v4.new_code_cell("print('an extra cell')")
    added["id"] = "kem-sokha-extra"
    notebook.cells = [*notebook.cells[:-1], added]
    template.write(notebook, path)

    problems = template.differences(path)
    assert len(problems) == 4, problems
    glance, tags, missing, extra = problems
    assert glance.startswith("cases/kem-sokha (kem-sokha.ipynb): code cell kem-sokha-03 differs from the template:")
    assert "-              caption=\"The case at a glance." in glance and "+              caption=\"The case in brief." in glance
    assert "code cell kem-sokha-06 differs" in tags and "tags [] where the template has ['hide-input']" in tags
    assert missing == "cases/kem-sokha (kem-sokha.ipynb): the template's code cell kem-sokha-18 is missing"
    assert extra == "cases/kem-sokha (kem-sokha.ipynb): code cell kem-sokha-extra is not in the template"

    result = chapters_command("sync", "--check", str(path))
    assert result.returncode == 1 and "code cell kem-sokha-03 differs from the template" in result.stdout
    assert template.differences(path) == problems  # --check changed nothing


def test_cells_out_of_order_are_drift(tmp_path):
    path = tmp_path / "kim-sok.ipynb"
    shutil.copy(ROOT / "book" / "cases" / "kim-sok.ipynb", path)
    notebook = template.read(path)
    notebook.cells[2], notebook.cells[3] = notebook.cells[3], notebook.cells[2]
    template.write(notebook, path)
    assert template.differences(path) == ["cases/kim-sok (kim-sok.ipynb): the cells are not in the template's order"]


# --- sync ------------------------------------------------------------------------------------------

def test_sync_takes_the_template_s_code_and_keeps_the_prose(tmp_path):
    path = tmp_path / "new-case.ipynb"
    old = template.case_chapter("cases/new-case", "A new case")
    old.cells[0].source = "(new-case)=\n# A new case\n\nOur own introduction."
    old.cells[1].source = old.cells[1].source.replace("glue(key, value", "glue(key, str(value")  # an old setup cell
    old.cells[5].source += "\n\nA paragraph the chapter wrote."
    old.cells = old.cells[:-2]  # made before the template had an Evidence section
    template.write(old, path)
    result = chapters_command("sync", str(path))
    assert result.returncode == 0, result.stderr
    assert f"synced {path}" in result.stdout
    cells = template.read(path).cells
    fresh = template.case_chapter("cases/new-case", "A new case").cells
    assert [c.source for c in cells if c.cell_type == "code"] == [c.source for c in fresh if c.cell_type == "code"]
    assert "Our own introduction." in cells[0].source and "A paragraph the chapter wrote." in cells[5].source
    assert cells[-2].source.startswith("## Evidence") and cells[-1].source == "case.evidence_section()"
    assert template.differences(path) == []
    again = chapters_command("refresh", str(path))  # the older name of the command
    assert again.returncode == 0 and "already follows the template" in again.stdout


def test_sync_will_not_drop_prose_the_template_has_no_place_for(tmp_path):
    path = tmp_path / "new-case.ipynb"
    notebook = template.case_chapter("cases/new-case", "A new case")
    extra = nbformat.v4.new_markdown_cell("A section of the chapter's own.")
    extra["id"] = "new-case-own"
    notebook.cells.insert(3, extra)
    template.write(notebook, path)
    before = path.read_text(encoding="utf-8")
    with pytest.raises(template.TemplateError, match="new-case-own"):
        template.sync(path)
    assert path.read_text(encoding="utf-8") == before


# --- filling in the template -------------------------------------------------------------------------

def test_a_new_chapter_fills_every_placeholder():
    notebook = template.case_chapter("cases/new-case", "A new case")
    text = "\n".join(cell.source for cell in notebook.cells)
    assert "<<" not in text and ">>" not in text
    assert notebook.cells[0].source.startswith("(new-case)=\n# A new case\n")
    assert 'CaseFile(data, "cases/new-case")' in notebook.cells[1].source
    assert [cell.id for cell in notebook.cells] == [f"new-case-{n:02d}" for n in range(len(notebook.cells))]
    assert all(cell.metadata["tags"] == ["hide-input"] for cell in notebook.cells if cell.cell_type == "code")
    nbformat.validate(notebook)


def test_a_title_with_quotes_and_backslashes_stays_one_python_string():
    title = 'The "quoted" title \\ with a backslash'
    notebook = template.case_chapter("cases/new-case", title)
    citation = next(cell.source for cell in notebook.cells if "chapter_citation" in cell.source)
    call = ast.parse(citation).body[0].value.args[0]
    assert call.args[0].value == title
    assert notebook.cells[0].source.splitlines()[1] == f"# {title}"


def test_a_chapter_path_that_is_not_one_is_refused():
    with pytest.raises(template.TemplateError, match="not a chapter path"):
        template.case_chapter('cases/x")\nimport os', "Title")


# --- glue: exactly what the prose inserts ------------------------------------------------------------

# A glue directive in Markdown: ```{glue:figure} fig-kem-sokha-timeline (or :::{glue} key, {glue:md}...)
GLUE_DIRECTIVE = re.compile(r"^[ \t]*(?:`{3,}|:{3,})\{glue(?::[a-z]+)?\}[ \t]+(\S+)", re.MULTILINE)


def prose_keys(notebook) -> set[str]:
    """Glue keys the notebook's Markdown cells use: roles ({glue}`key`, {glue:text}`key:.0f`) and directives."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return set(template.glue_keys(cells)) | {key.split("::")[-1] for key in GLUE_DIRECTIVE.findall(text)}


def glued_keys(notebook) -> set[str]:
    """Keys the notebook's stored outputs glue."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return {output["metadata"]["scrapbook"]["name"] for cell in cells for output in cell.get("outputs", [])
            if "scrapbook" in output.get("metadata", {})}


def glue_mismatch(notebook) -> dict[str, list[str]]:
    glued, used = glued_keys(notebook), prose_keys(notebook)
    return {"glued but not used by the prose": sorted(glued - used), "used by the prose but not glued": sorted(used - glued)}


@pytest.mark.parametrize("notebook", CHAPTERS, ids=IDS)
def test_the_chapter_glues_exactly_the_keys_its_prose_uses(notebook):
    assert glued_keys(notebook), "the chapter glues nothing: execute it"
    assert glue_mismatch(notebook) == {"glued but not used by the prose": [], "used by the prose but not glued": []}


def test_the_glue_check_catches_a_key_glued_for_nothing_and_one_the_prose_uses_unglued(tmp_path):
    path = tmp_path / "kim-sok.ipynb"
    shutil.copy(ROOT / "book" / "cases" / "kim-sok.ipynb", path)
    notebook = template.read(path)
    setup = notebook.cells[1]
    spare = json.loads(json.dumps(setup.outputs[0]))  # a copy of one glue output, under a key the prose does not use
    spare["metadata"]["scrapbook"]["name"] = "name-nobody-mentioned"
    setup.outputs.append(nbformat.from_dict(spare))
    notebook.cells[0].source += " Mentioned, never glued: {glue:text}`date-never-glued:%Y`."
    template.write(notebook, path)
    assert glue_mismatch(path) == {"glued but not used by the prose": ["name-nobody-mentioned"],
                                   "used by the prose but not glued": ["date-never-glued"]}


def test_directives_count_as_uses():
    text = "```{glue:figure} fig-a\n:name: fig-a\n```\n\n:::{glue} b\n:::\n\nnot `{glue} c` at a line's start"
    assert GLUE_DIRECTIVE.findall(text) == ["fig-a", "b"]


# --- titles: the table of contents gives each chapter its title; the page's heading says the same ----

def heading(page) -> str | None:
    """The first '# ' heading of a page of the book (a notebook or a Markdown file)."""
    path = next(p for p in (ROOT / f"{page}.ipynb", ROOT / f"{page}.md") if p.is_file())
    text = ("\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                      if c["cell_type"] == "markdown") if path.suffix == ".ipynb" else path.read_text(encoding="utf-8"))
    return next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), None)


@pytest.mark.parametrize("page", sorted(toc_titles()))
def test_a_title_in_the_table_of_contents_is_the_page_s_heading(page):
    assert toc_titles()[page] == heading(page)


def test_every_chapter_the_data_names_has_a_title_in_the_table_of_contents():
    chapters = {f"book/{c}" for c in casebook.load(check_quotes=False).cases["chapter"].dropna()}
    assert sorted(chapters - set(toc_titles())) == []
