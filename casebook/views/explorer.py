"""The data explorer: every case, event, statement and penalty in tables a reader can search,
sort and filter in the browser, each row linking to its chapter.

The tables are drawn by itables (DataTables). The page carries only each table's data and a short
script that imports DataTables from the book's own `_static/dt_bundle.js` (copied there at build
time from the itables package, casebook.render.datatables), so the library is loaded once and
nothing is fetched from another host. Every cell from the data is HTML-escaped here, before itables
sees it; the only markup in a table is the chapter link. Dates are written in words; each date
column is sorted by a hidden column of ISO dates beside it. On a phone each row is laid out as a
block of labelled lines (casebook.css and the labels `show` writes).
"""

import html
import json
import posixpath

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


def show(frame: pd.DataFrame, name: str) -> None:
    """One interactive table, with a fixed id (so the stored output is the same on every run),
    drawn by the DataTables the book serves (DT_URL)."""
    from itables import to_html_datatable
    table_id = f"explore-{name}"
    display(HTML(to_html_datatable(
        frame, table_id=table_id, connected=True, dt_url=DT_URL,
        display_logo_when_loading=False, columnDefs=column_defs(frame),
        css=table_css(frame, table_id), **OPTIONS)))
