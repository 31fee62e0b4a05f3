"""Reading what runs wrote: one run's CSV folder or a batch folder of Parquet files, as tidy tables.

Every file is checked as it is read (:mod:`analysis.result_files`): a damaged one raises
:class:`DamagedResults` naming it, or with ``skip_damaged`` its run is left out and listed in the
``skipped`` table.

A batch folder is recognised by ``manifest.csv``, ``batch.json`` or a ``runs/`` folder of run folders.
Without ``manifest.csv`` (a batch killed before it wrote one) the manifest is rebuilt from each run's
``run.json``, and a :class:`ResultsNote` warning says so.
"""

import json
import sys
import warnings
from contextlib import contextmanager, suppress
from pathlib import Path

import pandas as pd

from analysis.result_files import (
    MANIFEST_COLUMNS,
    SKIPPED_COLUMNS,
    DamagedResults,
    ResultsNote,
    flatten_summary,
    read_json,
    read_manifest,
    read_run_json,
    read_summary,
    read_table,
)
from model.recorder import TABLES

__all__ = ["DamagedResults", "ResultsNote", "flatten_summary", "load", "printed_notes", "skipped_lines"]


def is_batch(path: str | Path) -> bool:
    """Whether ``path`` is a batch folder: ``manifest.csv``, ``batch.json`` or a ``runs/`` of run folders."""
    path = Path(path)
    return (
        (path / "manifest.csv").exists()
        or (path / "batch.json").exists()
        or any(p.is_file() for p in (path / "runs").glob("*/run.json"))
    )


def rebuild_manifest(path: str | Path, skip_damaged: bool = False, skipped: list | None = None) -> pd.DataFrame:
    """The manifest of a batch folder from its runs' ``run.json`` (the runs that finished), in the
    order of the batch's scenarios, then point and seed."""
    path = Path(path)
    rows = []
    for marker in sorted((path / "runs").glob("*/run.json")):
        try:
            rows.append(read_run_json(marker))
        except DamagedResults as exc:
            if not skip_damaged:
                raise
            _skip(skipped, marker.parent.name, exc)
    scenarios = []
    with suppress(DamagedResults):
        scenarios = list(read_json(path / "batch.json").get("scenarios") or [])
    manifest = pd.DataFrame(rows).reindex(columns=list(MANIFEST_COLUMNS))
    if rows:
        order = {s: i for i, s in enumerate(scenarios)}
        manifest["_order"] = [order.get(s, len(order)) for s in manifest.scenario]
        manifest["point"] = manifest.point.fillna("").astype(str)
        manifest = manifest.sort_values(["_order", "scenario", "point", "seed", "run_id"]).drop(columns="_order")
        manifest["seed"] = manifest.seed.astype(int)
        manifest["draw"] = pd.to_numeric(manifest["draw"], errors="coerce").astype("Int64")
    return manifest.reset_index(drop=True)


def _skip(skipped: list | None, run_id: str, exc: DamagedResults) -> None:
    if skipped is not None:
        skipped.append({"run_id": run_id, "path": str(exc.path), "problem": exc.problem})


# --- a folder -------------------------------------------------------------------------------------


def read_run(folder: str | Path, run_id: str | None = None, seed: int | None = None) -> tuple[dict, dict]:
    """One run's checked ``summary.json`` and tables: a batch run's Parquet files when ``run_id`` is
    given (with its manifest ``seed``), else a run folder's CSV files."""
    folder = Path(folder)
    summary = read_summary(folder / "summary.json")
    if seed is not None and summary["seed"] != seed:
        raise DamagedResults(
            folder / "summary.json", f"seed {summary['seed']}, not this run's {seed} (a summary of another run?)"
        )
    ext = "parquet" if run_id is not None else "csv"
    tables = {name: read_table(folder / f"{name}.{ext}", name, summary, run_id, seed) for name in TABLES}
    return summary, tables


def _batch_manifest(path: Path, skip_damaged: bool, skipped: list) -> pd.DataFrame:
    if (path / "manifest.csv").exists():
        try:
            return read_manifest(path / "manifest.csv")
        except DamagedResults as exc:
            if not skip_damaged:
                raise
            _skip(skipped, "", exc)
            reason = "manifest.csv is damaged"
    else:
        reason = "no manifest.csv (a batch stopped before writing it?)"
    manifest = rebuild_manifest(path, skip_damaged, skipped)
    planned = ""
    with suppress(DamagedResults, KeyError, TypeError, ValueError):
        planned = f" of the {int(read_json(path / 'batch.json')['runs'])} planned"
    ok = int((manifest.status == "ok").sum())
    warnings.warn(
        f"{path}: {reason}; read the {ok} finished runs{planned} from runs/*/run.json instead",
        ResultsNote,
        stacklevel=3,
    )
    return manifest


def load(path: str | Path, skip_damaged: bool = False) -> dict[str, pd.DataFrame]:
    """Tables across all completed runs of a batch folder (or of one run's folder).

    Returns ``countries``, ``borders``, ``missions``, ``visits``, ``statuses`` (each with ``run_id``,
    ``scenario`` and ``seed`` columns), ``summary`` (one row per run, missions' measures flattened as
    ``mission.measure``), ``skipped`` (``run_id, path, problem`` of each damaged file left out) and,
    for a batch, ``manifest``. Each file is checked as it is read: a damaged one raises
    :class:`DamagedResults`, or with ``skip_damaged`` its run is left out and listed in ``skipped``."""
    path = Path(path)
    skipped: list[dict] = []
    if is_batch(path):
        manifest = _batch_manifest(path, skip_damaged, skipped)
        frames: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
        summaries = []
        for row in manifest[manifest.status == "ok"].itertuples():
            folder = path / "runs" / row.run_id
            try:
                if not (folder / "run.json").is_file():
                    raise DamagedResults(folder, "listed as finished in manifest.csv, but no run folder with run.json")
                summary, tables = read_run(folder, row.run_id, int(row.seed))
            except DamagedResults as exc:
                if not skip_damaged:
                    raise
                _skip(skipped, row.run_id, exc)
                continue
            for name, frame in tables.items():
                frames[name].append(frame)
            draw = getattr(row, "draw", None)
            draw = None if draw is None or pd.isna(draw) else int(draw)
            summaries.append({"run_id": row.run_id, "point": row.point, "draw": draw, **flatten_summary(summary)})
        out = {name: pd.concat(parts, ignore_index=True) if parts else pd.DataFrame() for name, parts in frames.items()}
        out["summary"] = _with_draw_values(pd.DataFrame(summaries), path)
        out["manifest"] = manifest
    elif (path / "summary.json").exists():
        run_id = path.name
        try:
            summary, out = read_run(path)
        except DamagedResults as exc:
            if not skip_damaged:
                raise
            _skip(skipped, run_id, exc)
            out, summary = {name: pd.DataFrame() for name in TABLES}, None
        if summary is not None:
            for frame in out.values():
                frame.insert(0, "seed", summary["seed"])
                frame.insert(0, "scenario", summary["scenario"])
                frame.insert(0, "run_id", run_id)
        out["summary"] = pd.DataFrame([{"run_id": run_id, "point": "", **flatten_summary(summary)}] if summary else [])
    else:
        raise FileNotFoundError(
            f"{path}: neither a batch folder (manifest.csv, batch.json or runs/) nor a run folder (summary.json)"
        )
    out["skipped"] = pd.DataFrame(skipped, columns=list(SKIPPED_COLUMNS))
    return out


# --- telling the user -----------------------------------------------------------------------------


def skipped_lines(skipped: pd.DataFrame | list, first: int = 5) -> list[str]:
    """What ``--skip-damaged`` left out: a count, then the first few files with what is wrong."""
    skipped = pd.DataFrame(skipped, columns=list(SKIPPED_COLUMNS))
    if skipped.empty:
        return []
    runs = int((skipped.run_id != "").sum())
    other = len(skipped) - runs
    parts = [f"{runs} damaged run{'s' if runs != 1 else ''}"] if runs else []
    parts += [f"{other} damaged manifest{'s' if other != 1 else ''}"] if other else []
    lines = [f"warning: skipped {' and '.join(parts)} (--skip-damaged):"]
    lines += [f"  {r.path}: {r.problem}" for r in skipped.head(first).itertuples()]
    if len(skipped) > first:
        lines.append(f"  ... and {len(skipped) - first} more")
    return lines


@contextmanager
def printed_notes(stream=None):
    """Print each :class:`ResultsNote` warned inside as a ``note: ...`` line (other warnings as usual)."""
    caught: list = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResultsNote)
            yield
    finally:  # after the recorder is gone, so the other warnings show as they would have
        for w in caught:
            if issubclass(w.category, ResultsNote):
                print(f"note: {w.message}", file=stream or sys.stderr)
            else:
                warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def of_scenario(tables: dict, scenario: str, source: str | Path = "") -> dict[str, pd.DataFrame]:
    """The tables of ``load`` cut to the runs of one scenario; ValueError naming ``source`` if it has none."""
    summary = tables["summary"]
    runs = set(summary.loc[summary.scenario == scenario, "run_id"])
    if not runs:
        raise ValueError(f"{source}: no run of scenario {scenario!r}")
    return {k: v[v.run_id.isin(runs)] for k, v in tables.items() if isinstance(v, pd.DataFrame) and "run_id" in v}


def _with_draw_values(summary: pd.DataFrame, path: Path) -> pd.DataFrame:
    """A posterior-predictive batch's summary with each run's drawn parameter values (JSON, by dotted
    key) in ``draw_point``, from the batch's ``posterior_draws.csv``."""
    table = path / "posterior_draws.csv"
    if summary.empty or "draw" not in summary or not table.is_file():
        return summary
    try:
        draws = pd.read_csv(table).set_index("draw").drop(columns=["particle", "seeds"], errors="ignore")
    except (OSError, ValueError, KeyError, pd.errors.ParserError) as exc:
        raise DamagedResults(table, f"not a readable table of draws ({str(exc).splitlines()[0]})") from None
    values = {int(d): json.dumps(row.dropna().to_dict(), sort_keys=True) for d, row in draws.iterrows()}
    return summary.assign(draw_point=[values.get(d, "") if pd.notna(d) else "" for d in summary["draw"]])
