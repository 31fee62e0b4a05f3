"""The record's qualitative patterns (docs/ODD.md, section 1) as numbers a calibration must respect.

Fitting counts alone can buy a lower error by breaking what the record says happened: a trial whose
runs miss a pattern is penalised by its relative shortfall (pattern-oriented modelling; Grimm et al.
2005, *Science* 310). A pattern whose dates fall outside a run is not scored.

The tests in ``tests/model/test_route_shifts.py`` check the same patterns on the default run (1 person per
agent). A calibration trial's runs are coarse (100 people per agent, two seeds), so each minimum here is
a fifth above the test's threshold (``FIT_MARGIN``): a fit that just meets it in coarse runs still
meets the test in the fine one.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

CLOSURE = pd.Timestamp("2016-03-09")
FIT_MARGIN = 1.2
BRANCHES = (
    "Kakavia",
    "Kapshticë",
    "Hani i Hotit",
    "Šćepan Polje",
    "Maljevac",
    "Promachonas-Kulata",
    "Kalotina-Gradina",
    "Vrška Čuka",
)


@dataclass(frozen=True)
class Pattern:
    name: str
    minimum: float
    measure: Callable[[dict[str, pd.DataFrame]], float]
    text: str


def _ratio(after: float, before: float) -> float:
    return after / before if before > 0 else math.nan


def _window(frame: pd.DataFrame, start, days: int) -> pd.DataFrame:
    return frame[(frame.date >= start) & (frame.date < start + pd.Timedelta(days=days))]


def _covers(frame: pd.DataFrame, first, last) -> bool:
    return bool(len(frame)) and frame.date.min() <= first and frame.date.max() >= last


def smuggling_rise(tables: dict[str, pd.DataFrame]) -> float:
    b = tables["borders"]
    if not _covers(b, CLOSURE - pd.Timedelta(days=29), CLOSURE + pd.Timedelta(days=29)):
        return math.nan
    before = _window(b, CLOSURE - pd.Timedelta(days=30), 30).smuggled.sum()
    return _ratio(_window(b, CLOSURE, 30).smuggled.sum(), before)


def greece_stranding_rise(tables: dict[str, pd.DataFrame]) -> float:
    c = tables["countries"]
    greece = c[c.country == "GR"]
    if not _covers(greece, pd.Timestamp("2016-02-15"), pd.Timestamp("2016-03-31")):
        return math.nan
    before = _window(greece, pd.Timestamp("2016-02-15"), 15).stranded.mean()
    return _ratio(_window(greece, pd.Timestamp("2016-03-16"), 16).stranded.mean(), before)


def _shift(tables, closed: tuple[str, ...], before: str, opened: tuple[str, ...], after: str) -> float:
    """Crossings at ``opened`` in the week from ``after`` over those at ``closed`` in the week from ``before``."""
    b = tables["borders"]
    first, last = pd.Timestamp(before), pd.Timestamp(after) + pd.Timedelta(days=6)
    if not _covers(b, first, last):
        return math.nan

    def weekly(names, start):
        return _window(b[b.border.isin(names)], pd.Timestamp(start), 7).crossings.sum()

    return _ratio(weekly(opened, after), weekly(closed, before))


def croatia_takes_the_flow(tables: dict[str, pd.DataFrame]) -> float:
    return _shift(tables, ("Horgoš-Röszke",), "2015-09-08", ("Šid-Tovarnik", "Berkasovo-Bapska"), "2015-09-16")


def slovenia_takes_the_flow(tables: dict[str, pd.DataFrame]) -> float:
    to_hungary = ("Botovo-Zákány", "Baranjsko Petrovo Selo-Beremend")
    return _shift(tables, to_hungary, "2015-10-09", ("Harmica-Dobova",), "2015-10-17")


def branches_rise(tables: dict[str, pd.DataFrame]) -> float:
    b = tables["borders"]
    start = pd.Timestamp("2015-11-09")
    if not _covers(b, start, CLOSURE + pd.Timedelta(days=119)):
        return math.nan
    moved = b[b.border.isin(BRANCHES)].assign(moved=lambda f: f.crossings + f.smuggled)
    return _ratio(_window(moved, CLOSURE, 120).moved.sum(), _window(moved, start, 120).moved.sum())


PATTERNS = (
    Pattern(
        "smuggling_rise_after_closure",
        1.5 * FIT_MARGIN,
        smuggling_rise,
        "smuggled crossings, month after / month before 9 Mar 2016",
    ),
    Pattern(
        "greece_stranding_rise_after_closure",
        2.0 * FIT_MARGIN,
        greece_stranding_rise,
        "stranded in Greece, 16-31 Mar / 15 Feb-1 Mar 2016",
    ),
    Pattern(
        "croatia_takes_hungary_flow",
        0.5 * FIT_MARGIN,
        croatia_takes_the_flow,
        "crossings into Croatia in the week from 16 Sep 2015 / into Hungary from Serbia in the week from 8 Sep",
    ),
    Pattern(
        "slovenia_takes_hungary_flow",
        0.5 * FIT_MARGIN,
        slovenia_takes_the_flow,
        "crossings into Slovenia in the week from 17 Oct 2015 / into Hungary from Croatia in the week from 9 Oct",
    ),
    Pattern(
        "branches_rise_after_closure",
        1.0 * FIT_MARGIN,
        branches_rise,
        "crossings and smuggled crossings on the branches (Albania, Montenegro, Kosovo, Bulgaria), 120 days "
        "after / 120 days before 9 Mar 2016",
    ),
)


def pattern_values(tables: dict[str, pd.DataFrame]) -> dict[str, float]:
    """Each pattern's measure over all the runs in ``tables`` together (replicates summed)."""
    return {p.name: float(p.measure(tables)) for p in PATTERNS}


def shortfall(values: dict[str, float]) -> float:
    """Sum over the patterns of how far each falls short of its minimum, relative to it (0 = all met)."""
    total = 0.0
    for p in PATTERNS:
        value = values.get(p.name, math.nan)
        if math.isfinite(value):
            total += max(0.0, (p.minimum - value) / p.minimum)
    return total
