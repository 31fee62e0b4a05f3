"""Planning a batch: which runs (scenario x parameter point x replicate), each with a stable id.

A run is a scenario, a set of parameter overrides and a seed. Its id is a hash of the fully
resolved scenario (parameters and events after ``extends`` and overrides) and the seed, so the same
run always gets the same id and a changed scenario file never reuses stale results.
"""

import hashlib
import itertools
import json
from dataclasses import dataclass, field

from scipy.stats import qmc

from model.fields import field_info
from model.parameters import Parameters, deep_merge, dotted_to_nested, flat_keys
from scenarios.loader import ScenarioError, load_scenario, parse_set


@dataclass(frozen=True)
class RunSpec:
    """One run of a batch."""

    scenario: str  # name in scenarios/ or path to a YAML file
    seed: int
    overrides: dict = field(default_factory=dict)  # nested parameter overrides
    point: dict = field(default_factory=dict)  # the swept or sampled values, by dotted key
    run_id: str = ""
    name: str = ""  # the scenario's own name (a YAML file's ``name``): what the manifest and tables show
    draw: int | None = None  # the posterior draw (``batch --posterior``) whose values the overrides hold

    @property
    def label(self) -> str:
        return self.name or self.scenario


MAX_SEED = 2**32 - 1  # the command line's bound (cli.options.MAX_SEED)


def run_id(scenario_json: str, seed: int) -> str:
    return hashlib.sha256(f"{scenario_json}\nseed={seed}".encode()).hexdigest()[:16]


def declared_ranges(model=Parameters, prefix: str = "") -> dict[str, tuple[float, float, bool]]:
    """Every parameter with a declared sweep range: dotted key -> (low, high, is_integer)."""
    out = {}
    for name, f in model.model_fields.items():
        annotation = f.annotation
        if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
            out.update(declared_ranges(annotation, f"{prefix}{name}."))
            continue
        info = field_info(model, name)
        if info["range"] is not None:
            out[f"{prefix}{name}"] = (float(info["range"][0]), float(info["range"][1]), annotation is int)
    return out


def parse_sweep(items: list[str]) -> dict[str, list]:
    """``["migrants.smuggler_price_eur=300,500,900"]`` -> ``{"migrants.smuggler_price_eur": [300, 500, 900]}``."""
    sweeps = {}
    for item in items:
        key, sep, values = item.partition("=")
        if not sep or not values:
            raise ScenarioError(f"--sweep {item!r}: expected key.path=v1,v2,...")
        sweeps[key.strip()] = [next(iter(parse_set([f"x={v}"]).values())) for v in values.split(",")]
    return sweeps


def latin_hypercube(spec: str, seed: int) -> list[dict]:
    """``"lhs:20"`` or ``"lhs:20:migrants.smuggler_price_eur,missions.training_effect"``: points spread
    over the declared ranges (all of them unless named), reproducible from ``seed``."""
    parts = spec.split(":")
    if len(parts) not in (2, 3) or parts[0] != "lhs" or not parts[1].isdigit() or int(parts[1]) < 1:
        raise ScenarioError(f"--sample {spec!r}: expected lhs:N or lhs:N:key.path,key.path")
    ranges = declared_ranges()
    keys = parts[2].split(",") if len(parts) == 3 else sorted(ranges)
    unknown = [k for k in keys if k not in ranges]
    if unknown:
        raise ScenarioError(
            f"--sample: {unknown[0]!r} has no declared range; parameters with one: {', '.join(sorted(ranges))}"
        )
    unit = qmc.LatinHypercube(d=len(keys), seed=seed).random(int(parts[1]))
    points = []
    for row in unit:
        point = {}
        for k, u in zip(keys, row, strict=True):
            low, high, is_int = ranges[k]
            value = low + u * (high - low)
            point[k] = int(round(value)) if is_int else float(value)
        points.append(point)
    return points


def _scenario_keys(name: str) -> set[str]:
    """The dotted parameter keys a scenario file (with what it extends) sets itself."""
    from scenarios.loader import own_parameters

    return set(flat_keys(own_parameters(name)))


def plan_runs(
    scenarios: list[str],
    replicates: int = 1,
    seed: int = 0,
    overrides: dict | None = None,
    sweeps: dict[str, list] | None = None,
    sample: str | None = None,
    draws: list | None = None,
    notes: list[str] | None = None,
) -> list[RunSpec]:
    """Every run of a batch, validated: scenarios x (sweep grid or sample points) x posterior draws x
    replicates.

    Replicate r of every scenario and point uses seed ``seed + r`` (common random numbers, so
    scenarios are compared on the same draws). With posterior ``draws`` (:mod:`runs.posterior`), draw d
    runs on seeds ``seed + d * replicates + r``: each draw has its own seeds, the same in every scenario.
    A parameter a scenario sets itself keeps the scenario's value (the what-if's question) in every
    draw, and a line saying so is added to ``notes``."""
    if replicates < 1:
        raise ScenarioError(f"--replicates {replicates}: expected 1 or more")
    seeds_per_point = replicates * (len(draws) if draws else 1)
    if not seed >= 0 or seed + seeds_per_point - 1 > MAX_SEED:
        raise ScenarioError(f"--seed {seed} with {seeds_per_point} seeds: seeds must lie within 0 to {MAX_SEED:,}")
    if sweeps and sample:
        raise ScenarioError("--sweep and --sample cannot be combined; use one")
    if draws and sample:
        raise ScenarioError("--posterior and --sample cannot be combined: both set the parameters; use one")
    drawn = set(draws[0].values) if draws else set()
    clash = sorted(drawn & (set(sweeps or {}) | set(flat_keys(overrides or {}))))
    if clash:
        raise ScenarioError(f"{clash[0]}: set by --set or --sweep and drawn from --posterior; drop it from one of them")
    if sample:
        points = latin_hypercube(sample, seed)
    elif sweeps:
        keys = list(sweeps)
        points = [dict(zip(keys, values, strict=True)) for values in itertools.product(*sweeps.values())]
    else:
        points = [{}]
    runs = []
    for name in scenarios:
        own = _scenario_keys(name) & drawn
        if own and notes is not None:
            notes.append(f"{name} sets {', '.join(sorted(own))} itself: its draws keep the scenario's value")
        for point in points:
            nested = overrides or {}
            for key, value in point.items():
                nested = deep_merge(nested, dotted_to_nested(key, value))
            for d in draws or [None]:
                with_draw = nested
                for key, value in d.values.items() if d else ():
                    if key not in own:
                        with_draw = deep_merge(with_draw, dotted_to_nested(key, value))
                scenario = load_scenario(name, with_draw)
                resolved = scenario.model_dump_json()
                first = seed + (d.index * replicates if d else 0)
                index = d.index if d else None
                for s in range(first, first + replicates):
                    runs.append(RunSpec(name, s, with_draw, point, run_id(resolved, s), scenario.name, index))
    ids = [r.run_id for r in runs]
    if len(set(ids)) != len(ids):
        raise ScenarioError("the batch has identical runs (same scenario, parameters and seed); check the sweep")
    return runs


def point_text(point: dict) -> str:
    return json.dumps(point, sort_keys=True, default=str) if point else ""
