"""Dated events a scenario applies: border policies, border levels, and missions' recorded actions.

Each event is a small pydantic model told apart by its ``type``. :class:`Scenario` checks that every
event names a known border, place or mission and falls inside the simulated period.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from model.enums import NATIONALITY_NAMES
from model.fields import Strict

NationalityName = Literal[NATIONALITY_NAMES]


class _Event(Strict):
    date: date
    note: str = ""
    source: str = ""


class _BorderEvent(_Event):
    borders: list[str] = Field(min_length=1)

    @field_validator("borders", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return [value] if isinstance(value, str) else value


class BorderPolicyEvent(_BorderEvent):
    """A border point's policy changes: open, filter by nationality, daily cap, or closed."""

    type: Literal["border_policy"]
    policy: Literal["open", "filter", "cap", "closed"]
    allowed: list[NationalityName] | None = None
    cap_per_day: float | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _needs(self) -> "BorderPolicyEvent":
        if self.policy == "filter" and not self.allowed:
            raise ValueError(f"policy 'filter' needs 'allowed': a list of {', '.join(NATIONALITY_NAMES)}")
        if self.policy == "cap" and self.cap_per_day is None:
            raise ValueError("policy 'cap' needs 'cap_per_day': people admitted per day")
        return self


class BorderLevelsEvent(_BorderEvent):
    """A border point's capacity or institutional levels change (a fence, reinforcements)."""

    type: Literal["border_levels"]
    # a name reads borders.<name>_capacity_per_day, so calibration can fit it
    capacity_per_day: Annotated[float, Field(ge=0)] | Literal["joint_statement", "document_check"] | None = None
    staffing: float | None = Field(None, ge=0, le=1)
    equipment: float | None = Field(None, ge=0, le=1)
    corruption: float | None = Field(None, ge=0, le=1)


class RelocateEvent(_Event):
    """Authorities move the people stranded at one place to another (e.g. Idomeni cleared)."""

    type: Literal["relocate"]
    from_node: str
    to_node: str
    nationalities: list[NationalityName] = Field(default_factory=lambda: list(NATIONALITY_NAMES))


class ContainmentEvent(_Event):
    """From this date people landing at the entry node are held there (EU-Turkey statement)."""

    type: Literal["island_containment"]
    node: str = "Mytilene"
    readmissions_from: date | None = None


class MissionTrainingEvent(_Event):
    """A mission's recorded training of police or frontline workers at border points."""

    type: Literal["mission_training"]
    mission: str
    borders: list[str] = Field(min_length=1)
    kind: Literal["police", "frontline"] = "police"


class MissionEquipmentEvent(_Event):
    """A mission equips border points (e.g. Albania's computers for five border points)."""

    type: Literal["mission_equipment"]
    mission: str
    borders: list[str] = Field(min_length=1)
    equipment_add: float = Field(0.2, ge=0, le=1)


class MissionOfficeEvent(_Event):
    """A mission opens or closes a field office at a place on the route."""

    type: Literal["mission_office"]
    mission: str
    node: str
    action: Literal["open", "close"] = "open"


class FocalPointEvent(_Event):
    """A mission appoints a migration focal point."""

    type: Literal["focal_point"]
    mission: str


class MissionBudgetEvent(_Event):
    """A mission's migration budget or monitoring teams change (a budget decision)."""

    type: Literal["mission_budget"]
    mission: str
    annual_budget_eur: float | None = Field(None, ge=0)
    teams: int | None = Field(None, ge=0, le=20)


Event = Annotated[
    BorderPolicyEvent
    | BorderLevelsEvent
    | RelocateEvent
    | ContainmentEvent
    | MissionTrainingEvent
    | MissionEquipmentEvent
    | MissionOfficeEvent
    | FocalPointEvent
    | MissionBudgetEvent,
    Field(discriminator="type"),
]
