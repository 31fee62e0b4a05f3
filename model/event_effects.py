"""How each kind of dated scenario event changes the model (step 1 of the day)."""

import numpy as np

from model.enums import Nationality, Status
from model.events import (
    BorderLevelsEvent,
    BorderPolicyEvent,
    ContainmentEvent,
    FocalPointEvent,
    MissionBudgetEvent,
    MissionEquipmentEvent,
    MissionOfficeEvent,
    MissionTrainingEvent,
    RelocateEvent,
)
from model.migrants import NO_BORDER


def apply_event(model, event) -> None:
    """Apply one event to ``model`` (a :class:`model.model.RouteModel`)."""
    g = model.graph
    if isinstance(event, BorderPolicyEvent):
        for name in event.borders:
            model.border_point(name).set_policy(event.policy, event.allowed, event.cap_per_day)
    elif isinstance(event, BorderLevelsEvent):
        levels = event.model_dump(include={"capacity_per_day", "staffing", "equipment", "corruption"})
        if isinstance(levels["capacity_per_day"], str):
            levels["capacity_per_day"] = getattr(model.params.borders, f"{levels['capacity_per_day']}_capacity_per_day")
        for name in event.borders:
            model.border_point(name).set_levels(**levels)
    elif isinstance(event, RelocateEvent):
        relocate(model, g.index[event.from_node], g.index[event.to_node], event.nationalities)
    elif isinstance(event, ContainmentEvent):
        model.containment_node = g.index[event.node]
        if event.readmissions_from is not None:
            model.schedule(model.day_of(event.readmissions_from), model.start_readmissions)
    elif isinstance(event, MissionTrainingEvent):
        mission = model.mission(event.mission)
        for name in event.borders:
            mission.train(model.border_point(name), event.kind)
    elif isinstance(event, MissionEquipmentEvent):
        mission = model.mission(event.mission)
        for name in event.borders:
            bp = model.border_point(name)
            bp.equipment = min(1.0, bp.equipment + event.equipment_add)
    elif isinstance(event, MissionOfficeEvent):
        mission = model.mission(event.mission)
        (mission.open_office if event.action == "open" else mission.close_office)(g.index[event.node])
    elif isinstance(event, FocalPointEvent):
        model.mission(event.mission).focal_point = True
    elif isinstance(event, MissionBudgetEvent):
        mission = model.mission(event.mission)
        if event.annual_budget_eur is not None:
            mission.budget = event.annual_budget_eur
            mission.budget_decided_on = model.day  # a decision dated 1 January replaces the planned budget
        if event.teams is not None:
            mission.teams = event.teams
    else:  # pragma: no cover - the schema admits no other type
        raise TypeError(f"unknown event {event!r}")


def relocate(model, from_node: int, to_node: int, nationalities: list[str]) -> None:
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
    m.dwell_until[idx] = model.day + 1
