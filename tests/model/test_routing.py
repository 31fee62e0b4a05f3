"""Route choice: the cost tables are true least costs, and choices follow the perceived costs."""

import numpy as np
import pytest

from model.graph import RouteGraph
from model.params_migrants import MigrantParams
from model.routing import N_NATIONALITIES, RouteCosts, choose_next_arc


@pytest.fixture(scope="module")
def costs():
    return RouteCosts(RouteGraph(), MigrantParams(), n_days=10)


def _reference_onward(costs, border_costs):
    """Plain Bellman-Ford over arcs, one arc at a time, for comparison."""
    g = costs.graph
    arc_cost = costs.travel_days[None, :] + border_costs[:, g.arc_border]
    onward = np.full((N_NATIONALITIES, 2, g.n_arcs), np.inf)
    for d, node in enumerate(g.destination):
        onward[:, d, g.arc_head == node] = 0.0
    for _ in range(g.n_arcs):
        for d, node in enumerate(g.destination):
            for a in range(g.n_arcs):
                if g.arc_head[a] == node:
                    continue
                for b in costs._next_arcs[a]:
                    if b >= 0:
                        onward[:, d, a] = np.minimum(onward[:, d, a], arc_cost[:, b] + onward[:, d, b])
    return onward


def test_onward_costs_are_least_costs(costs):
    rng = np.random.default_rng(0)
    n_borders = len(costs.graph.borders)
    admits = rng.random((n_borders, N_NATIONALITIES)) < 0.7
    wait, closed = rng.random(n_borders) * 3, 10 + rng.random(n_borders) * 20
    border_costs = costs._border_costs(admits, wait, closed)
    fast = costs._onward_from_arcs(border_costs)
    slow = _reference_onward(costs, border_costs)
    finite = np.isfinite(slow)
    assert np.array_equal(finite, np.isfinite(fast))
    assert np.allclose(fast[finite], slow[finite], atol=1e-9)


def test_migrants_avoid_a_closed_border_when_an_open_route_exists(costs):
    g = costs.graph
    n_borders = len(g.borders)
    admits = np.zeros((n_borders, N_NATIONALITIES), bool)
    for name in (
        "Idomeni-Gevgelija",
        "Tabanovce-Miratovac",
        "Šid-Tovarnik",
        "Berkasovo-Bapska",
        "Harmica-Dobova",
        "Šentilj-Spielfeld",
        "Salzburg-Freilassing",
        "Schärding-Passau",
        "Hegyeshalom-Nickelsdorf",
    ):
        admits[g.border_index[name]] = True
    costs.update(0, admits, np.zeros(n_borders), np.full(n_borders, 20.0))
    n = 2000
    belgrade = np.full(n, g.index["Belgrade"], np.int16)
    arc = choose_next_arc(
        costs,
        np.random.default_rng(1),
        MigrantParams(),
        0,
        belgrade,
        np.full(n, g.index["Niš"], np.int16),
        np.full(n, -1, np.int16),
        np.zeros(n, np.int8),
        np.zeros(n, np.int8),
        np.zeros(n, np.int8),
    )
    heads = [g.names[h] for h in g.arc_head[arc]]
    assert heads.count("Šid") > 0.95 * n
