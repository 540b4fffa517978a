"""What every view shares: codes as words, actor ids as names, records with their sources."""

import numpy as np
import pandas as pd

LABELS = {"red_handed_claim_contested": "red-handed claim contested"}  # where words() reads wrongly
ACRONYMS = {"un": "UN", "usd": "USD", "khr": "KHR"}


def words(code: str) -> str:
    """'tried_in_absentia' -> 'tried in absentia'; 'un_finding' -> 'UN finding'."""
    if code in LABELS:
        return LABELS[code]
    return " ".join(ACRONYMS.get(part, part) for part in code.split("_"))


def actor_names(actor_ids, names: pd.Series) -> str:
    """Names for one actor id or several space-separated ids ('' for none)."""
    ids = actor_ids.split() if isinstance(actor_ids, str) else []
    return ", ".join(names.get(i, i) for i in ids)


def sources_by_record(evidence: pd.DataFrame) -> pd.Series:
    """For each record id, the sources whose quotes prove it ('a, b': each once, in sorted order)."""
    pairs = evidence[["record_id", "source_id"]].drop_duplicates()
    pairs = pairs.iloc[np.argsort(sorted_codes(pairs["source_id"])[0], kind="stable")]
    return join_groups(pairs["record_id"], pairs["source_id"], ", ")


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
    codes, texts = codes[present][order], values.to_numpy(dtype=object)[present][order]
    first = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])  # the first row of each group
    rank = np.arange(len(codes)) - np.repeat(first, np.diff(np.r_[first, len(codes)]))  # place in its group
    joined = texts[first].copy()
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(rank.max() + 2))
    for place in range(1, rank.max() + 1):  # the second value of every group that has one, then the third...
        rows = by_rank[bounds[place]:bounds[place + 1]]
        joined[codes[rows]] = joined[codes[rows]] + sep + texts[rows]
    return pd.Series(joined, index=pd.Index(uniques, name=keys.name), name=values.name)
