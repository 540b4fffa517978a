"""What every view shares: codes as words, actor ids as names, records with their sources."""

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
    """For each record id, the sources whose quotes prove it ('a, b')."""
    return evidence.groupby("record_id")["source_id"].agg(lambda s: ", ".join(sorted(set(s))))
