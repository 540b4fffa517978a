"""Riel and dollar amounts: dollars are computed from fx_rates, never typed."""

import pandas as pd


def nearest_rate(day: pd.Timestamp, fx_rates: pd.DataFrame) -> pd.Series:
    """The fx_rates row whose date (its midpoint) lies closest to `day`."""
    middle = fx_rates["date_earliest"] + (fx_rates["date_latest"] - fx_rates["date_earliest"]) / 2
    return fx_rates.loc[(middle - day).abs().idxmin()]


def penalties_in_usd(penalties: pd.DataFrame, events: pd.DataFrame, fx_rates: pd.DataFrame) -> pd.DataFrame:
    """Penalties with `usd_computed` and the `rate_id` used, beside the source's `usd_stated`.

    A riel amount is converted at the rate nearest the decision that set it. The computed value
    keeps the qualifier of the amount it comes from (`usd_computed_qualifier`): a dollar amount the
    source gives as "about $200,000" is about $200,000 in dollars too.
    """
    decided = events.set_index("event_id")["date_earliest"]
    out = penalties.copy()
    out["decision_date"] = out["event_id"].map(decided)
    # Each decision day's rate looked up once: many penalties share a decision.
    riel = out["currency"] == "KHR"
    rates = {day: nearest_rate(day, fx_rates) for day in out.loc[riel, "decision_date"].unique()}
    rate_ids, usd = [], []
    for currency, amount, day in zip(out["currency"], out["amount"], out["decision_date"]):
        if currency == "KHR":
            rate = rates[day]
            rate_ids.append(rate["rate_id"])
            usd.append(amount / rate["khr_per_usd"])
        else:
            rate_ids.append(None)
            usd.append(amount if currency == "USD" else None)
    out["rate_id"] = rate_ids
    out["usd_computed"] = pd.to_numeric(pd.Series(usd, index=out.index))
    qualifier = out.get("amount_qualifier")  # None where the table has no qualifiers
    out["usd_computed_qualifier"] = pd.Series(qualifier, index=out.index, dtype=object).where(out["usd_computed"].notna())
    return out.drop(columns="decision_date")


def format_khr(amount: float) -> str:
    """'4,000,000,000 riel'."""
    return f"{amount:,.0f} riel"


def format_amount(amount: float, currency: str) -> str:
    """An amount in its own currency: '4,000,000,000 riel' or '$1,000,000'."""
    return format_khr(amount) if currency == "KHR" else format_usd(amount)


def format_usd(amount: float) -> str:
    """'$1,000,000' (whole dollars; sub-dollar precision is never meaningful here)."""
    return f"${amount:,.0f}"
