"""What every view shares: codes as words, actor ids as names, records with their sources."""

import numpy as np
import pandas as pd

from casebook.data.contract import is_page_name, is_web_address
from casebook.dates import describe
from casebook.vocabulary import WORKED_OUT_MARK

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


def election_name(kind: str, date: str, scheduled: bool = False, of: str = "of ") -> str:
    """An election as the archive knows it: 'national election scheduled for 23 July 2023' for a poll
    after the last source (see `with_schedule`), 'commune election held between 1 June and 6 June
    2022' for one known only to a span of days, else 'national election of July 2018' (`of` is the
    word before a single date: '' for a bare date, as under a figure's dashed line)."""
    if scheduled:
        return f"{kind} election scheduled for {describe(date)}"
    return f"{kind} election {'held ' if '/' in date else of}{describe(date)}"


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
    evidence = evidence.dropna(subset=["record_id"])
    some = evidence if record_ids is None else evidence[evidence["record_id"].isin(record_ids)]
    records, record_ids = sorted_codes(some["record_id"])
    sources, source_ids = sorted_codes(some["source_id"])
    if not len(records) or (sources < 0).any():  # none, or a missing source: left to groupby
        found = some.groupby("record_id")["source_id"].agg(lambda s: ", ".join(sorted(set(s))))
        # None of the ids asked for: typed as the sources of every record would be (text).
        return found.astype("str") if found.empty and len(evidence) else found
    # Each distinct (record, source) pair once, ordered by record and then by source.
    pairs = np.sort(records.astype(np.int64) * len(source_ids) + sources)
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
    texts = source_ids[pairs % len(source_ids)]
    joined = _join_runs(pairs // len(source_ids), texts, ", ")
    return pd.Series(joined, index=pd.Index(record_ids, name="record_id"), name="source_id")


def sorted_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """`pd.factorize(values, sort=True)`: each value's position among the distinct values in sorted
    order (-1 where missing), and those values. The distinct values are sorted by Python's own
    sort, several times faster on strings than numpy's sort of an object array."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), sort=False)
    uniques = np.asarray(uniques, dtype=object)
    order = np.array(sorted(range(len(uniques)), key=uniques.tolist().__getitem__), dtype=np.intp)
    place = np.empty(len(order), dtype=np.intp)
    place[order] = np.arange(len(order))
    return np.where(codes < 0, -1, place[codes] if len(place) else codes), uniques[order]


def join_groups(keys: pd.Series, values: pd.Series, sep: str) -> pd.Series:
    """`values.groupby(keys).agg(sep.join)` without a Python call per group: for each distinct key,
    in sorted order, its values (strings) joined by `sep` in the order they come. Rows whose key
    is missing are left out, as groupby leaves them out."""
    codes, uniques = sorted_codes(keys)
    present = codes >= 0
    if not present.any():
        return values.groupby(keys).agg(sep.join)
    order = np.argsort(codes[present], kind="stable")
    joined = _join_runs(codes[present][order], values.to_numpy(dtype=object)[present][order], sep)
    return pd.Series(joined, index=pd.Index(uniques, name=keys.name), name=values.name)


def _join_runs(codes: np.ndarray, texts: np.ndarray, sep: str) -> np.ndarray:
    """For codes 0, 1, 2... each in one run of `codes` (sorted), the texts of its run joined by sep."""
    first = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])  # where each run starts
    place = np.arange(len(codes)) - np.repeat(first, np.diff(np.r_[first, len(codes)]))  # place in its run
    joined = texts[first].copy()
    by_place = np.argsort(place, kind="stable")
    bounds = np.searchsorted(place[by_place], np.arange(place.max() + 2))
    for n in range(1, place.max() + 1):  # the second text of every run that has one, then the third...
        rows = by_place[bounds[n]:bounds[n + 1]]
        joined[codes[rows]] = joined[codes[rows]] + sep + texts[rows]
    return joined
