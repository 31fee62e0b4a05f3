"""Step 6 of the day, vectorised: border points process their queues and smuggled crossings.

Each border point (:class:`model.border.BorderPoint`) sets today's policy, its limit in agents and
its chances of detecting a smuggled crossing and of identifying a trafficking victim. This module
applies them to all migrants at once: queued people the policy refuses become STRANDED, unless a
smuggler they paid earlier still owes them more borders (then they go with the smuggler again); the
others cross oldest first up to the limit; smuggled people whose trip ends cross unless detected (then
they are returned to the country they tried to leave). Exploited people screened at a border
(admitted, refused or detected) may be identified as victims.
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

    crossings: np.ndarray
    refused: np.ndarray
    smuggled: np.ndarray
    detected: np.ndarray
    identified: np.ndarray

    @classmethod
    def none(cls, n_borders: int) -> "BorderDay":
        return cls(*(np.zeros(n_borders, np.int64) for _ in range(5)))


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


def process_borders(m: Migrants, graph: RouteGraph, rng, day: int, borders: BorderArrays, trip_days: int) -> BorderDay:
    """Apply today's border decisions (``borders``) to all queued and smuggled migrants (see module
    docstring)."""
    admits, limit, p_detect, p_identify = borders.admits, borders.limit_agents, borders.p_detect, borders.p_identify
    n_borders = len(graph.borders)
    count = lambda idx: np.bincount(m.border[idx], minlength=n_borders)  # noqa: E731

    queued = m.of_status(Status.QUEUED)
    allowed = admits[m.border[queued], m.nationality[queued]]
    refused = queued[~allowed]
    packaged = refused[m.package_left[refused] > 0]
    refused = refused[m.package_left[refused] == 0]
    eligible = queued[allowed]
    order = np.lexsort((rng.random(eligible.size), m.since[eligible], m.border[eligible]))
    eligible = eligible[order]
    border_sorted = m.border[eligible]
    crossed = eligible[rank_within_groups(border_sorted) < limit[border_sorted]]

    smuggling = m.of_status(Status.SMUGGLED)
    m.smuggle_left[smuggling] -= 1
    m.status[packaged] = Status.SMUGGLED
    m.smuggle_left[packaged] = trip_days
    m.package_left[packaged] -= 1
    m.ever_smuggled[packaged] = True
    due = smuggling[m.smuggle_left[smuggling] <= 0]
    caught = rng.random(due.size) < p_detect[m.border[due]]
    detected, smuggled = due[caught], due[~caught]

    screened = np.concatenate([crossed, refused, detected])
    identified = _identify(m, screened, p_identify, rng)
    day_counts = BorderDay(
        crossings=count(crossed),
        refused=count(refused),
        smuggled=count(smuggled),
        detected=count(detected),
        identified=count(identified),
    )
    m.status[refused] = Status.STRANDED
    m.days_waiting[refused] = 0
    m.ever_refused[refused] = True
    m.status[detected] = Status.STRANDED  # returned to the country it tried to leave
    m.package_left[detected] = 0  # the smuggler does not come back for people caught
    _place_on_border_arc(m, crossed, graph)
    _place_on_border_arc(m, smuggled, graph)
    return day_counts
