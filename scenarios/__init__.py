"""Scenario files (YAML) and their loading and validation into :class:`model.Scenario` objects."""

from scenarios.loader import ScenarioError, load_scenario, parse_set, scenario_names

__all__ = ["ScenarioError", "load_scenario", "parse_set", "scenario_names"]
