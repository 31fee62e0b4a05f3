"""The dashboard's model: a RouteModel built from the page's controls, never raising on bad input.

Mesa's SolaraViz re-creates the model on Reset by calling its class with the controls' values as
keyword arguments, so :class:`DashboardModel` takes every control as a keyword with a default. The
scenario is loaded with :func:`scenarios.loader.load_scenario`, so a bad value is reported as the
parameter models' own validation message; the page shows it instead of a traceback, and the model
stands still until the controls are fixed and Reset is pressed again.
"""

import os
from datetime import date, timedelta
from pathlib import Path

from pydantic import ValidationError

from model.model import RouteModel
from model.scenario import Scenario
from scenarios.loader import ScenarioError, load_scenario, validation_message

REPOSITORY = Path(__file__).resolve().parent.parent
# The closure of the route, 8-9 March 2016 (historical.yaml); the closure slider moves this event.
CLOSURE_DATE = date(2016, 3, 9)

# What the page starts with: coarse enough that a day takes milliseconds and a chart redraw dominates.
DEFAULTS = {
    "scenario_name": "historical",
    "seed": "42",
    "people_per_agent": "200",
    "smuggler_price_eur": 350.0,
    "exploitation_risk_per_day": 0.01,
    "info_lag_mean_days": 3.0,
    "training_effect": 0.2,
    "mission_budget_factor": 1.0,
    "closure_shift_days": 0,
}


def _is_closure(event, on: date) -> bool:
    return event.type == "border_policy" and event.policy == "closed" and event.date == on


def _is_raw_closure(event: dict) -> bool:
    return (
        event["type"] == "border_policy" and event["policy"] == "closed" and event["date"] == CLOSURE_DATE.isoformat()
    )


def shift_closure(raw: dict, days: int) -> dict:
    """``raw`` (a dumped Scenario) with the 9 March 2016 closure moved by ``days``.

    Moved earlier, the closure supersedes the policies its border points had in between (the February
    2016 cap and filter), as ``early_closure.yaml`` drops them, so those are dropped; moved later, they
    apply until the closure comes."""
    events = raw["events"]
    closure = next((e for e in events if _is_raw_closure(e)), None)
    if closure is None or days == 0:
        return raw
    new_date = (CLOSURE_DATE + timedelta(days=days)).isoformat()
    closed = set(closure["borders"])

    def superseded(e: dict) -> bool:
        between = new_date <= e["date"] < CLOSURE_DATE.isoformat()
        return e is not closure and e["type"] == "border_policy" and between and set(e["borders"]) <= closed

    kept = [{**e, "date": new_date} if e is closure else e for e in events if not superseded(e)]
    return {**raw, "events": sorted(kept, key=lambda e: e["date"])}


def scale_mission_budgets(raw: dict, factor: float) -> dict:
    """``raw`` with every mission's annual budget, and every budget decision, times ``factor``."""
    if factor == 1:
        return raw
    params = raw["parameters"]
    specs = {mid: {**spec, "annual_budget_eur": spec["annual_budget_eur"] * factor}
             for mid, spec in params["missions"]["specs"].items()}  # fmt: skip
    events = [
        {**e, "annual_budget_eur": e["annual_budget_eur"] * factor}
        if e["type"] == "mission_budget" and e.get("annual_budget_eur") is not None
        else e
        for e in raw["events"]
    ]
    return {**raw, "parameters": {**params, "missions": {**params["missions"], "specs": specs}}, "events": events}


def build_scenario(
    scenario_name: str,
    people_per_agent,
    smuggler_price_eur: float,
    exploitation_risk_per_day: float,
    info_lag_mean_days: float,
    training_effect: float,
    mission_budget_factor: float,
    closure_shift_days: int,
) -> Scenario:
    """The scenario the controls describe; raises :class:`ScenarioError` with a one-line message."""
    overrides = {
        "people_per_agent": people_per_agent,
        "migrants": {
            "smuggler_price_eur": smuggler_price_eur,
            "exploitation_risk_per_day": exploitation_risk_per_day,
            "info_lag_mean_days": info_lag_mean_days,
        },
        "missions": {"training_effect": training_effect},
    }
    scenario = load_scenario(scenario_name, overrides)
    if not isinstance(closure_shift_days, int) or isinstance(closure_shift_days, bool):
        raise ScenarioError(f"closure shift: expected a whole number of days, got {closure_shift_days!r}")
    if not isinstance(mission_budget_factor, int | float) or not 0 <= mission_budget_factor < float("inf"):
        raise ScenarioError(f"mission budgets: expected a factor of 0 or more, got {mission_budget_factor!r}")
    raw = scenario.model_dump(mode="json")
    raw = shift_closure(scale_mission_budgets(raw, mission_budget_factor), closure_shift_days)
    try:
        return Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(validation_message(f"{scenario_name} (dashboard controls)", exc)) from None


def parse_seed(seed) -> int:
    text = str(seed).strip()
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:  # numpy's generators take any whole number from 0
        raise ScenarioError(f"seed: expected a whole number, 0 or more, got {text[:40]!r}")
    return value


class DashboardModel(RouteModel):
    """A RouteModel made from the dashboard's controls; ``error`` holds why the controls were refused.

    With bad controls the model is the default scenario standing still (``running`` is False and a step
    does nothing), so every view can still draw it while the page shows ``error``."""

    def __init__(
        self,
        scenario_name: str = DEFAULTS["scenario_name"],
        seed: int | str = DEFAULTS["seed"],
        people_per_agent: int | str = DEFAULTS["people_per_agent"],
        smuggler_price_eur: float = DEFAULTS["smuggler_price_eur"],
        exploitation_risk_per_day: float = DEFAULTS["exploitation_risk_per_day"],
        info_lag_mean_days: float = DEFAULTS["info_lag_mean_days"],
        training_effect: float = DEFAULTS["training_effect"],
        mission_budget_factor: float = DEFAULTS["mission_budget_factor"],
        closure_shift_days: int = DEFAULTS["closure_shift_days"],
    ):
        self.error = None
        try:
            seed_value = parse_seed(seed)
            scenario = build_scenario(
                scenario_name,
                people_per_agent,
                smuggler_price_eur,
                exploitation_risk_per_day,
                info_lag_mean_days,
                training_effect,
                mission_budget_factor,
                closure_shift_days,
            )
        except ScenarioError as exc:
            self.error = str(exc).replace(f"{REPOSITORY}{os.sep}", "")  # scenarios/historical.yaml, not /home/...
            seed_value = int(DEFAULTS["seed"])
            scenario = load_scenario(DEFAULTS["scenario_name"], {"people_per_agent": int(DEFAULTS["people_per_agent"])})
        super().__init__(scenario, seed=seed_value)
        self.scenario_name = scenario.name
        self.mission_budget_factor = DEFAULTS["mission_budget_factor"] if self.error else mission_budget_factor
        shift = 0 if self.error else closure_shift_days
        target = CLOSURE_DATE + timedelta(days=shift)
        self.closure_date = next((e.date for e in scenario.events if _is_closure(e, target)), None)
        if self.error:
            self.running = False

    def step(self):
        if self.error:  # the controls were refused: stand still until they are fixed
            return
        super().step()
