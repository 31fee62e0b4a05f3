"""Route maps on the real coordinates of the route graph, as small multiples: scenarios x periods.

Border edges are drawn with a width that grows with the people who crossed them in the period
(regular crossings plus smuggled, the median over a scenario's replicates, per day); domestic edges
are not recorded by the model (it counts people at border points and countries, not on roads), so
they are drawn thin and grey as the network people could use. Each border point sits at the middle
of its edge, coloured and shaped by the policy it applied on most days of the period (replayed from
the run's ``scenario.json``, see :mod:`analysis.policy_timeline`).
"""

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from analysis.policy_timeline import POLICIES, prevailing_policy  # noqa: E402
from model.basemap import draw_basemap  # noqa: E402
from model.graph import RouteGraph  # noqa: E402


@dataclass(frozen=True)
class Period:
    label: str
    start: str
    end: str
    own_scale: bool = False  # flows a hundred times smaller than 2015's are drawn on the panel's own scale


# The three phases of the route the seed study describes (policy_timeline.csv).
PERIODS = (
    Period("Before the Hungarian fence", "2015-06-01", "2015-09-14"),
    Period("Autumn 2015: the Croatian corridor", "2015-09-15", "2015-11-30"),
    Period("After the closure", "2016-03-09", "2016-06-30"),
)
# Added to the maps of runs that reach it (historical_2018): the year whose shift is predicted.
PERIOD_2018 = Period("2018 (predicted, not fitted)", "2018-01-01", "2018-12-31", own_scale=True)
# Okabe-Ito, with a marker per policy so the map reads in greyscale too.
POLICY_STYLE = {
    "open": ("#009E73", "o"),
    "cap": ("#56B4E9", "s"),
    "filter": ("#E69F00", "D"),
    "closed": ("#D55E00", "X"),
}
COUNTRY_NAMES = {
    "GR": "Greece",
    "MK": "N. Macedonia",
    "RS": "Serbia",
    "HU": "Hungary",
    "HR": "Croatia",
    "SI": "Slovenia",
    "AT": "Austria",
    "DE": "Germany",
    "AL": "Albania",
    "ME": "Montenegro",
    "BA": "BiH",
    "XK": "Kosovo",
    "BG": "Bulgaria",
    "TR": "Turkey",
}
MAX_WIDTH = 9.0
MAX_BUBBLE = 700.0  # points^2: border edges are short on a map, so the flow also gets a circle


def parse_periods(text: str) -> tuple[Period, ...]:
    """``"2015-06-01:2015-09-14,2016-03-09:2016-06-30"`` -> periods labelled by their dates."""
    periods = []
    for item in text.split(","):
        start, sep, end = item.strip().partition(":")
        if not sep or pd.Timestamp(end) < pd.Timestamp(start):
            raise ValueError(f"--periods {item!r}: expected START:END with START <= END (YYYY-MM-DD)")
        periods.append(Period(f"{start} to {end}", start, end))
    return tuple(periods)


def border_flow_per_day(borders: pd.DataFrame, period: Period) -> pd.Series:
    """People crossing each border point per day in ``period`` (regular plus smuggled): per run the
    period's mean, then the median over runs. Empty if no run covers the period."""
    window = borders[(borders.date >= pd.Timestamp(period.start)) & (borders.date <= pd.Timestamp(period.end))]
    if window.empty:
        return pd.Series(dtype=float)
    moved = window.assign(moved=window.crossings + window.smuggled)
    per_run = moved.groupby(["run_id", "border"], observed=True).moved.mean()
    return per_run.groupby(level="border").median()


def _width(flow: float, scale: float) -> float:
    return 0.4 + (MAX_WIDTH - 0.4) * np.sqrt(max(flow, 0.0) / scale) if scale > 0 else 0.4


def _bubble(flow: float, scale: float) -> float:
    """Circle area (points^2) proportional to the flow."""
    return MAX_BUBBLE * max(flow, 0.0) / scale if scale > 0 else 0.0


def _draw_panel(ax, graph: RouteGraph, flow: pd.Series, policy: pd.Series, scale: float):
    draw_basemap(ax)
    for a, b, _, _ in graph.edges:
        if graph.country[a] == graph.country[b]:
            ax.plot(graph.lon[[a, b]], graph.lat[[a, b]], color="#BBBBBB", lw=0.6, zorder=1)
    for border in graph.borders:
        a, b = border.from_node, border.to_node
        people = float(flow.get(border.name, 0.0))
        if people > 0:
            ax.plot(graph.lon[[a, b]], graph.lat[[a, b]], color="#0072B2", lw=_width(people, scale), zorder=2,
                    solid_capstyle="round", alpha=0.85)  # fmt: skip
        else:
            ax.plot(graph.lon[[a, b]], graph.lat[[a, b]], color="#999999", lw=0.6, ls=":", zorder=2)
        mid_lon, mid_lat = graph.lon[[a, b]].mean(), graph.lat[[a, b]].mean()
        if people > 0:
            ax.scatter(mid_lon, mid_lat, s=_bubble(people, scale), color="#0072B2", alpha=0.3, lw=0, zorder=2)
        colour, marker = POLICY_STYLE[policy.get(border.name, "open")]
        ax.scatter(mid_lon, mid_lat, s=30, color=colour, marker=marker,
                   edgecolor="black", linewidth=0.5, zorder=3)  # fmt: skip
    for code, name in COUNTRY_NAMES.items():
        on = np.array([c == code for c in graph.country])
        if on.any():
            ax.text(graph.lon[on].mean(), graph.lat[on].mean() + 0.35, name, fontsize=6.5, color="#555555",
                    ha="center", zorder=4)  # fmt: skip
    ax.set_aspect(1 / np.cos(np.radians(graph.lat.mean())))
    ax.tick_params(labelsize=7)
    ax.grid(alpha=0.2)


def plot_route_maps(groups: dict, periods=PERIODS) -> plt.Figure:
    """Small multiples: a row per scenario, a column per period.

    ``groups`` maps a scenario label to the borders table of its runs (flows and recorded policies)."""
    graph = RouteGraph()
    flows = {(g, p): border_flow_per_day(b, p) for g, b in groups.items() for p in periods}
    scale = max((f.max() for (_, p), f in flows.items() if len(f) and not p.own_scale), default=0.0)
    own = {p: max((f.max() for (_, q), f in flows.items() if q == p and len(f)), default=0.0) for p in periods}
    n_rows, n_cols = len(groups), len(periods)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(3.6 * n_cols, 3.9 * n_rows + 1.2), squeeze=False,
                             sharex=True, sharey=True)  # fmt: skip
    for i, (group, borders) in enumerate(groups.items()):
        for j, period in enumerate(periods):
            ax = axes[i, j]
            flow = flows[(group, period)]
            policy = prevailing_policy(borders, period.start, period.end)
            if flow.empty or policy.empty:
                draw_basemap(ax)
                ax.text(0.5, 0.5, "the runs do not cover\nthis period", transform=ax.transAxes, ha="center",
                        va="center", fontsize=9, color="#555555")  # fmt: skip
                ax.set_aspect(1 / np.cos(np.radians(graph.lat.mean())))
            else:
                _draw_panel(ax, graph, flow, policy, own[period] if period.own_scale else scale)
            note = f"; own scale, widest {own[period]:,.0f}/day" if period.own_scale else ""
            ax.set_title(f"{group}\n{period.label}\n({period.start} to {period.end}{note})", fontsize=8.5, loc="left")
            if j == 0:
                ax.set_ylabel("latitude (°N)", fontsize=8)
            if i == n_rows - 1:
                ax.set_xlabel("longitude (°E)", fontsize=8)
    handles = [
        Line2D([], [], ls="", marker=m, color=c, markeredgecolor="black", markersize=7, label=f"border {p}")
        for p, (c, m) in ((p, POLICY_STYLE[p]) for p in POLICIES)
    ]
    for people in _reference_flows(scale):
        handles.append(
            Line2D([], [], color="#0072B2", lw=_width(people, scale), marker="o", alpha=0.6, markeredgewidth=0,
                   markersize=np.sqrt(_bubble(people, scale)), label=f"{people:,.0f} people/day")
        )  # fmt: skip
    handles.append(Line2D([], [], color="#BBBBBB", lw=0.6, label="domestic road/rail (flow not recorded)"))
    handles.append(Line2D([], [], color="#999999", lw=0.8, ls=":", label="border edge, no one crossed"))
    fig.legend(handles=handles, loc="lower center", ncol=5, frameon=False, fontsize=8, borderaxespad=0.3,
               handleheight=2.2, labelspacing=1.1)  # fmt: skip
    fig.tight_layout(rect=(0, 1.0 / (3.9 * n_rows + 1.2), 1, 1))
    return fig


def _reference_flows(scale: float) -> list[float]:
    """Three round flows spanning the drawn range, for the width legend."""
    if scale <= 0:
        return []
    top = 10 ** np.floor(np.log10(scale))
    top = max(v * top for v in (1, 2, 5) if v * top <= scale)
    return sorted({float(top), float(top / 10), float(top / 100)} - {0.0})
