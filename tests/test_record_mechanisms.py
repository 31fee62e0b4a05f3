"""The mechanisms validation pointed to: island backlog, the joint statement's capacity, Turkey's
land route after the EU-Turkey statement, claimants moving on, and partial registration in 2015."""

import numpy as np
import pandas as pd
import pytest

from model.enums import Status
from model.graph import COUNTRIES
from model.parameters import deep_merge, dotted_to_nested
from scenarios.loader import load_scenario
from scenarios.runner import simulate, tables


def _run(start: str, end: str, ppa: int = 50, seed: int = 3, **params):
    """The historical scenario over a short period; ``migrants__x=1`` sets ``migrants.x``."""
    overrides = {"start_date": start, "end_date": end, "people_per_agent": ppa}
    for key, value in params.items():
        overrides = deep_merge(overrides, dotted_to_nested(key.replace("__", "."), value))
    return simulate(load_scenario("historical", overrides), seed)


def _series(frame: pd.DataFrame, key: str, value: str, column: str) -> pd.Series:
    return frame[frame[key] == value].set_index("date")[column]


def test_the_islands_release_no_more_people_a_day_than_they_can_process():
    fixed = {"migrants__island_processing_growth_per_month": 0.0}
    model = _run("2015-09-01", "2015-10-31", migrants__island_processing_per_day=2000.0, **fixed)
    crossings = _series(tables(model)["borders"], "border", "Idomeni-Gevgelija", "crossings")
    weekly = crossings.rolling(7).mean().dropna()
    # October's arrivals (about 6,800 a day) exceed the islands' 2,000, so the queue sets the pace
    assert weekly["2015-10-01":].max() <= 2000 * 1.05
    assert weekly["2015-10-01":].min() >= 2000 * 0.8
    unlimited = _run("2015-09-01", "2015-10-31", migrants__island_processing_per_day=20000.0, **fixed)
    free = _series(tables(unlimited)["borders"], "border", "Idomeni-Gevgelija", "crossings")
    assert free["2015-10-01":].mean() > 1.5 * crossings["2015-10-01":].mean()


def test_the_joint_statement_limits_what_the_route_borders_process():
    model = _run("2016-02-01", "2016-03-05", borders__joint_statement_capacity_per_day=300.0)
    borders = tables(model)["borders"]
    gevgelija = _series(borders, "border", "Idomeni-Gevgelija", "crossings")
    assert gevgelija[:"2016-02-17"].mean() > 1000  # before: the flow of the winter
    assert gevgelija["2016-02-18":].max() <= 300 + 50  # after: the capacity, up to one agent's rounding
    queue = _series(borders, "border", "Idomeni-Gevgelija", "queue")
    assert queue["2016-03-04"] > 10 * max(queue["2016-02-10"], 1)


@pytest.mark.parametrize("factor", [0.25, 1.5])
def test_land_arrivals_change_by_the_turkey_factor_from_the_eu_turkey_statement(factor):
    model = _run("2016-03-01", "2016-04-30", ppa=1, turkey_land_route_factor=factor)
    rate = model.params.bulgaria_land_arrivals_per_day
    land = model.land_agents
    statement = model.day_of(pd.Timestamp("2016-03-20").date())
    assert land[:statement].mean() == pytest.approx(rate, abs=1)
    assert land[statement:].mean() == pytest.approx(rate * factor, abs=1)


def _claimants_in(model, country: str) -> int:
    m = model.migrants
    idx = m.active[m.status[m.active] == Status.ASYLUM]
    return int((model.graph.country_idx[m.node[idx]] == COUNTRIES.index(country)).sum())


def test_claimants_in_transit_countries_move_on_and_those_in_greece_stay():
    staying = _run("2016-01-15", "2016-06-30", migrants__asylum_move_on_per_day=0.0)
    moving = _run("2016-01-15", "2016-06-30", migrants__asylum_move_on_per_day=0.2)
    claims = {
        name: tables(model)["countries"].groupby("country").asylum_claims.sum()
        for name, model in (("staying", staying), ("moving", moving))
    }
    assert claims["staying"]["MK"] > 0
    # without moving on every claim made in North Macedonia is still there; with it, few are
    assert _claimants_in(staying, "MK") * staying.params.people_per_agent == claims["staying"]["MK"]
    assert _claimants_in(moving, "MK") * moving.params.people_per_agent < 0.3 * claims["moving"]["MK"]
    # Greece is a country where claims are pursued: its claimants leave the active set, settled
    greece = COUNTRIES.index("GR")
    assert moving.settled_by_country[greece] > 0


def test_only_part_of_the_regular_entries_were_registered_before_full_registration():
    model = _run("2015-08-01", "2015-10-31", ppa=10, registration_share_early=0.5)
    c = tables(model)["countries"]
    mk = c[c.country == "MK"].set_index("date")
    regular = mk.entered - mk.smuggled_entries
    early, late = mk.index < "2015-10-01", mk.index >= "2015-10-01"
    share = mk.registered[early].sum() / regular[early].sum()
    assert share == pytest.approx(0.5, abs=0.02)
    assert np.array_equal(mk.registered[late], regular[late])
