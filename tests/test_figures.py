"""Every figure the book draws, rendered on the real data and on a bigger synthetic package, has
no two pieces of text overlapping and no text cut by the figure's edge; and the figure functions
each draw what their data says."""

import json
import re
from itertools import combinations

import matplotlib.dates
import matplotlib.lines
import matplotlib.text
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

import casebook
from casebook import __version__
from casebook.settings import ROOT
from casebook.views import figures, landing, patterns
from casebook.views.cases import CaseFile
from casebook.vocabulary import CONFLICT_KIND_WORDS, STANCE_WORDS
from tools.synth import synthesise

CHAPTERS = sorted(p.stem for p in (ROOT / "book" / "cases").glob("*.ipynb"))


def book_figures(data) -> dict:
    """Every figure the chapters glue, by glue name, drawn as the chapters draw it."""
    charts = {f"fig-{c}-timeline": CaseFile(data, f"cases/{c}").timeline() for c in CHAPTERS}
    titles = data.cases.set_index("case_id")["title"].to_dict()
    charts.update({
        "fig-overview": landing.overview(data),
        "fig-timing": figures.election_calendar(patterns.election_timing(data), data.elections, "Source: test.",
                                                windows=patterns.timing_windows(data)),
        "fig-money": figures.money_chart(patterns.money_table(data), "Source: test."),
        "fig-who-sues-whom": figures.suit_network(patterns.suit_edges(data), "Source: test.",
                                                  not_drawn=patterns.parties_findings(data)["without_bringer"]),
        "fig-due-process": figures.indicator_matrix(patterns.fairness_values(data), titles, "Source: test."),
        "fig-leaks": figures.timeline(patterns.digital_timeline(data, patterns.digital_events(data)),
                                      data.elections, "Source: test."),
        "fig-apology": figures.stacked_bars(patterns.apology_by_stance(patterns.apology_statements(data)),
                                            "statements", "Source: test."),
        "fig-voices": figures.stacked_bars(patterns.voices_by_source_name(data), "statements", "Source: test."),
        "fig-conflicts": figures.stacked_bars(patterns.conflicts_by_kind(data), "conflicts", "Source: test."),
    })
    return charts


# --- the layout check ----------------------------------------------------------------------------

def _shown_texts(fig) -> list:
    """Every piece of text the figure draws: tick labels inside the axis range, labels, legends,
    annotations, the credit line."""
    ticks, texts = set(), []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks.update({id(tick.label1), id(tick.label2)})
                if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    texts += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    texts += [t for t in fig.findobj(matplotlib.text.Text) if id(t) not in ticks and t.get_visible()]
    return [t for t in texts if t.get_text().strip()]


def layout_problems(fig) -> list[str]:
    """Text that overlaps other text, or that the figure's edge cuts, as readable lines."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in _shown_texts(fig)]
    problems = []
    width, height = fig.bbox.width, fig.bbox.height
    for text, box in boxes:
        if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5:
            problems.append(f"{text!r} is cut by the figure edge ({box.bounds} in {width:.0f}x{height:.0f})")
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        overlap_x = min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0)
        overlap_y = min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0)
        if overlap_x > 0.5 and overlap_y > 0.5:
            problems.append(f"{a!r} overlaps {b!r}")
    return problems


@pytest.fixture(scope="module")
def real_data():
    return casebook.load(check_quotes=False)


@pytest.fixture(scope="module")
def real_figures(real_data) -> dict:
    """Every figure the chapters glue, drawn once from the real data for the tests that read them."""
    return book_figures(real_data)


@pytest.fixture(scope="module")
def bigger_data(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth") / "data"
    synthesise(2, out)
    return casebook.load(out, check_quotes=False)


def test_no_text_overlaps_or_is_cut_in_any_figure(real_figures):
    problems = [f"{name}: {p}" for name, chart in real_figures.items() for p in layout_problems(chart.figure)]
    assert problems == [], "\n".join(problems)


def test_no_text_overlaps_or_is_cut_with_twice_the_data(bigger_data):
    problems = [f"{name}: {p}" for name, chart in book_figures(bigger_data).items()
                for p in layout_problems(chart.figure)]
    assert problems == [], "\n".join(problems)


def test_the_check_catches_overlapping_and_cut_text():
    chart = figures.stacked_bars(pd.DataFrame({"neutral": [1]}, index=["a"]), "things", "Source: test.")
    ax = chart.figure.axes[0]
    ax.annotate("lying on the tick label", (0, 0), xycoords="axes fraction", xytext=(-20, -8),
                textcoords="offset points")
    ax.annotate("running off the right edge of the figure", (1, 0.5), xycoords="figure fraction")
    problems = layout_problems(chart.figure)
    assert any("overlap" in p and "'lying on the tick label'" in p for p in problems), problems
    assert any("running off the right edge" in p and "cut by the figure edge" in p for p in problems), problems


def test_the_gallery_holds_every_figure_the_chapters_glue(real_figures):
    glued = set()
    for notebook in (ROOT / "book").rglob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            glued |= set(re.findall(r"glue\(f?\"(fig-[^\"]+)\"", "".join(cell["source"])))
    names = {n.replace("{slug}", c) for n in glued for c in CHAPTERS} if any("{" in n for n in glued) else glued
    assert names <= set(real_figures), names - set(real_figures)


# --- what each figure function draws -------------------------------------------------------------

def _events(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event_id", "date", "court_level", "label"])
    frame["date_earliest"] = pd.to_datetime([d.split("/")[0] for d in frame["date"]])
    frame["date_latest"] = pd.to_datetime([d.split("/")[-1] for d in frame["date"]])
    return frame


ELECTIONS = pd.DataFrame({"election_id": ["n-2023"], "date": ["2023-07-23"], "kind": ["national"],
                          "date_earliest": pd.to_datetime(["2023-07-23"]), "date_latest": pd.to_datetime(["2023-07-23"])})


def _labels(ax, axis="y") -> list[str]:
    return [t.get_text() for t in getattr(ax, f"get_{axis}ticklabels")()]


def test_timeline_wraps_long_labels_reaches_the_next_election_and_says_what_it_shows():
    long = "UN finding: United Nations Working Group on Arbitrary Detention"
    chart = figures.timeline(_events([("a", "2022-12-01", "municipal", "Arrest: police"),
                                      ("b", "2023-01-01/2023-03-31", None, long)]), ELECTIONS, "Source: test.")
    ax = chart.figure.axes[0]
    assert "\n" in _labels(ax)[1] and "..." not in _labels(ax)[1] and _labels(ax)[1].replace("\n", " ") == long
    assert ax.get_xlim()[1] > pd.Timestamp("2023-07-23").toordinal() - 719163  # matplotlib days since 1970
    years = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{4}", y) for y in years), years
    assert chart.alt.startswith("Timeline of 2 events from 1 December 2022 to ")
    assert "national election of 23 July 2023" in chart.alt and "1 by the municipal court" in chart.alt
    texts = [t.get_text() for t in chart.figure.texts]
    assert any(f"version {__version__}" in t and "CC BY 4.0" in t and "Source: test." in t for t in texts)


def test_money_chart_uses_a_linear_axis_and_labels_every_bar():
    table = pd.DataFrame({"Case": ["A v. B", "C v. D"], "Kind": ["fine", "compensation"],
                          "usd_computed": [2500.0, 1_000_000.0], "usd_stated": [None, 1_000_000.0]})
    chart = figures.money_chart(table, "Source: test.")
    ax = chart.figure.axes[0]
    assert ax.get_xscale() == "linear"
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["$1,000,000 (source: $1,000,000)", "$2,500"]
    assert ">$1,000,000 (source: $1,000,000)</text>" in chart.svg  # a dollar sign is not read as maths
    assert _labels(ax) == ["C v. D: compensation", "A v. B: fine"]
    assert chart.alt.startswith("Bar chart of 2 monetary penalties in US dollars, largest first: ")
    assert "C v. D, compensation: $1,000,000 (source: $1,000,000); A v. B, fine: $2,500" in chart.alt


def test_a_side_keeps_its_fill_in_every_chart():
    voices = figures.stacked_bars(pd.DataFrame({"for_prosecution": [2], "for_defence": [1]}, index=["s"]), "n", "x")
    apology = figures.stacked_bars(pd.DataFrame({STANCE_WORDS["for_defence"]: [1], STANCE_WORDS["for_prosecution"]: [3]},
                                                index=["c"]), "n", "x")

    def fills(chart):
        bars = chart.figure.axes[0].containers
        return {c.get_label(): (tuple(c[0].get_facecolor()), c[0].get_hatch()) for c in bars}

    prosecution, defence = STANCE_WORDS["for_prosecution"], STANCE_WORDS["for_defence"]
    assert fills(voices) == fills(apology)  # a code and its words draw the same
    assert [c.get_label() for c in apology.figure.axes[0].containers] == [prosecution, defence]
    assert fills(voices)[prosecution] != fills(voices)[defence]
    assert voices.alt == (f"Bar chart of n in 1 row, split by {prosecution}, {defence}. "
                          f"s: 2 {prosecution}, 1 {defence}.")


def test_no_two_meanings_share_a_fill_or_a_marker():
    assert len(set(figures.FILLS.values())) == len(figures.FILLS)
    assert not set(figures.FILLS.values()) & set(figures.SPARE_FILLS)
    court = {m for m, _ in figures.COURT_MARKERS.values()}
    steps = {m for _, m in figures.STEP_GROUPS.values()} | {figures.OTHER_STEP[1]}
    assert len(court) == len(figures.COURT_MARKERS) and len(steps) == 4
    assert not court & steps and figures.CLAIM_MARKER not in court | steps


def test_suit_network_names_every_party_and_the_matrix_counts_its_cells():
    edges = pd.DataFrame({"source": ["Hun Sen", "CPP"], "target": ["Kim Sok", "Son Chhay"], "kind": ["criminal", "civil"]})
    chart = figures.suit_network(edges, "Source: test.")
    shown = {t.get_text() for t in chart.figure.axes[0].texts}
    assert {"Hun Sen", "CPP", "Kim Sok", "Son Chhay"} <= shown
    assert "Hun Sen against Kim Sok (criminal case); CPP against Son Chhay (civil case)" in chart.alt
    assert "Not drawn" not in chart.alt
    noted = figures.suit_network(edges, "Source: test.", not_drawn=4)
    assert any(t.get_text().startswith("Not drawn: 4 proceedings") for t in noted.figure.axes[0].texts)
    assert noted.alt.endswith("Not drawn: 4 proceedings whose bringer the sources neither name nor let the book work out.")
    values = pd.DataFrame({"fair_trial": ["yes", "disputed"], "counsel": ["", "no"]}, index=["a", "b"])
    matrix = figures.indicator_matrix(values, {"a": "Case A", "b": "Case B"}, "Source: test.")
    assert "1 cells with a claim that the indicator holds, 1 with a claim that it does not, 1 disputed" in matrix.alt
    assert _labels(matrix.figure.axes[0], "x") == ["fair trial", "counsel"]


def test_a_chart_is_an_svg_image_with_real_text_and_its_alt_text():
    draw = lambda: figures.stacked_bars(pd.DataFrame({"neutral": [1]}, index=["Radio Free Asia"]), "statements", "x")  # noqa: E731
    chart = draw()
    svg = chart.svg
    assert "<text" in svg and "Radio Free Asia" in svg
    assert draw().svg == svg  # the same data gives the same file on every run (stored outputs compare)
    bundle = chart._repr_mimebundle_()
    assert 'alt="Bar chart of statements in 1 row' in bundle["text/html"]
    assert bundle["text/html"].count("data:image/svg+xml;base64,") == 1
    assert bundle["text/plain"] == chart.alt


def test_voices_figure_names_sources_by_publisher_and_date(real_data):
    names = list(patterns.voices_by_source_name(real_data).index)
    assert "International Commission of Jurists (ICJ), 3 March 2023" in names
    assert not set(names) & set(real_data.sources["source_id"])


def test_downloads_keep_text_editable_and_carry_the_description(tmp_path):
    chart = figures.stacked_bars(pd.DataFrame({"neutral": [2]}, index=["Radio Free Asia"]), "statements", "x")
    chart.savefig(tmp_path / "chart.svg", metadata={"Date": None})
    chart.savefig(tmp_path / "chart.png", dpi=200)
    svg = (tmp_path / "chart.svg").read_text(encoding="utf-8")
    assert ">Radio Free Asia</text>" in svg and chart.alt in svg
    assert chart.alt.encode("latin-1") in (tmp_path / "chart.png").read_bytes()  # a PNG text chunk


def test_an_unknown_category_takes_a_spare_fill_never_a_side_s():
    assert figures.fill("awaiting trial") in figures.SPARE_FILLS
    assert figures.fill("for_defence") == figures.FILLS[STANCE_WORDS["for_defence"]]
    assert figures.fill("parties_dispute") == figures.FILLS[CONFLICT_KIND_WORDS["parties_dispute"]]


def test_suit_network_orders_defendants_by_who_sued_them_so_lines_do_not_cross():
    edges = pd.DataFrame({"source": ["X", "Y", "X"], "target": ["B", "A", "C"], "kind": ["criminal"] * 3})
    ax = figures.suit_network(edges, "Source: test.").figure.axes[0]
    heights = {t.get_text(): t.xy[1] for t in ax.texts if t.get_text() in "ABC"}
    assert sorted(heights, key=heights.get) == ["B", "C", "A"]


def test_a_timeline_of_bare_day_ranges_names_its_period_by_month():
    """Rows with bounds but no date text as the data writes it: the period is told by month and year."""
    events = _events([("a", "2022-12-01", None, "First"), ("b", "2023-01-01/2023-03-31", None, "Second")])
    chart = figures.timeline(events.drop(columns="date"), ELECTIONS, "Source: test.")
    assert chart.alt.startswith("Timeline of 2 events from December 2022 to March 2023, one row each")
    assert "No court act is among them." in chart.alt


def _looks(handle) -> tuple:
    """How a legend entry looks: marker, its fill, line style, colour and width (or a patch's fill)."""
    if isinstance(handle, matplotlib.lines.Line2D):
        return ("line", handle.get_marker(), str(handle.get_markerfacecolor()), handle.get_linestyle(),
                str(handle.get_color()), handle.get_linewidth())
    return ("patch", tuple(handle.get_facecolor()), handle.get_hatch())


def _drawn(ax) -> list[tuple]:
    return [_looks(line) for line in ax.get_lines()] + [_looks(p) for p in ax.patches]


@pytest.mark.parametrize("name", ["fig-timing", "fig-leaks", "fig-who-sues-whom", "fig-leaked-call-timeline",
                                  "fig-election-2023-timeline", "fig-overview"])
def test_every_legend_entry_looks_different_and_is_drawn(real_figures, name):
    chart = real_figures[name]
    ax, (legend,) = chart.figure.axes[0], chart.figure.legends
    looks = [_looks(h) for h in legend.legend_handles]
    assert len(set(looks)) == len(looks), [t.get_text() for t in legend.get_texts()]
    drawn = _drawn(ax)
    for handle, text in zip(legend.legend_handles, legend.get_texts()):
        if not isinstance(handle, matplotlib.lines.Line2D):
            continue
        look = _looks(handle)
        if look[1] not in ("None", "", None):  # a marker: drawn in that shape
            assert any(d[0] == "line" and d[1] == look[1] for d in drawn), text.get_text()
        else:  # a line: drawn in that style and colour (elections are drawn with axvline)
            assert any(d[0] == "line" and d[3:5] == look[3:5] for d in drawn), text.get_text()


def _steps(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["Case", "kind", "date", "start_basis"])
    frame["date_earliest"] = pd.to_datetime([d.split("/")[0] for d in frame["date"]])
    frame["date_latest"] = pd.to_datetime([d.split("/")[-1] for d in frame["date"]])
    return frame.assign(end_basis=None)


def test_the_election_chart_fills_day_dates_shows_short_ranges_and_parts_steps_on_one_date():
    steps = _steps([("A", "arrest", "2020-01-16", None), ("A", "verdict", "2019-03-01/2019-03-31", None),
                    ("A", "hearing", "2019-03-01/2019-03-31", None), ("B", "lawsuit", "2019-01-01/2019-01-20", "assumed")])
    chart = figures.election_calendar(steps, ELECTIONS, "Source: test.")
    ax = chart.figure.axes[0]
    markers = [line for line in ax.get_lines() if line.get_marker() not in ("None", "", None, "|")]
    fills = {line.get_marker(): line.get_markerfacecolor() for line in markers}
    assert fills["v"] == figures.INK and fills["*"] == "white"  # day-exact filled, a range's middle hollow
    ticks = [line for line in ax.get_lines() if line.get_marker() == "|"]  # each range's two ends, marked
    assert sorted((min(t.get_xdata()), max(t.get_xdata())) for t in ticks) == [
        (pd.Timestamp("2019-01-01"), pd.Timestamp("2019-01-21")), (pd.Timestamp("2019-03-01"), pd.Timestamp("2019-04-01")),
        (pd.Timestamp("2019-03-01"), pd.Timestamp("2019-04-01"))]
    bars = [line for line in ax.get_lines() if line.get_marker() in ("None", "", None) and len(line.get_xdata()) == 2
            and line.get_linestyle() != "--"]  # not the election's dashed line
    ends = sorted((min(line.get_xdata()), max(line.get_xdata())) for line in bars)
    # every range at its true length, from its first day to the end of its last, however short
    assert ends == [(pd.Timestamp("2019-01-01"), pd.Timestamp("2019-01-21")),
                    (pd.Timestamp("2019-03-01"), pd.Timestamp("2019-04-01")),
                    (pd.Timestamp("2019-03-01"), pd.Timestamp("2019-04-01"))]
    dotted = [line for line in bars if line.get_linestyle() == ":"]  # the assumed bound, dotted
    assert len(dotted) == 1 and min(dotted[0].get_xdata()) == pd.Timestamp("2019-01-01")
    chart.figure.canvas.draw()
    same = [line for line in markers if line.get_marker() in ("*", "^")][:2]
    at = [line.get_transform().transform((matplotlib.dates.date2num(line.get_xdata()[0]), line.get_ydata()[0]))
          for line in markers[1:3]]
    # two steps of case A on one date: stacked one above the other, both at that date
    assert at[0][0] == pytest.approx(at[1][0]) and abs(at[0][1] - at[1][1]) > 5
    assert same and "2 steps fall on or near the date of another step of the same case" in chart.alt
    assert "A filled marker is a date known to the day" in chart.alt


def test_the_election_chart_stacks_steps_of_one_case_a_day_apart_each_at_its_date_but_not_steps_far_apart():
    steps = _steps([("A", "arrest", "2019-03-01", None), ("A", "verdict", "2019-03-02", None),
                    ("A", "verdict", "2019-09-01", None)])
    chart = figures.election_calendar(steps, ELECTIONS, "Source: test.")
    chart.figure.canvas.draw()
    ax = chart.figure.axes[0]
    markers = [line for line in ax.get_lines() if line.get_marker() in ("v", "*")]
    at = [line.get_transform().transform((matplotlib.dates.date2num(line.get_xdata()[0]), line.get_ydata()[0]))
          for line in markers]
    true = [ax.transData.transform((matplotlib.dates.date2num(line.get_xdata()[0]), line.get_ydata()[0]))
            for line in markers]
    points = 72 / chart.figure.dpi
    assert all(a[0] == pytest.approx(t[0]) for a, t in zip(at, true))  # every marker at its own date
    assert abs(at[1][1] - at[0][1]) * points >= 8.9  # a day apart: one above the other, a marker apart
    assert at[2][1] == pytest.approx(true[2][1])  # far from the others: on its row's line, unmoved
    assert "2 steps fall on or near the date of another step" in chart.alt


def test_a_timeline_tells_repeated_rows_apart_and_draws_a_non_court_act_hollow_on_a_range():
    events = _events([("a", "2023-03-06", None, "Speech: X"), ("b", "2023-03-06", None, "Speech: X"),
                      ("c", "2023-01-01/2023-03-31", None, "Leak: Y"), ("d", "2023-04-02", None, "Leak: Y")])
    chart = figures.timeline(events, ELECTIONS, "Source: test.")
    labels = [t.replace("\n", " ") for t in _labels(chart.figure.axes[0])]
    assert len(set(labels)) == 4 and "Leak: Y (1 January\u201331 March 2023)" in labels
    assert {"Speech: X (6 March 2023) #1", "Speech: X (6 March 2023) #2"} <= set(labels)
    marker, _ = figures.COURT_MARKERS[None]
    hollow = [line for line in chart.figure.axes[0].get_lines() if line.get_marker() == marker
              and line.get_markerfacecolor() == "white"]
    assert marker not in ("x", "+", "|", "_", "1", "2", "3", "4") and len(hollow) == 1  # a shape that can be hollow


def test_suit_network_draws_a_worked_out_bringer_apart_and_says_so():
    edges = pd.DataFrame({"source": ["Hun Sen", "CPP"], "target": ["Kim Sok", "Son Chhay"], "kind": ["criminal", "civil"],
                          "role_basis": ["inferred", None], "kind_basis": ["inferred", "stated"]})
    chart = figures.suit_network(edges, "Source: test.")
    lines = chart.figure.axes[0].get_lines()
    assert lines[0].get_color() != lines[1].get_color() and lines[0].get_linewidth() > lines[1].get_linewidth()
    legend = [t.get_text() for t in chart.figure.legends[0].get_texts()]
    assert "criminal case (kind worked out)" in legend and "civil case" in legend
    assert any("worked out, not stated" in t for t in legend)
    assert "Hun Sen against Kim Sok (criminal case, kind worked out, bringer worked out)" in chart.alt
    assert "CPP against Son Chhay (civil case)" in chart.alt


def test_the_overview_stacks_events_of_one_case_on_one_date():
    rows = [("c1", "2017-01/2018-12-05", "municipal"), ("c1", "2017-01/2018-12-05", "appeal"),
            ("c1", "2017-01/2018-12-05", None), ("c2", "2017-01/2018-12-05", None)]
    events = pd.DataFrame(rows, columns=["case_id", "date", "court_level"])
    events["date_earliest"] = pd.to_datetime([d.split("/")[0] for d in events["date"]])
    events["date_latest"] = pd.to_datetime([d.split("/")[-1] for d in events["date"]])
    chart = figures.case_lanes(events, {"c1": "Case one", "c2": "Case two"}, ELECTIONS, "Source: test.")
    ax = chart.figure.axes[0]
    chart.figure.canvas.draw()
    markers = [line for line in ax.get_lines() if line.get_marker() not in ("None", "", None)]
    where = [tuple(round(float(v), 1) for v in line.get_transform().transform(
        (matplotlib.dates.date2num(line.get_xdata()[0]), line.get_ydata()[0]))) for line in markers]
    assert len(where) == 4 and len(set(where)) == 4  # three of case one apart; case two on its own row
    assert "3 events on or near the date of another of the same case are drawn one above another" in chart.alt
