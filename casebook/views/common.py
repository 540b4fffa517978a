"""What every view shares: codes as words, actor ids as names, records with their sources."""

import pandas as pd

from casebook.data.contract import is_page_name, is_web_address
from casebook.dates import describe
from casebook.vocabulary import WORKED_OUT_MARK, certainty_mark

LABELS = {"red_handed_claim_contested": "red-handed claim contested"}  # where words() reads wrongly
ACRONYMS = {"un": "UN", "usd": "USD", "khr": "KHR"}


def words(code: str) -> str:
    """'defendant_absent' -> 'defendant absent'; 'un_finding' -> 'UN finding'."""
    if code in LABELS:
        return LABELS[code]
    return " ".join(ACRONYMS.get(part, part) for part in code.split("_"))


def web_address(value) -> str | None:
    """`value` where a page may link to it (an http or https address, casebook.data.contract), else None.

    The validator refuses any other address; this holds the views to the same rule where a link is made."""
    return value if is_web_address(value) else None


def page_name(value) -> str | None:
    """`value` where it may name a chapter page in a path, a link or a role (casebook.data.contract), else None."""
    return value if is_page_name(value) else None


def penalty_kind(kind: str, basis=None, as_stated=None) -> str:
    """A penalty's kind in words, with how it is known: 'compensation (worked out; the source says
    “pay”)' where the kind is the book's reading, 'fine (the source writes “fines”)' where the
    source's own word differs."""
    text = words(kind)
    said = as_stated if isinstance(as_stated, str) and as_stated else None
    if isinstance(basis, str) and basis == "inferred":
        return f"{text} (worked out; the source says \u201c{said}\u201d)" if said else f"{text} (worked out)"
    return f"{text} (the source writes \u201c{said}\u201d)" if said else text


def with_schedule(elections: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """`elections` with a column `scheduled`: True for a poll that falls after the last day any source
    reports on, which the archive can give only as scheduled, never as held."""
    cutoff = sources["published_latest"].max()
    return elections.assign(scheduled=elections["date_earliest"] > cutoff)


def election_name(kind: str, date: str, scheduled: bool = False, of: str = "of ", basis=None) -> str:
    """An election as the archive knows it: 'national election scheduled for 23 July 2023' for a poll
    after the last source (see `with_schedule`), 'commune election held between 1 June and 6 June
    2022 (worked out)' for one known only to a span of days the book works out, else 'national
    election of July 2018' (`of` is the word before a single date: '' for a bare date, as under a
    figure's dashed line). A date not printed in a source is marked as the vocabulary marks it."""
    if scheduled:
        return f"{kind} election scheduled for {describe(date)}"
    mark = certainty_mark(basis)
    return f"{kind} election {'held ' if '/' in date else of}{describe(date)}" + (f" ({mark})" if mark else "")


def case_kind(kind: str, basis=None) -> str:
    """A case's kind in words, marked where the book works it out from the sources' words rather
    than reads it in them: 'criminal (worked out)'."""
    text = words(kind)
    return f"{text} ({WORKED_OUT_MARK})" if isinstance(basis, str) and basis == "inferred" else text


def event_dates(events: pd.DataFrame) -> pd.Series:
    """Each event's date as a reader sees it (`casebook.dates.describe_known`): the source's words
    where the data keeps them, an assumed bound marked as the editor's."""
    from casebook.dates import describe_known

    def column(name):
        return events[name] if name in events else pd.Series(None, index=events.index, dtype=object)

    return pd.Series([describe_known(d, s if isinstance(s, str) else None, e if isinstance(e, str) else None, a)
                      for d, s, e, a in zip(events["date"], column("start_basis"), column("end_basis"),
                                            column("date_as_stated"))], index=events.index, dtype=object)


def actor_names(actor_ids, names: pd.Series) -> str:
    """Names for one actor id or several space-separated ids ('' for none)."""
    ids = actor_ids.split() if isinstance(actor_ids, str) else []
    return ", ".join(names.get(i, i) for i in ids)


def map_distinct(values: pd.Series, function) -> pd.Series:
    """`values.map(function)`, calling the function once per distinct value (values hashable)."""
    done = {}
    return pd.Series([done[v] if v in done else done.setdefault(v, function(v)) for v in values],
                     index=values.index, name=values.name)


def sources_by_record(evidence: pd.DataFrame, record_ids=None) -> pd.Series:
    """For each record id, the sources whose quotes prove it ('a, b': each once, in sorted order);
    only for the ids in `record_ids`, where given."""
    if record_ids is not None:
        evidence = evidence[evidence["record_id"].isin(record_ids)]
    return evidence.groupby("record_id")["source_id"].agg(lambda sources: ", ".join(sorted(set(sources))))


def join_groups(keys: pd.Series, values: pd.Series, sep: str) -> pd.Series:
    """For each distinct key, in sorted order, its values (strings) joined by `sep` in the order
    they come; rows whose key is missing are left out."""
    return values.groupby(keys).agg(sep.join)
