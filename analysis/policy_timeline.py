"""Each border point's policy on each day, as the runs recorded it (the ``policy`` column of the
borders table: one of :data:`model.enums.POLICY_NAMES`, from the least to the most restrictive)."""

import pandas as pd

from model.enums import POLICY_NAMES

POLICIES = POLICY_NAMES


def policy_by_day(borders: pd.DataFrame) -> pd.DataFrame:
    """Policy of every border point (columns) on every day (rows) of one run's borders table."""
    if "run_id" in borders and borders.run_id.nunique() > 1:
        raise ValueError("policy_by_day: the table holds several runs; pass one run's rows")
    wide = borders.pivot(index="date", columns="border", values="policy")
    wide.index = pd.DatetimeIndex(wide.index, name="date")
    return wide.astype(object)


def prevailing_policy(borders: pd.DataFrame, start, end) -> pd.Series:
    """Each border's policy on most days (and runs) from ``start`` to ``end`` (inclusive); on a tie,
    the more restrictive one. Empty if the runs have no day in that period."""
    dates = pd.to_datetime(borders.date)
    window = borders[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))]
    if window.empty:
        return pd.Series(dtype=object)
    counts = window.groupby(["border", window.policy.astype(str)], observed=True).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[p for p in POLICIES if p in counts.columns])
    most = counts.to_numpy() == counts.max(axis=1).to_numpy()[:, None]
    last = most.shape[1] - 1 - most[:, ::-1].argmax(axis=1)  # the most restrictive of the tied ones
    return pd.Series(counts.columns.to_numpy()[last], index=counts.index, name="policy")
