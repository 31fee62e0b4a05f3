"""The record's qualitative patterns (docs/ODD.md, section 1) as numbers a calibration must respect.

Fitting counts alone can buy a lower error by breaking what the record says happened: a trial whose
runs miss a pattern is penalised by its relative shortfall (pattern-oriented modelling; Grimm et al.
2005, *Science* 310). A pattern whose dates fall outside a run is not scored.

The tests in ``tests/model/test_route_shifts.py`` check the same patterns on the default run (1 person per
agent). A calibration trial's runs are coarse (100 people per agent, two seeds), so each minimum here is
a fifth above the test's threshold (``FIT_MARGIN``): a fit that just meets it in coarse runs still
meets the test in the fine one.

``western_branch_takes_lost_flow`` compares two scenarios (one that closes the main route with its
baseline), so it is not among the patterns a single run is scored on.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

CLOSURE = pd.Timestamp("2016-03-09")
FIT_MARGIN = 1.2
BULGARIA = ("Promachonas-Kulata", "Kalotina-Gradina", "Vrška Čuka")
# Albania, Montenegro, Bosnia and Herzegovina and Kosovo
WESTERN_BRANCH = (
    "Kakavia",
    "Kapshticë",
    "Hani i Hotit",
    "Muriqan-Sukobin",
    "Morinë",
    "Šćepan Polje",
    "Maljevac",
    "Sremska Rača",
    "Blace",
    "Merdare",
)
# the main route into Serbia, from North Macedonia and from Bulgaria
MAIN_INTO_SERBIA = ("Tabanovce-Miratovac", "Lojane-Miratovac", "Kalotina-Gradina", "Vrška Čuka")
# everyone who got across a border point: regularly, with a smuggler, or alone and undetected
MOVED = ("crossings", "smuggled", "crossed_alone")


@dataclass(frozen=True)
class Pattern:
    name: str
    minimum: float
    measure: Callable[[dict[str, pd.DataFrame]], float]
    text: str


def _ratio(after: float, before: float) -> float:
    """``after`` over ``before``; a rise from none is unbounded (inf), and none before and after is NaN."""
    if before > 0:
        return after / before
    return math.inf if after > 0 else math.nan


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


def _moved(borders: pd.DataFrame, names) -> pd.DataFrame:
    """Date, border and the people who got across ``names`` (runs written before people crossed alone
    have no ``crossed_alone``: none did)."""
    rows = borders[borders.border.isin(names)]
    moved = sum(rows.get(c, 0) for c in MOVED)
    return rows[["date", "border"]].assign(moved=moved)


def _rise_after_closure(tables: dict[str, pd.DataFrame], names) -> float:
    """People across ``names`` in the 120 days from the closure over the 120 days from 9 Nov 2015."""
    b = tables["borders"]
    start = pd.Timestamp("2015-11-09")
    if not _covers(b, start, CLOSURE + pd.Timedelta(days=119)):
        return math.nan
    moved = _moved(b, names)
    return _ratio(_window(moved, CLOSURE, 120).moved.sum(), _window(moved, start, 120).moved.sum())


def bulgaria_rise(tables: dict[str, pd.DataFrame]) -> float:
    return _rise_after_closure(tables, BULGARIA)


def western_branch_rise(tables: dict[str, pd.DataFrame]) -> float:
    return _rise_after_closure(tables, WESTERN_BRANCH)


def _per_run(borders: pd.DataFrame, names, first, days: int) -> float:
    """People across ``names`` in the ``days`` from ``first``, a run's mean over the runs in ``borders``."""
    runs = borders.run_id.nunique() if "run_id" in borders else 1
    return _window(_moved(borders, names), first, days).moved.sum() / max(runs, 1)


def western_branch_takes_lost_flow(
    scenario_tables: dict[str, pd.DataFrame],
    baseline_tables: dict[str, pd.DataFrame],
    since: str = "2016-03-09",
    days: int = 120,
) -> float:
    """How much of what the main route into Serbia lost the western branch carried: the branch's extra
    crossings in the scenario over the main route's lost ones, both against the baseline, in the
    ``days`` from ``since`` (a run's mean where there are replicates). Above 0.5, the western branch
    carries most of what the main route lost; NaN where the main route lost nothing or a run does
    not cover the window. Not in ``PATTERNS``: it compares two scenarios."""
    first = pd.Timestamp(since)
    last = first + pd.Timedelta(days=days - 1)
    scenario, baseline = scenario_tables["borders"], baseline_tables["borders"]
    if not (_covers(scenario, first, last) and _covers(baseline, first, last)):
        return math.nan
    lost = _per_run(baseline, MAIN_INTO_SERBIA, first, days) - _per_run(scenario, MAIN_INTO_SERBIA, first, days)
    gained = _per_run(scenario, WESTERN_BRANCH, first, days) - _per_run(baseline, WESTERN_BRANCH, first, days)
    return gained / lost if lost > 0 else math.nan


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
        "bulgaria_rises_after_closure",
        1.0 * FIT_MARGIN,
        bulgaria_rise,
        "people across the Bulgarian branch (GR->BG, BG->RS), regularly, smuggled or alone, 120 days after / "
        "120 days before 9 Mar 2016",
    ),
    Pattern(
        "western_branch_rises_after_closure",
        1.0 * FIT_MARGIN,
        western_branch_rise,
        "people across the western branch (Albania, Montenegro, Bosnia and Herzegovina, Kosovo), regularly, "
        "smuggled or alone, 120 days after / 120 days before 9 Mar 2016",
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
        if not math.isnan(value):
            total += max(0.0, (p.minimum - value) / p.minimum)
    return total
