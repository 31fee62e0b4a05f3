"""Every migrant who arrived is in exactly one status each day, and the counts add up."""

import numpy as np

from model.enums import Status
from model.graph import COUNTRIES
from model.model import RouteModel
from model.recorder import BORDER_COLUMNS
from scenarios.loader import load_scenario


def _arrived_so_far(model) -> np.ndarray:
    """Agents arrived by the end of each recorded day, the warm-up's included."""
    return np.cumsum(model.sea_agents + model.land_agents)[model.first_recorded_day :]


def test_every_arrived_migrant_is_in_exactly_one_status_each_day(historical_run):
    rec, ppa = historical_run.recorder, historical_run.params.people_per_agent
    arrived_so_far = _arrived_so_far(historical_run)
    assert np.array_equal(rec.statuses.sum(axis=1), arrived_so_far)
    assert rec.statuses.min() >= 0
    final = np.bincount(historical_run.migrants.status[: historical_run.migrants.n], minlength=len(Status))
    assert np.array_equal(rec.statuses[-1], final)
    assert ppa == 100


def test_people_present_add_up_to_everyone_who_arrived(historical_run):
    rec = historical_run.recorder
    assert np.array_equal(rec.countries[:, :, 2].sum(axis=1), _arrived_so_far(historical_run))


def test_each_countrys_present_changes_by_its_entries_minus_its_exits(historical_run):
    c = historical_run.recorder.countries
    entered, exited, present = c[:, :, 0], c[:, :, 1], c[:, :, 2]
    assert np.array_equal(np.diff(present, axis=0), (entered - exited)[1:])
    assert historical_run.first_recorded_day > 0 and (present[0] - entered[0] + exited[0]).sum() > 0  # warmed up


def test_a_run_that_starts_empty_holds_on_its_first_day_only_what_entered_that_day():
    overrides = {"warm_start_from": None, "end_date": "2015-06-30", "people_per_agent": 100}
    c = RouteModel(load_scenario("historical", overrides), seed=1).run().recorder.countries
    assert np.array_equal(c[0, :, 2], c[0, :, 0] - c[0, :, 1])


def test_border_crossings_are_the_countries_entries(historical_run):
    g, rec = historical_run.graph, historical_run.recorder
    column = {name: k for k, name in enumerate(BORDER_COLUMNS)}
    moved = sum(rec.borders[:, :, column[name]] for name in ("crossings", "smuggled", "crossed_alone"))
    into_hungary = moved[:, [b.index for b in g.borders if b.to_country == "HU"]].sum()
    assert into_hungary == rec.countries[:, COUNTRIES.index("HU"), 0].sum()


def test_stranded_and_smuggled_counts_match_the_statuses(historical_run):
    rec = historical_run.recorder
    assert np.array_equal(rec.countries[:, :, 3].sum(axis=1), rec.statuses[:, Status.STRANDED])


def test_victims_recorded_each_day_add_up_to_the_flags(historical_run):
    m, rec = historical_run.migrants, historical_run.recorder
    assert rec.victims[-1, 0] == m.exploited[: m.n].sum()
    identified_daily = rec.borders[:, :, BORDER_COLUMNS.index("victims_identified")].sum(axis=1)
    in_warm_up = rec.victims[0, 1] - identified_daily[0]  # identified before start_date: to date, not by day
    assert in_warm_up >= 0
    assert rec.victims[-1, 1] == m.identified[: m.n].sum() == in_warm_up + identified_daily.sum()
    assert (rec.victims[:, 1] <= rec.victims[:, 0]).all() and (np.diff(rec.victims, axis=0) >= 0).all()


def test_people_returned_on_the_day_they_land_enter_greece_before_they_leave_it():
    # every islander held after the EU-Turkey statement is returned the day it can be, landing day included
    overrides = {"start_date": "2016-03-15", "end_date": "2016-04-20", "people_per_agent": 10}
    overrides["migrants"] = {"readmission_rate_per_day": 1.0}
    model = RouteModel(load_scenario("historical", overrides), seed=1).run()
    c = model.recorder.countries
    entered, exited, present = c[:, :, 0], c[:, :, 1], c[:, :, 2]
    assert model.recorder.statuses[-1, Status.RETURNED] > 0
    assert np.array_equal(np.diff(present, axis=0), (entered - exited)[1:])


def test_people_who_leave_the_route_leave_their_country_and_every_count_of_present():
    # stranded behind the closures of March 2016, a twentieth of them give up each day
    overrides = {"start_date": "2016-03-15", "end_date": "2016-05-31", "people_per_agent": 10}
    overrides["migrants"] = {"leave_route_per_day": 0.05}
    model = RouteModel(load_scenario("historical", overrides), seed=1).run()
    rec = model.recorder
    entered, exited, present = (rec.countries[:, :, k] for k in range(3))
    left = rec.statuses[:, Status.LEFT]
    assert left[-1] > left[0] > 0 and (np.diff(left) >= 0).all()
    assert np.array_equal(np.diff(present, axis=0), (entered - exited)[1:])
    assert np.array_equal(present.sum(axis=1) + left, _arrived_so_far(model))
    assert np.array_equal(rec.statuses.sum(axis=1), _arrived_so_far(model))


def test_the_long_run_counts_add_up_with_people_leaving_the_route_and_expelled_to_turkey():
    # historical_2018's 2017: claimants waiting in Greece, people giving up, Bulgaria expelling to Turkey
    model = RouteModel(load_scenario("historical_2018", {"end_date": "2017-12-31", "people_per_agent": 100}), seed=3)
    rec = model.run().recorder
    entered, exited, present = (rec.countries[:, :, k] for k in range(3))
    arrived = np.cumsum(model.sea_agents + model.land_agents + model.evros_agents + model.air_agents[0][1])
    arrived = arrived[model.first_recorded_day :]
    assert rec.statuses[-1, Status.LEFT] > 0 and model.migrants.waiting_claimants.size > 0
    assert np.array_equal(np.diff(present, axis=0), (entered - exited)[1:])
    assert np.array_equal(present.sum(axis=1) + rec.statuses[:, Status.LEFT], arrived)
    assert np.array_equal(rec.statuses.sum(axis=1), arrived)
