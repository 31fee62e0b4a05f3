"""The dashboard's controls, as Mesa's SolaraViz ``model_params``: one entry per DashboardModel keyword.

Slider ranges are the sweep ranges the parameter models declare (``model.fields.field_info``), so the
dashboard offers what a what-if study would vary; starting values are :data:`DEFAULTS`. Seed and
people per agent are free text, so a wrong value reaches the parameter models' validation and its
message is shown on the page.
"""

import math

from dashboard.model_factory import CLOSURE_DATE, DEFAULTS
from model.fields import field_info
from model.params_migrants import MigrantParams
from model.params_missions import MissionRules
from scenarios.loader import scenario_names

MISSION_BUDGET_FACTOR_RANGE = (0.0, 3.0)  # the dashboard's choice: no missions' money to three times it
CLOSURE_SHIFT_RANGE_DAYS = (-150, 150)  # early October 2015 to early August 2016

SLIDERS = {
    "smuggler_price_eur": (MigrantParams, "smuggler price"),
    "exploitation_risk_per_day": (MigrantParams, "exploitation risk"),
    "info_lag_mean_days": (MigrantParams, "information lag"),
    "training_effect": (MissionRules, "training effect"),
}


def nice_step(low: float, high: float, ticks: int = 50) -> float:
    """The largest of 1, 2, 5 x 10^k not above (high - low) / ticks, so round values stay on the slider."""
    raw = (high - low) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return max(m * power for m in (1, 2, 5) if m * power <= raw)


def _slider(key: str, model: type, label: str) -> dict:
    info = field_info(model, key)
    low, high = info["range"]
    return {
        "type": "SliderFloat",
        "label": f"{label} ({info['unit']})",
        "value": DEFAULTS[key],
        "min": float(low),
        "max": float(high),
        "step": nice_step(low, high),
    }


def model_params() -> dict:
    """SolaraViz ``model_params``: the scenario picker, seed, people per agent and the what-if sliders."""
    params = {
        "scenario_name": {
            "type": "Select",
            "label": "scenario",
            "value": DEFAULTS["scenario_name"],
            "values": scenario_names(),
        },
        "seed": {"type": "InputText", "label": "seed", "value": DEFAULTS["seed"]},
        "people_per_agent": {"type": "InputText", "label": "people per agent", "value": DEFAULTS["people_per_agent"]},
    }
    params |= {key: _slider(key, model, label) for key, (model, label) in SLIDERS.items()}
    low, high = MISSION_BUDGET_FACTOR_RANGE
    params["mission_budget_factor"] = {
        "type": "SliderFloat",
        "label": "mission budgets (x planned)",
        "value": DEFAULTS["mission_budget_factor"],
        "min": low,
        "max": high,
        "step": 0.1,
    }
    low, high = CLOSURE_SHIFT_RANGE_DAYS
    params["closure_shift_days"] = {
        "type": "SliderInt",
        "label": f"route closure: days from {CLOSURE_DATE.day} {CLOSURE_DATE:%b %Y}",
        "value": DEFAULTS["closure_shift_days"],
        "min": low,
        "max": high,
        "step": 1,
    }
    return params
