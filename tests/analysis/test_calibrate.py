"""Calibration: optuna's search over the declared ranges, scored against the record, reproducible and resumable.

The runs are coarse and short: 5,000 people per agent from 15 February to 15 April 2016, around the
closure of the route, where six recorded figures (stranded at Idomeni, in Greece, on the route) are
compared; about a quarter of a second per trial. Twelve trials, so the last two come from TPE itself
rather than from its random start-up (ten trials).
"""

import csv
import importlib.util
import json
import math
import shutil

import pytest

from analysis.calibration import dimension
from run import main as run_main
from runs.plan import declared_ranges
from scenarios.loader import load_scenario

KEYS = ["migrants.route_noise_days", "migrants.island_registration_days", "migrants.asylum_log_odds"]
TINY = ["--people-per-agent", "5000", "--replicates", "1", "--quiet"]
TINY += ["--set", "start_date=2016-02-15", "--set", "end_date=2016-04-15"]
TRIALS = 12


def calibrate(out, *extra) -> int:
    return run_main(["calibrate", "historical", "--parameters", *KEYS, *TINY, "--out", str(out), *extra])


def trials(out) -> list[dict]:
    with (out / "trials.csv").open(newline="") as f:
        return list(csv.DictReader(f))


def without_durations(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "duration_s"} for row in rows]


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """Twelve trials in this process."""
    out = tmp_path_factory.mktemp("calibration") / "serial"
    assert calibrate(out, "--trials", str(TRIALS), "--workers", "1") == 0
    return out


def test_the_calibrated_scenario_loads_and_holds_fitted_values_inside_the_declared_ranges(serial):
    best = json.loads((serial / "best.json").read_text())
    scenario = load_scenario(serial / "calibrated.yaml")
    ranges = declared_ranges()
    assert scenario.name == "calibrated"
    for key, value in best["parameters"].items():
        low, high, is_integer = ranges[key]
        written = scenario.parameters
        for part in key.split("."):
            written = getattr(written, part)
        assert written == value
        assert low <= value <= high
        assert isinstance(value, int) == is_integer
    header = (serial / "calibrated.yaml").read_text().split("extends:")[0]
    assert "before (historical as it is): mean relative error" in header
    assert f"Observations used ({len(best['observations'])}):" in header
    assert len(best["observations"]) > 0
    assert "post_closure.csv" in header


def test_every_trial_is_recorded_and_after_is_the_lowest_score_of_them(serial):
    rows = trials(serial)
    best = json.loads((serial / "best.json").read_text())
    assert [int(r["trial"]) for r in rows] == list(range(TRIALS))
    assert all(r["status"] == "ok" for r in rows)
    scores = [float(r["score"]) for r in rows]  # the metric plus the patterns' shortfall
    assert best["best_trial"] == scores.index(min(scores))
    assert best["after"]["mean_relative_error"] == float(rows[best["best_trial"]]["mean_relative_error"])
    assert math.isfinite(best["before"]["mean_relative_error"])
    assert best["after_rechecked"]["same_as_best_trial"]
    assert (serial / "history.png").stat().st_size > 0


def test_the_first_trial_is_the_scenario_as_it_is_so_the_fit_ends_no_worse(serial):
    first = trials(serial)[0]
    best = json.loads((serial / "best.json").read_text())
    current = load_scenario("historical").parameters
    for key in KEYS:
        value = current
        for part in key.split("."):
            value = getattr(value, part)
        assert float(first[key]) == pytest.approx(value)
    assert float(first["mean_relative_error"]) == pytest.approx(best["before"]["mean_relative_error"])
    assert best["after"]["mean_relative_error"] <= best["before"]["mean_relative_error"]


@pytest.mark.slow
def test_the_same_arguments_give_the_same_trials_whatever_the_number_of_workers(serial, tmp_path):
    assert calibrate(tmp_path, "--trials", str(TRIALS), "--workers", "2") == 0
    assert without_durations(trials(tmp_path)) == without_durations(trials(serial))


@pytest.mark.slow
def test_resume_runs_none_of_the_recorded_trials_and_ends_where_an_unbroken_search_ends(serial, tmp_path):
    assert calibrate(tmp_path, "--trials", "6", "--workers", "1") == 0
    first = trials(tmp_path)
    assert calibrate(tmp_path, "--trials", str(TRIALS), "--workers", "1", "--resume") == 0
    resumed = trials(tmp_path)
    assert resumed[:6] == first  # durations too: not run again
    assert without_durations(resumed) == without_durations(trials(serial))


def test_an_existing_calibration_is_kept_unless_resumed(serial, tmp_path, capsys):
    shutil.copytree(serial, tmp_path / "copy")
    assert calibrate(tmp_path / "copy", "--trials", "2", "--workers", "1") == 2
    assert "--resume" in capsys.readouterr().err


def test_a_trial_that_cannot_be_scored_is_recorded_as_failed_and_the_search_goes_on(tmp_path, capsys):
    # June-July 2015 has no observation of people present on a date: FLEE's measure is undefined
    early = ["--set", "start_date=2015-06-01", "--set", "end_date=2015-07-31", "--metric", "ard"]
    args = ["calibrate", "--parameters", KEYS[0], "--people-per-agent", "5000", "--replicates", "1", "--quiet"]
    assert run_main([*args, *early, "--trials", "2", "--workers", "1", "--out", str(tmp_path)]) == 1
    rows = trials(tmp_path)
    assert [r["status"] for r in rows] == ["failed", "failed"]
    assert "averaged_relative_difference undefined" in rows[1]["error"]
    assert "no trial could be scored" in capsys.readouterr().err


def test_an_unknown_parameter_is_refused_by_name(tmp_path, capsys):
    code = run_main(["calibrate", "--parameters", "migrants.route_noise_days", "migrants.no_such_thing",
                     "--out", str(tmp_path)])  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err
    assert "migrants.no_such_thing" in err and "migrants.route_noise_days" in err
    assert not (tmp_path / "trials.csv").exists()


@pytest.mark.parametrize("option", ["--trials", "--replicates"])
def test_fewer_than_one_trial_or_replicate_is_a_usage_error(option, capsys):
    with pytest.raises(SystemExit) as exit_:
        run_main(["calibrate", option, "0"])
    assert exit_.value.code == 2
    assert "expected a whole number from 1" in capsys.readouterr().err


def test_without_optuna_the_command_says_how_to_install_it(monkeypatch, capsys):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "optuna" else find_spec(name, *a))
    assert run_main(["calibrate", "--trials", "1"]) == 2
    assert 'pip install -e ".[calibrate]"' in capsys.readouterr().err


def test_the_search_grid_stays_inside_the_range_at_three_significant_digits():
    grid = dimension("migrants.route_noise_days", 0.1, 3.0, False)
    values = [grid.value(i) for i in range(grid.count)]
    assert values[0] == 0.1 and values[-1] == 3.0 and values[1] == 0.11
    assert all(grid.index(v) == i for i, v in enumerate(values))
    capacity = dimension("borders.defaults.capacity_per_day", 2000.0, 20000.0, False)
    assert capacity.value(1) == 2100.0 and capacity.count == 181


def test_fitting_until_a_date_uses_only_the_earlier_observations_and_scores_the_later_ones_held_out(tmp_path):
    out = tmp_path / "until"
    assert calibrate(out, "--trials", "4", "--workers", "1", "--fit-until", "2016-03-10") == 0
    best = json.loads((out / "best.json").read_text())
    fitted_ends = [o["period"].split("..")[-1] for o in best["observations"]]
    assert fitted_ends and all(end <= "2016-03-10" for end in fitted_ends)
    held = best["held_out"]
    assert held["compared"] > 0
    assert math.isfinite(held["after"]["mean_relative_error"])
    # the two sets split the six figures this window compares
    assert held["compared"] + len(best["observations"]) == 6


def test_the_combined_metric_is_the_sum_of_the_two(serial):
    for row in trials(serial):
        mre, ard, both = (
            float(row[k]) for k in ("mean_relative_error", "averaged_relative_difference", "mre_plus_ard")
        )
        assert both == pytest.approx(mre + ard)


def _values(row: dict) -> dict:
    return {k: float(row[k]) for k in KEYS}


def test_the_local_search_starts_at_the_scenario_moves_one_parameter_at_a_time_and_ends_no_worse(tmp_path):
    assert calibrate(tmp_path, "--method", "local", "--trials", "7", "--workers", "1") == 0
    rows = trials(tmp_path)
    assert [int(r["trial"]) for r in rows] == list(range(7))
    start = _values(rows[0])
    current = start
    for a, b in zip(rows[1::2], rows[2::2], strict=False):  # a round: one parameter a step up and a step down
        changed = [k for k in KEYS if _values(a)[k] != current[k]] + [k for k in KEYS if _values(b)[k] != current[k]]
        assert len(set(changed)) == 1 and len(changed) == 2, (current, a, b)
        better = min((r for r in (a, b)), key=lambda r: float(r["score"]))
        if float(better["score"]) < min(float(r["score"]) for r in rows[: int(a["trial"])]):
            current = _values(better)
    best = json.loads((tmp_path / "best.json").read_text())
    assert float(rows[best["best_trial"]]["score"]) <= float(rows[0]["score"])
    assert _values(rows[best["best_trial"]]) == current  # where the search stands is the best it found
