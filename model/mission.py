"""OSCE field missions: Mesa agents that monitor border points, judge risk, and respond.

Rules (seed study sections 4.2 and 6): every Monday a mission plans the week's monitoring visits to
the border points of its host country (a regional mission has several host countries). Its teams
travel from its headquarters or the nearest field office, so a visit costs on-site time plus the
drive there and back; the team-days it has bound how many visits it can make. In business as
usual it makes its routine visits; once proactive it uses more visits as its perceived risk
warrants (per team), going most where risk is highest. What a visit sees (people stranded and refused there,
the queue) updates the mission's perceived risk at that border; borders it does not see are known
only second-hand, from authorities and partners. The perceived risk drives its posture (with a
higher bar without a migration focal point), its spot and background reports, and its training of
border police and frontline workers, paid from an annual budget planned the year before. A mandate
may forbid border and security work (Kosovo).

Two rules are off in the historical scenario and serve the what-ifs: a mission may train before any
risk appears (``preemptive_training_from``), and it may watch its neighbours (``watch_neighbours``):
the risk it reads at the border points of the countries next to its own is carried, weighted, to
its own border points facing them (seed 7: a regional approach at the operational level).
"""

import math
from datetime import date

import mesa
import numpy as np

from model.courses import KIND_TO_AUDIENCE, Course
from model.enums import Posture
from model.graph import COUNTRIES
from model.mission_specs import MissionSpec
from model.params_missions import MissionRules

# A spot report is news: the seed study's (Horgoš, Sept 2015) is one of a kind, so a mission reports on
# the same border point again a month later at the earliest (assumed).
SPOT_REPORT_GAP_DAYS = 30


def _stochastic_round(x: float, rng) -> int:
    return int(x) + int(rng.random() < x - int(x))


class Mission(mesa.Agent):
    """One OSCE field mission."""

    def __init__(self, model, mission_id: str, spec: MissionSpec, rules: MissionRules):
        super().__init__(model)
        g = model.graph
        self.mission_id = mission_id
        self.spec = spec
        self.rules = rules
        self.country = spec.country  # the lead host country, where the headquarters is
        self.countries = list(spec.countries)
        self.offices = [g.index[spec.hq], *(g.index[n] for n in spec.field_offices)]
        self.teams = spec.teams
        self.budget = spec.annual_budget_eur
        self.budget_decided_on = -1  # day of the last budget event
        self.next_budget = spec.annual_budget_eur
        self.next_teams = 0
        self.spent = 0.0
        self.focal_point = spec.focal_point_since is not None and spec.focal_point_since <= model.simulation_start
        self.posture = Posture.BUSINESS_AS_USUAL
        self.partners = list(spec.partners)  # missions it shares information with (mission_exchange adds)
        self.borders = [bp for bp in model.border_points if self.hosts(bp)]
        # where its mandate allows border work: not from the side of a country where the OSCE is status-neutral
        self.workable = np.array([bool(self.own_sides(bp)) for bp in self.borders], bool)
        self.risk = np.zeros(len(self.borders))
        self.reference = spec.crisis_scale_people or rules.risk_reference_people
        self.neighbour_risk = np.zeros(len(self.borders))
        self.watched = self._watched_borders(model.border_points) if spec.watch_neighbours else {}
        self.country_risk = 0.0
        self.plan = np.zeros((7, len(self.borders)), np.int64)  # visits per weekday and border
        self.last_training = np.full(len(self.borders), -(10**6))
        self.last_spot_report = np.full(len(self.borders), -(10**6))
        self.last_background_report = -(10**6)
        self.last_awareness = -(10**6)
        self.deploy_on = None
        self.first_proactive_day = None
        self.first_training_day = None
        self.visits_by_border = np.zeros(len(self.borders), np.int64)
        self.start_day()

    def start_day(self):
        """Step 1, before the day's events: today's counts start at zero (a recorded course counts today)."""
        self.visits_today = 0
        self.trainings_today = 0
        self.reports_today = 0
        self.spent_today = 0.0
        self.visits_today_by_border = np.zeros(len(self.borders), np.int64)

    # --- the day -------------------------------------------------------------------------------
    def step(self):
        today = self.model.date
        self.manage_budget(today)
        since = self.spec.focal_point_since
        if not self.focal_point and since is not None and since <= today:
            self.focal_point = True
        if today.weekday() == 0:
            self.absorb_secondhand_information()
            self.decide_posture()
            self.plan_visits()
            self.act_on_risk()
            self.train_preemptively()
        self.monitor(today.weekday())
        self.decide_posture()
        self.deploy_field_presence()

    # --- where the mission works -----------------------------------------------------------------
    def hosts(self, bp) -> bool:
        """Whether border point ``bp`` has a side in one of the mission's host countries."""
        return bp.border.from_country in self.countries or bp.border.to_country in self.countries

    def own_sides(self, bp) -> list[int]:
        """The places at ``bp`` on the mission's side where it may work: one, or both at a border between two
        host countries, but never the side of a country where the OSCE is status-neutral (seed 4.2: Kosovo's
        status neutrality forbids border and security work there, whichever mission would do it)."""
        b, neutral = bp.border, self.rules.status_neutral_countries
        sides = ((b.from_node, b.from_country), (b.to_node, b.to_country))
        return [n for n, c in sides if c in self.countries and c not in neutral]

    def share_with(self, mission_ids) -> None:
        """From today, hear the perceived risk of these missions too (a mission_exchange event)."""
        self.partners += [m for m in mission_ids if m not in self.partners]

    def _watched_borders(self, border_points) -> dict[int, list]:
        """For each own border point facing a neighbouring country, that country's other border points."""
        watched = {}
        for i, bp in enumerate(self.borders):
            b = bp.border
            facing = b.to_country if b.from_country in self.countries else b.from_country
            if facing not in self.countries:
                watched[i] = [
                    o
                    for o in border_points
                    if facing in (o.border.from_country, o.border.to_country) and not self.hosts(o)
                ]
        return watched

    def awareness_country(self) -> str:
        """Where to raise awareness: the host country of the riskiest border point (the lead country
        for a one-country mission, or when no risk stands out)."""
        if len(self.countries) == 1 or not self.risk.any():
            return self.country
        b = self.borders[int(np.argmax(self.risk))].border
        return b.to_country if b.to_country in self.countries else b.from_country

    # --- rules ---------------------------------------------------------------------------------
    def manage_budget(self, today: date):
        """Plan next year's budget and posts in the planning month; start a new budget year on 1 Jan."""
        if today.day == 1 and today.month == self.rules.budget_planning_month:
            self.next_budget = self.spec.annual_budget_eur + self.rules.extra_budget_eur_per_risk * self.country_risk
            wants_posts = self.posture == Posture.PROACTIVE and self.spec.can_monitor_borders
            self.next_teams = self.rules.max_extra_teams if wants_posts else 0
        if today.day == 1 and today.month == 1 and self.model.day > 0:
            if self.budget_decided_on != self.model.day:
                self.budget = self.next_budget
            self.spent = 0.0
            if self.next_teams:
                self.model.schedule(self.model.day + self.rules.new_post_delay_days, self._add_teams, self.next_teams)
            self.next_teams = 0

    def _add_teams(self, n: int):
        self.teams += n

    def absorb_secondhand_information(self):
        """Weekly: risk fades where no one looked; authorities' and partners' reports fill gaps; a
        mission watching its neighbours adds what it reads there. Changes ``risk`` and ``country_risk``."""
        r = self.rules
        seen = self.plan.sum(axis=0) > 0
        for i, bp in enumerate(self.borders):
            if not seen[i]:
                self.risk[i] = max(self.risk[i] * (1 - r.risk_decay_per_week), self.observe(bp, r.secondhand_weight))
        self.watch_neighbours()
        own = float(self.risk.max()) if len(self.risk) else 0.0
        partners = [m.own_risk() for m in self.model.missions if m.mission_id in self.partners]
        shared = r.info_sharing_weight * max(partners, default=0.0)
        self.country_risk = max(own, shared, self.country_picture())

    def country_picture(self) -> float:
        """Risk read in the people stranded anywhere in the host countries (camps, cities, not only at the
        border points), second-hand from the humanitarian partners' regular briefings (seed 6.2: UNHCR's in
        Serbia, weekly meetings in Macedonia)."""
        r = self.rules
        stranded = sum(self.model.stranded_people[COUNTRIES.index(c)] for c in self.countries)
        return r.secondhand_weight * r.risk_country_stranded_weight * stranded / self.reference

    def watch_neighbours(self):
        """Weekly, for a mission that watches its neighbours: the highest second-hand risk at a
        neighbouring country's border points, times ``neighbour_weight``, becomes a floor under the
        risk at its own border points facing that country, since a flow stuck next door may turn to
        them. Changes ``neighbour_risk`` and ``risk``; a floor lasts only while the risk next door does."""
        r = self.rules
        for i, others in self.watched.items():
            next_door = max((self.observe(bp, r.secondhand_weight) for bp in others), default=0.0)
            self.neighbour_risk[i] = r.neighbour_weight * next_door
        np.maximum(self.risk, self.neighbour_risk, out=self.risk)

    def own_risk(self) -> float:
        return float(self.risk.max()) if len(self.risk) else 0.0

    def observe(self, bp, secondhand: float = 1.0) -> float:
        """Risk seen at a border point: people refused, crossing irregularly (the police's apprehensions,
        the partners' counts of new arrivals), (less) stranded and queuing there, weighed up where the
        border police are weak (understaffed, under-equipped, corrupt: seed 6.1), and a recent
        tightening of its policy (seed 6.1: visits rose after Macedonia's tightening). Policy changes
        are public; the human picture comes second-hand at weight ``secondhand``."""
        r = self.rules
        people = (
            bp.refused_week.sum()
            + r.risk_irregular_weight * bp.irregular_week.sum()
            + r.risk_stranded_weight * bp.stranded
            + r.risk_queue_weight * bp.queue
        )
        pressure = people / self.reference * (1 + r.risk_weakness_weight * bp.weakness())
        policy = r.risk_per_tightening * bp.recent_tightening(r.tightening_memory_days)
        return secondhand * pressure + policy

    def threshold(self) -> float:
        return 1.0 if self.focal_point else self.rules.no_focal_point_factor

    def decide_posture(self):
        r = self.rules
        if self.posture == Posture.BUSINESS_AS_USUAL and self.country_risk >= r.proactive_threshold * self.threshold():
            self.posture = Posture.PROACTIVE
            if self.first_proactive_day is None:
                self.first_proactive_day = self.model.day
        elif self.posture == Posture.PROACTIVE and self.country_risk < r.relax_threshold * self.threshold():
            self.posture = Posture.BUSINESS_AS_USUAL

    def visit_cost_days(self, bp) -> float:
        """Team-days for one visit: time on site plus the drive from the nearest office and back."""
        g, r = self.model.graph, self.rules
        km = min(g.road_km[o, side] for o in self.offices for side in self.own_sides(bp))
        return r.visit_onsite_days + 2 * km / r.team_km_per_day

    def plan_visits(self):
        """Monday: the week's visits. Routine visits go to the main entry point into a host country
        (where most people have lately come in); a proactive mission adds visits in proportion to its
        perceived risk, each to the border where risk per visit is highest, within its team-days."""
        self.plan[:] = 0
        if not self.spec.can_monitor_borders or not self.borders or self.teams == 0:
            return
        r, rng = self.rules, self.model.rng
        left = float(self.teams * r.working_days_per_week)
        costs = np.array(
            [self.visit_cost_days(bp) if ok else np.inf for bp, ok in zip(self.borders, self.workable, strict=True)]
        )
        visits = np.zeros(len(self.borders), np.int64)
        inflow = np.array([bp.recent_flow if bp.border.to_country in self.countries else 0.0 for bp in self.borders])
        inflow[~self.workable] = -1.0
        main = int(np.argmax(inflow))
        for _ in range(_stochastic_round(self.spec.baseline_visits_per_week, rng)):
            if costs[main] > left + 1e-9:
                break
            visits[main] += 1
            left -= costs[main]
        # each team adds its own visits, so a second team adds monitoring rather than spreading the same visits
        extra = r.visits_per_week_per_risk * self.country_risk * self.teams if self.posture == Posture.PROACTIVE else 0
        for _ in range(_stochastic_round(extra, rng)):
            score = np.where(costs <= left + 1e-9, self.risk / (visits + 1), -np.inf)
            if not np.isfinite(score).any() or score.max() <= 0:
                break
            best = int(np.argmax(score))
            visits[best] += 1
            left -= costs[best]
        for i, k in enumerate(visits):
            for j in range(k):
                self.plan[j % r.working_days_per_week, i] += 1

    def monitor(self, weekday: int):
        """Make today's planned visits and update perceived risk from what they see."""
        r = self.rules
        for i in np.flatnonzero(self.plan[weekday]):
            bp = self.borders[i]
            seen = self.observe(bp) * math.exp(r.observation_noise_log_sd * self.model.rng.standard_normal())
            self.risk[i] = (1 - r.risk_memory) * self.risk[i] + r.risk_memory * seen
            self.risk[i] = max(self.risk[i], self.neighbour_risk[i])  # a quiet visit does not erase the crowd next door
            k = int(self.plan[weekday, i])
            self.visits_today += k
            self.visits_today_by_border[i] += k
            self.visits_by_border[i] += k
            self.spend(k * r.visit_cost_eur)
            if seen >= r.spot_report_risk and self.model.day - self.last_spot_report[i] >= SPOT_REPORT_GAP_DAYS:
                self.last_spot_report[i] = self.model.day
                self.reports_today += 1
        self.country_risk = max(self.country_risk, self.own_risk())

    def act_on_risk(self):
        """Weekly, when proactive: train at the riskiest border, raise awareness, report."""
        if self.posture != Posture.PROACTIVE:
            return
        r, day = self.rules, self.model.day
        if self.spec.can_train_police and self.borders and self.budget - self.spent >= r.training_cost_eur:
            # train where risk is high, the police weak and the training still low
            need = self.risk * np.array(
                [
                    (r.training_need_strong_police + bp.weakness()) * (1 - max(bp.training, bp.frontline_training))
                    for bp in self.borders
                ]
            )
            ready = (day - self.last_training >= r.training_interval_days) & (self.risk >= r.relax_threshold)
            ready &= self.workable
            if ready.any():
                i = int(np.argmax(np.where(ready, need, -np.inf)))
                bp = self.borders[i]
                kind = "police" if bp.training <= bp.frontline_training else "frontline"
                self.train(bp, kind)
                self.last_training[i] = day
        campaign_due = self.spec.raises_awareness and day - self.last_awareness >= r.awareness_interval_days
        if campaign_due and self.budget - self.spent >= r.awareness_cost_eur:
            self.model.raise_awareness(self.awareness_country(), r.awareness_effect)
            self.spend(r.awareness_cost_eur)
            self.last_awareness = day
        if day - self.last_background_report >= r.background_report_days:
            self.last_background_report = day
            self.reports_today += 1

    def train_preemptively(self):
        """Weekly from the spec's ``preemptive_training_from``, whatever the posture: one course at the
        least-trained border point not trained within the training interval (police first, then
        frontline workers), while the budget allows and the mandate permits police training.
        Schedules the course at the border point and spends its cost (see :meth:`train`)."""
        since, r, day = self.spec.preemptive_training_from, self.rules, self.model.day
        if since is None or self.model.date < since or not self.spec.can_train_police or not self.borders:
            return
        ready = (day - self.last_training >= r.training_interval_days) & self.workable
        if not ready.any() or self.budget - self.spent < r.training_cost_eur:
            return
        level = np.array([bp.training + bp.frontline_training for bp in self.borders])
        i = int(np.argmin(np.where(ready, level, np.inf)))
        bp = self.borders[i]
        self.train(bp, "police" if bp.training <= bp.frontline_training else "frontline")
        self.last_training[i] = day

    def train(self, bp, kind: str):
        """Deliver one course at border point ``bp`` to the audience of ``kind`` (police, frontline,
        judiciary); it takes effect after the training delay."""
        r, day = self.rules, self.model.day
        course = Course(day, self.mission_id, bp.border.index, KIND_TO_AUDIENCE[kind], day + r.training_delay_days,
                        r.training_effect)  # fmt: skip
        bp.schedule_training(course)
        self.model.recorder.courses.append(course)
        self.trainings_today += 1
        self.spend(r.training_cost_eur)
        if self.first_training_day is None:
            self.first_training_day = self.model.day

    def spend(self, eur: float):
        self.spent += eur
        self.spent_today += eur

    def deploy_field_presence(self):
        """Rapid deployment (BiH's Temporary Presences Mechanism): open an office near the flow."""
        if not self.spec.rapid_deployment or self.posture != Posture.PROACTIVE or not self.workable.any():
            return
        if self.deploy_on is None:
            self.deploy_on = self.model.day + self.rules.deployment_delay_days
        elif self.model.day == self.deploy_on:
            side = self.own_sides(self.borders[int(np.argmax(np.where(self.workable, self.risk, -np.inf)))])[-1]
            if side not in self.offices:
                self.offices.append(side)

    # --- recorded actions from the scenario ----------------------------------------------------
    def open_office(self, node: int):
        if node not in self.offices:
            self.offices.append(node)

    def close_office(self, node: int):
        if node in self.offices[1:]:
            self.offices.remove(node)
