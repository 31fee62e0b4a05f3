"""Scenario files (YAML), their loading and validation, and batches of runs."""

from scenarios.batch import run_batch
from scenarios.loader import ScenarioError, load_scenario, parse_set, scenario_names
from scenarios.plan import RunSpec, plan_runs

__all__ = ["RunSpec", "ScenarioError", "load_scenario", "parse_set", "plan_runs", "run_batch", "scenario_names"]
