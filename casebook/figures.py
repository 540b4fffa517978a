"""Figures shared by the chapters: legible in print, no colour-only encodings."""

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

# Court level by marker shape, so that the figure reads in black and white.
COURT_MARKERS = {"municipal": ("o", "municipal court"), "appeal": ("s", "Appeal Court"),
                 "supreme": ("D", "Supreme Court"), None: ("x", "other event")}
INK = "#222222"


def _style(ax) -> None:
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(axis="y", length=0)
    locator = mdates.AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)


def add_source_line(fig, text: str) -> None:
    """The figure's own source line, so that it travels with the image."""
    fig.text(0.01, 0.005, text, fontsize=7, color="#555555", ha="left", va="bottom")


def timeline(events: pd.DataFrame, elections: pd.DataFrame, source_line: str):
    """Events (with a `label` column) on a time axis, one row each: exact dates as markers,
    imprecise ones as spans.

    Court acts take a marker by court level; elections in the window are dashed lines.
    """
    events = events.sort_values(["date_earliest", "date_latest", "event_id"]).reset_index(drop=True)
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
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    add_source_line(fig, source_line)
    plt.close(fig)  # shown where the chapter places it (glue), not where it was drawn
    return fig


def _shorten(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _mark_elections(ax, elections: pd.DataFrame, events: pd.DataFrame) -> None:
    lo, hi = events["date_earliest"].min(), events["date_latest"].max()
    pad = max(pd.Timedelta(days=30), (hi - lo) * 0.05)
    ax.set_xlim(lo - pad, hi + pad)
    for poll in elections.itertuples():
        if lo - pad <= poll.date_earliest <= hi + pad:
            ax.axvspan(poll.date_earliest, poll.date_latest + pd.Timedelta(days=1), color="#999999", alpha=0.25)
            ax.axvline(poll.date_earliest, color=INK, linestyle="--", linewidth=0.8)
            ax.annotate(f"{poll.kind} election", (poll.date_earliest, 0), xycoords=("data", "axes fraction"),
                        xytext=(2, 2), textcoords="offset points", fontsize=7, rotation=90, va="bottom")


def _legend(ax, events: pd.DataFrame) -> None:
    levels = [lvl if isinstance(lvl, str) else None for lvl in events["court_level"]]
    handles = []
    for level, (marker, label) in COURT_MARKERS.items():
        if level in levels:
            handles.append(plt.Line2D([], [], marker=marker, linestyle="", color=INK, label=label))
    handles.append(plt.Line2D([], [], color=INK, alpha=0.35, linewidth=4, label="date known only as a span"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.04), ncol=3, fontsize=7, frameon=False)
