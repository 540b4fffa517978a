"""Everything a case chapter shows, selected from the whole dataset by chapter."""

from dataclasses import dataclass

import pandas as pd

from casebook import figures, money
from casebook.dates import describe, describe_term

COURT_NAMES = {"municipal": "municipal court", "appeal": "Appeal Court", "supreme": "Supreme Court"}
SIDES = {  # stance -> heading, in the order a chapter shows them
    "for_prosecution": "The plaintiff's or government's side",
    "for_defence": "The defendant's side",
    "critical_of_process": "Criticism of the process, from whichever side",
    "neutral": "Other statements",
}


ACRONYMS = {"un": "UN", "usd": "USD", "khr": "KHR"}
# The columns of a chapter's tables that hold actor ids (beneficiary_id may hold several).
ACTOR_COLUMNS = {"case_parties": ["actor_id"], "charges": ["defendant_id"], "events": ["actor_id"],
                 "penalties": ["defendant_id", "beneficiary_id"], "statements": ["speaker_id"],
                 "fairness": ["assessed_by"]}


def actor_names(actor_ids, names: pd.Series) -> str:
    """Names for one actor id or several space-separated ids ('' for none)."""
    ids = actor_ids.split() if isinstance(actor_ids, str) else []
    return ", ".join(names.get(i, i) for i in ids)


def sources_by_record(evidence: pd.DataFrame) -> pd.Series:
    """For each record id, the sources whose quotes prove it ('a, b')."""
    return evidence.groupby("record_id")["source_id"].agg(lambda s: ", ".join(sorted(set(s))))


def words(code: str) -> str:
    """'tried_in_absentia' -> 'tried in absentia'; 'un_finding' -> 'UN finding'."""
    return " ".join(ACRONYMS.get(part, part) for part in code.split("_"))


@dataclass
class CaseFile:
    """The rows of one chapter's cases, and the views the chapter template shows."""

    data: dict
    chapter: str

    def __post_init__(self):
        cases = self.data["cases"]
        self.cases = cases[cases["chapter"] == self.chapter]
        if self.cases.empty:
            raise ValueError(f"no case in data/cases.csv names chapter '{self.chapter}'")
        self.case_ids = list(self.cases["case_id"])
        self.names = self.data["actors"].set_index("actor_id")["name"]
        pick = lambda table: table[table["case_id"].isin(self.case_ids)].copy()  # noqa: E731
        self.parties, self.charges = pick(self.data["case_parties"]), pick(self.data["charges"])
        self.events = pick(self.data["events"]).sort_values(["date_earliest", "date_latest", "event_id"])
        self.penalties = money.penalties_in_usd(pick(self.data["penalties"]), self.data["events"], self.data["fx_rates"])
        self.statements = pick(self.data["statements"]).sort_values(["date_earliest", "statement_id"])
        self.fairness = pick(self.data["fairness"])

    def rows(self) -> dict:
        """The data rows this chapter uses, table by table (for readers to download)."""
        tables = {
            "cases": self.cases, "case_parties": self.parties, "charges": self.charges,
            "events": self.events, "penalties": self.penalties, "statements": self.statements,
            "fairness": self.fairness,
            "conflicts": self._conflict_rows(),
        }
        # With the actors and sources they name, and the evidence of every row, the rows stand alone.
        actor_ids = {actor for name, columns in ACTOR_COLUMNS.items() for column in columns
                     for cell in tables[name][column].dropna() for actor in str(cell).split()}
        actors = self.data["actors"]
        tables["actors"] = actors[actors["actor_id"].isin(actor_ids)]
        evidence = self.data["evidence"]
        tables["evidence"] = evidence[evidence["record_id"].isin(self.record_ids() | actor_ids)]
        source_ids = set(tables["evidence"]["source_id"]) | set(self.statements["source_id"])
        sources = self.data["sources"]
        tables["sources"] = sources[sources["source_id"].isin(source_ids)]
        return tables

    # --- helpers -------------------------------------------------------------------------
    def name(self, actor_ids) -> str:
        """Actor names for one id or several space-separated ids."""
        return actor_names(actor_ids, self.names)

    def _role(self, case_id: str, *roles: str) -> str:
        rows = self.parties[(self.parties["case_id"] == case_id) & self.parties["role"].isin(roles)]
        return ", ".join(self.name(a) for a in rows["actor_id"]) or "none reported"

    def record_ids(self) -> set[str]:
        """Ids of every row that belongs to this chapter's cases."""
        ids = set(self.case_ids)
        for table, key in ((self.events, "event_id"), (self.penalties, "penalty_id"), (self.charges, "charge_id"),
                           (self.statements, "statement_id"), (self.fairness, "fairness_id")):
            ids.update(table[key])
        ids.update(self.parties["case_id"] + "/" + self.parties["actor_id"] + "/" + self.parties["role"])
        return ids

    def glue_values(self) -> dict[str, str]:
        """Every value the chapter's prose may insert: `date-<event_id>`, `khr-`/`usd-`/
        `usd-stated-`/`term-<penalty_id>`, `status-`/`as-of-<case_id>`, `election-<election_id>`
        and `name-<actor_id>`."""
        values = {f"date-{e.event_id}": describe(e.date) for e in self.events.itertuples()}
        for p in self.penalties.itertuples():
            if p.currency == "KHR":
                values[f"khr-{p.penalty_id}"] = money.format_khr(p.amount)
            if pd.notna(p.usd_computed):
                values[f"usd-{p.penalty_id}"] = money.format_usd(p.usd_computed)
            if pd.notna(p.usd_stated):
                values[f"usd-stated-{p.penalty_id}"] = money.format_usd(p.usd_stated)
            if pd.notna(p.months):
                values[f"term-{p.penalty_id}"] = describe_term(p.months)
        for c in self.cases.itertuples():
            values[f"status-{c.case_id}"] = c.status
            values[f"as-of-{c.case_id}"] = describe(c.status_as_of)
        for poll in self.data["elections"].itertuples():
            values[f"election-{poll.election_id}"] = describe(poll.date)
        for actor_id, name in self.names.items():
            values[f"name-{actor_id}"] = name
        return values

    # --- at a glance ----------------------------------------------------------------------
    def penalty_text(self, row) -> str:
        kind = words(row.kind)
        if row.currency == "KHR":
            stated = f"; the source gives {money.format_usd(row.usd_stated)}" if pd.notna(row.usd_stated) else ""
            text = f"{kind}: {money.format_khr(row.amount)} (about {money.format_usd(row.usd_computed)} computed{stated})"
        elif row.currency == "USD":
            text = f"{kind}: {money.format_usd(row.amount)}"
        elif pd.notna(row.months):
            text = f"{kind}: {describe_term(row.months)}"
        else:
            text = kind
        if isinstance(row.beneficiary_id, str):
            text += f", to {self.name(row.beneficiary_id)}"
        return text

    def at_a_glance(self) -> pd.DataFrame:
        """One column per case: parties, charges, courts, decisions, penalties and status."""
        columns = {}
        for case in self.cases.itertuples():
            events = self.events[self.events["case_id"] == case.case_id]
            decisions = events[events["kind"].isin(["verdict", "pardon", "warrant", "bail_refused", "licence_revoked", "party_dissolved"])]
            charges = self.charges[self.charges["case_id"] == case.case_id]
            penalties = self.penalties[self.penalties["case_id"] == case.case_id]
            courts = events["court_level"].dropna().drop_duplicates().map(COURT_NAMES)
            columns[case.title] = {
                "Kind": case.kind,
                "Defendant(s)": self._role(case.case_id, "defendant"),
                "Brought by": self._role(case.case_id, "plaintiff", "complainant", "prosecutor"),
                "Charges (law)": "; ".join(f"{c.charge} ({c.law})" if isinstance(c.law, str) else c.charge
                                           for c in charges.itertuples()) or "none reported",
                "Courts reached": ", ".join(courts) or "none reported",
                "Decisions": "; ".join(f"{describe(e.date)}: {e.summary}" for e in decisions.itertuples()) or "none reported",
                "Penalties": "; ".join(self.penalty_text(p) for p in penalties.itertuples()) or "none reported",
                "Status": f"{case.status} (as of {describe(case.status_as_of)})",
            }
        return pd.DataFrame(columns).rename_axis("").reset_index()

    # --- timeline and chronology ----------------------------------------------------------
    def timeline(self):
        events = self.events.assign(label=[self._event_label(e) for e in self.events.itertuples()])
        return figures.timeline(events, self.data["elections"],
                                source_line="Source: casebook data, events.csv and elections.csv; dates as ranges where imprecise.")

    def _event_label(self, event) -> str:
        kind = words(event.kind)
        return f"{kind[0].upper()}{kind[1:]}: {self.name(event.actor_id)}"

    def chronology(self) -> pd.DataFrame:
        return pd.DataFrame({
            "Date": self.events["date"].map(describe),
            "Event": self.events["summary"],
            "Who acted": self.events["actor_id"].map(self.name),
            "Court": self.events["court_level"].map(COURT_NAMES).fillna(""),
            "In absentia": self.events["in_absentia"].fillna(""),
        })

    # --- sides, due process, uncertainty, sources -----------------------------------------
    def statements_by_side(self) -> dict[str, pd.DataFrame]:
        sides = {}
        for stance, heading in SIDES.items():
            rows = self.statements[self.statements["stance"] == stance]
            sides[heading] = pd.DataFrame({
                "Speaker": rows["speaker_id"].map(self.name),
                "Date": rows["date"].map(describe),
                "Said": rows["quote"],
                "Quoted as": rows["quote_kind"],
                "Where": rows["medium"],
                "Source": rows["source_id"],
            })
        return sides

    def due_process(self) -> pd.DataFrame:
        sources = sources_by_record(self.data["evidence"])
        return pd.DataFrame({
            "Indicator": self.fairness["indicator"].map(words),
            "Claim": self.fairness["value"],
            "Who says so": self.fairness["assessed_by"].map(self.name),
            "Note": self.fairness["note"].fillna(""),
            "Source": self.fairness["fairness_id"].map(sources),
        }).sort_values(["Indicator", "Who says so"])

    def _conflict_rows(self) -> pd.DataFrame:
        """Conflicts that name at least one of this chapter's rows."""
        ours, conflicts = self.record_ids(), self.data["conflicts"]
        return conflicts[conflicts["record_ids"].map(lambda ids: bool(set(ids.split()) & ours))]

    def conflicts(self) -> pd.DataFrame:
        rows = self._conflict_rows()
        return pd.DataFrame({"Topic": rows["topic"], "What the sources disagree on": rows["description"],
                             "Rows": rows["record_ids"]})

    def uncertain_dates(self) -> pd.DataFrame:
        rows = self.events[(self.events["date_basis"] != "stated") | (self.events["date_earliest"] != self.events["date_latest"])]
        return pd.DataFrame({"Event": rows["summary"], "Date as known": rows["date"].map(describe),
                             "How it is known": rows["date_basis"], "Reasoning": rows["note"].fillna("")})

    def sources(self) -> pd.DataFrame:
        ours = self.record_ids()
        cited = self.data["evidence"][self.data["evidence"]["record_id"].isin(ours)]
        counts = pd.concat([cited["source_id"], self.statements["source_id"]]).value_counts()
        sources = self.data["sources"][self.data["sources"]["source_id"].isin(counts.index)]
        return pd.DataFrame({
            "Source": sources["source_id"],
            "Publisher": sources["publisher"],
            "Title or address": sources["title"].fillna(sources["url"]).fillna(""),
            "Published": sources["published"].map(describe),
            "Quotes used here": sources["source_id"].map(counts).astype(int),
        })
