"""Each border point's policy on each day of a run, replayed from the scenario it ran.

The recorded tables hold flows, not policies, but every run folder keeps its ``scenario.json``:
the parameters (``borders.closed_at_start``) and the dated ``border_policy`` events. Replaying them
in the model's order (a border starts closed if listed, open otherwise; on each day the events
dated that day apply in the order the scenario lists them, before anyone moves) gives the policy
the border points applied, without rerunning the model.
"""

import pandas as pd

from model.graph_data import read_edges

POLICIES = ("open", "cap", "filter", "closed")  # from least to most restrictive


def border_order() -> list[str]:
    """Border point names in the order of ``model/data/edges.csv`` (the model's order)."""
    return [row["border"] for row in read_edges() if row["border"]]


def policy_by_day(scenario: dict) -> pd.DataFrame:
    """Policy (one of :data:`POLICIES`) of every border point (columns) on every day (rows) of the
    period of ``scenario`` (the dict of a run's ``scenario.json``)."""
    params = scenario["parameters"]
    dates = pd.date_range(params["start_date"], params["end_date"], freq="D")
    closed = set(params["borders"]["closed_at_start"])
    current = {b: ("closed" if b in closed else "open") for b in border_order()}
    changes: dict[pd.Timestamp, list[dict]] = {}
    for event in scenario.get("events", []):
        if event.get("type") == "border_policy":
            changes.setdefault(pd.Timestamp(event["date"]), []).append(event)
    rows = []
    for day in dates:
        for event in changes.get(day, []):
            borders = event["borders"] if isinstance(event["borders"], list) else [event["borders"]]
            for border in borders:
                current[border] = event["policy"]
        rows.append(dict(current))
    return pd.DataFrame(rows, index=pd.DatetimeIndex(dates, name="date"))


def prevailing_policy(policies: pd.DataFrame, start, end) -> pd.Series:
    """Each border's policy on most days from ``start`` to ``end`` (inclusive); on a tie, the more
    restrictive one. Empty if the run has no day in that period."""
    window = policies.loc[pd.Timestamp(start) : pd.Timestamp(end)]
    if window.empty:
        return pd.Series(dtype=object)
    rank = {p: i for i, p in enumerate(POLICIES)}

    def most_days(column: pd.Series) -> str:
        counts = column.value_counts()
        best = counts[counts == counts.max()].index
        return max(best, key=rank.__getitem__)

    return window.apply(most_days)
