"""The case-chapter template: every case chapter has the same sections, in the same order, built by
the same library calls. The template is tools/case-template.md, a notebook in jupytext's MyST
Markdown format; this module fills in its placeholders (`case_chapter`), gives existing chapters its
code cells again (`sync`) and reports where a chapter has drifted from it (`differences`).
`python -m tools.chapters` is the command line for all three.

A chapter's Markdown cells are its own prose: the template only starts them. Its code cells are the
template's. Cells are matched by id, `<slug>-NN`, NN being the cell's position in the template.
"""

import difflib
import json
import re
from pathlib import Path

import jupytext
import nbformat

from casebook.settings import ROOT

TEMPLATE = Path(__file__).with_name("case-template.md")
PLACEHOLDER = re.compile(r"<<(\w+)>>")
# A glue role in Markdown: {glue}`key`, {glue:text}`key:.2f`, {glue}`page::key`
GLUE_ROLE = re.compile(r"\{glue(?::[a-z]+)?\}`([^`]+)`")
CHAPTER = re.compile(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*")


class TemplateError(ValueError):
    """A chapter the template cannot be applied to without losing the chapter's own text."""


def glue_keys(cells) -> list[str]:
    """The glue keys the Markdown cells among `cells` insert with glue roles, in reading order (first
    use): what a case chapter's first code cell passes to `CaseFile.glue_values`."""
    text = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")
    # `{glue}`doc::key`` pastes from another page; `{glue:text}`key:.2f`` adds a format
    return list(dict.fromkeys(key.split("::")[-1].split(":")[0] for key in GLUE_ROLE.findall(text)))


def _keys_literal(keys: list[str]) -> str:
    """The keys as a Python list, one per line when there are several."""
    if len(keys) < 2:
        return json.dumps(list(keys))
    return "[\n" + "".join(f"    {json.dumps(key)},\n" for key in keys) + "]"


def _fill(text: str, values: dict[str, str], code: bool) -> str:
    def value(match):
        name = match.group(1)
        if name not in values:
            raise TemplateError(f"{TEMPLATE.name}: unknown placeholder {match.group(0)}")
        if name == "glue_keys":  # a Python list, not inside a string
            return values[name]
        if code:  # in a code cell a placeholder stands inside a double-quoted string
            return values[name].replace("\\", "\\\\").replace('"', '\\"')
        return values[name]
    return PLACEHOLDER.sub(value, text)


def case_chapter(chapter: str, title: str, prose=None):
    """The template filled in for the cases whose `chapter` column is `chapter` (e.g. 'cases/kim-sok').
    Its code passes on the glue keys that `prose` (a chapter's cells; by default the template's own)
    inserts."""
    if not CHAPTER.fullmatch(chapter):
        raise TemplateError(f"'{chapter}' is not a chapter path such as cases/kim-sok (lower-case letters, digits, hyphens)")
    if not title.strip() or "\n" in title:
        raise TemplateError(f"'{title}' is not a one-line title")
    slug = chapter.rsplit("/", 1)[-1]
    values = {"chapter": chapter, "slug": slug, "title": title}
    template = jupytext.read(TEMPLATE, fmt="md:myst")
    markdown = [nbformat.v4.new_markdown_cell(_fill(cell.source, values, code=False))
                for cell in template.cells if cell.cell_type == "markdown"]
    values["glue_keys"] = _keys_literal(glue_keys(markdown if prose is None else prose))
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    for number, cell in enumerate(template.cells):
        source = _fill(cell.source, values, code=cell.cell_type == "code")
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(source, metadata=dict(cell.metadata))
        else:
            new = nbformat.v4.new_markdown_cell(source)
        new["id"] = f"{slug}-{number:02d}"
        notebook.cells.append(new)
    return notebook


def read(path):
    return nbformat.read(str(path), as_version=4)


def write(notebook, path) -> None:
    nbformat.write(notebook, str(path))


def placeholders(notebook, path) -> tuple[str, str]:
    """(chapter, title) of an existing chapter. The title is the heading of its first cell. The
    chapter is the notebook's path under book/ without its extension (what cases.csv's `chapter`
    column holds); for a notebook elsewhere it is read from the template's line that names it."""
    first = notebook.cells[0].source if notebook.cells else ""
    title = next((line[2:].strip() for line in first.splitlines() if line.startswith("# ")), None)
    if title is None:
        raise TemplateError(f"{Path(path).name}: the first cell has no '# ' title")
    path = Path(path).resolve()
    if path.is_relative_to(ROOT / "book"):
        return path.relative_to(ROOT / "book").with_suffix("").as_posix(), title
    lines = [line for cell in jupytext.read(TEMPLATE, fmt="md:myst").cells if cell.cell_type == "code"
             for line in cell.source.splitlines()]
    for line in lines:
        if "<<chapter>>" in line and "<<" not in line.replace("<<chapter>>", ""):
            before, after = (re.escape(part) for part in line.strip().split("<<chapter>>", 1))
            for cell in notebook.cells:
                found = re.search(f"{before}([^\"]+){after}", cell.source) if cell.cell_type == "code" else None
                if found:
                    return found.group(1), title
    raise TemplateError(f"{path.name}: no code cell names the chapter as the template does")


def _same_code(mine, theirs) -> bool:
    return mine.source == theirs.source and mine.metadata.get("tags") == theirs.metadata.get("tags")


def differences(path) -> list[str]:
    """Where a chapter differs from the template filled in for it, one entry per cell: a code cell
    whose source or tags differ (with a diff), a cell of the other type, a cell missing, a cell the
    template does not have, cells out of order. A chapter's Markdown is its own and is not compared."""
    notebook = read(path)
    chapter, title = placeholders(notebook, path)
    expected = case_chapter(chapter, title, prose=notebook.cells)
    name = f"{chapter} ({Path(path).name})"
    ours = {cell.get("id"): cell for cell in notebook.cells}
    problems = []
    for cell in expected.cells:
        mine = ours.get(cell.id)
        if mine is None:
            problems.append(f"{name}: the template's {cell.cell_type} cell {cell.id} is missing")
        elif mine.cell_type != cell.cell_type:
            problems.append(f"{name}: cell {cell.id} is a {mine.cell_type} cell; the template's is a {cell.cell_type} cell")
        elif cell.cell_type == "code" and not _same_code(mine, cell):
            diff = difflib.unified_diff(cell.source.splitlines(), mine.source.splitlines(), "template", "chapter",
                                        lineterm="")
            tags = mine.metadata.get("tags"), cell.metadata.get("tags")
            detail = "\n".join(diff) or f"tags {tags[0]} where the template has {tags[1]}"
            problems.append(f"{name}: code cell {cell.id} differs from the template:\n{detail}")
    known = [cell.id for cell in expected.cells]
    for cell in notebook.cells:
        if cell.get("id") not in known:
            problems.append(f"{name}: {cell.cell_type} cell {cell.get('id')} is not in the template")
    shared = [cell.get("id") for cell in notebook.cells if cell.get("id") in known]
    if shared != [i for i in known if i in ours]:
        problems.append(f"{name}: the cells are not in the template's order")
    return problems


def sync(path) -> bool:
    """Bring a chapter in step with the template: its code cells become the template's, the template's
    missing cells are added and the cells it does not have are removed, while the chapter's Markdown
    cells (its own prose) stay as they are. A code cell that changes loses its outputs: execute the
    chapter afterwards. Returns whether the notebook changed.

    A Markdown cell the template has no Markdown cell for would be lost: the chapter is left as it
    is and TemplateError says which cell to move into the template's cells first."""
    notebook = read(path)
    chapter, title = placeholders(notebook, path)
    expected = case_chapter(chapter, title, prose=notebook.cells)
    kinds = {cell.id: cell.cell_type for cell in expected.cells}
    orphans = [cell.get("id") for cell in notebook.cells
               if cell.cell_type == "markdown" and kinds.get(cell.get("id")) != "markdown"]
    if orphans:
        raise TemplateError(f"{Path(path).name}: Markdown cell(s) {', '.join(map(str, orphans))} have no place in the "
                            "template; move their text into the template's Markdown cells, then sync again")
    ours = {cell.get("id"): cell for cell in notebook.cells}
    cells = []
    for cell in expected.cells:
        mine = ours.get(cell.id)
        keep = mine is not None and mine.cell_type == cell.cell_type and (
            cell.cell_type == "markdown" or _same_code(mine, cell))
        cells.append(mine if keep else cell)
    changed = [c.get("id") for c in cells] != [c.get("id") for c in notebook.cells] or any(
        mine is not theirs for mine, theirs in zip(cells, notebook.cells))
    if changed:
        notebook.cells = cells
        write(notebook, path)
    return changed
