"""Running one scenario and writing its tables: the single-run half of the run tooling."""

from pathlib import Path

from model.model import RouteModel
from model.scenario import Scenario
from model.summary import summarize
from runs.store import atomic_write_text, write_json, write_tables


def simulate(scenario: Scenario, seed: int, progress=None) -> RouteModel:
    """Build and run the model to its end date."""
    return RouteModel(scenario, seed=seed).run(progress)


def tables(model: RouteModel) -> dict:
    """The run's tidy tables (pandas DataFrames); counts are people."""
    return model.recorder.tables()


def write_run(model: RouteModel, out: Path) -> dict:
    """Write ``<table>.csv`` for each table and ``summary.json`` into ``out``; returns the summary."""
    out.mkdir(parents=True, exist_ok=True)
    write_tables(tables(model), out)
    summary = summarize(model)
    write_json(out / "summary.json", summary)
    atomic_write_text(out / "scenario.json", model.route_scenario.model_dump_json(indent=2) + "\n")
    return summary
