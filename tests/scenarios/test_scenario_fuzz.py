"""Property-based fuzzing of the scenario loader: malformed files get only a clear ScenarioError.

Each test writes generated YAML (or bytes) to a file and loads it. The file may load (some damage
happens to be valid) or raise :class:`ScenarioError` with a one-line message naming the file; any
other exception fails the test. Kinds of damage: random top-level values, wrong types and
out-of-range values at every parameter key (taken from the pydantic models), bad periods, bad
events, bad ``extends`` (unknown names, self-reference, cycles, a damaged base) and ``drop_events``,
bytes that are not UTF-8, YAML syntax errors, tags (``!!python/object``), malformed scalars, huge
numbers, nan and infinity, deep nesting, and random edits of the historical scenario.
"""

import json
import math
import re
import typing
from datetime import date, datetime
from pathlib import Path

import annotated_types
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from model import events as event_models
from model.graph_data import border_names, node_names
from model.parameters import Parameters
from scenarios.loader import SCENARIO_DIR, ScenarioError, load_scenario

# Generated files per test; together at least 1,000 (checked below). Each file loads in well under
# 10 ms (the historical mutations ~10 ms), so the module runs in a few seconds.
EXAMPLES = {
    "top_level": 150,
    "parameters": 250,
    "period": 100,
    "events": 200,
    "extends": 120,
    "bytes_and_syntax": 150,
    "historical_data": 150,
    "historical_text": 80,
}


def fuzz(name: str):
    return settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        derandomize=True,  # the same files on every run and in CI
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )


def test_the_fuzz_tests_write_at_least_1000_files():
    assert sum(EXAMPLES.values()) >= 1000


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check(path: Path) -> None:
    """Load ``path``: it either loads or raises ScenarioError naming the file, on one line."""
    try:
        load_scenario(path)
    except ScenarioError as exc:
        message = str(exc)
        assert str(path) in message, message
        assert len(message.splitlines()) == 1, message


# --- writing YAML, including text a dumper would never write ------------------------------------


class Raw:
    """Text written into the file as is: malformed scalars, tags, aliases, syntax errors."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:60]!r})"


def emit(value, ascii_only: bool = True) -> str:
    """Flow-style YAML for nested dicts/lists/scalars, with :class:`Raw` pieces verbatim."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ", ".join(f"{emit(k, ascii_only)}: {emit(v, ascii_only)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(emit(v, ascii_only) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return hex(value) if abs(value) > 10**100 else str(value)  # YAML reads 0x... too
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        if "e" in text and "." not in text:  # YAML 1.1 floats need a dot: 1e+16 -> 1.0e+16
            mantissa, exponent = text.split("e")
            text = f"{mantissa}.0e{exponent}"
        return text
    if isinstance(value, datetime | date):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=ascii_only)  # a JSON string is a YAML double-quoted one


def write(workdir: Path, doc, name: str = "scenario.yaml", ascii_only: bool = True) -> Path:
    path = workdir / name
    if isinstance(doc, bytes):
        path.write_bytes(doc)
    else:
        path.write_text(doc if isinstance(doc, str) else emit(doc, ascii_only) + "\n", encoding="utf-8")
    return path


# --- junk values ---------------------------------------------------------------------------------

# Scalars YAML reads, though no scenario means them: sets, pairs, bytes, sexagesimal ints, nan ...
ODD_SCALARS = [
    "~",
    ".nan",
    "-.inf",
    ".inf",
    "1e400",  # a string, which pydantic reads as inf
    "1.0e+400",  # a float: inf
    "-1.0e+400",
    "0o777",
    "0b101",
    "0b102",
    "1_000",
    "190:20:30",
    "=",
    "Yes",
    "off",
    "2015-6-1",
    "2015-06-01 10:00:00",
    "2015-06-01T10:00:00Z",
    "!!set {a, b}",
    "!!omap [{a: 1}, {b: 2}]",
    "!!pairs [{a: 1}, {a: 2}]",
    "!!binary aGVsbG8=",
    "!!str 1",
    "!!float 1",
    "!!int '7'",
    "!!null x",
    "&a 1",
    "\\u0000",
]
# Scalars PyYAML parses but cannot build (ValueError, KeyError ... inside its constructors), and tags
# the safe loader refuses.
MALFORMED_SCALARS = [
    "2015-02-30",
    "2015-13-01",
    "0000-01-01",
    "2015-06-01T25:00:00",
    "!!timestamp abc",
    "!!timestamp ''",
    "!!int abc",
    "!!int ''",
    "0x_",
    "!!float ''",
    "!!float x",
    "!!bool maybe",
    "!!str [1]",
    "!!binary '###'",
    "!!set [1]",
    "!!omap {a: 1}",
    "!!pairs [1]",
    "!!map [1]",
    "!!seq {a: 1}",
    "!!python/object:os.system {}",
    "!!python/object/apply:os.system [echo hi]",
    "!!python/name:os.system",
    "!!python/tuple [1, 2]",
    "!foo bar",
    "!<tag:example.com:x> y",
    "*undefined_alias",
    "*a",
]
# Pieces that break the YAML syntax wherever they go.
SYNTAX_BREAKERS = [
    "'unterminated",
    '"bad \\q escape"',
    "{",
    "]",
    "? [1, 2]",
    "- a",
    "a: b: c",
    "@reserved",
    "`backtick",
    "%",
    "|",
    ">",
    "\t",
    "<<",
]
RAW_TOKENS = ODD_SCALARS + MALFORMED_SCALARS + SYNTAX_BREAKERS

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**15, max_value=10**400),
    st.integers(min_value=-(10**400), max_value=-(10**15)),
    # an int too long for str(); more digits than int() takes
    st.sampled_from([Raw("0x" + "f" * 5000), Raw("9" * 5000)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
    st.sampled_from(ODD_SCALARS).map(Raw),
    st.sampled_from(MALFORMED_SCALARS).map(Raw),
)


def nest(children):
    keys = st.one_of(
        st.text(max_size=12), st.integers(), st.none(), st.booleans(), st.sampled_from(ODD_SCALARS).map(Raw)
    )
    return st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4)


junk = st.recursive(scalars, nest, max_leaves=10)


def nesting(depths: list[int], unclosed: bool = False):
    shapes = [lambda n: Raw("[" * n + "]" * n), lambda n: Raw("{a: " * n + "1" + "}" * n)]
    if unclosed:
        shapes.append(lambda n: Raw("[" * n))
    return st.tuples(st.sampled_from(depths), st.sampled_from(shapes)).map(lambda t: t[1](t[0]))


# Deeper than Python's recursion limit lets PyYAML compose. PyYAML's scanner is quadratic in the
# nesting depth (1,000 levels take ~0.5 s), so these few are written only at the top level.
too_deep = nesting([600, 1000], unclosed=True)
deep = nesting([10, 50, 300])
bad = st.one_of(junk, junk, junk, deep)


# --- real keys from the models -------------------------------------------------------------------

VALID_TEXT = (SCENARIO_DIR / "historical.yaml").read_text(encoding="utf-8")
HISTORICAL = yaml.safe_load(VALID_TEXT)
BORDERS = sorted(border_names())
NODES = sorted(node_names())
MISSIONS = sorted(Parameters().missions.specs)


def _bounds(field) -> list:
    """Values just outside a field's declared bounds."""
    out = []
    for meta in field.metadata:
        for attr, sign in (("ge", -1), ("gt", -1), ("le", 1), ("lt", 1)):
            limit = getattr(meta, attr, None) if isinstance(meta, annotated_types.BaseMetadata) else None
            if limit is not None:
                out += [limit + sign * 1e-9, limit + sign, limit + sign * 10**6, sign * 10**400]
    return out


def parameter_leaves(model: type[BaseModel], prefix: tuple = ()) -> list[tuple[tuple, list]]:
    """Every key path below ``model`` (nested models, dict entries by their real keys) with the
    values just outside its bounds."""
    leaves = []
    for name, field in model.model_fields.items():
        path, annotation = (*prefix, name), field.annotation
        leaves.append((path, _bounds(field)))
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            leaves += parameter_leaves(annotation, path)
        elif typing.get_origin(annotation) is dict:
            value_model = typing.get_args(annotation)[1]
            if not (isinstance(value_model, type) and issubclass(value_model, BaseModel)):
                continue  # a mapping of plain numbers (registration_capacity_per_day): checked by its validator
            keys = set(field.default_factory()) | set(BORDERS if name == "overrides" else [])
            for key in sorted(keys):
                leaves += parameter_leaves(value_model, (*path, key))
    return leaves


def by_level(leaves: list) -> dict[tuple, list]:
    """Leaves grouped by the model they belong to (parameters, migrants, borders, borders.defaults,
    border overrides, missions, mission specs), so the 30 border overrides do not crowd out the rest."""
    levels: dict[tuple, list] = {}
    for path, bounds in leaves:
        level = path[:2] if path[1:2] in (("overrides",), ("specs",)) else path[:-1]
        levels.setdefault(level, []).append((path, bounds))
    return levels


LEVELS = by_level(parameter_leaves(Parameters))


def nested(path: tuple, value) -> dict:
    for key in reversed(path):
        value = {key: value}
    return value


@st.composite
def damaged_parameters(draw) -> dict:
    """One to three damaged keys somewhere in ``parameters``, possibly an unknown one."""
    params: dict = {}
    for _ in range(draw(st.integers(1, 3))):
        path, bounds = draw(st.sampled_from(sorted(LEVELS)).flatmap(lambda level: st.sampled_from(LEVELS[level])))
        kind = draw(st.sampled_from(["junk", "bound", "unknown key", "cut"]))
        if kind == "bound" and bounds:
            value = draw(st.sampled_from(bounds))
        elif kind == "unknown key":
            path, value = (*path[: draw(st.integers(0, len(path)))], draw(st.text(max_size=12))), draw(bad)
        elif kind == "cut":  # a whole sub-mapping replaced
            path, value = path[: draw(st.integers(1, len(path)))], draw(bad)
        else:
            value = draw(bad)
        params = _merge(params, nested(path, value))
    return params


def _merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for key, value in b.items():
        out[key] = _merge(out[key], value) if isinstance(out.get(key), dict) and isinstance(value, dict) else value
    return out


# --- events --------------------------------------------------------------------------------------

EVENT_CLASSES = [
    c for c in vars(event_models).values() if isinstance(c, type) and "type" in getattr(c, "model_fields", {})
]
EVENT_TYPES = [typing.get_args(c.model_fields["type"].annotation)[0] for c in EVENT_CLASSES]
EVENT_FIELDS = sorted({name for c in EVENT_CLASSES for name in c.model_fields})
in_period = st.dates(min_value=date(2015, 6, 1), max_value=date(2016, 12, 31))
some_borders = st.lists(st.sampled_from(BORDERS), min_size=1, max_size=3)
NATIONALITIES = ["SYR", "AFG", "IRQ", "OTH"]
VALID_FIELD = {
    "date": in_period,
    "note": st.text(max_size=20),
    "source": st.text(max_size=20),
    "borders": some_borders | st.sampled_from(BORDERS),
    "policy": st.sampled_from(["open", "filter", "cap", "closed"]),
    "allowed": st.lists(st.sampled_from(NATIONALITIES), min_size=1, max_size=3),
    "nationalities": st.lists(st.sampled_from(NATIONALITIES), min_size=1, max_size=3),
    "cap_per_day": st.floats(0, 10000),
    "capacity_per_day": st.floats(0, 20000),
    "staffing": st.floats(0, 1),
    "equipment": st.floats(0, 1),
    "corruption": st.floats(0, 1),
    "from_node": st.sampled_from(NODES),
    "to_node": st.sampled_from(NODES),
    "node": st.sampled_from(NODES),
    "readmissions_from": in_period,
    "mission": st.sampled_from(MISSIONS),
    "kind": st.sampled_from(["police", "frontline"]),
    "equipment_add": st.floats(0, 1),
    "action": st.sampled_from(["open", "close"]),
    "annual_budget_eur": st.floats(0, 10**6),
    "teams": st.integers(0, 20),
}
BAD_DATES = [
    date(2014, 1, 1),
    date(2017, 6, 1),
    "yesterday",
    "2015-02-30",
    20150601,
    Raw("2015-02-30"),
    Raw("2015-13-01"),
]
BAD_FIELD = {
    "date": st.sampled_from(BAD_DATES),
    "type": st.sampled_from(["teleport", "", "Border_Policy", "border policy"]) | st.text(max_size=10),
    "borders": st.sampled_from(["Nowhere", "", "horgoš-röszke", 1, [], [1], [[BORDERS[0]]], {"a": 1}, None]),
    "policy": st.sampled_from(["ajar", "", 1, None, ["open"]]),
    "allowed": st.sampled_from([[], ["XYZ"], "SYR", "SYR, IRQ", [1], {"SYR": 1}]),
    "cap_per_day": st.sampled_from([-1, "many", math.nan, math.inf, 10**400, [], "3,200"]),
    "teams": st.sampled_from([-1, 21, 2.5, "two", 10**400, math.nan]),
    "mission": st.sampled_from(["atlantis", "", "Serbia", 1, None]),
    "node": st.sampled_from(["Nowhere", "", 1, ["Idomeni"]]),
    "from_node": st.sampled_from(["Nowhere", "", 1]),
    "to_node": st.sampled_from(["Nowhere", "", 1]),
}


@st.composite
def valid_event(draw) -> dict:
    cls = draw(st.sampled_from(EVENT_CLASSES))
    event = {"type": typing.get_args(cls.model_fields["type"].annotation)[0]}
    for name, field in cls.model_fields.items():
        if name != "type" and name in VALID_FIELD and (field.is_required() or draw(st.booleans())):
            event[name] = draw(VALID_FIELD[name])
    return event


@st.composite
def damaged_event(draw):
    event = draw(valid_event())
    kind = draw(st.sampled_from(["drop", "bad", "junk", "unknown key", "other field", "not a mapping"]))
    if kind == "drop":
        del event[draw(st.sampled_from(sorted(event)))]
    elif kind == "bad":
        key = draw(st.sampled_from(sorted(BAD_FIELD)))
        event[key] = draw(BAD_FIELD[key])
    elif kind == "junk":
        event[draw(st.sampled_from(sorted(event)))] = draw(bad)
    elif kind == "unknown key":
        event[draw(st.text(max_size=12))] = draw(junk)
    elif kind == "other field":  # a field of another event type
        event[draw(st.sampled_from(EVENT_FIELDS))] = draw(st.sampled_from(sorted(VALID_FIELD)).flatmap(VALID_FIELD.get))
    else:
        return draw(bad)
    return event


# --- the tests -----------------------------------------------------------------------------------


@fuzz("top_level")
@given(
    doc=st.one_of(
        junk,
        deep,
        too_deep,
        st.sampled_from(SYNTAX_BREAKERS).map(Raw),
        st.dictionaries(st.sampled_from(["name", "description", "colour", "Events"]), junk),
    )
)
def test_random_top_level_values_get_a_clear_error(workdir, doc):
    check(write(workdir, doc))


@fuzz("parameters")
@given(params=damaged_parameters(), ascii_only=st.booleans())
def test_wrong_types_and_bounds_at_every_parameter_key_get_a_clear_error(workdir, params, ascii_only):
    check(write(workdir, {"name": "fuzz", "parameters": params}, ascii_only=ascii_only))


@fuzz("period")
@given(
    period=st.one_of(
        bad,
        st.fixed_dictionaries(
            {},
            optional={
                "start": st.one_of(in_period, st.dates(), st.sampled_from(BAD_DATES), bad),
                "end": st.one_of(in_period, st.dates(), st.sampled_from(BAD_DATES), bad),
                "middle": junk,
            },
        ),
        st.tuples(in_period, in_period).map(lambda d: {"start": max(d), "end": min(d)}),  # reversed or empty
    ),
    events=st.lists(valid_event(), max_size=3),
)
def test_bad_periods_get_a_clear_error(workdir, period, events):
    check(write(workdir, {"period": period, "events": events}))


@fuzz("events")
@given(
    events=st.one_of(
        st.lists(st.one_of(valid_event(), damaged_event()), min_size=1, max_size=4),
        bad,  # not a list at all
    ),
    period=st.none() | st.just({"start": date(2015, 9, 1), "end": date(2015, 12, 31)}),
)
def test_bad_events_get_a_clear_error(workdir, events, period):
    doc = {"events": events} if period is None else {"period": period, "events": events}
    check(write(workdir, doc))


@fuzz("extends")
@given(data=st.data())
def test_bad_extends_and_drop_events_get_a_clear_error(workdir, data):
    path, base = workdir / "child.yaml", workdir / "base.yaml"
    extends = data.draw(
        st.one_of(
            st.just(str(base)),  # which may extend the child, itself, or be damaged
            st.just("historical"),  # with damaged drop_events
            st.sampled_from(
                [
                    "nowhere",
                    "",
                    ".",
                    "/",
                    "historical.yaml",  # relative to the working directory, not scenarios/
                    "../scenarios/historical",
                    str(SCENARIO_DIR / "historical.yaml"),
                    str(path),  # itself
                    str(workdir / "missing.yaml"),
                    str(workdir),
                    "x" * 300,
                    "x" * 300 + ".yaml",
                    "a\nb.yaml",
                    "a\x00b.yaml",
                ]
            ),
            bad,
        ),
        label="extends",
    )
    base_doc = data.draw(
        st.one_of(
            st.just({"extends": str(path)}),
            st.just({"extends": str(base)}),
            st.just({"extends": "historical"}),
            st.fixed_dictionaries({"extends": st.just("historical"), "drop_events": bad}),
            st.fixed_dictionaries({"parameters": damaged_parameters()}),
            st.fixed_dictionaries({"events": st.lists(damaged_event(), max_size=2)}),
            bad,
        ),
        label="base",
    )
    drops = data.draw(
        st.one_of(
            st.none(),
            bad,
            st.lists(
                st.one_of(
                    junk,
                    st.sampled_from(HISTORICAL["events"]).map(  # a real event, as a drop
                        lambda e: {k: e[k] for k in ("date", "type", "borders") if k in e}
                    ),
                    st.fixed_dictionaries(
                        {},
                        optional={
                            "date": st.one_of(in_period, st.just(date(2016, 3, 9)), junk),
                            "type": st.sampled_from(EVENT_TYPES) | junk,
                            "borders": st.one_of(some_borders, st.sampled_from(BORDERS), junk),
                        },
                    ),
                ),
                max_size=3,
            ),
        ),
        label="drop_events",
    )
    write(workdir, base_doc, "base.yaml")
    doc = {"extends": extends} if drops is None else {"extends": extends, "drop_events": drops}
    check(write(workdir, doc, "child.yaml"))


SHORT_VALID = (
    "name: ok\nperiod: {start: 2015-06-01, end: 2015-12-31}\nparameters: {migrants: {smuggler_price_eur: 800}}\n"
)


@st.composite
def damaged_text(draw) -> bytes:
    """Valid YAML with bytes or characters spliced in, cut short, or a tagged/aliased value."""
    text = draw(st.sampled_from([SHORT_VALID, VALID_TEXT[:2000]])).encode("utf-8")
    kind = draw(st.sampled_from(["bytes", "chars", "cut", "value"]))
    at = draw(st.integers(0, len(text)))
    if kind == "bytes":  # invalid UTF-8, NUL, a lone UTF-16 BOM ...
        return text[:at] + draw(st.binary(min_size=1, max_size=8)) + text[at:]
    if kind == "chars":
        piece = draw(
            st.text(st.sampled_from(list(":{}[],'\"\t\n-?&*!|>%@`#\\\x00\x01\x7f\x85\u2028\ufeff\ufffe")), max_size=4)
        )
        return text[:at] + piece.encode("utf-8") + text[at:]
    if kind == "cut":
        return text[:at]
    token = draw(st.sampled_from(RAW_TOKENS))
    return f"parameters: {{people_per_agent: {token}}}\nevents: [{token}]\nperiod: {{start: {token}}}\n".encode()


@fuzz("bytes_and_syntax")
@given(
    doc=st.one_of(
        st.binary(max_size=200),
        damaged_text(),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from(
            [
                b"---\nname: a\n---\nname: b\n",  # two documents
                b"%YAML 2.0\n---\nname: a\n",
                b"%TAG ! tag:example.com,2000:\n---\nname: !x a\n",
                b"a: &x [*x]\n",
                b"\xef\xbb\xbfname: bom\n",
                b"\xff\xfename: utf-16\n",
                b"name: a\n  description: b\n",
                b"name: a\nname: b\n",
                b"events:\n- date: 2015-09-15\n  type: border_policy\n - borders: x\n",
            ]
        ),
    )
)
def test_bytes_and_syntax_errors_get_a_clear_error(workdir, doc):
    check(write(workdir, doc))


def _locations(value, at=()) -> list[tuple]:
    """Every key path inside nested dicts and lists."""
    out = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _locations(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _locations(item, (*at, i))
    return out


def _replace(doc, at: tuple, make):
    """``doc`` with the value at ``at`` replaced by ``make(old)`` (deleted if it returns ``_DELETE``)."""
    if not at:
        return make(doc)
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    new = _replace(copy[at[0]], at[1:], make)
    if new is _DELETE and len(at) == 1:
        del copy[at[0]]
    else:
        copy[at[0]] = new
    return copy


_DELETE = object()


@st.composite
def mutated_historical(draw):
    doc = HISTORICAL
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.sampled_from(_locations(doc)))
        kind = draw(st.sampled_from(["delete", "replace", "unknown key", "container", "extends"]))
        if kind == "delete" and at:
            doc = _replace(doc, at, lambda old: _DELETE)
        elif kind == "unknown key":
            key, value = draw(st.text(max_size=12)), draw(junk)
            doc = _replace(doc, at, lambda old, k=key, v=value: {**old, k: v} if isinstance(old, dict) else v)
        elif kind == "container":  # a mapping becomes a list of its values, a list a mapping
            doc = _replace(
                doc,
                at,
                lambda old: (
                    list(old.values())
                    if isinstance(old, dict)
                    else dict(enumerate(old))
                    if isinstance(old, list)
                    else [old]
                ),
            )
        elif kind == "extends":
            doc = {**doc, "extends": "historical"} if isinstance(doc, dict) else doc
        else:
            value = draw(bad)
            doc = _replace(doc, at, lambda old, v=value: v)
    return doc


@fuzz("historical_data")
@given(doc=mutated_historical())
def test_random_edits_of_the_historical_scenario_get_a_clear_error(workdir, doc):
    check(write(workdir, doc))


HISTORICAL_LINES = VALID_TEXT.splitlines(keepends=True)


@fuzz("historical_text")
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["delete line", "duplicate line", "dedent", "indent", "swap"]),
            st.integers(0, len(HISTORICAL_LINES) - 1),
            st.integers(0, len(HISTORICAL_LINES) - 1),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_line_edits_of_the_historical_file_get_a_clear_error(workdir, edits):
    lines = list(HISTORICAL_LINES)
    for kind, i, j in edits:
        i, j = i % len(lines), j % len(lines)
        if kind == "delete line" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate line":
            lines.insert(j, lines[i])
        elif kind == "dedent":
            lines[i] = lines[i].lstrip(" ")
        elif kind == "indent":
            lines[i] = "  " + lines[i]
        else:
            lines[i], lines[j] = lines[j], lines[i]
    check(write(workdir, "".join(lines)))


# --- what the fuzzer found, kept as plain cases so each runs every time -------------------------

HUGE_HEX = "0x" + "f" * 5000  # an int YAML reads but Python will not print (over 4,300 digits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # PyYAML's constructors raise ValueError, KeyError, IndexError, AttributeError on these
        ("period: {start: 2015-02-30}", "line 1, column 17 not valid YAML (cannot read '2015-02-30' as timestamp"),
        ("period: {start: 2015-06-01T25:00:00}", "as timestamp (hour must be in 0..23)"),
        ("period: {start: !!timestamp abc}", "cannot read 'abc' as timestamp"),
        ("parameters: {people_per_agent: !!int ''}", "cannot read '' as int"),
        ("parameters: {people_per_agent: 0x_}", "cannot read '0x_' as int"),
        ("parameters: {people_per_agent: !!bool maybe}", "cannot read 'maybe' as bool"),
        ("parameters: {people_per_agent: !!float x}", "cannot read 'x' as float"),
        ("parameters: {people_per_agent: " + "9" * 5000 + "}", "as int (Exceeds the limit (4300 digits)"),
        # repr() of an int over 4,300 digits raises ValueError while the message is written
        (f"parameters: {{people_per_agent: {HUGE_HEX}}}", "less than or equal to 10000 (got <integer of 20000 bits>)"),
        (f"extends: {HUGE_HEX}", "extends: expected the name of another scenario, got int <integer of 20000 bits>"),
        (f"? {HUGE_HEX}\n: 1", "unknown key <integer of 20000 bits>"),
        (f"period: {{start: {HUGE_HEX}}}", "period.start: expected a date like 2015-06-01, got <integer of"),
        (
            f"extends: historical\ndrop_events: [{{date: {HUGE_HEX}, type: border_policy}}]",
            "drop_events[0]: matches no event of the scenario it extends (date <integer of 20000 bits>",
        ),
        # Path.is_file() raises OSError for a name too long
        ("extends: " + "x" * 300, "extends: unknown scenario 'xxx"),
        ("extends: " + "x" * 300 + ".yaml", "no such scenario file"),
        # messages over several lines
        ("name: a\x01", "line 1, column 8 not valid YAML (special characters are not allowed: '\\x01')"),
        ('parameters: {"a\\nb": 1}', "parameters.'a\\nb': Extra inputs are not permitted"),
        ('period: {"a\\nb": 1}', "period.'a\\nb': unknown key"),
        ('events: [{date: 2015-09-15, type: "\\r"}]', "Input tag '\\r' found using 'type'"),
        ('extends: "a\\nb.yaml"', "extends: 'a\\nb.yaml': no such scenario file"),
        # nesting beyond the recursion limit was reported as an extends chain
        ("[" * 20000 + "]" * 20000, "not valid YAML (nested too deeply)"),
        # nan and infinity were accepted (and written to JSON as null)
        (
            "parameters: {borders: {detect_intercept: .nan}}",
            "borders.detect_intercept: Input should be a finite number (got nan)",
        ),
        (
            "parameters: {bulgaria_land_arrivals_per_day: 1e400}",
            "bulgaria_land_arrivals_per_day: Input should be a finite number",
        ),
        (
            "events: [{date: 2016-02-19, type: border_policy, borders: Šentilj-Spielfeld,"
            " policy: cap, cap_per_day: .inf}]",
            "events[0].cap_per_day: Input should be a finite number (got inf)",
        ),
        # an event type that is not text, with an integer too long to print, made pydantic-core fail
        # formatting its own message (an unraisable exception)
        (
            "events: [{date: 2016-03-09, type: [0x" + "f" * 5000 + "]}]",
            "events[0].type: expected one of border_policy",
        ),
        # drop_events were checked only against the events of a base, and a drop without a type
        # silently matched nothing
        ("drop_events: [1]", "drop_events[0]: expected a mapping with date and type, got int 1"),
        ("extends: historical\ndrop_events: [{date: 2016-03-09}]", "drop_events[0].type: missing"),
    ],
)
def test_what_the_fuzzer_found(tmp_path, text, expected):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    if expected is None:
        load_scenario(path)
        return
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and len(message.splitlines()) == 1, message
    assert expected in message


def test_an_error_in_an_extended_file_names_both_files_and_cycles_are_refused(tmp_path):
    child, base = tmp_path / "child.yaml", tmp_path / "base.yaml"
    c, b = re.escape(str(child)), re.escape(str(base))
    child.write_text(f"extends: {base}\n", encoding="utf-8")
    base.write_text("period: {start: 2015-02-30}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=f"^{c}: extends: {b}: line 1, column 17 not valid YAML"):
        load_scenario(child)
    base.write_text(f"extends: {child}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=f"^{c}: extends: {b}: extends: cycle {c} -> {b} -> {c}$"):
        load_scenario(child)
    child.write_text(f"extends: {child}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=f"^{c}: extends: cycle {c} -> {c}$"):
        load_scenario(child)


def test_set_values_yaml_cannot_build_are_taken_as_text():
    from scenarios.loader import parse_set

    assert parse_set(["start_date=2015-02-30"]) == {"start_date": "2015-02-30"}
    with pytest.raises(ScenarioError, match=r"period.start: Input should be a valid date.*'2015-02-30'"):
        load_scenario("historical", parse_set(["start_date=2015-02-30"]))
