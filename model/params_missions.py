"""The rules every OSCE field mission follows (seed study 4.2 and 6), and the missions' specs."""

from pydantic import Field, field_validator

from model.fields import Strict, param
from model.graph import COUNTRIES
from model.mission_specs import MissionSpec, default_missions, merge_into_defaults

ASSUMED = "assumed; the seed study gives no figure"


class MissionRules(Strict):
    """Rules every mission follows: how it monitors, judges risk, trains, reports and budgets."""

    specs: dict[str, MissionSpec] = Field(default_factory=default_missions)
    working_days_per_week: int = param(
        5, unit="days/week", ge=1, le=7, source="office week", description="Team working days a week."
    )
    visit_onsite_days: float = param(
        0.25,
        unit="team-days",
        range=(0.1, 1.0),
        ge=0.05,
        le=7,
        source=ASSUMED,
        description="Time a team spends at a border point on one visit.",
    )
    team_km_per_day: float = param(
        500.0,
        unit="km/team-day",
        range=(250, 700),
        ge=10,
        le=5000,
        source=ASSUMED,
        description="Distance a team drives in a working day; sets the travel cost of a visit.",
    )
    visit_cost_eur: float = param(
        150.0,
        unit="EUR/visit",
        range=(50, 500),
        ge=0,
        le=1e6,
        source=ASSUMED,
        description="Travel and allowance cost of one monitoring visit.",
    )
    risk_reference_people: float = param(
        2000.0,
        unit="people",
        range=(500, 10000),
        ge=1,
        le=1e7,
        source=ASSUMED,
        description="People stranded or refused at a border that a mission reads as risk 1.",
    )
    risk_stranded_weight: float = param(
        0.1,
        unit="ratio",
        range=(0, 1),
        ge=0,
        le=100,
        source=ASSUMED,
        description="Weight of people long stranded at a border, against people newly refused, in the observed risk.",
    )
    risk_weakness_weight: float = param(
        1.0,
        unit="ratio",
        range=(0, 3),
        ge=0,
        le=100,
        source="seed 6.1: monitoring found crossing points understaffed, corrupt and under-equipped",
        description="How much weak border police (understaffed, under-equipped, corrupt) raise the risk read.",
    )
    risk_country_stranded_weight: float = param(
        1.0,
        unit="ratio",
        range=(0, 3),
        ge=0,
        le=100,
        source="seed 6.2: the missions attended UNHCR's regular briefings in Serbia and weekly meetings in Macedonia; "
        "assumed weight",
        description="Weight of the people stranded anywhere in a mission's host countries (read second-hand, at "
        "secondhand_weight) in its country risk, against people refused at a border point it sees itself.",
    )
    risk_irregular_weight: float = param(
        1.0,
        unit="ratio",
        range=(0, 2),
        ge=0,
        le=100,
        source="assumed: a flow that passes a border with smugglers leaves no crowd, but the police count "
        "whom they catch and the partners whom they meet (seed 6.1: missions relied on authorities and partners "
        "for the picture); one person crossing irregularly weighs as one refused",
        description="Weight of people crossing a border point irregularly in the last week (smuggled, alone, "
        "caught or not), against people refused there, in the observed risk.",
    )
    risk_queue_weight: float = param(
        0.1,
        unit="ratio",
        range=(0, 1),
        ge=0,
        le=100,
        source=ASSUMED,
        description="Weight of people queuing (not refused) in the observed risk.",
    )
    risk_per_tightening: float = param(
        2.0,
        unit="risk",
        range=(0, 5),
        ge=0,
        le=100,
        source="seed 6.1: Skopje's visits rose after the tightening of Macedonia's border policy",
        description="Risk a mission reads in a border point's policy going from open to closed.",
    )
    tightening_memory_days: float = param(
        45.0,
        unit="days",
        range=(14, 180),
        ge=1,
        le=3650,
        source=ASSUMED,
        description="Time over which a tightened policy stops reading as news (e-folding).",
    )
    risk_memory: float = param(
        0.5,
        unit="share",
        range=(0.1, 1.0),
        ge=0,
        le=1,
        source=ASSUMED,
        description="Weight of the newest observation in a mission's perceived risk at a border.",
    )
    observation_noise_log_sd: float = param(
        0.2,
        unit="log risk",
        range=(0, 0.5),
        ge=0,
        le=2,
        source=ASSUMED,
        description="Spread of what one monitoring visit sees around the border's true picture (log-normal "
        "sigma): a visit is a sample of a day, not a count.",
    )
    risk_decay_per_week: float = param(
        0.2,
        unit="share/week",
        range=(0, 0.5),
        ge=0,
        le=1,
        source=ASSUMED,
        description="Weekly fading of perceived risk at borders no one visits.",
    )
    secondhand_weight: float = param(
        0.2,
        unit="ratio",
        range=(0, 1),
        ge=0,
        le=1,
        source="seed 6.1: Bosnia and Herzegovina relied on second-hand information",
        description="Weight of reports from authorities and partners when a mission does not see a border itself.",
    )
    proactive_threshold: float = param(
        1.0,
        unit="risk",
        range=(0.3, 3.0),
        ge=0,
        le=1000,
        source=ASSUMED,
        description="Perceived risk above which a mission turns proactive.",
    )
    relax_threshold: float = param(
        0.2,
        unit="risk",
        range=(0.05, 1.0),
        ge=0,
        le=1000,
        source=ASSUMED,
        description="Perceived risk below which a proactive mission returns to business as usual.",
    )
    no_focal_point_factor: float = param(
        2.0,
        unit="ratio",
        range=(1, 5),
        ge=1,
        le=100,
        source="seed 6: missions without a focal point were slower",
        description="How much higher the threshold is for a mission without a migration focal point.",
    )
    visits_per_week_per_risk: float = param(
        1.2,
        unit="visits/week per risk",
        range=(0.3, 3.0),
        ge=0,
        le=100,
        source="seed 6.1: Skopje's visits to Gevgelija rose from 1 to 3-4 a week as the border tightened, with "
        "two teams deployed there from March 2016",
        description="Extra monitoring visits a week each team of a proactive mission makes per unit of perceived "
        "risk (within its team-days).",
    )
    flow_threshold_people_per_week: float = param(
        1000.0,
        unit="people/week",
        range=(100, 5000),
        ge=0,
        le=1e7,
        source=ASSUMED,
        description="Weekly entries into a country that count as the flow reaching it: the response lag runs from "
        "the first week they pass it after staying below it (flow_quiet_days), warm-up included.",
    )
    flow_quiet_days: int = param(
        28,
        unit="days",
        range=(7, 120),
        ge=1,
        le=3650,
        source="assumed: a flow that stayed below the threshold for four weeks and then passes it is a new shift",
        description="Days the weekly flow into a mission's country must stay below flow_threshold_people_per_week "
        "before passing it again starts a new episode of the response lag (the design's 'again after each major "
        "shift').",
    )
    status_neutral_countries: list[str] = param(
        ["XK"],
        unit="country codes",
        source="seed 4.2: the OSCE's status neutrality in Kosovo forbids cross-border and security work there",
        description="Countries from whose side no mission monitors or trains at a border point (any mission: the "
        "neutrality is the organisation's).",
    )
    info_sharing_weight: float = param(
        0.05,
        unit="ratio",
        range=(0, 1),
        ge=0,
        le=1,
        source="seed 6.2: the Serbia-Skopje and Skopje-Albania exchanges (mission_exchange events); weight assumed, "
        "low enough that hearing of Skopje's crisis alone does not turn the Albania presence proactive (seed 6: "
        "Albania stayed in 'business as usual', preparing)",
        description="Weight of a partner mission's perceived risk in a mission's own.",
    )
    neighbour_weight: float = param(
        0.5,
        unit="ratio",
        range=(0, 1),
        ge=0,
        le=1,
        source="assumed; seed 6.2: Skopje and Albania met in Feb 2016 on a possible influx after the closure",
        description="Share of the risk read at a neighbouring country's border points that a mission "
        "watching its neighbours carries to its own border points facing that country.",
    )
    training_cost_eur: float = param(
        15000.0,
        unit="EUR/course",
        range=(5000, 50000),
        ge=0,
        le=1e7,
        source=ASSUMED,
        description="Cost of one training course for a border point's police or frontline workers.",
    )
    training_interval_days: int = param(
        30,
        unit="days",
        range=(7, 120),
        ge=1,
        le=3650,
        source="seed 6.6: courses from May 2015 to March 2016",
        description="Least time between two courses a mission gives at the same border point.",
    )
    training_need_strong_police: float = param(
        0.5,
        unit="ratio",
        range=(0, 1),
        ge=0,
        le=5,
        source=ASSUMED,
        description="Training need at a border point whose police are strong (weakness 0): a mission trains where "
        "risk x (this + weakness) x (1 - training) is highest, so strong police still get courses.",
    )
    training_delay_days: int = param(
        30,
        unit="days",
        range=(0, 120),
        ge=0,
        le=3650,
        source=ASSUMED,
        description="Days between a course and its effect on detection and identification.",
    )
    training_effect: float = param(
        0.2,
        unit="level",
        range=(0.05, 0.5),
        ge=0,
        le=1,
        source=ASSUMED,
        description="Rise of a border point's training level from one course.",
    )
    awareness_cost_eur: float = param(
        5000.0,
        unit="EUR/campaign",
        range=(1000, 20000),
        ge=0,
        le=1e7,
        source=ASSUMED,
        description="Cost of one month of awareness raising in a country.",
    )
    awareness_interval_days: int = param(
        30,
        unit="days",
        range=(7, 90),
        ge=1,
        le=365,
        source="design: awareness_cost_eur is the cost of one month of awareness raising",
        description="Least time between two awareness campaigns of a proactive mission.",
    )
    awareness_effect: float = param(
        0.2,
        unit="level",
        range=(0.05, 0.5),
        ge=0,
        le=1,
        source="seed 6.4: Preševo and local media, Nov-Dec 2015",
        description="Rise of awareness per campaign.",
    )
    spot_report_risk: float = param(
        2.0,
        unit="risk",
        range=(1, 5),
        ge=0,
        le=1000,
        source="seed 6.2: spot report on Horgoš, Sept 2015",
        description="Observed risk at one border that makes a mission file a spot report.",
    )
    background_report_days: int = param(
        120,
        unit="days",
        range=(30, 365),
        ge=7,
        le=3650,
        source="seed 6.2: background reports of Serbia and Skopje",
        description="Days of proactive posture between two background reports.",
    )
    budget_planning_month: int = param(
        12,
        unit="month",
        ge=1,
        le=12,
        source="seed 4.2: the 2015 budget was planned before the crisis",
        description="Month in which a mission plans next year's budget and posts.",
    )
    extra_budget_eur_per_risk: float = param(
        50000.0,
        unit="EUR/risk",
        range=(0, 200000),
        ge=0,
        le=1e8,
        source=ASSUMED,
        description="Extra migration budget a mission plans for next year per unit of perceived risk.",
    )
    max_extra_teams: int = param(
        1,
        unit="teams",
        range=(0, 3),
        ge=0,
        le=5,
        source="seed 4.2/6.1: Skopje had two teams from 2016 and asked two new posts for 2017",
        description="Most monitoring teams a mission can add in one budget year.",
    )
    new_post_delay_days: int = param(
        60,
        unit="days",
        range=(0, 180),
        ge=0,
        le=3650,
        source=ASSUMED,
        description="Days from the start of a budget year until its new posts are filled.",
    )
    deployment_delay_days: int = param(
        14,
        unit="days",
        range=(1, 60),
        ge=0,
        le=3650,
        source="seed 6.1: Temporary Presences Mechanism (2014)",
        description="Days a mission with rapid deployment needs to open a field presence.",
    )

    @field_validator("status_neutral_countries")
    @classmethod
    def _known_countries(cls, codes: list[str]) -> list[str]:
        unknown = [c for c in codes if c not in COUNTRIES]
        if unknown:
            raise ValueError(f"unknown country code {unknown[0]!r}; expected some of {', '.join(COUNTRIES)}")
        return codes

    @field_validator("specs", mode="before")
    @classmethod
    def _merge_specs(cls, specs):
        return merge_into_defaults(specs)
