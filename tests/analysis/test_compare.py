"""Comparing scenarios: bands are the replicates' quantiles, differences are paired by seed, the
policy replay follows the scenario's events, and one command writes every figure and the report."""

import re

import numpy as np
import pandas as pd
import pytest

from analysis.bands import interval_table, paired_differences, quantile_band, weekly_by_run
from analysis.compare import MISSIONS, read_runs, summary_table
from analysis.policy_timeline import policy_by_day, prevailing_policy
from run import main as run_main
from runs import plan_runs, run_batch

TINY = {"people_per_agent": 1000, "start_date": "2016-01-20", "end_date": "2016-04-20"}
FIGURES = (
    "effects",
    "corridors",
    "stranded",
    "smuggling",
    "mission_visits",
    "mission_posture",
    "outcomes",
    "differences",
    "route_maps",
)


def test_band_is_the_replicates_5th_50th_and_95th_percentiles():
    # eleven runs at 0, 10, ..., 100 on the first date, and the same plus 1000 on the second
    runs = {f"r{i}": [10.0 * i, 10.0 * i + 1000] for i in range(11)}
    wide = pd.DataFrame(runs, index=pd.to_datetime(["2016-01-03", "2016-01-10"]))
    band = quantile_band(wide)
    assert band.loc["2016-01-03"].tolist() == pytest.approx([5.0, 50.0, 95.0])
    assert band.loc["2016-01-10"].tolist() == pytest.approx([1005.0, 1050.0, 1095.0])


def test_band_of_weekly_sums_uses_each_runs_own_week():
    # run k moves 100*k people a day at each of two borders: 1,400*k a week; runs k = 1..5
    dates = pd.date_range("2016-01-04", "2016-01-10")  # Monday to Sunday: one week
    rows = [
        {"date": d, "run_id": f"run{k}", "border": b, "crossings": 100 * k}
        for k in range(1, 6)
        for d in dates
        for b in ("A", "B")
    ]
    wide = weekly_by_run(pd.DataFrame(rows), "crossings")
    assert wide.loc["2016-01-10"].tolist() == [1400 * k for k in range(1, 6)]
    low, median, high = quantile_band(wide).loc["2016-01-10"]
    assert (low, median, high) == pytest.approx(np.quantile([1400 * k for k in range(1, 6)], [0.05, 0.5, 0.95]))
    assert median == 4200


def test_difference_from_baseline_pairs_runs_by_seed():
    index = pd.to_datetime(["2016-01-03", "2016-01-10"])
    baseline = pd.DataFrame({"b0": [100.0, 100.0], "b1": [500.0, 500.0]}, index=index)
    # the what-if adds 7 to seed 0 and 3 to seed 1; unpaired, levels would differ by -393..407
    what_if = pd.DataFrame({"w1": [503.0, 503.0], "w0": [107.0, 107.0], "w9": [0.0, 0.0]}, index=index)
    seeds = {"b0": 0, "b1": 1, "w0": 0, "w1": 1, "w9": 9}
    diff = paired_differences(what_if, baseline, seeds)
    assert sorted(diff.columns) == ["w0", "w1"]  # seed 9 has no baseline partner
    assert diff["w0"].tolist() == [7.0, 7.0] and diff["w1"].tolist() == [3.0, 3.0]


def test_summary_interval_is_the_mean_and_the_runs_5th_to_95th_percentile():
    values = np.arange(1, 21) * 1000.0  # twenty runs
    summary = pd.DataFrame({"group": "a", "peak_stranded": values, "lag": [None] * 20})
    table = interval_table(summary, "group", ["peak_stranded", "lag"])
    row = table.loc["a"]
    assert row[("peak_stranded", "mean")] == pytest.approx(values.mean())
    assert row[("peak_stranded", "low")] == pytest.approx(np.quantile(values, 0.05))
    assert row[("peak_stranded", "high")] == pytest.approx(np.quantile(values, 0.95))
    assert row[("lag", "n")] == 0 and np.isnan(row[("lag", "mean")])


def test_the_recorded_policies_follow_the_historical_events(historical_tables):
    policies = policy_by_day(historical_tables["borders"])
    assert policies.loc["2015-09-14", "Horgoš-Röszke"] == "open"
    assert policies.loc["2015-09-15", "Horgoš-Röszke"] == "closed"  # the fence, from its day
    assert policies.loc["2015-08-21", "Idomeni-Gevgelija"] == "closed"
    assert policies.loc["2015-08-23", "Idomeni-Gevgelija"] == "open"
    assert policies.loc["2015-11-19", "Idomeni-Gevgelija"] == "filter"
    assert policies.loc["2016-02-19", "Šentilj-Spielfeld"] == "cap"
    assert (policies.loc["2016-03-09":, "Idomeni-Gevgelija"] == "closed").all()
    assert (policies["Kapshticë"] == "closed").all()  # closed at the start, never opened
    autumn = prevailing_policy(historical_tables["borders"], "2015-09-15", "2015-11-30")
    assert autumn["Šid-Tovarnik"] == "open" and autumn["Horgoš-Röszke"] == "closed"


@pytest.fixture(scope="module")
def tiny_batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare") / "batch"
    run_batch(plan_runs(["historical", "no_closure"], replicates=3, seed=11, overrides=TINY), out, workers=1)
    return out


@pytest.mark.slow
def test_compare_writes_every_figure_and_a_self_contained_report(tiny_batch, tmp_path):
    out = tmp_path / "cmp"
    assert run_main(["compare", str(tiny_batch), "--out", str(out), "--baseline", "historical"]) == 0
    for name in FIGURES:
        assert (out / f"{name}.png").stat().st_size > 10_000, name
        assert (out / f"{name}.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml"), name
    page = (out / "report.html").read_text(encoding="utf-8")
    for scenario in ("historical", "no_closure"):
        assert scenario in page
    assert "id='summary-table'" in page
    assert page.index("<h2>Effects</h2>") < page.index("<h2>Scenarios</h2>")  # the report opens with them
    assert "no_closure lowers the peak of people stranded by" in page
    assert '"type": "FeatureCollection"' in (out / "route_flows.geojson").read_text(encoding="utf-8")
    effects = pd.read_csv(out / "effects.csv")
    assert set(effects.scenario) == {"no_closure"} and (effects.pairs == 3).any()
    chains = [f"chain_{m}" for m in MISSIONS]  # the six of the historical record, in both scenarios
    for name in chains:
        assert (out / f"{name}.png").stat().st_size > 10_000, name
        assert f"href='#{name}'" in page, name
    images = re.findall(r"<img [^>]*src='([^']*)'", page)
    assert len(images) == len(FIGURES) + len(chains)
    assert all(src.startswith("data:image/png;base64,") for src in images)
    assert "2016-03-09 border_policy" in page  # no_closure drops the closure: the report says so


def test_summary_table_matches_the_runs_and_the_csv(tiny_batch, tmp_path):
    cmp = read_runs([tiny_batch])
    table = summary_table(cmp)
    runs = cmp.summary[cmp.summary.group == "no_closure"]
    assert table.loc["no_closure", ("runs", "")] == 3
    assert table.loc["no_closure", ("peak_stranded", "mean")] == pytest.approx(runs.peak_stranded.mean())
    assert table.loc["no_closure", ("peak_stranded", "high")] == pytest.approx(runs.peak_stranded.quantile(0.95))
    # the closure strands people: on average over the seeds (at 1,000 people per agent one seed's peak
    # is a dozen agents, so a single pair can tie or swap)
    hist = cmp.summary[cmp.summary.group == "historical"].peak_stranded
    assert runs.peak_stranded.mean() < hist.mean()


def test_a_tie_between_policies_goes_to_the_more_restrictive():
    days = pd.date_range("2016-01-01", periods=4)
    borders = pd.DataFrame(
        {"date": days.repeat(2), "border": ["a", "b"] * 4, "policy": ["open", "cap", "closed", "cap"] * 2}
    )
    assert prevailing_policy(borders, "2016-01-01", "2016-01-04").to_dict() == {"a": "closed", "b": "cap"}
    assert prevailing_policy(borders, "2017-01-01", "2017-01-04").empty
