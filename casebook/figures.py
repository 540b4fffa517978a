"""Figures shared by the chapters: legible in print, no colour-only encodings."""

import matplotlib
import matplotlib.dates as mdates
import matplotlib.ticker
import matplotlib.pyplot as plt
import pandas as pd

# Court level by marker shape, so that the figure reads in black and white.
COURT_MARKERS = {"municipal": ("o", "municipal court"), "appeal": ("s", "Appeal Court"),
                 "supreme": ("D", "Supreme Court"), None: ("x", "other event")}
INK = "#222222"


def _date_locator(ax):
    """Ticks a reader can count: years for long spans, half-years or months for short ones."""
    lo, hi = (mdates.num2date(v) for v in ax.get_xlim())
    days = (hi - lo).days
    if days > 4 * 365:
        return mdates.YearLocator()
    if days > 365:
        return mdates.MonthLocator(bymonth=[1, 7])
    return mdates.MonthLocator()


def _style(ax) -> None:
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    locator = _date_locator(ax)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)


def add_source_line(fig, text: str) -> None:
    """The figure's own source line, so that it travels with the image."""
    fig.text(0.01, 0.005, text, fontsize=7, color="#555555", ha="left", va="bottom")


def _finish(fig, source_line: str):
    """Lay out, add the source line, and close: the chapter shows the figure where it glues it."""
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    add_source_line(fig, source_line)
    plt.close(fig)
    return fig


COURT_ORDER = {"municipal": 1, "appeal": 2, "supreme": 3}  # procedural order of court levels


def timeline(events: pd.DataFrame, elections: pd.DataFrame, source_line: str):
    """Events (with a `label` column) on a time axis, one row each: exact dates as markers,
    imprecise ones as spans.

    Court acts take a marker by court level; elections in the window are dashed lines.
    """
    rank = events["court_level"].map(COURT_ORDER).fillna(0)  # same dates: municipal, appeal, supreme
    events = (events.assign(_rank=rank).sort_values(["date_earliest", "date_latest", "_rank", "event_id"])
              .drop(columns="_rank").reset_index(drop=True))
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.32 * len(events)))
    for y, event in events.iterrows():
        level = event["court_level"] if isinstance(event["court_level"], str) else None
        marker, _ = COURT_MARKERS[level]
        if event["date_earliest"] != event["date_latest"]:
            ax.plot([event["date_earliest"], event["date_latest"]], [y, y], color=INK,
                    linewidth=4, alpha=0.35, solid_capstyle="butt")
            midpoint = event["date_earliest"] + (event["date_latest"] - event["date_earliest"]) / 2
            ax.plot(midpoint, y, marker=marker, color=INK, markerfacecolor="white", markersize=6)
        else:
            ax.plot(event["date_earliest"], y, marker=marker, color=INK, markersize=6)
    ax.set_yticks(range(len(events)), [_shorten(label) for label in events["label"]], fontsize=8)
    ax.invert_yaxis()
    _mark_elections(ax, elections, events)
    _legend(ax, events)
    _style(ax)
    return _finish(fig, source_line)


def _mark_polls(ax, elections: pd.DataFrame, label_at_top: bool = True) -> None:
    """Each election as a grey band over its possible days, a dashed line and a label."""
    y, offset, align = (1, -2, "top") if label_at_top else (0, 2, "bottom")
    for poll in elections.itertuples():
        ax.axvspan(poll.date_earliest, poll.date_latest + pd.Timedelta(days=1), color="#999999", alpha=0.25)
        ax.axvline(poll.date_earliest, color=INK, linestyle="--", linewidth=0.8)
        ax.annotate(f"{poll.kind} election", (poll.date_earliest, y), xycoords=("data", "axes fraction"),
                    xytext=(2, offset), textcoords="offset points", fontsize=7, rotation=90, va=align)


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _mark_elections(ax, elections: pd.DataFrame, events: pd.DataFrame) -> None:
    lo, hi = events["date_earliest"].min(), events["date_latest"].max()
    pad = max(pd.Timedelta(days=30), (hi - lo) * 0.05)
    ax.set_xlim(lo - pad, hi + pad)
    window = elections["date_earliest"].between(lo - pad, hi + pad)
    _mark_polls(ax, elections[window], label_at_top=False)


def _legend(ax, events: pd.DataFrame) -> None:
    levels = [lvl if isinstance(lvl, str) else None for lvl in events["court_level"]]
    handles = []
    for level, (marker, label) in COURT_MARKERS.items():
        if level in levels:
            handles.append(plt.Line2D([], [], marker=marker, linestyle="", color=INK, label=label))
    handles.append(plt.Line2D([], [], color=INK, alpha=0.35, linewidth=4, label="date known only as a span"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.04), ncol=3, fontsize=7, frameon=False)


# --- pattern figures ---------------------------------------------------------------------
STEP_GROUPS = {  # step kind -> (group label, marker)
    "lawsuit": ("suit or complaint", "^"), "complaint": ("suit or complaint", "^"), "charge": ("suit or complaint", "^"),
    "summons": ("suit or complaint", "^"),
    "arrest": ("arrest, warrant or detention", "X"), "warrant": ("arrest, warrant or detention", "X"),
    "detention": ("arrest, warrant or detention", "X"), "bail_refused": ("arrest, warrant or detention", "X"),
    "judicial_supervision": ("arrest, warrant or detention", "X"),
    "hearing": ("hearing or decision", "D"), "verdict": ("hearing or decision", "D"),
    "party_dissolved": ("hearing or decision", "D"), "political_ban": ("hearing or decision", "D"),
    "licence_revoked": ("hearing or decision", "D"),
}
OTHER_STEP = ("release, pardon or other", "o")
HATCHES = ["", "///", "...", "xx"]
GREYS = ["#222222", "#777777", "#bbbbbb", "#ffffff"]




def election_calendar(steps: pd.DataFrame, elections: pd.DataFrame, source_line: str, windows=()):
    """Legal steps per case (one row each) against the election calendar; `windows` are
    (start, end) spans shaded behind the steps (the year before each election)."""
    cases = list(dict.fromkeys(steps.sort_values("date_earliest")["Case"]))
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.42 * len(cases)))
    seen = {}
    for start, end in windows:
        band = ax.axvspan(start, end, facecolor="#e4e4e4", hatch="..", edgecolor="#bdbdbd", linewidth=0, zorder=0)
        seen["year before an election"] = band
    for step in steps.itertuples():
        label, marker = STEP_GROUPS.get(step.kind, OTHER_STEP)
        y = cases.index(step.Case)
        if step.date_earliest != step.date_latest:
            ax.plot([step.date_earliest, step.date_latest], [y, y], color=INK, linewidth=4, alpha=0.2, solid_capstyle="butt")
        middle = step.date_earliest + (step.date_latest - step.date_earliest) / 2
        seen[label] = ax.plot(middle, y, marker=marker, color=INK, markerfacecolor="white", markersize=7, linestyle="")[0]
    _mark_polls(ax, elections)
    ax.set_yticks(range(len(cases)), [_shorten(c, 45) for c in cases], fontsize=8)
    ax.invert_yaxis()
    ax.legend(list(seen.values()), list(seen.keys()), loc="upper center", bbox_to_anchor=(0.5, -0.08),
              ncol=2, fontsize=7, frameon=False)
    _style(ax)
    return _finish(fig, source_line)


def money_chart(table: pd.DataFrame, source_line: str):
    """Monetary penalties in dollars (log scale): computed bars, the sources' own figures as diamonds."""
    table = table.sort_values("usd_computed").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.45 * len(table)))
    labels = [_shorten(f"{row.Case}: {row.Kind}", 55) for row in table.itertuples()]
    ax.barh(range(len(table)), table["usd_computed"], color="#bbbbbb", edgecolor=INK, label="computed from fx_rates")
    stated = table["usd_stated"].notna()
    ax.plot(table.loc[stated, "usd_stated"], table.index[stated], marker="D", linestyle="", color=INK,
            markerfacecolor="white", label="as the source states it")
    ax.set_xscale("log")
    ax.set_yticks(range(len(table)), labels, fontsize=8)
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"${v:,.0f}"))
    ax.set_xlabel("US dollars (logarithmic scale)", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    return _finish(fig, source_line)


def suit_network(edges: pd.DataFrame, source_line: str):
    """Who brought cases against whom: bringers on the left, defendants on the right."""
    left = list(dict.fromkeys(edges["source"]))
    right = list(dict.fromkeys(edges["target"]))
    height = max(len(left), len(right))
    fig, ax = plt.subplots(figsize=(7.5, 1.2 + 0.5 * height))
    y_left = {name: (height - 1) * (i + 0.5) / len(left) for i, name in enumerate(left)}
    y_right = {name: (height - 1) * (i + 0.5) / len(right) for i, name in enumerate(right)}
    styles = {"criminal": "-", "civil": "--", "administrative": ":"}
    for edge in edges.itertuples():
        ax.plot([0, 1], [y_left[edge.source], y_right[edge.target]], color=INK, linestyle=styles.get(edge.kind, "-."),
                linewidth=1.2)
    for name, y in y_left.items():
        ax.annotate(name, (0, y), xytext=(-6, 0), textcoords="offset points", ha="right", va="center", fontsize=8)
        ax.plot(0, y, "o", color=INK)
    for name, y in y_right.items():
        ax.annotate(name, (1, y), xytext=(6, 0), textcoords="offset points", ha="left", va="center", fontsize=8)
        ax.plot(1, y, "s", color=INK)
    for kind, style in styles.items():
        if kind in set(edges["kind"]):
            ax.plot([], [], color=INK, linestyle=style, label=f"{kind} case")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), ncol=3, fontsize=7, frameon=False)
    ax.set_xlim(-0.9, 1.9)
    ax.axis("off")
    return _finish(fig, source_line)


def indicator_matrix(values: pd.DataFrame, case_titles: dict, source_line: str):
    """Case-by-indicator grid: filled circle = yes, open circle = no, half = disputed."""
    fig, ax = plt.subplots(figsize=(7.5, 1.5 + 0.28 * len(values.columns)))
    styles = {"yes": dict(marker="o", markerfacecolor=INK), "no": dict(marker="o", markerfacecolor="white"),
              "disputed": dict(marker="o", fillstyle="left", markerfacecolor=INK, markerfacecoloralt="white")}
    indicators = list(values.columns)
    for x, case_id in enumerate(values.index):
        for y, indicator in enumerate(indicators):
            value = values.loc[case_id, indicator]
            if value:
                ax.plot(x, y, color=INK, markersize=8, linestyle="", **styles[value])
    ax.set_xticks(range(len(values.index)), [_shorten(case_titles[c], 30) for c in values.index],
                  rotation=35, ha="right", fontsize=7)
    ax.set_yticks(range(len(indicators)), [i.replace("_", " ") for i in indicators], fontsize=7)
    ax.set_xlim(-0.5, len(values.index) - 0.5)
    ax.invert_yaxis()
    ax.grid(color="#eeeeee", linewidth=0.6)
    ax.tick_params(length=0)
    for value, style in styles.items():
        ax.plot([], [], color=INK, linestyle="", label=value, **style)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 1.06), ncol=3, fontsize=7, frameon=False)
    return _finish(fig, source_line)


def stacked_bars(counts: pd.DataFrame, xlabel: str, source_line: str):
    """Horizontal stacked bars, one segment per column, told apart by hatching as well as grey."""
    fig, ax = plt.subplots(figsize=(7.5, 1.4 + 0.45 * len(counts)))
    left = pd.Series(0, index=counts.index)
    for number, column in enumerate(counts.columns):
        ax.barh(range(len(counts)), counts[column], left=left, color=GREYS[number % 4], hatch=HATCHES[number % 4],
                edgecolor=INK, label=str(column).replace("_", " "))
        left = left + counts[column]
    ax.set_yticks(range(len(counts)), [_shorten(str(i), 40) for i in counts.index], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel, fontsize=8)
    ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.3 / len(counts)), ncol=4, fontsize=7, frameon=False)
    return _finish(fig, source_line)
