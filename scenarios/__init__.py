"""Scenario files (YAML), their loading and validation, and (later) batches of runs."""

from scenarios.loader import ScenarioError, load_scenario, parse_set, scenario_names

__all__ = ["ScenarioError", "load_scenario", "parse_set", "scenario_names"]
