"""Effects: each scenario minus the baseline on the same seed, with a t interval over the pairs."""

import numpy as np
import pandas as pd
import pytest

from analysis.compare import read_runs
from analysis.effects import EFFECT_COLUMNS, effects, paired_effect, sentence
from runs import plan_runs, run_batch

TINY = {"people_per_agent": 1000, "start_date": "2016-01-20", "end_date": "2016-04-20"}


def test_paired_effect_is_the_mean_difference_with_a_t_interval():
    # differences 1..5: mean 3, standard deviation sqrt(2.5), t(0.95, 4 degrees of freedom) = 2.1318
    mean, low, high = paired_effect(np.array([1.0, 2, 3, 4, 5]))
    half = 2.131847 * np.sqrt(2.5) / np.sqrt(5)
    assert mean == 3.0 and low == pytest.approx(3 - half, abs=1e-5) and high == pytest.approx(3 + half, abs=1e-5)
    assert paired_effect(np.array([4.0, 4.0, 4.0])) == (4.0, 4.0, 4.0)  # the same on every pair: no spread
    one = paired_effect(np.array([2.0]))
    assert one[0] == 2.0 and np.isnan(one[1]) and np.isnan(one[2])


def test_a_sentence_says_the_direction_the_size_and_the_interval():
    row = pd.Series(
        {
            "scenario": "sealed_route",
            "label": "victims identified",
            "unit": "people",
            "effect": -120.0,
            "low": -210.0,
            "high": -40.0,
            "pairs": 10,
        }  # fmt: skip
    )
    assert sentence(row) == "sealed_route lowers victims identified by 120 (90 % interval 40–210, 10 seed pairs)"
    share = row.copy()
    share[["unit", "label", "effect", "low", "high"]] = ["share", "the share smuggled", 0.05, 0.01, 0.09]
    assert sentence(share) == (
        "sealed_route raises the share smuggled by 5 percentage points (90 % interval 1–9, 10 seed pairs)"
    )


@pytest.fixture(scope="module")
def tiny_batch(tmp_path_factory):
    out = tmp_path_factory.mktemp("effects") / "batch"
    run_batch(plan_runs(["historical", "no_closure"], replicates=3, seed=11, overrides=TINY), out, workers=1)
    return out


def test_effects_pair_each_run_with_the_baselines_run_on_its_seed(tiny_batch):
    cmp = read_runs([tiny_batch])
    table = effects(cmp)
    assert list(table.columns) == list(EFFECT_COLUMNS) and set(table.scenario) == {"no_closure"}
    arrivals = cmp.summary.set_index(["group", "seed"]).arrivals_at_destinations
    by_hand = [arrivals[("no_closure", seed)] - arrivals[("historical", seed)] for seed in (11, 12, 13)]
    row = table.set_index("outcome").loc["arrivals_at_destinations"]
    expected = paired_effect(np.array(by_hand, float))
    assert row.pairs == 3 and (row.effect, row.low, row.high) == pytest.approx(expected)
    assert row.excludes_zero == (row.low > 0 or row.high < 0)
    # closing the route strands people: keeping it open lowers the peak stranded on every seed pair
    assert table.set_index("outcome").loc["peak_stranded", "effect"] < 0


def test_counts_of_few_agents_are_marked_coarse(tiny_batch):
    table = effects(read_runs([tiny_batch])).set_index("outcome")
    # at 1,000 people per agent the victims identified are a handful of agents; arrivals are hundreds
    assert table.loc["victims_identified", "coarse"] and not table.loc["arrivals_at_destinations", "coarse"]
    assert not table.loc["smuggled_share", "coarse"]  # a share is no count


def test_the_flows_geojson_holds_each_border_point_scenario_and_period(tiny_batch):
    from analysis.flows_geojson import flows_geojson
    from analysis.maps import Period, border_flow_per_day
    from model.graph import RouteGraph

    cmp = read_runs([tiny_batch])
    groups = {g: cmp.tables["borders"][cmp.tables["borders"].run_id.isin(cmp.runs_of[g])] for g in cmp.groups}
    period = Period("winter", "2016-01-20", "2016-03-08")
    collection = flows_geojson(groups, (period,))
    graph = RouteGraph()
    assert len(collection["features"]) == 2 * len(graph.borders)
    flow = border_flow_per_day(groups["historical"], period)
    for f in collection["features"]:
        p = f["properties"]
        if p["scenario"] == "historical":
            assert p["people_per_day"] == round(float(flow.get(p["border"], 0.0)), 2)
        start = f["geometry"]["coordinates"][0]
        assert start == [float(graph.lon[graph.index[p["from"]]]), float(graph.lat[graph.index[p["from"]]])]
    assert any(f["properties"]["people_per_day"] > 0 for f in collection["features"])
