"""Loading scenario files (YAML) into validated :class:`model.Scenario` objects.

A scenario file has ``name``, ``description``, ``period`` (``start``, ``end``), ``parameters``
(nested overrides of :class:`model.Parameters`) and ``events``. ``extends: historical`` starts from
another scenario: its parameters are merged under this file's, its events kept except those that
``drop_events`` matches (by ``date`` and ``type``, and ``borders`` if given). Anything wrong raises
:class:`ScenarioError`, whose message names the file, the key path and what was expected.
"""

import math
import reprlib
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from model.errors import InputError
from model.events import EVENT_TYPES
from model.parameters import Parameters, deep_merge, dotted_to_nested
from model.scenario import Scenario

SCENARIO_DIR = Path(__file__).parent
TOP_KEYS = {"name", "description", "extends", "period", "parameters", "events", "drop_events"}


class ScenarioError(InputError):
    """A scenario file or override is invalid; the message says where and what was expected."""


class _ShortRepr(reprlib.Repr):
    """``repr`` bounded in length and depth, so a value from a file never floods (or hangs) a message."""

    def __init__(self) -> None:
        super().__init__()
        self.maxstring = self.maxother = self.maxlong = 80

    def repr_int(self, x: int, level: int) -> str:
        try:
            return super().repr_int(x, level)
        except ValueError:  # too many digits to print (sys.get_int_max_str_digits)
            return f"<integer of {x.bit_length()} bits>"


_show = _ShortRepr().repr


def _name(key: Any) -> str:
    """A key from the file as it appears in a key path: as written if printable, else quoted."""
    return key if isinstance(key, str) and key.isprintable() else _show(key)


def _printable(text: str) -> str:
    """``text`` with line breaks and other unprintable characters escaped, as in a repr."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class _Loader(yaml.SafeLoader):
    """``yaml.SafeLoader`` whose malformed scalars (``2015-02-30``, ``!!int abc``) raise YAML errors."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        pairs = node.value if isinstance(node, yaml.MappingNode) else []  # PyYAML reports the rest
        for key_node, _ in pairs:  # the last of two equal keys would win without a word
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else id(key_node)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {_show(key)} (the later would silently win)", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError) as exc:
            tag = str(node.tag).rsplit(":", 1)[-1]
            value = _show(node.value) if isinstance(node, yaml.ScalarNode) else f"a {node.id}"
            why = f" ({exc})" if isinstance(exc, ValueError | OverflowError) else ""  # others: PyYAML internals
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read {value} as {tag}{why}", node.start_mark
            ) from None


def scenario_names() -> list[str]:
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # name too long, no permission, ...
        return False


def resolve(name_or_path: str | Path) -> Path:
    """A scenario name from ``scenarios/`` or a path to a YAML file."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml"):
        if not _is_file(path):
            raise ScenarioError(f"{_name(str(path))}: no such scenario file")
        return path
    candidate = SCENARIO_DIR / f"{name_or_path}.yaml"
    if not _is_file(candidate):
        raise ScenarioError(f"unknown scenario {_show(str(name_or_path))}; known: {', '.join(scenario_names())}")
    return candidate


def scenario_ref(name_or_path: str | Path) -> str:
    """How workers and a calibrated file name a scenario: its library name, else its absolute path."""
    path = resolve(name_or_path)
    if path.resolve().parent == SCENARIO_DIR.resolve() and path.suffix == ".yaml":
        return path.stem
    return str(path.resolve())


def _read_yaml(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc})") from None
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader: no python/* tags
    except yaml.reader.ReaderError as exc:  # a control character; the reader gives only its offset
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise ScenarioError(
            f"{path}: line {line}, column {column} not valid YAML ({exc.reason}: {chr(exc.character)!r})"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or exc
        raise ScenarioError(f"{path}:{where} not valid YAML ({' '.join(str(problem).split())})") from None
    except RecursionError:
        raise ScenarioError(f"{path}: not valid YAML (nested too deeply)") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScenarioError(
            f"{path}: expected a mapping of keys (name, description, period, parameters, events), "
            f"got {type(data).__name__}"
        )
    unknown = sorted(_show(key) for key in data if key not in TOP_KEYS)
    if unknown:
        raise ScenarioError(f"{path}: unknown key {unknown[0]}; expected one of {sorted(TOP_KEYS)}")
    return data


def _expect(path: Path, key: str, value: Any, kind: type, what: str):
    if not isinstance(value, kind):
        raise ScenarioError(f"{path}: {key}: expected {what}, got {type(value).__name__} {_show(value)}"[:300])


def _raw(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    """The file's content with ``extends`` resolved: parameters merged, events combined."""
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
        beside = path.parent / data["extends"]  # a relative path is read from the extending file's folder
        try:
            base_path = beside if _is_file(beside) and beside.suffix in (".yaml", ".yml") else resolve(data["extends"])
        except ScenarioError as exc:
            raise ScenarioError(f"{path}: extends: {exc}") from None
        chain = (*seen, path.resolve())
        if base_path.resolve() in chain:
            cycle = " -> ".join(str(p) for p in (*chain, base_path.resolve()))
            raise ScenarioError(f"{path}: extends: cycle {cycle}")
        try:
            base = _raw(base_path, chain)
        except ScenarioError as exc:  # name this file too: the mistake may be in the file it extends
            raise ScenarioError(f"{path}: extends: {exc}") from None
    drops = data.get("drop_events") or []
    for i, drop in enumerate(drops):
        _expect(path, f"drop_events[{i}]", drop, dict, "a mapping with date and type")
        for key in ("date", "type"):
            if key not in drop:
                raise ScenarioError(f"{path}: drop_events[{i}].{key}: missing; expected the {key} of an event to drop")
    for i, drop in enumerate(drops):  # a drop that matches nothing is a typo that would keep the event
        if not any(_dropped(e, [drop]) for e in base["events"]):
            raise ScenarioError(
                f"{path}: drop_events[{i}]: matches no event of the scenario it extends "
                f"(date {_date_text(drop['date'])}, type {_show(drop['type'])})"
            )
    events = [e for e in base["events"] if not _dropped(e, drops)]
    period = {**base.get("period", {}), **(data.get("period") or {})}
    if data.get("period"):  # a new period keeps only the inherited events inside it (warm-up included)
        parameters = deep_merge(base["parameters"], data.get("parameters") or {})
        warm = parameters.get("warm_start_from", Parameters().warm_start_from)
        events = [e for e in events if _inside(e, period, warm)]
    return {
        "name": data.get("name", path.stem),
        "description": data.get("description", base.get("description", "")),
        "period": period,
        "parameters": deep_merge(base["parameters"], data.get("parameters") or {}),
        "events": events + list(data.get("events") or []),
    }


def _inside(event: Any, period: dict, warm_start_from: Any = None) -> bool:
    """Whether an inherited event falls in ``period`` or its warm-up (from ``warm_start_from``);
    anything unreadable is kept for validation."""
    try:
        when = date.fromisoformat(str(event["date"]))
        start = date.fromisoformat(str(period["start"])) if "start" in period else date.min
        end = date.fromisoformat(str(period["end"])) if "end" in period else date.max
        if warm_start_from:
            start = min(start, date.fromisoformat(str(warm_start_from)))
    except (TypeError, KeyError, ValueError):
        return True
    return start <= when <= end


def _date_text(value: Any) -> str:
    return str(value) if isinstance(value, date | str) else _show(value)


def _dropped(event: Any, drops: list[dict]) -> bool:
    for drop in drops:
        if not isinstance(event, dict):
            return False
        same = _date_text(event.get("date")) == _date_text(drop["date"]) and event.get("type") == drop["type"]
        if same and ("borders" not in drop or drop["borders"] == event.get("borders")):
            return True
    return False


def _key_path(loc: tuple) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{_show(item)}]")
        elif item in EVENT_TYPES and parts and parts[-1].endswith("]"):
            continue  # pydantic's tag of the event type adds nothing for the reader
        else:
            parts.append(("." if parts else "") + _name(item))
    text = "".join(parts) or "(top level)"
    return text.replace("parameters.start_date", "period.start").replace("parameters.end_date", "period.end")


def validation_message(source: str, exc: ValidationError) -> str:
    """One line: ``source: key.path: what was expected (got ...)``, problems joined by "; "."""
    problems = []
    for err in exc.errors()[:3]:
        got = err.get("input")
        if err["type"] == "value_error":  # our own validators' messages say what was given
            got_text, message = "", err["msg"].removeprefix("Value error, ")
        else:
            got_text = "" if isinstance(got, dict | list) else f" (got {_show(got)})"[:120]
            message = err["msg"]
        where = "" if err["type"] == "value_error" and not err["loc"] else f"{_key_path(err['loc'])}: "
        problems.append(f"{where}{_printable(message)}{got_text}")  # msg may quote input
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
        warm = params.get("warm_start_from")
        start = min(start, date.fromisoformat(str(warm))) if warm else start
    except ValueError:
        start, end = scenario.parameters.simulation_start, scenario.parameters.end_date
    kept = [e.model_dump(mode="json") for e in scenario.events if start <= e.date <= end]
    return _validate({**raw, "events": kept, "period": {}}, f"{source} (with overrides)", params)


def _validate(raw: dict, source: str, params: dict) -> Scenario:
    period = raw.get("period") or {}
    unknown = sorted(_name(key) for key in period if key not in ("start", "end"))
    if unknown:
        raise ScenarioError(f"{source}: period.{unknown[0]}: unknown key; expected start and end")
    for key, target in (("start", "start_date"), ("end", "end_date")):
        if key in period:
            value = period[key]
            if not isinstance(value, date | str):
                raise ScenarioError(
                    f"{source}: period.{key}: expected a date like 2015-06-01, got {_show(value)}"[:300]
                )
            params = {**params, target: value}
    if not isinstance(raw["name"], str) or not isinstance(raw["description"], str):
        raise ScenarioError(f"{source}: name and description: expected text")
    for i, event in enumerate(raw["events"] if isinstance(raw["events"], list) else ()):
        kind = event.get("type") if isinstance(event, dict) else None
        if kind is not None and not isinstance(kind, str):
            # pydantic-core formats a tag that is not text for its message, and a huge integer in it fails
            # that formatting as an unraisable exception (Python's limit on digits printed)
            raise ScenarioError(
                f"{source}: events[{i}].type: expected one of {', '.join(EVENT_TYPES)}, got {_show(kind)}"
            )
    try:
        scenario = Scenario.model_validate(
            {"name": raw["name"], "description": raw["description"], "parameters": params, "events": raw["events"]}
        )
    except ValidationError as exc:
        raise ScenarioError(validation_message(source, exc)) from None
    # pydantic takes nan and inf (also "1e400") for a float without bounds; no parameter means either,
    # and they would not survive the JSON the parameters are written to.
    dumped = {"parameters": scenario.parameters.model_dump(), "events": [e.model_dump() for e in scenario.events]}
    bad = _non_finite(dumped)
    if bad:
        key, value = bad
        raise ScenarioError(f"{source}: {_key_path(key)}: expected a finite number, got {value}")
    return scenario


def _non_finite(value: Any, loc: tuple = ()) -> tuple[tuple, float] | None:
    """The key path and value of the first nan or infinity in validated (schema-shaped) data."""
    if isinstance(value, float) and not math.isfinite(value):
        return loc, value
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _non_finite(item, (*loc, key))
        if found:
            return found
    return None


def load_scenario(name_or_path: str | Path, overrides: dict | None = None) -> Scenario:
    """Load and validate a scenario by name (``historical``) or path, with optional overrides."""
    path = resolve(name_or_path)
    try:
        raw = _raw(path)
    except RecursionError:
        raise ScenarioError(f"{path}: extends: chain too deep") from None
    return build(raw, str(path), overrides)


def own_parameters(name_or_path: str | Path) -> dict:
    """The nested parameters a scenario file sets itself (with those of the files it extends)."""
    return _raw(resolve(name_or_path)).get("parameters") or {}


def parse_set(assignments: list[str]) -> dict:
    """``["migrants.smuggler_price_eur=800", ...]`` -> nested overrides (values read as YAML)."""
    nested: dict = {}
    for item in assignments:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"--set {item!r}: expected key.path=value, e.g. migrants.smuggler_price_eur=800")
        try:
            value = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
        except (yaml.YAMLError, RecursionError):  # not YAML (or 2015-02-30): the text itself
            value = text
        nested = deep_merge(nested, dotted_to_nested(key.strip(), value))
    return nested
