"""Border points: one Mesa agent per crossing on the route graph.

Each day a border point applies its policy (open, filtered by nationality, capped, closed), works
out how many people it can admit, and how likely it is to detect a smuggled crossing and to
identify a trafficking victim among those it screens. Detection rises with staffing, equipment and
police training and falls with corruption; identification rises with police and frontline
training. Training given by a mission takes effect after a delay. The queue itself is processed for
all border points at once in :mod:`model.crossing`.
"""

import math
from dataclasses import dataclass

import mesa
import numpy as np

from model.courses import AUDIENCES, Course
from model.enums import Nationality, Policy
from model.graph import Border
from model.params_borders import LEVELS, BorderLevels, BorderParams

RESTRICTION = {Policy.OPEN: 0.0, Policy.FILTER: 0.5, Policy.CAP: 0.5, Policy.CLOSED: 1.0}


@dataclass
class BorderArrays:
    """Today's state of every border point as arrays (one row per border point, in graph order),
    made once a day after the events (step 1) for the rules that treat all borders at once."""

    admits: np.ndarray  # (borders, nationality groups): admitted without a smuggler today
    limit_people: np.ndarray  # people a day: the lower of capacity and cap
    limit_agents: np.ndarray  # agents admitted today at most (fractions carried over)
    rate_agents: np.ndarray  # agents a day the limit lets through on average (fractional)
    p_detect: np.ndarray  # chance of detecting a smuggled crossing
    p_detect_alone: np.ndarray  # chance of detecting a migrant crossing the closed border alone
    p_identify: np.ndarray  # chance of identifying a trafficking victim among those screened
    queue_people: np.ndarray  # people queuing at the end of yesterday
    waiting_people: np.ndarray  # people the policy admits, turned away from the queue and waiting nearby
    familiarity: np.ndarray  # 0-1: how well trodden the crossing is
    price: np.ndarray  # EUR a person: a smuggler's price for this leg today (model.smuggling)

    @classmethod
    def of(cls, border_points: list["BorderPoint"], price: np.ndarray) -> "BorderArrays":
        limit_people = np.array([bp.daily_limit_people() for bp in border_points])
        return cls(
            admits=np.stack([bp.admits() for bp in border_points]),
            limit_people=limit_people,
            limit_agents=np.array([bp.limit_agents for bp in border_points]),
            rate_agents=limit_people / border_points[0].model.params.people_per_agent,
            p_detect=np.array([bp.p_detect for bp in border_points]),
            p_detect_alone=np.array([bp.p_detect_alone for bp in border_points]),
            p_identify=np.array([bp.p_identify for bp in border_points]),
            queue_people=np.array([bp.queue for bp in border_points]),
            waiting_people=np.array([bp.waiting for bp in border_points]),
            familiarity=np.array([bp.familiarity() for bp in border_points]),
            price=np.asarray(price, dtype=float),
        )


def _sigmoid(x: float) -> float:
    # the parameters' bounds keep |x| in the hundreds; below -700, exp(-x) would overflow
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


class BorderPoint(mesa.Agent):
    """A border crossing: policy, capacity and the institutional levels behind detection."""

    def __init__(self, model, border: Border, levels: BorderLevels, params: BorderParams, closed: bool):
        super().__init__(model)
        self.border = border
        self.name = border.name
        self.params = params
        # the levels (model.params_borders.LEVELS) as attributes: capacity_per_day, staffing, equipment, ...
        self.set_levels(**levels.model_dump())
        self.policy = Policy.CLOSED if closed else Policy.OPEN
        self.allowed = np.ones(len(Nationality), bool)
        self.cap_per_day = math.inf
        self.pending: list[Course] = []  # delivered, not yet in effect
        self._carry = 0.0
        self.limit_agents = 0
        self.p_detect = 0.0
        self.p_detect_alone = 0.0
        self.p_identify = 0.0
        self.queue = 0  # people queuing at the end of the day
        self.waiting = 0  # people stranded nearby whom its policy admits (waiting for the queue to shorten)
        self.stranded = 0  # people refused here and still waiting nearby
        self.refused_week = np.zeros(7)  # people refused on each of the last seven days
        self.irregular_week = np.zeros(7)  # people crossing irregularly (caught or not), each of the last seven days
        self.trained_courses = 0
        self.tightening = 0.0  # how much the policy was tightened, at the last tightening
        self.tightened_on = 0
        self.recent_flow = 0.0  # people crossing a day, averaged over the familiarity memory

    def set_policy(self, policy: str, allowed=None, cap_per_day=None):
        before = RESTRICTION[self.policy]
        self.policy = Policy[policy.upper()]
        change = RESTRICTION[self.policy] - before
        if change:  # tightening adds to the news, loosening takes it back
            memory = self.model.params.missions.tightening_memory_days
            self.tightening = min(1.0, max(0.0, self.recent_tightening(memory) + change))
            self.tightened_on = self.model.day
        self.allowed = np.ones(len(Nationality), bool)
        if policy == "filter":
            self.allowed[:] = False
            for name in allowed:
                self.allowed[Nationality[name]] = True
        self.cap_per_day = cap_per_day if policy == "cap" else math.inf

    def set_levels(self, **levels):
        """Set the given levels of :data:`model.params_borders.LEVELS`; None leaves a level as it is."""
        for key, value in levels.items():
            if key not in LEVELS:
                raise KeyError(f"{key!r} is not a border level; levels: {', '.join(LEVELS)}")
            if value is not None:
                setattr(self, key, value)

    def schedule_training(self, course: Course):
        """A course given today raises the level its audience trains once it takes effect."""
        self.pending.append(course)
        self.trained_courses += 1

    def admits(self) -> np.ndarray:
        """Which nationality groups this border lets through today (without a smuggler)."""
        if self.policy == Policy.CLOSED:
            return np.zeros(len(Nationality), bool)
        return self.allowed.copy()

    def daily_limit_people(self) -> float:
        return min(self.capacity_per_day, self.cap_per_day)

    def prepare_day(self):
        """Apply training that has come into effect and set today's limit and probabilities."""
        day, people_per_agent = self.model.day, self.model.params.people_per_agent
        due = [c for c in self.pending if c.effective_day <= day]
        self.pending = [c for c in self.pending if c.effective_day > day]
        for course in due:
            before = self.probabilities()
            level = AUDIENCES[course.audience]
            if level is not None:
                setattr(self, level, min(1.0, getattr(self, level) + course.rise))
            after = self.probabilities()
            course.detection_change, course.identification_change = after[0] - before[0], after[1] - before[1]
        quota = self.daily_limit_people() / people_per_agent + self._carry
        self.limit_agents = int(quota)
        self._carry = quota - self.limit_agents
        self.p_detect, self.p_identify = self.probabilities()
        self.p_detect_alone = _sigmoid(self.detect_log_odds() + self.params.alone_detect_log_odds)

    def probabilities(self) -> tuple[float, float]:
        """The chances, at today's levels, of detecting a smuggled crossing and of identifying a victim."""
        p = self.params
        p_detect = _sigmoid(self.detect_log_odds())
        p_identify = _sigmoid(
            p.identify_intercept
            + p.identify_training * self.training
            + p.identify_frontline * self.frontline_training
            - p.identify_corruption * self.corruption
        )
        return p_detect, p_identify

    def detect_log_odds(self) -> float:
        """Log-odds of detecting a smuggled crossing at today's levels."""
        p = self.params
        return (
            p.detect_intercept
            + p.detect_staffing * self.staffing
            + p.detect_equipment * self.equipment
            + p.detect_training * self.training
            - p.detect_corruption * self.corruption
        )

    def record_day(
        self, refused_people: float, queue_people: float, stranded_people: float, crossed_people: float,
        waiting_people: float, irregular_people: float,
    ):  # fmt: skip
        """The day's counts at this border point (people); ``waiting_people`` are those stranded here whom
        its policy admits (turned away from a long queue), part of ``stranded_people``;
        ``irregular_people`` crossed it irregularly, with a smuggler or alone, whether caught or not."""
        memory = self.model.params.migrants.familiarity_memory_days
        self.recent_flow += (crossed_people - self.recent_flow) / memory
        self.refused_week[self.model.day % 7] = refused_people  # a ring over the last seven days
        self.irregular_week[self.model.day % 7] = irregular_people
        self.queue = queue_people
        self.stranded = stranded_people
        # a waiting list outlives the day: those who left it to try elsewhere are still on it
        self.waiting += (waiting_people - self.waiting) / self.model.params.migrants.waiting_list_memory_days

    def recent_tightening(self, memory_days: float) -> float:
        """Tightening of the policy, fading as it becomes the new normal (0 = none, 1 = closed)."""
        return self.tightening * math.exp(-(self.model.day - self.tightened_on) / memory_days)

    def familiarity(self) -> float:
        """How well known the crossing is among migrants (0 = no one went lately, 1 = well trodden)."""
        scale = self.model.params.migrants.familiar_flow_people_per_day
        return 1.0 - math.exp(-self.recent_flow / scale)

    def weakness(self) -> float:
        """What a monitoring visit sees of the border police: 0 = strong, 1 = understaffed,
        unequipped and corrupt (seed 6.1)."""
        return (2 - self.staffing - self.equipment + self.corruption) / 3
