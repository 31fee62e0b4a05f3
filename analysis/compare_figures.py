"""The comparison figures: each scenario's median and 5-95 % band across replicates, differences
from the baseline on the same seeds, run-level outcomes, and route maps. PNG and SVG each.

Every figure puts its legend above the panels (never over data), labels its axes with units, puts
dates on the x axis and draws scenarios in Okabe-Ito colours with distinct line styles, so it reads
in colour-blind vision and in greyscale print.
"""

from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from analysis.bands import quantile_band  # noqa: E402
from analysis.compare import (  # noqa: E402
    Comparison,
    corridor_series,
    proactive_share,
    stranded_series,
    summary_metrics,
)
from analysis.date_axis import month_axis  # noqa: E402
from analysis.flows_geojson import write_flows_geojson  # noqa: E402
from analysis.maps import PERIOD_2018, PERIODS, plot_route_maps  # noqa: E402

# Okabe-Ito without yellow (too pale for a line on white); each scenario also gets a line style.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000"]
STYLES = ["-", "--", "-.", ":"]
COUNTRY = {"GR": "Greece", "MK": "North Macedonia", "RS": "Serbia", "HU": "Hungary", "HR": "Croatia",
           "SI": "Slovenia", "AT": "Austria", "DE": "Germany", "AL": "Albania", "ME": "Montenegro",
           "BA": "Bosnia and Herzegovina", "XK": "Kosovo", "BG": "Bulgaria", "TR": "Turkey"}  # fmt: skip
MISSION = {"serbia": "Serbia", "skopje": "Skopje", "kosovo": "Kosovo", "albania": "Albania",
           "bih": "Bosnia and Herzegovina", "montenegro": "Montenegro"}  # fmt: skip
THOUSANDS = FuncFormatter(lambda v, _: f"{v:,.0f}" if abs(v) >= 10 or v == 0 else f"{v:.2g}")


@dataclass(frozen=True)
class Figure:
    name: str
    title: str
    caption: str
    png: Path
    svg: Path


def _look(groups: list[str]) -> dict[str, dict]:
    return {g: {"color": COLOURS[i % len(COLOURS)], "ls": STYLES[i % len(STYLES)]} for i, g in enumerate(groups)}


def _dates(ax):
    month_axis(ax, (1, 7))
    ax.xaxis.set_tick_params(labelbottom=True)  # shared x: every panel still shows its dates
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)


def _band(ax, wide: pd.DataFrame, look: dict):
    if wide.shape[1] == 0:
        return
    band = quantile_band(wide)
    ax.fill_between(band.index, band.low, band.high, color=look["color"], alpha=0.2, lw=0)
    ax.plot(band.index, band["median"], lw=1.6, **look)


def _panels(n: int, ncols: int, height: float = 2.6):
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, height * nrows + 1.0), sharex=True, squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, list(axes.flat[:n])


def _legend(fig, looks: dict, runs: dict, what: str) -> int:
    handles = [
        Line2D([], [], lw=1.8, **look, label=f"{g} ({len(runs[g])} runs)") for g, look in looks.items() if g in runs
    ]
    handles.append(Patch(color="#888888", alpha=0.3, label=what))
    return _top_legend(fig, handles)


LEGEND_ENTRY_IN = 0.6  # inches of an entry besides its text: the handle and the gaps
LEGEND_CHAR_IN = 0.07  # inches a character takes at the legend's 9 points, on average


def _legend_columns(fig, handles) -> int:
    """The most columns (up to 4) whose entries fit across the figure: matplotlib fills a legend column
    by column, each as wide as its widest entry, so long scenario names need fewer columns."""
    widths = [LEGEND_ENTRY_IN + LEGEND_CHAR_IN * len(h.get_label()) for h in handles]
    for ncol in range(min(len(handles), 4), 1, -1):
        rows = -(-len(handles) // ncol)
        if sum(max(widths[i : i + rows]) for i in range(0, len(widths), rows)) <= fig.get_figwidth():
            return ncol
    return 1


def _top_legend(fig, handles) -> int:
    """Under the title, above every panel, so it never covers data; returns its number of rows."""
    height = fig.get_figheight()
    ncol = _legend_columns(fig, handles)
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 1 - 0.4 / height),
               ncol=ncol, frameon=False, fontsize=9)  # fmt: skip
    return -(-len(handles) // ncol)


def _finish(fig, out: Path, name: str, title: str, caption: str, legend_rows: int = 1) -> Figure:
    height = fig.get_figheight()
    fig.suptitle(title, x=0.01, y=1 - 0.1 / height, ha="left", va="top", fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 1 - (0.45 + 0.28 * legend_rows) / height))
    png, svg = out / f"{name}.png", out / f"{name}.svg"
    fig.savefig(png, dpi=150)
    fig.savefig(svg)
    plt.close(fig)
    return Figure(name, title, caption, png, svg)


def _series_figure(cmp, out, name, title, caption, series, ylabel, titles, ncols=2, diff=False) -> Figure:
    groups = [g for g in cmp.groups if not diff or g != cmp.baseline]
    looks = _look(cmp.groups)
    fig, axes = _panels(len(series), ncols)
    for ax, (key, per_group) in zip(axes, series.items(), strict=True):
        for g in groups:
            if g in per_group:
                _band(ax, per_group[g], looks[g])
        if diff:
            ax.axhline(0, color="black", lw=0.8)
        ax.set_title(titles.get(key, key), loc="left", fontsize=10)
        ax.set_ylabel(ylabel, fontsize=8.5)
        ax.yaxis.set_major_formatter(THOUSANDS)
        _dates(ax)
    runs = "draws x seeds" if any(cmp.draws(g) for g in cmp.groups) else "replicates"
    what = "5-95 % of paired differences (same seed)" if diff else f"5-95 % of {runs}; line: median"
    shown = {g: looks[g] for g in groups}
    rows = _legend(fig, shown, cmp.runs_of, what)
    return _finish(fig, out, name, title, caption, legend_rows=rows)


def cumulative_identified(cmp: Comparison) -> dict[str, pd.DataFrame]:
    b = cmp.tables["borders"]
    daily = b.pivot_table(index="date", columns="run_id", values="victims_identified", aggfunc="sum", observed=True)
    weekly = daily.cumsum().resample("W").last()
    return {g: weekly[[r for r in cmp.runs_of[g] if r in weekly]] for g in cmp.groups}


def cumulative_exploited(cmp: Comparison) -> dict[str, pd.DataFrame]:
    s = cmp.tables["statuses"]
    if "exploited_to_date" not in s:  # runs written before the model recorded it
        return {g: pd.DataFrame() for g in cmp.groups}
    daily = s.pivot_table(index="date", columns="run_id", values="exploited_to_date", aggfunc="sum", observed=True)
    weekly = daily.resample("W").last()
    return {g: weekly[[r for r in cmp.runs_of[g] if r in weekly]] for g in cmp.groups}


MIN_SPAN = {"days": 14.0, "share of migrants": 0.02, "people": 10.0}  # the narrowest axis of a panel


def _at_least_span(ax, values: pd.Series, unit: str) -> None:
    """Widen a panel whose runs hardly differ, so that a spread of a day (Skopje's lag of 80 or 81 days)
    or of a few people does not fill the axis: at least a fifth of the values' size, and MIN_SPAN."""
    if values.empty:
        return
    low, high = values.min(), values.max()
    span = max(high - low, 0.2 * max(abs(low), abs(high)), MIN_SPAN[unit])
    if span > (high - low) * 1.1:
        left = (low + high) / 2 - 0.55 * span
        if low >= 0:  # counts, days and shares are never negative: keep the axis at or above zero
            left = max(left, -0.05 * span)
        ax.set_xlim(left, left + 1.1 * span)


def outcomes_figure(cmp: Comparison, out: Path) -> Figure:
    """Each run's summary metrics as dots, with each scenario's mean (bar) and 90 % interval (line)."""
    metrics = [m for m in summary_metrics(cmp) if pd.to_numeric(cmp.summary[m], errors="coerce").notna().any()]
    looks = _look(cmp.groups)
    ncols = 3
    nrows = -(-len(metrics) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(15, 0.45 * len(cmp.groups) * nrows + 1.4 * nrows + 1),
                             squeeze=False)  # fmt: skip
    for ax in axes.flat[len(metrics) :]:
        ax.set_visible(False)
    rng = np.random.default_rng(0)  # jitter only, so overlapping runs stay visible
    for ax, metric in zip(axes.flat, metrics, strict=False):
        for y, g in enumerate(cmp.groups):
            values = pd.to_numeric(cmp.summary.loc[cmp.summary.group == g, metric], errors="coerce").dropna()
            if values.empty:
                ax.text(0.0, y, "  no run reached it", va="center", fontsize=8, color="#555555",
                        transform=ax.get_yaxis_transform())  # fmt: skip
                continue
            c = looks[g]["color"]
            ax.scatter(values, y + rng.uniform(-0.15, 0.15, len(values)), s=12, color=c, alpha=0.6, lw=0)
            ax.plot(values.quantile([0.05, 0.95]), [y - 0.3, y - 0.3], color=c, lw=2)
            ax.plot([values.mean()] * 2, [y - 0.42, y - 0.18], color="black", lw=2)
        ax.set_yticks(range(len(cmp.groups)), cmp.groups, fontsize=8)
        ax.set_ylim(len(cmp.groups) - 0.5, -0.7)
        unit = "days" if "days" in metric else ("share of migrants" if "share" in metric else "people")
        _at_least_span(ax, pd.to_numeric(cmp.summary[metric], errors="coerce").dropna(), unit)
        label = metric.replace(".", ": ").replace("_days", "").replace("days_", "days ").replace("_", " ")
        ax.set_xlabel(f"{label} ({unit})", fontsize=8.5)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))  # long tick labels (947,200) must not run together
        if unit == "people":
            ax.xaxis.set_major_formatter(THOUSANDS)
        ax.grid(alpha=0.3, axis="x")
        ax.spines[["top", "right"]].set_visible(False)
    handles = [
        Line2D([], [], ls="", marker="o", color="#555555", label="one run"),
        Line2D([], [], color="#555555", lw=2, label="90 % interval of runs (5-95 %)"),
        Line2D([], [], color="black", lw=2, label="mean"),
    ]
    rows = _top_legend(fig, handles)
    caption = (
        "Run-level outcomes: each dot is one run, the coloured line spans the runs' 5th to 95th percentile and the "
        "black tick marks the mean. Victims exploited is counted once per run (summary.json); the tables have no "
        "daily series of it. A mission's response lag is the days from the flow reaching its country to its first "
        "proactive posture; missions that never turned proactive in any run are left out (see the summary table)."
    )
    return _finish(fig, out, "outcomes", "Outcomes per run, by scenario", caption, legend_rows=rows)


def write_figures(cmp: Comparison, out: Path, periods=None) -> list[Figure]:
    corridors = corridor_series(cmp)
    stranded = stranded_series(cmp)
    smuggled = {
        "smuggled": cmp.weekly("borders", "smuggled"),
        "exploited": cumulative_exploited(cmp),
        "identified": cumulative_identified(cmp),
    }
    visits = {m: cmp.weekly("missions", "monitoring_visits", where=lambda t, m=m: t.mission == m) for m in MISSION}
    visits = {m: v for m, v in visits.items() if any(w.shape[1] for w in v.values())}
    n = {g: len(r) for g, r in cmp.runs_of.items()}
    band_note = (
        "Lines are medians and shaded bands the 5-95 % range across a scenario's runs, week by week; the bands "
        f"hold {cmp.band_contents()}."
    )
    figures = [
        _series_figure(
            cmp,
            out,
            "corridors",
            "People entering each corridor per week",
            (
                "People entering each corridor per week, regular crossings plus smuggled crossings, counted at the "
                f"border points leading into it (analysis.run_plots.CORRIDORS). {band_note}"
            ),
            corridors,
            "people per week",
            {},
        ),  # fmt: skip
        _series_figure(
            cmp,
            out,
            "stranded",
            "People stranded by country",
            (
                "People stranded (refused at a border and waiting) in the countries with the most stranded at their "
                f"peak; weekly mean of the daily count. {band_note}"
            ),
            stranded,
            "people stranded",
            COUNTRY,
        ),  # fmt: skip
        _series_figure(
            cmp,
            out,
            "smuggling",
            "Smuggling and trafficking victims",
            (
                "Left: people smuggled across a border point per week (all border points). Middle: people exploited "
                "(trafficked) while with smugglers, cumulative. Right: trafficking victims identified at border "
                f"points, cumulative. {band_note}"
            ),
            smuggled,
            "people",
            {
                "smuggled": "Smuggled crossings per week",
                "exploited": "Trafficking victims exploited (cumulative)",
                "identified": "Trafficking victims identified (cumulative)",
            },
            ncols=3,
        ),  # fmt: skip
        _series_figure(
            cmp,
            out,
            "mission_visits",
            "OSCE missions' monitoring visits per week",
            (f"Monitoring visits each mission made to border points in its host country per week. {band_note}"),
            visits,
            "visits per week",
            MISSION,
        ),  # fmt: skip
        posture_figure(cmp, out),
        outcomes_figure(cmp, out),
    ]
    if len(cmp.groups) > 1 and all(n[g] for g in cmp.groups):
        total_stranded = cmp.weekly("countries", "stranded", how="mean")
        series = {f"{c} (people/week)": cmp.differences(v) for c, v in corridors.items()}
        series["stranded, all countries (people)"] = cmp.differences(total_stranded)
        series["smuggled crossings (people/week)"] = cmp.differences(smuggled["smuggled"])
        figures.append(_series_figure(cmp, out, "differences", f"Difference from {cmp.baseline}", (
            f"Each scenario minus the baseline ({cmp.baseline}), run by run on the same seed (replicate r of every "
            "scenario uses the same seed), then the median and 5-95 % band of those differences, week by week. "
            f"Above zero: more than in the baseline. The bands hold {cmp.band_contents()}."
        ), series, "difference (people)", {}, diff=True))  # fmt: skip
    if periods is None:
        reaches_2018 = cmp.tables["borders"].date.max() >= pd.Timestamp(PERIOD_2018.end)
        periods = (*PERIODS, PERIOD_2018) if reaches_2018 else PERIODS
    figures.append(route_maps_figure(cmp, out, periods))
    return figures


def posture_figure(cmp: Comparison, out: Path) -> Figure:
    shares = proactive_share(cmp)
    looks = _look(cmp.groups)
    fig, axes = _panels(len(shares), 2, height=2.0)
    for ax, (mission, per_group) in zip(axes, shares.items(), strict=True):
        for g, series in per_group.items():
            ax.plot(series.index, series, lw=1.6, **looks[g])
        ax.set_ylim(-0.05, 1.05)
        ax.set_title(MISSION.get(mission, mission), loc="left", fontsize=10)
        ax.set_ylabel("share of runs proactive", fontsize=8.5)
        _dates(ax)
    handles = [Line2D([], [], lw=1.8, **looks[g], label=f"{g} ({len(cmp.runs_of[g])} runs)") for g in cmp.groups]
    rows = _top_legend(fig, handles)
    caption = (
        "Share of each scenario's replicates in which the mission was in a proactive posture (rather than business "
        "as usual), averaged over each week. A posture is a yes/no state per run, so the figure shows the share of "
        "runs, not a band."
    )
    return _finish(fig, out, "mission_posture", "OSCE missions' posture over time", caption, legend_rows=rows)


def route_maps_figure(cmp: Comparison, out: Path, periods) -> Figure:
    groups = {g: cmp.tables["borders"][cmp.tables["borders"].run_id.isin(cmp.runs_of[g])] for g in cmp.groups}
    fig = plot_route_maps(groups, periods)
    write_flows_geojson(groups, periods, out / "route_flows.geojson")
    caption = (
        "Route maps on the real coordinates of the model's places. Border edges: width (and the shaded circle at the "
        "border point) grow with the people who crossed there per day in the period, regular plus smuggled (each "
        "run's mean over the period, median over runs; width grows with the square root of the flow). Domestic "
        "roads and railways are drawn thin and grey: the model records flows at border points only, not along "
        "domestic edges. Border points are coloured and shaped by the policy in force on most days of the period, "
        "as the runs recorded it. Coastlines and country borders: Natural Earth (public domain). The same flows, "
        "one line per border point, scenario and period, are in route_flows.geojson for GIS tools."
    )
    png, svg = out / "route_maps.png", out / "route_maps.svg"
    fig.savefig(png, dpi=130)
    fig.savefig(svg)
    plt.close(fig)
    return Figure("route_maps", "Route maps by period", caption, png, svg)
