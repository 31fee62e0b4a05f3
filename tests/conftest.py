"""Shared fixtures: coarse historical runs, made once per test session (a few seconds each)."""

import pytest

from model.model import RouteModel
from scenarios.loader import load_scenario

COARSE = 100  # people per agent: about 10,000 agents for the whole historical period


@pytest.fixture(scope="session")
def historical_run():
    """The historical scenario at 100 people per agent, seed 42, run to the end."""
    return RouteModel(load_scenario("historical", {"people_per_agent": COARSE}), seed=42).run()


@pytest.fixture(scope="session")
def historical_tables(historical_run):
    rec = historical_run.recorder
    return {
        "borders": rec.borders_table(),
        "countries": rec.countries_table(),
        "missions": rec.missions_table(),
        "visits": rec.visits_table(),
    }
