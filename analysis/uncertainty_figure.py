"""Where the spread comes from, in a posterior-predictive batch: the seeds' noise alone beside the
parameters' uncertainty and the seeds' noise together, panel by panel.

Each draw of the parameters runs on several seeds. Week by week, a run's departure from the mean of
its own draw's runs is the seeds' noise; pooled over the draws, its 5-95 % range, centred on the mean
of the draws' means, is the band the seeds alone give (what a batch at fixed parameters shows). The
5-95 % range over every run is the posterior-predictive band: both sources together.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.bands import BAND, quantile_band
from analysis.compare import Comparison
from analysis.compare_figures import THOUSANDS, Figure, _dates, _finish, _look, _top_legend, plt

SOURCES = ("seeds alone", "parameters and seeds")


def seed_only_band(wide: pd.DataFrame, draw_of: dict) -> pd.DataFrame:
    """``low``, ``median``, ``high`` per row: the mean of the draws' means plus the 5 % and 95 % quantiles
    of every run's departure from its own draw's mean (NaN where no draw has two runs)."""
    draws = pd.Series({r: draw_of[r] for r in wide.columns})
    means = wide.T.groupby(draws).mean().T  # weeks x draws
    residuals = wide - means[draws.to_numpy()].to_numpy()
    sizes = draws.map(draws.value_counts()).to_numpy(float)
    # a departure from a mean of n runs is narrower than a run's own spread by sqrt((n - 1) / n)
    residuals = (residuals * np.sqrt(sizes / np.maximum(sizes - 1, 1))).loc[:, sizes > 1]
    centre = means.mean(axis=1)
    if residuals.shape[1] == 0:
        return pd.DataFrame({"low": np.nan, "median": centre, "high": np.nan}, index=wide.index)
    spread = quantile_band(residuals, BAND)
    return pd.DataFrame({"low": centre + spread.low, "median": centre, "high": centre + spread.high})


def uncertainty_figure(cmp: Comparison, out: Path) -> Figure | None:
    """Rows: people stranded in all countries, their difference from the baseline, smuggled crossings;
    columns: the seed-only band and the posterior-predictive band. None without posterior draws."""
    if not any(cmp.draws(g) for g in cmp.groups):
        return None
    stranded = cmp.weekly("countries", "stranded", how="mean")
    rows = {"People stranded, all countries": (stranded, False)}
    if len(cmp.groups) > 1:
        rows[f"Stranded: difference from {cmp.baseline}"] = (cmp.differences(stranded), True)
    rows["Smuggled crossings per week"] = (cmp.weekly("borders", "smuggled"), False)
    looks = _look(cmp.groups)
    fig, axes = plt.subplots(len(rows), 2, figsize=(11, 2.7 * len(rows) + 1.2), sharex=True, squeeze=False)
    for (title, (per_group, diff)), pair in zip(rows.items(), axes, strict=True):
        for column, ax in enumerate(pair):
            for g, wide in per_group.items():
                if wide.shape[1] == 0:
                    continue
                band = seed_only_band(wide, cmp.draw_of) if column == 0 else quantile_band(wide)
                ax.fill_between(band.index, band.low, band.high, color=looks[g]["color"], alpha=0.2, lw=0)
                ax.plot(band.index, band["median"], lw=1.5, **looks[g])
            if diff:
                ax.axhline(0, color="black", lw=0.8)
            ax.set_title(title, loc="left", fontsize=9.5)
            ax.set_title(SOURCES[column], loc="right", fontsize=9.5, color="#555555", style="italic")
            ax.yaxis.set_major_formatter(THOUSANDS)
            ax.set_ylabel("people", fontsize=8.5)
            _dates(ax)
        low = min(a.get_ylim()[0] for a in pair)
        high = max(a.get_ylim()[1] for a in pair)
        for ax in pair:  # the same scale side by side, so the bands' widths compare at a glance
            ax.set_ylim(low, high)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], lw=1.8, **looks[g], label=f"{g} ({cmp.draws(g)} draws, {len(cmp.runs_of[g])} runs)")
               for g in cmp.groups]  # fmt: skip
    legend_rows = _top_legend(fig, handles)
    caption = (
        "Left: the band the seeds alone give: each run's departure from the mean of its own posterior draw's runs, "
        "pooled over the draws (5-95 %), around the mean of the draws' means; with one seed a draw it cannot be "
        "formed and is left blank. Right: the posterior-predictive band, 5-95 % of every run (draws and seeds) "
        "around the median. The same vertical scale in each row. Differences are taken run by run on the same seed "
        "and draw."
    )
    title = "Seed noise alone against parameter uncertainty and seed noise"
    return _finish(fig, out, "uncertainty_sources", title, caption, legend_rows)
