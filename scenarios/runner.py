"""Running one scenario and writing its tables: the single-run half of the scenario tooling."""

import json
import os
from pathlib import Path

from model.model import RouteModel
from model.scenario import Scenario
from model.summary import summarize

TABLES = ("countries", "borders", "missions", "visits", "statuses")


def simulate(scenario: Scenario, seed: int, progress=None) -> RouteModel:
    """Build and run the model to its end date."""
    return RouteModel(scenario, seed=seed).run(progress)


def tables(model: RouteModel) -> dict:
    """The run's tidy tables (pandas DataFrames); counts are people."""
    rec = model.recorder
    return {
        "countries": rec.countries_table(),
        "borders": rec.borders_table(),
        "missions": rec.missions_table(),
        "visits": rec.visits_table(),
        "statuses": rec.statuses_table(),
    }


def _atomic_write_text(path: Path, text: str):
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_run(model: RouteModel, out: Path) -> dict:
    """Write ``<table>.csv`` for each table and ``summary.json`` into ``out``; returns the summary."""
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables(model).items():
        _atomic_write_text(out / f"{name}.csv", frame.to_csv(index=False, date_format="%Y-%m-%d"))
    summary = summarize(model)
    _atomic_write_text(out / "summary.json", json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    _atomic_write_text(out / "scenario.json", model.route_scenario.model_dump_json(indent=2) + "\n")
    return summary
