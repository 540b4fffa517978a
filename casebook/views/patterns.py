"""Tables and findings for the pattern chapters, each recomputed from the whole dataset.

Every count is over the units `casebook.derive.units` defines (proceedings, legal steps as acts, sides),
and every finding carries its denominator and, where one exists, its comparison.
"""

import re

import numpy as np
import pandas as pd

from casebook.dates import describe, describe_as_of, describe_days, describe_span
from casebook.derive import money, timing, units
from casebook.views.common import (
    actor_names,
    case_kind,
    event_dates,
    join_groups,
    map_distinct,
    penalty_kind,
    sources_by_record,
    with_schedule,
    words,
)
from casebook.vocabulary import (
    ADVERSE,
    BASIS_WORDS,
    BRINGER_ROLES,
    CONFLICT_KIND_WORDS,
    CONTEXT_STANCE_WORDS,
    COURT_ORDER,
    COURT_WORDS,
    DIGITAL,
    STANCE_WORDS,
    STANCES,
    TOPIC_WORDS,
    certainty,
    counts_as_certain,
    qualified,
)

APOLOGY_WORDS = re.compile(r"apolog|forgiv|insult", re.IGNORECASE)
CONFLICT_KINDS = CONFLICT_KIND_WORDS
ONE_YEAR = 365
PENALTY_NOUNS = {"compensation": ("compensation award", "compensation awards"), "fine": ("fine", "fines"),
                 "unspecified payment": ("payment of unstated kind", "payments of unstated kind")}


def _names(data) -> pd.Series:
    return data["actors"].set_index("actor_id")["name"]


def _titles(data) -> pd.Series:
    return data["cases"].set_index("case_id")["title"]


def _table(columns: dict) -> pd.DataFrame:
    """A frame of these columns, typed as a frame built row by row would be (no rows: all text)."""
    if not len(next(iter(columns.values()))):
        return pd.DataFrame([], columns=list(columns))
    return pd.DataFrame({name: list(values) for name, values in columns.items()})


def _listing(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def step_words(parts) -> str:
    """['arrest', 'detention'] -> 'arrest and detention'."""
    return _listing([words(p) for p in parts])


# --- timing -------------------------------------------------------------------------------

def _calendar(data, steps: pd.DataFrame, after: bool):
    start, end = steps["date_earliest"].min(), steps["date_latest"].max()
    return timing.window_masks(data["elections"], start, end, ONE_YEAR, after=after)


def election_timing(data) -> pd.DataFrame:
    """Every adverse legal step (one row per act), whether it fell within a year before an
    election and within a year after one, the next election and the days before it."""
    steps = units.legal_steps(data, "adverse")
    if steps.empty:
        return steps.assign(before="", after="", next_election=None)
    gaps = timing.next_election(steps, data["elections"]).set_index("event_id")
    out = steps.join(gaps, on="event_id")
    # An opened bound may reach any window: the flags' calendar starts early enough for every election.
    polls = data["elections"]
    start = min(steps["date_earliest"].min(), polls["date_earliest"].min() - pd.Timedelta(days=2 * ONE_YEAR))
    end = max(steps["date_latest"].max(), polls["date_latest"].max() + pd.Timedelta(days=2 * ONE_YEAR))
    for side, after in (("before", False), ("after", True)):
        calendar = timing.window_masks(polls, start, end, ONE_YEAR, after=after)
        out[side] = timing.spans_in_window(certain_spans(out, start, end), *calendar)
    opened = open_bounds(out)
    out.loc[opened["start"], "days_max"] = pd.NA  # an earlier day than the assumed bound is possible
    polls = data["elections"]
    kinds = dict(zip(polls["election_id"], polls["kind"]))
    scheduled = with_schedule(polls, data["sources"])  # a poll after the last source: only scheduled
    dates = {e: ("scheduled for " if later else "") + describe(d)
             for e, d, later in zip(scheduled["election_id"], scheduled["date"], scheduled["scheduled"])}
    out["Case"] = out["case_id"].map(_titles(data))
    out["Step"] = map_distinct(out["parts"].map(tuple), step_words)
    # A date resting on a bound from outside the archive says so beside it: such a date counts as
    # "possibly", never "yes", however firm it reads (its bound is not the archive's own).
    outside = pd.Series(False, index=out.index)
    for column in ("date_basis", "start_basis", "end_basis"):
        if column in out:
            outside |= out[column].map(lambda b: certainty(b) == "outside")
    worded = event_dates(out)
    out["Date"] = worded.where(~outside, worded + f" ({BASIS_WORDS['corroborated']})")
    out["In the year before an election"] = out["before"]
    out["In the year after one"] = out["after"]
    out["Next election"] = map_distinct(out["next_elections"], lambda ids: " or ".join(
        f"{kinds[e]} ({dates[e]})" for e in ids.split()) if isinstance(ids, str) else "none in the data")
    out["Days before it"] = [("" if pd.isna(lo) else f"{describe_days(lo, lo)} or more" if pd.isna(hi)
                              else describe_days(lo, hi)) for lo, hi in zip(out["days_min"], out["days_max"])]
    out["Sources"] = out["event_id"].map(sources_by_record(data["evidence"], out["event_id"])).astype(object).fillna("")
    return out.reset_index(drop=True)


def open_bounds(frame: pd.DataFrame) -> pd.DataFrame:
    """For each row, whether its earlier ('start') and later ('end') bound may not be used for a count
    of what certainly happened: a bound taken from outside the archive or assumed by the editor
    (start_basis/end_basis, or date_basis for both). Such a bound can only widen a range."""
    def uncertain(column):
        if column not in frame:
            return pd.Series(False, index=frame.index)
        return frame[column].map(lambda b: not counts_as_certain(b))
    whole = uncertain("date_basis")
    return pd.DataFrame({"start": whole | uncertain("start_basis"), "end": whole | uncertain("end_basis")})


def certain_spans(frame: pd.DataFrame, first, last) -> pd.DataFrame:
    """The rows' date spans with every bound `open_bounds` names opened to `first` or `last` (the
    calendar's ends): what the archive itself allows, for counting what certainly happened."""
    opened = open_bounds(frame)
    return pd.DataFrame({"date_earliest": frame["date_earliest"].mask(opened["start"], first),
                         "date_latest": frame["date_latest"].mask(opened["end"], last)}, index=frame.index)


def calendar_baseline(data, steps: pd.DataFrame | None = None) -> dict:
    """Share of the days the steps span that lie within a year before (and after) an election."""
    steps = units.legal_steps(data, "adverse") if steps is None else steps
    out = {"start": steps["date_earliest"].min(), "end": steps["date_latest"].max()}
    for side, after in (("before", False), ("after", True)):
        calendar, certain, possible = _calendar(data, steps, after)
        out[f"{side}_days"] = len(calendar)
        out[f"{side}_share_certain"] = float(certain.mean())
        out[f"{side}_share_possible"] = float(possible.mean())
        # The same shares over the years the archive covers: the calendar years in which a step
        # may fall (a year with no step reported is a year the sources do not cover).
        covered = calendar.year.isin(covered_years(steps))
        out[f"{side}_covered_share_certain"] = float(certain[covered].mean()) if covered.any() else 0.0
        out[f"{side}_covered_share_possible"] = float(possible[covered].mean()) if covered.any() else 0.0
    out["covered_years"] = covered_years(steps)
    return out


def covered_years(steps: pd.DataFrame) -> list[int]:
    """The calendar years in which at least one step may fall."""
    years = set()
    for lo, hi in zip(steps["date_earliest"], steps["date_latest"]):
        years.update(range(lo.year, hi.year + 1))
    return sorted(years)


def _year_runs(years: list[int]) -> str:
    """[2016, 2017, 2018, 2022, 2023] -> '2016–2018 and 2022–2023'."""
    runs, start = [], None
    for i, year in enumerate(years):
        start = year if start is None else start
        if i + 1 == len(years) or years[i + 1] != year + 1:
            runs.append(str(year) if start == year else f"{start}\u2013{year}")
            start = None
    return _listing(runs)


def _expected(n: int, low: float, high: float) -> str:
    lo, hi = n * low, n * high
    return f"{lo:.0f}" if round(lo) == round(hi) else f"{lo:.0f} to {hi:.0f}"


def _pct_range(low: float, high: float) -> str:
    return f"{100 * low:.0f}%" if round(100 * low) == round(100 * high) else f"{100 * low:.0f}–{100 * high:.0f}%"


def data_proceedings_without_steps(data, table) -> str:
    """How many proceedings have no dated adverse step, as a phrase ("one proceeding has", "2 proceedings have")."""
    n = units.proceedings(data)["case_id"].nunique() - table["case_id"].nunique()
    return "one proceeding has" if n == 1 else f"{n} proceedings have"


def timing_findings(data) -> dict:
    """Adverse steps within a year before/after an election, against the calendar's share of days."""
    table = election_timing(data)
    base = calendar_baseline(data, table)
    n = len(table)
    out = {"steps": n, "proceedings": table["case_id"].nunique(),
           "elections": int(((data["elections"]["date_latest"] >= base["start"])
                             & (data["elections"]["date_earliest"] <= base["end"] + pd.Timedelta(days=ONE_YEAR))).sum()),
           "favourable": len(units.legal_steps(data, "favourable")),
           "favourable_kinds": _listing([f"{words(kind)} ({n})" for kind, n in
                                         units.legal_steps(data, "favourable")["kind"].value_counts().items()]),
           "without_steps": data_proceedings_without_steps(data, table),
           "folded": int(data["events"]["part_of"].notna().sum()) if "part_of" in data["events"] else 0,
           "period": f"{describe(base['start'].strftime('%Y-%m-%d'))} to {describe(base['end'].strftime('%Y-%m-%d'))}"}
    for side in ("before", "after"):
        certain = int((table[side] == "yes").sum())
        maybe = int((table[side] == "possibly").sum())
        low, high = base[f"{side}_share_certain"], base[f"{side}_share_possible"]
        bottom, top = chance_band(n, low, high)
        c_low, c_high = base[f"{side}_covered_share_certain"], base[f"{side}_covered_share_possible"]
        out.update({f"{side}_certain": certain, f"{side}_possible": maybe, f"{side}_most": certain + maybe,
                    f"{side}_chance": f"{max(0, np.ceil(bottom)):.0f} to {min(n, np.floor(top)):.0f}",
                    f"{side}_share": _pct_range(low, high), f"{side}_expected": _expected(n, low, high),
                    f"{side}_above_chance": certain > top,
                    f"{side}_covered_share": _pct_range(c_low, c_high),
                    f"{side}_covered_expected": _expected(n, c_low, c_high)})
    out["covered_years"] = _year_runs(base["covered_years"])
    # Steps counted "yes" only because of a bound from outside the archive or an editor's assumption.
    recorded = {side: timing.spans_in_window(table, *_calendar(data, table, after))
                for side, after in (("before", False), ("after", True))}
    out["before_by_assumption"] = int(((recorded["before"] == "yes") & (table["before"] != "yes")).sum())
    out["after_by_assumption"] = int(((recorded["after"] == "yes") & (table["after"] != "yes")).sum())
    # The baseline again from the earliest bound the archive itself gives (no assumed bound).
    opened = open_bounds(table)
    archive_start = table["date_latest"].where(opened["start"], table["date_earliest"]).min()
    if len(table) and archive_start > base["start"]:
        cal, certain_days, possible_days = timing.window_masks(data["elections"], archive_start, base["end"], ONE_YEAR)
        out["archive_start"] = describe(archive_start.strftime("%Y-%m"))
        out["before_expected_archive_start"] = _expected(n, float(certain_days.mean()), float(possible_days.mean()))
    else:
        out["archive_start"] = describe(base["start"].strftime("%Y-%m"))
        out["before_expected_archive_start"] = out["before_expected"]
    out["assumed_start"] = _listing(table.loc[open_bounds(table)["start"], "Case"].drop_duplicates().tolist())
    # Adverse measures recorded as part of a favourable act (the conditions a release order set).
    events = data["events"]
    favourable = set(units.legal_steps(data, "favourable")["event_id"])
    part_of = events["part_of"] if "part_of" in events else pd.Series(pd.NA, index=events.index)
    folded_adverse = events[part_of.isin(favourable) & events["kind"].isin(ADVERSE)]
    out["folded_adverse"] = len(folded_adverse)
    out["folded_adverse_kinds"] = _listing(sorted({words(k) for k in folded_adverse["kind"]}))
    out["proceedings_all"] = len(units.proceedings(data))
    out["verdict"] = _timing_verdict(n, out["before_certain"], out["before_most"],
                                     base["before_share_certain"], base["before_share_possible"])
    out["after_comparison"] = ("the same count finds at least as many steps in the year after an election as in "
                               "the year before, so it cannot single out pre-election timing"
                               if out["after_certain"] >= out["before_certain"] else
                               "the same count finds fewer steps in the year after an election than in the year before")
    out["sources"] = len(data["sources"])
    # Sources published within a year after an election: reports dwell on recent events.
    published = data["sources"].dropna(subset=["published_earliest"])
    after_poll = pd.Series(dtype=object) if published.empty else timing.spans_in_window(
        published.rename(columns={"published_earliest": "date_earliest", "published_latest": "date_latest"}),
        *timing.window_masks(data["elections"], published["published_earliest"].min(),
                             published["published_latest"].max(), ONE_YEAR, after=True))
    out["sources_after_election"] = int((after_poll == "yes").sum())
    # Selection: the source(s) the steps that certainly fell before an election rest on.
    before = table[table["before"] == "yes"]
    only = before["Sources"][~before["Sources"].str.contains(",")]
    top = only.value_counts()
    out["before_single_source"] = int(top.iloc[0]) if len(top) else 0
    out["before_single_source_name"] = (data["sources"].set_index("source_id")["publisher"].get(top.index[0], top.index[0])
                                        if len(top) else "")
    years = sorted(data["sources"]["published_earliest"].dt.year.unique())
    out["source_years"] = _listing([str(y) for y in years])
    gaps = [(a, b) for a, b in zip(years, years[1:]) if b - a > 1]
    widest = max(gaps, key=lambda g: g[1] - g[0]) if gaps else None
    out["source_gap"] = f"{widest[0] + 1} to {widest[1] - 1}" if widest else "none"
    return out


def chance_band(n: int, low: float, high: float) -> tuple[float, float]:
    """The counts the calendar alone would give for n steps dated at random: its expectation
    (n x share of days, a range where polling days are imprecise) widened by two binomial standard
    deviations on each side. Steps are not independent draws, so this is a yardstick, not a test."""
    return (n * low - 2 * np.sqrt(n * low * (1 - low)), n * high + 2 * np.sqrt(n * high * (1 - high)))


def _timing_verdict(n: int, certain: int, most: int, low: float, high: float) -> str:
    """What the count before elections shows against what the calendar alone would give.

    Only a count above the chance band on every reading of the dates shows clustering; only one
    below it on every reading shows the opposite; a count inside it on every reading shows neither;
    otherwise the imprecise dates leave the question open.
    """
    bottom, top = chance_band(n, low, high)
    if certain > top:
        return "more steps fell within a year before an election than the calendar alone would put there"
    if most < bottom:
        return "fewer steps fell within a year before an election than the calendar alone would put there"
    if certain >= bottom and most <= top:
        return ("about as many steps fell within a year before an election as the calendar alone would put "
                "there: the data shows no clustering before elections")
    return ("the steps known to fall within a year before an election are no more than the calendar alone "
            "would put there, and the imprecise dates leave room for more: the data neither shows nor rules "
            "out clustering before elections")


def timing_windows(data) -> list[tuple]:
    """(start, end) of the year before each election, for shading the timing figure."""
    polls = data["elections"]
    return [(hi - pd.Timedelta(days=ONE_YEAR), hi) for hi in polls["date_latest"]]


# --- money ---------------------------------------------------------------------------------

def money_table(data) -> pd.DataFrame:
    """Every monetary penalty in riel and dollars, computed and as the source stated (with the
    source's qualifiers), and whether the stated dollar figure is an independent check of the
    computed one."""
    penalties = money.penalties_in_usd(data["penalties"], data["events"], data["fx_rates"])
    penalties = penalties[penalties["amount"].notna()]
    for column in ("amount_qualifier", "usd_stated_qualifier", "kind_basis", "kind_as_stated"):
        if column not in penalties:
            penalties = penalties.assign(**{column: None})
    names, brought = _names(data), units.bringers(data)
    plaintiffs = pd.Series(_bringer_text(data, brought[brought["role"].isin(["plaintiff", "complainant"])]), dtype=object)
    derived = data["fx_rates"].set_index("rate_id").get("derived_from", pd.Series(dtype=object)).fillna("")
    check = []
    for row in penalties.itertuples():
        if pd.isna(row.usd_stated):
            check.append("no dollar figure stated")
        elif row.currency == "USD":
            check.append("stated in dollars: nothing to check")
        elif row.penalty_id in str(derived.get(row.rate_id, "")).split():
            check.append("the rate was derived from this figure: not a check")
        else:
            agrees = abs(row.usd_stated - row.usd_computed) <= 0.01 * row.usd_stated
            check.append("independent check: agrees" if agrees else "independent check: differs")
    return pd.DataFrame({
        "case_id": penalties["case_id"],
        "penalty_id": penalties["penalty_id"],
        "kind": penalties["kind"],
        "kind_basis": penalties["kind_basis"],
        "kind_as_stated": penalties["kind_as_stated"],
        "Case": penalties["case_id"].map(_titles(data)),
        "Plaintiff(s)": penalties["case_id"].map(plaintiffs).astype(object).fillna("none named"),
        "Kind": [penalty_kind(k, b, a) for k, b, a in zip(penalties["kind"], penalties["kind_basis"],
                                                           penalties["kind_as_stated"])],
        "Amount as stated": [qualified(money.format_amount(a, c), q)
                             for a, c, q in zip(penalties["amount"], penalties["currency"], penalties["amount_qualifier"])],
        "usd_computed": penalties["usd_computed"],
        "usd_computed_qualifier": penalties["usd_computed_qualifier"],
        "usd_stated": penalties["usd_stated"],
        "usd_stated_qualifier": penalties["usd_stated_qualifier"],
        "To": penalties["beneficiary_id"].map(lambda ids: actor_names(ids, names) or "not stated"),
        "Dollar check": check,
    }).reset_index(drop=True)


def _about_usd(value: float) -> str:
    return f"about {money.format_usd(value)}"


def money_findings(data) -> dict:
    """Penalties described by kind and size (no total across kinds), each kind as the data knows it
    (worked out, or in the source's own word) and each amount with the source's qualifier; and the
    independent checks."""
    table = money_table(data)
    parts = []
    for (kind, shown, amount), group in table.groupby(["kind", "Kind", "Amount as stated"], sort=False):
        count = len(group)
        usd = group["usd_computed"].iloc[0]
        stated, qualifier = group["usd_stated"].iloc[0], group["usd_stated_qualifier"].iloc[0]
        one_figure = group["usd_stated"].nunique(dropna=False) == 1
        dollars = (f"a source gives {qualified(money.format_usd(stated), qualifier)}" if pd.notna(stated) and one_figure
                   else _about_usd(usd))  # a dollar figure a source states is shown as stated, not recomputed
        each = "" if "$" in amount else f" ({dollars}{' each' if count > 1 else ''})"
        noun = PENALTY_NOUNS.get(words(kind), (words(kind), words(kind)))[count > 1]
        how = shown[len(words(kind)):]  # ' (worked out; ...)' or ' (the source writes ...)', if any
        parts.append((usd, f"{_count_words(count)} {noun}{how} of {amount}{each}"))
    parts = [text for _, text in sorted(parts, key=lambda p: -p[0])]
    independent = table[table["Dollar check"].str.startswith("independent")]
    agree = int((independent["Dollar check"] == "independent check: agrees").sum())
    approximate = independent["usd_stated_qualifier"].map(lambda q: isinstance(q, str) and bool(q))
    if independent.empty:
        check = "none of them is independent of those rates"
    elif len(independent) == 1:
        figure = "the source's approximate figure" if approximate.iloc[0] else "it"
        verdict = f"agrees with {figure}" if agree else f"differs from {figure}"
        check = f"one of them is independent of those rates, and the computed value {verdict}"
    else:
        check = (f"{len(independent)} of them are independent of those rates, and the computed value agrees "
                 f"with {agree} of those")
    currencies = _listing([{"KHR": "riel", "USD": "dollars"}[c] for c in
                           sorted(set(money.penalties_in_usd(data["penalties"], data["events"], data["fx_rates"])
                                      .dropna(subset=["amount"])["currency"]))]).replace(" and ", " or ")
    return {"penalties": len(table), "proceedings": table["case_id"].nunique(), "by_size": _listing(parts),
            "with_stated_usd": int(table["usd_stated"].notna().sum()), "independent": len(independent),
            "independent_agree": agree, "check_sentence": check, "currencies": currencies,
            "inferred_kinds": int((table["kind_basis"] == "inferred").sum()),
            "not_checks": int(table["Dollar check"].str.contains("not a check|nothing to check").sum())}


def _count_words(n: int) -> str:
    return ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][n] if n < 10 else str(n)


# --- who sues whom -------------------------------------------------------------------------

def _bringer_text(data, brought: pd.DataFrame) -> dict:
    """Case id -> who brought it, each name marked where the role is worked out rather than stated."""
    names = _names(data)
    basis = brought["role_basis"] if "role_basis" in brought else pd.Series(None, index=brought.index, dtype=object)
    shown = [names.get(a, a) + (" (worked out from the source's words, not stated)" if b == "inferred" else "")
             for a, b in zip(brought["actor_id"], basis)]
    return join_groups(brought["case_id"], pd.Series(shown, index=brought.index, dtype=object), ", ").to_dict()


def courts_reached(data) -> pd.Series:
    """Case id -> the courts that acted, in procedural order, a court not named last."""
    levels = data["events"].dropna(subset=["court_level"]).drop_duplicates(["case_id", "court_level"])
    rank = levels["court_level"].map(lambda lv: COURT_ORDER[lv] if lv != "not_named" else len(COURT_ORDER))
    levels = levels.iloc[np.argsort(rank.to_numpy(), kind="stable")]
    return join_groups(levels["case_id"], levels["court_level"].map(COURT_WORDS), ", ")


def parties_table(data) -> pd.DataFrame:
    """Per proceeding: who brought it, against whom, the courts reached and the outcome, with the
    records that prove them (`records`: the case, its bringers and its courts)."""
    names, parties = _names(data), data["case_parties"]
    brought = _bringer_text(data, units.bringers(data))
    acted = parties[(parties["role"] == "judge")].assign(name=lambda p: p["actor_id"].map(names))
    against = units.defendants(data)
    against = join_groups(against["case_id"], against["actor_id"].map(names), ", ")
    levels = courts_reached(data)
    unnamed = units.unnamed_court_cases(data)
    cases = units.proceedings(data)
    admin = join_groups(acted["case_id"], acted["name"], ", ").to_dict()
    by = [brought.get(c) or (f"no plaintiff: a decision of the {admin.get(c)}" if k == "administrative" and c in admin
                             else "not named in the sources")
          for c, k in zip(cases["case_id"], cases["kind"])]
    as_of = map_distinct(cases["status_as_of"], describe_as_of)
    # The records that prove a row: the case (its outcome), and who brought it and which courts acted.
    shown = parties[parties["role"].isin([*BRINGER_ROLES, "judge"])]
    roles = join_groups(shown["case_id"], shown["case_id"] + "/" + shown["actor_id"] + "/" + shown["role"], " ")
    return pd.DataFrame({
        "case_id": cases["case_id"],
        "records": [f"{c} {roles[c]}" if c in roles else c for c in cases["case_id"]],
        "Case": cases["title"], "Kind": [case_kind(k, b) for k, b in zip(cases["kind"],
                                                 cases.get("kind_basis", pd.Series(None, index=cases.index)))],
        "Brought by": by,
        "Against": cases["case_id"].map(against).astype(object).fillna("not named"),
        # A court a source reports acting without naming it (a judge row, no dated court act) is "not named".
        "Courts reached": cases["case_id"].map(levels).astype(object).fillna(
            cases["case_id"].map(lambda c: COURT_WORDS["not_named"] if c in unnamed else "not stated")),
        "Outcome": [f"{status} ({when})" for status, when in zip(cases["status"], as_of)],
    }).reset_index(drop=True)


def suit_edges(data) -> pd.DataFrame:
    """Bringer -> defendant pairs, one row per proceeding and pair, with the proceeding's kind."""
    edges = units.bringers(data).merge(units.defendants(data), on="case_id", suffixes=("_from", "_to"))
    names = _names(data)
    cases = data["cases"].set_index("case_id")
    kind_basis = cases["kind_basis"] if "kind_basis" in cases else pd.Series(None, index=cases.index, dtype=object)
    return pd.DataFrame({"case_id": edges["case_id"], "source": edges["actor_id_from"].map(names),
                         "target": edges["actor_id_to"].map(names), "kind": edges["case_id"].map(cases["kind"]),
                         "role_basis": edges["role_basis"], "kind_basis": edges["case_id"].map(kind_basis)})


def parties_findings(data) -> dict:
    """Proceedings, defendants, and who brought them: counted by side (a party and its president are
    one) and, beside it, by each party separately; with what the merge rests on, how many roles are
    worked out rather than stated, and how many sources report a suit by the largest side."""
    procs, brought, names = units.proceedings(data), units.bringers(data), _names(data)
    per_side = brought.groupby("side")["case_id"].nunique().sort_values(ascending=False, kind="stable")
    per_actor = brought.groupby("actor_id")["case_id"].nunique().sort_values(ascending=False, kind="stable")
    top = per_side.index[0] if len(per_side) else None
    leaders = {party: person for person, party in units.party_leaders(data).items()}
    merged = top is not None and top in leaders and leaders[top] in set(brought["actor_id"])
    if merged:  # the date of the source that makes the person the party's president
        aff = data["affiliations"]
        row = aff[(aff["actor_id"] == leaders[top]) & (aff["organisation_id"] == top) & (aff["role"] == "President")]
        as_of = row["as_of"].dropna()
        when = describe_span(as_of.iloc[0]) if len(as_of) else "no date"
        source = f"a {as_of.iloc[0][:4]} source" if len(as_of) else "an undated source"
    if top is None:
        top_name = ""
    elif merged:
        top_name = f"{names[leaders[top]]} or the {names[top]} (of which, {source} says, {names[leaders[top]]} is president)"
    else:
        top_name = names.get(top, top)
    kinds = data["actors"].set_index("actor_id")["kind"]
    separately = _listing([f"{'' if kinds.get(a) == 'person' else 'the '}{names.get(a, a)} {n}"
                           for a, n in per_actor.items()])
    if merged:
        joined = brought[brought["side"] == top]["case_id"].unique()
        years = data["events"][data["events"]["case_id"].isin(joined) & data["events"]["kind"].isin(ADVERSE)]
        span = f"{years['date_earliest'].min().year} to {years['date_latest'].max().year}" if len(years) else ""
        merge_basis = (f"the one source that calls {names[leaders[top]]} the {names[top]}'s president is dated "
                       f"{when}; the proceedings the merge joins are dated from {span}")
    else:
        merge_basis = ""
    basis = brought["role_basis"] if "role_basis" in brought else pd.Series(None, index=brought.index, dtype=object)
    named = brought[basis != "inferred"]  # roles a source states; the rest the book works out
    # The sources that report a suit by the largest side: those whose quotes prove a role a source
    # states, not those a worked-out role rests on (which do not report a suit).
    top_ids = named.loc[named["side"] == top, ["case_id", "actor_id", "role"]] if top else named.iloc[:0]
    keys = set(top_ids["case_id"] + "/" + top_ids["actor_id"] + "/" + top_ids["role"])
    evidence = data["evidence"]
    reporting = evidence[evidence["record_id"].isin(keys)]["source_id"].nunique()
    return {"proceedings": len(procs), "defendants": units.defendants(data)["actor_id"].nunique(),
            "with_bringer": brought["case_id"].nunique(), "without_bringer": len(procs) - brought["case_id"].nunique(),
            "sides": int(per_side.size), "top_side": top_name, "top_side_cases": int(per_side.iloc[0]) if top else 0,
            "separately": separately, "top_actor_cases": int(per_actor.iloc[0]) if len(per_actor) else 0,
            "merged": merged, "merge_basis": merge_basis,
            "inferred_roles": int((basis == "inferred").sum()),
            "named_bringer": named["case_id"].nunique(),
            # administrative decisions (a ministry revoking a licence): proceedings no one brings
            "administrative": int((procs["kind"] == "administrative").sum()),
            "worked_out_only": brought["case_id"].nunique() - named["case_id"].nunique(),
            "top_side_named": named.loc[named["side"] == top, "case_id"].nunique() if top else 0,
            "top_side_sources": reporting, "sources": len(data["sources"]),
            "worked_out_prosecutions": int(brought.loc[(basis == "inferred") & (brought["role"] == "prosecutor"),
                                                       "case_id"].nunique())}


# --- due process ---------------------------------------------------------------------------

def _process_claims(data) -> pd.DataFrame:
    """Fairness claims about proceedings, each with the source document(s) that carry it."""
    fairness = data["fairness"]
    claims = fairness[fairness["case_id"].isin(units.proceedings(data)["case_id"])].copy()
    sources = claims["fairness_id"].map(sources_by_record(data["evidence"], claims["fairness_id"]))
    claims["source"] = sources.astype("str").fillna("")  # text, also when there are no claims
    return claims


def due_process_cells(data) -> pd.DataFrame:
    """The filled cells of the proceeding-by-indicator matrix, each naming who makes the claim."""
    names, titles = _names(data), _titles(data)
    claims = _process_claims(data)
    claims = claims.assign(who=claims["assessed_by"].map(names))
    rows = []
    for (case_id, indicator), cell in claims.groupby(["case_id", "indicator"], sort=True):
        values = set(cell["value"])
        rows.append({"case_id": case_id, "Case": titles[case_id], "Indicator": words(indicator),
                     "Cell": values.pop() if len(values) == 1 else "disputed",
                     "Who says so": "; ".join(f"{who} ({value})" for who, value in zip(cell["who"], cell["value"])),
                     # what each claim covers, in the book's words (a hearing, a year): the scope the
                     # indicator's name alone does not give
                     "Note": " ".join(n for n in cell["note"] if isinstance(n, str) and n),
                     "record_ids": " ".join(cell["fairness_id"])})
    return pd.DataFrame(rows, columns=["case_id", "Case", "Indicator", "Cell", "Who says so", "Note", "record_ids"])


def fairness_values(data) -> pd.DataFrame:
    """Proceeding x indicator with one value per cell (yes/no/disputed), for the matrix figure."""
    values = _process_claims(data).groupby(["case_id", "indicator"])["value"]
    cells = values.first(skipna=False).where(values.nunique() == 1, "disputed").astype("str")
    return cells.unstack(fill_value="")


def claims_by_source(data) -> pd.DataFrame:
    """Due-process claims per source document: how many, about how many proceedings, and the
    largest number about any one proceeding (how finely that document was coded)."""
    claims = _process_claims(data)
    per = claims.groupby("source").agg(claims=("fairness_id", "size"), proceedings=("case_id", "nunique"),
                                       most_on_one=("case_id", lambda cases: int(cases.value_counts().iloc[0])))
    per = per.reset_index().rename(columns={"source": "source_id"})
    names = source_names(data)
    per.insert(0, "Source", ["; ".join(names.get(s.strip(), s) for s in sid.split(",")) for sid in per["source_id"]])
    return per.sort_values("claims", ascending=False, kind="stable").reset_index(drop=True)


def due_process_findings(data) -> dict:
    claims, cells, by_source = _process_claims(data), due_process_cells(data), claims_by_source(data)
    fairness_ids = set(claims["fairness_id"])
    disputes = sum(1 for ids in data["conflicts"]["record_ids"] if fairness_ids & set(ids.split()))
    top = by_source.iloc[0] if len(by_source) else None
    return {"claims": len(claims), "proceedings": claims["case_id"].nunique(),
            "of_proceedings": len(units.proceedings(data)), "documents": len(by_source),
            "top_source": "" if top is None else ", ".join(
                data["sources"].set_index("source_id")["publisher"].get(x.strip(), x) for x in top["source_id"].split(",")),
            "top_source_claims": 0 if top is None else int(top["claims"]),
            "top_source_most_on_one": 0 if top is None else int(top["most_on_one"]),
            "disputed_cells": int((cells["Cell"] == "disputed").sum()), "filled_cells": len(cells), "disputes": disputes}


# --- leaks and digital evidence ------------------------------------------------------------

def _first_after(cases: pd.Series, days: pd.Series, steps: pd.DataFrame) -> list[int]:
    """For each (case, day), the position in `steps` of the first step of that case (in the
    steps' order) whose last possible day is after `day`; -1 where there is none."""
    by_case = {case_id: group for case_id, group in steps.reset_index(drop=True).groupby("case_id")}
    found = []
    for case_id, day in zip(cases, days):
        later = by_case[case_id].index[by_case[case_id]["date_latest"] > day] if case_id in by_case else []
        found.append(later[0] if len(later) else -1)
    return found


def made_public(data, events: pd.DataFrame) -> pd.Series:
    """For each event, who a source says made the item public, with that source: 'Seiha Facebook
    page (Radio Free Asia (RFA), 6 March 2017)'; 'no source says' where none does. Never the
    event's actor unless a source says so (events.made_public_by and made_public_according_to)."""
    if "made_public_by" not in events:
        return pd.Series("no source says", index=events.index, dtype=object)
    names, sources = _names(data), source_names(data)
    return pd.Series([f"{names.get(who, who)} ({sources.get(per, per)})" if isinstance(who, str) else "no source says"
                      for who, per in zip(events["made_public_by"], events["made_public_according_to"])],
                     index=events.index, dtype=object)


def digital_events(data) -> pd.DataFrame:
    """Leaks, recordings, posts, interviews and publications: who acted (the poster, a party to a
    call, the one interviewed), who a source says made each public and which source says so, and
    the first legal step of the same proceeding that can follow each (with whether that order is
    certain)."""
    events = data["events"]
    digital = events[events["kind"].isin(DIGITAL) & events["case_id"].notna()]
    digital = digital.sort_values(["date_earliest", "event_id"])
    steps = units.legal_steps(data)
    proceedings = set(units.proceedings(data)["case_id"])
    names, titles = _names(data), _titles(data)
    first = np.array(_first_after(digital["case_id"], digital["date_earliest"], steps), dtype=int)
    found = first >= 0
    picked = steps.iloc[first[found]]
    text = np.full(len(digital), "", dtype=object)
    order = np.full(len(digital), "none recorded", dtype=object)
    text[found] = [f"{describe(date)}: {summary}" for date, summary in zip(picked["date"], picked["summary"])]
    after = picked["date_earliest"].to_numpy() > digital["date_latest"].to_numpy()[found]
    order[found] = np.where(after, "after it", "order uncertain")
    inside = digital["case_id"].isin(proceedings).to_numpy()
    columns = {"case_id": digital["case_id"], "event_id": digital["event_id"], "in_proceeding": inside,
               "Case": digital["case_id"].map(titles), "Date": event_dates(digital),
               "What": map_distinct(digital["kind"], words), "Who acted": digital["actor_id"].map(names),
               "Made public by (who says so)": made_public(data, digital),
               "Summary": digital["summary"],
               "First legal step that can follow": np.where(inside, text, "not a proceeding"),
               "Order": np.where(inside, order, "")}
    return _table(columns)


def digital_timeline(data, table: pd.DataFrame) -> pd.DataFrame:
    """The events behind `digital_events`, labelled for `figures.timeline`."""
    events = data["events"].set_index("event_id").loc[table["event_id"]].reset_index()
    public = table["Made public by (who says so)"].str.replace(r" \(.*\)$", "", regex=True)
    # The item and who acted; who made it public where that is someone else (or no source says).
    disputed = events["actor_id"].eq("authorship-disputed").tolist()
    events["label"] = [(f"{what.capitalize()} (authorship disputed)" if open_author
                        else f"{what.capitalize()} involving {who}" if what == "communication"
                        else f"{what.capitalize()}: {who}")
                       + ("" if who == by else f"; made public by {by}")
                       for what, who, by, open_author in zip(table["What"], table["Who acted"], public, disputed)]
    if "according_to" in events:  # whose account an event is, by name (figures.timeline labels it)
        events["according_to"] = events["according_to"].map(_names(data))
    return events


def digital_findings(data) -> dict:
    table = digital_events(data)
    inside = table[table["in_proceeding"]]
    return {"items": len(table), "matters": table["case_id"].nunique(), "in_proceedings": len(inside),
            "proceedings": inside["case_id"].nunique(), "context": len(table) - len(inside),
            "followed": int((inside["Order"] == "after it").sum()),
            "uncertain": int((inside["Order"] == "order uncertain").sum())}


# --- apology and forgiveness --------------------------------------------------------------

def apology_events(data) -> pd.DataFrame:
    """Each apology and each response to it, in order."""
    events = data["events"]
    rows = events[events["kind"].isin(["apology", "apology_rejected"])].sort_values(["date_earliest", "event_id"])
    return pd.DataFrame({"case_id": rows["case_id"], "event_id": rows["event_id"], "kind": rows["kind"],
                         "actor_id": rows["actor_id"],
                         "Case": rows["case_id"].map(_titles(data)), "Date": event_dates(rows),
                         "What": rows["kind"].map({"apology": "apology", "apology_rejected": "response: refused"}),
                         "By": rows["actor_id"].map(_names(data)), "Summary": rows["summary"]})


def apology_statements(data) -> pd.DataFrame:
    """Statements about apology or forgiveness: the reasons each side gives."""
    st = data["statements"]
    about = {quote for quote in pd.unique(st["quote"].to_numpy(dtype=object)) if APOLOGY_WORDS.search(quote)}
    rows = st[st["quote"].isin(about)].sort_values(["date_earliest", "statement_id"])
    publishers = data["sources"].set_index("source_id")["publisher"]
    return pd.DataFrame({"case_id": rows["case_id"], "statement_id": rows["statement_id"], "stance": rows["stance"],
                         "Case": rows["case_id"].map(_titles(data)).fillna("no case"),
                         "Speaker": rows["speaker_id"].map(_names(data)), "Side": rows["stance"].map(STANCE_WORDS),
                         "Said": rows["quote"], "Source": rows["source_id"].map(publishers)})


def apology_by_stance(said: pd.DataFrame) -> pd.DataFrame:
    """Statements about apology per case and side (from `apology_statements`)."""
    return said.groupby(["Case", "Side"]).size().unstack(fill_value=0)


def apology_findings(data) -> dict:
    """Apologies, and who responded to each: one apology refused by two actors is one refusal
    reported by two, not two refusals."""
    events, names = apology_events(data), _names(data)
    apologies = events[events["kind"] == "apology"]
    responders = events[(events["kind"] == "apology_rejected") & events["case_id"].isin(apologies["case_id"])]
    said = apology_statements(data)
    return {"apologies": len(apologies), "apology_cases": apologies["case_id"].nunique(),
            "apologisers": _listing(apologies["actor_id"].map(names).drop_duplicates()),
            "responses": len(responders), "responders": _listing(responders["actor_id"].map(names).drop_duplicates()),
            "statements": len(said), "speakers": said["Speaker"].nunique()}


# --- voices --------------------------------------------------------------------------------

def voices_by_source(data) -> pd.DataFrame:
    """Statements about proceedings per source id and side (statements on context matters left out)."""
    st = data["statements"]
    st = st[st["case_id"].isin(units.proceedings(data)["case_id"])]
    counts = st.groupby(["source_id", "stance"]).size().unstack(fill_value=0).reindex(columns=STANCES, fill_value=0)
    return counts.rename(columns=STANCE_WORDS)


def source_names(data) -> pd.Series:
    """Each source as a reader names it: publisher and publication date (the id only where two
    would otherwise read the same)."""
    sources = data["sources"]
    names = sources["publisher"] + ", " + sources["published"].map(describe)
    repeated = names.duplicated(keep=False)
    names[repeated] = names[repeated] + " (" + sources.loc[repeated, "source_id"] + ")"
    return pd.Series(names.to_numpy(), index=sources["source_id"])


def voices_by_source_name(data) -> pd.DataFrame:
    """`voices_by_source` with each source named by publisher and date, for the figure."""
    return voices_by_source(data).rename(index=source_names(data)).rename_axis("source")


def speakers(data) -> pd.DataFrame:
    """Who is quoted in each source, for which side, and how (direct or reported)."""
    st = data["statements"].merge(data["actors"], left_on="speaker_id", right_on="actor_id")
    titles = _titles(data)
    # A statement about a proceeding serves its plaintiff's or defendant's side; one about a matter
    # that is not a proceeding (or about no case) serves the government's or the opposition's.
    on_proceeding = st["case_id"].isin(units.proceedings(data)["case_id"])
    st["side"] = [STANCE_WORDS[x] if p else CONTEXT_STANCE_WORDS[x] for x, p in zip(st["stance"], on_proceeding)]
    out = st.groupby(["source_id", "name", "alignment"]).agg(
        statements=("statement_id", "size"),
        stances=("side", lambda sides: ", ".join(sorted(set(sides)))),
        direct=("quote_kind", lambda kinds: int((kinds == "direct").sum())),
        cases=("case_id", lambda cases: "; ".join(sorted(titles[c] for c in set(cases.dropna())))),
        record_ids=("statement_id", " ".join)).reset_index()
    out["source_id"] = out["source_id"].map(source_names(data))
    out["alignment"] = out["alignment"].map(words)
    return out.rename(columns={
        "source_id": "Source", "name": "Speaker", "alignment": "Alignment", "statements": "Statements",
        "stances": "Sides", "direct": "Quoted directly", "cases": "Cases"})


def voices_findings(data) -> dict:
    """Which sources that report a proceeding quote both its sides."""
    st = data["statements"]
    on = st[st["case_id"].isin(units.proceedings(data)["case_id"])]
    per = on.groupby("source_id")["stance"].agg(set)
    both = per[per.map(lambda s: {"for_prosecution", "for_defence"} <= s)]
    publishers = data["sources"].set_index("source_id")["publisher"]
    one_sided = per[~per.index.isin(both.index)]
    return {"statements": len(st), "speakers": st["speaker_id"].nunique(),
            "direct": int((st["quote_kind"] == "direct").sum()),
            "sources": len(data["sources"]), "reporting": len(per), "both_sides": len(both),
            "both_names": _listing(sorted({publishers[s] for s in both.index})),
            "other_names": _listing(sorted({publishers[s] for s in one_sided.index})),
            "no_proceeding": _listing(sorted({publishers[s] for s in set(data["sources"]["source_id"]) - set(per.index)}))}


# --- conflicting reports -------------------------------------------------------------------

def record_index(data, record_ids=None) -> pd.DataFrame:
    """Every citable row: its table, a one-line description, its case and its source(s); only the
    rows whose id is in `record_ids`, where given."""
    names = _names(data)

    def rows(table: str, key: str) -> pd.DataFrame:
        frame = data[table]
        return frame if record_ids is None else frame[frame[key].isin(record_ids)]

    events, statements, fairness = rows("events", "event_id"), rows("statements", "statement_id"), rows("fairness", "fairness_id")
    charges, penalties, cases = rows("charges", "charge_id"), rows("penalties", "penalty_id"), rows("cases", "case_id")
    actors, affiliations = rows("actors", "actor_id"), rows("affiliations", "affiliation_id")
    parts = [
        pd.DataFrame({"record_id": events["event_id"], "table": "events",
                      "says": events["summary"], "case_id": events["case_id"]}),
        pd.DataFrame({"record_id": statements["statement_id"], "table": "statements",
                      "says": statements["speaker_id"].map(names) + ": \u201c" + statements["quote"] + "\u201d",
                      "case_id": statements["case_id"], "source_id": statements["source_id"]}),
        pd.DataFrame({"record_id": fairness["fairness_id"], "table": "fairness",
                      "says": fairness["assessed_by"].map(names) + ": " + map_distinct(fairness["indicator"], words)
                      + " = " + fairness["value"], "case_id": fairness["case_id"]}),
        pd.DataFrame({"record_id": charges["charge_id"], "table": "charges",
                      "says": charges["charge"], "case_id": charges["case_id"]}),
        pd.DataFrame({"record_id": penalties["penalty_id"], "table": "penalties",
                      "says": [_penalty_says(p) for p in penalties.itertuples()], "case_id": penalties["case_id"]}),
        pd.DataFrame({"record_id": cases["case_id"], "table": "cases",
                      "says": cases["summary"], "case_id": cases["case_id"]}),
        pd.DataFrame({"record_id": actors["actor_id"], "table": "actors",
                      "says": actors["name"] + " (also: "
                      + actors["other_names"].fillna("").str.replace(" | ", "; ", regex=False) + ")",
                      "case_id": None}),
        pd.DataFrame({"record_id": affiliations["affiliation_id"], "table": "affiliations",
                      "says": affiliations["actor_id"].map(names) + ": " + affiliations["role"] + ", "
                      + affiliations["organisation_id"].map(names), "case_id": None}),
    ]
    index = pd.concat(parts, ignore_index=True)
    cited = sources_by_record(data["evidence"], record_ids)
    index["source_id"] = index["source_id"].fillna(index["record_id"].map(cited))
    return index.set_index("record_id")


def _penalty_says(p) -> str:
    """A penalty in a line: its kind, its amount as stated (with the source's qualifier), then its note."""
    text = words(p.kind)
    if pd.notna(p.amount):
        text += ": " + qualified(money.format_amount(p.amount, p.currency), getattr(p, "amount_qualifier", None))
    return text + (f". {p.note}" if isinstance(p.note, str) and p.note else "")


def conflicts_side_by_side(data) -> pd.DataFrame:
    """Each conflict, one row per version, with the source that carries it."""
    conflicts = data["conflicts"]
    versions = [(conflict_id, CONFLICT_KINDS.get(kind, kind), TOPIC_WORDS.get(topic, topic), description, number,
                 record_id)
                for conflict_id, kind, topic, description, ids in zip(
                    conflicts["conflict_id"], conflicts["kind"], conflicts["topic"], conflicts["description"],
                    conflicts["record_ids"])
                for number, record_id in enumerate(ids.split(), 1)]
    if not versions:
        return pd.DataFrame()
    conflict_ids, kinds, topics, descriptions, numbers, record_ids = zip(*versions)
    index = record_index(data, set(record_ids))
    where = index.index.get_indexer(record_ids)  # -1: not a row the index describes
    found = where >= 0

    def field(column, missing):
        values = index[column].to_numpy(dtype=object)[where] if len(index) else where.astype(object)
        return [value if ok else missing for value, ok in zip(values, found)]

    tables = field("table", None)
    return pd.DataFrame({
        "conflict_id": list(conflict_ids), "Kind": list(kinds), "Topic": list(topics),
        "Disagreement": [d if n == 1 else "" for d, n in zip(descriptions, numbers)],
        "Version": [f"{r} ({t})" if ok else r for r, t, ok in zip(record_ids, tables, found)],
        "record_id": list(record_ids), "Says": field("says", ""), "Source": field("source_id", ""),
        "case_id": field("case_id", None)})


def conflicts_by_kind(data) -> pd.DataFrame:
    """Conflicts per topic and kind (parties dispute / sources differ / a source contradicts itself)."""
    table = data["conflicts"].assign(Kind=data["conflicts"]["kind"].map(CONFLICT_KINDS),
                                     Topic=data["conflicts"]["topic"].map(lambda t: TOPIC_WORDS.get(t, t)))
    counts = table.groupby(["Topic", "Kind"]).size().unstack(fill_value=0)
    return counts.reindex(columns=[k for k in CONFLICT_KINDS.values() if k in counts.columns])


def conflict_findings(data) -> dict:
    kinds = data["conflicts"]["kind"].value_counts()
    return {"conflicts": len(data["conflicts"]), "parties_dispute": int(kinds.get("parties_dispute", 0)),
            "sources_differ": int(kinds.get("sources_differ", 0)),
            "source_inconsistent": int(kinds.get("source_inconsistent", 0))}
