"""The same scenario and seed give identical tables; another seed gives different ones."""

import pandas as pd

from model.model import RouteModel
from runs.runner import tables
from scenarios.loader import load_scenario

SHORT = {"people_per_agent": 200, "start_date": "2015-09-01", "end_date": "2015-11-30"}


def _run(seed):
    scenario = load_scenario("historical", SHORT)
    return tables(RouteModel(scenario, seed=seed).run())


def test_same_seed_gives_identical_tables():
    first, second = _run(7), _run(7)
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_different_seed_gives_different_tables():
    first, other = _run(7), _run(8)
    assert not first["borders"].equals(other["borders"])
