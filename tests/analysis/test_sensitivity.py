"""Sensitivity analysis: SALib over the declared ranges, run as a resumable batch, finds the
parameter that drives an outcome and reports indices that are shares of variance."""

import json

import pandas as pd
import pytest

from analysis.sensitivity import problem, row_points, sample
from run import main as run_main
from runs.plan import declared_ranges
from scenarios.loader import ScenarioError

# Around the closure of 9 March 2016, so people are stranded; 128 runs of about 0.5 s each (the warm-up
# from January 2015 included). With 16 base samples Saltelli's first-order estimate was too rough: under
# the thirteenth round's defaults seed 1 gave S1 = 1.88 +- 0.52 for the driver, outside [0, 1] even with
# its interval; with 32 it stays within and still singles out the driver.
TINY = ["--people-per-agent", "1000", "--set", "start_date=2016-02-20", "--set", "end_date=2016-04-10"]
DOMINANT = "migrants.asylum_log_odds_per_week"  # stranded people claim asylum sooner: the peak falls
IRRELEVANT = "missions.spot_report_risk"  # a spot report goes to Vienna and changes nothing on the ground


def test_samples_stay_inside_the_declared_ranges_and_integers_stay_integers():
    prob = problem(["missions.training_delay_days", "migrants.smuggler_price_eur"])
    points = row_points(prob, sample(prob, "sobol", 8, seed=3))
    ranges = declared_ranges()
    assert len(points) == 8 * (2 + 2)
    for point in points:
        for key, value in point.items():
            assert ranges[key][0] <= value <= ranges[key][1]
        assert isinstance(point["missions.training_delay_days"], int)


def test_a_parameter_without_a_declared_range_is_refused_by_name():
    with pytest.raises(ScenarioError, match="migrants.max_hops_per_day"):
        problem(["migrants.max_hops_per_day", "migrants.smuggler_price_eur"])


@pytest.mark.slow
def test_sobol_first_order_indices_single_out_the_parameter_that_drives_stranding(tmp_path):
    out = tmp_path / "sobol"
    args = [
        "sensitivity",
        "historical",
        "--method",
        "sobol",
        "--n",
        "32",
        "--seed",
        "1",
        "--outputs",
        "peak_stranded",
        "--parameters",
        f"{DOMINANT},{IRRELEVANT}",
        "--workers",
        "1",
        "--noise-seeds",
        "3",
        "--quiet",
        "--out",
        str(out),
    ]
    assert run_main([*args, *TINY]) == 0
    indices = pd.read_csv(out / "indices.csv")
    s1 = indices[indices["index"] == "S1"].set_index("parameter")
    dominant, irrelevant = s1.loc[DOMINANT], s1.loc[IRRELEVANT]
    assert dominant.value - dominant.conf > irrelevant.value + irrelevant.conf
    for row in indices.itertuples():  # shares of variance, within [0, 1] up to their 95 % intervals
        assert row.value - row.conf <= 1 + 1e-9 and row.value + row.conf >= -1e-9, row
    assert (out / "indices.png").exists() and (out / "indices.svg").exists()
    # a sensitivity folder is a batch folder: every sample row's run is on disk and in the manifest
    manifest = pd.read_csv(out / "manifest.csv")
    samples = pd.read_csv(out / "samples.csv")
    assert len(samples) == 32 * (2 + 2) and (manifest.status == "ok").all()
    sampled = {i for ids in samples.run_ids for i in json.loads(ids)}
    assert sampled <= set(manifest.run_id) and len(manifest) == len(sampled) + 3  # and the three seeds' runs
    noise = pd.read_csv(out / "noise.csv", index_col="output")
    assert noise.loc["peak_stranded", "seeds"] == 3 and noise.loc["peak_stranded", "seed_sd"] > 0


def test_morris_runs_each_distinct_point_once_ranks_the_driver_first_and_resumes(tmp_path):
    out = tmp_path / "morris"
    args = [
        "sensitivity",
        "historical",
        "--method",
        "morris",
        "--n",
        "3",
        "--outputs",
        "peak_stranded",
        "--parameters",
        f"{DOMINANT},{IRRELEVANT}",
        "--workers",
        "1",
        "--noise-seeds",
        "3",
        "--quiet",
        "--out",
        str(out),
    ]
    assert run_main([*args, *TINY]) == 0
    samples = pd.read_csv(out / "samples.csv")
    manifest = pd.read_csv(out / "manifest.csv")
    assert len(samples) == 3 * 3 and len(manifest) == samples.run_ids.nunique() + 3  # and the three seeds' runs
    mu = pd.read_csv(out / "indices.csv").query("index == 'mu_star'").set_index("parameter").value
    assert mu[DOMINANT] > 0 and mu[IRRELEVANT] == 0
    # the folder is a batch: rerun with --resume, nothing is run again and the indices are the same
    before = {p.name: p.stat().st_mtime_ns for p in (out / "runs").iterdir()}
    indices = pd.read_csv(out / "indices.csv")
    assert run_main([*args, *TINY, "--resume"]) == 0
    assert {p.name: p.stat().st_mtime_ns for p in (out / "runs").iterdir()} == before
    pd.testing.assert_frame_equal(pd.read_csv(out / "indices.csv"), indices)


def test_error_bars_stop_where_an_index_cannot_go_and_the_seed_floor_is_in_the_outputs_units():
    import numpy as np

    from analysis.sensitivity_plot import MORRIS_STEP, _clipped, noise_floor

    bars = _clipped(pd.Series([0.1, 0.9]), pd.Series([0.3, 0.3]), 0.0, 1.0)
    assert np.allclose(bars, [[0.1, 0.3], [0.3, 0.1]])  # a share stays in [0, 1]
    assert _clipped(pd.Series([2.0]), pd.Series([5.0]), 0.0, None).tolist() == [[2.0], [5.0]]  # mu* >= 0
    noise = pd.DataFrame({"seed_sd": [10.0]}, index=["peak_stranded"])
    values = pd.DataFrame({"peak_stranded": [0.0, 20.0, 40.0]})  # variance 400
    # E|X - Y| for two seeds' draws, over SALib's step of 2/3 of the range
    assert noise_floor("morris", "peak_stranded", values, noise) == pytest.approx(2 * 10 / np.sqrt(np.pi) / MORRIS_STEP)
    assert noise_floor("sobol", "peak_stranded", values, noise) == pytest.approx(100 / 400)
