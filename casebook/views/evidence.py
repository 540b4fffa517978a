"""The proof behind every fact on a page: each row's verbatim quotes and their sources.

`Evidence` numbers the records a chapter shows (E1, E2, ... in order of first use) and gives
- `marker(record_ids)`: a small superscript link per record to its note in the Evidence section;
  `_static/evidence.js` opens that note beside the marker, and without JavaScript the link leads
  to it (in print, markers read as note numbers);
- `fact(text, record_ids)`: a value for a glue role that shows with its marker;
- `with_markers(frame, column)`: any table with a record-id column, that column made markers;
- `section()`: the notes themselves, every record used with its quotes, sources and reasoning.

Everything taken from the data is escaped where it lands: text as MyST (`display.escape`),
attributes and addresses as HTML (`attribute`).
"""

import html
from urllib.parse import quote as percent_encode

import pandas as pd
from IPython.display import Markdown

from casebook.dates import describe, describe_known, describe_term, number_words
from casebook.views.common import election_name, web_address, words
from casebook.views.display import Markup, escape
from casebook.vocabulary import (
    BASIS_WORDS,
    CERTAINTY,
    UNNAMED_COURT,
    UNNAMED_COURT_WORDS,
    certainty,
    certainty_marks,
    claim_words,
    qualified,
    role_words,
)

# The key of every table whose rows evidence.csv proves; a row's record id is its key, parts joined by '/'.
KEYS = {
    "cases": ["case_id"], "case_parties": ["case_id", "actor_id", "role"], "charges": ["charge_id"],
    "events": ["event_id"], "penalties": ["penalty_id"], "statements": ["statement_id"],
    "fairness": ["fairness_id"], "actors": ["actor_id"], "affiliations": ["affiliation_id"],
    "elections": ["election_id"], "fx_rates": ["rate_id"],
}
KINDS = {"cases": "case", "case_parties": "party to a case", "charges": "charge", "events": "event",
         "penalties": "penalty", "statements": "statement", "fairness": "due-process claim",
         "actors": "person or body", "affiliations": "affiliation", "elections": "election",
         "fx_rates": "exchange rate"}
# A `*_basis` value other than "stated": the value is not printed in the source. The marker names
# its kind of certainty in a word or two; the note says it in full (vocabulary.certainty_marks).
INFERRED = {code for code, kind in CERTAINTY.items() if kind != "stated"}
FLAGS = {kind: mark for kind, (mark, _) in certainty_marks().items()}
BASIS_COLUMNS = {"date_basis": "date", "start_basis": "start of the date", "end_basis": "end of the date",
                 "role_basis": "role", "kind_basis": "kind", "published_basis": "date of publication",
                 "actor_basis": "who acted"}
WORDS_IN_TEXT_FRAGMENT = 5  # a long quote is matched by its first and last words (start,end)


def attribute(value) -> str:
    """Text safe inside a double-quoted HTML attribute that sits in a MyST table row."""
    return html.escape(" ".join(str(value).split()), quote=True).replace("|", "&#124;")


def anchor(record_id: str) -> str:
    """The id of a record's note: 'ev-' and the record id ('/' as '--'), percent-encoded past [a-z0-9-]."""
    return "ev-" + percent_encode(record_id.replace("/", "--"), safe="-")


def _fragment_term(text: str) -> str:
    # Text-fragment syntax reserves '&', ',' and '-': all three are percent-encoded, as is all but [A-Za-z0-9_.~].
    return percent_encode(text, safe="").replace("-", "%2D")


def text_fragment(url: str, quote: str) -> str:
    """`url#:~:text=...`: a link that browsers supporting URL text fragments scroll to and highlight.

    A quote of more than twice WORDS_IN_TEXT_FRAGMENT words is matched as `start,end` (its first and
    last words), which survives differences of spacing or punctuation in the middle of the passage.
    """
    words = quote.split()
    if len(words) > 2 * WORDS_IN_TEXT_FRAGMENT:
        directive = (_fragment_term(" ".join(words[:WORDS_IN_TEXT_FRAGMENT])) + ","
                     + _fragment_term(" ".join(words[-WORDS_IN_TEXT_FRAGMENT:])))
    else:
        directive = _fragment_term(" ".join(words))
    return f"{url.split('#', 1)[0]}#:~:text={directive}"


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _words(code) -> str:
    """A code in the book's one wording (casebook.views.common.words); '' for none."""
    return words(_text(code)) if _text(code) else ""


class Fact(str):
    """A value the prose inserts with a glue role, carrying the ids of the records that prove it.

    Glued, it shows as its text followed by its evidence marker; as plain text it is just the text.
    """

    def __new__(cls, text, records=(), evidence=None):
        fact = super().__new__(cls, text)
        fact.records = tuple(records)
        fact.evidence = evidence
        return fact

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str:
        marker = self.evidence.marker(*self.records) if self.evidence is not None and self.records else ""
        return escape(str(self)) + marker


def record_rows(data) -> dict[str, tuple[str, int]]:
    """Record id -> (table, the row's position in it), for every row of the tables in KEYS. An id
    used in two rows means the later one (in KEYS order, then row order). Positions, not rows: a
    page reads only the rows of the records it shows (Evidence.row)."""
    rows = {}
    for table, key in KEYS.items():
        frame = data[table]
        ids = frame[key[0]]
        for column in key[1:]:
            ids = ids.astype(str) + "/" + frame[column].astype(str)
        rows.update(zip(ids, ((table, position) for position in range(len(frame)))))
    return rows


def record_quotes(evidence: pd.DataFrame, statements: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Record id -> [(source id, quote)]: a statement's own quote first (a statement is its own
    evidence; of two statements with one id, the later first), then the record's rows of
    evidence.csv in their order."""
    quotes: dict[str, list[tuple[str, str]]] = {}
    for record_id, source_id, quote in zip(evidence["record_id"], evidence["source_id"], evidence["quote"]):
        quotes.setdefault(record_id, []).append((source_id, quote))
    for statement_id, source_id, quote in zip(statements["statement_id"], statements["source_id"], statements["quote"]):
        quotes.setdefault(statement_id, []).insert(0, (source_id, quote))
    return quotes


class Evidence:
    """The quotes behind every record of the data, and the records one page has shown so far."""

    def __init__(self, data, prefix: str = "E"):
        self.data, self.prefix = data, prefix
        self.numbers: dict[str, int] = {}
        self.names = data["actors"].set_index("actor_id")["name"]
        self.sources = data["sources"].set_index("source_id")
        self.positions = record_rows(data)
        self._rows: dict[str, tuple[str, dict]] = {}
        self.quotes = record_quotes(data["evidence"], data["statements"])

    def row(self, record_id: str) -> tuple[str, dict]:
        """The record's table and its row as a dict, or ("", {}) for an id no table holds."""
        if record_id not in self._rows:
            table, position = self.positions.get(record_id, ("", None))
            self._rows[record_id] = (table, self.data[table].iloc[[position]].to_dict("records")[0]) if table else ("", {})
        return self._rows[record_id]

    # --- markers ---------------------------------------------------------------------------
    def has_evidence(self, record_id: str) -> bool:
        return bool(self.quotes.get(record_id))

    def number(self, record_id: str) -> int:
        """The record's note number on this page, given at its first use."""
        if not self.has_evidence(record_id):
            raise ValueError(f"record '{record_id}' has no quote in evidence.csv or statements.csv")
        return self.numbers.setdefault(record_id, len(self.numbers) + 1)

    def inferred(self, record_id: str) -> list[tuple[str, str]]:
        """(column, value) for each `*_basis` of the record that is not 'stated': ('date_basis', 'inferred')."""
        table, row = self.row(record_id)
        return [(column, row[column]) for column in row if column.endswith("_basis") and row[column] in INFERRED]

    def marker(self, *record_ids) -> Markup:
        """One superscript link per record, to its note; 'inferred' beside a record worked out, not read."""
        links = []
        for record_id in dict.fromkeys(record_ids):
            label = f"{self.prefix}{self.number(record_id)}"
            kinds = list(dict.fromkeys(certainty(basis) for _, basis in self.inferred(record_id)))
            flag = "".join(f' <span class="ev-flag">{FLAGS[k]}</span>' for k in kinds)
            what = "evidence, " + ", ".join(FLAGS[k] for k in kinds) if kinds else "evidence"
            links.append(f'<a class="ev-marker" href="#{attribute(anchor(record_id))}" '
                         f'aria-label="{attribute(f"{label}: {what}")}">{label}{flag}</a>')
        return Markup(f'<sup class="ev-ref">{", ".join(links)}</sup>') if links else Markup("")

    def fact(self, text, *record_ids) -> Fact:
        return Fact(text, record_ids, self)

    def with_markers(self, frame: pd.DataFrame, column: str, label: str = "Evidence") -> pd.DataFrame:
        """The frame with `column` (record ids, several space-separated) shown as markers under `label`."""
        markers = frame[column].map(lambda ids: self.marker(*_text(ids).split()))
        return frame.drop(columns=column).assign(**{label: markers})

    # --- the Evidence section ----------------------------------------------------------------
    def _name(self, actor_id) -> str:
        return self.names.get(actor_id, _text(actor_id))

    def describe_record(self, record_id: str) -> str:
        """The fact a record states, in a line (as plain text)."""
        table, row = self.row(record_id)
        get = lambda column: _text(row.get(column))  # noqa: E731
        if table == "events":
            return f"{describe_known(get('date'), get('start_basis'), get('end_basis'), get('date_as_stated'))}: " \
                   f"{get('summary')}"
        if table == "actors":
            return f"{get('name')}: {get('description')}"
        if table == "cases":
            return f"{get('title')}: {get('status')} (as of {describe(get('status_as_of'))})"
        if table == "case_parties":
            case = self.row(get("case_id"))[1].get("title") or get("case_id")
            actor_kind = self.row(get("actor_id"))[1].get("kind")
            case_kind = self.row(get("case_id"))[1].get("kind")
            return f"{self._name(get('actor_id'))}, {role_words(get('role'), actor_kind, case_kind)} in {case}"
        if table == "charges":
            law = f" ({get('law')})" if get("law") else ""
            return f"{self._name(get('defendant_id'))}: {get('charge')}{law}"
        if table == "penalties":
            number = f"{float(row['amount']):,.0f}" if get("amount") else ""
            amount = f" {qualified(number, get('amount_qualifier'))} {get('currency')}" if number else ""
            months = f" {describe_term(float(row['months']))}" if get("months") else ""
            said = f" (the source says “{get('kind_as_stated')}”)" if get("kind_as_stated") else ""
            return f"{self._name(get('defendant_id'))}: {_words(get('kind'))}{said}{amount}{months}"
        if table == "statements":
            return (f"{self._name(get('speaker_id'))}, {describe(get('date'))} "
                    f"({get('quote_kind')}; where said: {get('medium')})")
        if table == "fairness":
            assessor = get("assessed_by")
            kind = self.row(assessor)[1].get("kind")
            name = UNNAMED_COURT_WORDS if assessor == UNNAMED_COURT else self._name(assessor)
            reporters = [_text(self.sources.loc[s].get("publisher")) if s in self.sources.index else s
                         for s, _ in self.quotes.get(record_id, [])]
            return claim_words(_words(get("indicator")), get("value"), name, kind, reporters)
        if table == "affiliations":
            return f"{self._name(get('actor_id'))}: {get('role')}, {self._name(get('organisation_id'))}"
        if table == "elections":
            scheduled = pd.Timestamp(get("date").partition("/")[0]) > self.sources["published_latest"].max()
            return election_name(get("kind"), get("date"), bool(scheduled))
        if table == "fx_rates":
            return f"{float(row['khr_per_usd']):,.0f} riel to the dollar, {describe(get('date'))}: {get('basis')}"
        return record_id

    def source_line(self, source_id: str, quote: str) -> str:
        """'Publisher, Title, date' and a link to the passage in the original (MyST, escaped)."""
        source = self.sources.loc[source_id] if source_id in self.sources.index else {}
        title = _text(source.get("title")) or "untitled report"
        line = (f"{escape(source.get('publisher', source_id))}, *{escape(title)}*, "
                f"published {escape(describe(source['published']))}" if len(source) else escape(source_id))
        url, repost = (web_address(source.get(name)) for name in ("url", "repost_url"))  # http(s) only
        if url:
            link = f'<a class="ev-source" href="{attribute(text_fragment(url, quote))}">open the passage at the source</a>'
        elif repost:
            link = (f'<a class="ev-source" href="{attribute(text_fragment(repost, quote))}">open the passage in a '
                    "repost</a> (a copy on another site: the publisher's own page was not found)")
        else:
            link = "No public address was found for this source"
        return f"{line}. {link}."

    def support(self, record_id: str) -> str:
        """How many sources the record's quotes come from, and from how many publishers: two reports
        by one publisher are not independent of each other ('Quoted from two sources, by one publisher.')."""
        source_ids = sorted({source_id for source_id, _ in self.quotes.get(record_id, [])})
        publishers = {_text(self.sources.loc[s].get("publisher")) if s in self.sources.index else s
                      for s in source_ids}
        if not source_ids:
            return "No source quoted."
        return (f"Quoted from {number_words(len(source_ids))} source{'s' if len(source_ids) > 1 else ''}, "
                f"by {number_words(len(publishers))} publisher{'s' if len(publishers) > 1 else ''}.")

    def entry(self, record_id: str) -> str:
        """One note: the record, any reasoning for what is inferred, and every quote with its source."""
        table, row = self.row(record_id)
        kind = KINDS.get(table, "record")
        lines = [f'- <span class="ev-note" id="{attribute(anchor(record_id))}"></span>'
                 f"**{self.prefix}{self.number(record_id)}** ({escape(kind)}, record {escape(record_id)}): "
                 f"{escape(self.describe_record(record_id))}"]
        for column, basis in self.inferred(record_id):
            what, reason = BASIS_COLUMNS.get(column, column.removesuffix("_basis")), _text(row.get("note"))
            lines.append(f"\n  *{escape(what[0].upper() + what[1:])}: {escape(BASIS_WORDS[basis])}*"
                         + (f". Reasoning: {escape(reason)}" if reason else "."))
        lines.append(f"\n  *{escape(self.support(record_id))}*")
        lines.append("")
        for source_id, quote in self.quotes[record_id]:
            lines.append(f"  - \u201c{escape(quote)}\u201d \u2014 {self.source_line(source_id, quote)}")
        return "\n".join(lines)

    def cited_sources(self) -> list[str]:
        """The sources of every quote behind the records this page has marked so far, sorted."""
        return sorted({source_id for record_id in self.numbers for source_id, _ in self.quotes[record_id]})

    def section(self, record_ids=None) -> Markdown:
        """Notes for the given records, or for every record the page has marked, in number order."""
        for record_id in record_ids or ():
            self.number(record_id)
        ordered = sorted(self.numbers, key=self.numbers.get)
        return Markdown("\n\n".join(self.entry(r) for r in ordered))
