"""The record's patterns as calibration scores them: measured on known tables, penalised by shortfall."""

import math

import pandas as pd
import pytest

from analysis.patterns import (
    FIT_MARGIN,
    PATTERNS,
    branches_rise,
    croatia_takes_the_flow,
    greece_stranding_rise,
    pattern_values,
    shortfall,
    slovenia_takes_the_flow,
    smuggling_rise,
)


def _tables(start: str, end: str, smuggled_before: int, smuggled_after: int, stranded_before: int, stranded_after: int):
    dates = pd.date_range(start, end)
    closure = pd.Timestamp("2016-03-09")
    borders = pd.DataFrame(
        {
            "date": dates,
            "border": "Idomeni-Gevgelija",
            "smuggled": [smuggled_after if d >= closure else smuggled_before for d in dates],
            "crossings": 0,
        }
    )
    countries = pd.DataFrame(
        {
            "date": dates,
            "country": "GR",
            "stranded": [stranded_after if d >= closure else stranded_before for d in dates],
        }
    )
    return {"borders": borders, "countries": countries}


def test_the_patterns_are_measured_as_ratios_of_the_windows_around_the_closure():
    tables = _tables("2016-01-01", "2016-06-30", 10, 25, 1000, 3000)
    assert smuggling_rise(tables) == pytest.approx(2.5)
    assert greece_stranding_rise(tables) == pytest.approx(3.0)


def test_a_pattern_outside_the_run_is_not_scored():
    values = pattern_values(_tables("2015-06-01", "2015-12-31", 10, 25, 1000, 3000))
    assert all(math.isnan(v) for v in values.values())
    assert shortfall(values) == 0


def test_the_shortfall_is_relative_to_each_minimum_and_zero_when_met():
    met = pattern_values(_tables("2016-01-01", "2016-06-30", 10, 25, 1000, 3000))
    assert shortfall(met) == 0
    missed = pattern_values(_tables("2016-01-01", "2016-06-30", 10, 12, 1000, 1000))
    # smuggling rises 1.2 and stranding 1.0, against the tests' 1.5 and 2.0 raised by the fit's margin
    smuggling, stranding = 1.5 * FIT_MARGIN, 2.0 * FIT_MARGIN
    assert shortfall(missed) == pytest.approx((smuggling - 1.2) / smuggling + (stranding - 1.0) / stranding)
    assert {p.name: p.minimum for p in PATTERNS}["smuggling_rise_after_closure"] == smuggling


def test_the_flow_moving_to_croatia_slovenia_and_the_branches_is_measured_over_the_stated_weeks():
    rows = []
    for date in pd.date_range("2015-09-01", "2016-07-31"):
        hungary = 100 if date < pd.Timestamp("2015-09-15") else 0
        croatia = 60 if pd.Timestamp("2015-09-16") <= date < pd.Timestamp("2015-10-17") else 0
        to_hungary = 80 if pd.Timestamp("2015-09-16") <= date < pd.Timestamp("2015-10-17") else 0
        slovenia = 20 if date >= pd.Timestamp("2015-10-17") else 0
        branch = 3 if date >= pd.Timestamp("2016-03-09") else 2
        for border, crossings in (
            ("Horgoš-Röszke", hungary),
            ("Šid-Tovarnik", croatia),
            ("Botovo-Zákány", to_hungary),
            ("Harmica-Dobova", slovenia),
            ("Kakavia", branch),
        ):
            rows.append({"date": date, "border": border, "crossings": crossings, "smuggled": 1})
    tables = {"borders": pd.DataFrame(rows)}
    assert croatia_takes_the_flow(tables) == pytest.approx(0.6)
    assert slovenia_takes_the_flow(tables) == pytest.approx(0.25)
    assert branches_rise(tables) == pytest.approx((3 + 1) / (2 + 1))
