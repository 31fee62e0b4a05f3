"""The result store: how a run's tables and records are written, and with which package versions.

A single run writes CSV tables (readable anywhere); a batch run writes Parquet tables with
``run_id``, ``scenario`` and ``seed`` columns, so a batch folder concatenates without a join. Every
file is written under a temporary name and renamed into place, so a reader never sees half a file.
"""

import json
import os
import platform
from pathlib import Path

import pandas as pd


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename it."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_json(path: Path, data) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def write_csv(path: Path, frame: pd.DataFrame, **options) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    frame.to_csv(tmp, **options)
    os.replace(tmp, path)


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
