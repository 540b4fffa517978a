"""The data explorer's tables: one row per record, every cell escaped once, each row linked to its
chapter by the chapter's own title; and the interactive table around them."""


import pandas as pd
import pytest
import yaml

import casebook
from casebook import dates
from casebook.data.load import Dataset
from casebook.data.toc import toc_titles
from casebook.views import explorer

HOSTILE = '<img src=x onerror="alert(1)"> & "quotes"'


@pytest.fixture
def book(tmp_path):
    """A project whose table of contents titles cases/one 'Case <One>' and lists cases/untitled
    without a title."""
    toc = tmp_path / "_toc.yml"
    toc.write_text(yaml.safe_dump({"format": "jb-book", "root": "book/index", "chapters": [
        {"file": "book/cases/one", "title": "Case <One>"}, {"file": "book/cases/untitled.ipynb"}]}), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(explorer, "toc_titles", lambda: toc_titles(toc))
        yield tmp_path


def dated(rows, columns, column="date"):
    frame = pd.DataFrame(rows, columns=columns)
    dates.add_bounds(frame, column)
    return frame


def small_data() -> Dataset:
    """Two cases (one told in cases/one, one in a chapter with no notebook), their events,
    statements and penalties; one event without a case."""
    actors = pd.DataFrame([("a", "Alpha"), ("b", "Beta")], columns=["actor_id", "name"])
    cases = dated([("c1", "One v. Two", "criminal", "open", "2020-05-01", "cases/one"),
                   ("c2", HOSTILE, "civil", "closed", "2021", "cases/missing")],
                  ["case_id", "title", "kind", "status", "status_as_of", "chapter"], "status_as_of")
    events = dated([("e2", "2020-02", "court_letter", "a b", "c1", "Later,\n  on two lines."),
                    ("e1", "2019", "lawsuit", "b", "c2", HOSTILE),
                    ("e0", "2020-02", "leak", None, None, "No case.")],
                   ["event_id", "date", "kind", "actor_id", "case_id", "summary"])
    statements = dated([("s1", "2020-03-04", "b", "We object.", "direct", "for_defence", "c1", "src")],
                       ["statement_id", "date", "speaker_id", "quote", "quote_kind", "stance", "case_id", "source_id"])
    penalties = pd.DataFrame([("c1", "a", "prison_term", None, None, 18.0, None, None),
                              ("c2", "b", "fine", 4_000_000.0, "KHR", None, "a", "Paid <late>.")],
                             columns=["case_id", "defendant_id", "kind", "amount", "currency", "months",
                                      "beneficiary_id", "note"])
    return Dataset(actors=actors, cases=cases, events=events, statements=statements, penalties=penalties)


def test_the_chapter_title_is_the_one_the_table_of_contents_gives(book):
    assert explorer.chapter_title("cases/one") == "Case <One>"
    assert explorer.chapter_title("cases/missing") == ""
    assert explorer.chapter_title("cases/untitled") == ""


def test_each_table_has_one_row_per_record_and_the_chapter_link_first(book):
    tables = explorer.tables(small_data())
    assert list(tables) == ["cases", "events", "statements", "penalties"]
    assert [len(t) for t in tables.values()] == [2, 3, 1, 2]
    assert all(list(t.columns)[0] == "Chapter" for t in tables.values())
    cases = tables["cases"]
    # the explorer sits in methods/, so a chapter is one folder up; its title is escaped in the link
    assert cases["Chapter"].tolist() == ['<a href="../cases/one.html">Case &lt;One&gt;</a>', ""]
    assert cases["Status as of"].tolist() == ["1 May 2020", "2021"]


def test_events_are_in_date_order_with_names_for_ids_and_words_for_codes(book):
    events = explorer.tables(small_data())["events"]
    assert events["Event id"].tolist() == ["e1", "e0", "e2"]  # by earliest day, then id
    row = events.set_index("Event id").loc["e2"]
    assert (row["Event"], row["Who"], row["Case"]) == ("court letter", "Alpha, Beta", "One v. Two")
    assert row["Summary"] == "Later, on two lines."  # white space as one space
    no_case = events.set_index("Event id").loc["e0"]
    assert (no_case["Chapter"], no_case["Who"], no_case["Case"]) == ("", "", "")


def test_every_cell_from_the_data_is_escaped_once(book):
    tables = explorer.tables(small_data())
    escaped = '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;'
    assert tables["cases"].loc[1, "Case"] == escaped
    assert tables["events"].set_index("Event id").loc["e1", "Summary"] == escaped
    assert tables["penalties"].loc[1, "Note"] == "Paid &lt;late&gt;."
    cells = " ".join(str(v) for t in tables.values() for v in t.drop(columns="Chapter").to_numpy().ravel())
    assert "<" not in cells and "&amp;lt;" not in cells


def test_numbers_stay_numbers_and_missing_values_are_blank(book):
    penalties = explorer.tables(small_data())["penalties"]
    assert pd.api.types.is_numeric_dtype(penalties["Amount"]) and pd.api.types.is_numeric_dtype(penalties["Months"])
    assert penalties["Amount"].tolist()[1] == 4_000_000 and penalties["Months"].tolist()[0] == 18
    assert penalties.loc[0, ["Currency", "Paid to", "Note"]].tolist() == ["", "", ""]
    assert penalties.loc[1, ["Penalty", "Paid to"]].tolist() == ["fine", "Alpha"]
    statements = explorer.tables(small_data())["statements"]
    assert statements.loc[0, ["Speaker", "Stance", "Case"]].tolist() == ["Beta", "for defence", "One v. Two"]


def test_the_real_data_every_row_and_every_chapter_linked():
    data = casebook.load(check_quotes=False)
    tables = explorer.tables(data)
    assert len(tables["cases"]) == len(data.cases) and len(tables["events"]) == len(data.events)
    assert len(tables["statements"]) == len(data.statements) and len(tables["penalties"]) == len(data.penalties)
    assert tables["cases"]["Chapter"].str.startswith('<a href="../cases/').all()
    linked = tables["events"]["Chapter"] != ""
    assert linked.sum() == data.events["case_id"].notna().sum()


def test_dates_are_in_words_and_sorted_by_a_hidden_iso_column(book):
    tables = explorer.tables(small_data())
    events = tables["events"].set_index("Event id")
    assert events.loc["e2", "Date"] == "February 2020" and events.loc["e1", "Date"] == "2019"
    assert events.loc["e2", "Date (ISO)"] == "2020-02-01/2020-02-29"
    assert events.loc["e1", "Date (ISO)"] == "2019-01-01/2019-12-31"
    assert tables["statements"].loc[0, ["Date", "Date (ISO)"]].tolist() == ["4 March 2020", "2020-03-04/2020-03-04"]
    assert tables["cases"]["Status as of (ISO)"].tolist() == ["2020-05-01/2020-05-01", "2021-01-01/2021-12-31"]
    # the ISO key sorts as the dates fall, which the words would not ("February 2020" < "January 2019")
    assert events.loc[["e1", "e0", "e2"], "Date (ISO)"].is_monotonic_increasing


def test_a_date_column_sorts_by_its_hidden_neighbour():
    frame = pd.DataFrame({"Chapter": [""], "Date": ["2019"], "Date (ISO)": ["2019-01-01/2019-12-31"],
                          "Long": ["word " * 20]})
    defs = explorer.column_defs(frame)
    assert {"targets": [2], "visible": False, "searchable": False} in defs
    assert {"targets": 1, "orderData": [2]} in defs
    assert {"targets": [3], "className": "explore-long"} in defs
    assert explorer.column_defs(frame.drop(columns="Date (ISO)"))[0] == {"targets": [2], "className": "explore-long"}


def test_on_a_phone_every_visible_cell_and_filter_is_labelled_with_its_column():
    frame = pd.DataFrame({"Chapter": [""], "Date": ["2019"], "Date (ISO)": ["2019"], 'Quoted "as"': ["x"]})
    css = explorer.table_css(frame, "explore-t")
    phone = css[css.index("@media (max-width: 640px)"):]
    # the hidden column has no cell in the page, so the cells after it take its place
    assert '#explore-t td:nth-child(2)::before, #explore-t tfoot th:nth-child(2)::before { content: "Date"' in phone
    assert '#explore-t td:nth-child(3)::before' in phone and 'content: "Quoted \\"as\\"" / "";' in phone
    assert "nth-child(4)" not in phone and "ISO" not in phone
    assert "td.explore-long { min-width: 24em; }" in css[:css.index("@media (max-width")]


def test_show_draws_a_table_with_datatables_from_the_book_and_a_fixed_id(monkeypatch):
    shown = []
    monkeypatch.setattr(explorer, "display", shown.append)
    frame = pd.DataFrame({"Chapter": ['<a href="x.html">X</a>'], "Short": ["a &lt;b&gt;"],
                          "Long": ["word " * 20], "Amount": [1.5]})
    explorer.show(frame, "cases")
    (html,) = [h.data for h in shown]
    assert '<table id="explore-cases"' in html
    assert '{"className": "explore-long", "targets": [2]}' in html  # only the column of long text
    assert "#explore-cases td.explore-long { min-width: 24em; }" in html
    assert '"deferRender": true' in html
    assert "a &lt;b&gt;" in html and "&amp;lt;" not in html  # escaped once, here, not again by itables
    # DataTables is imported from the book's own copy, relative to the page (book/methods/explorer)
    assert explorer.DT_URL == "../../_static/dt_bundle.js"
    assert "from '../../_static/dt_bundle.js'" in html and 'href="../../_static/dt_bundle.css"' in html
    assert "https://cdn" not in html and "unpkg" not in html  # nothing fetched from another host
    assert len(html) < 12_000  # the page carries the data, not the library


def _parts(html: str) -> tuple[str, str, str]:
    """The output of `show` as what the page shows at once, the template's content, and the rest."""
    before, rest = html.split('<template id="explore-cases_build">')
    inside, after = rest.split("</template>")
    return before, inside, after


def test_show_leaves_the_table_to_be_built_when_wanted_and_the_preview_in_view(monkeypatch):
    shown = []
    monkeypatch.setattr(explorer, "display", shown.append)
    frame = pd.DataFrame({"Chapter": [""], "Date": ["2019"], "Date (ISO)": ["2019-01-01/2019-12-31"], "Note": ["x"]})
    explorer.show(frame, "cases")
    before, inside, after = _parts(shown[0].data)
    # at once: the table (hidden) and its static preview (shown), with no script that runs
    assert '<table id="explore-cases" hidden="hidden">' in before and '<div id="explore-cases_fallback">' in before
    assert "<script" not in before and 'id="explore-cases_fallback" hidden' not in before
    # the ISO column is hidden in the preview as in the table
    assert "#explore-cases_fallback :is(th, td):nth-child(3) { display: none; }" in before
    # in the template, inert until cloned: the swap, DataTables' style sheet and the module that builds the table
    assert inside.count("<script>") == 1 and 'removeAttribute("hidden")' in inside
    assert 'href="../../_static/dt_bundle.css"' in inside and "new ITable(table, dt_args)" in inside
    # after it, only the script that clones it when the table is wanted
    assert after.count("<script") == 1 and 'getElementById("explore-cases_build")' in after
    assert "IntersectionObserver" in after and "hashchange" in after and "focusin" in after


def test_itables_output_of_another_shape_stops_the_build(monkeypatch):
    import itables

    frame = pd.DataFrame({"Chapter": [""], "Note": ["x"]})
    real = itables.to_html_datatable(frame, table_id="explore-t", connected=True, dt_url=explorer.DT_URL, **explorer.OPTIONS)
    assert "_fallback" in explorer.build_when_near(real)
    swap = explorer.SWAP.format(id="explore-t")
    fallback = real[real.index('<div id="explore-t_fallback">'):real.index(swap) + len(swap) + len("</script>")]
    changed = {
        "no static preview": real.replace(fallback, ""),
        "another swap": real.replace(swap, swap.replace("removeAttribute", "toggleAttribute")),
        "another script": real.replace("</table>\n<div", "</table><script>go()</script>\n<div", 1),
        "the table not built by ITable": real.replace("new ITable(table, dt_args);", "new DataTable(table);"),
        "a template closed inside the data": real.replace('"data_json": "', '"data_json": "</template>', 1),
    }
    for why, output in changed.items():
        assert output != real, why
        with pytest.raises(ValueError, match="itables"):
            explorer.build_when_near(output)
    # show() stops as well
    monkeypatch.setattr(itables, "to_html_datatable", lambda *args, **kwargs: changed["no static preview"])
    monkeypatch.setattr(explorer, "display", lambda _: None)
    with pytest.raises(ValueError, match="itables"):
        explorer.show(frame, "t")


def test_the_build_serves_the_pinned_datatables_once(tmp_path):
    from types import SimpleNamespace

    from casebook.render import datatables

    app = SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    datatables._copy(app, None)
    for name in datatables.FILES:
        assert (tmp_path / "_static" / name).read_bytes() == (datatables.bundle_dir() / name).read_bytes()
    assert "ITable" in (tmp_path / "_static" / "dt_bundle.js").read_text(encoding="utf-8")
    latex = tmp_path / "latex"
    datatables._copy(SimpleNamespace(outdir=str(latex), builder=SimpleNamespace(format="latex")), None)
    datatables._copy(SimpleNamespace(outdir=str(latex), builder=SimpleNamespace(format="html")), RuntimeError())
    assert not latex.exists()
