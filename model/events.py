"""Dated events a scenario applies: border policies, border levels, and missions' recorded actions.

Each event type is one class: its fields (a pydantic model told apart by ``type``), what it names
(:attr:`EventBase.references`, which :class:`model.scenario.Scenario` checks against the graph and
the missions) and its effect on a running model (:meth:`EventBase.apply`, step 1 of the day).
Defining the class registers it in :data:`EVENT_TYPES`, which the scenario schema, the loader's
messages, the ODD's table of event types and the dashboard read.
"""

from datetime import date
from typing import Annotated, ClassVar, Literal, Union, get_args

import numpy as np
from pydantic import Field, create_model, field_validator, model_validator

from model.enums import NATIONALITY_NAMES, POLICY_NAMES, Nationality, Status
from model.fields import Strict
from model.graph import COUNTRIES
from model.graph_data import country_of_place
from model.migrants import NO_BORDER
from model.params_borders import LEVELS, NAMED_CAPACITIES, BorderLevels, optional_level

NationalityName = Literal[NATIONALITY_NAMES]
EVENT_TYPES: dict[str, type["EventBase"]] = {}  # type name -> event class, in the order defined


class EventBase(Strict):
    """What every event has. A subclass with a ``type`` field is an event type."""

    sized_fields: ClassVar[tuple[str, ...]] = ()  # fields that may name an ``assumed_sizes`` entry

    date: date
    note: str = ""
    source: str = ""

    type_name: ClassVar[str] = ""  # the ``type`` literal, set on registration
    # field -> what it names ("border", "place" or "mission"), checked by the scenario
    references: ClassVar[dict[str, str]] = {}

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs):
        super().__pydantic_init_subclass__(**kwargs)
        if "type" in cls.model_fields:
            cls.type_name = get_args(cls.model_fields["type"].annotation)[0]
            EVENT_TYPES[cls.type_name] = cls

    def named(self) -> list[tuple[str, str, str]]:
        """``(field, kind, name)`` for every border, place or mission this event names."""
        out = []
        for key, kind in self.references.items():
            value = getattr(self, key)
            for name in value if isinstance(value, list) else [] if value is None else [value]:
                out.append((key, kind, name))
        return out

    def apply(self, model) -> None:
        """Change ``model`` (a :class:`model.model.RouteModel`) as of today."""
        raise NotImplementedError

    def sets(self) -> dict[tuple[str, str], object]:
        """``(what, field) -> value`` for each state this event sets, so that two events of one day
        setting the same state to different values can be refused (file order would decide)."""
        return {}


class _BorderEvent(EventBase):
    borders: list[str] = Field(min_length=1)
    references: ClassVar[dict[str, str]] = {"borders": "border"}

    @field_validator("borders", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return [value] if isinstance(value, str) else value


class BorderPolicyEvent(_BorderEvent):
    """A border point's policy changes: open, filter by nationality, daily cap, or closed."""

    type: Literal["border_policy"]
    policy: Literal[POLICY_NAMES]
    allowed: list[NationalityName] | None = None
    cap_per_day: float | None = Field(None, ge=0, le=1e6)

    @model_validator(mode="after")
    def _needs(self) -> "BorderPolicyEvent":
        if self.policy == "filter" and not self.allowed:
            raise ValueError(f"policy 'filter' needs 'allowed': a list of {', '.join(NATIONALITY_NAMES)}")
        if self.policy == "cap" and self.cap_per_day is None:
            raise ValueError("policy 'cap' needs 'cap_per_day': people admitted per day")
        return self

    def apply(self, model) -> None:
        for name in self.borders:
            model.border_point(name).set_policy(self.policy, self.allowed, self.cap_per_day)

    def sets(self) -> dict[tuple[str, str], object]:
        return {(border, "policy"): (self.policy, self.allowed, self.cap_per_day) for border in self.borders}


_Levels = create_model(
    "_Levels",
    __base__=_BorderEvent,
    # a level is a number, or the name of an entry of ``assumed_sizes`` (a size no source records)
    **{
        name: (Annotated[float, *optional_level(field).metadata] | str | None, Field(None))
        for name, field in BorderLevels.model_fields.items()
    },
)


def sized(model, value):
    """An event's number as given, or the value of the ``assumed_sizes`` entry it names."""
    return model.params.assumed_sizes[value] if isinstance(value, str) else value


class BorderLevelsEvent(_Levels):
    """A border point's capacity or institutional levels change (a fence, reinforcements, a course).

    Any level of :class:`model.params_borders.BorderLevels` may be given, as a number or as the name
    of an ``assumed_sizes`` entry; the capacity may also be a name, read from
    ``borders.<name>_capacity_per_day`` so that calibration can fit it."""

    type: Literal["border_levels"]
    sized_fields: ClassVar[tuple[str, ...]] = tuple(name for name in LEVELS if name != "capacity_per_day")
    capacity_per_day: Annotated[float, Field(ge=0)] | Literal[NAMED_CAPACITIES] | None = None

    def apply(self, model) -> None:
        levels = {name: sized(model, getattr(self, name)) for name in self.sized_fields}
        capacity = self.capacity_per_day
        levels["capacity_per_day"] = (
            model.params.borders.named_capacity(capacity) if isinstance(capacity, str) else capacity
        )
        for name in self.borders:
            model.border_point(name).set_levels(**levels)

    def sets(self) -> dict[tuple[str, str], object]:
        given = {name: getattr(self, name) for name in LEVELS if getattr(self, name) is not None}
        return {(border, name): value for border in self.borders for name, value in given.items()}


class RelocateEvent(EventBase):
    """Authorities move the people stranded at one place to another (e.g. Idomeni cleared), where they
    stay ``stay_days`` (a camp) before they set off again."""

    type: Literal["relocate"]
    from_node: str
    to_node: str
    nationalities: list[NationalityName] = Field(default_factory=lambda: list(NATIONALITY_NAMES))
    stay_days: int = Field(1, ge=1, le=365)
    references: ClassVar[dict[str, str]] = {"from_node": "place", "to_node": "place"}

    def apply(self, model) -> None:
        g = model.graph
        relocate(model, g.index[self.from_node], g.index[self.to_node], self.nationalities, self.stay_days)


class ContainmentEvent(EventBase):
    """From this date people landing at the entry node are held there (EU-Turkey statement)."""

    type: Literal["island_containment"]
    node: str = "Mytilene"
    readmissions_from: date | None = None
    references: ClassVar[dict[str, str]] = {"node": "place"}

    def apply(self, model) -> None:
        model.containment_node = model.graph.index[self.node]
        if self.readmissions_from is not None:
            model.schedule(model.day_of(self.readmissions_from), model.start_readmissions)


class PoliceReturnsEvent(EventBase):
    """From this date a country's police return some of the people stranded in it (refused at a
    closed border, no claim there) to a place across the border they came over: pushbacks and
    collective expulsions. Changes ``migrants.police_return_per_day`` and ``police_return_to`` for
    that country; a rate of 0 stops the returns."""

    type: Literal["police_returns"]
    country: str
    rate_per_day: Annotated[float, Field(ge=0, le=1)] | str  # or the name of an ``assumed_sizes`` entry
    to_node: str
    references: ClassVar[dict[str, str]] = {"to_node": "place"}
    sized_fields: ClassVar[tuple[str, ...]] = ("rate_per_day",)

    @model_validator(mode="after")
    def _country_and_place(self) -> "PoliceReturnsEvent":
        if self.country not in COUNTRIES:
            raise ValueError(f"country: unknown code {self.country!r}; expected one of {', '.join(COUNTRIES)}")
        if country_of_place().get(self.to_node) == self.country:
            raise ValueError(f"to_node: {self.to_node!r} is in {self.country} itself; expected a place abroad")
        return self

    def apply(self, model) -> None:
        c = COUNTRIES.index(self.country)
        model.police_return_rate[c] = sized(model, self.rate_per_day)
        model.police_return_node[c] = model.graph.index[self.to_node]

    def sets(self) -> dict[tuple[str, str], object]:
        return {(self.country, "police_returns"): (self.rate_per_day, self.to_node)}


class _MissionEvent(EventBase):
    mission: str
    references: ClassVar[dict[str, str]] = {"mission": "mission"}


class MissionTrainingEvent(_MissionEvent):
    """A mission's recorded training of border police, frontline workers or judges and prosecutors."""

    type: Literal["mission_training"]
    borders: list[str] = Field(min_length=1)
    kind: Literal["police", "frontline", "judiciary"] = "police"  # judiciary: judges and prosecutors
    references: ClassVar[dict[str, str]] = {"mission": "mission", "borders": "border"}

    def apply(self, model) -> None:
        mission = model.mission(self.mission)
        for name in self.borders:
            mission.train(model.border_point(name), self.kind)


class MissionEquipmentEvent(_MissionEvent):
    """A mission equips border points (e.g. Albania's computers for five border points)."""

    type: Literal["mission_equipment"]
    borders: list[str] = Field(min_length=1)
    equipment_add: float = Field(0.2, ge=0, le=1)
    references: ClassVar[dict[str, str]] = {"mission": "mission", "borders": "border"}

    def apply(self, model) -> None:
        for name in self.borders:
            bp = model.border_point(name)
            bp.equipment = min(1.0, bp.equipment + self.equipment_add)


class MissionOfficeEvent(_MissionEvent):
    """A mission opens or closes a field office at a place on the route."""

    type: Literal["mission_office"]
    node: str
    action: Literal["open", "close"] = "open"
    references: ClassVar[dict[str, str]] = {"mission": "mission", "node": "place"}

    def apply(self, model) -> None:
        mission = model.mission(self.mission)
        (mission.open_office if self.action == "open" else mission.close_office)(model.graph.index[self.node])


class MissionExchangeEvent(EventBase):
    """Missions start sharing what they know of the flow with one another.

    Seed 6.2: the Serbia and Skopje missions' joint visit of November 2015; Skopje and Albania,
    February 2016. From this date each hears the others' perceived risk, at
    ``missions.info_sharing_weight``."""

    type: Literal["mission_exchange"]
    missions: list[str] = Field(min_length=2)
    references: ClassVar[dict[str, str]] = {"missions": "mission"}

    def apply(self, model) -> None:
        for mission_id in self.missions:
            model.mission(mission_id).share_with(m for m in self.missions if m != mission_id)


class FocalPointEvent(_MissionEvent):
    """A mission appoints a migration focal point."""

    type: Literal["focal_point"]

    def apply(self, model) -> None:
        model.mission(self.mission).focal_point = True


class MissionBudgetEvent(_MissionEvent):
    """A mission's migration budget or monitoring teams change (a budget decision)."""

    type: Literal["mission_budget"]
    annual_budget_eur: float | None = Field(None, ge=0, le=1e9)
    teams: int | None = Field(None, ge=0, le=20)

    def apply(self, model) -> None:
        mission = model.mission(self.mission)
        if self.annual_budget_eur is not None:
            mission.budget = self.annual_budget_eur
            mission.budget_decided_on = model.day  # a decision dated 1 January replaces the planned budget
        if self.teams is not None:
            mission.teams = self.teams

    def sets(self) -> dict[tuple[str, str], object]:
        given = {"annual_budget_eur": self.annual_budget_eur, "teams": self.teams}
        return {(self.mission, k): v for k, v in given.items() if v is not None}


Event = Annotated[Union[tuple(EVENT_TYPES.values())], Field(discriminator="type")]  # noqa: UP007


def relocate(model, from_node: int, to_node: int, nationalities: list[str], stay_days: int = 1) -> None:
    """Move the people waiting at ``from_node`` (stranded or queued) to ``to_node``."""
    m = model.migrants
    idx = m.active[(m.node[m.active] == from_node) & (m.edge[m.active] < 0)]
    waiting = np.isin(m.status[idx], [Status.STRANDED, Status.QUEUED])
    groups = np.array([Nationality[n] for n in nationalities])
    idx = idx[waiting & np.isin(m.nationality[idx], groups)]
    m.node[idx] = to_node
    m.prev_node[idx] = from_node
    m.status[idx] = Status.EN_ROUTE
    m.border[idx] = NO_BORDER
    m.days_waiting[idx] = 0
    m.dwell_until[idx] = model.day + stay_days
