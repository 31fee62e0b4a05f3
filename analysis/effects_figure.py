"""The effects figure: each scenario's seed-paired effect on every outcome, as a share of the baseline."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from analysis.compare_figures import COLOURS, COUNTRY, MISSION, Figure, _finish, _top_legend  # noqa: E402
from analysis.effects import LEVEL  # noqa: E402

ROW_IN = 0.24  # inches per outcome row
MARKERS = "osD^vPX*"  # with the colour, tells apart more scenarios than there are colours


def _relative(effects: pd.DataFrame) -> pd.DataFrame:
    """The rows with a baseline to be relative to, in percent of the baseline's mean."""
    rows = effects[(effects.pairs > 0) & (effects.baseline_mean.abs() > 0)].copy()
    scale = 100 / rows.baseline_mean.abs()
    for column in [c for c in ("effect", "low", "high", "seed_low", "seed_high") if c in rows]:
        rows[column] = rows[column] * scale
    return rows


def effects_figure(effects: pd.DataFrame, baseline: str, out: Path) -> Figure | None:
    """One row per outcome, one marker per scenario: the mean effect in percent of the baseline's mean,
    with its interval; a filled marker where the interval excludes zero, an open one where the seeds'
    noise could explain it, a grey one where the count is too coarse. None if nothing can be drawn."""
    rows = _relative(effects)
    if rows.empty:
        return None
    posterior = bool((rows.get("draws", pd.Series([0])).fillna(0) > 0).any())
    outcomes = list(dict.fromkeys(rows.outcome))
    scenarios = list(dict.fromkeys(effects.scenario))
    fig, ax = plt.subplots(figsize=(9.5, ROW_IN * len(outcomes) + 2.2))
    step = 0.6 / max(len(scenarios), 1)
    for k, scenario in enumerate(scenarios):
        colour = COLOURS[(k + 1) % len(COLOURS)]  # the baseline keeps the first colour in the other figures
        mine = rows[rows.scenario == scenario].set_index("outcome")
        y = np.array([outcomes.index(o) for o in mine.index]) + (k - (len(scenarios) - 1) / 2) * step
        has_interval = mine.low.notna().to_numpy()
        ax.hlines(y[has_interval], mine.low[has_interval], mine.high[has_interval], color=colour,
                  lw=0.9 if posterior else 1.4)  # fmt: skip
        if posterior:
            seeds = mine.seed_low.notna().to_numpy()
            ax.hlines(y[seeds], mine.seed_low[seeds], mine.seed_high[seeds], color=colour, lw=3.2, alpha=0.45)
        for yy, (_, r) in zip(y, mine.iterrows(), strict=True):
            face = "#bbbbbb" if r.coarse else (colour if r.excludes_zero else "white")
            ax.plot(r.effect, yy, MARKERS[k % len(MARKERS)], ms=5, mec=colour, mfc=face, mew=1.2)
    ax.axvline(0, color="#444444", lw=0.8)
    units = dict(zip(rows.outcome, rows.unit, strict=True))
    ax.set_yticks(range(len(outcomes)), [_outcome_label(o, units[o]) for o in outcomes], fontsize=8)
    ax.set_ylim(len(outcomes) - 0.5, -0.5)
    ax.set_xscale("symlog", linthresh=10)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:+,.0f} %" if v else "0"))
    ax.set_xlabel(f"effect, in percent of {baseline}'s mean (symmetric log scale beyond ±10 %)")
    ax.grid(axis="x", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Line2D([], [], color=COLOURS[(k + 1) % len(COLOURS)], marker=MARKERS[k % len(MARKERS)], lw=1.4, label=s)
               for k, s in enumerate(scenarios)]  # fmt: skip
    handles += [
        Line2D([], [], ls="", marker="o", mec="#444444", mfc="#444444", label="interval excludes 0"),
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            mec="#444444",
            mfc="white",
            label="within parameters' and seeds' spread" if posterior else "within the seeds' noise",
        ),
        Line2D([], [], ls="", marker="o", mec="#444444", mfc="#bbbbbb", label="too few agents to compare"),
    ]
    legend_rows = _top_legend(fig, handles)
    left_out = effects[(effects.pairs > 0) & (effects.baseline_mean == 0)].outcome.nunique()
    if posterior:
        interval = (
            f"Each scenario minus {baseline} on the same posterior draw and seed; the mean over the draws, with the "
            f"{int(LEVEL * 100)} % range of the draws' effects (parameter uncertainty and the seeds' noise; thin "
            "line) and the range the seeds alone would give (thick line)."
        )
    else:
        interval = (
            f"Each scenario minus {baseline} on the same seed, averaged over the seed pairs, with the "
            f"{int(LEVEL * 100)} % confidence interval of the mean (Student's t; the seeds' noise only)."
        )
    caption = (
        f"{interval} Outcomes whose baseline mean is zero ({left_out}) cannot be shown as a share; they are in "
        "effects.csv with the rest."
    )
    title = f"Effects against {baseline}, paired by {'draw and seed' if posterior else 'seed'}"
    return _finish(fig, out, "effects", title, caption, legend_rows)


def _outcome_label(outcome: str, unit: str) -> str:
    """ "peak_stranded.GR" -> "peak stranded, Greece"; "serbia.trainings" -> "Serbia mission: trainings (courses)"."""
    head, _, tail = outcome.partition(".")
    if tail and head in MISSION:
        text = f"{MISSION[head]} mission: {tail.replace('_', ' ')}"
    elif tail:
        text = f"{head.replace('_', ' ')}, {COUNTRY.get(tail, tail)}"
    else:
        text = head.replace("_", " ")
    if unit in ("people", "share"):
        return text
    return f"{text.removesuffix(' eur').removesuffix(' days')} ({unit})"
