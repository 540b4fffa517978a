"""The data explorer: every case, event, statement and penalty in tables a reader can search,
sort and filter in the browser, each row linking to its chapter.

The tables are drawn by itables (DataTables). The page carries only each table's data and a short
script that imports DataTables from the book's own `_static/dt_bundle.js` (copied there at build
time from the itables package, casebook.render.datatables), so the library is loaded once and
nothing is fetched from another host. Every cell from the data is HTML-escaped here, before itables
sees it; the only markup in a table is the chapter link. Dates are written in words; each date
column is sorted by a hidden column of ISO dates beside it. On a phone each row is laid out as a
block of labelled lines (casebook.css and the labels `show` writes).

A table is built only when the reader comes near it (within a screen of it), or at once when the
address names its section (#events) or the keyboard focus enters it: building all four at load
held the page's first seconds. Until then the reader sees itables' static preview of its first
rows. itables writes the table (hidden), the preview, a script that swaps the two, and the module
script that builds the table; `show` keeps the first two as they are and puts the rest in a
`<template>`, which a short script of its own (BUILD_JS) clones into the page when the table is
wanted. The swap waits for the table to be built, so the preview stays until then (and stays, for
good, if DataTables cannot load).
"""

import html
import json
import posixpath
import re

import pandas as pd
from IPython.display import HTML, display

from casebook.data.toc import toc_titles
from casebook.dates import describe
from casebook.views.common import actor_names, map_distinct, page_name

LONG_TEXT = 80  # characters: a column holding longer cells is a column of long text
# Where the explorer page sits in the book (its links are relative to it).
PAGE = "methods/explorer"
# DataTables, as the built book serves it (casebook.render.datatables), relative to the page.
DT_URL = posixpath.relpath("_static/dt_bundle.js", posixpath.dirname(f"book/{PAGE}"))
# A date column's hidden neighbour, by which it is sorted: the column's name and this suffix.
SORT_SUFFIX = " (ISO)"
PHONE = 640  # px: at this width and below, each row is a block of labelled lines
OPTIONS = {
    "allow_html": True,  # the cells are escaped below; this lets the chapter link through
    "maxBytes": 0,  # never drop rows to keep the page small
    "column_filters": "footer",
    "classes": "display compact",
    "pageLength": 10,
    "lengthMenu": [10, 25, 100, -1],
    "layout": {"topStart": "pageLength", "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"},
    "order": [],
    "deferRender": True,  # rows are built when a page of the table shows them, not all at load
    "autoWidth": False,  # no measuring of columns before the first draw (the style sheet sizes them)
    "style": {"width": "100%", "table-layout": "auto"},
}


def chapter_title(chapter: str) -> str:
    """The title the table of contents gives a chapter ('' if it gives none)."""
    return toc_titles().get(f"book/{chapter}", "")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(" ".join(str(value).split()))


def _link(chapter) -> str:
    if not page_name(chapter) or not chapter_title(chapter):  # a page name only: no path out of book/
        return ""
    href = posixpath.relpath(f"{chapter}.html", posixpath.dirname(PAGE))
    return f'<a href="{html.escape(href)}">{html.escape(chapter_title(chapter))}</a>'


def _iso(earliest: pd.Series, latest: pd.Series) -> pd.Series:
    """Sort keys for dates: the first and the last possible day, ISO ('2016-09-01/2017-03-05')."""
    day = lambda ts: "" if pd.isna(ts) else ts.strftime("%Y-%m-%d")  # noqa: E731
    return pd.Series([f"{day(a)}/{day(b)}" if not pd.isna(a) else "" for a, b in zip(earliest, latest)],
                     index=earliest.index, dtype=object)


def _words(frame: pd.DataFrame, column: str) -> pd.Series:
    """A date column in words ('between September 2016 and 5 March 2017')."""
    return frame[column].map(lambda v: describe(v) if isinstance(v, str) and v else "")


def _frame(columns: dict, chapters: pd.Series) -> pd.DataFrame:
    """The chapter link (first, so it is in view without scrolling), then the escaped columns."""
    frame = pd.DataFrame({name: values.to_numpy() if pd.api.types.is_numeric_dtype(values)
                          else map_distinct(values, _text).tolist() for name, values in columns.items()})
    frame.insert(0, "Chapter", map_distinct(chapters, _link).tolist())
    return frame


def tables(data) -> dict[str, pd.DataFrame]:
    """The four tables the explorer shows, by name."""
    names = data.actors.set_index("actor_id")["name"]
    cases = data.cases.set_index("case_id")
    case_of = lambda ids: ids.map(cases["title"])  # noqa: E731
    chapter_of = lambda ids: ids.map(cases["chapter"])  # noqa: E731
    who = lambda ids: map_distinct(ids, lambda a: actor_names(a, names))  # noqa: E731

    c = data.cases
    e = data.events.sort_values(["date_earliest", "event_id"])
    s = data.statements.sort_values(["date_earliest", "statement_id"])
    p = data.penalties
    return {
        "cases": _frame({"Case": c["title"], "Kind": c["kind"], "Status": c["status"],
                         "Status as of": _words(c, "status_as_of"),
                         "Status as of" + SORT_SUFFIX: _iso(c["status_as_of_earliest"], c["status_as_of_latest"]),
                         "Case id": c["case_id"]},
                        c["chapter"]),
        "events": _frame({"Date": _words(e, "date"), "Date" + SORT_SUFFIX: _iso(e["date_earliest"], e["date_latest"]),
                          "Event": e["kind"].str.replace("_", " "), "Who": who(e["actor_id"]),
                          "Case": case_of(e["case_id"]), "Summary": e["summary"], "Event id": e["event_id"]},
                         chapter_of(e["case_id"])),
        "statements": _frame({"Date": _words(s, "date"), "Date" + SORT_SUFFIX: _iso(s["date_earliest"], s["date_latest"]),
                              "Speaker": who(s["speaker_id"]), "Quote": s["quote"],
                              "Quoted as": s["quote_kind"], "Stance": s["stance"].str.replace("_", " "),
                              "Case": case_of(s["case_id"]), "Source": s["source_id"]},
                             chapter_of(s["case_id"])),
        "penalties": _frame({"Case": case_of(p["case_id"]), "Defendant": who(p["defendant_id"]),
                             "Penalty": p["kind"].str.replace("_", " "), "Amount": p["amount"],
                             "Currency": p["currency"], "Months": p["months"],
                             "Paid to": who(p["beneficiary_id"]), "Note": p["note"]},
                            chapter_of(p["case_id"])),
    }


def _css_string(text: str) -> str:
    """A CSS string literal."""
    return json.dumps(text, ensure_ascii=False).replace("</", "<\\/")


def column_defs(frame: pd.DataFrame) -> list[dict]:
    """DataTables' column settings: a date column sorts by its hidden ISO neighbour; a column of
    long text gets the class that widens it."""
    columns = list(frame.columns)
    long = [i for i, column in enumerate(columns) if frame[column].map(lambda v: len(str(v))).max() > LONG_TEXT]
    hidden = [i for i, column in enumerate(columns) if column.endswith(SORT_SUFFIX)]
    defs = [{"targets": hidden, "visible": False, "searchable": False}] if hidden else []
    defs += [{"targets": columns.index(columns[i].removesuffix(SORT_SUFFIX)), "orderData": [i]} for i in hidden]
    return defs + [{"targets": long, "className": "explore-long"}]


def table_css(frame: pd.DataFrame, table_id: str) -> str:
    """The table's own style: long text wide on a large screen; on a phone (each row a block of
    lines) every cell and every column filter labelled with its column's name. The label is drawn
    for the eye only (its alternative text is empty): a screen reader announces the column header."""
    visible = [c for c in frame.columns if not c.endswith(SORT_SUFFIX)]
    labels = " ".join(
        f"#{table_id} td:nth-child({n})::before, #{table_id} tfoot th:nth-child({n})::before "
        f"{{ content: {_css_string(name)}; content: {_css_string(name)} / \"\"; }}"
        for n, name in enumerate(visible, start=1))
    return (f"@media (min-width: {PHONE + 1}px) {{ #{table_id} td.explore-long {{ min-width: 24em; }} }} "
            f"@media (max-width: {PHONE}px) {{ {labels} }}")


# How itables 2.9 lays out a table (itables.javascript.html_table_from_template): the table,
# hidden; the static preview (`<div id="ID_fallback">`); a script that shows the table and hides the
# preview; the DataTables style sheet; the module script that builds the table. Nothing else runs.
PREVIEW_SUFFIX = "_fallback"  # itables' id for a table's static preview: the table's id and this
ITABLES_LAYOUT = re.compile(
    r'(?P<shown>.*<table id="(?P<id>[^"]+)" hidden="hidden">.*?</table>\s*'
    rf'<div id="(?P=id){PREVIEW_SUFFIX}">.*</div>)\s*'
    r'(?P<build><script>(?P<swap>[^<]*)</script>\s*<link [^>]*rel="stylesheet">\s*'
    r'<script type="module">(?:(?!</script>).)*\bnew ITable\(table, dt_args\);\s*\}\);\s*</script>)\s*', re.DOTALL)
SWAP = ('document.getElementById("{id}")?.removeAttribute("hidden");'
        f'document.getElementById("{{id}}{PREVIEW_SUFFIX}")?.setAttribute("hidden", "hidden");')
BUILD_SUFFIX = "_build"  # the id of the template that holds what builds the table

# Builds the table (`{id}`) when it comes within a screen of the view, when the address names its
# section or the table, or when the keyboard focus enters its preview; the preview is swapped for
# the table once DataTables has built it (and the focus, if it was in the preview, moves to the
# table's first control).
BUILD_JS = """
const table = document.getElementById("{id}"), preview = document.getElementById("{id}{preview}");
const template = document.getElementById("{id}{build}"), section = table.closest("section");
let started = false;
const near = new IntersectionObserver(seen => seen.some(entry => entry.isIntersecting) && build(),
                                      {{rootMargin: "100% 0px"}});
function build() {{
  if (started) return;
  started = true;
  near.disconnect();
  const parts = document.importNode(template.content, true);
  const swap = parts.querySelector("script:not([type])");
  swap.remove();
  new MutationObserver((changes, watcher) => {{
    if (!table.classList.contains("dataTable")) return;
    watcher.disconnect();
    const focused = preview.contains(document.activeElement);
    template.after(swap);
    if (focused) table.closest(".dt-container")?.querySelector("select, input")?.focus();
  }}).observe(table, {{attributeFilter: ["class"]}});
  template.after(parts);
}}
function named() {{
  const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (target && (target === section || target === table || preview.contains(target))) build();
}}
near.observe(preview);
preview.addEventListener("focusin", build);
addEventListener("hashchange", named);
named();
"""


def preview_css(frame: pd.DataFrame, table_id: str) -> str:
    """The static preview's own style: the hidden ISO columns hidden there too."""
    hidden = [n for n, column in enumerate(frame.columns, start=1) if column.endswith(SORT_SUFFIX)]
    return " ".join(f"#{table_id}{PREVIEW_SUFFIX} :is(th, td):nth-child({n}) {{ display: none; }}" for n in hidden)


def build_when_near(output: str) -> str:
    """itables' output for one table, rewritten so that the table is built only when wanted
    (BUILD_JS). Raises ValueError when the output is not laid out as ITABLES_LAYOUT expects, so
    that a change in itables stops the build instead of leaving a table that is never built."""
    layout = ITABLES_LAYOUT.fullmatch(output)
    if not layout:
        raise ValueError("itables' output is not the hidden table, its static preview, the swap script and the "
                         "module script that builds the table (casebook.views.explorer.ITABLES_LAYOUT): "
                         "check the pinned itables version")
    table_id, build = layout["id"], layout["build"]
    if layout["swap"] != SWAP.format(id=table_id) or output.count("<script") != 2 or "</template" in build.lower():
        raise ValueError(f"itables' scripts for {table_id} are not the swap and the build expected "
                         "(casebook.views.explorer.ITABLES_LAYOUT)")
    return (f'<div class="casebook-explore">{layout["shown"]}\n'
            f'<template id="{table_id}{BUILD_SUFFIX}">{build}</template>\n'
            f'<script type="module">{BUILD_JS.format(id=table_id, preview=PREVIEW_SUFFIX, build=BUILD_SUFFIX)}</script></div>')


def show(frame: pd.DataFrame, name: str) -> None:
    """One interactive table, with a fixed id (so the stored output is the same on every run),
    drawn by the DataTables the book serves (DT_URL) when the reader comes near it."""
    from itables import to_html_datatable
    table_id = f"explore-{name}"
    output = to_html_datatable(
        frame, table_id=table_id, connected=True, dt_url=DT_URL,
        display_logo_when_loading=False, columnDefs=column_defs(frame), **OPTIONS)
    style = f"<style>{table_css(frame, table_id)} {preview_css(frame, table_id)}</style>\n"
    display(HTML(style + build_when_near(output)))
