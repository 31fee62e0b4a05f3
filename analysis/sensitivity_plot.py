"""The sensitivity figure: a panel per output, its indices in the output's own units (Morris) or as
shares of its variance (Sobol), with 95 % intervals clipped where an index cannot go, and the floor of
what the seeds alone do."""

from pathlib import Path

import numpy as np
import pandas as pd

MORRIS_LEVELS = 4
MORRIS_STEP = MORRIS_LEVELS / (2 * (MORRIS_LEVELS - 1))  # SALib's step, as a share of each range
# a parameter without effect, whose two runs of a step had independent seeds, would show a mu* of
# E|X - Y| / step for X, Y ~ N(0, sd^2): 2 sd / sqrt(pi) / step. Common seeds make it smaller: an upper bound.
NOISE_MU_STAR = 2 / np.sqrt(np.pi) / MORRIS_STEP


def noise_floor(method: str, output: str, values: pd.DataFrame, noise: pd.DataFrame) -> float:
    """Morris: the mu* seed noise alone could give (output units); Sobol: the seeds' share of the
    output's variance across the sample. NaN where the seeds were not measured."""
    sd = noise.loc[output, "seed_sd"] if output in noise.index else np.nan
    if method == "morris":
        return NOISE_MU_STAR * sd
    var = np.var(values[output].to_numpy(float), ddof=1)
    return min(sd**2 / var, 1.0) if var > 0 else np.nan


def _clipped(value: pd.Series, conf: pd.Series, low: float, high: float | None) -> np.ndarray:
    """Asymmetric error bars that stop at the bounds an index cannot pass (mu* >= 0, shares in [0, 1])."""
    below = np.minimum(conf, value - low)
    above = conf if high is None else np.minimum(conf, high - value)
    return np.vstack([np.maximum(below, 0), np.maximum(above, 0)])


def plot_indices(indices: pd.DataFrame, method: str, out: Path, values: pd.DataFrame, noise: pd.DataFrame) -> list:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    shown = ("S1", "ST") if method == "sobol" else ("mu_star",)
    labels = {"S1": "first-order S1", "ST": "total ST", "mu_star": "Morris mu* (mean absolute elementary effect)"}
    colours = {"S1": "#0072B2", "ST": "#E69F00", "mu_star": "#0072B2"}
    outputs = list(dict.fromkeys(indices.output))
    names = list(dict.fromkeys(indices.parameter))
    fig, axes = plt.subplots(1, len(outputs), figsize=(5.4 * len(outputs) + 1.5, 0.45 * len(names) + 2.2),
                             squeeze=False, sharey=True)  # fmt: skip
    height = 0.8 / len(shown)
    for ax, output in zip(axes[0], outputs, strict=True):
        y_all = values[output].to_numpy(float)
        if np.ptp(y_all) == 0:
            ax.text(0.5, 0.5, f"{output} is {y_all[0]:,.4g} in every one of\nthe {len(y_all)} sample runs: "
                    "it does not vary,\nso no parameter moves it", transform=ax.transAxes, ha="center",
                    va="center", fontsize=9, color="#555555")  # fmt: skip
        else:
            for k, index in enumerate(shown):
                part = indices[(indices.output == output) & (indices["index"] == index)].set_index("parameter")
                value, conf = part.loc[names, "value"], part.loc[names, "conf"].fillna(0)
                y = np.arange(len(names)) + (k - (len(shown) - 1) / 2) * height
                bars = _clipped(value, conf, 0.0, 1.0 if method == "sobol" else None)
                ax.barh(y, value, height=height, xerr=bars, color=colours[index], label=labels[index],
                        error_kw={"lw": 1, "capsize": 2})  # fmt: skip
                if method == "morris":
                    top = max(value.max(), 1e-300)
                    for yy, v in zip(y, value, strict=True):
                        ax.text(v, yy, f" {v / top:.2f}", va="center", fontsize=7, color="#333333")
            floor = noise_floor(method, output, values, noise)
            if np.isfinite(floor):
                ax.axvline(floor, color="#D55E00", ls="--", lw=1.2)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(range(len(names)), names, fontsize=8)
        ax.invert_yaxis()
        ax.set_title(output, loc="left", fontsize=10)
        unit = "share of the output's variance" if method == "sobol" else f"mu*, in {output}'s units"
        ax.set_xlabel(unit, fontsize=9)
        ax.grid(alpha=0.3, axis="x")
        ax.spines[["top", "right"]].set_visible(False)
    handles = [Line2D([], [], color=colours[i], lw=6, label=labels[i]) for i in shown]
    floor_label = ("seed noise: the mu* a parameter without effect could show" if method == "morris"
                   else "seed noise: the seeds' share of the variance")  # fmt: skip
    handles.append(Line2D([], [], color="#D55E00", ls="--", label=floor_label))
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), frameon=False, fontsize=8.5,
               bbox_to_anchor=(0.5, 1 - 0.45 / fig.get_figheight()))  # fmt: skip
    note = " (numbers: mu* over the largest)" if method == "morris" else ""
    fig.suptitle(f"Sensitivity ({method}){note}; bars: 95 % intervals, clipped where an index cannot go",
                 x=0.01, ha="left", fontsize=11, y=0.995)  # fmt: skip
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.85 / fig.get_figheight()))
    paths = [out / "indices.png", out / "indices.svg"]
    for path in paths:
        fig.savefig(path, dpi=150)
    plt.close(fig)
    return paths
