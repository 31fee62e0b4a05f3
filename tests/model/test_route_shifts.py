"""Closing a border sends its flow elsewhere within days (policy_timeline.csv; the design's rules)."""

import pandas as pd

from analysis.patterns import (
    bulgaria_rise,
    croatia_takes_the_flow,
    greece_stranding_rise,
    slovenia_takes_the_flow,
    smuggling_rise,
    western_branch_rise,
)


def _weekly(borders: pd.DataFrame, names, start: str, days: int = 7, column="crossings") -> float:
    window = borders[(borders.date >= start) & (borders.date < pd.Timestamp(start) + pd.Timedelta(days=days))]
    return float(window[window.border.isin(names)][column].sum())


def test_hungarys_fence_on_the_serbian_border_diverts_flow_to_croatia_within_a_week(historical_tables):
    b = historical_tables["borders"]
    assert _weekly(b, ["Šid-Tovarnik", "Berkasovo-Bapska"], "2015-09-08") == 0
    assert _weekly(b, ["Horgoš-Röszke"], "2015-09-16") == 0
    assert _weekly(b, ["Horgoš-Röszke"], "2015-09-08") > 0
    assert croatia_takes_the_flow(historical_tables) >= 0.5


def test_hungarys_closure_of_the_croatian_border_diverts_flow_to_slovenia_within_a_week(historical_tables):
    b = historical_tables["borders"]
    to_hungary = ["Botovo-Zákány", "Baranjsko Petrovo Selo-Beremend"]
    assert _weekly(b, to_hungary, "2015-10-17") == 0
    assert _weekly(b, to_hungary, "2015-10-09") > 0
    assert slovenia_takes_the_flow(historical_tables) >= 0.5


def test_the_march_2016_closure_stops_gevgelija_and_strands_people_in_greece(historical_tables):
    b = historical_tables["borders"]
    before = _weekly(b, ["Idomeni-Gevgelija"], "2016-03-01", days=7)
    after = _weekly(b, ["Idomeni-Gevgelija"], "2016-03-09", days=7)
    assert after <= 0.1 * before and before > 0
    assert greece_stranding_rise(historical_tables) > 2


def test_smuggling_rises_after_the_closure(historical_tables):
    assert smuggling_rise(historical_tables) > 1.5


def test_the_branches_carry_more_flow_after_the_closure(historical_tables):
    assert bulgaria_rise(historical_tables) > 1
    assert western_branch_rise(historical_tables) > 1
