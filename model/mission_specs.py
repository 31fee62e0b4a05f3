"""The OSCE field missions as the seed study records them (sections 4.2 and 6): one spec each.

A spec says where a mission sits, which countries host it, what its mandate lets it do and what it
has to spend. The six defaults are the missions of 2015-16; a scenario may change them or add
another, such as the regional thematic mission the Parliamentary Assembly proposed (section 5).
"""

from datetime import date

from pydantic import Field, model_validator

from model.fields import Strict, deep_merge, param

COUNTRY_CODE = "^[A-Z]{2}$"


class MissionSpec(Strict):
    """One mission: where it sits, what its mandate lets it do, and what it has to spend."""

    name: str = Field(description="The mission's name.")
    country: str = Field(pattern=COUNTRY_CODE, description="Lead host country, where the headquarters is.")
    countries: list[str] = param(
        [],
        unit="country codes",
        source="seed 4.2: one host country per mission; seed 5: a thematic mission with a region-wide portfolio",
        description="Host countries whose border points the mission covers; `country` comes first. "
        "Left empty, it is [country].",
    )
    hq: str = Field(description="Place of the headquarters on the route graph (a node name).")
    field_offices: list[str] = param(
        [],
        unit="place names",
        source="seed 6.1: Serbia's office in Bujanovac; Skopje worked from the capital",
        description="Places of field offices, from which monitoring teams also set out.",
    )
    teams: int = param(
        1,
        unit="teams",
        ge=0,
        le=20,
        source="seed 6.1: one police development team at first in Skopje, two from March 2016",
        description="Monitoring teams available for migration work at the start of the run.",
    )
    can_monitor_borders: bool = param(
        True,
        unit="yes/no",
        source="seed 4.2: Kosovo's status neutrality forbids cross-border and security work",
        description="Whether the mandate lets the mission monitor border points.",
    )
    can_train_police: bool = param(
        True,
        unit="yes/no",
        source="seed 4.2: Kosovo's status neutrality forbids security work",
        description="Whether the mandate lets the mission train border police and frontline workers.",
    )
    focal_point_since: date | None = param(
        None,
        unit="date",
        source="seed 4.2: Albania since 2012, Serbia from early 2015, Skopje from August 2015, none elsewhere",
        description="Date the mission appointed a migration focal point; none if unset.",
    )
    baseline_visits_per_week: float = param(
        1.0,
        unit="visits/week",
        ge=0,
        le=20,
        source="seed 6.1: Skopje's team visited the border areas once a week at first",
        description="Routine monitoring visits a week in business as usual, to the main entry point.",
    )
    annual_budget_eur: float = param(
        50000.0,
        unit="EUR/year",
        ge=0,
        le=1e9,
        source="assumed; the seed study gives no figure (seed 4.2: the 2015 budget was planned before the crisis)",
        description="Budget for migration work (courses, awareness, visits' costs) in the first budget year.",
    )
    partners: list[str] = param(
        [],
        unit="mission ids",
        source="seed 6.2: the missions' own exchanges began on dated occasions (the mission_exchange events of the "
        "historical scenario); the joint information exchange centres of seed 6.6 are between the states' police, "
        "not the missions",
        description="Missions whose perceived risk this mission hears of from the start (information exchange).",
    )
    raises_awareness: bool = param(
        True,
        unit="yes/no",
        source="seed 6.4: the Serbia mission's work with the Preševo Youth Office and local media, and Bosnia and "
        "Herzegovina's conference and coalitions against hate crime; 'in Macedonia and the other countries of the "
        "region, no mention was made of activities aimed at raising awareness'",
        description="Whether the mission raises awareness at the community level when proactive.",
    )
    rapid_deployment: bool = param(
        False,
        unit="yes/no",
        source="seed 6.1: Bosnia and Herzegovina's Temporary Presences Mechanism",
        description="Whether the mission can open a field presence near the flow at short notice.",
    )
    preemptive_training_from: date | None = param(
        None,
        unit="date",
        source="design: what if Albania, Montenegro and Bosnia and Herzegovina had trained before the flow shifted",
        description="From this date the mission trains police and frontline workers at its border points "
        "whatever its posture, budget allowing; none if unset (seed 6.6: Montenegro planned it for 2017).",
    )
    crisis_scale_people: float | None = param(
        None,
        unit="people",
        ge=1,
        le=1e7,
        source="seed 6: the missions in Kosovo, Albania, Montenegro and Bosnia and Herzegovina held that no "
        "preparation was needed 'unless the crisis were to hit their host country'; their scale is the host "
        "country's reception capacity (sources in default_missions)",
        description="People at the mission's border points or in its host country that it reads as risk 1, in "
        "place of the rules' risk_reference_people (the frontline missions' scale); unset: that one.",
    )
    watch_neighbours: bool = param(
        False,
        unit="yes/no",
        source="seed 7: a regional approach at the operational level; seed 6: missions were country-centric",
        description="Whether the mission reads, second-hand, the risk at the border points of the countries "
        "next to its own and carries it to its own border points facing them.",
    )

    @model_validator(mode="before")
    @classmethod
    def _host_countries(cls, data):
        # Either key may be given alone: a one-country mission names `country`, a regional one `countries`.
        if not isinstance(data, dict) or not isinstance(data.get("countries", []), list):
            return data  # pydantic reports the wrong type
        country, countries = data.get("country"), data.get("countries") or []
        if country is None and countries:
            data = {**data, "country": countries[0]}
        elif country is not None and not countries:
            data = {**data, "countries": [country]}
        elif country in countries:
            data = {**data, "countries": [country, *(c for c in countries if c != country)]}
        return data

    @model_validator(mode="after")
    def _lead_country_first(self) -> "MissionSpec":
        if not self.countries or self.countries[0] != self.country:
            raise ValueError(
                f"country {self.country!r} (the lead host country) must be one of countries {self.countries}"
            )
        if len(set(self.countries)) != len(self.countries):
            raise ValueError(f"countries lists a country twice: {self.countries}")
        return self


def default_missions() -> dict[str, MissionSpec]:
    return {
        # Seed 4.2: broad mandate; focal point from early 2015; office in Bujanovac (6.1).
        "serbia": MissionSpec(
            name="OSCE Mission to Serbia",
            country="RS",
            hq="Belgrade",
            field_offices=["Bujanovac"],
            teams=2,
            focal_point_since=date(2015, 1, 1),
            annual_budget_eur=100000.0,
        ),
        # Seed 4.2: border-monitoring mandate; no extra resources in 2015; working group and focal
        # point from August 2015; one police development team at first (6.1).
        "skopje": MissionSpec(
            name="OSCE Mission to Skopje",
            country="MK",
            hq="Skopje",
            teams=1,
            focal_point_since=date(2015, 8, 1),
            annual_budget_eur=50000.0,
            raises_awareness=False,
        ),
        # Seed 4.2: status neutrality forbids cross-border and security work; no focal point.
        "kosovo": MissionSpec(
            name="OSCE Mission in Kosovo",
            country="XK",
            hq="Pristina",
            teams=0,
            can_monitor_borders=False,
            can_train_police=False,
            baseline_visits_per_week=0.0,
            annual_budget_eur=0.0,
            raises_awareness=False,
            # the asylum centre at Magura "has the capacity to shelter 100 asylum seekers" (its director,
            # kosova.info, July 2017)
            crisis_scale_people=100.0,
        ),
        # Seed 4.2 and 6.1: focal point since 2012; attentive, but no monitoring teams (too costly).
        "albania": MissionSpec(
            name="OSCE Presence in Albania",
            country="AL",
            hq="Tirana",
            teams=0,
            focal_point_since=date(2012, 1, 1),
            baseline_visits_per_week=0.0,
            annual_budget_eur=30000.0,
            raises_awareness=False,
            # the National Reception Centre at Babrru had held at most 170 people at one time (its staff,
            # renate-europe.net, "Refugees staying in Albania", 2015)
            crisis_scale_people=170.0,
        ),
        # Seed 6.1: monitored from a distance; Temporary Presences Mechanism for swift deployment.
        "bih": MissionSpec(
            name="OSCE Mission to Bosnia and Herzegovina",
            country="BA",
            hq="Sarajevo",
            teams=1,
            baseline_visits_per_week=0.0,
            annual_budget_eur=30000.0,
            rapid_deployment=True,
            # the asylum centre at Delijaš "can receive 154 people" (its manager, N1 BiH, 2015)
            crisis_scale_people=154.0,
        ),
        # Seed 4.2: no focal point; regular discussions only after the closure.
        "montenegro": MissionSpec(
            name="OSCE Mission to Montenegro",
            country="ME",
            hq="Podgorica",
            teams=1,
            baseline_visits_per_week=0.0,
            annual_budget_eur=20000.0,
            raises_awareness=False,
            # the reception centre at Spuž has 75 beds (IFRC, Montenegro population movement DREF, June 2018: a
            # capacity, not a count of arrivals)
            crisis_scale_people=75.0,
        ),
    }


def merge_into_defaults(specs):
    """Specs as a scenario gives them, merged into the default six: a partial spec changes only the
    keys it names and a new id adds a mission, so ``specs: {albania: {teams: 2}}`` in a scenario file
    means what ``--set missions.specs.albania.teams=2`` means (a full dump merges to itself)."""
    if not isinstance(specs, dict):
        return specs
    merged = {mid: spec.model_dump() for mid, spec in default_missions().items()}
    for mid, given in specs.items():
        merged[mid] = _merge_spec(merged[mid], given) if isinstance(given, dict) and mid in merged else given
    return merged


def _merge_spec(default: dict, given: dict) -> dict:
    # A new host-country list replaces the default one-country pair as a whole.
    if "countries" in given and "country" not in given:
        default = {k: v for k, v in default.items() if k != "country"}
    elif "country" in given and "countries" not in given:
        default = {k: v for k, v in default.items() if k != "countries"}
    return deep_merge(default, given)
