"""Every number a run depends on has hard bounds, and a run at any bound keeps going without overflow."""

import math

import pytest

from model.errors import InputError
from model.fields import field_info, param
from model.model import MAX_AGENTS, RouteModel
from model.parameters import Parameters
from runs.plan import declared_ranges
from scenarios.loader import load_scenario

# a short stretch with the closure in it, at a coarse resolution: a few tenths of a second a run
SHORT = {"people_per_agent": 1000, "start_date": "2016-02-01", "end_date": "2016-03-31"}


def numeric_fields(cls=Parameters, prefix=""):
    for name, f in cls.model_fields.items():
        if isinstance(f.annotation, type) and hasattr(f.annotation, "model_fields"):
            yield from numeric_fields(f.annotation, f"{prefix}{name}.")
        elif f.annotation in (int, float):
            yield f"{prefix}{name}", cls, name


def test_every_number_has_hard_bounds_around_its_sweep_range():
    for key, cls, name in numeric_fields():
        info = field_info(cls, name)
        low, high = info["bounds"]
        assert low is not None and high is not None, f"{key} has no hard bounds"
        if info["range"]:
            assert low <= info["range"][0] <= info["range"][1] <= high, key


def test_a_number_declared_without_bounds_is_refused():
    with pytest.raises(TypeError, match="needs both ge and le"):
        param(1.0, unit="days", source="assumed", description="no upper bound", ge=0)
    with pytest.raises(TypeError, match="outside"):
        param(1.0, unit="days", source="assumed", description="range beyond", ge=0, le=10, range=(0, 20))


def _extremes():
    ranges = declared_ranges()
    for key, cls, name in numeric_fields():
        if key in ranges and key != "people_per_agent":
            low, high = field_info(cls, name)["bounds"]
            yield pytest.param(key, low, id=f"{key}=low")
            yield pytest.param(key, high, id=f"{key}=high")


def _nested(key, value):
    out = value
    for part in reversed(key.split(".")):
        out = {part: out}
    return out


@pytest.mark.slow
@pytest.mark.parametrize("key, value", list(_extremes()))
def test_a_run_at_any_bound_keeps_every_count_finite_and_everyone_in_one_status(key, value):
    overrides = {**SHORT, **_nested(key, int(value) if field_type(key) is int else float(value))}
    model = RouteModel(load_scenario("historical", overrides), seed=1).run()
    rec = model.recorder
    assert rec.statuses[-1].sum() == model.migrants.n  # every agent in exactly one status
    assert all(math.isfinite(x) for x in rec.missions.ravel())


def field_type(key):
    return next(cls.model_fields[name].annotation for k, cls, name in numeric_fields() if k == key)


def test_a_run_that_would_outgrow_the_machine_is_refused_before_it_starts():
    big = {"bulgaria_land_arrivals_per_day": 20000, "turkey_land_route_factor": 20, "people_per_agent": 1}
    scenario = load_scenario("historical", big)  # 400,000 a day by land after the EU-Turkey statement
    with pytest.raises(InputError, match=f"more than {MAX_AGENTS:,}"):
        RouteModel(scenario)
