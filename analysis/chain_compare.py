"""The comparison's chain figure per mission, ``chain_<mission>.png`` (and SVG): for each scenario,
the flow into the mission's host countries, its visits, posture, perceived risk, courses, and
detection and identification at its border points, on one time axis. A line is the mean over the
scenario's replicates, the band their 10-90 % range week by week (where there are several).

Lines that would lie on one another (a scenario at zero throughout, or the same as another) are
named beside the panel, so a hidden line is never mistaken for a missing one.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator, StrMethodFormatter  # noqa: E402

from analysis.bands import quantile_band  # noqa: E402
from analysis.chain_plots import AUDIENCE, MID_WEEK, PANEL_TITLES, note, side_legend, style_dates  # noqa: E402
from analysis.compare import Comparison  # noqa: E402
from analysis.compare_figures import Figure, _look  # noqa: E402
from analysis.mission_chain import (  # noqa: E402
    courses,
    flow_into,
    mission_scopes,
    mission_weekly,
    threshold_by_day,
    weeks_of,
    weighted_chance,
)

BAND = (0.10, 0.5, 0.90)
COUNTS = ("entered", "irregular", "stranded", "visits", "price")
# panel -> (title, y label); the flow is split in three panels here, as each scenario is one line
PANELS = {
    "entered": ("People entering {where} per week", "people/week"),
    "irregular": ("Of whom smuggled or crossing a closed border alone", "people/week"),
    "stranded": ("People stranded in {where} (weekly mean)", "people"),
    "visits": ("Monitoring visits per week", "visits/week"),
    "proactive": ("Posture: share of replicates proactive", "share of runs"),
    "risk": ("Perceived risk (weekly mean)", "risk (1 = reference)"),
    "courses": (PANEL_TITLES["courses"] + "; marker size: courses per run that week", ""),
    "p_detect": (PANEL_TITLES["p_detect"] + " (weighted by people crossing)", "chance"),
    "p_identify": (PANEL_TITLES["p_identify"] + " (weighted by people crossing)", "chance"),
    "price": (PANEL_TITLES["smuggling_price_eur"] + " (weighted by people smuggled)", "EUR a person"),
}
HEIGHT = {"entered": 1.6, "irregular": 1.3, "stranded": 1.3, "visits": 1.3, "proactive": 1.0, "risk": 1.3,
          "p_detect": 1.3, "p_identify": 1.3, "price": 1.2}  # fmt: skip


def _subset(tables: dict, runs: list[str]) -> dict:
    return {name: t[t.run_id.isin(runs)] if "run_id" in t else t for name, t in tables.items()}


def group_series(cmp: Comparison, mission: str, weeks) -> dict[str, dict]:
    """Per group that has the mission: its wide weekly series (weeks x runs) per panel, its courses
    and its runs; groups whose scenario lacks the mission are left out."""
    out = {}
    for g in cmp.groups:
        runs = cmp.runs_of[g]
        tables = _subset(cmp.tables, runs)
        if not (tables["missions"].mission == mission).any():
            continue
        scope = mission_scopes(cmp.scenario_json(g), [mission])[mission]
        flow = flow_into(tables, scope, runs, weeks)
        series = {
            "entered": flow["entered"],
            "irregular": flow["smuggled"] + flow["alone"],
            "stranded": flow["stranded"],
            "visits": mission_weekly(tables, mission, "monitoring_visits", runs, weeks),
            "proactive": mission_weekly(tables, mission, "proactive", runs, weeks),
            "risk": mission_weekly(tables, mission, "perceived_risk", runs, weeks),
            "p_detect": weighted_chance(tables, scope, "p_detect", runs, weeks),
            "p_identify": weighted_chance(tables, scope, "p_identify", runs, weeks),
            "price": weighted_chance(tables, scope, "smuggling_price_eur", runs, weeks, weight="smuggled"),
        }
        out[g] = {"scope": scope, "runs": runs, "series": series, "courses": courses(tables, mission)}
    return out


def _mean_band(ax, wide: pd.DataFrame, look: dict, band: bool = True):
    x = wide.index - MID_WEEK
    if band and wide.shape[1] > 1:
        q = quantile_band(wide, BAND)
        ax.fill_between(x, q.low, q.high, color=look["color"], alpha=0.18, lw=0)
    ax.plot(x, wide.mean(axis=1), lw=1.6, **look)


def _any(per_group: dict, key: str) -> bool:
    series = [d["series"][key] for d in per_group.values() if d["series"][key] is not None]
    return any(np.nan_to_num(w.to_numpy()).any() for w in series)


def _overlaps(means: dict[str, pd.Series]) -> list[str]:
    """Which scenarios' lines lie under others: zero throughout, or the same as an earlier one."""
    lines, zero, seen = [], [], {}
    for g, mean in means.items():
        if not np.nan_to_num(mean.to_numpy()).any():
            zero.append(g)
            continue
        twin = next((h for h, m in seen.items() if np.allclose(m, mean, equal_nan=True)), None)
        if twin is not None:
            lines.append(f"{g}: same as {twin}")
        seen[g] = mean
    if zero and len(zero) < len(means):
        lines.insert(0, f"zero throughout: {', '.join(zero)}")
    return lines


def _series_panel(ax, key: str, per_group: dict, looks: dict, where: str):
    title, ylabel = PANELS[key]
    ax.set_title(title.format(where=where), loc="left", fontsize=10)
    ax.set_ylabel(ylabel, fontsize=8.5)
    means = {g: d["series"][key].mean(axis=1) for g, d in per_group.items() if d["series"][key] is not None}
    if not means:
        note(ax, "not recorded in these runs")
        return
    if not any(np.nan_to_num(m.to_numpy()).any() for m in means.values()):
        barred = key == "visits" and not any(d["scope"].can_monitor for d in per_group.values())
        words = {
            "proactive": "business as usual throughout, in every scenario",
            "risk": "no risk perceived, in any scenario",
        }
        note(ax, words.get(key, "none in any scenario") + ": its mandate allows none" * barred)
        ax.set_yticks([0])
        ax.set_ylabel("")  # the panel is too low for it, and there is nothing to measure
        return
    for g, d in per_group.items():
        if d["series"][key] is not None:
            _mean_band(ax, d["series"][key], looks[g], band=key != "proactive")
    handles = _thresholds(ax, per_group, looks) if key == "risk" else []
    overlaps = _overlaps(means)
    if overlaps:
        handles.append(Line2D([], [], ls="", label="lines hidden under others:"))
        handles += [Line2D([], [], ls="", label=f"  {line}") for line in overlaps]
    side_legend(ax, handles, handlelength=1.8 if key == "risk" else 0, alignment="left")
    ax.set_ylim(*((-0.05, 1.05) if key == "proactive" else (0, None)))
    if key in COUNTS:  # people and visits are whole numbers, in thousands with a separator
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=key in COUNTS))


def _thresholds(ax, per_group: dict, looks: dict) -> list:
    """The risk at which the mission turns proactive, one line if every scenario has the same."""
    lines = {}
    for g, d in per_group.items():
        weeks = d["series"]["risk"].index
        days = pd.date_range(weeks.min() - pd.Timedelta(days=6), weeks.max())
        line = threshold_by_day(d["scope"], days)
        if line is not None:
            lines[g] = line
    if not lines:
        return []
    first = next(iter(lines.values()))
    if all(line.equals(first) for line in lines.values()):
        ax.plot(first.index, first, color="#555555", ls="--", lw=1.0, ds="steps-post")
        return [Line2D([], [], color="#555555", ls="--", lw=1.0, label="turns proactive above")]
    for g, line in lines.items():
        ax.plot(line.index, line, color=looks[g]["color"], ls=(0, (2, 2)), lw=0.9, ds="steps-post")
    return [Line2D([], [], color="#555555", ls=(0, (2, 2)), lw=0.9, label="turns proactive above (its colour)")]


def _courses_panel(ax, per_group: dict, looks: dict):
    """A lane per scenario and audience: a filled marker in a week courses were given, a hollow one in
    the week they took effect; its size is the mean number per run that week."""
    groups, lanes = list(per_group), list(AUDIENCE)
    step = 1.0 / (len(lanes) + 1)
    for i, g in enumerate(groups):
        rows, n = per_group[g]["courses"], len(per_group[g]["runs"])
        for j, audience in enumerate(lanes):
            y = i + (j - (len(lanes) - 1) / 2) * step
            mine = rows[rows.audience == audience]
            _, marker, _ = AUDIENCE[audience]
            for column, filled in (("date", True), ("effective_from", False)):
                days = pd.to_datetime(mine[column]).dropna()
                if days.empty:
                    continue
                per_week = days.dt.to_period("W").value_counts() / n
                x = per_week.index.to_timestamp(how="end").normalize() - MID_WEEK
                sizes = 14 + 22 * np.minimum(per_week.to_numpy(), 4)
                face = looks[g]["color"] if filled else "white"
                ax.scatter(x, [y] * len(x), s=sizes, marker=marker, facecolors=face, edgecolors=looks[g]["color"],
                           lw=1.0, zorder=3 + filled)  # fmt: skip
    ax.set_yticks(range(len(groups)), groups, fontsize=8)
    ax.set_ylim(len(groups) - 0.5, -0.5)
    ax.grid(axis="y", alpha=0)
    ax.set_title(PANELS["courses"][0], loc="left", fontsize=10)
    if all(per_group[g]["courses"].empty for g in groups):
        barred = not any(d["scope"].can_train for d in per_group.values())
        note(ax, "no courses in any scenario" + ": its mandate allows none" * barred)
        ax.set_yticks([])  # a lane per scenario would not fit the low panel, and holds nothing
        return
    handles = [Line2D([], [], ls="", marker=m, color="#555555", label=label) for label, m, _ in AUDIENCE.values()]
    handles.append(Line2D([], [], ls="", marker="o", mfc="white", color="#555555", label="in effect from"))
    side_legend(ax, handles)


def _label(g: str, d: dict) -> str:
    s, n = d["series"], len(d["runs"])
    entered = s["entered"].sum().mean()
    proactive = int((s["proactive"].sum() > 0).sum())
    per_run = len(d["courses"]) / n
    flow = f"{entered:,.0f} entered" if entered else "no flow"
    posture = f"proactive in {proactive} of {n}" if proactive else "business as usual throughout"
    given = f"{per_run:.1f} courses/run" if per_run else "no courses"
    return f"{g} ({n} run{'s' if n != 1 else ''}): {flow}, {posture}, {given}"


def _title(scope, per_group: dict) -> str:
    """The title, saying so when no scenario brought the mission any flow or turned it proactive."""
    title = f"{scope.name} ({scope.label}): how it met the flow, by scenario"
    if not _any(per_group, "entered"):
        title += f"\nno flow reached {scope.label} in any scenario"
        if not _any(per_group, "proactive"):
            title += "; business as usual throughout"
    return title


def chain_figure(cmp: Comparison, mission: str, out: Path, weeks) -> Figure:
    per_group = group_series(cmp, mission, weeks)
    looks = _look(cmp.groups)
    scope = next(iter(per_group.values()))["scope"]
    where = scope.label
    # the price of a leg that never moved tells nothing of the chain
    price_moves = any(
        d["series"]["price"] is not None and np.ptp(np.nan_to_num(d["series"]["price"].mean(axis=1))) > 1.0
        for d in per_group.values()
    )
    keys = [k for k in PANELS if k != "price" or price_moves]
    handles = [Line2D([], [], lw=1.8, **looks[g], label=_label(g, d)) for g, d in per_group.items()]
    handles.append(Patch(color="#888888", alpha=0.3, label="10-90 % of replicates; line: their mean"))
    missing = [g for g in cmp.groups if g not in per_group]
    if missing:
        handles.append(Line2D([], [], ls="", label=f"not in {', '.join(missing)}"))
    # the legend has a row of its own above the panels: placed outside them, it met the title
    empty = {k for k in keys if k != "courses" and not _any(per_group, k)}  # a line of words needs no height
    if all(d["courses"].empty for d in per_group.values()):
        empty.add("courses")
    heights = [0.22 * len(handles) + 0.1] + [
        0.6 if k in empty else HEIGHT.get(k, 0.5 + 0.4 * len(per_group)) for k in keys
    ]
    fig, axes = plt.subplots(len(heights), 1, figsize=(12, sum(heights) + 0.8), layout="constrained",
                             gridspec_kw={"height_ratios": heights})  # fmt: skip
    axes[0].axis("off")
    axes[0].legend(handles=handles, loc="center left", frameon=False, fontsize=9, borderaxespad=0)
    axes = axes[1:]
    for ax in axes[1:]:
        ax.sharex(axes[0])
    start, end = weeks.min() - pd.Timedelta(days=6), weeks.max() + pd.Timedelta(days=1)
    for ax, key in zip(axes, keys, strict=True):
        if key == "courses":
            _courses_panel(ax, per_group, looks)
        else:
            _series_panel(ax, key, per_group, looks, where)
        style_dates(ax, start, end)
        if ax is not axes[-1]:
            ax.tick_params(labelbottom=False)
    fig.suptitle(_title(scope, per_group), x=0.01, ha="left", fontsize=12)
    png, svg = out / f"chain_{mission}.png", out / f"chain_{mission}.svg"
    fig.savefig(png, dpi=120)
    fig.savefig(svg)
    plt.close(fig)
    caption = (
        f"{scope.name}, covering the border points with a side in {where}, by scenario. From the top: people "
        f"entering {where} per week from outside it, those smuggled or crossing a closed border alone, and people "
        "stranded there; the mission's monitoring visits per week, the share of replicates in which it was "
        "proactive and its perceived risk; its courses by audience (filled: the week given; hollow: the week in "
        "effect); and the chances of detecting a smuggled crossing and of identifying a trafficking victim at its "
        "border points, averaged over them weighted by the people who crossed there"
        + (", and the smuggling price weighted by the people smuggled" if "price" in keys else "")
        + ". Lines are means over each scenario's replicates, bands their 10-90 % range week by week."
    )
    return Figure(f"chain_{mission}", f"{scope.name} ({where})", caption, png, svg)


def chain_figures(cmp: Comparison, out: Path) -> list[Figure]:
    """A chain figure for every mission in any of the compared runs."""
    weeks = weeks_of(cmp.tables["countries"].date)
    missions = list(dict.fromkeys(cmp.tables["missions"].mission))
    return [chain_figure(cmp, m, out, weeks) for m in missions]
