"""What the pattern chapters say when the data gives them little or nothing to count: no adverse
step, no independent dollar figure, nobody named as bringing a case."""


from casebook.data.load import Dataset
from casebook.views import patterns
from casebook.vocabulary import ADVERSE, BRINGER_ROLES


def changed(data, **tables) -> Dataset:
    return Dataset({**data, **tables})


def test_without_adverse_steps_the_timing_table_is_empty_with_its_columns(data):
    events = data.events[~data.events["kind"].isin(ADVERSE)]
    table = patterns.election_timing(changed(data, events=events))
    assert table.empty
    assert {"before", "after", "next_election"} <= set(table.columns)


def stated(data, usd: dict):
    """The penalties with the dollar figure the source states replaced, by penalty id."""
    penalties = data.penalties.copy()
    for penalty_id, value in usd.items():
        penalties.loc[penalties["penalty_id"] == penalty_id, "usd_stated"] = value
    return changed(data, penalties=penalties)


def independent(table):
    return table[table["Dollar check"].str.startswith("independent")]


def test_a_stated_dollar_figure_that_is_independent_of_the_rates_checks_them(data):
    table = patterns.money_table(data)
    candidates = table[(table["Dollar check"] == "no dollar figure stated") & table["Amount as stated"].str.endswith("riel")]
    assert not candidates.empty
    penalty = candidates.iloc[0]
    agreeing = patterns.money_table(stated(data, {penalty.penalty_id: penalty.usd_computed * 1.005}))
    row = agreeing.set_index("penalty_id").loc[penalty.penalty_id]
    assert row["Dollar check"] == "independent check: agrees"  # within 1%
    differing = patterns.money_table(stated(data, {penalty.penalty_id: penalty.usd_computed * 1.02}))
    assert differing.set_index("penalty_id").loc[penalty.penalty_id, "Dollar check"] == "independent check: differs"


def test_the_check_sentence_counts_the_independent_figures(data):
    table = patterns.money_table(data)
    checks = independent(table)
    none = stated(data, dict.fromkeys(checks["penalty_id"]))
    findings = patterns.money_findings(none)
    assert findings["independent"] == 0 and findings["check_sentence"] == "none of them is independent of those rates"

    unstated = table[table["Dollar check"] == "no dollar figure stated"]
    one_differs = stated(none, {unstated.iloc[0].penalty_id: unstated.iloc[0].usd_computed * 2})
    assert patterns.money_findings(one_differs)["check_sentence"] == (
        "one of them is independent of those rates, and the computed value differs from it")

    two = stated(data, {unstated.iloc[0].penalty_id: unstated.iloc[0].usd_computed * 2})
    findings = patterns.money_findings(two)
    assert findings["independent"] == len(checks) + 1
    assert findings["check_sentence"] == (f"{len(checks) + 1} of them are independent of those rates, and the computed "
                                          f"value agrees with {findings['independent_agree']} of those")
    assert findings["independent_agree"] == (independent(patterns.money_table(two))["Dollar check"]
                                             == "independent check: agrees").sum()


def test_with_nobody_named_as_bringing_a_case_no_side_leads(data):
    parties = data.case_parties[~data.case_parties["role"].isin(BRINGER_ROLES)]
    findings = patterns.parties_findings(changed(data, case_parties=parties))
    proceedings = (data.cases["kind"] != "context").sum()
    assert (findings["with_bringer"], findings["without_bringer"]) == (0, proceedings)
    assert (findings["sides"], findings["top_side"], findings["top_side_cases"]) == (0, "", 0)
