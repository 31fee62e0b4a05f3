"""Posterior-predictive batches: draws in proportion to the weights, the same draws and seeds in every
scenario, effects and bands that carry parameter uncertainty and say so."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.compare import read_runs
from analysis.effects import SEEDS_ONLY, WITH_PARAMETERS, effects, posterior_effect, sentence
from analysis.uncertainty_figure import seed_only_band
from runs import plan_runs, run_batch
from runs.posterior import DRAWS_FILE, draw, draws_table, read_posterior
from scenarios.loader import ScenarioError

ROOT = Path(__file__).parents[2]
TINY = {"people_per_agent": 1000, "start_date": "2016-01-20", "end_date": "2016-04-20"}
KEY = "migrants.smuggle_log_odds"  # declared range -7 to -1


def _posterior(path: Path, values, weights, extra: dict | None = None) -> Path:
    frame = pd.DataFrame({KEY: values, **(extra or {}), "weight": weights})
    frame.to_csv(path, index_label="particle")
    return path


def test_draws_follow_the_weights_and_repeat_with_the_seed(tmp_path):
    path = _posterior(tmp_path / "p.csv", [-2.0, -4.0, -6.0], [0.0, 3.0, 1.0])
    draws = draw(path, 400, seed=7)
    particles = [d.particle for d in draws]
    assert 0 not in particles  # weight zero: never drawn
    assert 0.68 < particles.count(1) / 400 < 0.82  # weight 3 of 4 (binomial sd 0.022)
    assert [d.values for d in draw(path, 400, seed=7)] == [d.values for d in draws]
    assert [d.values[KEY] for d in draws[:3]] == [-4.0 if p == 1 else -6.0 for p in particles[:3]]
    assert [d.index for d in draws] == list(range(400))


def test_an_integer_parameter_is_drawn_as_a_whole_number(tmp_path):
    path = tmp_path / "p.csv"
    pd.DataFrame({"migrants.smuggle_package_borders": [2.6], "weight": [1.0]}).to_csv(path, index=False)
    assert draw(path, 1, 0)[0].values == {"migrants.smuggle_package_borders": 3}


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (pd.DataFrame({KEY: [-2.0]}), "no 'weight' column"),
        (pd.DataFrame({"migrants.no_such": [1.0], "weight": [1.0]}), "'migrants.no_such' is not a parameter"),
        (
            pd.DataFrame({KEY: [-2.0, 3.0], "weight": [1.0, 1.0]}),
            "row 3, migrants.smuggle_log_odds = 3.0: expected",
        ),
        (
            pd.DataFrame({KEY: [-2.0, "x"], "weight": [1.0, 1.0]}),
            "row 3, migrants.smuggle_log_odds = x: expected",
        ),
        (pd.DataFrame({KEY: [-2.0], "weight": [-1.0]}), "column 'weight': expected non-negative"),
        (pd.DataFrame({KEY: [-2.0], "weight": [0.0]}), "not all zero"),
    ],
)
def test_a_bad_posterior_file_is_named_with_the_key_and_what_was_expected(tmp_path, frame, expected):
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(ScenarioError, match=str(path)) as info:
        read_posterior(path)
    assert expected in str(info.value)
    with pytest.raises(ScenarioError, match="no such file"):
        read_posterior(tmp_path / "missing.csv")


def test_every_scenario_runs_the_same_draws_each_on_its_own_seeds(tmp_path):
    draws = draw(_posterior(tmp_path / "p.csv", [-2.0, -6.0], [1.0, 1.0]), 3, seed=1)
    runs = plan_runs(["historical", "no_closure"], replicates=2, seed=10, overrides=TINY, draws=draws)
    assert len(runs) == 12 and len({r.run_id for r in runs}) == 12
    for scenario in ("historical", "no_closure"):
        mine = [r for r in runs if r.scenario == scenario]
        assert [(r.draw, r.seed) for r in mine] == [(0, 10), (0, 11), (1, 12), (1, 13), (2, 14), (2, 15)]
        assert [r.overrides["migrants"]["smuggle_log_odds"] for r in mine[::2]] == [d.values[KEY] for d in draws]
        assert all(r.overrides["people_per_agent"] == 1000 and r.point == {} for r in mine)


def test_a_parameter_the_scenario_sets_itself_keeps_its_value_and_the_batch_says_so(tmp_path):
    path = _posterior(tmp_path / "p.csv", [-2.0], [1.0], {"migrants.queue_patience_days": [40.0]})
    notes = []
    runs = plan_runs(["historical_2018"], overrides=TINY, draws=draw(path, 1, 0), notes=notes)
    assert runs[0].overrides["migrants"] == {"smuggle_log_odds": -2.0}  # queue_patience_days: the scenario's
    assert notes == ["historical_2018 sets migrants.queue_patience_days itself: its draws keep the scenario's value"]


def test_a_drawn_parameter_cannot_also_be_set_or_sampled(tmp_path):
    draws = draw(_posterior(tmp_path / "p.csv", [-2.0], [1.0]), 2, 0)
    with pytest.raises(ScenarioError, match=f"{KEY}: set by --set or --sweep and drawn"):
        plan_runs(["historical"], overrides={"migrants": {"smuggle_log_odds": -3.0}}, draws=draws)
    with pytest.raises(ScenarioError, match="--posterior and --sample"):
        plan_runs(["historical"], sample="lhs:2", draws=draws)


def test_posterior_effect_is_the_mean_of_the_draws_with_the_range_of_their_means():
    # draw 0: differences 1 and 3 (mean 2); draw 1: 9 and 11 (mean 10): pooled spread within draws sd sqrt(2)
    effect, low, high, seed_low, seed_high, k = posterior_effect(np.array([1.0, 3, 9, 11]), np.array([0, 0, 1, 1]))
    assert (effect, k) == (6.0, 2)
    assert (low, high) == pytest.approx((2 + 0.05 * 8, 2 + 0.95 * 8))  # numpy's linear quantiles of 2 and 10
    half = 2.919986 * np.sqrt(2) / np.sqrt(2)  # t(0.95, 2 dof) x sd / sqrt(seeds a draw)
    assert (seed_low, seed_high) == pytest.approx((6 - half, 6 + half), abs=1e-5)


def test_the_seed_only_band_is_the_spread_within_draws_around_the_mean_of_draws():
    wide = pd.DataFrame({"a": [0.0, 10], "b": [2.0, 10], "c": [10.0, 20], "d": [12.0, 20]})
    band = seed_only_band(wide, {"a": 0, "b": 0, "c": 1, "d": 1})
    # row 0: draw means 1 and 11, centre 6; departures -1, 1, -1, 1 widened by sqrt(2): 5-95 % = -/+1.414 x 0.9...
    assert band["median"].tolist() == [6.0, 15.0]
    assert band.low[0] == pytest.approx(6 - np.sqrt(2)) and band.high[0] == pytest.approx(6 + np.sqrt(2))
    assert band.low[1] == band.high[1] == 15.0  # no spread within a draw: the seeds alone give none


@pytest.fixture(scope="module")
def posterior_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("posterior")
    path = _posterior(folder / "posterior.csv", [-1.5, -6.5], [1.0, 1.0])
    draws = draw(path, 2, seed=6)
    assert {d.particle for d in draws} == {0, 1}  # both particles, so the draws differ
    out = folder / "batch"
    runs = plan_runs(["historical", "no_closure"], replicates=2, seed=3, overrides=TINY, draws=draws)
    run_batch(runs, out, workers=1, tables={DRAWS_FILE: draws_table(draws, seed=3, replicates=2)})
    return out


def test_effects_of_a_posterior_batch_say_they_hold_parameter_uncertainty(posterior_batch):
    cmp = read_runs([posterior_batch])
    assert cmp.draws("historical") == 2 and "parameter uncertainty" in cmp.band_contents()
    table = effects(cmp).set_index("outcome")
    assert set(table.contains) == {WITH_PARAMETERS}
    # an outcome paired in all four seeds spans both draws; one defined in some runs only (a mission's
    # response lag where the flow reached it) counts the draws it was seen in
    assert set(table.draws[table.pairs == 4]) == {2} and table.draws[table.pairs > 0].between(1, 2).all()
    assert (table.pairs == 4).sum() > 10
    arrivals = cmp.summary.set_index(["group", "seed"]).arrivals_at_destinations
    differences = [arrivals[("no_closure", s)] - arrivals[("historical", s)] for s in (3, 4, 5, 6)]
    draws_of_seed = [
        cmp.draw_of[cmp.summary.set_index(["group", "seed"]).run_id[("historical", s)]] for s in range(3, 7)
    ]
    expected = posterior_effect(np.array(differences, float), np.array(draws_of_seed))
    row = table.loc["arrivals_at_destinations"]
    assert (row.effect, row.low, row.high, row.seed_low, row.seed_high) == pytest.approx(expected[:5])
    assert "posterior interval" in sentence(row) and "seeds alone" in sentence(row)


def test_effects_of_a_batch_at_fixed_parameters_say_they_hold_seed_noise_only(tmp_path):
    out = tmp_path / "batch"
    run_batch(plan_runs(["historical", "no_closure"], replicates=2, seed=3, overrides=TINY), out, workers=1)
    cmp = read_runs([out])
    table = effects(cmp)
    assert cmp.draws("historical") == 0 and set(table.contains) == {SEEDS_ONLY} and set(table.draws) == {0}
    assert "seeds' noise" in cmp.band_contents()


@pytest.mark.slow
def test_the_command_writes_the_draws_and_the_manifest_names_each_runs_draw(tmp_path):
    path = _posterior(tmp_path / "p.csv", [-2.0, -6.0], [1.0, 1.0])
    out = tmp_path / "batch"
    args = ["historical", "--posterior", str(path), "--draws", "2", "--replicates", "1", "--seed", "4"]
    args += ["--people-per-agent", "1000", "--set", "end_date=2015-07-15", "--out", str(out), "--quiet"]
    done = subprocess.run([sys.executable, "run.py", "batch", *args], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "2 draws of 1 parameters" in done.stdout
    table = pd.read_csv(out / DRAWS_FILE)
    assert table.draw.tolist() == [0, 1] and table.seeds.tolist() == ["4-4", "5-5"]
    manifest = pd.read_csv(out / "manifest.csv")
    assert manifest.draw.tolist() == [0, 1] and manifest.seed.tolist() == [4, 5]
    again = subprocess.run([sys.executable, "run.py", "batch", *args, "--resume"], cwd=ROOT, capture_output=True,
                           text=True)  # fmt: skip
    assert again.returncode == 0 and "2 ok" in again.stdout
    alone = subprocess.run([sys.executable, "run.py", "batch", "historical", "--draws", "2"], cwd=ROOT,
                           capture_output=True, text=True)  # fmt: skip
    assert alone.returncode == 2 and "--draws needs --posterior" in alone.stderr


def test_each_run_of_a_posterior_batch_carries_its_drawn_values_for_discovery(posterior_batch):
    import json

    from analysis import load

    summary = load(posterior_batch)["summary"]
    drawn = pd.read_csv(posterior_batch / DRAWS_FILE).set_index("draw")[KEY]
    for row in summary.itertuples():
        assert json.loads(row.draw_point) == {KEY: drawn[row.draw]}
