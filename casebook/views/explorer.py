"""The data explorer: every case, event, statement and penalty in tables a reader can search,
sort and filter in the browser, each row linking to its chapter.

The tables are drawn by itables (DataTables) in its offline mode: `init()` puts the JavaScript
into the page itself, so nothing is fetched from the network. Every cell from the data is
HTML-escaped here, before itables sees it; the only markup in a table is the chapter link.
"""

import html
import posixpath

import pandas as pd
from IPython.display import HTML, display

from casebook.data.toc import toc_titles
from casebook.dates import describe
from casebook.views.common import actor_names, map_distinct, page_name

LONG_TEXT = 80  # characters: a column holding longer cells is a column of long text
# Where the explorer page sits in the book (its links are relative to it).
PAGE = "methods/explorer"
OPTIONS = {
    "allow_html": True,  # the cells are escaped below; this lets the chapter link through
    "maxBytes": 0,  # never drop rows to keep the page small
    "column_filters": "footer",
    "classes": "display compact",
    "pageLength": 10,
    "lengthMenu": [10, 25, 100, -1],
    "layout": {"topStart": "pageLength", "topEnd": "search", "bottomStart": "info", "bottomEnd": "paging"},
    "order": [],
    "scrollX": True,  # a wide table scrolls within the page instead of being cut off
    "style": {"width": "100%", "table-layout": "auto"},
}


def init() -> None:
    """Put the DataTables JavaScript and CSS into the page (offline: no request leaves the book)."""
    import itables
    itables.init_notebook_mode(all_interactive=False, connected=False)


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
                         "Status as of": c["status_as_of"].map(describe), "Case id": c["case_id"]},
                        c["chapter"]),
        "events": _frame({"Date": e["date"], "Event": e["kind"].str.replace("_", " "), "Who": who(e["actor_id"]),
                          "Case": case_of(e["case_id"]), "Summary": e["summary"], "Event id": e["event_id"]},
                         chapter_of(e["case_id"])),
        "statements": _frame({"Date": s["date"], "Speaker": who(s["speaker_id"]), "Quote": s["quote"],
                              "Quoted as": s["quote_kind"], "Stance": s["stance"].str.replace("_", " "),
                              "Case": case_of(s["case_id"]), "Source": s["source_id"]},
                             chapter_of(s["case_id"])),
        "penalties": _frame({"Case": case_of(p["case_id"]), "Defendant": who(p["defendant_id"]),
                             "Penalty": p["kind"].str.replace("_", " "), "Amount": p["amount"],
                             "Currency": p["currency"], "Months": p["months"],
                             "Paid to": who(p["beneficiary_id"]), "Note": p["note"]},
                            chapter_of(p["case_id"])),
    }


def show(frame: pd.DataFrame, name: str) -> None:
    """One interactive table, with a fixed id (so the stored output is the same on every run).
    Columns of long text get a minimum width, so their rows do not grow very tall."""
    from itables import to_html_datatable
    long = [i for i, column in enumerate(frame.columns)
            if frame[column].map(lambda v: len(str(v))).max() > LONG_TEXT]
    display(HTML(to_html_datatable(
        frame, table_id=f"explore-{name}", connected=False,
        display_logo_when_loading=False, columnDefs=[{"targets": long, "className": "explore-long"}],
        css=f"#explore-{name} td.explore-long {{ min-width: 24em; }}", **OPTIONS)))
