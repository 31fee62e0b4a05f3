"""RouteModel: one simulation run of migration along the 2015-16 Balkans route.

Migrants arrive on the Greek islands (recorded monthly sea arrivals) and by land in Bulgaria, and
travel a graph of real places toward Germany or Austria. Border point agents apply dated policies
and process queues; smugglers sell each closed leg at a price that answers detection and demand
(:mod:`model.smuggling`); six OSCE mission agents monitor the border points of their host countries and
respond (Marciacq, Boštjančič Pulko and Flessenkemper, *Migration - a new challenge for the OSCE in
South Eastern Europe?*, 2016). One step is one day; its order is the design's numbered list. The days
from ``warm_start_from`` to ``start_date`` are simulated when the model is made, so the route is under
way on the first recorded day.
"""

from datetime import date, timedelta
from functools import cache

import mesa
import numpy as np

from model import forcing
from model.border import BorderArrays, BorderPoint
from model.crossing import process_borders
from model.day import Today
from model.enums import Nationality, Status
from model.errors import InputError
from model.events import ContainmentEvent
from model.graph import COUNTRIES, RouteGraph
from model.kernels import en_route
from model.migrants import HELD_ON_ISLAND, Migrants
from model.mission import Mission
from model.movement import move_along_edges, start_next_hop
from model.recorder import Recorder
from model.refusal import (
    DAYS_PER_MONTH,
    exploit_smuggled,
    leave_route,
    move_on_from_asylum,
    respond_to_refusal,
    return_by_police,
)
from model.routing import MAX_INFO_LAG_DAYS, RouteCosts
from model.scenario import Scenario
from model.smuggling import SmugglingMarket
from model.tally import tally_day

# About 50 bytes an agent, with the day's temporaries: 20 million agents (20 times the historical run
# at one person per agent) is the most a run may ask of a laptop.
MAX_AGENTS = 20_000_000
# Monthly arrivals recorded from 2017 (model/data, derivations in docs/forcing_2017_2018.md). People who
# crossed the Evros enter the graph at Thessaloníki: it has no place for the Evros region, and from there
# they went on to the borders (a day's bus ride, ignored).
BULGARIA_LAND_FILE = "bulgaria_land_arrivals_monthly.csv"
EVROS_FILE = "greece_land_arrivals_monthly.csv"
EVROS_ENTRY = "Thessaloníki"
# island_processing_per_day is the capacity on this date; a run starting later finds it grown
ISLAND_PROCESSING_BASE = date(2015, 6, 1)


@cache
def shared_graph() -> RouteGraph:
    """The route graph is read-only once built, so one copy serves every run in a process."""
    return RouteGraph()


class RouteModel(mesa.Model):
    """Migrants, border points and OSCE missions on the route graph; ``step()`` is one day."""

    def __init__(self, scenario: Scenario | None = None, seed: int = 42):
        super().__init__(rng=int(seed))
        self.route_scenario = scenario or Scenario()
        self.params = p = self.route_scenario.parameters
        self.seed = int(seed)
        self.graph = shared_graph()
        self.start, self.end = p.start_date, p.end_date  # the recorded days
        self.simulation_start = p.simulation_start  # earlier when the route is warmed up (warm_start_from)
        self.first_recorded_day = (self.start - self.simulation_start).days
        self.n_days = (self.end - self.simulation_start).days + 1
        self.dates = [self.simulation_start + timedelta(days=i) for i in range(self.n_days)]
        self.day, self.date = 0, self.simulation_start
        self._load_forcing()
        n_agents = int(self.sea_agents.sum() + self.land_agents.sum() + self.evros_agents.sum())
        n_agents += int(sum(agents.sum() for _, agents, _ in self.air_agents))
        if n_agents > MAX_AGENTS:
            raise InputError(
                f"the run would need {n_agents:,} migrant agents, more than {MAX_AGENTS:,}: "
                f"raise people_per_agent (now {p.people_per_agent}) or lower the arrivals"
            )
        self.migrants = Migrants(n_agents)
        self.costs = RouteCosts(self.graph, p.migrants, self.n_days)
        self._create_border_points()
        self.market = SmugglingMarket(len(self.border_points), p.migrants.smuggler_price_eur, p.smuggling)
        self.missions = [Mission(self, mid, spec, p.missions) for mid, spec in p.missions.specs.items()]
        self.recorder = Recorder(
            self.dates,
            self.first_recorded_day,
            [b.name for b in self.graph.borders],
            [m.mission_id for m in self.missions],
            p.people_per_agent,
        )
        self.is_camp = np.array([k in ("camp", "entry") for k in self.graph.kind])
        stay = [COUNTRIES.index(c) for c in p.migrants.asylum_stay_countries]
        self.asylum_settles_at = np.isin(self.graph.country_idx, stay)
        destinations = np.isin(self.graph.country_idx, self.graph.country_idx[self.graph.destination])
        self.asylum_waits_at = self.asylum_settles_at & ~destinations
        # a claim ends the journey where it is pursued, unless claimants there may still set off (Greece)
        moving_on = p.migrants.asylum_pursued_move_on_per_day > 0
        self.asylum_final_at = self.asylum_settles_at & ~self.asylum_waits_at if moving_on else self.asylum_settles_at
        self.registration_limit = np.full(len(COUNTRIES), np.iinfo(np.int64).max)  # agents a day
        for code, people in p.registration_capacity_per_day.items():
            self.registration_limit[COUNTRIES.index(code)] = int(people // p.people_per_agent)
        self.awareness = np.zeros(len(COUNTRIES))
        mp = p.migrants
        self.police_return_rate = np.array([mp.police_return_per_day.get(c, 0.0) for c in COUNTRIES])
        self.police_return_node = np.array([self.graph.index.get(mp.police_return_to.get(c), -1) for c in COUNTRIES])
        # people returned here leave the route: the recorded arrivals count their crossings back
        self.off_route = np.array([c == "TR" for c in COUNTRIES])
        self.containment_node = None
        self.island_next_free = 0.0  # first day the islands' processing has room (fractional)
        self.readmitting = False
        self.settled_by_country = np.zeros(len(COUNTRIES), np.int64)
        self.settled_by_status = np.zeros(len(Status), np.int64)
        self.victims_to_date = np.zeros(2, np.int64)  # agents exploited and identified so far
        self.stranded_people = np.zeros(len(COUNTRIES))  # people stranded in each country at the end of yesterday
        self._scheduled: dict[int, list] = {}
        self._events_by_day: dict[int, list] = {}
        for event in self.route_scenario.events:
            self._events_by_day.setdefault(self.day_of(event.date), []).append(event)
        # what each phase leaves for a later one
        self.today = Today(BorderArrays.of(self.border_points, np.full(len(self.border_points), np.nan)))
        self.running = True
        self.warm_up()

    # --- construction --------------------------------------------------------------------------
    def warm_up(self):
        """Simulate the days before start_date (not recorded), so that the route is under way on it."""
        while self.day < self.first_recorded_day:
            RouteModel.step(self)  # a subclass's own step (the dashboard's) starts with the recorded days

    def _load_forcing(self):
        p = self.params
        sea = forcing.daily_people(self.simulation_start, self.end)
        self.sea_agents = forcing.people_to_agents(sea, p.people_per_agent)
        land = np.full(self.n_days, p.bulgaria_land_arrivals_per_day)
        statement = [e.date for e in self.route_scenario.events if isinstance(e, ContainmentEvent)]
        if statement:
            first = self.day_of(min(statement))
            months_since = (np.arange(self.n_days) - first) / DAYS_PER_MONTH
            after = months_since >= 0
            land[after] *= p.turkey_land_route_factor + p.turkey_land_route_growth_per_month * months_since[after]
        # from 2017 Bulgaria's recorded months replace the rule above (docs/forcing_2017_2018.md)
        bulgaria = forcing.monthly_file(BULGARIA_LAND_FILE)
        recorded = forcing.covered(bulgaria, self.simulation_start, self.end)
        land[recorded] = forcing.spread_monthly(bulgaria, self.simulation_start, self.end)[recorded]
        self.land_agents = forcing.people_to_agents(land, p.people_per_agent)
        evros = forcing.spread_monthly(forcing.monthly_file(EVROS_FILE), self.simulation_start, self.end)
        self.evros_agents = forcing.people_to_agents(evros, p.people_per_agent)
        self.air_agents = []  # (node, agents a day, nationality group)
        for flights in p.air_arrivals:
            days = np.array([flights.start <= d <= flights.end for d in self.dates])
            people = days * flights.people / ((flights.end - flights.start).days + 1)
            agents = forcing.people_to_agents(people, p.people_per_agent)
            self.air_agents.append((self.graph.index[flights.place], agents, Nationality[flights.nationality]))
        self.nationality_share, self.household_share = forcing.composition(self.simulation_start, self.end)

    def _create_border_points(self):
        bp_params = self.params.borders
        defaults = bp_params.defaults.model_dump()
        self.border_points = []
        for border in self.graph.borders:
            override = bp_params.overrides.get(border.name)
            levels = defaults | ({k: v for k, v in override.model_dump().items() if v is not None} if override else {})
            closed = border.name in bp_params.closed_at_start
            self.border_points.append(BorderPoint(self, border, type(bp_params.defaults)(**levels), bp_params, closed))
        self._bp_by_name = {bp.name: bp for bp in self.border_points}

    @property
    def days_recorded(self) -> int:
        """Days recorded so far (the recorder's rows filled); the warm-up days are not."""
        return max(0, self.day - self.first_recorded_day)

    # --- lookups used by events and missions ----------------------------------------------------
    def border_point(self, name: str) -> BorderPoint:
        return self._bp_by_name[name]

    def mission(self, mission_id: str) -> Mission:
        return next(m for m in self.missions if m.mission_id == mission_id)

    def day_of(self, when: date) -> int:
        return (when - self.simulation_start).days

    def schedule(self, day: int, action, *args):
        """Run ``action(*args)`` at the start of ``day`` (delayed effects: new posts, readmissions)."""
        self._scheduled.setdefault(day, []).append((action, args))

    def start_readmissions(self):
        self.readmitting = True

    def raise_awareness(self, country: str, effect: float):
        i = self.graph.country_idx[self.graph.country.index(country)]
        self.awareness[i] = min(1.0, self.awareness[i] + effect)

    # --- the day, in the design's order ----------------------------------------------------------
    def step(self):
        self.apply_events()
        self.add_arrivals()
        self.update_knowledge()
        self.choose_next_moves()
        self.move_migrants()
        self.process_border_points()
        self.missions_act()
        self.collect_data()
        self.day += 1
        if self.day >= self.n_days:
            self.running = False
        else:
            self.date = self.dates[self.day]

    def apply_events(self):
        """1. Policy events and recorded actions dated today; delayed effects falling due."""
        for mission in self.missions:
            mission.start_day()
        for action, args in self._scheduled.pop(self.day, []):
            action(*args)
        for event in self._events_by_day.get(self.day, []):
            event.apply(self)
        for bp in self.border_points:
            bp.prepare_day()
        borders = BorderArrays.of(self.border_points, self.market.price)
        borders.price = self.market.update(borders.p_detect, borders.familiarity)
        self.today.start_of_day(borders)

    def add_arrivals(self):
        """2. Today's recorded arrivals: on the Greek islands, by land in Bulgaria and (from 2017) over the Evros
        into Greece, and by air where a scenario flies people in."""
        g, p = self.graph, self.params.migrants
        # land arrivals came over the fenced Turkish border with a smuggler's package and hold the fee
        # of its legs beyond Sofia (ODD 7.4)
        land_prepaid = (p.smuggle_package_borders - 1) * p.land_onward_leg_price_eur
        entries = [
            (g.index["Mytilene"], self.sea_agents[self.day], p.island_registration_days, 0.0, None),
            (g.index["Svilengrad"], self.land_agents[self.day], p.camp_dwell_days, land_prepaid, None),
            (g.index[EVROS_ENTRY], self.evros_agents[self.day], p.camp_dwell_days, 0.0, None),
            *((node, agents[self.day], 0, 0.0, group) for node, agents, group in self.air_agents),
        ]
        for node, count, dwell, prepaid, group in entries:
            if count == 0:
                continue
            if group is None:
                nat = self.rng.choice(len(Nationality), size=count, p=self.nationality_share[self.day])
            else:
                nat = np.full(count, int(group))
            household = self.rng.choice(3, size=count, p=self.household_share[self.day])
            destination = (self.rng.random(count) < p.destination_share_austria).astype(np.int8)
            money = p.money_medians_eur()[nat] * np.exp(p.money_sigma * self.rng.standard_normal(count)) + prepaid
            lag = np.minimum(self.rng.poisson(p.info_lag_mean_days, count), MAX_INFO_LAG_DAYS)
            idx = self.migrants.add(
                count,
                node=node,
                day=self.day,
                nationality=nat,
                vulnerability=household,
                destination=destination,
                money=money,
                info_lag=lag,
                dwell_days=dwell,
            )
            if node == g.index["Mytilene"]:
                self._queue_for_ferry(idx, dwell)
            self.today.arrivals.append((node, count))
            if self.containment_node == node:
                self.migrants.status[idx] = Status.STRANDED
                self.migrants.border[idx] = HELD_ON_ISLAND

    def _queue_for_ferry(self, idx: np.ndarray, dwell: int):
        """Islanders leave in arrival order at the islands' processing rate, never before registering."""
        p = self.params.migrants
        months = max((self.date - ISLAND_PROCESSING_BASE).days, 0) / DAYS_PER_MONTH
        per_day = p.island_processing_per_day + p.island_processing_growth_per_month * months
        per_agent_day = per_day / self.params.people_per_agent
        first = max(self.island_next_free, self.day + dwell)
        self.migrants.dwell_until[idx] = np.floor(first + np.arange(idx.size) / per_agent_day)
        self.island_next_free = first + idx.size / per_agent_day

    def update_knowledge(self):
        """3. News of border policies reaches migrants with their individual lag (route tables)."""
        mp, b = self.params.migrants, self.today.borders
        # the wait ahead: the queue, and those turned away from it who wait nearby for it to shorten
        ahead = b.queue_people + b.waiting_people
        wait = np.where(b.limit_people > 0, ahead / np.maximum(b.limit_people, 1e-9), np.inf)
        closed_cost = (
            mp.closed_border_cost_days + b.price / mp.value_of_time_eur_per_day + mp.detection_cost_days * b.p_detect
        )
        unfamiliar = mp.unfamiliar_route_cost_days * (1 - b.familiarity)
        self.costs.update(self.day, b.admits, wait + unfamiliar, closed_cost + unfamiliar)

    def choose_next_moves(self):
        """4. Claimants in transit countries may move on; refused migrants wait, divert, hire smugglers or
        claim asylum; police return some of the stranded and some give the journey up; others pick a next
        hop."""
        m = self.migrants
        move_on_from_asylum(
            m, self.rng, self.params.migrants, self.asylum_settles_at, self.asylum_waits_at, self.graph.country_idx
        )
        self.today.choices = respond_to_refusal(
            m,
            self.costs,
            self.rng,
            self.params.migrants,
            self.day,
            self.readmitting,
            self.graph.index["İzmir"],
            self.today.borders,
            self._asylum_limit(),
        )
        self.today.police_returns = return_by_police(
            m, self.rng, self.police_return_rate, self.police_return_node, self.graph.country_idx, self.off_route
        )
        self.today.left = leave_route(m, self.rng, self.params.migrants.leave_route_per_day)
        at_node = en_route(m.active, m.status, m.edge, int(Status.EN_ROUTE), on_arc=False)
        ready = at_node[m.dwell_until[at_node] <= self.day]
        home = m.node[ready] == self.graph.destination[m.destination[ready]]
        m.status[ready[home]] = Status.ARRIVED
        start_next_hop(m, ready[~home], self.costs, self.rng, self.params.migrants, self.day)

    def _asylum_limit(self) -> np.ndarray:
        """Claims each country registers today, in agents (a fraction of an agent is a chance of one)."""
        limit = np.full(len(COUNTRIES), np.iinfo(np.int64).max)
        p = self.params.migrants
        statement = self.containment_node is not None
        capacity = p.greece_asylum_capacity_after_statement_per_day if statement else p.greece_asylum_capacity_per_day
        per_agent = capacity / self.params.people_per_agent
        limit[COUNTRIES.index("GR")] = int(per_agent) + (self.rng.random() < per_agent % 1)
        return limit

    def move_migrants(self):
        """5. Travel along edges by mode; smuggled migrants risk exploitation each day."""
        awareness_of_node = self.awareness[self.graph.country_idx]
        self.today.exploited = exploit_smuggled(self.migrants, self.rng, self.params.migrants, awareness_of_node)
        move_along_edges(self.migrants, self.costs, self.rng, self.params.migrants, self.day, self.is_camp)

    def process_border_points(self):
        """6. Border points admit, refuse, detect and identify (vectorised in model.crossing)."""
        mp = self.params.migrants
        self.today.border_day = process_borders(
            self.migrants, self.graph, self.rng, self.day, self.today.borders, mp.smuggle_trip_days,
            mp.queue_patience_days,
        )  # fmt: skip

    def missions_act(self):
        """7. Missions monitor, decide, spend and report."""
        for mission in self.missions:
            mission.step()

    def collect_data(self):
        """8. Record the day's counts; finished journeys leave the active set."""
        tally_day(self)

    # --- running -------------------------------------------------------------------------------
    def run(self, progress=None):
        """Run to the end date; ``progress`` is an optional callable given each finished day."""
        while self.running:
            self.step()
            if progress is not None:
                progress(self.day)
        return self
