"""The ABC posterior: weighted quantiles, and the command end to end on a tiny run."""

import json

import numpy as np
import pandas as pd
import pytest

from analysis.calibration_abc import weighted_quantiles
from run import main as run_main


def test_weighted_quantiles_follow_the_weights():
    values = np.array([1.0, 2.0, 3.0, 4.0])
    assert weighted_quantiles(values, np.ones(4), (0.25, 0.5, 0.75)) == [1.0, 2.0, 3.0]
    # nearly all the weight on 4: every quantile sits at it
    assert weighted_quantiles(values, np.array([1e-9, 1e-9, 1e-9, 1.0]), (0.05, 0.95)) == pytest.approx([4.0, 4.0])


@pytest.mark.slow
def test_calibrate_abc_writes_a_posterior_inside_the_prior(tmp_path):
    pytest.importorskip("pyabc", reason="calibrate --method abc needs pyabc: pip install -e '.[abc]'")
    out = tmp_path / "abc"
    code = run_main([
        "calibrate", "--method", "abc", "--population", "4", "--generations", "2", "--replicates", "1",
        "--people-per-agent", "1000", "--set", "end_date=2016-03-31", "--workers", "1",
        "--parameters", "migrants.asylum_log_odds", "migrants.smuggler_price_eur", "--out", str(out),
    ])  # fmt: skip
    assert code == 0
    particles = pd.read_csv(out / "posterior.csv")
    assert len(particles) == 4 and particles.weight.sum() == pytest.approx(1.0)
    intervals = pd.read_csv(out / "credible_intervals.csv", index_col="parameter")
    for key, row in intervals.iterrows():
        assert row.prior_low <= row.q05 <= row["median"] <= row.q95 <= row.prior_high, key
        assert particles[key].between(row.prior_low, row.prior_high).all()
    summary = json.loads((out / "abc.json").read_text(encoding="utf-8"))
    assert summary["populations"] == 2 and summary["simulations"] >= 8
    assert summary["epsilons"][1] <= summary["epsilons"][0]  # the threshold tightens
    assert summary["transition"].startswith("pyabc.LocalTransition")  # the default: no lone particle takes the weight
    assert (out / "pairs.png").stat().st_size > 10_000
    assert len(summary["effective_sample_size_by_population"]) == 2
    first = pd.read_csv(out / "populations" / "posterior_t0.csv")
    assert len(first) == 4 and list(first.columns) == list(particles.columns)
