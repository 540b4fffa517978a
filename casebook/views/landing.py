"""What the landing page shows: the case index, the coverage statement and the overview figure."""

import pandas as pd
from IPython.display import Markdown

from casebook.dates import describe
from casebook.derive import units
from casebook.views import figures, patterns
from casebook.views.common import election_name, map_distinct, page_name, with_schedule
from casebook.views.display import escape
from casebook.vocabulary import COURT_NAMES, COURT_ORDER


def _day(stamp: pd.Timestamp) -> str:
    return f"{stamp.day} {stamp:%B %Y}"


def case_index(data) -> pd.DataFrame:
    """One row per proceeding: defendant, who brought it, the highest court it reached, its
    outcome and the date that outcome holds for, and the chapter that tells it; in the order of
    each proceeding's first legal step (or first event, where it has no legal step), placed by the
    bounds the archive gives (an assumed earlier bound does not move a case ahead)."""
    parties = patterns.parties_table(data).set_index("case_id")
    courts = data.events.dropna(subset=["court_level"])
    # The highest court per proceeding; of two courts of one rank, the first the data lists.
    ranked = courts.assign(rank=courts["court_level"].map(COURT_ORDER)).sort_values("rank", ascending=False, kind="stable")
    levels = ranked.drop_duplicates("case_id").set_index("case_id")["court_level"].map(COURT_NAMES)
    unnamed = units.unnamed_court_cases(data)
    steps = units.legal_steps(data)
    # A bound the editor assumed does not place a step: its first day is then the archive's own bound.
    first_day = steps["date_earliest"].mask(patterns.open_bounds(steps)["start"], steps["date_latest"])
    began = first_day.groupby(steps["case_id"]).min()
    began = began.combine_first(data.events.groupby("case_id")["date_earliest"].min())
    cases = units.proceedings(data)
    cases = cases.assign(began=cases["case_id"].map(began)).sort_values(["began", "case_id"], na_position="last")
    return pd.DataFrame({
        "Case": cases["title"],
        "Defendant": cases["case_id"].map(parties["Against"]),
        "Brought by": cases["case_id"].map(parties["Brought by"]),
        "Highest court reached": cases["case_id"].map(levels).astype(object).fillna(
            cases["case_id"].map(lambda c: COURT_NAMES["not_named"] if c in unnamed else "not stated")),
        "Outcome": cases["status"],
        "As of": map_distinct(cases["status_as_of"], describe),
        "chapter": cases["chapter"],
    }).reset_index(drop=True)


def case_index_table(frame: pd.DataFrame, label: str, caption: str, source: str) -> Markdown:
    """The case index as a numbered table, each case's name linking to its chapter."""
    shown = frame.drop(columns=["Case", "chapter"])
    head = "| Case | " + " | ".join(escape(c) for c in shown.columns) + " |"
    rule = "|" + "---|" * (len(shown.columns) + 1)
    body = []
    for case, chapter, row in zip(frame["Case"], frame["chapter"], shown.itertuples(index=False)):
        name = " ".join(str(case).translate({ord(c): None for c in "<>`"}).split())  # the role's own syntax
        # a role only to a page name (slugs and '/'), which the validator holds to the table of contents
        link = f"{{doc}}`{name} <{chapter}>`" if page_name(chapter) else escape(case)
        body.append(f"| {link} | " + " | ".join(escape(v) for v in row) + " |")
    return Markdown(f":::{{table}} {escape(caption)}\n:name: {label}\n:align: left\n\n" + "\n".join([head, rule, *body])
                    + f"\n:::\n\n*Source:* {escape(source)}\n")


def coverage(data) -> dict[str, str]:
    """The period the events and the sources span, and the last day any source reports on."""
    sources, events = data.sources, data.events
    cutoff = sources["published_latest"].max()
    later = data.elections[data.elections["date_earliest"] > cutoff].sort_values("date_earliest")
    return {
        "first_event": describe(events.loc[events["date_earliest"].idxmin(), "date"]),
        "last_event": describe(events.loc[events["date_latest"].idxmax(), "date"]),
        "first_source": describe(sources.loc[sources["published_earliest"].idxmin(), "published"]),
        "cutoff": _day(cutoff),
        "sources": str(len(sources)),
        "later_elections": ", ".join(f"the {election_name(p.kind, p.date, scheduled=True)}" for p in later.itertuples()),
    }


def coverage_statement(data) -> Markdown:
    c = coverage(data)
    text = (f"The events in this book run from {c['first_event']} to {c['last_event']}. Its {c['sources']} sources "
            f"were published between {c['first_source']} and {c['cutoff']}: nothing reported after "
            f"{c['cutoff']} is included, and each case's status is the one the latest source gives.")
    if c["later_elections"]:
        text += f" The book therefore says nothing of what followed, including {c['later_elections']}."
    return Markdown(f"**Coverage.** {escape(text)}")


def overview(data) -> figures.Chart:
    """Every case on one time axis with the elections (the landing page's figure)."""
    events = data.events[data.events["case_id"].notna()]
    titles = data.cases.set_index("case_id")["title"].to_dict()
    return figures.case_lanes(events, titles, with_schedule(data.elections, data.sources),
                              "Source: casebook data, cases.csv, events.csv and elections.csv.")
