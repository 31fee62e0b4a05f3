"""Step 6 of the day, vectorised: border points process their queues and smuggled crossings.

Each border point (:class:`model.border.BorderPoint`) sets today's policy, its limit in agents and
its chances of detecting a smuggled crossing and of identifying a trafficking victim. This module
applies them to all migrants at once: queued people the policy refuses, or who stand further back in
the queue than they have patience for (``migrants.queue_patience_days``), become STRANDED, unless the
smuggling network that took them across an earlier border takes them on (then they go with it again,
paying this leg's price, if they can); the others cross oldest first up to the limit; people crossing
irregularly (with a smuggler, or alone) whose crossing ends cross unless detected (then they are
returned to the country they tried to leave); those alone are likelier to be caught. Exploited people
screened at a border (admitted, refused or detected) may be identified as victims.
"""

from dataclasses import dataclass

import numpy as np

from model.border import BorderArrays
from model.enums import Status
from model.graph import RouteGraph
from model.migrants import Migrants, rank_within_groups


@dataclass
class BorderDay:
    """What happened at each border today, in agents (one array element per border point)."""

    crossings: np.ndarray  # regular: admitted
    refused: np.ndarray
    smuggled: np.ndarray  # crossed with a smuggler, undetected
    crossed_alone: np.ndarray  # crossed the closed border alone, undetected
    detected: np.ndarray  # caught crossing irregularly (with a smuggler or alone) and returned
    identified: np.ndarray
    hired: np.ndarray  # taken on across this leg by the network that brought them (the leg's demand)

    @classmethod
    def none(cls, n_borders: int) -> "BorderDay":
        return cls(*(np.zeros(n_borders, np.int64) for _ in range(7)))


def _place_on_border_arc(m: Migrants, idx: np.ndarray, graph: RouteGraph):
    border = m.border[idx]
    arc = graph.borders_arc[border]
    m.status[idx] = Status.EN_ROUTE
    m.edge[idx] = arc
    m.km_left[idx] = graph.arc_km[arc]
    m.days_waiting[idx] = 0
    m.border[idx] = -1


def _identify(m: Migrants, idx: np.ndarray, p_identify: np.ndarray, rng) -> np.ndarray:
    victims = idx[m.exploited[idx] & ~m.identified[idx]]
    found = victims[rng.random(victims.size) < p_identify[m.border[victims]]]
    m.identified[found] = True
    return found


def process_borders(
    m: Migrants, graph: RouteGraph, rng, day: int, borders: BorderArrays, trip_days: int, patience_days: float = np.inf
) -> BorderDay:
    """Apply today's border decisions (``borders``) to all queued and smuggled migrants (see module
    docstring). Those further back in a queue than ``patience_days`` of its daily limit are turned away
    (refused: they weigh their other options)."""
    admits, limit, p_identify = borders.admits, borders.limit_agents, borders.p_identify
    n_borders = len(graph.borders)
    count = lambda idx: np.bincount(m.border[idx], minlength=n_borders)  # noqa: E731

    queued = m.of_status(Status.QUEUED)
    allowed = admits[m.border[queued], m.nationality[queued]]
    refused = queued[~allowed]
    goes_on = (m.package_left[refused] > 0) & (m.money[refused] >= borders.price[m.border[refused]])
    packaged, refused = refused[goes_on], refused[~goes_on]
    eligible = queued[allowed]
    order = np.lexsort((rng.random(eligible.size), m.since[eligible], m.border[eligible]))
    eligible = eligible[order]
    border_sorted = m.border[eligible]
    rank = rank_within_groups(border_sorted)
    crossed = eligible[rank < limit[border_sorted]]
    hopeless = eligible[rank >= limit[border_sorted] + borders.rate_agents[border_sorted] * patience_days]
    refused = np.concatenate([refused, hopeless])

    smuggling = m.of_status(Status.SMUGGLED)
    m.smuggle_left[smuggling] -= 1
    m.status[packaged] = Status.SMUGGLED
    m.money[packaged] -= borders.price[m.border[packaged]]
    m.smuggle_left[packaged] = trip_days
    m.package_left[packaged] -= 1
    m.ever_smuggled[packaged] = True
    due = smuggling[m.smuggle_left[smuggling] <= 0]
    alone = m.alone[due]
    chance = np.where(alone, borders.p_detect_alone[m.border[due]], borders.p_detect[m.border[due]])
    caught = rng.random(due.size) < chance
    detected, smuggled, crossed_alone = due[caught], due[~caught & ~alone], due[~caught & alone]

    screened = np.concatenate([crossed, refused, detected])
    identified = _identify(m, screened, p_identify, rng)
    day_counts = BorderDay(
        crossings=count(crossed),
        refused=count(refused),
        smuggled=count(smuggled),
        crossed_alone=count(crossed_alone),
        detected=count(detected),
        identified=count(identified),
        hired=count(packaged),
    )
    m.status[refused] = Status.STRANDED
    m.days_waiting[refused] = 0
    m.ever_refused[refused] = True
    m.status[detected] = Status.STRANDED  # returned to the country it tried to leave
    m.package_left[detected] = 0  # the smuggler does not come back for people caught
    m.package_left[refused] = 0  # a network not paid for this leg lets them go
    m.alone[due] = False
    _place_on_border_arc(m, crossed, graph)
    _place_on_border_arc(m, smuggled, graph)
    _place_on_border_arc(m, crossed_alone, graph)
    return day_counts
