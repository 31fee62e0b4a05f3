"""Scenario discovery: PRIM finds the range of the one parameter that decides the outcome."""

import json

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("ema_workbench", reason="discover needs EMA Workbench: pip install -e '.[discover]'")

from analysis.discovery import DiscoveryError, discover  # noqa: E402


def _summary(n: int = 200, seed: int = 3) -> pd.DataFrame:
    """``n`` runs with three sampled parameters; peak_stranded passes 50,000 exactly when price > 600."""
    rng = np.random.default_rng(seed)
    price, lag, patience = rng.uniform(200, 1000, n), rng.uniform(0, 14, n), rng.uniform(1, 60, n)
    peak = np.where(price > 600, 60_000, 40_000) + rng.normal(0, 500, n)
    keys = ("migrants.smuggler_price_eur", "migrants.info_lag_mean_days", "migrants.queue_patience_days")
    points = [json.dumps(dict(zip(keys, values, strict=True))) for values in zip(price, lag, patience, strict=True)]
    return pd.DataFrame({"run_id": [f"r{i}" for i in range(n)], "point": points, "peak_stranded": peak, "seed": 0})


def test_prim_boxes_the_parameter_that_decides_the_outcome():
    found = discover(_summary(), "peak_stranded", above=50_000)
    row = found.trajectory.iloc[found.chosen]
    assert row["coverage"] >= 0.5 and row["density"] > 0.95  # nearly every run in the box passes
    assert "migrants.smuggler_price_eur" in found.box.index
    assert found.box.loc["migrants.smuggler_price_eur", "min"] == pytest.approx(600, abs=40)
    assert found.scores.index[0] == "migrants.smuggler_price_eur"


def test_discovery_says_what_it_needs():
    summary = _summary()
    with pytest.raises(DiscoveryError, match="--sample lhs"):
        discover(summary.assign(point=""), "peak_stranded", above=50_000)
    with pytest.raises(DiscoveryError, match="numeric outcomes"):
        discover(summary, "peak_strandd", above=50_000)
    with pytest.raises(DiscoveryError, match="some runs on each side"):
        discover(summary, "peak_stranded", above=1e9)
