"""Arrivals and composition follow the recorded figures."""

from datetime import date

import numpy as np
import pytest

from model import forcing


def test_monthly_arrivals_are_the_recorded_figures_at_one_person_per_agent():
    people = forcing.daily_people(date(2015, 6, 1), date(2016, 12, 31))
    agents = forcing.people_to_agents(people, 1)
    months = forcing.monthly_arrivals()
    assert agents.sum() == sum(v for k, v in months.items() if "2015-06" <= k <= "2016-12")
    october = agents[(date(2015, 10, 1) - date(2015, 6, 1)).days : (date(2015, 11, 1) - date(2015, 6, 1)).days]
    assert october.sum() == months["2015-10"]


def test_coarser_agents_keep_the_number_of_people():
    people = forcing.daily_people(date(2015, 6, 1), date(2016, 12, 31))
    for ppa in (10, 100, 1000):
        assert abs(forcing.people_to_agents(people, ppa).sum() * ppa - people.sum()) <= ppa


def test_composition_shares_sum_to_one_and_follow_the_record():
    nat, households = forcing.composition(date(2015, 6, 1), date(2016, 12, 31))
    assert np.allclose(nat.sum(axis=1), 1) and np.allclose(households.sum(axis=1), 1)
    jan_2016 = (date(2016, 1, 15) - date(2015, 6, 1)).days
    assert nat[0, 0] > 0.55 and nat[jan_2016, 0] < 0.5  # Syrians' share fell in 2016 (composition.csv)


def test_days_the_record_counted_keep_their_figure_and_the_month_keeps_its_total():
    start = date(2015, 6, 1)
    people = forcing.daily_people(start, date(2015, 12, 31))
    days = forcing.daily_arrivals()
    assert days, "model/data/greece_arrivals_daily.csv is empty"
    for day, count in days.items():
        assert people[(day - start).days] == count
    october = people[(date(2015, 10, 1) - start).days : (date(2015, 11, 1) - start).days]
    assert october.sum() == pytest.approx(forcing.monthly_arrivals()["2015-10"])
    # 16-21 Oct 2015 were busier than the month's average (IOM), so October's other days carry less
    assert october[0] < forcing.monthly_arrivals()["2015-10"] / 31 < people[(date(2015, 10, 20) - start).days]
