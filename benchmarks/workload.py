"""One workload for two models: this model's route graph, a constant inflow and three closures.

The workload is a plain dictionary (JSON-safe), so the FLEE side can read it without importing this
model, even from another interpreter:

- the graph: every place of :class:`model.graph.RouteGraph` (name, country, lat/lon, kind) and every
  edge with its length in km. FLEE links are two-way; this model's border arcs point toward the
  destinations and its domestic edges are two-way;
- the inflow: ``N`` agents spread evenly over ``DAYS`` days, all entering at Mytilene (Lesbos),
  one person per agent;
- the closures, as country pairs on a day: Serbia-Hungary on day 31, Croatia-Hungary on day 63 and
  Greece-North Macedonia on day 206 (15 Sep 2015, 17 Oct 2015 and 8 Mar 2016 from 15 Aug 2015);
  Turkey is closed from day 0 on both sides so that no one wanders back to İzmir or Edirne.
  Every other border is open from the first day (FLEE has no visas, so the branches through Albania,
  Bosnia, Kosovo and Bulgaria are open on both sides, as is the Croatian-Slovenian corridor).

FLEE uses its country closures (``Ecosystem.closures`` enacted each day); its link closures read
from CSV are broken in FLEE 3.1. This model uses ``border_policy`` events on every border point
between the two countries.
"""

from datetime import date, timedelta

import numpy as np

START = date(2015, 8, 15)
DAYS = 300
ENTRY = "Mytilene"
FROM_THE_START = 0
CLOSURES = [  # (day, country, country)
    (FROM_THE_START, "GR", "TR"),
    (FROM_THE_START, "BG", "TR"),
    (31, "RS", "HU"),
    (63, "HR", "HU"),
    (206, "GR", "MK"),
]
FLEE_NEVER_REOPENS = 10**6


def daily_inflow(total: int, days: int = DAYS) -> list[int]:
    """``total`` agents over ``days`` days, as even as whole agents allow (the first days take the rest)."""
    base, extra = divmod(total, days)
    return [base + (1 if day < extra else 0) for day in range(days)]


def describe(total_agents: int) -> dict:
    """The workload for ``total_agents`` agents, built from this model's route graph."""
    from model.graph import RouteGraph

    g = RouteGraph()
    nodes = [
        {"name": g.names[i], "country": g.country[i], "lat": float(g.lat[i]), "lon": float(g.lon[i]), "kind": g.kind[i]}
        for i in range(g.n_nodes)
    ]
    edges = [{"a": g.names[a], "b": g.names[b], "km": float(km)} for a, b, km, _ in g.edges]
    return {
        "start": START.isoformat(),
        "days": DAYS,
        "entry": ENTRY,
        "nodes": nodes,
        "edges": edges,
        "inflow": daily_inflow(total_agents),
        "closures": [{"day": d, "a": a, "b": b} for d, a, b in CLOSURES],
    }


# --- this model -----------------------------------------------------------------------------------
def model_scenario(work: dict):
    """A one-person-per-agent Scenario over the workload's days with its closures as border events."""
    from model.graph import RouteGraph
    from model.parameters import Parameters
    from model.scenario import Scenario

    g = RouteGraph()
    start = date.fromisoformat(work["start"])

    def borders_between(a: str, b: str) -> list[str]:
        return [x.name for x in g.borders if {x.from_country, x.to_country} == {a, b}]

    at_start = [name for c in work["closures"] if c["day"] == 0 for name in borders_between(c["a"], c["b"])]
    events = [
        {
            "type": "border_policy",
            "date": start + timedelta(days=c["day"]),
            "borders": borders_between(c["a"], c["b"]),
            "policy": "closed",
            "note": f"{c['a']}-{c['b']} closed (benchmark workload)",
        }
        for c in work["closures"]
        if c["day"] > 0
    ]
    params = Parameters(
        start_date=start,
        end_date=start + timedelta(days=work["days"] - 1),
        warm_start_from=None,  # the workload's days only, as FLEE runs them
        people_per_agent=1,
        bulgaria_land_arrivals_per_day=0.0,
        borders={"closed_at_start": at_start},
    )
    return Scenario(name="vs_flee", description="benchmark workload shared with FLEE", parameters=params, events=events)


def inflow_model_class():
    """RouteModel with the workload's constant inflow at the entry instead of the recorded arrivals."""
    from model.model import RouteModel

    class InflowModel(RouteModel):
        inflow: list[int] = []

        def _load_forcing(self):
            super()._load_forcing()
            self.sea_agents = np.asarray(self.inflow, dtype=np.int64)
            self.land_agents = np.zeros(self.n_days, dtype=np.int64)

    return InflowModel


def run_model(work: dict, seed: int) -> dict:
    """Build and run this model on the workload; wall time covers construction and every day."""
    import time

    from model.enums import Status

    if work["entry"] != "Mytilene":
        raise ValueError("this model's sea arrivals enter at Mytilene; the workload's entry must too")
    scenario = model_scenario(work)
    cls = inflow_model_class()
    cls.inflow = work["inflow"]
    started = time.perf_counter()
    model = cls(scenario, seed=seed)
    agent_steps = 0
    while model.running:
        model.step()
        agent_steps += model.migrants.active.size
    wall = time.perf_counter() - started
    statuses = model.recorder.statuses[-1]
    return {
        "agents": int(model.migrants.n),
        "days": model.n_days,
        "wall_s": wall,
        "agent_steps": agent_steps,
        "at_destinations": int(statuses[Status.ARRIVED]),
    }


# --- FLEE -----------------------------------------------------------------------------------------
FLEE_SETTINGS = """\
log_levels: {agent: 0, link: 0, camp: 0, init: 0}
spawn_rules: {take_from_population: False, insert_day0: False}
move_rules: {awareness_level: 1}
"""


def flee_type(node: dict, entry: str) -> str:
    """FLEE's location type: the entry is its source ("conflict"), the destinations are its camps
    (where FLEE agents stay: move chance 0.001 a day), every other place a town."""
    if node["name"] == entry:
        return "conflict"
    return "camp" if node["kind"] == "destination" else "town"


def run_flee(work: dict, seed: int) -> dict:
    """Build and run FLEE on the workload through its own API (raises ImportError without FLEE)."""
    import os
    import random
    import tempfile
    import time

    from flee import flee
    from flee.SimulationSettings import SimulationSettings

    random.seed(seed)
    np.random.seed(seed)
    fd, path = tempfile.mkstemp(suffix=".yml", prefix="vs_flee_")
    with os.fdopen(fd, "w") as f:
        f.write(FLEE_SETTINGS)
    try:
        SimulationSettings.ReadFromYML(path)
    finally:
        os.remove(path)

    started = time.perf_counter()
    eco = flee.Ecosystem()
    places = {}
    for node in work["nodes"]:
        places[node["name"]] = eco.addLocation(
            node["name"],
            x=node["lon"],
            y=node["lat"],
            location_type=flee_type(node, work["entry"]),
            country=node["country"],
        )
    for edge in work["edges"]:
        eco.linkUp(edge["a"], edge["b"], distance=edge["km"])
    eco.closures = [["country", c["a"], c["b"], c["day"], FLEE_NEVER_REOPENS] for c in work["closures"]]
    entry = places[work["entry"]]
    agent_steps = 0
    for day in range(work["days"]):
        for _ in range(work["inflow"][day]):
            eco.addAgent(location=entry, attributes={})
        eco.enact_border_closures(day)
        eco.evolve()
        agent_steps += len(eco.agents)
    wall = time.perf_counter() - started
    destinations = [n["name"] for n in work["nodes"] if n["kind"] == "destination"]
    return {
        "agents": len(eco.agents),
        "days": work["days"],
        "wall_s": wall,
        "agent_steps": agent_steps,
        "at_destinations": int(sum(places[name].numAgents for name in destinations)),
        "flee_version": str(getattr(__import__("flee"), "__version__", "?")),
    }
