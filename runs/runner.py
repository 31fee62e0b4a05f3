"""Running one scenario and writing its tables: the single-run half of the run tooling."""

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from model.model import RouteModel
from model.scenario import Scenario
from model.summary import summarize
from runs.store import StoreError, atomic_write_text, check_run_folder, publish_folder, write_json, write_tables


def simulate(scenario: Scenario, seed: int, progress=None) -> RouteModel:
    """Build and run the model to its end date."""
    return RouteModel(scenario, seed=seed).run(progress)


def tables(model: RouteModel) -> dict:
    """The run's tidy tables (pandas DataFrames); counts are people."""
    return model.recorder.tables()


def write_run(model: RouteModel, out: Path, also: Callable[[Path], object] | None = None) -> dict:
    """Write ``<table>.csv`` for each table, ``summary.json`` and ``scenario.json`` (and whatever
    ``also(folder)`` adds, such as plots) into a new folder that then takes the place of ``out``
    whole; returns the summary. A failure leaves ``out`` as it was."""
    final = check_run_folder(out)
    work = final.with_name(f".tmp-{final.name}-{os.getpid()}")
    try:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        write_tables(tables(model), work)
        summary = summarize(model)
        write_json(work / "summary.json", summary)
        atomic_write_text(work / "scenario.json", model.route_scenario.model_dump_json(indent=2) + "\n")
        if also is not None:
            also(work)
        publish_folder(work, final)
    except OSError as exc:
        raise StoreError(f"{out}: the run could not be written ({exc.strerror or exc}); {out} is unchanged") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return summary
