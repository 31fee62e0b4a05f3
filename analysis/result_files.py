"""Reading one file a run wrote, checked against what a run writes: the tables (``model.recorder.TABLE_COLUMNS``
in order, dates that parse and cover the run's days, counts that are numbers), ``summary.json``,
``scenario.json``, ``run.json`` and ``manifest.csv``. A file that fails is a :class:`DamagedResults`
(a ``ValueError``) whose message is one line: the file's path and what is wrong with it.
"""

import json
import math
from datetime import date
from pathlib import Path

import pandas as pd

from model.enums import Status
from model.recorder import BORDER_COLUMNS, COUNTRY_COLUMNS, MISSION_COLUMNS, TABLE_COLUMNS, VICTIM_COLUMNS
from runs.store import MANIFEST_COLUMNS

ID_COLUMNS = ("run_id", "scenario", "seed")  # first in each table of a batch
TEXT_COLUMNS = ("run_id", "scenario", "country", "border", "mission", "policy", "posture")  # names, never missing
# the counts (and amounts) the recorder declares: numbers, never missing. A column a table adds beyond
# these is only checked to be in its place (it may be text, or missing where it does not apply).
NUMBER_COLUMNS = frozenset(
    {*COUNTRY_COLUMNS, *BORDER_COLUMNS, *MISSION_COLUMNS, *VICTIM_COLUMNS, *(s.name.lower() for s in Status)}
    | {"visits", "seed"}
) - set(TEXT_COLUMNS)
DAILY_TABLES = ("countries", "borders", "missions", "statuses")  # a row a day per place (visits etc.: some days)
MANIFEST_NEEDED = ("run_id", "scenario", "point", "seed", "status")  # what the readers use
RUN_JSON_NEEDED = ("run_id", "scenario", "seed", "status")
SKIPPED_COLUMNS = ("run_id", "path", "problem")  # what --skip-damaged left out: the run ("" for a manifest), file, why

_WHOLE, _NUMBER, _TEXT, _DATE, _MISSIONS = "a whole number", "a number", "a text", "a date YYYY-MM-DD", "an object"
# the keys of summary.json the readers use (analysis.load, compare, validate, sensitivity) and their kinds
SUMMARY_KEYS = {
    "scenario": _TEXT,
    "seed": _WHOLE,
    "people_per_agent": _WHOLE,
    "start": _DATE,
    "end": _DATE,
    "arrivals_at_destinations": _NUMBER,
    "peak_stranded": _NUMBER,
    "smuggled_share": _NUMBER,
    "victims_exploited": _NUMBER,
    "victims_identified": _NUMBER,
    "missions": _MISSIONS,
}
SCENARIO_PARAMETERS = ("start_date", "end_date", "people_per_agent")  # what the report reads of scenario.json


class DamagedResults(ValueError):
    """A file a run wrote that cannot be read as one: ``path: what is wrong`` on one line."""

    def __init__(self, path: str | Path, problem: str):
        self.path, self.problem = Path(path), " ".join(str(problem).split())
        super().__init__(f"{self.path}: {self.problem}")


class ResultsNote(UserWarning):
    """Something the reader did that the user should know of (e.g. a manifest rebuilt from run.json)."""


def flatten_summary(summary: dict) -> dict:
    """A run's ``summary.json`` as one flat row: each mission's figures become ``<mission>.<key>``."""
    flat = {k: v for k, v in summary.items() if k != "missions"}
    for mission, values in summary.get("missions", {}).items():
        for key, value in values.items():
            if key == "flow_episodes":  # one row per run: how many, and the latest episode's lags
                latest = value[-1] if value else {}
                flat[f"{mission}.flow_episodes"] = len(value)
                flat[f"{mission}.latest_flow_reached"] = latest.get("flow_reached")
                flat[f"{mission}.latest_response_lag_days"] = latest.get("response_lag_days")
                continue
            flat[f"{mission}.{key}"] = value
    return flat


# --- one file ---------------------------------------------------------------------------------------


def _text(path: Path) -> str:
    if not path.is_file():
        raise DamagedResults(path, "missing")
    data = path.read_bytes()
    if not data.strip():
        raise DamagedResults(path, f"empty file ({len(data)} bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DamagedResults(path, "not UTF-8 text (a binary file?)") from None


def read_json(path: str | Path) -> dict:
    """A JSON object from ``path``, or :class:`DamagedResults`."""
    path = Path(path)
    try:
        data = json.loads(_text(path))
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise DamagedResults(path, f"not valid JSON ({exc.msg} at {where}; truncated?)") from None
    if not isinstance(data, dict):
        raise DamagedResults(path, f"a JSON {type(data).__name__}, not an object")
    return data


def _kind_problem(value, kind: str) -> bool:
    """Whether ``value`` is not of ``kind``."""
    if kind == _TEXT:
        return not isinstance(value, str) or not value
    if kind == _WHOLE:
        return isinstance(value, bool) or not isinstance(value, int | float) or not float(value).is_integer()
    if kind == _NUMBER:
        return isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value)
    if kind == _DATE:
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return True
        return False
    return not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values())


def read_summary(path: str | Path) -> dict:
    """A run's ``summary.json``, checked to have the keys the readers use, of the right kinds."""
    path = Path(path)
    summary = read_json(path)
    expected = ", ".join(SUMMARY_KEYS)
    if not summary:
        raise DamagedResults(path, f"an empty JSON object (expected a run's summary: {expected})")
    missing = [k for k in SUMMARY_KEYS if k not in summary]
    if missing:
        raise DamagedResults(path, f"has no {', '.join(missing)} (expected a run's summary: {expected})")
    for key, kind in SUMMARY_KEYS.items():
        if _kind_problem(summary[key], kind):
            what = "missions by id, each an object" if kind == _MISSIONS else kind
            raise DamagedResults(path, f"{key} is {json.dumps(summary[key])[:40]}, not {what}")
    summary["seed"], summary["people_per_agent"] = int(summary["seed"]), int(summary["people_per_agent"])
    if pd.Timestamp(summary["start"]) > pd.Timestamp(summary["end"]):
        raise DamagedResults(path, f"start {summary['start']} is after end {summary['end']}")
    return summary


def read_scenario(path: str | Path) -> dict:
    """A run's ``scenario.json`` (every parameter and event it used), checked for what the report reads."""
    path = Path(path)
    scenario = read_json(path)
    parameters = scenario.get("parameters")
    if not isinstance(parameters, dict):
        raise DamagedResults(path, "has no parameters object (expected a scenario: name, parameters, events)")
    missing = [k for k in SCENARIO_PARAMETERS if k not in parameters]
    if missing:
        raise DamagedResults(path, f"parameters have no {', '.join(missing)}")
    events = scenario.get("events", [])
    if not isinstance(events, list) or not all(isinstance(e, dict) and "date" in e and "type" in e for e in events):
        raise DamagedResults(path, "events is not a list of events (each with a date and a type)")
    return scenario


def _columns(columns) -> str:
    return ", ".join(columns)


def _read_frame(path: Path, parquet: bool) -> pd.DataFrame:
    if not path.is_file():
        raise DamagedResults(path, "missing")
    if path.stat().st_size == 0:
        raise DamagedResults(path, "empty file (0 bytes)")
    if parquet:
        from pyarrow import ArrowException

        try:
            return pd.read_parquet(path)
        except (ArrowException, OSError, ValueError):
            raise DamagedResults(path, "not a readable Parquet file (truncated?)") from None
    try:
        text = {c: str for c in (*TEXT_COLUMNS, "date")}
        return pd.read_csv(path, dtype=text, keep_default_na=False, na_values=[""])
    except UnicodeDecodeError:
        raise DamagedResults(path, "not UTF-8 text (a binary file?)") from None
    except pd.errors.EmptyDataError:
        raise DamagedResults(path, "no header or rows (empty?)") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise DamagedResults(path, f"not a readable CSV file ({str(exc).splitlines()[0]})") from None


def _row(frame: pd.DataFrame, i, parquet: bool) -> str:
    position = frame.index.get_loc(i)
    return f"row {position + 1}" if parquet else f"line {position + 2}"


def read_table(
    path: str | Path, name: str, summary: dict, run_id: str | None = None, seed: int | None = None
) -> pd.DataFrame:
    """One table of a run (``<name>.parquet`` of a batch run if ``run_id`` is given, else ``<name>.csv``),
    checked against ``TABLE_COLUMNS[name]`` and the run's ``summary``; dates as datetimes."""
    path, parquet = Path(path), run_id is not None
    frame = _read_frame(path, parquet)
    expected = (*ID_COLUMNS, *TABLE_COLUMNS[name]) if parquet else TABLE_COLUMNS[name]
    got = tuple(map(str, frame.columns))
    if got != expected:
        for other, columns in TABLE_COLUMNS.items():
            if other != name and got == ((*ID_COLUMNS, *columns) if parquet else columns):
                raise DamagedResults(path, f"has the columns of the {other} table (expected {_columns(expected)})")
        missing = [c for c in expected if c not in got]
        extra = [c for c in got if c not in expected]
        if missing and not extra and [c for c in expected if c in got] == list(got):
            raise DamagedResults(
                path,
                f"has no column {_columns(missing)}: written by an earlier version of the model, whose tables "
                "had fewer columns; run it again",
            )
        problem = (
            f"has no column {_columns(missing)}"
            if missing
            else f"has unexpected column {_columns(extra)}"
            if extra
            else "has its columns out of order"
        )
        raise DamagedResults(path, f"{problem} (expected {_columns(expected)})")
    blank = frame[[c for c in expected if c == "date" or c in TEXT_COLUMNS or c in NUMBER_COLUMNS]].isna()
    if blank.any().any():
        i = blank.any(axis=1).idxmax()
        column = blank.loc[i].idxmax()
        raise DamagedResults(path, f"{_row(frame, i, parquet)} has no {column} (truncated?)")
    dates = frame.get("date")
    if dates is not None and not pd.api.types.is_datetime64_any_dtype(dates):
        parsed = pd.to_datetime(dates.astype(str), format="%Y-%m-%d", errors="coerce")
        if parsed.isna().any():
            i = parsed.isna().idxmax()
            raise DamagedResults(path, f"{_row(frame, i, parquet)}: date {dates[i]!r} is not a date YYYY-MM-DD")
        frame["date"] = dates = parsed
    numbers = [c for c in expected if c in NUMBER_COLUMNS]
    for column in numbers:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            bad = pd.to_numeric(values, errors="coerce").isna()
            i = bad.idxmax() if bad.any() else values.index[0]
            raise DamagedResults(path, f"{_row(frame, i, parquet)}: {column} {values[i]!r} is not a number")
    if parquet:
        for column, value in (("run_id", run_id), ("scenario", summary["scenario"]), ("seed", seed)):
            other = frame[column][frame[column] != value]
            if len(other):
                raise DamagedResults(
                    path, f"{column} {other.iloc[0]!r}, not this run's {value!r} (a table of another run?)"
                )
    if "date" in frame:
        _check_days(path, name, frame, summary)
    return frame


def _check_days(path: Path, name: str, frame: pd.DataFrame, summary: dict) -> None:
    """The table covers the run's days: visits within them; the daily tables every day, the same rows each."""
    start, end = pd.Timestamp(summary["start"]), pd.Timestamp(summary["end"])
    dates = frame["date"]
    outside = dates[(dates < start) | (dates > end)]
    if len(outside):
        day = outside.iloc[0].date()
        raise DamagedResults(path, f"has rows on {day}, outside the run's {start.date()} to {end.date()}")
    if name not in DAILY_TABLES or (name == "missions" and not summary["missions"] and frame.empty):
        return
    if frame.empty:
        raise DamagedResults(path, f"has no rows (expected one a day{' per place' if name != 'statuses' else ''})")
    per_day = dates.value_counts()
    absent = pd.date_range(start, end).difference(per_day.index)
    if len(absent):
        last = dates.max().date()
        ends = f"ends on {last}, the run on {end.date()}" if last < end.date() else f"has no rows on {absent[0].date()}"
        raise DamagedResults(path, f"{ends} (truncated?)")
    full = {"statuses": 1, "missions": len(summary["missions"])}.get(name, per_day.max())
    short = per_day[per_day != full]
    if len(short):
        day = short.index.min()
        raise DamagedResults(path, f"has {short[day]} rows on {day.date()}, {full} on other days (truncated?)")


# --- a batch's list of runs -----------------------------------------------------------------------


def read_manifest(path: str | Path) -> pd.DataFrame:
    """A batch's ``manifest.csv``, checked to have the columns the readers use."""
    path = Path(path)
    _text(path)
    try:
        manifest = pd.read_csv(path, dtype={"run_id": str, "scenario": str, "point": str, "status": str})
    except pd.errors.EmptyDataError:
        raise DamagedResults(path, "no header or rows (empty?)") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise DamagedResults(path, f"not a readable CSV file ({str(exc).splitlines()[0]})") from None
    missing = [c for c in MANIFEST_NEEDED if c not in manifest.columns]
    if missing:
        raise DamagedResults(path, f"has no column {_columns(missing)} (expected {_columns(MANIFEST_COLUMNS)})")
    for column in ("run_id", "scenario", "status", "seed"):
        if manifest[column].isna().any():
            i = manifest[column].isna().idxmax()
            raise DamagedResults(path, f"line {i + 2} has no {column} (truncated?)")
    seeds = pd.to_numeric(manifest.seed, errors="coerce")
    if seeds.isna().any() or not (seeds == seeds.round()).all():
        i = (seeds.isna() | (seeds != seeds.round())).idxmax()
        raise DamagedResults(path, f"line {i + 2}: seed {manifest.seed[i]!r} is not a whole number")
    manifest["seed"] = seeds.astype(int)
    if "draw" in manifest:  # the posterior draw of a posterior-predictive batch; blank otherwise
        draws = pd.to_numeric(manifest["draw"], errors="coerce")
        bad = (draws.isna() != manifest["draw"].isna()) | (draws.notna() & (draws != draws.round()))
        if bad.any():
            i = bad.idxmax()
            raise DamagedResults(path, f"line {i + 2}: draw {manifest['draw'][i]!r} is not a whole number")
        manifest["draw"] = draws.astype("Int64")
    twice = manifest.run_id[manifest.run_id.duplicated()]
    if len(twice):
        raise DamagedResults(path, f"lists run {twice.iloc[0]} twice")
    return manifest


def read_run_json(path: str | Path) -> dict:
    """A batch run's ``run.json`` (its manifest row), checked."""
    path = Path(path)
    entry = read_json(path)
    missing = [k for k in RUN_JSON_NEEDED if k not in entry]
    if missing:
        expected = _columns(MANIFEST_COLUMNS)
        raise DamagedResults(path, f"has no {', '.join(missing)} (expected a manifest row: {expected})")
    if entry["run_id"] != path.parent.name:
        raise DamagedResults(path, f"is the record of run {entry['run_id']!r}, not of {path.parent.name}")
    if _kind_problem(entry["seed"], _WHOLE):
        raise DamagedResults(path, f"seed {json.dumps(entry['seed'])[:40]} is not a whole number")
    return entry
