"""The dashboard page: Mesa's SolaraViz around the route map, the date readout and the charts.

SolaraViz gives the sidebar (play, pause, step, reset, play interval, the model's controls) and
re-creates the model on Reset from the controls' values. Each view here is a plain function of the
model, which Mesa re-renders after every step. Mesa 3.3 and 3.5 both take ``components``,
``model_params``, ``name`` and ``play_interval``; nothing else is relied on.
"""

import itertools
import weakref
from collections import defaultdict

import solara
from mesa import Agent
from mesa.visualization import SolaraViz

from dashboard.charts import draw_charts
from dashboard.controls import model_params
from dashboard.map_view import draw_route_map, people_on_route
from dashboard.model_factory import DashboardModel
from model.events import EVENT_TYPES

TITLE = "Balkans route 2015-16"


def date_readout(model) -> str:
    return f"{model.date:%d %B %Y} (day {model.days_recorded + 1} of {len(model.recorder.dates)})"


def settings_readout(model) -> str:
    return (
        f"scenario {model.scenario_name} · seed {model.seed} · {model.params.people_per_agent} people per agent"
        f" · {people_on_route(model):,} people on the route"
    )


def what_if_readout(model) -> str:
    """The values the run uses (sliders take effect on Reset)."""
    mp, rules = model.params.migrants, model.params.missions
    closure = (
        f"route closes {model.closure_date.day} {model.closure_date:%b %Y}"
        if model.closure_date
        else "no route closure"
    )
    return (
        f"smuggler price EUR {mp.smuggler_price_eur:,.0f} · exploitation risk {mp.exploitation_risk_per_day:.3f}/day"
        f" · information lag {mp.info_lag_mean_days:.1f} days · training effect {rules.training_effect:.2f}"
        f" · mission budgets x{model.mission_budget_factor:.1f} · {closure}"
    )


def events_readout(model) -> str:
    """The scenario's last event so far and its next one, each with what its type does."""

    def describe(event) -> str:
        what = " ".join((EVENT_TYPES[event.type].__doc__ or "").split("\n\n")[0].split()).rstrip(".")
        names, kind = (event.borders, "borders") if hasattr(event, "borders") else (getattr(event, "missions", []), "")
        where = ", ".join(names) if len(names) <= 2 else f"{len(names)} {kind or 'missions'}"
        return f"{event.date:%d %b %Y} {event.type}" + (f" at {where}" if where else "") + f" ({what})"

    events = sorted(model.route_scenario.events, key=lambda e: e.date)
    past = [e for e in events if e.date < model.date]
    coming = [e for e in events if e.date >= model.date]
    parts = [f"last event: {describe(past[-1])}" if past else "no event yet"]
    parts.append(f"next: {describe(coming[0])}" if coming else "no more events")
    return " · ".join(parts)


def RouteMap(model):
    """Date readout, the controls' error if any, and the route map."""
    with solara.Column(gap="4px") as view:
        # SolaraViz names its one tab "Page 0" and gives no way to rename it; with one page there is nothing
        # to switch to, so the tab bar goes
        solara.Style(".v-tabs { display: none; }")
        solara.Text(date_readout(model), classes=["dashboard-date"], style={"font-size": "1.4em", "font-weight": 600})
        solara.Text(settings_readout(model), classes=["dashboard-settings"], style={"font-size": "0.85em"})
        solara.Text(what_if_readout(model), classes=["dashboard-what-if"], style={"font-size": "0.85em"})
        solara.Text(events_readout(model), classes=["dashboard-events"], style={"font-size": "0.85em"})
        if model.error:
            solara.Error(
                f"Controls not applied: {model.error}. Change them and press Reset.", classes=["dashboard-error"]
            )
        solara.FigureMatplotlib(draw_route_map(model), format="png")
    return view


def Charts(model):
    """Crossings, stranded, smuggling and victims, and monitoring visits, up to the current day."""
    with solara.Column(classes=["dashboard-charts"]) as view:
        solara.FigureMatplotlib(draw_charts(model), format="png")
    return view


def make_page(model: DashboardModel | None = None):
    """The dashboard element around ``model``; a fresh default model unless one is given."""
    return SolaraViz(
        model if model is not None else DashboardModel(),
        components=[(RouteMap, 0), (Charts, 0)],
        model_params=model_params(),
        name=TITLE,
        play_interval=150,
    )


@solara.component
def Page():
    """The page ``solara run app.py`` serves: each browser session (Solara kernel) builds its own model.

    A model made once when ``app.py`` is loaded would be shared by every tab: stepped in one, it would
    open stepped in the next, and it would outlive the sessions the server drops when tabs close.
    """
    model = solara.use_memo(DashboardModel, dependencies=[])
    return make_page(model)


class _AgentIdsPerModel(weakref.WeakKeyDictionary):
    """Mesa's counters of agent ids, one per model, that let a model go once nothing else holds it."""

    def __getitem__(self, model):
        try:
            return super().__getitem__(model)
        except KeyError:
            self[model] = counter = itertools.count(1)
            return counter


def let_mesa_release_models():
    """Stop Mesa 3.3 from holding every model ever built, so a closed session's models are freed.

    Mesa 3.3's ``Agent._ids`` maps each model to its counter of agent ids in a class-level dict that is
    never emptied (mesa/mesa#3179, fixed upstream by #3180): every model the server builds, one per
    session and one per Reset, stays in memory with all its agents after its session is gone. The
    same counters keyed weakly give the same ids. Nothing is changed where Mesa no longer keeps them so.
    """
    ids = vars(Agent).get("_ids")
    if isinstance(ids, defaultdict):
        weak = _AgentIdsPerModel()
        weak.update(ids)  # models alive now keep their counters
        Agent._ids = weak
