"""``model.routing`` on the tiny graph (tests/model/conftest.py): perceived route costs, choices at
the fork at Idomeni, news that comes late, and a few days of all the rules in the model's order.

The two routes from Idomeni, through Skopje (the main crossing) and through Sofia (the branch), are
exactly as long, so a test makes one cheaper with a border wait. "No noise" is the least taste noise
allowed (``route_noise_days`` 0.01): against a gap of 1 day a taste would have to exceed 100 noise
units, a chance of about e^-100.
"""

import numpy as np
import pytest

from model.crossing import process_borders
from model.enums import Nationality, Status
from model.graph import COUNTRIES
from model.movement import move_along_edges, start_next_hop
from model.params_migrants import MigrantParams
from model.refusal import exploit_smuggled, move_on_from_asylum, respond_to_refusal
from model.routing import N_NATIONALITIES, choose_next_arc

NO_NOISE = MigrantParams(route_noise_days=0.01, route_noise_share=0.0)
CLOSED_COST = 20.0
MAIN, BRANCH = "Idomeni-Skopje", "Idomeni-Sofia"


def update(costs, day, closed=(), wait=None, refuses=None):
    """Today's route costs: ``closed`` borders refuse everyone (``refuses`` nationality only, if
    given), ``wait`` maps border names to expected waits (0 elsewhere)."""
    g = costs.graph
    n = len(g.borders)
    admits = np.ones((n, N_NATIONALITIES), bool)
    for name in closed:
        admits[g.border_index[name], slice(None) if refuses is None else refuses] = False
    waits = np.zeros(n)
    for name, days in (wait or {}).items():
        waits[g.border_index[name]] = days
    costs.update(day, admits, waits, np.full(n, CLOSED_COST))
    return admits


def choose(costs, day, count=1000, node="Idomeni", came_from="Larissa", params=NO_NOISE, seed=0, **columns):
    """The places ``count`` migrants at ``node`` go to next (names); ``columns`` give nationality,
    destination, info_lag or avoid_arc (default 0, 0, 0, -1)."""
    g = costs.graph
    col = {"nationality": 0, "destination": 0, "info_lag": 0, "avoid_arc": -1} | columns
    full = {k: np.broadcast_to(np.asarray(v), (count,)).astype(np.int16) for k, v in col.items()}
    here, prev = np.full(count, g.index[node], np.int16), np.full(count, g.index[came_from], np.int16)
    rng = np.random.default_rng(seed)
    arc = choose_next_arc(
        costs,
        rng,
        params,
        day,
        here,
        prev,
        full["avoid_arc"],
        full["nationality"],
        full["destination"],
        full["info_lag"],
    )
    return np.array([g.names[h] for h in g.arc_head[arc]])


def arc(graph, tail, head):
    return int(np.flatnonzero((graph.arc_tail == graph.index[tail]) & (graph.arc_head == graph.index[head]))[0])


def test_a_routes_cost_is_its_travel_days_plus_its_border_waits(tiny_graph, tiny_costs):
    g, days = tiny_graph, tiny_costs.travel_days
    update(tiny_costs, 0, wait={MAIN: 1.5, "Skopje-Vienna": 0.25, "Vienna-Munich": 2.0})
    arcs, cost = tiny_costs.option_costs(
        0, np.array([g.index["Idomeni"]] * 2), np.zeros(2, int), np.array([1, 0]), np.zeros(2, int)
    )
    to_skopje = list(arcs[0]).index(arc(g, "Idomeni", "Skopje"))
    to_vienna = days[arc(g, "Idomeni", "Skopje")] + 1.5 + days[arc(g, "Skopje", "Vienna")] + 0.25
    assert cost[0, to_skopje] == pytest.approx(to_vienna, abs=1e-9)
    assert cost[1, to_skopje] == pytest.approx(to_vienna + days[arc(g, "Vienna", "Munich")] + 2.0, abs=1e-9)
    assert days[arc(g, "Idomeni", "Skopje")] == pytest.approx(g.arc_km[arc(g, "Idomeni", "Skopje")] / 400)


def test_a_border_refusing_a_nationality_costs_that_nationality_the_closed_cost(tiny_graph, tiny_costs):
    g = tiny_graph
    update(tiny_costs, 0, closed=[MAIN], refuses=Nationality.AFG)
    node = np.array([g.index["Idomeni"]] * 2)
    arcs, cost = tiny_costs.option_costs(
        0, node, np.array([Nationality.SYR, Nationality.AFG]), np.ones(2, int), np.zeros(2, int)
    )
    k = list(arcs[0]).index(arc(g, "Idomeni", "Skopje"))
    assert cost[1, k] - cost[0, k] == pytest.approx(CLOSED_COST, abs=1e-9)


@pytest.mark.parametrize("slow, taken", [(BRANCH, "Skopje"), (MAIN, "Sofia")])
def test_with_no_noise_every_migrant_takes_the_cheaper_branch(tiny_costs, slow, taken):
    update(tiny_costs, 0, wait={slow: 1.0})
    assert np.all(choose(tiny_costs, 0, destination=np.arange(1000) % 2) == taken)


def test_closing_the_main_border_sends_everyone_to_the_branch(tiny_costs):
    update(tiny_costs, 0, closed=[MAIN], wait={BRANCH: 1.0})
    assert np.all(choose(tiny_costs, 0, destination=np.arange(1000) % 2) == "Sofia")


def test_a_migrant_whose_news_lags_still_believes_a_closed_border_further_on_open(tiny_costs):
    update(tiny_costs, 0, wait={BRANCH: 1.0})
    update(tiny_costs, 1, closed=["Skopje-Vienna"], wait={BRANCH: 1.0})
    went = choose(tiny_costs, 1, count=4, info_lag=[0, 1, 5, 30])
    assert list(went) == ["Sofia", "Skopje", "Skopje", "Skopje"]
    update(tiny_costs, 2, closed=["Skopje-Vienna"], wait={BRANCH: 1.0})
    assert list(choose(tiny_costs, 2, count=3, info_lag=[1, 2, 3])) == ["Sofia", "Skopje", "Skopje"]


def test_a_migrant_sees_the_border_in_front_of_it_as_it_is_today_whatever_its_news(tiny_costs):
    update(tiny_costs, 0, wait={BRANCH: 1.0})
    update(tiny_costs, 1, closed=[MAIN], wait={BRANCH: 1.0})
    assert np.all(choose(tiny_costs, 1, info_lag=np.arange(1000) % 5) == "Sofia")


def test_equal_options_split_the_flow_about_half_and_half(tiny_costs):
    update(tiny_costs, 0)
    went = choose(tiny_costs, 0, count=10_000, params=MigrantParams(route_noise_days=0.63), seed=7)
    assert set(went) == {"Skopje", "Sofia"}
    # Binomial(10000, 1/2): sd 50, so 250 is 5 sd
    assert abs((went == "Skopje").sum() - 5000) < 250


def test_a_migrant_turns_straight_back_only_where_there_is_no_way_on(tiny_costs):
    update(tiny_costs, 0, closed=[MAIN, BRANCH])  # the way on is dear, but it is a way on
    assert np.all(choose(tiny_costs, 0, count=100) != "Larissa")
    # from Larissa, having come from Idomeni, the only way not back is the dead end at Athens
    assert np.all(choose(tiny_costs, 0, count=100, node="Larissa", came_from="Idomeni") == "Idomeni")
    assert np.all(choose(tiny_costs, 0, count=100, node="Athens", came_from="Larissa") == "Larissa")


def test_a_diverting_migrant_never_takes_the_crossing_that_refused_it(tiny_graph, tiny_costs):
    update(tiny_costs, 0, wait={BRANCH: 1.0})
    assert np.all(choose(tiny_costs, 0, avoid_arc=arc(tiny_graph, "Idomeni", "Skopje")) == "Sofia")


def test_closing_the_main_crossing_on_day_2_sends_the_flow_through_the_branch(
    tiny_graph, tiny_costs, tiny_migrants, add_migrants, border_arrays
):
    """Ten arrivals a day at Athens; the main crossing admits five a day and closes on day 2; the
    branch has a known one-day wait. Refused migrants divert (log-odds +50, other options -50)."""
    g, m, costs, rng = tiny_graph, tiny_migrants, tiny_costs, np.random.default_rng(0)
    params = MigrantParams(
        route_noise_days=0.01,
        route_noise_share=0.0,
        camp_dwell_days=0,
        divert_log_odds=50.0,
        smuggle_log_odds=-50.0,
        asylum_log_odds=-50.0,
        cross_alone_log_odds=-50.0,
    )
    is_camp = np.array([kind in ("camp", "entry") for kind in g.kind])
    settles_at = np.isin(g.country_idx, [COUNTRIES.index(c) for c in params.asylum_stay_countries])
    no_limit = np.full(len(COUNTRIES), 10**9)
    crossings, refused = [], []
    for day in range(7):
        borders = border_arrays()
        borders.limit_agents[g.border_index[MAIN]] = 5
        add_migrants(m, 10, "Athens", day=day)
        admits = update(costs, day, closed=[MAIN] if day >= 2 else [], wait={BRANCH: 1.0})
        borders.admits[:] = admits
        move_on_from_asylum(m, rng, params, settles_at)
        respond_to_refusal(m, costs, rng, params, day, False, g.index["Izmir"], borders, no_limit)
        at_node = m.active[(m.status[m.active] == Status.EN_ROUTE) & (m.edge[m.active] < 0)]
        ready = at_node[m.dwell_until[at_node] <= day]
        home = m.node[ready] == g.destination[m.destination[ready]]
        m.status[ready[home]] = Status.ARRIVED
        start_next_hop(m, ready[~home], costs, rng, params, day)
        exploit_smuggled(m, rng, params, np.zeros(g.n_nodes))
        move_along_edges(m, costs, rng, params, day, is_camp)
        border_day = process_borders(m, g, rng, day, borders, params.smuggle_trip_days)
        m.drop_finished(settles_at, np.zeros(g.n_nodes, bool))
        crossings.append(border_day.crossings.copy()), refused.append(border_day.refused.copy())

    crossed = {b.name: list(np.array(crossings)[:, b.index]) for b in g.borders}
    assert crossed[MAIN] == [0, 5, 0, 0, 0, 0, 0]
    assert list(np.array(refused)[:, g.border_index[MAIN]]) == [0, 0, 5, 0, 0, 0, 0]  # the five left queued
    assert crossed[BRANCH] == [0, 0, 10, 15, 10, 10, 10]  # the day-1 arrivals, then the diverted five with day 2's
    assert crossed["Skopje-Vienna"] == [0, 0, 5, 0, 0, 0, 0]
    assert crossed["Sofia-Vienna"] == [0, 0, 0, 10, 15, 10, 10]
    assert crossed["Vienna-Munich"] == [0, 0, 0, 0, 0, 5, 10]
    assert (m.status[: m.n] == Status.ARRIVED).sum() == 5  # the first five, in Munich on day 6
    assert not np.isin(m.status[: m.n], [Status.STRANDED, Status.SMUGGLED, Status.ASYLUM]).any()
