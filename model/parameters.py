"""The model's parameters: one typed, validated home for every number a run depends on.

``Parameters()`` is the historical default. A scenario overrides parts of it (see
:mod:`model.scenario`); :func:`apply_overrides` merges nested overrides and validates the result, so
an unknown key, a wrong type or an impossible value is reported with its key path.
"""

from datetime import date
from typing import Any

from pydantic import Field, field_validator, model_validator

from model import forcing
from model.enums import Nationality
from model.fields import Strict, deep_merge, param
from model.graph_data import border_names, country_names, country_of_place, node_names
from model.params_borders import BorderParams
from model.params_migrants import MigrantParams
from model.params_missions import MissionRules
from model.params_smuggling import SmugglingParams


class AirArrivals(Strict):
    """People flying into a place on the route over a period (a visa waiver), spread evenly over its days."""

    place: str = Field(description="Airport's place on the route graph (a node name).")
    start: date = Field(description="First day of arrivals.")
    end: date = Field(description="Last day of arrivals (inclusive).")
    people: float = Field(ge=0, le=1e7, description="People arriving over the whole period.")
    nationality: str = Field(description="Their nationality group (SYR, AFG, IRQ or OTH).")
    source: str = Field(min_length=1, description="Where the figure comes from.")

    @model_validator(mode="after")
    def _valid(self) -> "AirArrivals":
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.nationality not in Nationality.__members__:
            raise ValueError(f"nationality {self.nationality!r}; expected one of {', '.join(Nationality.__members__)}")
        return self


class Parameters(Strict):
    """Everything a run needs besides its dated events and its seed."""

    start_date: date = param(
        date(2015, 6, 1), unit="date", source="design: the historical period", description="First simulated day."
    )
    end_date: date = param(
        date(2016, 12, 31),
        unit="date",
        source="design: the historical period",
        description="Last simulated day (inclusive).",
    )
    warm_start_from: date | None = param(
        date(2015, 1, 1),
        unit="date",
        source="greece_arrivals_monthly.csv: 40,939 sea arrivals in Greece from January to May 2015 (IOM, Greek "
        "Coast Guard); the route was under way before June 2015",
        description="The simulation starts on this date, so that the flow is under way on start_date; the days "
        "before start_date are simulated (with the scenario's events dated in them) but not recorded. Empty (null): "
        "the route starts empty on start_date.",
    )
    people_per_agent: int = param(
        1,
        unit="people",
        ge=1,
        le=10000,
        source="design: 1 = every recorded arrival is an agent",
        description="People each migrant agent stands for; larger is coarser and faster.",
    )
    bulgaria_land_arrivals_per_day: float = param(
        82.0,
        unit="people/day",
        range=(0, 300),
        ge=0,
        le=20000,
        source="transit_by_country.csv: 29,959 land arrivals in Bulgaria, 1 Jan-17 Dec 2015",
        description="Daily land arrivals into Bulgaria from Turkey.",
    )
    registration_share_early: float = param(
        0.329,
        unit="share",
        range=(0.2, 1.0),
        ge=0,
        le=1,
        source="calibrated to the record (docs/calibration.md); before calibration 0.5 ("
        + "transit_by_country.csv (MPC): about half of real transits were registered in North Macedonia "
        "in summer 2015)",
        description="Share of regular entries that the authorities registered before full_registration_from "
        "(the 'registered' column of the countries table).",
    )
    full_registration_from: date = param(
        date(2015, 10, 1),
        unit="date",
        source="assumed: by October 2015 Serbia registered over 6,000 a day at its peak (transit_by_country.csv)",
        description="Day from which every regular entry was registered.",
    )
    registration_capacity_per_day: dict[str, float] = param(
        {"MK": 3000.0},
        unit="people/day by country code",
        source="transit_by_country.csv, 19 Nov 2015 (Meta.mk): North Macedonia's Deputy Minister of the Interior "
        "gave a capacity of 3,000 a day against 7,000-9,000 arriving",
        description="Most entries a country could register in a day; the rest crossed unregistered.",
    )
    turkey_land_route_factor: float = param(
        0.14,
        unit="ratio",
        range=(0.05, 2.0),
        ge=0,
        le=20,
        source="calibrated to the record (docs/calibration.md); before calibration 0.5 ("
        + "EU-Turkey statement of 18 Mar 2016 (policy_timeline.csv): Turkey to prevent new land routes; "
        "value assumed)",
        description="Land arrivals into Bulgaria from the EU-Turkey statement (the island_containment event), "
        "relative to bulgaria_land_arrivals_per_day.",
    )
    turkey_land_route_growth_per_month: float = param(
        0.138,
        unit="ratio/month",
        range=(0, 0.5),
        ge=0,
        le=5,
        source="calibrated to the record (docs/calibration.md); before calibration 0.0 (assumed: no growth; "
        "smugglers moving customers from the closed sea route to the land route would make it grow, and "
        "transit_by_country.csv has Bulgaria's arrivals doubling from Q2 to Q3 2016)",
        description="Monthly rise of land arrivals into Bulgaria after the EU-Turkey statement, in units of "
        "bulgaria_land_arrivals_per_day: the factor is turkey_land_route_factor plus this times the months since.",
    )
    air_arrivals: list[AirArrivals] = param(
        [],
        unit="flights in",
        source="design: none in 2015-16; historical_2018 adds the Iranians who flew to Belgrade while Serbia waived "
        "their visas (branches_2016_2018.csv)",
        description="People flying into a place on the route (a new entry besides the Greek islands and Bulgaria's "
        "land border), each with its period, count, nationality group and source.",
    )
    assumed_sizes: dict[str, float] = param(
        {},
        unit="as the event field each sizes (a level or a daily probability, 0-1)",
        source="design: each scenario names the sizes its events assume where no source records one (historical_2018: "
        "the reinforcements of 2018 and the police returns of 2017), with the assumption in the event's note",
        description="Sizes of dated events that no source records, by name: an event's level or rate given as a name "
        "reads its value here, so that a batch or a what-if can vary it (--set assumed_sizes.NAME=VALUE).",
    )
    migrants: MigrantParams = Field(default_factory=MigrantParams)
    borders: BorderParams = Field(default_factory=BorderParams)
    missions: MissionRules = Field(default_factory=MissionRules)
    smuggling: SmugglingParams = Field(default_factory=SmugglingParams)

    @property
    def simulation_start(self) -> date:
        """The first simulated day: warm_start_from, unless it is unset or after start_date."""
        return min(self.warm_start_from or self.start_date, self.start_date)

    @field_validator("start_date", "end_date", "warm_start_from")
    @classmethod
    def _inside_the_forcing(cls, day: date | None) -> date | None:
        if day is None:
            return day
        first, last = forcing.recorded_span()
        if not first <= day <= last:
            raise ValueError(
                f"{day} is outside the recorded arrivals (model/data/greece_arrivals_monthly.csv): "
                f"a run lies within {first} to {last}"
            )
        return day

    @model_validator(mode="after")
    def _check_references(self) -> "Parameters":
        if self.end_date <= self.start_date:
            raise ValueError(f"end_date {self.end_date} must be after start_date {self.start_date}")
        borders = border_names()
        for key in [*self.borders.overrides, *self.borders.closed_at_start]:
            if key not in borders:
                raise ValueError(f"borders.overrides: unknown border {key!r}; known: {sorted(borders)}")
        nodes, countries = node_names(), country_names()
        for code, capacity in self.registration_capacity_per_day.items():
            if code not in countries or not 0 <= capacity <= 1e6:
                raise ValueError(
                    f"registration_capacity_per_day: {code!r}: {capacity!r}; expected a country code on the route "
                    f"({', '.join(sorted(countries))}) and a capacity of 0 to 1,000,000 people a day"
                )
        country_of = country_of_place()
        for name, size in self.assumed_sizes.items():
            if not 0 <= size <= 1:
                raise ValueError(f"assumed_sizes.{name}: {size!r}; expected a level or a probability from 0 to 1")
        for k, flights in enumerate(self.air_arrivals):
            if flights.place not in nodes:
                raise ValueError(f"air_arrivals[{k}].place: unknown place {flights.place!r}")
        for code, place in self.migrants.police_return_to.items():
            if place not in nodes:
                raise ValueError(f"migrants.police_return_to.{code}: unknown place {place!r}; expected a place name")
            if country_of[place] == code:
                raise ValueError(f"migrants.police_return_to.{code}: {place!r} is in {code} itself")
        for mid, spec in self.missions.specs.items():
            for place in [spec.hq, *spec.field_offices]:
                if place not in nodes:
                    raise ValueError(f"missions.specs.{mid}: unknown place {place!r}")
            if country_of[spec.hq] != spec.country:
                raise ValueError(f"missions.specs.{mid}: hq {spec.hq!r} is not in its country {spec.country!r}")
            for country in spec.countries:
                if country not in countries:
                    raise ValueError(f"missions.specs.{mid}.countries: no place on the route in {country!r}")
            for partner in spec.partners:
                if partner not in self.missions.specs:
                    raise ValueError(f"missions.specs.{mid}.partners: unknown mission {partner!r}")
        return self


def apply_overrides(params: Parameters, overrides: dict[str, Any]) -> Parameters:
    """A new validated ``Parameters`` with nested ``overrides`` applied (raises ValidationError)."""
    return Parameters.model_validate(deep_merge(params.model_dump(), overrides))


def dotted_to_nested(key: str, value: Any) -> dict:
    """``"migrants.smuggler_price_eur", 800`` -> ``{"migrants": {"smuggler_price_eur": 800}}``."""
    nested: Any = value
    for part in reversed(key.split(".")):
        nested = {part: nested}
    return nested


def flat_keys(nested: dict, prefix: str = "") -> list[str]:
    """The dotted keys of a nested override dict: the inverse of :func:`dotted_to_nested`."""
    keys = []
    for key, value in nested.items():
        keys += flat_keys(value, f"{prefix}{key}.") if isinstance(value, dict) else [f"{prefix}{key}"]
    return keys
