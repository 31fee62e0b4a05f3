"""The dashboard's model, views and page, built and driven without a browser.

The page is rendered with ``solara.render`` (widgets, no browser): pressing its Step button advances
the date and redraws the charts; a control changed and Reset builds the model from it; a bad value
shows the parameter models' message on the page instead of raising.
"""

import inspect
import time
from datetime import date

import numpy as np
import pytest

from dashboard.charts import crossings_by_border, draw_charts, smuggling_and_victims, stranded_by_country
from dashboard.controls import model_params
from dashboard.map_view import border_flows_today, draw_route_map, people_at_places, people_on_route
from dashboard.model_factory import CLOSURE_DATE, DEFAULTS, DashboardModel
from model.enums import Status
from model.fields import field_info
from model.params_migrants import MigrantParams
from model.params_missions import MissionRules
from model.recorder import BORDER_COLUMNS
from scenarios.loader import load_scenario, scenario_names

AUTUMN_2015 = 150  # days from 1 June 2015: the peak of the flow, everything on the map is busy


@pytest.fixture(scope="module")
def autumn_model():
    model = DashboardModel()
    for _ in range(AUTUMN_2015):
        model.step()
    return model


def test_default_dashboard_starts_on_the_first_day_and_steps_fast():
    model = DashboardModel()
    assert (model.date, model.error, model.scenario_name) == (date(2015, 6, 1), None, "historical")
    assert 200 <= model.params.people_per_agent <= 500
    started = time.perf_counter()
    for _ in range(30):
        model.step()
    assert model.date == date(2015, 7, 1)
    assert (time.perf_counter() - started) / 30 < 0.25  # a model day is milliseconds; drawing dominates


def test_controls_are_the_dashboard_model_keywords_with_its_defaults():
    params = model_params()
    keywords = inspect.signature(DashboardModel).parameters
    assert set(params) == set(keywords) == set(DEFAULTS)
    assert {name: control["value"] for name, control in params.items()} == DEFAULTS
    assert params["scenario_name"]["values"] == scenario_names()


@pytest.mark.parametrize(
    "key, model", [("smuggler_price_eur", MigrantParams), ("exploitation_risk_per_day", MigrantParams),
                   ("info_lag_mean_days", MigrantParams), ("training_effect", MissionRules)]
)  # fmt: skip
def test_slider_ranges_are_the_declared_sweep_ranges(key, model):
    slider = model_params()[key]
    assert [slider["min"], slider["max"]] == field_info(model, key)["range"]
    steps_to_default = (slider["value"] - slider["min"]) / slider["step"]
    assert steps_to_default == pytest.approx(round(steps_to_default))  # the default sits on the slider


def test_sliders_reach_the_parameters_the_run_uses():
    model = DashboardModel(
        smuggler_price_eur=900, exploitation_risk_per_day=0.03, info_lag_mean_days=7, training_effect=0.4, seed="7"
    )
    mp = model.params.migrants
    assert (mp.smuggler_price_eur, mp.exploitation_risk_per_day, mp.info_lag_mean_days) == (900, 0.03, 7)
    assert (model.params.missions.training_effect, model.seed) == (0.4, 7)


def test_mission_budget_factor_scales_every_missions_budget():
    planned = {m.mission_id: m.budget for m in DashboardModel().missions}
    doubled = {m.mission_id: m.budget for m in DashboardModel(mission_budget_factor=2.0).missions}
    assert doubled == {mid: 2 * budget for mid, budget in planned.items()}
    assert sum(planned.values()) > 0


def _policies(model, borders):
    return [(e.date, e.policy) for e in model.route_scenario.events if e.type == "border_policy" and
            set(e.borders) & borders and e.date.year == 2016]  # fmt: skip


def test_an_earlier_closure_replaces_the_february_measures_on_its_borders():
    historical = load_scenario("historical")
    closure = next(e for e in historical.events if e.date == CLOSURE_DATE and e.type == "border_policy")
    earlier = DashboardModel(closure_shift_days=-30)
    assert earlier.closure_date == date(2016, 2, 8)
    assert _policies(earlier, set(closure.borders)) == [(date(2016, 2, 8), "closed")]
    later = DashboardModel(closure_shift_days=30)
    assert [p for _, p in _policies(later, set(closure.borders))] == ["filter", "closed"]
    assert later.closure_date == date(2016, 4, 8)


def test_a_scenario_without_the_closure_ignores_the_closure_slider():
    model = DashboardModel(scenario_name="no_closure", closure_shift_days=20)
    assert model.error is None and model.closure_date is None
    assert model.route_scenario.events == load_scenario("no_closure").events


@pytest.mark.parametrize(
    "controls, named",
    [
        ({"people_per_agent": "abc"}, "people_per_agent"),
        ({"people_per_agent": "0"}, "people_per_agent"),
        ({"seed": "x1"}, "seed"),
        ({"seed": "-1"}, "seed"),
        ({"smuggler_price_eur": -5.0}, "smuggler_price_eur"),
        ({"closure_shift_days": 400}, "outside the simulated days"),
        ({"scenario_name": "atlantis"}, "unknown scenario"),
    ],
)
def test_bad_controls_are_reported_and_the_model_stands_still(controls, named):
    model = DashboardModel(**controls)
    assert named in model.error
    assert model.running is False
    model.step()
    assert model.days_recorded == 0


def test_the_events_readout_names_the_last_and_next_event_with_what_its_type_does(autumn_model):
    from dashboard.page import events_readout

    text = events_readout(autumn_model)  # 29 October 2015: after Hungary's fences, before the November filter
    assert "last event: 17 Oct 2015 border_policy at Harmica-Dobova" in text  # Slovenia opens
    assert "next: 16 Nov 2015 mission_exchange at serbia, skopje" in text  # the missions' joint visit
    assert "border_policy" in text and "A border point's policy changes" in text
    assert events_readout(DashboardModel()).startswith("no event yet")


def test_the_map_accounts_for_everyone_still_on_the_route(autumn_model):
    m, ppa = autumn_model.migrants, autumn_model.params.people_per_agent
    travelling = int((m.edge[m.active] >= 0).sum()) * ppa
    on_route = autumn_model.recorder.statuses[autumn_model.days_recorded - 1, : Status.ARRIVED].sum() * ppa
    assert people_at_places(autumn_model).sum() + travelling == on_route == people_on_route(autumn_model) > 0


def test_the_map_draws_todays_border_flows(autumn_model):
    day = autumn_model.recorder.borders[autumn_model.days_recorded - 1]
    flows = border_flows_today(autumn_model)
    regular = day[:, BORDER_COLUMNS.index("crossings")] * autumn_model.params.people_per_agent
    assert (flows >= regular).all() and flows.sum() > 0
    fig = draw_route_map(autumn_model)
    assert autumn_model.date.strftime("%d %B %Y") in fig.axes[0].get_title(loc="left")


def test_charts_grow_with_the_days_simulated(autumn_model):
    assert all(len(s) == AUTUMN_2015 for s in crossings_by_border(autumn_model).values())
    assert "Idomeni-Gevgelija" in crossings_by_border(autumn_model)
    assert stranded_by_country(autumn_model)
    totals = smuggling_and_victims(autumn_model)
    assert all(np.all(np.diff(series) >= 0) for series in totals.values())  # running totals never fall
    assert len(draw_charts(autumn_model).axes) >= 4


def _render_page(model):
    solara = pytest.importorskip("solara")
    from dashboard.page import make_page

    _, rc = solara.render(solara.AppLayout(children=[make_page(model)]), handle_error=False)
    return rc


def _text(rc, css_class):
    import ipyvuetify as v

    return rc.find(v.Html, class_=css_class).widget.children[0]


def _charts_image(rc):
    import ipywidgets as w

    return bytes(rc.find(w.Image).widgets[-1].value)


MESA_HOOK_WARNING = "ignore:.*found despite early return:UserWarning"  # Mesa's own ComponentsView, not ours


@pytest.mark.filterwarnings(MESA_HOOK_WARNING)
def test_page_step_advances_the_date_and_redraws_the_charts():
    rc = _render_page(DashboardModel())
    import ipyvuetify as v

    assert _text(rc, "dashboard-date").startswith("01 June 2015")
    before = _charts_image(rc)
    step = rc.find(v.Btn, children=["Step"]).widget
    for _ in range(3):
        step.click()
    assert _text(rc, "dashboard-date").startswith("04 June 2015")
    assert _charts_image(rc) != before


@pytest.mark.filterwarnings(MESA_HOOK_WARNING)
def test_page_reset_applies_the_controls_and_shows_bad_values():
    rc = _render_page(DashboardModel())
    import ipyvuetify as v

    rc.find(v.Slider, label="smuggler price (EUR)").widget.v_model = 900.0
    rc.find(v.Btn, children=["Reset"]).widget.click()
    assert "smuggler price EUR 900" in _text(rc, "dashboard-what-if")
    assert not rc.find(v.Alert, class_="dashboard-error").widgets

    people = rc.find(v.TextField, label="people per agent").widget
    people.v_model = "many"
    people.fire_event("keyup.enter", None)  # the field applies its text on Enter or leaving it
    rc.find(v.Btn, children=["Reset"]).widget.click()
    assert "people_per_agent" in rc.find(v.Alert, class_="dashboard-error").widget.children[0]
    assert _text(rc, "dashboard-date").startswith("01 June 2015")
