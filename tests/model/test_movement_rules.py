"""``model.movement`` on the tiny graph (tests/model/conftest.py): one day of travel along edges,
onto the next edge while time is left, into a border queue, a camp or the destination.

Speeds are the defaults (walk 30, bus 400 km a day). Routes are chosen with the least taste noise
allowed (``route_noise_days`` 0.01; it must be at least that) and the branch through Sofia has a
known one-day wait, so every choice goes the main way, through Skopje: taste would have to outweigh
100 noise units, a chance of about e^-100.
"""

import numpy as np
import pytest

from model.enums import Status, Vulnerability
from model.movement import move_along_edges, start_next_hop
from model.params_migrants import MigrantParams
from model.routing import N_NATIONALITIES

WALK, BUS = 30.0, 400.0
PARAMS = MigrantParams(route_noise_days=0.01)


def arc(graph, tail: str, head: str) -> int:
    return int(np.flatnonzero((graph.arc_tail == graph.index[tail]) & (graph.arc_head == graph.index[head]))[0])


@pytest.fixture
def costs(tiny_graph, tiny_costs):
    n = len(tiny_graph.borders)
    wait = np.zeros(n)
    wait[tiny_graph.border_index["Idomeni-Sofia"]] = 1.0
    tiny_costs.update(0, np.ones((n, N_NATIONALITIES), bool), wait, np.full(n, 20.0))
    return tiny_costs


@pytest.fixture
def move(tiny_graph, tiny_migrants, costs):
    """``move(params=PARAMS, camps=False)``: one day of travel (day 0) for every travelling migrant;
    ``camps=True`` makes the graph's camp (Larissa) and entry (Athens) places camps, as the model does."""

    def run(params=PARAMS, camps=False):
        is_camp = np.array([camps and kind in ("camp", "entry") for kind in tiny_graph.kind])
        move_along_edges(tiny_migrants, costs, np.random.default_rng(0), params, 0, is_camp)

    return run


@pytest.fixture
def on_arc(tiny_graph, tiny_migrants, add_migrants):
    """``on_arc(count, tail, head, km_left=None, **attributes)``: migrants travelling an arc (from its
    start unless ``km_left`` is given)."""

    def add(count, tail, head, km_left=None, **attributes):
        a = arc(tiny_graph, tail, head)
        km = tiny_graph.arc_km[a] if km_left is None else km_left
        return add_migrants(tiny_migrants, count, tail, edge=a, km_left=km, prev_node=-1, **attributes)

    return add


def test_a_walker_covers_its_walking_speed_in_a_day(tiny_graph, tiny_migrants, on_arc, move):
    idx = on_arc(5, "Larissa", "Idomeni")
    move()
    m, a = tiny_migrants, arc(tiny_graph, "Larissa", "Idomeni")
    assert np.all(m.edge[idx] == a) and np.all(m.status[idx] == Status.EN_ROUTE)
    assert m.km_left[idx] == pytest.approx(np.full(5, tiny_graph.arc_km[a] - WALK), abs=1e-4)


def test_a_bus_covers_its_speed_in_a_day(tiny_graph, tiny_migrants, on_arc, move):
    idx = on_arc(5, "Skopje", "Vienna")
    move()
    a = arc(tiny_graph, "Skopje", "Vienna")
    assert tiny_migrants.km_left[idx] == pytest.approx(np.full(5, tiny_graph.arc_km[a] - BUS), abs=1e-3)


@pytest.mark.parametrize("vulnerability", [Vulnerability.FAMILY, Vulnerability.UAM])
def test_families_and_unaccompanied_minors_walk_slower_but_ride_as_fast(
    tiny_graph, tiny_migrants, on_arc, move, vulnerability
):
    walking = on_arc(5, "Larissa", "Idomeni", vulnerability=vulnerability)
    riding = on_arc(5, "Skopje", "Vienna", vulnerability=vulnerability)
    move()
    walk_km = WALK * PARAMS.vulnerable_walk_factor  # 21 km
    m, g = tiny_migrants, tiny_graph
    assert m.km_left[walking] == pytest.approx(np.full(5, g.arc_km[arc(g, "Larissa", "Idomeni")] - walk_km), abs=1e-4)
    assert m.km_left[riding] == pytest.approx(np.full(5, g.arc_km[arc(g, "Skopje", "Vienna")] - BUS), abs=1e-3)


def test_time_left_at_the_end_of_an_edge_is_spent_on_the_next(tiny_graph, tiny_migrants, add_migrants, costs, move):
    m, g = tiny_migrants, tiny_graph
    idx = add_migrants(m, 5, "Athens")
    travelling = start_next_hop(m, idx, costs, np.random.default_rng(0), PARAMS, 0)
    assert np.all(travelling) and np.all(m.edge[idx] == arc(g, "Athens", "Larissa"))
    move()
    bus_days = g.arc_km[arc(g, "Athens", "Larissa")] / BUS  # 0.36 of the day on the bus, the rest walking
    walk = arc(g, "Larissa", "Idomeni")
    assert np.all(m.edge[idx] == walk) and np.all(m.node[idx] == g.index["Larissa"])
    assert np.all(m.prev_node[idx] == g.index["Athens"])
    assert m.km_left[idx] == pytest.approx(np.full(5, g.arc_km[walk] - (1 - bus_days) * WALK), abs=1e-3)


def test_no_more_edges_than_max_hops_per_day_are_begun_in_a_day(tiny_graph, tiny_migrants, on_arc, move):
    idx = on_arc(5, "Athens", "Larissa")
    move(MigrantParams(route_noise_days=0.01, max_hops_per_day=1))
    walk = arc(tiny_graph, "Larissa", "Idomeni")
    assert np.all(tiny_migrants.edge[idx] == walk)  # the next edge chosen, but not yet walked
    assert np.all(tiny_migrants.km_left[idx] == tiny_graph.arc_km[walk])


def test_a_migrant_reaching_a_border_stops_and_joins_its_queue(tiny_graph, tiny_migrants, on_arc, move):
    m, g = tiny_migrants, tiny_graph
    idx = on_arc(5, "Larissa", "Idomeni", km_left=10.0, since=-7)
    move()
    assert np.all(m.status[idx] == Status.QUEUED) and np.all(m.since[idx] == 0)
    assert np.all(m.border[idx] == g.border_index["Idomeni-Skopje"])  # the cheaper crossing
    assert np.all(m.node[idx] == g.index["Idomeni"]) and np.all(m.edge[idx] == -1)


def test_a_migrant_reaching_its_destination_arrives_and_others_go_on(tiny_graph, tiny_migrants, on_arc, move):
    m, g = tiny_migrants, tiny_graph
    to_austria = on_arc(3, "Skopje", "Vienna", km_left=100.0, destination=1)
    to_germany = on_arc(4, "Skopje", "Vienna", km_left=100.0, destination=0)
    in_germany = on_arc(2, "Vienna", "Munich", km_left=100.0, destination=0)
    move()
    assert np.all(m.status[to_austria] == Status.ARRIVED) and np.all(m.node[to_austria] == g.index["Vienna"])
    assert np.all(m.status[to_germany] == Status.QUEUED)
    assert np.all(m.border[to_germany] == g.border_index["Vienna-Munich"])
    assert np.all(m.status[in_germany] == Status.ARRIVED) and np.all(m.node[in_germany] == g.index["Munich"])


@pytest.mark.parametrize("dwell, stops", [(1, True), (0, False)])
def test_a_migrant_reaching_a_camp_registers_there_for_camp_dwell_days(
    tiny_graph, tiny_migrants, on_arc, move, dwell, stops
):
    m, g = tiny_migrants, tiny_graph
    idx = on_arc(5, "Athens", "Larissa")
    move(MigrantParams(route_noise_days=0.01, camp_dwell_days=dwell), camps=True)
    assert np.all((m.edge[idx] == -1) == stops) and np.all(m.status[idx] == Status.EN_ROUTE)
    if stops:
        assert np.all(m.node[idx] == g.index["Larissa"]) and np.all(m.dwell_until[idx] == 1)


def test_choosing_a_border_arc_queues_and_any_other_arc_starts_a_journey(
    tiny_graph, tiny_migrants, add_migrants, costs
):
    m, g = tiny_migrants, tiny_graph
    at_larissa = add_migrants(m, 3, "Larissa", prev_node=g.index["Athens"])
    at_idomeni = add_migrants(m, 4, "Idomeni", prev_node=g.index["Larissa"])
    idx = np.concatenate([at_larissa, at_idomeni])
    travelling = start_next_hop(m, idx, costs, np.random.default_rng(0), PARAMS, 5)
    assert list(travelling) == [True] * 3 + [False] * 4
    walk = arc(g, "Larissa", "Idomeni")
    assert np.all(m.edge[at_larissa] == walk) and np.all(m.km_left[at_larissa] == g.arc_km[walk])
    assert np.all(m.status[at_idomeni] == Status.QUEUED) and np.all(m.since[at_idomeni] == 5)
    assert np.all(m.edge[at_idomeni] == -1) and np.all(m.border[at_idomeni] == g.border_index["Idomeni-Skopje"])
