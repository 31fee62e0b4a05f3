"""Reading what runs wrote: one run's CSV folder or a batch folder of Parquet files, as tidy tables."""

import json
from pathlib import Path

import pandas as pd

from model.recorder import TABLES


def flatten_summary(summary: dict) -> dict:
    """A run's ``summary.json`` as one flat row: each mission's figures become ``<mission>.<key>``."""
    flat = {k: v for k, v in summary.items() if k != "missions"}
    for mission, values in summary.get("missions", {}).items():
        for key, value in values.items():
            flat[f"{mission}.{key}"] = value
    return flat


def load(path: str | Path) -> dict[str, pd.DataFrame]:
    """Tables across all completed runs of a batch folder (or of one run's folder).

    Returns ``countries``, ``borders``, ``missions``, ``visits``, ``statuses`` (each with ``run_id``,
    ``scenario`` and ``seed`` columns), ``summary`` (one row per run, missions' measures flattened as
    ``mission.measure``) and, for a batch, ``manifest``."""
    path = Path(path)
    if (path / "manifest.csv").exists():
        manifest = pd.read_csv(path / "manifest.csv")
        ok = manifest[manifest.status == "ok"]
        dirs = [path / "runs" / run_id for run_id in ok.run_id]
        out = {
            name: pd.concat([pd.read_parquet(d / f"{name}.parquet") for d in dirs], ignore_index=True)
            if dirs
            else pd.DataFrame()
            for name in TABLES
        }
        summaries = []
        for d, (_, row) in zip(dirs, ok.iterrows(), strict=True):
            flat = flatten_summary(json.loads((d / "summary.json").read_text(encoding="utf-8")))
            summaries.append({"run_id": row.run_id, "point": row.point, **flat})
        out["summary"] = pd.DataFrame(summaries)
        out["manifest"] = manifest
        return out
    if (path / "summary.json").exists():
        summary = flatten_summary(json.loads((path / "summary.json").read_text(encoding="utf-8")))
        run_id = path.name
        out = {}
        for name in TABLES:
            frame = pd.read_csv(path / f"{name}.csv", parse_dates=["date"])
            frame.insert(0, "seed", summary["seed"])
            frame.insert(0, "scenario", summary["scenario"])
            frame.insert(0, "run_id", run_id)
            out[name] = frame
        out["summary"] = pd.DataFrame([{"run_id": run_id, "point": "", **summary}])
        return out
    raise FileNotFoundError(f"{path}: neither a batch folder (manifest.csv) nor a run folder (summary.json)")
