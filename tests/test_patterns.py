"""The record's patterns as calibration scores them: measured on known tables, penalised by shortfall."""

import math

import pandas as pd
import pytest

from analysis.patterns import greece_stranding_rise, pattern_values, shortfall, smuggling_rise


def _tables(start: str, end: str, smuggled_before: int, smuggled_after: int, stranded_before: int, stranded_after: int):
    dates = pd.date_range(start, end)
    closure = pd.Timestamp("2016-03-09")
    borders = pd.DataFrame(
        {
            "date": dates,
            "border": "Idomeni-Gevgelija",
            "smuggled": [smuggled_after if d >= closure else smuggled_before for d in dates],
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
    # smuggling rises 1.2 against 1.5 (short by 0.2), stranding 1.0 against 2.0 (short by 0.5)
    assert shortfall(missed) == pytest.approx(0.3 / 1.5 + 1.0 / 2.0)
