"""The case-chapter template: every case chapter has the same sections, in the same order,
built by the same library calls. `python -m tools.chapters new` starts a new one."""

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

PLACEHOLDER = "Write this section in the book's own neutral words; insert every date and amount with {glue}."
EVIDENCE_INTRO = (
    "Every record this chapter uses, under the number its markers carry: the fact as the data records "
    "it, then each verbatim quote that proves it, with its source and a link that opens the original at "
    "the passage (in browsers that support text fragments). A marker that says *inferred* leads to a "
    "fact worked out from the sources rather than printed in them; the reasoning is given beside the quotes."
)


def _md(text: str):
    return new_markdown_cell(text.strip("\n"))


def _code(source: str, tag: str):
    cell = new_code_cell(source.strip("\n"))
    cell.metadata["tags"] = [tag]
    return cell


def case_chapter(chapter: str, title: str, intro: str = PLACEHOLDER, history: str = PLACEHOLDER):
    """A case chapter notebook for the cases whose `chapter` column is `chapter` (e.g. 'cases/kim-sok')."""
    slug = chapter.rsplit("/", 1)[-1]
    cells = [
        _md(f"({slug})=\n# {title}\n\n{intro}"),
        _code(f'''
from IPython.display import display as show
from myst_nb import glue

import casebook
from casebook.render import bibliography, citation, downloads
from casebook.views import display
from casebook.views.cases import CaseFile

data = casebook.load()
case = CaseFile(data, "{chapter}")
for key, value in case.glue_values().items():  # each value glues with its evidence marker
    glue(key, value, display=False)
timeline = case.timeline()
glue("fig-{slug}-timeline", timeline, display=False)
''', "hide-input"),
        _md(f"## At a glance\n\n{{numref}}`tbl-{slug}-glance` sets out the parties, charges, decisions and "
            "penalties as the sources report them, and each case's status with the date it holds for."),
        _code(f'''
display.table(case.at_a_glance(), label="tbl-{slug}-glance",
              caption="The case at a glance. Where a source gives a dollar figure it is shown; "
                      "otherwise dollar values are computed from data/fx_rates.csv.",
              source="data/cases.csv, case_parties.csv, charges.csv, events.csv, penalties.csv, fx_rates.csv")
''', "hide-input"),
        _md(f'''
## Timeline

```{{glue:figure}} fig-{slug}-timeline
:name: fig-{slug}-timeline

Every event the sources report for this chapter, in order. A marker alone is a date known to the
day; a grey bar is a date known only as a month, a year or an interval, with its marker at the
middle. Marker shapes distinguish court levels; dashed lines mark elections in the period.
```
'''),
        _md(f"## Procedural history\n\n{history}\n\n{{numref}}`tbl-{slug}-chronology` lists every step "
            "in order, with each date at the precision the evidence gives."),
        _code(f'''
display.table(case.chronology(), label="tbl-{slug}-chronology",
              caption="Chronology of the events reported in the sources.", source="data/events.csv")
''', "hide-input"),
        _md("## What each side said\n\nStatements are quoted as the sources print them, grouped by the position "
            "they support (a speaker who is not a party is not thereby placed on a side); "
            "*reported* marks a source's paraphrase rather than the speaker's own words."),
        _code(f'''
for number, (side, frame) in enumerate(case.statements_by_side().items(), 1):
    show(display.table(frame, label=f"tbl-{slug}-side-{{number}}", caption=side, source="data/statements.csv",
                       empty="the sources carry no statement."))
''', "hide-input"),
        _md("## Due process\n\nEach row is a claim about the fairness of the proceedings, as made by the actor "
            "named; the book does not adjudicate it."),
        _code(f'''
display.table(case.due_process(), label="tbl-{slug}-due-process", caption="Due-process claims and who makes them",
              source="data/fairness.csv, data/evidence.csv",
              empty="the sources make no claim about due process in this chapter's cases.")
''', "hide-input"),
        _md("## Uncertain or conflicting facts\n\nWhere the sources disagree, both versions are kept; where a date "
            "is known only approximately, the reasoning behind its bounds is given."),
        _code(f'''
show(display.table(case.conflicts(), label="tbl-{slug}-conflicts", caption="Conflicting reports",
                   source="data/conflicts.csv",
                   empty="the sources do not contradict each other on this chapter's cases."))
show(display.table(case.uncertain_dates(), label="tbl-{slug}-dates",
                   caption="Dates not stated to the day, or not stated at all, and how they were bounded.",
                   source="data/events.csv"))
''', "hide-input"),
        _md("## Sources and citation"),
        _code(f'''
sources = case.sources()
show(display.table(sources, label="tbl-{slug}-sources", caption="Sources used in this chapter.",
                   source="data/sources.csv, data/evidence.csv, data/statements.csv"))
show(display.Markdown("This chapter rests on " + bibliography.citations(sources["Source"], "{slug}-") + "."))
show(downloads.chapter_files("{slug}", case.rows(), {{"timeline": timeline}}))
''', "hide-input"),
        _md(f"```{{bibliography}}\n:filter: docname in docnames\n:keyprefix: {slug}-\n```\n\n### Cite this chapter"),
        _code(f'''
display.citation_block(citation.chapter_citation(
    {title!r},
    "book/{chapter}"))
''', "hide-input"),
        _md(f"## Evidence\n\n{EVIDENCE_INTRO}"),
        _code("case.evidence_section()", "hide-input"),
    ]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    for number, cell in enumerate(notebook.cells):
        cell["id"] = f"{slug}-{number:02d}"
    return notebook


def write(notebook, path) -> None:
    nbformat.write(notebook, str(path))


def refresh(path) -> None:
    """Bring a case chapter in step with the template: its code cells become the template's and the
    template's new cells are added, while its Markdown cells (the chapter's own prose) stay as they
    are. A changed cell loses its outputs: execute the chapter afterwards."""
    notebook = nbformat.read(str(path), as_version=4)
    title = next(line[2:] for line in notebook.cells[0].source.splitlines() if line.startswith("# "))
    setup = next(c.source for c in notebook.cells if c.cell_type == "code")
    chapter = setup.split('CaseFile(data, "', 1)[1].split('"', 1)[0]
    ours = {cell["id"]: cell for cell in notebook.cells}
    cells = []
    for cell in case_chapter(chapter, title).cells:
        mine = ours.get(cell["id"])
        keep = mine is not None and (mine.cell_type == "markdown" or mine.source == cell.source)
        cells.append(mine if keep else cell)
    notebook.cells = cells
    write(notebook, path)
