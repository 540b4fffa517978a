"""Tables for the pattern chapters, each recomputed from the whole dataset (no case named here)."""

import re

import pandas as pd

from casebook import money, timing
from casebook.cases import actor_names, sources_by_record, words
from casebook.dates import describe, describe_days

# Steps taken by or before a court, prosecutor or state body against a defendant.
LEGAL_STEPS = ["complaint", "lawsuit", "charge", "summons", "warrant", "arrest", "detention", "bail_refused",
               "hearing", "verdict", "pardon", "release", "judicial_supervision", "supervision_lifted",
               "party_dissolved", "political_ban", "licence_revoked"]
DIGITAL = ["leak", "communication", "social_media_post", "publication", "interview"]
APOLOGY_EVENTS = ["apology", "apology_rejected"]
APOLOGY_WORDS = re.compile(r"apolog|forgiv|insult", re.IGNORECASE)
STANCES = ["for_prosecution", "for_defence", "critical_of_process", "neutral"]
ONE_YEAR = 365


def _names(data) -> pd.Series:
    return data["actors"].set_index("actor_id")["name"]


def _titles(data) -> pd.Series:
    return data["cases"].set_index("case_id")["title"]


# --- timing -------------------------------------------------------------------------------

def election_timing(data) -> pd.DataFrame:
    """Every legal step with the next election and the days before it, as a range."""
    steps = data["events"][data["events"]["kind"].isin(LEGAL_STEPS) & data["events"]["case_id"].notna()]
    gaps = timing.next_election(steps, data["elections"]).set_index("event_id")
    polls = data["elections"].set_index("election_id")
    out = steps.join(gaps, on="event_id")
    out["Next election"] = [f"{polls.loc[e, 'kind']} ({describe(polls.loc[e, 'date'])})" if isinstance(e, str) else "none in the data"
                            for e in out["next_election"]]
    out["Days before it"] = [describe_days(lo, hi) if pd.notna(lo) else "" for lo, hi in zip(out["days_min"], out["days_max"])]
    out["Case"] = out["case_id"].map(_titles(data))
    out["Step"] = out["kind"].map(words)
    out["Date"] = out["date"].map(describe)
    return out.sort_values(["date_earliest", "event_id"]).reset_index(drop=True)


def timing_summary(table: pd.DataFrame) -> dict[str, int]:
    """Steps certainly, and possibly, within a year before the next election."""
    known = table[table["next_election"].notna()]
    certain = int((known["days_max"] <= ONE_YEAR).sum())
    possible = int(((known["days_min"] <= ONE_YEAR) & (known["days_max"] > ONE_YEAR)).sum())
    return {"steps": len(table), "within_year_certain": certain, "within_year_possible": possible,
            "cases": table["case_id"].nunique()}


# --- money ---------------------------------------------------------------------------------

def money_table(data) -> pd.DataFrame:
    """Every monetary penalty in riel and dollars, computed and as the source stated."""
    penalties = money.penalties_in_usd(data["penalties"], data["events"], data["fx_rates"])
    penalties = penalties[penalties["amount"].notna()]
    names, parties = _names(data), data["case_parties"]
    plaintiffs = (parties[parties["role"].isin(["plaintiff", "complainant"])]
                  .groupby("case_id")["actor_id"].agg(lambda ids: ", ".join(names[i] for i in ids)))
    return pd.DataFrame({
        "case_id": penalties["case_id"],
        "penalty_id": penalties["penalty_id"],
        "Case": penalties["case_id"].map(_titles(data)),
        "Plaintiff(s)": penalties["case_id"].map(plaintiffs).fillna("none reported"),
        "Kind": penalties["kind"].map(words),
        "Amount as stated": [money.format_khr(a) if c == "KHR" else money.format_usd(a)
                             for a, c in zip(penalties["amount"], penalties["currency"])],
        "usd_computed": penalties["usd_computed"],
        "usd_stated": penalties["usd_stated"],
        "To": penalties["beneficiary_id"].map(lambda ids: actor_names(ids, names) or "not stated"),
    }).reset_index(drop=True)


def money_summary(table: pd.DataFrame) -> dict:
    stated = table[table["usd_stated"].notna()]
    agree = ((stated["usd_stated"] - stated["usd_computed"]).abs() <= 0.01 * stated["usd_stated"]).sum()
    return {"penalties": len(table), "cases": table["case_id"].nunique(),
            "total_usd": money.format_usd(table["usd_computed"].sum()),
            "with_stated_usd": len(stated), "stated_agrees": int(agree)}


# --- who sues whom -------------------------------------------------------------------------

def parties_table(data) -> pd.DataFrame:
    """Per case: who brought it, against whom, the courts reached and the outcome."""
    names, parties = _names(data), data["case_parties"]
    named = parties.assign(name=parties["actor_id"].map(names))
    join = lambda rows: ", ".join(rows)  # noqa: E731
    brought = named[named["role"].isin(["plaintiff", "complainant", "prosecutor"])].groupby("case_id", sort=False)["name"].agg(join)
    against = named[named["role"] == "defendant"].groupby("case_id", sort=False)["name"].agg(join)
    levels = (data["events"].dropna(subset=["court_level"]).drop_duplicates(["case_id", "court_level"])
              .groupby("case_id")["court_level"].agg(lambda lv: ", ".join(sorted(lv))))
    cases = data["cases"][data["cases"]["kind"] != "context"]
    return pd.DataFrame({
        "case_id": cases["case_id"], "Case": cases["title"], "Kind": cases["kind"],
        "Brought by": cases["case_id"].map(brought).fillna("none reported"),
        "Against": cases["case_id"].map(against).fillna("none reported"),
        "Courts reached": cases["case_id"].map(levels).fillna("none reported"),
        "Outcome": [f"{status} (as of {describe(as_of)})" for status, as_of in zip(cases["status"], cases["status_as_of"])],
    }).reset_index(drop=True)


def suit_edges(data) -> pd.DataFrame:
    """Plaintiff -> defendant pairs, one row per case, with the case kind."""
    parties = data["case_parties"]
    cases = data["cases"].set_index("case_id")
    plaintiffs = parties[parties["role"].isin(["plaintiff", "complainant", "prosecutor"])]
    defendants = parties[parties["role"] == "defendant"]
    edges = plaintiffs.merge(defendants, on="case_id", suffixes=("_from", "_to"))
    names = _names(data)
    return pd.DataFrame({"case_id": edges["case_id"], "source": edges["actor_id_from"].map(names),
                         "target": edges["actor_id_to"].map(names), "kind": edges["case_id"].map(cases["kind"])})


# --- due process ---------------------------------------------------------------------------

def due_process_cells(data) -> pd.DataFrame:
    """The filled cells of the case-by-indicator matrix, each naming who makes the claim."""
    names, titles = _names(data), _titles(data)
    fairness = data["fairness"].assign(who=data["fairness"]["assessed_by"].map(names))
    rows = []
    for (case_id, indicator), claims in fairness.groupby(["case_id", "indicator"], sort=True):
        values = set(claims["value"])
        cell = values.pop() if len(values) == 1 else "disputed"
        rows.append({"case_id": case_id, "Case": titles[case_id], "Indicator": words(indicator),
                     "Cell": cell, "Who says so": "; ".join(f"{w} ({v})" for w, v in zip(claims["who"], claims["value"]))})
    return pd.DataFrame(rows)


def fairness_values(data) -> pd.DataFrame:
    """Case x indicator with one value per cell (yes/no/disputed), for the matrix figure."""
    cells = data["fairness"].groupby(["case_id", "indicator"])["value"].agg(
        lambda v: v.iloc[0] if v.nunique() == 1 else "disputed")
    return cells.unstack(fill_value="")


# --- leaks and digital evidence ------------------------------------------------------------

def digital_events(data) -> pd.DataFrame:
    """Leaks, recordings, posts and publications, who made them public, and the next legal step in the case."""
    events = data["events"]
    digital = events[events["kind"].isin(DIGITAL) & events["case_id"].notna()]
    steps = events[events["kind"].isin(LEGAL_STEPS)].sort_values(["date_earliest", "event_id"])
    steps_by_case = {case_id: group for case_id, group in steps.groupby("case_id")}
    names, titles = _names(data), _titles(data)
    rows = []
    for item in digital.sort_values(["date_earliest", "event_id"]).itertuples():
        later = steps_by_case.get(item.case_id, steps.iloc[:0])
        later = later[later["date_earliest"] > item.date_latest]
        rows.append({"case_id": item.case_id, "event_id": item.event_id, "Case": titles[item.case_id],
                     "Date": describe(item.date), "What": words(item.kind), "By": names[item.actor_id],
                     "Summary": item.summary,
                     "Next legal step": "" if later.empty else
                     f"{describe(later['date'].iloc[0])}: {later['summary'].iloc[0]}"})
    return pd.DataFrame(rows, columns=["case_id", "event_id", "Case", "Date", "What", "By", "Summary", "Next legal step"])


def digital_timeline(data, table: pd.DataFrame) -> pd.DataFrame:
    """The events behind `digital_events`, labelled for `figures.timeline`."""
    events = data["events"].set_index("event_id").loc[table["event_id"]].reset_index()
    events["label"] = (table["What"].str.capitalize() + ": " + table["By"]).tolist()
    return events


# --- apology and forgiveness --------------------------------------------------------------

def apology_events(data) -> pd.DataFrame:
    events = data["events"]
    rows = events[events["kind"].isin(APOLOGY_EVENTS)].sort_values(["date_earliest", "event_id"])
    return pd.DataFrame({"case_id": rows["case_id"], "Case": rows["case_id"].map(_titles(data)),
                         "Date": rows["date"].map(describe), "What": rows["kind"].map(words),
                         "By": rows["actor_id"].map(_names(data)), "Summary": rows["summary"]})


def apology_statements(data) -> pd.DataFrame:
    """Statements about apology or forgiveness: the reasons each side gives."""
    st = data["statements"]
    rows = st[st["quote"].str.contains(APOLOGY_WORDS)].sort_values(["date_earliest", "statement_id"])
    return pd.DataFrame({"case_id": rows["case_id"], "Case": rows["case_id"].map(_titles(data)).fillna("general"),
                         "Speaker": rows["speaker_id"].map(_names(data)), "Stance": rows["stance"].map(words),
                         "Said": rows["quote"], "Source": rows["source_id"]})


def apology_by_stance(said: pd.DataFrame) -> pd.DataFrame:
    """Statements about apology per case and stance (from `apology_statements`)."""
    return said.groupby(["Case", "Stance"]).size().unstack(fill_value=0)


# --- voices --------------------------------------------------------------------------------

def voices_by_source(data) -> pd.DataFrame:
    """Statements per source and stance."""
    counts = data["statements"].groupby(["source_id", "stance"]).size().unstack(fill_value=0)
    return counts.reindex(columns=STANCES, fill_value=0)


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
    grouped = st.groupby(["source_id", "name", "alignment"]).agg(
        statements=("statement_id", "size"),
        stances=("stance", lambda s: ", ".join(words(x) for x in sorted(set(s)))),
        direct=("quote_kind", lambda k: int((k == "direct").sum())),
        cases=("case_id", lambda c: ", ".join(sorted(set(c.dropna())))))
    return grouped.reset_index().rename(columns={
        "source_id": "Source", "name": "Speaker", "alignment": "Alignment", "statements": "Statements",
        "stances": "Stances", "direct": "Quoted directly", "cases": "Cases"})


# --- conflicting reports -------------------------------------------------------------------

def record_index(data) -> pd.DataFrame:
    """Every citable row: its table, a one-line description, its case and its source(s)."""
    names = _names(data)
    parts = [
        pd.DataFrame({"record_id": data["events"]["event_id"], "table": "events",
                      "says": data["events"]["summary"], "case_id": data["events"]["case_id"]}),
        pd.DataFrame({"record_id": data["statements"]["statement_id"], "table": "statements",
                      "says": data["statements"]["speaker_id"].map(names) + ": \u201c" + data["statements"]["quote"] + "\u201d",
                      "case_id": data["statements"]["case_id"], "source_id": data["statements"]["source_id"]}),
        pd.DataFrame({"record_id": data["fairness"]["fairness_id"], "table": "fairness",
                      "says": data["fairness"]["assessed_by"].map(names) + ": " + data["fairness"]["indicator"].map(words)
                      + " = " + data["fairness"]["value"], "case_id": data["fairness"]["case_id"]}),
        pd.DataFrame({"record_id": data["charges"]["charge_id"], "table": "charges",
                      "says": data["charges"]["charge"], "case_id": data["charges"]["case_id"]}),
        pd.DataFrame({"record_id": data["penalties"]["penalty_id"], "table": "penalties",
                      "says": data["penalties"]["kind"].map(words) + " " + data["penalties"]["note"].fillna(""),
                      "case_id": data["penalties"]["case_id"]}),
        pd.DataFrame({"record_id": data["cases"]["case_id"], "table": "cases",
                      "says": data["cases"]["summary"], "case_id": data["cases"]["case_id"]}),
        pd.DataFrame({"record_id": data["actors"]["actor_id"], "table": "actors",
                      "says": data["actors"]["name"] + " (also: " + data["actors"]["other_names"].fillna("") + ")",
                      "case_id": None}),
    ]
    index = pd.concat(parts, ignore_index=True)
    cited = sources_by_record(data["evidence"])
    index["source_id"] = index["source_id"].fillna(index["record_id"].map(cited)) if "source_id" in index else index["record_id"].map(cited)
    return index.set_index("record_id")


def conflicts_side_by_side(data) -> pd.DataFrame:
    """Each conflict, one row per version, with the source that carries it."""
    index = record_index(data)
    rows = []
    for conflict in data["conflicts"].itertuples():
        for number, record_id in enumerate(conflict.record_ids.split(), 1):
            record = index.loc[record_id] if record_id in index.index else None
            rows.append({"conflict_id": conflict.conflict_id, "Topic": conflict.topic,
                         "Disagreement": conflict.description if number == 1 else "",
                         "Version": f"{record_id} ({record['table']})" if record is not None else record_id,
                         "Says": "" if record is None else record["says"],
                         "Source": "" if record is None else record["source_id"],
                         "case_id": None if record is None else record["case_id"]})
    return pd.DataFrame(rows)


def conflicts_by_topic(data) -> pd.DataFrame:
    """Conflicts per topic, and how many set one source against another."""
    table = conflicts_side_by_side(data)
    per = table.groupby(["conflict_id", "Topic"])["Source"].agg(
        lambda s: len({x.strip() for v in s for x in str(v).split(",") if x.strip()}) > 1).rename("across_sources")
    summary = per.reset_index().groupby("Topic").agg(conflicts=("conflict_id", "size"),
                                                      across_sources=("across_sources", "sum"))
    return summary.reset_index()


def conflicts_split(data) -> pd.DataFrame:
    """Conflicts per topic, split into those within one source and those across sources."""
    topics = conflicts_by_topic(data).set_index("Topic")
    return pd.DataFrame({"one source": topics["conflicts"] - topics["across_sources"],
                         "across sources": topics["across_sources"]})


# --- findings: the numbers each pattern chapter's prose inserts ----------------------------

def timing_findings(data) -> dict:
    return timing_summary(election_timing(data))


def money_findings(data) -> dict:
    return money_summary(money_table(data))


def parties_findings(data) -> dict:
    table, edges = parties_table(data), suit_edges(data)
    per_bringer = edges.groupby("source")["case_id"].nunique()
    most = per_bringer.max()
    return {"cases": len(table), "bringers": edges["source"].nunique(), "defendants": edges["target"].nunique(),
            "top_bringers": " and ".join(per_bringer[per_bringer == most].index), "top_bringer_cases": int(most),
            "no_plaintiff": int((table["Brought by"] == "none reported").sum())}


def due_process_findings(data) -> dict:
    cells, fairness = due_process_cells(data), data["fairness"]
    by_assessor = fairness["assessed_by"].map(_names(data)).value_counts().sort_index().sort_values(
        ascending=False, kind="stable")
    return {"claims": len(fairness), "indicators": fairness["indicator"].nunique(),
            "cases": fairness["case_id"].nunique(), "cells": len(cells),
            "disputed": int((cells["Cell"] == "disputed").sum()), "assessors": fairness["assessed_by"].nunique(),
            "top_assessor": by_assessor.index[0], "top_assessor_claims": int(by_assessor.iloc[0])}


def digital_findings(data) -> dict:
    table = digital_events(data)
    return {"items": len(table), "cases": table["case_id"].nunique(),
            "followed": int((table["Next legal step"] != "").sum())}


def apology_findings(data) -> dict:
    events, said = apology_events(data), apology_statements(data)
    return {"events": len(events), "offered": int((events["What"] == "apology").sum()),
            "rejected": int((events["What"] == words("apology_rejected")).sum()), "statements": len(said),
            "speakers": said["Speaker"].nunique()}


def voices_findings(data) -> dict:
    counts = voices_by_source(data)
    both = int(((counts["for_prosecution"] > 0) & (counts["for_defence"] > 0)).sum())
    return {"statements": len(data["statements"]), "speakers": data["statements"]["speaker_id"].nunique(),
            "sources": len(counts), "both_sides": both,
            "direct": int((data["statements"]["quote_kind"] == "direct").sum())}


def conflict_findings(data) -> dict:
    topics = conflicts_by_topic(data).sort_values("conflicts", ascending=False, kind="stable")
    return {"conflicts": int(topics["conflicts"].sum()), "across_sources": int(topics["across_sources"].sum()),
            "within_source": int(topics["conflicts"].sum() - topics["across_sources"].sum()),
            "top_topic": topics["Topic"].iloc[0], "top_topic_count": int(topics["conflicts"].iloc[0])}
