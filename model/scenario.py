"""A scenario: a name, a description, parameters and dated events, validated together."""

from pydantic import Field, model_validator

from model.events import Event
from model.fields import Strict
from model.graph_data import border_names, node_names
from model.parameters import Parameters


class Scenario(Strict):
    """What one run simulates. Events must name known borders, places and missions, in the period."""

    name: str = "default"
    description: str = ""
    parameters: Parameters = Field(default_factory=Parameters)
    events: list[Event] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_events(self) -> "Scenario":
        start, end = self.parameters.start_date, self.parameters.end_date
        borders, nodes = border_names(), node_names()
        missions = self.parameters.missions.specs
        for i, event in enumerate(self.events):
            where = f"events.{i} ({event.type} on {event.date})"
            if not start <= event.date <= end:
                raise ValueError(f"{where}: date outside the period {start} to {end}")
            for border in getattr(event, "borders", []):
                if border not in borders:
                    raise ValueError(f"{where}: unknown border {border!r}; known: {sorted(borders)}")
            for key in ("from_node", "to_node", "node"):
                place = getattr(event, key, None)
                if place is not None and place not in nodes:
                    raise ValueError(f"{where}: unknown place {place!r} in {key}")
            mission = getattr(event, "mission", None)
            if mission is not None and mission not in missions:
                raise ValueError(f"{where}: unknown mission {mission!r}; known: {sorted(missions)}")
        return self

    def events_on(self, day) -> list:
        return [e for e in self.events if e.date == day]
