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
        known = {"border": borders, "place": nodes, "mission": set(missions)}
        for i, event in enumerate(self.events):
            where = f"events.{i} ({event.type} on {event.date})"
            if not start <= event.date <= end:
                raise ValueError(f"{where}: date outside the period {start} to {end}")
            for key, kind, name in event.named():
                if name not in known[kind]:
                    listed = f"; known: {sorted(known[kind])}" if kind != "place" else ""
                    raise ValueError(f"{where}: unknown {kind} {name!r} in {key}{listed}")
        return self
