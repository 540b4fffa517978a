"""Riel and dollar amounts: dollars are computed from fx_rates, never typed."""

import numpy as np
import pandas as pd


def nearest_rate(day: pd.Timestamp, fx_rates: pd.DataFrame) -> pd.Series:
    """The fx_rates row whose date (its midpoint) lies closest to `day`."""
    middle = fx_rates["date_earliest"] + (fx_rates["date_latest"] - fx_rates["date_earliest"]) / 2
    return fx_rates.loc[(middle - day).abs().idxmin()]


def _nearest_labels(days: pd.Series, fx_rates: pd.DataFrame) -> dict:
    """`nearest_rate(day, fx_rates).name` for each distinct day, by binary search.

    Ties go, as with `idxmin`, to the row that comes first in fx_rates. Returns {} where that
    cannot be computed this way (no rates, or a rate or a day without a date): the caller then
    asks `nearest_rate` itself.
    """
    middle = fx_rates["date_earliest"] + (fx_rates["date_latest"] - fx_rates["date_earliest"]) / 2
    if middle.empty or middle.isna().any() or days.isna().any():
        return {}
    ns = middle.to_numpy("datetime64[ns]").astype("int64")
    order = np.argsort(ns, kind="stable")
    values, first = np.unique(ns[order], return_index=True)
    position = order[first]  # for each distinct midpoint, the first fx_rates row that has it
    distinct = pd.unique(days.to_numpy("datetime64[ns]"))
    wanted = distinct.astype("int64")
    above = np.searchsorted(values, wanted, side="left")  # first midpoint >= day
    below = above - 1
    has_above, has_below = above < len(values), below >= 0
    gap_above = np.where(has_above, values[np.minimum(above, len(values) - 1)] - wanted, np.iinfo(np.int64).max)
    gap_below = np.where(has_below, wanted - values[np.maximum(below, 0)], np.iinfo(np.int64).max)
    pos_above = position[np.minimum(above, len(values) - 1)]
    pos_below = position[np.maximum(below, 0)]
    pick = np.where(gap_below < gap_above, pos_below,
                    np.where(gap_above < gap_below, pos_above, np.minimum(pos_above, pos_below)))
    labels = fx_rates.index[pick]
    return {pd.Timestamp(day): label for day, label in zip(distinct, labels)}


def penalties_in_usd(penalties: pd.DataFrame, events: pd.DataFrame, fx_rates: pd.DataFrame) -> pd.DataFrame:
    """Penalties with `usd_computed` and the `rate_id` used, beside the source's `usd_stated`.

    A riel amount is converted at the rate nearest the decision that set it.
    """
    decided = events.set_index("event_id")["date_earliest"]
    out = penalties.copy()
    out["decision_date"] = out["event_id"].map(decided)
    riel = out["currency"] == "KHR"
    labels = _nearest_labels(out.loc[riel, "decision_date"], fx_rates)
    rates = {}  # label -> fx_rates row, each looked up once
    rate_ids, usd = [], []
    for row in out.itertuples():
        if row.currency == "KHR":
            label = labels.get(row.decision_date) if labels else None
            if label is None:
                rate = nearest_rate(row.decision_date, fx_rates)
            else:
                if label not in rates:
                    rates[label] = fx_rates.loc[label]
                rate = rates[label]
            rate_ids.append(rate["rate_id"])
            usd.append(row.amount / rate["khr_per_usd"])
        else:
            rate_ids.append(None)
            usd.append(row.amount if row.currency == "USD" else None)
    out["rate_id"] = rate_ids
    out["usd_computed"] = pd.to_numeric(pd.Series(usd, index=out.index))
    return out.drop(columns="decision_date")


def format_khr(amount: float) -> str:
    """'4,000,000,000 riel'."""
    return f"{amount:,.0f} riel"


def format_usd(amount: float) -> str:
    """'$1,000,000' (whole dollars; sub-dollar precision is never meaningful here)."""
    return f"${amount:,.0f}"
