"""The record's qualitative patterns (docs/ODD.md, section 1) as numbers a calibration must respect.

Fitting counts alone can buy a lower error by breaking what the record says happened: a trial whose
runs miss a pattern is penalised by its relative shortfall (pattern-oriented modelling; Grimm et al.
2005, *Science* 310). A pattern whose dates fall outside a run is not scored.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

CLOSURE = pd.Timestamp("2016-03-09")


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


PATTERNS = (
    Pattern(
        "smuggling_rise_after_closure", 1.5, smuggling_rise, "smuggled crossings, month after / month before 9 Mar 2016"
    ),
    Pattern(
        "greece_stranding_rise_after_closure",
        2.0,
        greece_stranding_rise,
        "stranded in Greece, 16-31 Mar / 15 Feb-1 Mar 2016",
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
