"""One run's chain figure per mission, ``plots/chain_<mission>.png``: the flow into its host
countries, its monitoring visits and posture, its perceived risk, its courses, and detection and
identification at its border points, stacked on one time axis (series from
:mod:`analysis.mission_chain`).

Legends sit to the right of their panel, never over data; a panel with nothing to show says so in
words, and a mission that met no flow and did nothing says so in its title.
"""

import json
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from analysis.date_axis import month_axis  # noqa: E402
from analysis.mission_chain import (  # noqa: E402
    MissionScope,
    border_weights,
    chance_by_border,
    courses,
    flow_into,
    mission_rows,
    mission_scopes,
    threshold_by_day,
    visits_by_border,
    weeks_of,
    weighted_chance,
)

RUN = "run"  # the run id one run's tables get, so they read like a batch's
# audience (trainings.csv) -> its label and marker; lanes from the bottom up in this order
AUDIENCE = {
    "border_police": ("border police", "^", "#0072B2"),
    "frontline_workers": ("frontline workers", "o", "#009E73"),
    "judges_prosecutors": ("judges and prosecutors", "s", "#CC79A7"),
}
FLOW = {"regular": ("regular entries", "#0072B2"), "smuggled": ("smuggled", "#D55E00"),
        "alone": ("crossed a closed border alone", "#E69F00")}  # fmt: skip
PROACTIVE = "#009E73"
BORDER_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
BORDER_STYLES = ["-", "--", "-.", ":"]
MAX_LINES = 5  # border points drawn one by one; beyond, their flow-weighted mean and range
MID_WEEK = pd.Timedelta(days=3)  # a week (ending Sunday) is drawn at its Thursday
PANEL_TITLES = {
    "flow": "Flow into {where} per week",
    "visits": "Monitoring visits per week",
    "risk": "Perceived risk",
    "courses": "Courses: given (filled) and in effect (hollow)",
    "p_detect": "Chance of detecting a smuggled crossing at its border points",
    "p_identify": "Chance of identifying a trafficking victim at its border points",
    "smuggling_price_eur": "Smuggling price for a leg through its border points",
}


def read_tables(run_dir: Path) -> dict[str, pd.DataFrame]:
    """A run folder's CSV tables, each with a ``run_id`` column; a table an older run did not
    write (``visits``, ``trainings``) is empty."""
    tables = {}
    for name in ("countries", "borders", "missions", "visits", "trainings"):
        path = run_dir / f"{name}.csv"
        frame = pd.read_csv(path) if path.is_file() else pd.DataFrame(columns=["date", "mission"])
        for col in ("date", "effective_from"):
            if col in frame:
                frame[col] = pd.to_datetime(frame[col])
        tables[name] = frame.assign(run_id=RUN)
    return tables


def read_scenario(run_dir: Path) -> dict | None:
    path = run_dir / "scenario.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


# --- shared by the run's and the comparison's figures ---------------------------------------------


def style_dates(ax, start, end):
    ax.set_xlim(start, end)
    if end - start > pd.Timedelta(days=240):  # quarters, as the run's other plots
        month_axis(ax, minor=True)
    else:  # a short run would get one quarter's tick, or none
        locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)


def panel(ax, key: str, ylabel: str, where: str = ""):
    ax.set_title(PANEL_TITLES[key].format(where=where), loc="left", fontsize=10)
    ax.set_ylabel(ylabel, fontsize=8.5)


def note(ax, text: str, y: float = 0.5):
    """Words where a panel has no data, so an empty panel is never mistaken for a broken one."""
    ax.text(0.5, y, text, transform=ax.transAxes, ha="center", va="center", fontsize=9, color="#555555",
            style="italic", bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8})  # fmt: skip


def side_legend(ax, handles=None, **kw):
    if handles is None:
        handles, _ = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8, **kw)


def course_handles() -> list:
    handles = [Line2D([], [], ls="", marker=m, color=c, label=label) for label, m, c in AUDIENCE.values()]
    handles.append(Line2D([], [], ls="", marker="o", mfc="white", color="#555555", label="in effect from"))
    return handles


# --- one run ---------------------------------------------------------------------------------------


def proactive_spans(rows: pd.DataFrame) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The stretches of days the mission was proactive, as (first day, day after the last)."""
    days = rows.sort_values("date")
    on = (days.posture.astype(str) == "proactive").to_numpy()
    dates = days.date.to_numpy()
    edges = np.flatnonzero(np.diff(np.r_[0, on.astype(int), 0]))
    return [
        (pd.Timestamp(dates[a]), pd.Timestamp(dates[b - 1]) + pd.Timedelta(days=1)) for a, b in edges.reshape(-1, 2)
    ]


def _shade(axes, spans):
    for ax in axes:
        for a, b in spans:
            ax.axvspan(a, b, color=PROACTIVE, alpha=0.12, lw=0, zorder=0)


def summary_line(scope: MissionScope, flow: dict, spans, n_visits: int, n_courses: int) -> str:
    """The title's second line: the flow, the posture, the visits and the courses in words, so a
    mission that met no flow and did nothing is said to, not left as blank panels."""
    entered = int(flow["entered"].to_numpy().sum())
    parts = [f"no flow reached {scope.label}" if entered == 0 else f"{entered:,} people entered {scope.label}"]
    if spans:
        weeks = sum((b - a).days for a, b in spans) / 7
        parts.append(f"proactive from {spans[0][0]:%d %b %Y} ({weeks:.0f} week{'s' * (round(weeks) != 1)} in all)")
    else:
        parts.append("business as usual throughout")
    barred = " (its mandate allows none)"
    parts.append(
        f"{n_visits:,} monitoring visits" if n_visits else "no monitoring visits" + barred * (not scope.can_monitor)
    )
    parts.append(
        f"{n_courses} course{'s' if n_courses != 1 else ''}"
        if n_courses
        else "no courses" + barred * (not scope.can_train)
    )
    return "; ".join(parts)


def _flow_panel(ax, flow: dict, where: str):
    x = flow["entered"].index - MID_WEEK
    bottom = np.zeros(len(x))
    for key, (label, colour) in FLOW.items():
        values = flow[key].iloc[:, 0].to_numpy()
        if values.any():
            ax.bar(x, values, width=6, bottom=bottom, color=colour, label=label, lw=0)
            bottom += values
    stranded = flow["stranded"].iloc[:, 0]
    if stranded.any():
        ax.plot(x, stranded, color="black", lw=1.4, label="stranded there (weekly mean)")
    panel(ax, "flow", "people (stranded: weekly mean)" if stranded.any() else "people", where)
    if not bottom.any() and not stranded.any():
        note(ax, f"no one entered or was stranded in {where}")
        ax.set_yticks([0])
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    handles, _ = ax.get_legend_handles_labels()
    bars = [h for h in handles if not h.get_label().startswith("stranded")]
    return bars[::-1] + [h for h in handles if h not in bars]  # listed as stacked: the top bar first


def _visits_panel(ax, tables, scope, weeks, colour_of, spans):
    by_border = visits_by_border(tables, scope.mission, [RUN], weeks)
    total = mission_rows(tables, scope.mission).set_index("date").monitoring_visits.resample("W").sum()
    x = weeks - MID_WEEK
    if by_border and len(by_border) <= len(BORDER_COLOURS):
        bottom = np.zeros(len(x))
        for border, wide in by_border.items():
            values = wide.iloc[:, 0].to_numpy()
            ax.bar(x, values, width=6, bottom=bottom, color=colour_of(border), label=border, lw=0)
            bottom += values
    elif total.any():
        ax.bar(total.index - MID_WEEK, total, width=6, color="#555555", label="all border points")
    handles = ax.get_legend_handles_labels()[0][::-1]  # listed as stacked: the top bar first
    if handles:
        ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True, nbins=4))
    else:
        note(ax, "no monitoring visits" + ("" if scope.can_monitor else ": its mandate allows none"))
        ax.set_yticks([0])
    if spans:
        handles.append(Patch(color=PROACTIVE, alpha=0.25, label="proactive posture (all panels)"))
    panel(ax, "visits", "visits")
    return handles


def _risk_panel(ax, rows, scope):
    if "perceived_risk" not in rows:
        note(ax, "not recorded in this run")
        return
    daily = rows.set_index("date").perceived_risk.sort_index()
    ax.plot(daily.index, daily, color="black", lw=1.2, label="perceived risk")
    for which, ls, label in (("proactive", "--", "turns proactive above"), ("relax", ":", "back to usual below")):
        threshold = threshold_by_day(scope, daily.index, which)
        if threshold is not None:
            ax.plot(threshold.index, threshold, color=PROACTIVE, ls=ls, lw=1.2, ds="steps-post", label=label)
    if not daily.any():
        note(ax, "no risk perceived", y=0.75)
    ax.set_ylim(bottom=0)
    panel(ax, "risk", "risk (1 = reference)")


def _courses_panel(ax, rows: pd.DataFrame, scope: MissionScope):
    """A lane per audience: each course a filled marker on its day and a hollow one where it takes
    effect, joined; several on one day are one marker with their number above it."""
    lanes = list(AUDIENCE)
    for (day, audience), group in rows.groupby(["date", "audience"], sort=False):
        _, marker, colour = AUDIENCE.get(audience, (audience, "D", "#555555"))
        y = lanes.index(audience) if audience in lanes else len(lanes)
        effective = group.effective_from.dropna()
        if len(effective):
            ax.plot([day, effective.min()], [y, y], color=colour, lw=0.8, alpha=0.6)
            ax.scatter([effective.min()], [y], marker=marker, s=36, facecolors="white", edgecolors=colour, lw=1.2,
                       zorder=3)  # fmt: skip
        ax.scatter([day], [y], marker=marker, s=36, color=colour, zorder=4)
        if len(group) > 1:
            ax.annotate(f"×{len(group)}", (day, y), xytext=(0, 6), textcoords="offset points", fontsize=7,
                        ha="center", va="bottom", color=colour)  # fmt: skip
    ax.set_yticks(range(len(lanes)), [AUDIENCE[a][0] for a in lanes], fontsize=8)
    ax.set_ylim(-0.6, len(lanes) - 0.3)
    ax.grid(axis="y", alpha=0)
    ax.set_title(PANEL_TITLES["courses"], loc="left", fontsize=10)
    if rows.empty:
        note(ax, "no courses" + ("" if scope.can_train else ": its mandate allows none"))


def _distinct(by_border: dict[str, pd.DataFrame]) -> dict[str, pd.Series]:
    """Border points whose series are the same drawn as one line, named together: lines that
    would lie on one another are never hidden."""
    groups: dict[str, pd.Series] = {}
    for border, wide in by_border.items():
        series = wide.iloc[:, 0]
        same = next((k for k, s in groups.items() if np.allclose(s, series, equal_nan=True)), None)
        if same is None:
            groups[border] = series
        else:
            groups[f"{same}, {border}"] = groups.pop(same)
    return groups


def _chance_panel(ax, tables, scope, column, weeks, colour_of):
    x = weeks - MID_WEEK
    by_border = chance_by_border(tables, scope, column, [RUN], weeks)
    if column not in tables["borders"] or not by_border:
        note(ax, "not recorded in this run" if column not in tables["borders"] else "no border points")
        return
    if len(by_border) <= MAX_LINES and column != "smuggling_price_eur":
        for i, (label, series) in enumerate(_distinct(by_border).items()):
            first = label.split(", ")[0]
            ax.plot(x, series, color=colour_of(first), ls=BORDER_STYLES[i % len(BORDER_STYLES)], lw=1.5,
                    label=textwrap.fill(label, 34))  # fmt: skip
    else:
        stacked = pd.concat([w.iloc[:, 0] for w in by_border.values()], axis=1)
        weight = "smuggled" if column == "smuggling_price_eur" else "flow"
        mean = weighted_chance(tables, scope, column, [RUN], weeks, weight=weight).iloc[:, 0]
        ax.fill_between(x, stacked.min(axis=1), stacked.max(axis=1), color="#888888", alpha=0.25, lw=0,
                        label=f"range over its {len(by_border)} border points")  # fmt: skip
        what = "people smuggled" if weight == "smuggled" else "people crossing"
        ax.plot(x, mean, color="black", lw=1.5, label=f"mean weighted by {what}")
    unit = "EUR a person" if column == "smuggling_price_eur" else "chance"
    ax.set_ylim(bottom=0)
    if column != "smuggling_price_eur":
        ax.set_ylim(0, max(0.05, float(np.nanmax([s.to_numpy().max() for s in by_border.values()])) * 1.15))
    panel(ax, column, unit)


def _moves(b: pd.DataFrame, column: str, by: float = 1.0) -> bool:
    """Whether ``column`` changes by more than ``by`` over time at any border point: the price of a
    leg that never moved tells nothing of the chain."""
    spread = b.groupby("border")[column].agg(lambda v: v.max() - v.min())
    return bool((spread > by).any())


def _border_colours(tables, scope):
    """A colour per border point, the same in every panel: those visited first (their bars are
    stacked), each group by the people who crossed there, most first."""
    b = tables["borders"]
    b = b[b.border.isin(scope.borders)]
    crossed = border_weights(b, "flow").groupby(b.border).sum()
    v = tables.get("visits")
    visited = set(v.border[v.mission == scope.mission]) if v is not None and "border" in v else set()
    order = sorted(crossed.index, key=lambda x: (x not in visited, -crossed[x]))
    return lambda border: BORDER_COLOURS[order.index(border) % len(BORDER_COLOURS)] if border in order else "#555555"


def plot_chain(tables: dict, scope: MissionScope, out: Path) -> Path:
    """The chain figure of one mission of one run, ``out/chain_<mission>.png``."""
    weeks = weeks_of(tables["countries"].date)
    start, end = tables["countries"].date.min(), tables["countries"].date.max() + pd.Timedelta(days=1)
    rows = mission_rows(tables, scope.mission)
    flow = flow_into(tables, scope, [RUN], weeks)
    spans = proactive_spans(rows)
    given = courses(tables, scope.mission)
    b = tables["borders"]
    price = "smuggling_price_eur" in b and _moves(b[b.border.isin(scope.borders)], "smuggling_price_eur")
    keys = ["flow", "visits", "risk", "courses", "p_detect", "p_identify"] + (["price"] if price else [])
    heights = {"flow": 2.0, "visits": 1.5, "risk": 1.3, "courses": 1.1, "p_detect": 1.4, "p_identify": 1.4,
               "price": 1.2}  # fmt: skip
    n_visits = int(rows.monitoring_visits.sum()) if "monitoring_visits" in rows else 0
    empty = {"flow": not (flow["entered"].to_numpy().any() or flow["stranded"].to_numpy().any()),
             "visits": n_visits == 0, "courses": given.empty}  # fmt: skip
    ratios = [0.7 if empty.get(k) else heights[k] for k in keys]  # a line of words needs no height
    fig, axes = plt.subplots(len(keys), 1, figsize=(12, sum(ratios) + 1.1), sharex=True, layout="constrained",
                             gridspec_kw={"height_ratios": ratios})  # fmt: skip
    ax = dict(zip(keys, axes, strict=True))
    colour_of = _border_colours(tables, scope)
    where = scope.label
    side_legend(ax["flow"], _flow_panel(ax["flow"], flow, where))
    side_legend(ax["visits"], _visits_panel(ax["visits"], tables, scope, weeks, colour_of, spans))
    _risk_panel(ax["risk"], rows, scope)
    side_legend(ax["risk"])
    _courses_panel(ax["courses"], given, scope)
    if not given.empty:
        side_legend(ax["courses"], course_handles())
    for key, column in (("p_detect", "p_detect"), ("p_identify", "p_identify"), ("price", "smuggling_price_eur")):
        if key in ax:
            _chance_panel(ax[key], tables, scope, column, weeks, colour_of)
            side_legend(ax[key])
    _shade(axes, spans)
    for a in axes:
        style_dates(a, start, end)
    line = summary_line(scope, flow, spans, n_visits, len(given))
    fig.suptitle(f"{scope.name} ({where}): how it met the flow\n{line}", x=0.01, ha="left", fontsize=11)
    path = out / f"chain_{scope.mission}.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def plot_chains(run_dir: Path, out: Path) -> list[Path]:
    """A chain figure for every mission of the run in ``run_dir``, written to ``out``."""
    tables = read_tables(run_dir)
    missions = list(dict.fromkeys(tables["missions"].mission))
    scopes = mission_scopes(read_scenario(run_dir), missions)
    return [plot_chain(tables, scopes[m], out) for m in missions]
