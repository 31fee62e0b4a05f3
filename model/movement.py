"""Movement: migrants travel along edges at their mode's speed, several edges a day if time allows.

Each migrant has one day of travel time. It spends it on its current edge; if it reaches the end
with time left, it chooses its next hop there and goes on, until the day is used up, it reaches a
border (and joins the queue), a camp (where it registers for ``camp_dwell_days``), or its
destination (status ARRIVED).
"""

import numpy as np

from model.enums import Status, Vulnerability
from model.graph import MODES
from model.kernels import en_route
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
    graph = costs.graph
    border = np.where(arc >= 0, graph.arc_border[np.maximum(arc, 0)], -1)
    queue = (arc >= 0) & (border >= 0)
    queued = idx[queue]
    m.status[queued] = Status.QUEUED
    m.border[queued] = border[queue]
    m.since[queued] = day
    travel = (arc >= 0) & ~queue
    m.edge[idx[travel]] = arc[travel]
    m.km_left[idx[travel]] = graph.arc_km[arc[travel]]
    return travel


def move_along_edges(m: Migrants, costs: RouteCosts, rng, params, day: int, is_camp: np.ndarray):
    """Advance every travelling migrant by one day of travel (see the module docstring)."""
    graph = costs.graph
    idx = en_route(m.active, m.status, m.edge, int(Status.EN_ROUTE), on_arc=True)
    budget = np.ones(idx.size)
    for _ in range(params.max_hops_per_day):
        if idx.size == 0:
            break
        arc = m.edge[idx]
        speed = costs.speed_of_mode[graph.arc_mode[arc]].astype(np.float64)
        slow = (graph.arc_mode[arc] == WALK) & (m.vulnerability[idx] != Vulnerability.SINGLE_ADULT)
        speed = np.where(slow, speed * params.vulnerable_walk_factor, speed)
        need = m.km_left[idx] / speed
        done = need <= budget
        partial = idx[~done]
        m.km_left[partial] -= (budget[~done] * speed[~done]).astype(np.float32)
        idx, budget = idx[done], budget[done] - need[done]
        arc = arc[done]
        m.prev_node[idx] = graph.arc_tail[arc]
        m.node[idx] = graph.arc_head[arc]
        m.edge[idx] = -1
        m.km_left[idx] = 0
        m.avoid_arc[idx] = -1
        home = m.node[idx] == graph.destination[m.destination[idx]]
        m.status[idx[home]] = Status.ARRIVED
        camp = ~home & is_camp[m.node[idx]] & (params.camp_dwell_days > 0)
        m.dwell_until[idx[camp]] = day + params.camp_dwell_days
        go_on = ~home & ~camp & (budget > 1e-6)
        idx, budget = idx[go_on], budget[go_on]
        travelling = start_next_hop(m, idx, costs, rng, params, day)
        idx, budget = idx[travelling], budget[travelling]
