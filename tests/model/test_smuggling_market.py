"""The smuggling market (``model.smuggling``) and how it moves customers, on the tiny graph
(tests/model/conftest.py): both crossings out of Idomeni are closed, so everyone needs a smuggler;
a leg's price answers its detection and demand, and route choice weighs price and detection.

The two routes from Idomeni are exactly as long; "no noise" is the least taste noise allowed.
"""

import numpy as np
import pytest

from model.crossing import process_borders
from model.enums import Status
from model.graph import COUNTRIES
from model.movement import move_along_edges, start_next_hop
from model.params_migrants import MigrantParams
from model.params_smuggling import SmugglingParams
from model.refusal import exploit_smuggled, respond_to_refusal
from model.smuggling import SmugglingMarket

MAIN, BRANCH = "Idomeni-Skopje", "Idomeni-Sofia"
BASE = 400.0


def test_a_legs_target_price_is_the_base_raised_by_detection_and_by_demand_beyond_its_networks():
    params = SmugglingParams(detection_premium=2.0, demand_elasticity=1.0, network_capacity_people_per_day=100.0,
                             network_floor=0.1)  # fmt: skip
    market = SmugglingMarket(3, BASE, params)
    market.demand[:] = [0.0, 100.0, 10.0]
    target = market.target(p_detect=np.array([0.0, 0.5, 0.0]), familiarity=np.array([1.0, 1.0, 0.0]))
    # no detection nor demand: the base; half detected and demand at capacity: x2 x2; an untrodden leg
    # carries a tenth of the capacity, so 10 a day double its price
    assert target == pytest.approx([BASE, BASE * 2 * 2, BASE * 2])


def test_a_price_moves_toward_its_target_over_the_adjustment_time_and_demand_is_remembered():
    market = SmugglingMarket(1, BASE, SmugglingParams(price_adjust_days=10.0, demand_memory_days=5.0))
    p0 = market.update(np.array([0.0]), np.array([1.0]))
    assert p0 == pytest.approx([BASE])  # the first day starts at the target
    market.record(np.array([50.0]))
    assert market.demand == pytest.approx([10.0])  # a fifth of the way to 50
    target = market.target(np.array([0.0]), np.array([1.0]))[0]
    assert market.update(np.array([0.0]), np.array([1.0]))[0] == pytest.approx(BASE + (target - BASE) / 10)


def _closed_costs(costs, day, borders, params: MigrantParams):
    """Step 3 as the model does it: both crossings closed; their perceived cost is the closed cost,
    the price over the value of time and the detection cost."""
    n = len(costs.graph.borders)
    closed = params.closed_border_cost_days + borders.price / params.value_of_time_eur_per_day
    closed = closed + params.detection_cost_days * borders.p_detect
    costs.update(day, borders.admits, np.zeros(n), closed)


def test_detection_raises_the_price_on_that_leg_and_moves_customers_to_the_other(tiny_graph, tiny_costs, border_arrays):
    g, params = tiny_graph, MigrantParams(route_noise_days=0.01, route_noise_share=0.0)
    market = SmugglingMarket(len(g.borders), BASE, SmugglingParams(price_adjust_days=1.0))
    main, branch = g.border_index[MAIN], g.border_index[BRANCH]
    p_detect = np.zeros(len(g.borders))
    p_detect[branch] = 0.1  # at first the branch is the riskier leg
    before = market.update(p_detect, np.ones(len(g.borders)))
    p_detect[main] = 0.8  # then the police at the main crossing are reinforced
    after = market.update(p_detect, np.ones(len(g.borders)))
    assert after[main] > before[main] and after[branch] == before[branch]

    chosen = {}
    for label, prices, detect in (("before", before, np.where(np.arange(len(g.borders)) == branch, 0.1, 0.0)),
                                  ("after", after, p_detect)):  # fmt: skip
        borders = border_arrays(price=prices, p_detect=detect)
        borders.admits[[main, branch]] = False
        _closed_costs(tiny_costs, 0, borders, params)
        arcs, cost = tiny_costs.option_costs(0, np.array([g.index["Idomeni"]]), np.array([0]), np.array([0]),
                                             np.array([0]))  # fmt: skip
        chosen[label] = g.names[g.arc_head[arcs[0, np.argmin(cost[0])]]]
    assert chosen == {"before": "Skopje", "after": "Sofia"}


def test_a_sealed_main_crossing_sends_the_flow_to_the_branch_within_days(
    tiny_graph, tiny_costs, tiny_migrants, add_migrants, border_arrays
):
    """Ten arrive at Athens a day; both crossings are closed and everyone refused hires a smuggler (log-odds
    +50) and can pay. The main crossing is the cheaper leg until day 5, when it is sealed: its police catch
    every smuggled crossing. From then the market prices it out and the flow goes through Sofia."""
    g, m, costs, rng = tiny_graph, tiny_migrants, tiny_costs, np.random.default_rng(0)
    params = MigrantParams(
        route_noise_days=0.01, route_noise_share=0.0, camp_dwell_days=0, smuggle_log_odds=50.0,
        divert_log_odds=-50.0, asylum_log_odds=-50.0, cross_alone_log_odds=-50.0, smuggle_trip_days=1,
        smuggle_package_borders=1, divert_log_odds_per_day_saved=0.0,
    )  # fmt: skip
    market = SmugglingMarket(len(g.borders), BASE, SmugglingParams(price_adjust_days=1.0))
    main, branch = g.border_index[MAIN], g.border_index[BRANCH]
    is_camp = np.array([kind in ("camp", "entry") for kind in g.kind])
    no_limit = np.full(len(COUNTRIES), 10**9)
    smuggled, detected = [], []
    for day in range(12):
        p_detect = np.zeros(len(g.borders))
        p_detect[branch] = 0.1
        p_detect[main] = 1.0 if day >= 5 else 0.0
        borders = border_arrays(p_detect=p_detect, p_detect_alone=p_detect)
        borders.admits[[main, branch]] = False
        borders.price = market.update(p_detect, np.ones(len(g.borders)))
        add_migrants(m, 10, "Athens", day=day, money=1e6)
        _closed_costs(costs, day, borders, params)
        choices = respond_to_refusal(m, costs, rng, params, day, False, g.index["Izmir"], borders, no_limit)
        at_node = m.active[(m.status[m.active] == Status.EN_ROUTE) & (m.edge[m.active] < 0)]
        ready = at_node[m.dwell_until[at_node] <= day]
        home = m.node[ready] == g.destination[m.destination[ready]]
        m.status[ready[home]] = Status.ARRIVED
        start_next_hop(m, ready[~home], costs, rng, params, day)
        exploit_smuggled(m, rng, params, np.zeros(g.n_nodes))
        move_along_edges(m, costs, rng, params, day, is_camp)
        day_counts = process_borders(m, g, rng, day, borders, params.smuggle_trip_days)
        market.record((np.bincount(choices.hired_at, minlength=len(g.borders)) + day_counts.hired) * 1.0)
        m.drop_finished(np.zeros(g.n_nodes, bool), np.zeros(g.n_nodes, bool))
        smuggled.append(day_counts.smuggled.copy()), detected.append(day_counts.detected.copy())

    smuggled, detected = np.array(smuggled), np.array(detected)
    assert smuggled[:5, main].sum() > 0 and smuggled[:5, branch].sum() == 0  # the cheaper leg first
    assert smuggled[5:, main].sum() == 0 and detected[5:7, main].sum() > 0  # sealed: every try is caught
    assert smuggled[8:, branch].sum() >= 0.9 * 10 * 4  # within three days, the day's arrivals go by Sofia
    assert np.isin(m.status[: m.n], [Status.ARRIVED, Status.EN_ROUTE, Status.SMUGGLED, Status.STRANDED]).all()
