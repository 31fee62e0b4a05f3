"""Loading scenario files (YAML) into validated :class:`model.Scenario` objects.

A scenario file has ``name``, ``description``, ``period`` (``start``, ``end``), ``parameters``
(nested overrides of :class:`model.Parameters`) and ``events``. ``extends: historical`` starts from
another scenario: its parameters are merged under this file's, its events kept except those that
``drop_events`` matches (by ``date`` and ``type``, and ``borders`` if given). Anything wrong raises
:class:`ScenarioError`, whose message names the file, the key path and what was expected.
"""

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from model.parameters import deep_merge, dotted_to_nested
from model.scenario import Scenario

SCENARIO_DIR = Path(__file__).parent
TOP_KEYS = {"name", "description", "extends", "period", "parameters", "events", "drop_events"}


class ScenarioError(ValueError):
    """A scenario file or override is invalid; the message says where and what was expected."""


def scenario_names() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))


def resolve(name_or_path: str | Path) -> Path:
    """A scenario name from ``scenarios/`` or a path to a YAML file."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise ScenarioError(f"{path}: no such scenario file")
        return path
    candidate = SCENARIO_DIR / f"{name_or_path}.yaml"
    if not candidate.is_file():
        raise ScenarioError(f"unknown scenario {str(name_or_path)!r}; known: {', '.join(scenario_names())}")
    return candidate


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{path}: expected a mapping of keys (name, description, period, parameters, events), "
            f"got {type(data).__name__}"
        )
    unknown = set(map(str, data)) - TOP_KEYS
    if unknown:
        raise ScenarioError(f"{path}: unknown key {sorted(unknown)[0]!r}; expected one of {sorted(TOP_KEYS)}")
    return data


def _expect(path: Path, key: str, value: Any, kind: type, what: str):
    if not isinstance(value, kind):
        raise ScenarioError(f"{path}: {key}: expected {what}, got {type(value).__name__} {value!r}"[:300])


def _raw(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    """The file's content with ``extends`` resolved: parameters merged, events combined."""
    if path.resolve() in seen:
        raise ScenarioError(f"{path}: extends: cycle through {' -> '.join(str(p) for p in seen)}")
    data = _read_yaml(path)
    for key, kind, what in (
        ("parameters", dict, "a mapping of parameter overrides"),
        ("events", list, "a list of events"),
        ("drop_events", list, "a list of {date, type} to drop"),
        ("period", dict, "a mapping with start and end dates"),
    ):
        if key in data and data[key] is not None:
            _expect(path, key, data[key], kind, what)
    base = {"parameters": {}, "events": [], "period": {}}
    if "extends" in data:
        _expect(path, "extends", data["extends"], str, "the name of another scenario")
        try:
            base_path = resolve(data["extends"])
        except ScenarioError as exc:
            raise ScenarioError(f"{path}: extends: {exc}") from None
        base = _raw(base_path, (*seen, path.resolve()))
    events = [e for e in base["events"] if not _dropped(path, e, data.get("drop_events") or [])]
    return {
        "name": data.get("name", path.stem),
        "description": data.get("description", base.get("description", "")),
        "period": {**base.get("period", {}), **(data.get("period") or {})},
        "parameters": deep_merge(base["parameters"], data.get("parameters") or {}),
        "events": events + list(data.get("events") or []),
    }


def _dropped(path: Path, event: Any, drops: list) -> bool:
    for i, drop in enumerate(drops):
        _expect(path, f"drop_events[{i}]", drop, dict, "a mapping with date and type")
        if not isinstance(event, dict):
            return False
        same = str(event.get("date")) == str(drop.get("date")) and event.get("type") == drop.get("type")
        if same and ("borders" not in drop or drop["borders"] == event.get("borders")):
            return True
    return False


def _key_path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif (
            item
            in {
                "border_policy",
                "border_levels",
                "relocate",
                "island_containment",
                "mission_training",
                "mission_equipment",
                "mission_office",
                "focal_point",
                "mission_budget",
            }
            and parts
            and parts[-1].endswith("]")
        ):
            continue  # pydantic's tag of the event type adds nothing for the reader
        else:
            parts.append(("." if parts else "") + str(item))
    text = "".join(parts) or "(top level)"
    return text.replace("parameters.start_date", "period.start").replace("parameters.end_date", "period.end")


def validation_message(source: str, exc: ValidationError) -> str:
    """One line: ``source: key.path: what was expected (got ...)``, problems joined by "; "."""
    problems = []
    for err in exc.errors()[:3]:
        got = err.get("input")
        got_text = "" if isinstance(got, dict | list) else f" (got {got!r})"[:120]
        problems.append(f"{_key_path(err['loc'])}: {err['msg']}{got_text}")
    more = len(exc.errors()) - len(problems)
    if more > 0:
        problems.append(f"and {more} more problem{'s' if more > 1 else ''}")
    return f"{source}: " + "; ".join(problems)


def build(raw: dict, source: str, overrides: dict | None = None) -> Scenario:
    """Validate a raw scenario dict (after ``extends``), with optional nested overrides on top.

    The file is validated as written first. If the overrides then move the period (a shorter run
    of the same scenario), only the events inside the new period are kept."""
    scenario = _validate(raw, source, raw["parameters"])
    if not overrides:
        return scenario
    params = deep_merge(scenario.parameters.model_dump(mode="json"), overrides)
    try:
        start = date.fromisoformat(str(params.get("start_date")))
        end = date.fromisoformat(str(params.get("end_date")))
    except ValueError:
        start, end = scenario.parameters.start_date, scenario.parameters.end_date
    kept = [e.model_dump(mode="json") for e in scenario.events if start <= e.date <= end]
    return _validate({**raw, "events": kept, "period": {}}, f"{source} (with overrides)", params)


def _validate(raw: dict, source: str, params: dict) -> Scenario:
    period = raw.get("period") or {}
    unknown = set(map(str, period)) - {"start", "end"}
    if unknown:
        raise ScenarioError(f"{source}: period.{sorted(unknown)[0]}: unknown key; expected start and end")
    for key, target in (("start", "start_date"), ("end", "end_date")):
        if key in period:
            value = period[key]
            if not isinstance(value, date | str):
                raise ScenarioError(f"{source}: period.{key}: expected a date like 2015-06-01, got {value!r}"[:300])
            params = {**params, target: value}
    if not isinstance(raw["name"], str) or not isinstance(raw["description"], str):
        raise ScenarioError(f"{source}: name and description: expected text")
    try:
        return Scenario.model_validate(
            {"name": raw["name"], "description": raw["description"], "parameters": params, "events": raw["events"]}
        )
    except ValidationError as exc:
        raise ScenarioError(validation_message(source, exc)) from None


def load_scenario(name_or_path: str | Path, overrides: dict | None = None) -> Scenario:
    """Load and validate a scenario by name (``historical``) or path, with optional overrides."""
    path = resolve(name_or_path)
    try:
        raw = _raw(path)
    except RecursionError:
        raise ScenarioError(f"{path}: extends: chain too deep") from None
    return build(raw, str(path), overrides)


def parse_set(assignments: list[str]) -> dict:
    """``["migrants.smuggler_price_eur=800", ...]`` -> nested overrides (values read as YAML)."""
    nested: dict = {}
    for item in assignments:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"--set {item!r}: expected key.path=value, e.g. migrants.smuggler_price_eur=800")
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            value = text
        nested = deep_merge(nested, dotted_to_nested(key.strip(), value))
    return nested
