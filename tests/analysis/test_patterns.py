"""The record's patterns as calibration scores them: measured on known tables, penalised by shortfall."""

import math

import pandas as pd
import pytest

from analysis.patterns import (
    FIT_MARGIN,
    PATTERNS,
    bulgaria_rise,
    croatia_takes_the_flow,
    greece_stranding_rise,
    pattern_values,
    shortfall,
    slovenia_takes_the_flow,
    smuggling_rise,
    western_branch_rise,
    western_branch_takes_lost_flow,
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
    # a table written before people crossed alone: crossings and smuggled only
    assert western_branch_rise(tables) == pytest.approx((3 + 1) / (2 + 1))
    assert math.isnan(bulgaria_rise(tables))  # nobody crossed there before or after


def _branch_day(date, border, crossings, smuggled, alone, run="r1"):
    return {
        "run_id": run,
        "date": date,
        "border": border,
        "crossings": crossings,
        "smuggled": smuggled,
        "crossed_alone": alone,
    }


def test_bulgaria_and_the_western_branch_rise_separately_counting_everyone_who_got_across():
    rows = []
    for date in pd.date_range("2015-11-01", "2016-07-31"):
        after = date >= pd.Timestamp("2016-03-09")
        rows += [
            _branch_day(date, "Kalotina-Gradina", 10, 5 if after else 2, 3 if after else 0),
            _branch_day(date, "Vrška Čuka", 0, 2, 0),
            _branch_day(date, "Kakavia", 0, 4 if after else 1, 2 if after else 1),
            _branch_day(date, "Merdare", 1, 0, 0),
            _branch_day(date, "Idomeni-Gevgelija", 0 if after else 100, 0, 0),  # not a branch
        ]
    no_one = pd.DataFrame({"date": pd.to_datetime([]), "country": [], "stranded": []})
    tables = {"borders": pd.DataFrame(rows), "countries": no_one}
    # Bulgaria: 10 + 2 + 2 a day before, 10 + 5 + 3 + 2 after; the west: 1 + 1 + 1 before, 4 + 2 + 1 after
    assert bulgaria_rise(tables) == pytest.approx(20 / 14)
    assert western_branch_rise(tables) == pytest.approx(7 / 3)
    values = pattern_values(tables)
    assert values["bulgaria_rises_after_closure"] == pytest.approx(20 / 14)
    assert values["western_branch_rises_after_closure"] == pytest.approx(7 / 3)
    assert "branches_rise_after_closure" not in values
    minimum = {p.name: p.minimum for p in PATTERNS}
    assert minimum["bulgaria_rises_after_closure"] == minimum["western_branch_rises_after_closure"] == FIT_MARGIN


def _scenario(main_after: int, west_after: int, runs=("r1",)) -> dict[str, pd.DataFrame]:
    rows = []
    for run in runs:
        for date in pd.date_range("2016-03-01", "2016-04-30"):
            after = date >= pd.Timestamp("2016-03-09")
            rows += [
                _branch_day(date, "Tabanovce-Miratovac", main_after if after else 100, 0, 0, run),
                _branch_day(date, "Vrška Čuka", 0, 5, 0, run),  # the same in both: lost nothing
                _branch_day(date, "Hani i Hotit", 0, west_after if after else 0, 1 if after else 0, run),
            ]
    return {"borders": pd.DataFrame(rows)}


def test_the_western_branch_share_of_the_main_routes_lost_flow_compares_a_scenario_with_its_baseline():
    baseline = _scenario(main_after=100, west_after=10)
    closed = _scenario(main_after=20, west_after=60, runs=("a", "b"))  # two replicates: a run's mean
    # over 30 days from the closure the main route loses 80 a day and the west gains 50 a day
    share = western_branch_takes_lost_flow(closed, baseline, since="2016-03-09", days=30)
    assert share == pytest.approx(50 / 80)
    assert share > 0.5  # most of it
    assert math.isnan(western_branch_takes_lost_flow(baseline, baseline, days=30))  # nothing lost
    assert math.isnan(western_branch_takes_lost_flow(closed, baseline, since="2016-04-15", days=30))  # past the run


def test_a_rise_from_none_meets_the_pattern_and_none_before_and_after_is_not_scored():
    from_none = pattern_values(_tables("2016-01-01", "2016-06-30", 0, 4, 1000, 3000))
    assert from_none["smuggling_rise_after_closure"] == math.inf
    assert shortfall(from_none) == 0
    never = pattern_values(_tables("2016-01-01", "2016-06-30", 0, 0, 1000, 3000))
    assert math.isnan(never["smuggling_rise_after_closure"])
