"""Figures shared by the chapters, in one visual language.

Every chart is greyscale with shapes and hatching (it survives black-and-white print and colour
blindness), is drawn as SVG with real, editable text, carries a credit line (book, version,
licence, source tables) and comes with a text description generated from the data it draws.
"""

import base64
import functools
import html
import io
import math
import textwrap
from dataclasses import dataclass

import matplotlib
import matplotlib.dates as mdates
import matplotlib.patches
import matplotlib.pyplot as plt
import matplotlib.ticker
import matplotlib.transforms
import numpy as np
import pandas as pd

from casebook import __version__
from casebook.dates import describe, describe_span
from casebook.derive.units import procedural_order
from casebook.views.common import election_name, event_dates
from casebook.vocabulary import CONFLICT_KIND_WORDS, COURT_WORDS, STANCE_WORDS, certainty_mark, certainty_marks, qualified

SHORT_TITLE = "Cambodia casebook"
LICENCE = "CC BY 4.0"
WIDTH = 6.5  # inches: the width of the book's text column at 9-point type
INK, MUTED = "#222222", "#555555"

matplotlib.rcParams.update({
    "font.family": "DejaVu Sans", "font.size": 9, "axes.labelsize": 9, "xtick.labelsize": 9,
    "ytick.labelsize": 9, "legend.fontsize": 8.5, "text.color": INK, "axes.labelcolor": INK,
    "axes.edgecolor": INK, "xtick.color": INK, "ytick.color": INK,
    "svg.fonttype": "none",      # text stays text in the SVG: searchable, editable, sharp
    "svg.hashsalt": "casebook",  # the same figure gives the same SVG on every run
    "text.parse_math": False,    # labels come from the data: a "$" is a dollar, never maths
})

# --- one meaning per mark: every figure draws from these ---------------------------------------
# Court level of an event: marker shape.
# A court that a source says acted without naming it has a marker of its own: never "not a court act".
COURT_MARKERS = {**{level: (marker, COURT_WORDS[level]) for level, marker in
                    (("municipal", "o"), ("provincial", ">"), ("appeal", "s"), ("supreme", "D"), ("not_named", "p"))},
                 None: ("X", "not a court act")}  # a cross that can be drawn hollow
# Kind of legal step (the timing chart): marker shape, none shared with the court levels.
STEP_GROUPS = {  # step kind -> (group label, marker)
    "lawsuit": ("suit, complaint or charge", "^"), "complaint": ("suit, complaint or charge", "^"),
    "charge": ("suit, complaint or charge", "^"), "summons": ("suit, complaint or charge", "^"),
    "arrest": ("arrest, warrant or detention", "v"), "warrant": ("arrest, warrant or detention", "v"),
    "detention": ("arrest, warrant or detention", "v"), "bail_refused": ("arrest, warrant or detention", "v"),
    "judicial_supervision": ("arrest, warrant or detention", "v"),
    "verdict": ("decision", "*"), "party_dissolved": ("decision", "*"), "political_ban": ("decision", "*"),
    "licence_revoked": ("decision", "*"),  # hearings are no step of their own (casebook.derive.timing)
}
OTHER_STEP = ("release, pardon or other step", "P")
# The due-process matrix: one shape, filled for yes, open for no, half for disputed.
CLAIM_MARKER = "H"
# Fills of bars: (face colour, hatch), keyed by the words the legend shows (from the vocabulary).
# A category keeps its fill in every chart, and no two categories share one (tests/test_figures.py).
FILLS = {
    STANCE_WORDS["for_prosecution"]: ("#333333", ""), STANCE_WORDS["for_defence"]: ("#ffffff", "///"),
    STANCE_WORDS["critical_of_process"]: ("#9a9a9a", ""), STANCE_WORDS["neutral"]: ("#e6e6e6", ""),
    CONFLICT_KIND_WORDS["parties_dispute"]: ("#ffffff", "oo"), CONFLICT_KIND_WORDS["sources_differ"]: ("#bdbdbd", "--"),
    CONFLICT_KIND_WORDS["source_inconsistent"]: ("#ffffff", "++"),
    "one source": ("#d4d4d4", "xx"), "across sources": ("#ffffff", "\\\\"),
    "US dollars, computed": ("#6f6f6f", ""),
}
SPARE_FILLS = [("#e8e8e8", "||"), ("#ffffff", ".."), ("#cfcfcf", "**"), ("#ffffff", "xx|")]
CODE_WORDS = {**STANCE_WORDS, **CONFLICT_KIND_WORDS}  # a code passed for a category is looked up by its words
SPAN = dict(color="#9a9a9a", linewidth=5, solid_capstyle="butt")  # a date known only as a range
# A range with a bound the editor assumed (events.start_basis or end_basis 'assumed'): dotted, so
# that it never looks like a range the sources give.
ASSUMED_SPAN = dict(color="#4d4d4d", linewidth=2.5, linestyle=":")
# A short tick at each end of a range, drawn above the marker at its middle, so that a short range's
# extent shows even where the marker covers most of its bar.
SPAN_END = dict(linestyle="", marker="|", markersize=8, markeredgewidth=1.1, color=INK, zorder=3)
# An event whose only account is one actor's (events.according_to) is labelled with whose it is.
ACCOUNT = "according to {}"
ELECTION = dict(color=INK, linestyle="--", linewidth=0.9)
# The days an election may have fallen on, where the sources give a month or a range: hatched and
# edged, so that it stands out on the election chart's year-before bands, and a band of a few days
# still reads as a solid line, never as the dashed line of a known day.
ELECTION_BAND = dict(facecolor="#d0d0d0", edgecolor=INK, hatch="////", linewidth=0.6)
# A range of days narrower than this (points) is drawn as a solid line over it, with its own legend entry.
NARROW_BAND_PT = 3.0
ELECTION_NARROW = dict(color=INK, linestyle="-", linewidth=1.6)
# The marker at the middle of a range that rests on a bound the editor assumed: grey-filled, never
# like the hollow middle of a range the sources give.
ASSUMED_MIDDLE = dict(markeredgecolor="#6f6f6f", markerfacecolor="#c4c4c4", markeredgewidth=1.2)
ASSUMED_MIDDLE_LABEL = "middle of a range on a bound\nthe editor assumed (grey fill)"


def category_words(category) -> str:
    """A bar category as the legend shows it: a stance or conflict-kind code in the vocabulary's words."""
    return CODE_WORDS.get(str(category), str(category).replace("_", " "))


def fill(category) -> tuple[str, str]:
    """The (face colour, hatch) of a bar category; unknown categories take a spare fill."""
    name = category_words(category)
    if name in FILLS:
        return FILLS[name]
    return SPARE_FILLS[sum(map(ord, name)) % len(SPARE_FILLS)]


@dataclass
class Chart:
    """A finished figure and the text that describes it (the image's alt text)."""

    figure: matplotlib.figure.Figure
    alt: str

    @functools.cached_property
    def svg(self) -> str:
        """The figure as SVG (drawn once: each drawing re-runs the layout)."""
        buffer = io.StringIO()
        self.figure.savefig(buffer, format="svg", metadata={"Date": None, "Description": self.alt})
        return buffer.getvalue()

    def html(self) -> str:
        data = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        width = round(self.figure.get_figwidth() * 96)
        return (f'<div class="casebook-chart"><img src="data:image/svg+xml;base64,{data}" '
                f'alt="{html.escape(self.alt)}" width="{width}" class="casebook-chart-image"></div>')

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/plain": self.alt}

    def savefig(self, path, **options):
        """Save for download, the description travelling in the file's metadata."""
        suffix = str(path).rsplit(".", 1)[-1].lower()
        if suffix in ("svg", "png"):
            options["metadata"] = {**options.get("metadata", {}), "Description": self.alt}
        self.figure.savefig(path, **options)


# --- shared helpers ------------------------------------------------------------------------------

def wrap(text: str, width: int) -> str:
    """Break a long label over lines instead of cutting it short."""
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def credit(source_line: str) -> str:
    """The two lines each figure carries: its sources, and the book, version and licence."""
    return f"{source_line}\n{SHORT_TITLE}, version {__version__}, licence {LICENCE}."


LINE = 0.17  # inches a line of 9-point label text needs, with its leading


def _rows(labels: list[str], gap: float = 0.08) -> tuple[list[float], float]:
    """Row centres (in inches from the top) for wrapped labels, and the total height."""
    heights = [gap + LINE * (1 + label.count("\n")) for label in labels]
    return [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)], sum(heights)


def _figure(height: float):
    fig, ax = plt.subplots(figsize=(WIDTH, height), layout="constrained")
    # Leave room at the foot for the credit line, below anything the layout places.
    fig.get_layout_engine().set(rect=(0, 0.42 / height, 1, 1 - 0.42 / height))
    return fig, ax


def _finish(fig, source_line: str, alt: str) -> Chart:
    """Add the credit line and close: the chapter shows the figure where it glues it."""
    fig.text(0.01, 0.01, credit(source_line), fontsize=7.5, color=MUTED, ha="left", va="bottom",
             linespacing=1.4)
    plt.close(fig)
    return Chart(fig, alt)


def _legend(fig, handles, ncols: int = 3) -> None:
    """The key sits above the axes, where the layout keeps it clear of the tick labels."""
    fig.legend(handles=handles, loc="outside upper center", ncols=ncols, frameon=False,
               handlelength=1.6, columnspacing=1.2)


def date_axis(ax) -> None:
    """Ticks a reader can count, each month with its year: years for long spans, else months."""
    lo, hi = (mdates.num2date(v) for v in ax.get_xlim())
    months = (hi.year - lo.year) * 12 + hi.month - lo.month
    if months > 30:
        locator, fmt = mdates.YearLocator(max(1, math.ceil(months / 12 / 7))), "%Y"
    else:
        step = next(s for s in (1, 2, 3, 4, 6, 12) if months / s <= 5)
        locator, fmt = mdates.MonthLocator(bymonth=range(1, 13, step)), "%b %Y"
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter(fmt))
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)


def mark_elections(ax, elections: pd.DataFrame) -> tuple[bool, bool, bool]:
    """Each election in view: a dashed line where its day is known, a band over its possible days
    where it is known only to the month or a range (never a dashed line on a day the sources do not
    give), and a solid line over a range of days too short to show as a band; named above the axes,
    neighbouring names alternating between two rows so that they never collide. Whether (a line, a
    band, a solid line) was drawn."""
    lo, hi = ax.get_xlim()
    days_per_point = (hi - lo) / (ax.get_position().width * ax.figure.get_figwidth() * 72)
    shown = elections[(mdates.date2num(elections["date_earliest"]) <= hi)
                      & (mdates.date2num(elections["date_latest"]) >= lo)]
    shown = shown.drop_duplicates(["date", "kind"]).sort_values("date_earliest")
    drawn = set()
    for row, poll in enumerate(shown.itertuples()):
        end = poll.date_latest + pd.Timedelta(days=1)
        middle = poll.date_earliest + (end - poll.date_earliest) / 2
        if poll.date_latest == poll.date_earliest:
            ax.axvline(poll.date_earliest, **ELECTION)
            drawn.add("line")
        elif (end - poll.date_earliest).days < NARROW_BAND_PT * days_per_point:
            ax.axvline(middle, **ELECTION_NARROW)
            drawn.add("narrow")
        else:
            ax.axvspan(poll.date_earliest, end, **ELECTION_BAND)
            drawn.add("band")
        mark = certainty_mark(getattr(poll, "date_basis", None))
        name = election_name(poll.kind, poll.date, getattr(poll, "scheduled", False), of="")
        ax.annotate(name.replace(" election ", f" election{f' ({mark})' if mark else ''}\n", 1),
                    (poll.date_earliest if poll.date_latest == poll.date_earliest else middle, 1),
                    xycoords=("data", "axes fraction"), xytext=(0, 3 + 21 * (row % 2)), textcoords="offset points",
                    fontsize=7.5, ha="center", va="bottom", linespacing=1.1)
    return "line" in drawn, "band" in drawn, "narrow" in drawn


SHAPES = {"o": "circle", "s": "square", "D": "diamond", "p": "pentagon", "X": "cross", "^": "triangle (point up)",
          "v": "triangle (point down)", ">": "triangle (point right)", "*": "star", "P": "plus", "H": "hexagon"}


def marks() -> pd.DataFrame:
    """Every mark the figures and the evidence notes use, with what it means: the glossary's table,
    drawn from the same constants the figures use."""
    rows = [(SHAPES[m], "timelines, overview", label if level is None else f"court act: {label}")
            for level, (m, label) in COURT_MARKERS.items()]
    rows += [("filled marker", "timelines, overview, election chart", "date known to the day"),
             ("hollow marker on a grey bar", "timelines, election chart",
              "date known only as a range (a month, a year or an interval); the marker sits at its middle"),
             ("dotted bar", "timelines, election chart", "a range resting on a bound the editor assumed"),
             ("short upright ticks", "timelines, election chart", "the two ends of a range"),
             ("markers one above another", "overview, election chart",
              "events or steps of one case on or near the same date, each at its own date"),
             (f"row label ending \u201c({ACCOUNT.format('...')})\u201d", "timelines",
              "an event only one actor's account reports"),
             ("grey line", "who-sues-whom diagram", "who brought the case is worked out, not stated"),
             ("dashed vertical line", "timelines, overview, election chart", "election the sources name, on its day"),
             ("hatched vertical band", "timelines, overview, election chart",
              "election the sources name, where only its month or a range of days is known"),
             ("solid vertical line", "timelines, overview, election chart",
              "election the sources name, known only to a range of days too short to show as a band"),
             ("grey-filled marker", "timelines, overview, election chart",
              "the middle of a range resting on a bound the editor assumed")]
    seen = {}
    for label, m in STEP_GROUPS.values():
        seen.setdefault(label, m)
    rows += [(SHAPES[m], "election chart", f"legal step: {label}") for label, m in {**seen, OTHER_STEP[0]: OTHER_STEP[1]}.items()]
    rows += [(f"{SHAPES[CLAIM_MARKER]}, {fill}", "due-process matrix", f"claim: {value}")
             for fill, value in (("filled", "yes"), ("hollow", "no"), ("half filled", "disputed"))]
    rows += [(f"marker followed by \u201c{mark}\u201d", "evidence markers and tables", f"a value {meaning}")
             for mark, meaning in certainty_marks().values()]
    return pd.DataFrame(rows, columns=["Mark", "Where", "Meaning"])


def _election_handles(drawn: tuple[bool, bool, bool]) -> list:
    """The legend's election entries for what `mark_elections` drew: (a line, a band, a narrow band)."""
    line, band, narrow = drawn
    return ([plt.Line2D([], [], label="election (its day)", **ELECTION)] if line else []) + \
        ([matplotlib.patches.Patch(label="election (the days it\nmay have fallen on)", **ELECTION_BAND)] if band else []) + \
        ([plt.Line2D([], [], label="election (its possible days,\ntoo few to show as a band)", **ELECTION_NARROW)]
         if narrow else [])


def _span_handle():
    return plt.Line2D([], [], label="date known only as a range\n(grey bar between end ticks;\nhollow marker at its middle)",
                      **SPAN)


def _plot_span(ax, row, y, style: dict) -> None:
    """A range's bar (in `style`) with a tick at each of its ends."""
    ends = _drawn_span(row)
    ax.plot(ends, [y, y], **style)
    ax.plot(ends, [y, y], **SPAN_END)


def _drawn_span(row) -> tuple:
    """The ends a row's range is drawn between: its own, to the end of its last day. A short range
    is drawn short: the hollow marker on it says it is a range, and no bar reaches past its bounds."""
    return row.date_earliest, row.date_latest + pd.Timedelta(days=1)


def account_label(label: str, according_to) -> str:
    """A row label, with whose account the event is where it is one actor's account."""
    return f"{label} ({ACCOUNT.format(according_to)})" if isinstance(according_to, str) and according_to else label


def distinct_labels(labels: list[str], dates: list[str]) -> list[str]:
    """Row labels, each one that repeats followed by its date (in words), so that no two rows read the same."""
    dated = [f"{label} ({date})" if labels.count(label) > 1 else label for label, date in zip(labels, dates)]
    # Rows alike even in their date are numbered in their order.
    return [f"{label} #{dated[:i].count(label) + 1}" if dated.count(label) > 1 else label
            for i, label in enumerate(dated)]


def _assumed_handle():
    return plt.Line2D([], [], label="range on a bound the editor\nassumed (dotted; grey fill)", **ASSUMED_SPAN)


def _assumed_words(rows: pd.DataFrame) -> str:
    n = sum(_assumed(r) for r in rows.itertuples())
    return (f" {_count(n, 'date')} {'rests' if n == 1 else 'rest'} on a bound the editor assumed, drawn dotted"
            " with a grey-filled marker."
            if n else "")


def _marker_style(row) -> dict:
    """How a row's marker is filled: grey where its range rests on an assumed bound, else filled for a
    day-exact date and hollow for the middle of a range."""
    if _assumed(row):
        return ASSUMED_MIDDLE
    return dict(color=INK, markerfacecolor=INK if row.date_earliest == row.date_latest else "white")


def _assumed(row) -> bool:
    """Whether a bound of this row's date is the editor's assumption."""
    return any(getattr(row, c, None) == "assumed" for c in ("start_basis", "end_basis"))


def _when(frame: pd.DataFrame) -> tuple[str, str]:
    first = frame.loc[frame["date_earliest"].idxmin()]
    last = frame.loc[frame["date_latest"].idxmax()]
    if not isinstance(first.get("date"), str) or not isinstance(last.get("date"), str):
        return f"{first['date_earliest']:%B %Y}", f"{last['date_latest']:%B %Y}"
    # The start of the first date and the end of the last, each at the precision the data gives, or
    # in the source's own words where the data keeps them ("late 2015", not September 2015).
    def said(row, end: int) -> str:
        stated = row.get("date_as_stated")
        return stated if isinstance(stated, str) and stated else describe(row["date"].split("/")[end])
    return said(first, 0), said(last, -1)


def _count(n: int, word: str, plural: str = "") -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


# --- timelines -----------------------------------------------------------------------------------




def timeline(events: pd.DataFrame, elections: pd.DataFrame, source_line: str) -> Chart:
    """Events (with a `label` column) on a time axis, one row each: exact dates as markers,
    imprecise ones as grey ranges with a hollow marker at the middle.

    Court acts take a marker by court level; elections in the period, and the first one after the
    last event, are dashed lines.
    """
    events = procedural_order(events).reset_index(drop=True)
    accounts = events["according_to"] if "according_to" in events else pd.Series(None, index=events.index, dtype=object)
    named = [account_label(label, who) for label, who in zip(events["label"], accounts)]
    # A repeated label is told apart by its date: short, or as the chapter gives it where a bound is assumed.
    if "date" in events:
        dates = [worded if _assumed(e) else describe_span(e.date) for e, worded in zip(events.itertuples(), event_dates(events))]
    else:
        dates = events["date_earliest"].dt.strftime("%d %B %Y")
    labels = [wrap(label, 38) for label in distinct_labels(named, list(dates))]
    ys, total = _rows(labels)
    fig, ax = _figure(2.1 + total + 0.22 * math.ceil((len(_levels(events)) + 2) / 3))
    xlim = _time_range(events, elections)
    for y, event in zip(ys, events.itertuples()):
        marker, _ = COURT_MARKERS[event.court_level if isinstance(event.court_level, str) else None]
        if event.date_earliest != event.date_latest:
            _plot_span(ax, event, y, ASSUMED_SPAN if _assumed(event) else SPAN)
            middle = event.date_earliest + (event.date_latest - event.date_earliest) / 2
            ax.plot(middle, y, marker=marker, markersize=6, **_marker_style(event))
        else:
            ax.plot(event.date_earliest, y, marker=marker, color=INK, markerfacecolor=INK, markersize=6)
    ax.set_yticks(ys, labels)
    ax.set_ylim(total, 0)
    ax.set_xlim(*xlim)
    drawn = mark_elections(ax, elections)
    date_axis(ax)
    handles = [plt.Line2D([], [], marker=COURT_MARKERS[level][0], linestyle="", color=INK, markerfacecolor=INK,
                          label=COURT_MARKERS[level][1]) for level in _levels(events)]
    handles += _election_handles(drawn)
    if (events["date_earliest"] != events["date_latest"]).any():
        handles.append(_span_handle())
    if any(_assumed(e) for e in events.itertuples()):
        handles.append(_assumed_handle())
    _legend(fig, handles)
    first, last = _when(events)
    per_level = events["court_level"].value_counts()
    courts = [f"{per_level[lvl]} by the {COURT_MARKERS[lvl][1]}" for lvl in COURT_MARKERS
              if lvl in per_level and lvl != "not_named"]
    if "not_named" in per_level:
        courts.append(f"{per_level['not_named']} by a court the sources do not name")
    polls = _elections_in(ax, elections)
    alt = (f"Timeline of {_count(len(events), 'event')} from {first} to {last}, one row each, oldest at the top. "
           f"First: {events['label'].iloc[0]}; last: {events['label'].iloc[-1]}. "
           + (f"Court acts: {', '.join(courts)}. " if courts else "No court act is among them. ")
           + (f"Elections marked (those the sources name): {', '.join(polls)}." if polls
              else "No election the sources name falls in the period.")
           + _assumed_words(events) + _account_words(accounts))
    return _finish(fig, source_line, alt)


def _account_words(accounts: pd.Series) -> str:
    """What the alt text says of events that are one actor's account."""
    per = accounts.dropna().value_counts()
    return "".join(f" {_count(n, 'event')} {'is' if n == 1 else 'are'} {who}'s account alone, labelled "
                   f"\u201c{ACCOUNT.format(who)}\u201d." for who, n in per.items())


def _levels(events: pd.DataFrame) -> list:
    present = {lvl if isinstance(lvl, str) else None for lvl in events["court_level"]}
    return [level for level in COURT_MARKERS if level in present]


def _time_range(frame: pd.DataFrame, elections: pd.DataFrame) -> tuple:
    """The span of the rows, reaching on to the first election after them if it is near (so
    that a reader sees how close the election was), with a margin."""
    lo, hi = frame["date_earliest"].min(), frame["date_latest"].max()
    after = elections[(elections["date_earliest"] > hi) & (elections["date_earliest"] <= hi + pd.Timedelta(days=550))]
    if not after.empty:
        hi = after["date_latest"].min()
    pad = max(pd.Timedelta(days=30), (hi - lo) * 0.04)
    return lo - pad, hi + pad


def _elections_in(ax, elections: pd.DataFrame) -> list[str]:
    lo, hi = (pd.Timestamp(mdates.num2date(v)).tz_localize(None) for v in ax.get_xlim())
    shown = elections[(elections["date_earliest"] <= hi) & (elections["date_latest"] >= lo)]
    return [election_name(poll.kind, poll.date, getattr(poll, "scheduled", False), basis=getattr(poll, "date_basis", None))
            for poll in shown.sort_values("date_earliest").itertuples()]


def election_calendar(steps: pd.DataFrame, elections: pd.DataFrame, source_line: str, windows=()) -> Chart:
    """Legal steps per case (one row each) against the election calendar; `windows` are (start, end)
    spans shaded behind the steps (the year before each election)."""
    cases = list(dict.fromkeys(steps.sort_values("date_earliest")["Case"]))
    labels = [wrap(c, 30) for c in cases]
    ys, total = _rows(labels)
    fig, ax = _figure(2.4 + total)
    seen = {}
    for start, end in windows:
        seen["year before an election"] = ax.axvspan(start, end, facecolor="#e4e4e4", hatch="..", edgecolor="#bdbdbd",
                                                     linewidth=0, zorder=0, label="year before an election")
    lo, hi = steps["date_earliest"].min(), steps["date_latest"].max()
    pad = max(pd.Timedelta(days=30), (hi - lo) * 0.04)
    xlim = (min(lo, elections["date_earliest"].min()) - pad, max(hi, elections["date_latest"].max()) + pad)
    middles = steps["date_earliest"] + (steps["date_latest"] - steps["date_earliest"]) / 2
    for step in steps.itertuples():
        label, marker = STEP_GROUPS.get(step.kind, OTHER_STEP)
        if step.date_earliest != step.date_latest:
            _plot_span(ax, step, ys[cases.index(step.Case)], ASSUMED_SPAN if _assumed(step) else dict(alpha=0.5, **SPAN))
        seen.setdefault(label, plt.Line2D([], [], marker=marker, color=INK, markerfacecolor=INK, markersize=7,
                                          linestyle="", label=label))
    ax.set_yticks(ys, labels)
    ax.set_ylim(total, 0)
    ax.set_xlim(*xlim)
    drawn = mark_elections(ax, elections)
    date_axis(ax)
    assumed = [_assumed_handle()] if any(_assumed(s) for s in steps.itertuples()) else []
    _legend(fig, list(seen.values()) + [*_election_handles(drawn), _span_handle(), *assumed], ncols=2)
    shifts, beside = _stacked(steps["Case"], middles, fig, ax, gap=9, within=9)
    for step, middle, shift in zip(steps.itertuples(), middles, shifts):
        marker = STEP_GROUPS.get(step.kind, OTHER_STEP)[1]
        ax.plot(middle, ys[cases.index(step.Case)], marker=marker, markersize=7, linestyle="", transform=shift,
                **_marker_style(step))
    first, last = _when(steps)
    groups = pd.Series([STEP_GROUPS.get(k, OTHER_STEP)[0] for k in steps["kind"]]).value_counts()
    alt = (f"Chart of {_count(len(steps), 'legal step')} in {_count(len(cases), 'proceeding')}, one row per proceeding, "
           f"from {first} to {last}, against the election calendar "
           f"({', '.join(_elections_in(ax, elections))}). "
           f"Steps by kind: {', '.join(f'{n} {g}' for g, n in groups.items())}."
           + (" Shaded bands mark the year before each election." if len(windows) else "")
           + " A filled marker is a date known to the day, a hollow one the middle of a range."
           + (f" {_count(beside, 'step')} fall on or near the date of another step of the same case and "
              "are drawn one above another, each at its own date." if beside else "")
           + _assumed_words(steps))
    return _finish(fig, source_line, alt)


# --- pattern figures -----------------------------------------------------------------------------

def _usd(value: float) -> str:
    return f"${value:,.0f}"


def money_chart(table: pd.DataFrame, source_line: str) -> Chart:
    """Monetary penalties in dollars on a linear axis, largest first, each bar labelled with its
    value (and the source's own dollar figure where it gives one)."""
    table = table.sort_values("usd_computed", ascending=False).reset_index(drop=True)
    labels = [wrap(f"{row.Case}: {row.Kind}", 34) for row in table.itertuples()]
    fig, ax = _figure(1.3 + 0.26 * sum(1 + label.count("\n") for label in labels))
    face, hatch = fill("US dollars, computed")
    ax.barh(range(len(table)), table["usd_computed"], color=face, hatch=hatch, edgecolor=INK, height=0.6)
    top = table["usd_computed"].max()
    texts = []
    for y, row in enumerate(table.itertuples()):
        text = qualified(_usd(row.usd_computed), getattr(row, "usd_computed_qualifier", None))
        if pd.notna(row.usd_stated):
            qualifier = getattr(row, "usd_stated_qualifier", None)
            text += f" (source: {qualifier + ' ' if isinstance(qualifier, str) and qualifier else ''}{_usd(row.usd_stated)})"
        texts.append(text)
        inside = row.usd_computed > top * 0.5  # a long bar carries its label inside, in white
        ax.annotate(text, (row.usd_computed, y), xytext=(-4 if inside else 4, 0), textcoords="offset points",
                    va="center", ha="right" if inside else "left", fontsize=8.5, color="white" if inside else INK)
    ax.set_yticks(range(len(table)), labels)
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, top * 1.05)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: _usd(v)))
    ax.set_xlabel("US dollars; riel converted at the data's exchange rates")
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    alt = (f"Bar chart of {_count(len(table), 'monetary penalty', 'monetary penalties')} in US dollars, largest first: "
           + "; ".join(f"{row.Case}, {row.Kind}: {text}" for row, text in zip(table.itertuples(), texts)) + ".")
    return _finish(fig, source_line, alt)


STATED_LINE = dict(color=INK, linewidth=1.2)
WORKED_OUT_LINE = dict(color="#8c8c8c", linewidth=2.6)  # a bringer worked out from the source's words


def _worked_out(edges: pd.DataFrame, column: str) -> pd.Series:
    """Whether each edge's `column` ('role_basis', 'kind_basis') is worked out rather than stated."""
    return edges[column].eq("inferred") if column in edges else pd.Series(False, index=edges.index)


def suit_network(edges: pd.DataFrame, source_line: str, not_drawn: int = 0) -> Chart:
    """Who brought cases against whom: bringers on the left, defendants on the right; a note
    counts the proceedings that cannot be drawn because the sources name no one who brought them."""
    left = list(dict.fromkeys(edges["source"]))
    # Defendants in the order of those who brought their cases, so that few lines cross.
    rank = edges.assign(at=edges["source"].map({name: i for i, name in enumerate(left)}))
    right = list(rank.groupby("target", sort=False)["at"].mean().sort_values(kind="stable").index)
    height = max(len(left), len(right))
    fig, ax = _figure(1.5 + 0.45 * height)
    y_left = {name: (height - 1) * (i + 0.5) / len(left) for i, name in enumerate(left)}
    y_right = {name: (height - 1) * (i + 0.5) / len(right) for i, name in enumerate(right)}
    styles = {"criminal": "-", "civil": "--", "administrative": ":"}
    edges = edges.assign(role_worked_out=_worked_out(edges, "role_basis"), kind_worked_out=_worked_out(edges, "kind_basis"))
    for edge in edges.itertuples():
        ax.plot([0, 1], [y_left[edge.source], y_right[edge.target]], linestyle=styles.get(edge.kind, "-."),
                **(WORKED_OUT_LINE if edge.role_worked_out else STATED_LINE))
    for name, y in y_left.items():
        ax.annotate(wrap(name, 28), (0, y), xytext=(-5, 0), textcoords="offset points", ha="right", va="center")
    for name, y in y_right.items():
        ax.annotate(wrap(name, 28), (1, y), xytext=(5, 0), textcoords="offset points", ha="left", va="center")
    ax.annotate("brought the case", (0, 1), xycoords=("data", "axes fraction"), ha="right", va="bottom",
                fontweight="bold")
    ax.annotate("against", (1, 1), xycoords=("data", "axes fraction"), ha="left", va="bottom", fontweight="bold")
    kinds = [k for k in styles if k in set(edges["kind"])]

    def kind_label(kind):
        rows = edges[edges["kind"] == kind]
        out = int(rows["kind_worked_out"].sum())
        return (f"{kind} case" + ("" if not out else " (kind worked out)" if out == len(rows)
                                  else f" (kind worked out for {out} of {len(rows)} lines)"))

    handles = [plt.Line2D([], [], linestyle=styles[k], label=kind_label(k), **STATED_LINE) for k in kinds]
    if edges["role_worked_out"].any():
        handles.append(plt.Line2D([], [], linestyle="-", label="grey, thick: who brought it\nis worked out, not stated",
                                  **WORKED_OUT_LINE))
    _legend(fig, handles, ncols=2 if len(handles) > 2 else 3)
    if not_drawn:
        ax.annotate(f"Not drawn: {_count(not_drawn, 'proceeding')} whose plaintiff, complainant or prosecutor\n"
                    "the sources neither name nor let the book work out.", (0.5, 0), xycoords="axes fraction", xytext=(0, -4),
                    textcoords="offset points", ha="center", va="top", fontsize=8.5, style="italic")
    ax.set_xlim(-1.1, 2.1)
    ax.set_ylim(height - 0.5, -0.5)
    ax.axis("off")
    def notes(edge):
        worked = [w for w, on in (("kind worked out", edge.kind_worked_out), ("bringer worked out", edge.role_worked_out))
                  if on]
        return f"{edge.kind} case" + "".join(f", {w}" for w in worked)

    alt = ("Diagram of who brought cases against whom: "
           + "; ".join(f"{e.source} against {e.target} ({notes(e)})" for e in edges.itertuples()) + "."
           + (" A grey, thicker line is a bringer the book works out from the source's words."
              if edges["role_worked_out"].any() else "")
           + (f" Not drawn: {_count(not_drawn, 'proceeding')} whose bringer the sources neither name nor let the book"
              " work out." if not_drawn else ""))
    return _finish(fig, source_line, alt)


def indicator_matrix(values: pd.DataFrame, case_titles: dict, source_line: str) -> Chart:
    """Case-by-indicator grid, one row per case: filled hexagon = yes, open = no, half = disputed."""
    indicators = list(values.columns)
    rows = [wrap(case_titles[c], 30) for c in values.index]
    ys, total = _rows(rows)
    fig, ax = _figure(3.0 + total)
    styles = {"yes": dict(markerfacecolor=INK), "no": dict(markerfacecolor="white"),
              "disputed": dict(fillstyle="left", markerfacecolor=INK, markerfacecoloralt="white")}
    for y, case_id in enumerate(values.index):
        for x, indicator in enumerate(indicators):
            value = values.loc[case_id, indicator]
            if value:
                ax.plot(x, ys[y], marker=CLAIM_MARKER, color=INK, markersize=7, linestyle="", **styles[value])
    ax.set_xticks(range(len(indicators)), [i.replace("_", " ") for i in indicators], rotation=90, fontsize=7.5)
    ax.set_yticks(ys, rows, fontsize=8)
    ax.set_xlim(-0.5, len(indicators) - 0.5)
    ax.set_ylim(total, 0)
    ax.grid(color="#e4e4e4", linewidth=0.6)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    _legend(fig, [plt.Line2D([], [], marker=CLAIM_MARKER, color=INK, linestyle="", markersize=7, label=f"claim: {value}",
                             **style) for value, style in styles.items()])
    counts = pd.Series(values.to_numpy().ravel()).value_counts()
    alt = (f"Grid of {_count(len(values.index), 'case')} (rows) by {_count(len(indicators), 'due-process indicator')} "
           f"(columns): {counts.get('yes', 0)} cells with a claim that the indicator holds, {counts.get('no', 0)} with "
           f"a claim that it does not, {counts.get('disputed', 0)} disputed; the other cells are empty.")
    return _finish(fig, source_line, alt)


def stacked_bars(counts: pd.DataFrame, xlabel: str, source_line: str) -> Chart:
    """Horizontal stacked bars, one segment per column; a category keeps its fill in every chart."""
    order = list(FILLS)
    counts = counts[sorted(counts.columns, key=lambda c: order.index(n) if (n := category_words(c)) in order
                           else len(order))]
    labels = [wrap(i, 30) for i in counts.index]
    fig, ax = _figure(1.5 + 0.27 * sum(1 + label.count("\n") for label in labels))
    left = pd.Series(0, index=counts.index)
    for column in counts.columns:
        face, hatch = fill(column)
        ax.barh(range(len(counts)), counts[column], left=left, color=face, hatch=hatch, edgecolor=INK, height=0.6,
                label=category_words(column))
        left = left + counts[column]
    for y, total in enumerate(left):
        ax.annotate(str(int(total)), (total, y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8.5)
    ax.set_yticks(range(len(counts)), labels)
    ax.set_ylim(len(counts) - 0.5, -0.5)
    ax.set_xlim(0, max(1, left.max()) * 1.1)
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=6))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    _legend(fig, ax.get_legend_handles_labels()[0], ncols=min(4, len(counts.columns)))
    names = [category_words(c) for c in counts.columns]
    rows = [f"{index}: " + ", ".join(f"{int(n)} {name}" for name, n in zip(names, row) if n)
            for index, row in zip(counts.index, counts.to_numpy())]
    alt = f"Bar chart of {xlabel} in {_count(len(counts), 'row')}, split by {', '.join(names)}. " + "; ".join(rows) + "."
    return _finish(fig, source_line, alt)


def _stacked(rows: pd.Series, middles: pd.Series, fig, ax, gap: float, within: float) -> tuple[list, int]:
    """For each marker, a transform that sets the markers of one row that fall within `within`
    points of each other on the finished figure one above another, `gap` points apart around the
    row's line, each at its own date; and how many markers are stacked so.

    Call it once the axes are laid out (limits, labels and legend set): it measures the distances
    on the figure as it will be drawn."""
    fig.draw_without_rendering()
    x = ax.transData.transform(np.column_stack([mdates.date2num(middles), np.zeros(len(middles))]))[:, 0]
    place = pd.DataFrame({"row": rows.to_numpy(), "x": x * 72 / fig.dpi}).sort_values(["row", "x"], kind="stable")
    # A marker starts a new group unless it is within `within` points of the one before it in its row.
    group = ((place["row"] != place["row"].shift()) | (place["x"].diff() >= within)).cumsum()
    by_group = place.groupby(group)["x"]
    nth, many = by_group.cumcount(), by_group.transform("size")
    # The earliest on top (offsets count upwards on the page).
    up = (gap * ((many - 1) / 2 - nth)).sort_index()
    shifts = [matplotlib.transforms.offset_copy(ax.transData, fig=fig, y=dy, units="points") for dy in up]
    return shifts, int((many > 1).sum())


def case_lanes(events: pd.DataFrame, titles: dict, elections: pd.DataFrame, source_line: str) -> Chart:
    """Every case on one time axis, one row each: a line from its first to its last event, each
    event marked by court level (hollow at the middle of an imprecise date), elections dashed."""
    order = list(events.groupby("case_id")["date_earliest"].min().sort_values(kind="stable").index)
    labels = [wrap(titles[c], 34) for c in order]
    ys, total = _rows(labels)
    fig, ax = _figure(2.3 + total)
    middles = events["date_earliest"] + (events["date_latest"] - events["date_earliest"]) / 2
    for y, case_id in zip(ys, order):
        rows = events[events["case_id"] == case_id]
        ax.plot([rows["date_earliest"].min(), rows["date_latest"].max()], [y, y], color="#bbbbbb", linewidth=1)
    ax.set_yticks(ys, labels)
    ax.set_ylim(total, 0)
    lo, hi = events["date_earliest"].min(), max(events["date_latest"].max(), elections["date_latest"].max())
    pad = max(pd.Timedelta(days=30), (hi - lo) * 0.03)
    ax.set_xlim(lo - pad, hi + pad)
    drawn = mark_elections(ax, elections)
    date_axis(ax)
    handles = [plt.Line2D([], [], marker=COURT_MARKERS[level][0], linestyle="", color=INK, label=COURT_MARKERS[level][1])
               for level in _levels(events)]
    handles += [plt.Line2D([], [], marker="o", linestyle="", color=INK, markerfacecolor="white",
                           label="date known only as a range\n(at its middle)")]
    if any(_assumed(e) for e in events.itertuples()):
        handles.append(plt.Line2D([], [], marker="o", linestyle="", label=ASSUMED_MIDDLE_LABEL, **ASSUMED_MIDDLE))
    _legend(fig, [*handles, *_election_handles(drawn)], ncols=3)
    shifts, beside = _stacked(events["case_id"], middles, fig, ax, gap=5, within=4)
    for event, middle, shift in zip(events.itertuples(), middles, shifts):
        marker, _ = COURT_MARKERS[event.court_level if isinstance(event.court_level, str) else None]
        ax.plot(middle, ys[order.index(event.case_id)], marker=marker, markersize=5, transform=shift,
                **_marker_style(event))
    first, last = _when(events)
    alt = (f"Overview of {_count(len(order), 'case')} on one time axis, from {first} to {last}, one row per case "
           f"in the order of their first reported event (first: {titles[order[0]]}; last: {titles[order[-1]]}), with "
           f"{_count(len(events), 'event')} marked"
           + (f"; {_count(beside, 'event')} on or near the date of another of the same case are drawn one above another,"
              " each at its own date"
              if beside else "")
           + f". Elections marked (those the sources name): {', '.join(_elections_in(ax, elections))}.")
    return _finish(fig, source_line, alt)
