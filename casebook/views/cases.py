"""Everything a case chapter shows, selected from the whole dataset by chapter."""

from dataclasses import dataclass

import pandas as pd

from casebook.dates import describe, describe_as_of, describe_term
from casebook.derive import money, units
from casebook.views import figures
from casebook.views.common import actor_names, event_dates, penalty_kind, web_address, with_schedule, words
from casebook.views.display import Markup, escape, lower_first
from casebook.views.evidence import Evidence, Fact, attribute
from casebook.vocabulary import (
    ARRESTS,
    BASIS_WORDS,
    CONFLICT_KIND_WORDS,
    COURT_NAMES,
    COURT_ORDER,
    DECISIONS,
    TOPIC_WORDS,
    UNNAMED_COURT,
    WORKED_OUT_MARK,
    qualified,
)

# stance -> heading, in the order a chapter shows them. The headings name the position a statement
# supports, not the speaker's side: a witness or commentator is not a party.
SIDES = {
    "for_prosecution": "Statements supporting the plaintiff's or prosecution's position",
    "for_defence": "Statements supporting the defendant's position",
    "critical_of_process": "Criticism of the process, from whichever side",
    "neutral": "Other statements",
}
# The same, for chapters whose matters are not court cases (no plaintiff, no defendant).
CONTEXT_SIDES = {
    "for_prosecution": "Statements supporting the government's or ruling party's position",
    "for_defence": "Statements supporting the opposition's position",
    "critical_of_process": "Criticism of how the matter was handled, from whichever side",
    "neutral": "Other statements",
}
DISPUTED_AUTHOR = "authorship-disputed"
KINDS = {"context": "not a court case", "administrative": "administrative decision"}
# The columns of a chapter's tables that hold actor ids (beneficiary_id may hold several).
ACTOR_COLUMNS = {"case_parties": ["actor_id"], "charges": ["defendant_id"],
                 "events": ["actor_id", "made_public_by", "according_to"],
                 "penalties": ["defendant_id", "beneficiary_id"], "statements": ["speaker_id"],
                 "fairness": ["assessed_by"]}




def source_address(source) -> str:
    """A source's address as a link; a repost says so; 'no public address found' where there is none."""
    url, repost = (web_address(getattr(source, name, None)) for name in ("url", "repost_url"))  # http(s) only
    if isinstance(url, str):
        return Markup(f'<a href="{attribute(url)}">{escape(url)}</a>')
    if isinstance(repost, str):
        note = escape("repost (the publisher's own page was not found):")
        return Markup(f'{note} <a href="{attribute(repost)}">{escape(repost)}</a>')
    return "no public address found"



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
        self.events = units.procedural_order(pick(self.data["events"]))
        self.penalties = money.penalties_in_usd(pick(self.data["penalties"]), self.data["events"], self.data["fx_rates"])
        self.statements = pick(self.data["statements"]).sort_values(["date_earliest", "statement_id"])
        self.fairness = pick(self.data["fairness"])
        self.evidence = Evidence(self.data)
        self.dates = event_dates(self.data["events"]).set_axis(self.data["events"]["event_id"])
        self.titles = self.cases.set_index("case_id")["title"]
        self.context_only = bool((self.cases["kind"] == "context").all())

    def _with_case(self, frame: pd.DataFrame, case_ids: pd.Series) -> pd.DataFrame:
        """The frame with a leading Case column when the chapter has several cases."""
        if len(self.case_ids) > 1:
            frame.insert(0, "Case", case_ids.map(self.titles).to_numpy())
        return frame

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
                     if column in tables[name] for cell in tables[name][column].dropna() for actor in str(cell).split()}
        actors = self.data["actors"]
        tables["actors"] = actors[actors["actor_id"].isin(actor_ids)]
        evidence = self.data["evidence"]
        tables["evidence"] = evidence[evidence["record_id"].isin(self.record_ids() | actor_ids)]
        source_ids = set(tables["evidence"]["source_id"]) | set(self.statements["source_id"])
        if "made_public_according_to" in self.events:  # the source that says who made an item public
            source_ids |= set(self.events["made_public_according_to"].dropna())
        sources = self.data["sources"]
        tables["sources"] = sources[sources["source_id"].isin(source_ids)]
        return tables

    # --- helpers -------------------------------------------------------------------------
    def name(self, actor_ids) -> str:
        """Actor names for one id or several space-separated ids."""
        return actor_names(actor_ids, self.names)

    def _role(self, case_id: str, *roles: str) -> str:
        """The parties in these roles, each marked where the role is worked out rather than stated."""
        rows = self.parties[(self.parties["case_id"] == case_id) & self.parties["role"].isin(roles)]
        basis = rows["role_basis"] if "role_basis" in rows else pd.Series(None, index=rows.index, dtype=object)
        return Markup(", ".join(
            self.proved(self.name(p.actor_id) + (" (role worked out from the source's words, not stated)"
                                                 if b == "inferred" else ""), f"{p.case_id}/{p.actor_id}/{p.role}")
            for p, b in zip(rows.itertuples(), basis))) or "none reported"

    def record_ids(self) -> set[str]:
        """Ids of every row that belongs to this chapter's cases."""
        ids = set(self.case_ids)
        for table, key in ((self.events, "event_id"), (self.penalties, "penalty_id"), (self.charges, "charge_id"),
                           (self.statements, "statement_id"), (self.fairness, "fairness_id")):
            ids.update(table[key])
        ids.update(self.parties["case_id"] + "/" + self.parties["actor_id"] + "/" + self.parties["role"])
        return ids

    def insertable_values(self) -> dict[str, tuple[str, list[str]]]:
        """Every value a chapter's prose may insert, as its text and the ids of the records that prove
        it: `date-<event_id>`, `khr-`/`usd-`/`usd-stated-`/`term-<penalty_id>`, `status-`/`as-of-<case_id>`,
        `election-<election_id>` and `name-<actor_id>`. Dates and penalties cover the whole dataset,
        so that a chapter may mention a step of another chapter's case."""
        values = {f"date-{e}": (self.dates[e], [e]) for e in self.data["events"]["event_id"]}
        every = money.penalties_in_usd(self.data["penalties"], self.data["events"], self.data["fx_rates"])
        for p in every.itertuples():
            if p.currency == "KHR":
                values[f"khr-{p.penalty_id}"] = (money.format_khr(p.amount), [p.penalty_id])
            if pd.notna(p.usd_computed):
                rate = [p.rate_id] if isinstance(p.rate_id, str) else []
                values[f"usd-{p.penalty_id}"] = (qualified(money.format_usd(p.usd_computed), p.usd_computed_qualifier),
                                                 [p.penalty_id, *rate])
            if pd.notna(p.usd_stated):
                values[f"usd-stated-{p.penalty_id}"] = (qualified(money.format_usd(p.usd_stated),
                                                                    getattr(p, "usd_stated_qualifier", None)), [p.penalty_id])
            if pd.notna(p.months):
                values[f"term-{p.penalty_id}"] = (describe_term(p.months), [p.penalty_id])
        for c in self.cases.itertuples():
            values[f"status-{c.case_id}"] = (c.status, [c.case_id])
            values[f"as-of-{c.case_id}"] = (describe(c.status_as_of), [c.case_id])
        for poll in self.data["elections"].itertuples():
            values[f"election-{poll.election_id}"] = (describe(poll.date), [poll.election_id])
        for actor_id, name in self.names.items():
            values[f"name-{actor_id}"] = (name, [actor_id])
        return values

    def glue_values(self, keys) -> dict[str, Fact]:
        """The values the chapter's prose inserts with glue roles (`keys`, in the order a reader meets
        them), each a Fact that glues with its evidence marker. Their records are numbered first, in
        that order. A key that `insertable_values` lacks is left out: the book's build then fails on
        the missing glue key."""
        values = self.insertable_values()
        used = [key for key in keys if key in values]
        for key in used:  # number the prose's facts first, in the order a reader meets them
            for record_id in values[key][1]:
                self.evidence.number(record_id)
        return {key: Fact(*values[key], self.evidence) for key in used}

    def proved(self, text: str, *record_ids) -> Markup:
        """Text from the data (escaped) followed by the evidence marker of the records behind it."""
        return Markup(escape(text) + self.evidence.marker(*record_ids))

    def evidence_section(self):
        """The chapter's Evidence section: every record it uses, with its quotes and their sources."""
        return self.evidence.section(sorted(self.record_ids()))

    # --- at a glance ----------------------------------------------------------------------
    def dollar_source(self, penalty_id) -> str:
        """Who gives a penalty's own dollar figure: the publisher of the one source whose quote for it names
        dollars, or "the source" where none or several do."""
        ev = self.data["evidence"]
        quotes = ev[(ev["record_id"] == penalty_id) & ev["quote"].str.contains(r"\$|USD", regex=True)]
        ids = quotes["source_id"].unique()
        if len(ids) != 1:
            return "the source"
        publisher = self.data["sources"].set_index("source_id")["publisher"].get(ids[0])
        if not publisher:
            return "the source"
        return "the " + publisher[4:] if publisher.lower().startswith("the ") else f"the {publisher}"

    def penalty_text(self, row) -> str:
        kind = penalty_kind(row.kind, getattr(row, "kind_basis", None), getattr(row, "kind_as_stated", None))
        if row.currency == "KHR":
            # A source's own dollar figure where it gives one: a rate derived from that figure would only repeat it.
            stated = qualified(money.format_usd(row.usd_stated), getattr(row, "usd_stated_qualifier", None))
            dollars = (f"{self.dollar_source(row.penalty_id)} gives {stated}" if pd.notna(row.usd_stated)
                       else f"about {money.format_usd(row.usd_computed)} computed")
            text = f"{kind}: {qualified(money.format_khr(row.amount), getattr(row, 'amount_qualifier', None))} ({dollars})"
        elif row.currency == "USD":
            text = f"{kind}: {qualified(money.format_usd(row.amount), getattr(row, 'amount_qualifier', None))}"
        elif pd.notna(row.months):
            text = f"{kind}: {describe_term(row.months)}"
        else:
            text = kind
        if isinstance(row.beneficiary_id, str):
            to = self.name(row.beneficiary_id)
            text += ", to " + (to[0].lower() + to[1:] if to.startswith("The ") else to)
        return text

    def _kind(self, case) -> str:
        kind = KINDS.get(case.kind, words(case.kind))
        if not isinstance(case.note, str):  # a worked-out kind is marked; a note, where there is one, says how
            worked_out = getattr(case, "kind_basis", None) == "inferred" and case.kind != "context"
            return f"{kind} ({WORKED_OUT_MARK})" if worked_out else kind
        return f"{kind} ({lower_first(case.note).rstrip('.')})"

    def _unnamed_court(self, case_id: str) -> Markup | None:
        """'court not named', with its proof, where a source reports a court acting in the case (a judge
        row for the unnamed court) but no court act is dated; else None."""
        if case_id not in units.unnamed_court_cases(self.data):
            return None
        return self.proved(COURT_NAMES["not_named"], f"{case_id}/{UNNAMED_COURT}/judge")

    def _brought_by(self, case) -> str:
        brought = self._role(case.case_id, "plaintiff", "complainant", "prosecutor")
        if brought == "none reported" and case.kind == "administrative":  # a body acting on its own authority
            return Markup("no plaintiff: a decision of the " + self._role(case.case_id, "judge"))
        if brought == "none reported":
            return "not named in the sources"
        return brought

    def at_a_glance(self) -> pd.DataFrame:
        """One column per case: parties, charges, courts, decisions, penalties and status.
        Matters that are not court cases show what they are and their status only."""
        columns = {}
        for case in self.cases.itertuples():
            if case.kind == "context":
                columns[case.title] = {"Kind": self.proved(self._kind(case), case.case_id),
                                       "What it is": self.proved(case.summary, case.case_id),
                                       "Status": self.proved(f"{case.status} ({describe_as_of(case.status_as_of)})",
                                                             case.case_id)}
                continue
            events = self.events[self.events["case_id"] == case.case_id]
            step = lambda kinds, events=events: Markup("; ".join(  # noqa: E731
                self.proved(f"{self.dates[e.event_id]}: {e.summary.rstrip('.')}", e.event_id)
                for e in events[events["kind"].isin(kinds)].itertuples())) or "none reported"
            charges = self.charges[self.charges["case_id"] == case.case_id]
            penalties = self.penalties[self.penalties["case_id"] == case.case_id]
            court_events = events.dropna(subset=["court_level"]).groupby("court_level")["event_id"].agg(list)
            courts = [self.proved(COURT_NAMES[level], *court_events[level])
                      for level in sorted(court_events.index, key=COURT_ORDER.get)]
            rate = lambda p: [p.rate_id] if isinstance(p.rate_id, str) else []  # noqa: E731
            parties = self.data["case_parties"]
            against = set(parties.loc[(parties["case_id"] == case.case_id) & (parties["role"] == "defendant"), "actor_id"])
            # A penalty on someone other than the case's defendants says on whom (the CNRP's officials).
            on_whom = lambda p, against=against: "" if p.defendant_id in against else f", on {self.name(p.defendant_id)}"  # noqa: E731
            columns[case.title] = {
                "Kind": self.proved(self._kind(case), case.case_id),
                "Against": self._role(case.case_id, "defendant"),
                "Brought by": self._brought_by(case),
                "Charges (law)": Markup("; ".join(
                    self.proved(f"{c.charge} ({c.law})" if isinstance(c.law, str) else c.charge, c.charge_id)
                    for c in charges.itertuples())) or "none reported",
                "Courts reached": Markup(", ".join(courts)) or self._unnamed_court(case.case_id) or "none reported",
                "Arrests and warrants": step(ARRESTS),
                "Decisions": step(DECISIONS),
                "Penalties": Markup("; ".join(self.proved(self.penalty_text(p) + on_whom(p), p.penalty_id, *rate(p))
                                              for p in penalties.itertuples())) or "none reported",
                "Status": self.proved(f"{case.status} ({describe_as_of(case.status_as_of)})", case.case_id),
            }
        return pd.DataFrame(columns).rename_axis("").reset_index()

    # --- timeline and chronology ----------------------------------------------------------
    def timeline(self):
        events = self.events.assign(label=[self._event_label(e) for e in self.events.itertuples()])
        if "according_to" in events:  # whose account an event is, by name (figures.timeline labels it)
            events["according_to"] = [self.name(a) if isinstance(a, str) else None for a in events["according_to"]]
        source = "Source: casebook data, events.csv and elections.csv; dates as ranges where imprecise."
        return figures.timeline(events, with_schedule(self.data["elections"], self.data["sources"]), source_line=source)

    def _event_label(self, event) -> str:
        kind = words(event.kind)
        kind = kind[0].upper() + kind[1:]
        if event.actor_id == DISPUTED_AUTHOR:  # name no one as the author of a disputed item
            return f"{kind} (authorship disputed)"
        return f"{kind}: {self._actor(event.actor_id, getattr(event, 'actor_basis', None))}"

    def _actor(self, actor_id, basis) -> str:
        """Who acted, marked where the book works it out from the source's words."""
        name = self.name(actor_id)
        return f"{name} ({WORKED_OUT_MARK})" if name and isinstance(basis, str) and basis == "inferred" else name

    def chronology(self) -> pd.DataFrame:
        return self._with_case(pd.DataFrame({
            "Date": self.events["event_id"].map(self.dates),
            "Event": self.events["summary"],
            "Who acted": [self._actor(a, b) for a, b in zip(
                self.events["actor_id"], self.events.get("actor_basis", pd.Series(None, index=self.events.index)))],
            "Court": self.events["court_level"].map(COURT_NAMES).fillna(""),
            "Defendant absent": self.events["defendant_absent"].fillna(""),
            "Evidence": self.events["event_id"].map(self.evidence.marker),
        }), self.events["case_id"])

    # --- sides, due process, uncertainty, sources -----------------------------------------
    def statements_by_side(self) -> dict[str, pd.DataFrame]:
        sides = {}
        for stance, heading in (CONTEXT_SIDES if self.context_only else SIDES).items():
            rows = self.statements[self.statements["stance"] == stance]
            sides[heading] = self._with_case(pd.DataFrame({
                "Speaker": rows["speaker_id"].map(self.name),
                "Date": rows["date"].map(describe),
                "Said": rows["quote"],
                "Quoted as": rows["quote_kind"],
                "Where": rows["medium"],
                "Evidence": rows["statement_id"].map(self.evidence.marker),
            }), rows["case_id"])
        return sides

    def due_process(self) -> pd.DataFrame:
        frame = self._with_case(pd.DataFrame({
            "Indicator": self.fairness["indicator"].map(words),
            "Claim": self.fairness["value"],
            "Who says so": self.fairness["assessed_by"].map(self.name),
            "Note": self.fairness["note"].fillna(""),
            "Evidence": self.fairness["fairness_id"],
        }), self.fairness["case_id"])
        frame = frame.sort_values([c for c in ("Case", "Indicator", "Who says so") if c in frame])
        return self.evidence.with_markers(frame, "Evidence")  # markers numbered in the order shown

    def _conflict_rows(self) -> pd.DataFrame:
        """Conflicts that name at least one of this chapter's rows."""
        ours, conflicts = self.record_ids(), self.data["conflicts"]
        return conflicts[conflicts["record_ids"].map(lambda ids: bool(set(ids.split()) & ours))]

    def conflicts(self) -> pd.DataFrame:
        rows = self._conflict_rows()
        return pd.DataFrame({"Topic": rows["topic"].map(lambda t: TOPIC_WORDS.get(t, t)),
                             "Kind": rows["kind"].map(CONFLICT_KIND_WORDS),
                             "What is in dispute": rows["description"],
                             "Evidence for each version": rows["record_ids"].map(lambda ids: self.evidence.marker(*ids.split()))})

    def uncertain_dates(self) -> pd.DataFrame:
        rows = self.events[(self.events["date_basis"] != "stated") | (self.events["date_earliest"] != self.events["date_latest"])]
        return pd.DataFrame({"Event": rows["summary"], "Date as known": rows["event_id"].map(self.dates),
                             "How it is known": [self._basis_words(r) for r in rows.itertuples()],
                             "Reasoning": rows["note"].fillna(""),
                             "Evidence": rows["event_id"].map(self.evidence.marker)})

    @staticmethod
    def _basis_words(row) -> str:
        """How an event's date is known, bound by bound where the bounds are known differently."""
        whole = BASIS_WORDS.get(row.date_basis, row.date_basis)
        start, end = (getattr(row, name, None) for name in ("start_basis", "end_basis"))
        parts = [f"{which}: {BASIS_WORDS[b]}" for which, b in (("start", start), ("end", end)) if isinstance(b, str)]
        return whole + ("; " + "; ".join(parts) if parts else "")

    def sources(self) -> pd.DataFrame:
        """Every source the page quotes: behind the chapter's own records and behind every other
        record (an actor, an affiliation) the page has marked so far, with the quotes each gives the
        page. Called where the Evidence section's records are all marked, it lists that section's sources."""
        shown = [r for r in sorted(self.record_ids() | set(self.evidence.numbers)) if self.evidence.has_evidence(r)]
        pairs = [(source, quote) for r in shown for source, quote in self.evidence.quotes[r]]
        counts = pd.Series([source for source, _ in pairs], dtype=object).value_counts()
        distinct = pd.Series([source for source, _ in set(pairs)], dtype=object).value_counts()
        sources = self.data["sources"][self.data["sources"]["source_id"].isin(counts.index)]
        return pd.DataFrame({
            "Source": sources["source_id"],
            "Publisher": sources["publisher"],
            "Title": sources["title"].fillna("untitled report"),
            "Address": [source_address(s) for s in sources.itertuples()],
            "Published": sources["published"].map(describe),
            # A quote that proves several records (a case fact and an actor's note) is used once for each.
            "Quote uses here": sources["source_id"].map(counts).astype(int),
            "Distinct quotes": sources["source_id"].map(distinct).astype(int),
        })
