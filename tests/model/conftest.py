"""A tiny route graph for the daily rules' unit tests, with fixtures to put migrants on it.

Eight places, laid out for easy numbers rather than true geography (``tiny_graph.arc_km`` has the
lengths): Izmir -ferry-> Athens -bus- Larissa -walk- Idomeni (GR), where the route forks into a
main crossing to Skopje (MK) and a branch to Sofia (BG); both go on by bus to Vienna (AT), and
Vienna to Munich (DE). Skopje and Sofia lie symmetrically about Idomeni's and Vienna's meridian,
so the two routes are exactly equally long: a test makes one cheaper with a border wait.

::

    Izmir -> Athens - Larissa - Idomeni -> Skopje -> Vienna -> Munich
                                      \\-> Sofia  -/
"""

import numpy as np
import pytest

from model.border import BorderArrays
from model.enums import Nationality
from model.graph import RouteGraph
from model.migrants import Migrants
from model.params_migrants import MigrantParams
from model.routing import RouteCosts

TINY_NODES = [
    dict(name="Izmir", country="TR", lat=38.4, lon=27.1, kind="transit"),
    dict(name="Athens", country="GR", lat=38.0, lon=22.0, kind="entry"),
    dict(name="Larissa", country="GR", lat=39.0, lon=22.0, kind="camp"),
    dict(name="Idomeni", country="GR", lat=39.3, lon=22.0, kind="transit"),
    dict(name="Skopje", country="MK", lat=41.0, lon=21.0, kind="transit"),
    dict(name="Sofia", country="BG", lat=41.0, lon=23.0, kind="transit"),
    dict(name="Vienna", country="AT", lat=48.2, lon=22.0, kind="destination"),
    dict(name="Munich", country="DE", lat=48.2, lon=19.0, kind="destination"),
]
TINY_EDGES = [
    {"from": "Izmir", "to": "Athens", "mode": "ferry", "border": "Izmir-Athens"},
    {"from": "Athens", "to": "Larissa", "mode": "bus", "border": ""},
    {"from": "Larissa", "to": "Idomeni", "mode": "walk", "border": ""},
    {"from": "Idomeni", "to": "Skopje", "mode": "bus", "border": "Idomeni-Skopje"},
    {"from": "Idomeni", "to": "Sofia", "mode": "bus", "border": "Idomeni-Sofia"},
    {"from": "Skopje", "to": "Vienna", "mode": "bus", "border": "Skopje-Vienna"},
    {"from": "Sofia", "to": "Vienna", "mode": "bus", "border": "Sofia-Vienna"},
    {"from": "Vienna", "to": "Munich", "mode": "bus", "border": "Vienna-Munich"},
]


@pytest.fixture(scope="session")
def tiny_graph() -> RouteGraph:
    """The tiny graph (read-only, so shared by all tests)."""
    return RouteGraph(TINY_NODES, TINY_EDGES)


@pytest.fixture
def tiny_costs(tiny_graph) -> RouteCosts:
    """Route costs on the tiny graph at the default speeds (walk 30, bus 400 km a day), for 30 days;
    call ``update`` before choosing."""
    return RouteCosts(tiny_graph, MigrantParams(), n_days=30)


@pytest.fixture
def tiny_migrants() -> Migrants:
    return Migrants(20_000)


@pytest.fixture
def add_migrants(tiny_graph):
    """``add(m, count, node_name, **attributes)``: append ``count`` single Syrian adults bound for
    Germany at ``node_name`` (1000 EUR, no news lag, free to leave at once) and set any other
    attribute of :class:`Migrants` (a scalar or one value each), e.g. ``status=Status.QUEUED``,
    ``border=``, ``since=``. Returns their indices."""

    def add(m: Migrants, count: int, node: str, *, day: int = 0, **attributes) -> np.ndarray:
        defaults = dict(nationality=Nationality.SYR, vulnerability=0, destination=0, money=1000.0, info_lag=0)
        given = {k: attributes.pop(k) for k in list(attributes) if k in defaults}
        idx = m.add(count, node=tiny_graph.index[node], day=day, dwell_days=0, **(defaults | given))
        for name, value in attributes.items():
            getattr(m, name)[idx] = value
        return idx

    return add


@pytest.fixture
def border_arrays(tiny_graph):
    """``make(**overrides)``: today's BorderArrays for the tiny graph, every border open to everyone
    with room for a million agents, never detecting or identifying, smuggling free; change the arrays
    in a test."""

    def make(**overrides) -> BorderArrays:
        n = len(tiny_graph.borders)
        fields = dict(
            admits=np.ones((n, len(Nationality)), bool),
            limit_people=np.full(n, 1e6),
            limit_agents=np.full(n, 10**6, np.int64),
            rate_agents=np.full(n, 1e6),
            p_detect=np.zeros(n),
            p_detect_alone=np.zeros(n),
            p_identify=np.zeros(n),
            queue_people=np.zeros(n),
            waiting_people=np.zeros(n),
            familiarity=np.ones(n),
            price=np.zeros(n),
        )
        return BorderArrays(**(fields | overrides))

    return make
