"""Charts beside the map, drawn from the model's recorder up to the current day.

Four panels on a fixed time axis (the scenario's whole period), so a run fills them from the left as
it steps: crossings at the busiest border points, people stranded in each country, smuggling and
trafficking victims, and the missions' monitoring visits. All counts are people.
"""

import matplotlib.dates as mdates
import numpy as np
from matplotlib.figure import Figure

from model.graph import COUNTRIES
from model.recorder import BORDER_COLUMNS, COUNTRY_COLUMNS, MISSION_COLUMNS

# Okabe-Ito, as in analysis.run_plots.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000"]
TOP = 5  # border points and countries shown: the five with the most so far
WEEK = 7


def _so_far(model, table: np.ndarray) -> np.ndarray:
    return table[: model.days_recorded]


def rolling_week(daily: np.ndarray) -> np.ndarray:
    """Mean over the last seven days (fewer at the start), along the first axis."""
    cumulative = np.cumsum(np.concatenate([np.zeros((1, *daily.shape[1:])), daily]), axis=0)
    n = np.arange(1, len(daily) + 1)
    width = np.minimum(n, WEEK).reshape(-1, *([1] * (daily.ndim - 1)))
    return (cumulative[n] - cumulative[n - width.ravel()]) / width


def crossings_by_border(model) -> dict[str, np.ndarray]:
    """Daily people crossing (7-day mean) at the border points with the most crossings so far."""
    daily = (
        _so_far(model, model.recorder.borders)[:, :, BORDER_COLUMNS.index("crossings")] * model.params.people_per_agent
    )
    busiest = np.argsort(-daily.sum(axis=0))[:TOP]
    smooth = rolling_week(daily)
    return {model.recorder.border_names[i]: smooth[:, i] for i in busiest if daily[:, i].sum() > 0}


def stranded_by_country(model) -> dict[str, np.ndarray]:
    """People stranded in each of the countries with the most stranded today."""
    stranded = _so_far(model, model.recorder.countries)[:, :, COUNTRY_COLUMNS.index("stranded")]
    stranded = stranded * model.params.people_per_agent
    if len(stranded) == 0:
        return {}
    worst = np.argsort(-stranded.max(axis=0))[:TOP]
    return {COUNTRIES[i]: stranded[:, i] for i in worst if stranded[:, i].max() > 0}


def smuggling_and_victims(model) -> dict[str, np.ndarray]:
    """Running totals: smuggled crossings, trafficking victims exploited and victims identified."""
    borders = _so_far(model, model.recorder.borders) * model.params.people_per_agent
    return {
        "smuggled crossings": np.cumsum(borders[:, :, BORDER_COLUMNS.index("smuggled")].sum(axis=1)),
        "victims exploited": _so_far(model, model.recorder.victims)[:, 0] * model.params.people_per_agent,
        "victims identified": np.cumsum(borders[:, :, BORDER_COLUMNS.index("victims_identified")].sum(axis=1)),
    }


def weekly_visits(model) -> dict[str, np.ndarray]:
    """Monitoring visits each mission made in the last seven days, day by day."""
    visits = _so_far(model, model.recorder.missions)[:, :, MISSION_COLUMNS.index("monitoring_visits")]
    weekly = rolling_week(visits) * np.minimum(np.arange(1, len(visits) + 1), WEEK)[:, None]
    return {mid: weekly[:, i] for i, mid in enumerate(model.recorder.mission_ids) if visits[:, i].sum() > 0}


def _panel(ax, dates, series: dict, title: str, ylabel: str, model, log=False):
    for colour, (name, values) in zip(PALETTE, series.items(), strict=False):
        ax.plot(dates, values, color=colour, lw=1.5, label=name)
    ax.set_title(title, loc="left", fontsize=9)
    ax.set_ylabel(ylabel, fontsize=8)
    ax.set_xlim(model.start, model.end)
    ax.axvline(model.date, color="#999999", lw=0.8, ls=":")  # today
    if log:
        ax.set_yscale("symlog", linthresh=10)
    ax.set_ylim(bottom=0, top=max(10 if log else 1, ax.get_ylim()[1]))
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %y"))
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if series:
        ax.legend(fontsize=6.5, frameon=False, loc="upper left")


def draw_charts(model, fig: Figure | None = None) -> Figure:
    """The four panels for the days simulated so far."""
    fig = fig or Figure(figsize=(5.8, 5.8), dpi=90)
    axes = fig.subplots(2, 2)
    dates = model.recorder.dates.dt.date.to_numpy()[: model.days_recorded]
    _panel(axes[0, 0], dates, crossings_by_border(model), "Crossings by border (7-day mean)", "people/day", model)
    _panel(axes[0, 1], dates, stranded_by_country(model), "Stranded by country", "people", model)
    _panel(axes[1, 0], dates, smuggling_and_victims(model), "Smuggling and victims (running total)", "people",
           model, log=True)  # fmt: skip
    _panel(axes[1, 1], dates, weekly_visits(model), "Missions' monitoring visits", "visits in 7 days", model)
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.06, top=0.95, wspace=0.35, hspace=0.3)  # tight_layout: 3x slower
    return fig
