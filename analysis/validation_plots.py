"""Figures of a validation: observed against simulated over time, and one point per observation.

Flows (entries, crossings, registrations) are drawn as people per day: the simulated daily series
(7-day mean) against each observation's total divided by the days of its period, drawn across that
period, so a three-month total and a single day read on the same scale. Stocks (people present or
stranded on a date), averages a day and prices are drawn as they are; a figure given as a range is
drawn as a band between its ends. With several replicates the band spans their range.
"""

import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.date_axis import month_axis  # noqa: E402
from analysis.observation_rules import RANGE, SKIP  # noqa: E402
from analysis.run_plots import PALETTE, _save, _style  # noqa: E402
from analysis.validation import rule_daily  # noqa: E402

SIM, OBS, FORCED = PALETTE[0], "#000000", PALETTE[1]


WHAT = {
    ("countries", "entered"): "entries into",
    ("countries", "smuggled_entries"): "less smuggled entries",
    ("countries", "registered"): "registered entries into",
    ("countries", "present"): "present in",
    ("countries", "stranded"): "stranded in",
    ("countries", "asylum_claims"): "asylum claims in",
    ("borders", "crossings"): "crossings at",
    ("borders", "smuggled"): "smuggled across",
    ("borders", "crossed_alone"): "crossed alone at",
    ("borders", "detected"): "detected at",
    ("borders", "queue"): "queue at",
    ("borders", "stranded"): "stranded at",
    ("statuses", "returned"): "returned to Turkey",
}


def series_label(rule) -> str:
    """What a rule simulates, in words: "entries into MK less smuggled entries", "present in GR + MK",
    "price of Idomeni-Gevgelija + Tabanovce-Miratovac or Lojane-Miratovac"."""
    if rule.legs:
        return "price of " + " + ".join(" or ".join(leg) for leg in rule.legs)
    parts: list[str] = []
    for term in rule.terms:
        what = WHAT.get((term.table, term.column), f"{term.table}.{term.column}")
        if parts and parts[-1].startswith(what):
            parts[-1] += f", {term.key}"
        elif term.column == "smuggled_entries":
            parts.append(what)
        else:
            parts.append(f"{what} {term.key}".strip())
    return " + ".join(parts).replace("+ less", "less")


def _panel_title(rows: pd.DataFrame) -> str:
    place = rows.iloc[0].country_or_place.split(" (")[0]
    measures = ", ".join(dict.fromkeys(rows.measure)).replace("_", " ")
    return textwrap.fill(f"{place}: {series_label(rows.iloc[0].rule)}", 62) + "\n" + textwrap.fill(measures, 70)


def _draw_panel(ax, rows: pd.DataFrame, daily: pd.DataFrame, start, end):
    rule = rows.iloc[0].rule
    flow = rule.kind == "sum"
    smooth = flow or (rule.kind == "mean" and not rule.legs)
    series = daily.rolling(7, min_periods=1).mean() if smooth else daily
    series = series.loc[start:end]
    colour = FORCED if (rows.status == "forcing_check").all() else SIM
    ax.plot(series.index, series.mean(axis=1), color=colour, lw=1.5, label="simulated")
    if series.shape[1] > 1:
        ax.fill_between(series.index, series.min(axis=1), series.max(axis=1), color=colour, alpha=0.25, lw=0)
    for row in rows.itertuples():
        days = (row.sim_end - row.sim_start).days + 1
        level = row.observed / days if flow else row.observed
        if row.bound == RANGE:
            per = days if flow else 1
            low, high = row.observed_low / per, row.observed_high / per
            if days > 1:
                span = [row.sim_start, row.sim_end + pd.Timedelta(days=1)]
                ax.fill_between(span, low, high, color=OBS, alpha=0.35, lw=0)
            else:
                ax.plot([row.sim_end] * 2, [low, high], "_-", color=OBS, lw=2.5, ms=8)
        elif days > 1:
            ax.hlines(level, row.sim_start, row.sim_end, color=OBS, lw=2.5)
        else:
            ax.plot([row.sim_end], [level], "o", color=OBS, ms=5)
    ax.set_xlim(start, end)
    ax.set_ylim(bottom=0)
    unit = "EUR a person" if rule.legs else "people per day" if smooth else "people"
    _style(ax, unit, _panel_title(rows))
    ax.title.set_fontsize(8.5)
    month_axis(ax, (1, 7))


def plot_over_time(table: pd.DataFrame, tables: dict, out: Path, title: str = "", suffix: str = "") -> Path:
    """One panel per simulated series, with every observation compared against it, in
    ``observed_vs_simulated_over_time{suffix}.png``."""
    shown = table[table.status != SKIP]
    groups = [rows for _, rows in shown.groupby(shown.rule.map(lambda r: repr((r.terms, r.kind))), sort=False)]
    start = tables["countries"].date.min()
    end = tables["countries"].date.max()
    ncols = 3
    nrows = max(1, int(np.ceil(len(groups) / ncols)))
    fig, axes = plt.subplots(nrows, ncols, figsize=(15, 2.9 * nrows), squeeze=False)
    for ax, rows in zip(axes.flat, groups, strict=False):
        _draw_panel(ax, rows, rule_daily(tables, rows.iloc[0].rule), start, end)
    for ax in axes.flat[len(groups) :]:
        ax.set_visible(False)
    handles = [
        plt.Line2D([], [], color=SIM, lw=1.5, label="simulated (7-day mean for flows; band: replicate range)"),
        plt.Line2D([], [], color=FORCED, lw=1.5, label="simulated, forcing check (not in the metrics)"),
        plt.Line2D([], [], color=OBS, lw=2.5, label="observed (a period's total per day, or a day's figure)"),
    ]
    fig.legend(handles=handles, loc="upper center", ncol=3, frameon=False, bbox_to_anchor=(0.5, 1.0))
    if title:
        fig.suptitle(title, x=0.01, y=1.02, ha="left", fontsize=12)
    path = out / f"observed_vs_simulated_over_time{suffix}.png"
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


def plot_scatter(table: pd.DataFrame, out: Path, title: str = "", suffix: str = "") -> Path:
    """Observed against simulated, one point per observation, on log axes with the 1:1 line, in
    ``observed_vs_simulated{suffix}.png``; a range's ends are its horizontal bar."""
    shown = table[table.status != SKIP]
    fig, ax = plt.subplots(figsize=(7, 6.5))
    values = pd.concat([shown.observed, shown.simulated, shown.simulated_min, shown.simulated_max])
    lo, hi = values[values > 0].min() * 0.5, values.max() * 2
    grid = np.array([lo, hi])
    ax.plot(grid, grid, color="0.3", lw=1, label="simulated = observed")
    ax.fill_between(grid, grid * 0.85, grid * 1.15, color="0.85", lw=0, label="within 15%")
    for status, colour in (("compared", SIM), ("forcing_check", FORCED)):
        rows = shown[shown.status == status]
        # the mean of identical runs can differ from them in the last bit, which errorbar refuses
        err = np.clip(np.vstack([rows.simulated - rows.simulated_min, rows.simulated_max - rows.simulated]), 0, None)
        ranged = rows.bound == RANGE
        below, above = rows.observed - rows.observed_low, rows.observed_high - rows.observed
        xerr = np.vstack([below.where(ranged, 0), above.where(ranged, 0)])
        ax.errorbar(
            rows.observed, rows.simulated, xerr=xerr, yerr=err, fmt="o", color=colour, ms=5, capsize=2, label=status
        )
    worst = shown[shown.status == "compared"].sort_values("relative_error", ascending=False).head(5)
    legend = []
    for rank, row in enumerate(worst.itertuples(), start=1):
        ax.annotate(str(rank), (row.observed, row.simulated), fontsize=8, xytext=(-9, 0), textcoords="offset points")
        place = row.country_or_place.split(" (")[0]
        legend.append(f"{rank}  {place}, {row.measure.replace('_', ' ')}, {row.period}")
    ax.text(0.99, 0.01, "\n".join(legend), transform=ax.transAxes, fontsize=7, ha="right", va="bottom")
    ax.set(xscale="log", yscale="log", xlim=(lo, hi), ylim=(lo, hi), xlabel="observed", ylabel="simulated")
    ax.set_title(title or "Observed against simulated (the five worst labelled)", loc="left", fontsize=11)
    ax.grid(alpha=0.3, which="both")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="upper left", fontsize=8)
    path = out / f"observed_vs_simulated{suffix}.png"
    _save(fig, path)
    return path
