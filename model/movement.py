"""Movement: migrants travel along edges at their mode's speed, several edges a day if time allows.

Each migrant has one day of travel time. It spends it on its current edge; if it reaches the end
with time left, it chooses its next hop there and goes on, until the day is used up, it reaches a
border (and joins the queue), a camp (where it registers for ``camp_dwell_days``), or its
destination (status ARRIVED).
"""

import numpy as np

from model.enums import Status
from model.graph import MODES
from model.kernels import advance, en_route, take_arcs
from model.migrants import Migrants
from model.routing import RouteCosts, choose_next_arc

WALK = MODES.index("walk")


def start_next_hop(m: Migrants, idx: np.ndarray, costs: RouteCosts, rng, params, day: int) -> np.ndarray:
    """Migrants ``idx`` (at nodes) choose their next arc: a border arc puts them in its queue, any
    other arc starts them travelling. Returns a mask over ``idx``: True for those now travelling."""
    if idx.size == 0:
        return np.zeros(0, bool)
    arc = choose_next_arc(
        costs,
        rng,
        params,
        day,
        m.node[idx],
        m.prev_node[idx],
        m.avoid_arc[idx],
        m.nationality[idx],
        m.destination[idx],
        m.info_lag[idx],
    )
    g = costs.graph
    return take_arcs(
        idx, arc, g.arc_border, g.arc_km, m.status, m.border, m.since, m.edge, m.km_left, int(day), int(Status.QUEUED)
    )


def move_along_edges(m: Migrants, costs: RouteCosts, rng, params, day: int, is_camp: np.ndarray):
    """Advance every travelling migrant by one day of travel (see the module docstring)."""
    graph = costs.graph
    idx = en_route(m.active, m.status, m.edge, int(Status.EN_ROUTE), on_arc=True)
    budget = np.ones(idx.size)
    for _ in range(params.max_hops_per_day):
        if idx.size == 0:
            break
        idx, budget = advance(
            idx, budget, m.edge, m.km_left, m.vulnerability, m.node, m.prev_node, m.avoid_arc, m.status,
            m.dwell_until, m.destination, graph.arc_mode, graph.arc_tail, graph.arc_head, costs.speed_of_mode,
            WALK, float(params.vulnerable_walk_factor), graph.destination, is_camp, int(params.camp_dwell_days),
            int(day), int(Status.ARRIVED),
        )  # fmt: skip
        travelling = start_next_hop(m, idx, costs, rng, params, day)
        idx, budget = idx[travelling], budget[travelling]
