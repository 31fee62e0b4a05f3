"""The pieces a comparison rule is made of: a simulated series (``Term``), a rule (``Rule``) and the
builders the rules of each source file share (entries, detections at a country's border points,
asylum claims). The rules themselves are in ``corridor_rules`` (the two corridor files),
``branch_rules`` (``branches_2016_2018.csv``) and ``price_routes`` (smuggling prices).
"""

import re
from dataclasses import dataclass
from functools import cache

from model.graph_data import country_of_place, read_edges

COUNTRY_CODES = {
    "Greece": "GR",
    "North Macedonia": "MK",
    "Serbia": "RS",
    "Hungary": "HU",
    "Croatia": "HR",
    "Slovenia": "SI",
    "Austria": "AT",
    "Germany": "DE",
    "Bulgaria": "BG",
    "Albania": "AL",
    "Montenegro": "ME",
    "Bosnia and Herzegovina": "BA",
    "Kosovo": "XK",
    "Turkey": "TR",
}

COMPARE, FORCING, SKIP = "compared", "forcing_check", "skipped"
# A figure quoted as "over X" says only that the count was at least X; "up to X", at most X; "X-Y"
# that it lay between the two.
LOWER, POINT, UPPER, RANGE = "lower", "", "upper", "range"
_BOUND_WORDS = ((LOWER, re.compile(r'^"(over|more than|at least)\b')), (UPPER, re.compile(r'^"(up to|at most)\b')))


@dataclass(frozen=True)
class Term:
    """One simulated series: ``table``'s ``column`` for one key (a country, a border or the day)."""

    table: str  # countries | borders | statuses
    column: str
    key: str = ""
    sign: int = 1


@dataclass(frozen=True)
class Rule:
    """How a measure is simulated: the terms summed, summed over the period or read on the date."""

    terms: tuple[Term, ...] | None  # None: skipped, whatever the place
    # "sum": daily flows summed over the period; "level": a stock read on the date; "mean": a daily
    # value (a flow a day, a price) averaged over the period
    kind: str
    note: str
    status: str = COMPARE
    series: str = ""  # cumulative counts of one series can be compared as increments
    since_year_start: bool = False  # "year to date": summed from 1 January of the date's year
    whole_month: bool = False  # a month's total dated on its last day
    # a price's route: one tuple of border points per leg, the cheapest of them taken each day
    legs: tuple[tuple[str, ...], ...] = ()
    bound: str = POINT  # how the rule reads the figure when its wording does not say (``bound_of``)


def bound_of(note: str) -> str:
    """``lower`` for a figure the source quotes as "over X" or "more than X", ``upper`` for "up to X",
    else ``""`` (a point value)."""
    for bound, words in _BOUND_WORDS:
        if words.match(note.strip()):
            return bound
    return POINT


def skip(note: str) -> Rule:
    return Rule(None, "", note, SKIP)


def entries(code: str, registered: bool = False) -> tuple[Term, ...]:
    # Only people crossing at an official point can be registered, and in 2015 not all of them were.
    return (Term("countries", "registered" if registered else "entered", code),)


def at_borders(column: str, points) -> tuple[Term, ...]:
    return tuple(Term("borders", column, b) for b in points)


def irregular_crossings(points) -> tuple[Term, ...]:
    """Everyone who got across ``points`` irregularly: with a smuggler or alone, undetected."""
    return at_borders("smuggled", points) + at_borders("crossed_alone", points)


def asylum_claims(code: str) -> tuple[Term, ...]:
    return (Term("countries", "asylum_claims", code),)


def present(*codes: str) -> tuple[Term, ...]:
    return tuple(Term("countries", "present", c) for c in codes)


@cache
def border_points(code: str, direction: str = "either") -> tuple[str, ...]:
    """The model's border points on ``code``'s borders (``model/data/edges.csv``): those leading
    ``into`` it, ``out of`` it, or ``either``, in the file's order."""
    country = country_of_place()
    points = []
    for edge in read_edges():
        if not edge["border"]:
            continue
        into, out = country[edge["to"]] == code, country[edge["from"]] == code
        if {"into": into, "out of": out, "either": into or out}[direction]:
            points.append(edge["border"])
    return tuple(dict.fromkeys(points))
