"""Derivations on the project's data and on small hand-made frames."""

import pandas as pd
import pytest
from conftest import dated_frame as frame

from casebook.derive import money, timing
from casebook.views.cases import CaseFile


def test_riel_converted_at_the_rate_nearest_the_decision():
    rates = frame([("r2018", 4000, "2018-12-19"), ("r2023", 4100, "2023-02-23")], ["rate_id", "khr_per_usd", "date"])
    events = frame([("v", "2023-03-03")], ["event_id", "date"])
    penalties = pd.DataFrame([("p", "v", 4_100_000_000, "KHR"), ("q", "v", 500_000, "USD"), ("m", "v", None, None)],
                             columns=["penalty_id", "event_id", "amount", "currency"])
    out = money.penalties_in_usd(penalties, events, rates).set_index("penalty_id")
    assert out.loc["p", "usd_computed"] == 1_000_000 and out.loc["p", "rate_id"] == "r2023"
    assert out.loc["q", "usd_computed"] == 500_000 and pd.isna(out.loc["q", "rate_id"])
    assert pd.isna(out.loc["m", "usd_computed"])


def test_a_computed_dollar_value_keeps_the_qualifier_of_its_amount():
    rates = frame([("r", 4000, "2018-12-19")], ["rate_id", "khr_per_usd", "date"])
    events = frame([("v", "2018-12-19")], ["event_id", "date"])
    penalties = pd.DataFrame([("about-usd", "v", 200_000, "USD", "about"), ("riel", "v", 4_000_000, "KHR", None),
                              ("approx-riel", "v", 8_000_000, "KHR", "approx."), ("term", "v", None, None, None)],
                             columns=["penalty_id", "event_id", "amount", "currency", "amount_qualifier"])
    out = money.penalties_in_usd(penalties, events, rates).set_index("penalty_id")["usd_computed_qualifier"]
    assert out["about-usd"] == "about" and out["approx-riel"] == "approx."
    assert pd.isna(out["riel"]) and pd.isna(out["term"])
    no_column = money.penalties_in_usd(penalties.drop(columns="amount_qualifier"), events, rates)
    assert no_column["usd_computed_qualifier"].isna().all()


def test_days_to_the_next_election_are_a_range():
    events = frame([("a", "2017-09"), ("b", "2018-07-29"), ("c", "2024-01-01")], ["event_id", "date"])
    polls = frame([("national-2018", "2018-07", "national"), ("commune-2017", "2017-06", "commune")],
                  ["election_id", "date", "kind"])
    out = timing.next_election(events, polls).set_index("event_id")
    assert out.loc["a", "next_election"] == "national-2018"
    assert (out.loc["a", "days_min"], out.loc["a", "days_max"]) == (274, 333)
    assert (out.loc["b", "days_min"], out.loc["b", "days_max"]) == (0, 2)  # same month: may be after the poll
    assert pd.isna(out.loc["c", "next_election"])


def test_every_riel_penalty_in_the_data_gets_a_computed_dollar_value(data):
    out = money.penalties_in_usd(data.penalties, data.events, data.fx_rates)
    riel = out[out["currency"] == "KHR"]
    assert not riel.empty
    assert (riel["usd_computed"] > 0).all()
    assert riel["rate_id"].isin(data.fx_rates["rate_id"]).all()


def test_each_chapter_in_cases_csv_has_a_notebook_and_a_case_file(data):
    from casebook.settings import ROOT
    for chapter in data.cases["chapter"].unique():
        assert (ROOT / "book" / f"{chapter}.ipynb").is_file(), chapter
        case = CaseFile(data, chapter)
        assert not case.events.empty


def test_case_file_for_an_unknown_chapter_says_so(data):
    with pytest.raises(ValueError, match="no case in data/cases.csv names chapter 'cases/nowhere'"):
        CaseFile(data, "cases/nowhere")
