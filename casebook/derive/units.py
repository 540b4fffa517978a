"""The units the pattern chapters and the landing page count, defined once.

- A **proceeding** is a case in which a court, a prosecutor or a state body acted against a
  defendant, or a party filed suit against one: every row of `cases` whose kind is not `context`.
  Context matters (a leaked call, a law) have no defendant and are never counted as proceedings.
- A **legal step** is one act taken in a proceeding by a court, a prosecutor, a plaintiff or a
  state body: one row of `events` with a legal kind. Rows recorded as part of another act
  (`events.part_of`: the detention an arrest began, the ban a ruling imposed, the supervision a
  release order set) are folded into that act, so one act counts once.
- Each step has a **direction**: *adverse* steps open, advance or decide a case against the
  defendant; *favourable* steps end or ease a sentence or a detention (pardon, release, lifted
  supervision); *procedural* steps (hearings) are neither. Timing counts adverse steps only.
- A **side** is an actor together with the political party it presides over: Hun Sen and the CPP,
  whose president he is, are one side when the book counts who brings cases. Every count by side
  is also given by each party separately, with what the merge rests on (`parties_findings`).
- A **role** in a case is what a party did (brought it, defended, decided); a role the sources do
  not state but that is worked out from their words is marked so (`case_parties.role_basis`).
"""

import pandas as pd

from casebook.vocabulary import BRINGER_ROLES, COURT_ORDER, DIRECTION, UNNAMED_COURT


def proceedings(data) -> pd.DataFrame:
    """Every case that is a proceeding (kind other than 'context')."""
    cases = data["cases"]
    return cases[cases["kind"] != "context"]


def legal_steps(data, direction: str | None = None) -> pd.DataFrame:
    """One row per act in a proceeding, with its `direction` and the kinds folded into it (`parts`).

    `direction` ('adverse', 'favourable' or 'procedural') keeps only steps of that direction.
    """
    events = data["events"]
    legal = events[events["kind"].isin(DIRECTION) & events["case_id"].isin(proceedings(data)["case_id"])]
    part_of = legal["part_of"] if "part_of" in legal else pd.Series(pd.NA, index=legal.index)
    acts = legal[part_of.isna()].copy()
    folded: dict[str, list[str]] = {}  # act id -> the kinds folded into it, in row order
    for act, kind in zip(part_of[part_of.notna()], legal.loc[part_of.notna(), "kind"]):
        folded.setdefault(act, []).append(kind)
    acts["parts"] = [[kind, *folded.get(event_id, ())] for kind, event_id in zip(acts["kind"], acts["event_id"])]
    acts["direction"] = acts["kind"].map(DIRECTION)
    if direction is not None:
        acts = acts[acts["direction"] == direction]
    return acts.sort_values(["date_earliest", "date_latest", "event_id"]).reset_index(drop=True)


def party_leaders(data) -> dict[str, str]:
    """Person -> the political party they are recorded as president of (affiliation role 'President')."""
    actors = data["actors"].set_index("actor_id")
    aff = data["affiliations"]
    leads = aff[(aff["role"] == "President") & aff["organisation_id"].map(actors["kind"]).eq("political_party")]
    return dict(zip(leads["actor_id"], leads["organisation_id"]))


def side_of(data) -> pd.Series:
    """Actor id -> side id: a party president belongs to the party's side; everyone else is their own."""
    ids = data["actors"]["actor_id"]
    leaders = party_leaders(data)
    return pd.Series([leaders.get(a, a) for a in ids], index=ids.to_numpy())


def bringers(data) -> pd.DataFrame:
    """Who brought each proceeding: the plaintiffs, complainants, civil parties and prosecutors named.

    One row per (case, actor), with the actor's `side` and `role_basis` ('inferred' where the role
    is worked out from a source's words rather than stated). Proceedings with nobody in those roles
    have no row: the sources name nobody who brought them.
    """
    parties = data["case_parties"]
    named = parties[parties["role"].isin(BRINGER_ROLES) & parties["case_id"].isin(proceedings(data)["case_id"])]
    named = named.drop_duplicates(["case_id", "actor_id"])
    basis = named["role_basis"] if "role_basis" in named else pd.Series(None, index=named.index, dtype=object)
    return named.assign(side=named["actor_id"].map(side_of(data)), role_basis=basis)[
        ["case_id", "actor_id", "role", "side", "role_basis"]]


def unnamed_court_cases(data) -> set[str]:
    """The cases in which a source reports a court acting without naming it (a judge row for the
    unnamed court); where no court act is dated, such a case reached a "court not named"."""
    parties = data["case_parties"]
    return set(parties.loc[(parties["role"] == "judge") & (parties["actor_id"] == UNNAMED_COURT), "case_id"])


def defendants(data) -> pd.DataFrame:
    """One row per (proceeding, defendant)."""
    parties = data["case_parties"]
    rows = parties[(parties["role"] == "defendant") & parties["case_id"].isin(proceedings(data)["case_id"])]
    return rows.drop_duplicates(["case_id", "actor_id"])[["case_id", "actor_id"]]


def procedural_order(events: pd.DataFrame) -> pd.DataFrame:
    """Events by date; steps with the same dates in court order (municipal, appeal, supreme)."""
    rank = events["court_level"].map(COURT_ORDER).fillna(0)
    return events.assign(_rank=rank).sort_values(["date_earliest", "date_latest", "_rank", "event_id"]).drop(columns="_rank")
