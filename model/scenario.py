"""A scenario: a name, a description, parameters and dated events, validated together."""

import re

from pydantic import Field, field_validator, model_validator

from model.events import Event
from model.fields import Strict
from model.graph_data import border_names, node_names
from model.parameters import Parameters

SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


class Scenario(Strict):
    """What one run simulates. Events must name known borders, places and missions, in the period."""

    name: str = "default"
    description: str = ""
    parameters: Parameters = Field(default_factory=Parameters)
    events: list[Event] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _safe_name(cls, name: str) -> str:
        # the name becomes a folder (results/<name>): it must not be a path or hide one
        if not SAFE_NAME.fullmatch(name):
            raise ValueError(
                f"expected 1 to 64 letters, digits, '_' or '-' (it names the results folder), got {name[:80]!r}"
            )
        return name

    @model_validator(mode="after")
    def _check_events(self) -> "Scenario":
        start, end = self.parameters.simulation_start, self.parameters.end_date
        borders, nodes = border_names(), node_names()
        missions = self.parameters.missions.specs
        known = {"border": borders, "place": nodes, "mission": set(missions)}
        set_on: dict[tuple, tuple[int, object]] = {}
        for i, event in enumerate(self.events):
            where = f"events.{i} ({event.type} on {event.date})"
            if not start <= event.date <= end:
                raise ValueError(
                    f"{where}: date outside the simulated days {start} to {end} (warm_start_from to end_date)"
                )
            for key in event.sized_fields:
                name = getattr(event, key)
                if isinstance(name, str) and name not in self.parameters.assumed_sizes:
                    known = sorted(self.parameters.assumed_sizes) or "none"
                    raise ValueError(f"{where}: {key}: {name!r} is not in assumed_sizes (known: {known})")
            for key, kind, name in event.named():
                if name not in known[kind]:
                    listed = f"; known: {sorted(known[kind])}" if kind != "place" else ""
                    raise ValueError(f"{where}: unknown {kind} {name!r} in {key}{listed}")
            for (target, what), value in event.sets().items():
                earlier = set_on.setdefault((event.date, event.type, target, what), (i, value))
                if earlier[1] != value:
                    raise ValueError(
                        f"{where}: sets {what} of {target} to {value!r}, but events.{earlier[0]} sets it to "
                        f"{earlier[1]!r} on the same day; which would win depends on the file's order"
                    )
        return self
