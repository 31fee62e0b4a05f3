"""The result store: how a run's tables and records are written, and with which package versions.

A single run writes CSV tables (readable anywhere); a batch run writes Parquet tables with
``run_id``, ``scenario`` and ``seed`` columns, so a batch folder concatenates without a join. Every
file is written under a temporary name and renamed into place, so a reader never sees half a file.
"""

import json
import math
import os
import platform
import shutil
import uuid
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.recorder import TABLES

# what a single run's folder may hold: its tables, records, and what later commands add to it
RUN_ENTRIES = {*(f"{t}.csv" for t in TABLES), "summary.json", "scenario.json", "plots", "validation"}

# a batch's manifest.csv, one row per run (``draw`` is blank unless the batch draws from a posterior)
MANIFEST_COLUMNS = (
    "run_id", "scenario", "point", "parameters", "seed", "draw", "status", "error", "duration_s", "versions",
)  # fmt: skip


class StoreError(InputError):
    """A results folder cannot be written (or would mix with other files); one line naming the path."""


def writable_folder(path: Path, *, kind: str = "output folder", make: bool = True) -> Path:
    """``path``, resolved, once it is known that a folder can be made and written there: checked
    before any work starts, so a bad ``--out`` fails at once, not after the simulation. With
    ``make=False`` nothing is made: a command refused later leaves no empty folder behind."""
    path = Path(path).expanduser()
    try:
        resolved = path.resolve()
        if resolved.exists() and not resolved.is_dir():
            raise StoreError(f"{path}: the {kind} is a file, not a folder; choose another --out")
        existing = next(p for p in (resolved, *resolved.parents) if p.exists())
        if not existing.is_dir():
            raise StoreError(f"{path}: {existing} is a file, so no {kind} can be made under it; choose another --out")
        if make:
            resolved.mkdir(parents=True, exist_ok=True)
            existing = resolved
        # probe where the folder is or would be made, leaving nothing behind when make is False
        probe = existing / f".write-test-{uuid.uuid4().hex}"
        probe.mkdir()
        probe.rmdir()
    except OSError as exc:
        raise StoreError(f"{path}: cannot write the {kind} there ({exc.strerror or exc})") from None
    return resolved


def check_run_folder(path: Path) -> Path:
    """``path`` is empty or holds one run (so replacing it loses nothing else): made and writable."""
    folder = writable_folder(path)
    other = sorted(e.name for e in folder.iterdir() if e.name not in RUN_ENTRIES and not e.name.startswith("."))
    if other:
        raise StoreError(
            f"{path}: holds files that are not a run's ({', '.join(other[:3])}{', ...' if len(other) > 3 else ''});"
            " a run replaces its folder whole, so choose an empty folder or another --out"
        )
    return folder


def publish_folder(work: Path, final: Path) -> None:
    """Put the finished folder ``work`` in the place of ``final`` whole: a reader finds the old run or
    the new one, never files of both."""
    old = final.with_name(f".old-{final.name}-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    os.replace(work, final)
    shutil.rmtree(old, ignore_errors=True)


def _finite(value):
    """JSON has no NaN or infinity: ``null`` stands for a figure that could not be computed."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename it."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:  # a full disk or an interrupt: no half-written file stays behind
        tmp.unlink(missing_ok=True)
        raise


def write_json(path: Path, data) -> None:
    """Strict JSON (no NaN: null instead), written atomically."""
    text = json.dumps(_finite(data), indent=2, ensure_ascii=False, default=str, allow_nan=False)
    atomic_write_text(path, text + "\n")


def write_csv(path: Path, frame: pd.DataFrame, **options) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        frame.to_csv(tmp, **options)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_tables(tables: dict[str, pd.DataFrame], folder: Path, *, parquet: bool = False) -> None:
    """Each table as ``<name>.csv`` (dates as YYYY-MM-DD) or ``<name>.parquet`` in ``folder``."""
    for name, frame in tables.items():
        if parquet:
            frame.to_parquet(folder / f"{name}.parquet", index=False)
        else:
            atomic_write_text(folder / f"{name}.csv", frame.to_csv(index=False, date_format="%Y-%m-%d"))


def package_versions() -> dict:
    import mesa
    import numpy
    import pydantic

    return {
        "python": platform.python_version(),
        "mesa": mesa.__version__,
        "numpy": numpy.__version__,
        "pandas": pd.__version__,
        "pydantic": pydantic.__version__,
    }
