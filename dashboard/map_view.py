"""The route map: places on their real coordinates, sized by the people there today.

Border crossings are drawn in their policy's colour and as wide as today's flow across them; domestic
roads, whose flows the model does not record, are thin grey lines. OSCE mission offices are squares
in their mission's posture colour. Everything is read from the model's arrays as they stand.
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from model.basemap import draw_basemap
from model.enums import Policy, Posture, Status
from model.graph import COUNTRIES
from model.recorder import BORDER_COLUMNS

# Okabe-Ito colours (as in analysis.run_plots), chosen so the stricter policy reads as the warmer colour.
POLICY_COLOURS = {Policy.OPEN: "#009E73", Policy.FILTER: "#E69F00", Policy.CAP: "#56B4E9", Policy.CLOSED: "#D55E00"}
POSTURE_COLOURS = {Posture.BUSINESS_AS_USUAL: "#999999", Posture.PROACTIVE: "#CC79A7"}
NODE_COLOUR = "#0072B2"
SIZE_KEY_PEOPLE = (1_000, 10_000, 50_000)
MOVED = [BORDER_COLUMNS.index(name) for name in ("crossings", "smuggled", "crossed_alone")]


def people_at_places(model) -> np.ndarray:
    """People at each place now (not travelling an edge, journey not over), one count per node."""
    m = model.migrants
    active = m.active
    here = active[(m.edge[active] < 0) & (m.status[active] < Status.ARRIVED)]
    return np.bincount(m.node[here], minlength=model.graph.n_nodes) * model.params.people_per_agent


def people_on_route(model) -> int:
    """People whose journey is not over: at places, queuing, stranded, with smugglers or travelling."""
    m = model.migrants
    return int((m.status[m.active] < Status.ARRIVED).sum()) * model.params.people_per_agent


def border_flows_today(model) -> np.ndarray:
    """People who crossed each border point on the last simulated day: regularly, with a smuggler or alone."""
    if model.days_recorded == 0:
        return np.zeros(len(model.border_points), np.int64)
    day = model.recorder.borders[model.days_recorded - 1]
    return day[:, MOVED].sum(axis=1) * model.params.people_per_agent


def node_size(people) -> np.ndarray:
    """Marker area (points^2) growing with the square root of the people, so crowds stay on the map."""
    return 4 + 2.0 * np.sqrt(np.asarray(people, float))


def flow_width(people) -> np.ndarray:
    return 0.8 + 0.9 * np.sqrt(np.asarray(people, float) / 100)


def crossing_size(people) -> np.ndarray:
    """Marker area of a border point: a small diamond when no one crosses, growing with the flow."""
    return 18 + 2.5 * np.sqrt(np.asarray(people, float))


def draw_route_map(model, fig: Figure | None = None) -> Figure:
    """The route graph as the model stands: places, border policies and flows, mission offices."""
    g = model.graph
    fig = fig or Figure(figsize=(5.8, 5.8), dpi=90)
    ax = fig.add_subplot()
    draw_basemap(ax)
    xy = np.column_stack([g.lon, g.lat])

    domestic = [(xy[a], xy[b]) for a, b, _, _ in g.edges if g.country[a] == g.country[b]]
    ax.add_collection(LineCollection(domestic, colors="#BBBBBB", linewidths=0.8, zorder=1))
    flows = border_flows_today(model)
    ends = [(xy[b.from_node], xy[b.to_node]) for b in g.borders]
    policy_colour = [POLICY_COLOURS[bp.policy] for bp in model.border_points]
    ax.add_collection(LineCollection(ends, colors=policy_colour, linewidths=flow_width(flows), zorder=2))
    mid = np.array([(p + q) / 2 for p, q in ends])  # most crossings join two places a few km apart: mark them
    ax.scatter(mid[:, 0], mid[:, 1], s=crossing_size(flows), marker="D", c=policy_colour, edgecolors="white",
               linewidths=0.5, zorder=4)  # fmt: skip

    people = people_at_places(model)
    ax.scatter(xy[:, 0], xy[:, 1], s=node_size(people), c=NODE_COLOUR, alpha=0.55, linewidths=0, zorder=3)
    for mission in model.missions:
        colour = POSTURE_COLOURS[mission.posture]
        for k, office in enumerate(mission.offices):
            ax.scatter(*xy[office], s=60, marker="s", facecolors="none", edgecolors=colour, linewidths=2, zorder=5)
            if k == 0:
                ax.annotate(mission.mission_id, xy[office], xytext=(5, -9), textcoords="offset points",
                            fontsize=7, color=colour, zorder=6)  # fmt: skip
    _label_countries(ax, g)
    _legend(ax)
    ax.set_aspect(1 / np.cos(np.radians(g.lat.mean())))
    ax.set_xlim(g.lon.min() - 0.6, g.lon.max() + 0.6)
    ax.set_ylim(g.lat.min() - 0.4, g.lat.max() + 0.4)
    ax.set_xticks([]), ax.set_yticks([])
    ax.set_title(f"{model.date:%d %B %Y}: {people_on_route(model):,} people on the route", loc="left", fontsize=10)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.95)
    return fig


def _label_countries(ax, g):
    for i, code in enumerate(COUNTRIES):
        at = g.country_idx == i
        if at.any():
            ax.text(g.lon[at].mean(), g.lat[at].mean() + 0.25, code, fontsize=11, color="#777777",
                    ha="center", alpha=0.6, zorder=0)  # fmt: skip


def _legend(ax):
    handles = [Line2D([], [], color=c, lw=2, marker="D", ms=5, label=f"border {p.name.lower()}")
               for p, c in POLICY_COLOURS.items()]  # fmt: skip
    handles.append(Line2D([], [], ls="", marker="D", color="#777777", ms=float(np.sqrt(crossing_size(5000))),
                          label="5,000 crossing today"))  # fmt: skip
    handles += [
        Line2D(
            [], [], ls="", marker="s", mfc="none", mec=c, mew=2, label=f"mission: {p.name.lower().replace('_', ' ')}"
        )
        for p, c in POSTURE_COLOURS.items()
    ]
    handles += [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            color=NODE_COLOUR,
            alpha=0.55,
            ms=float(np.sqrt(node_size(n))),
            label=f"{n:,} people",
        )  # fmt: skip
        for n in SIZE_KEY_PEOPLE
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False, labelspacing=0.9)
