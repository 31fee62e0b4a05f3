"""Scenario discovery: the ranges of the sampled parameters in which an outcome passes a threshold.

The runs of a batch whose parameters were sampled (``batch --sample lhs:N``; each run's values are in
its ``point``) or drawn from a posterior (``batch --posterior FILE``; the values of its draw) are the
cases; an outcome of their summaries above (or below) a threshold marks the
cases of interest. PRIM (the Patient Rule Induction Method, Friedman and Fisher 1999, as EMA Workbench
implements it) peels the parameter space to boxes that hold many of them: a box's **coverage** is the
share of all cases of interest inside it, its **density** the share of the cases inside it that are
of interest. Along the peeling trajectory coverage falls as density rises; the box chosen is the last
with at least ``min_coverage`` coverage (EMA Workbench's default choice is the last box of the trajectory,
which can hold a handful of cases). Feature scores (extra trees) rank the parameters by how much they
tell the cases of interest apart, boxes or not.

Replicates of one point (several seeds) are separate cases: a box that holds a point holds its seeds.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

MIN_COVERAGE = 0.5


class DiscoveryError(ValueError):
    """A batch or outcome scenario discovery cannot work with; the message says what is missing."""


@dataclass
class Discovery:
    cases: pd.DataFrame  # one row per run: the sampled parameters
    of_interest: np.ndarray  # bool per case
    trajectory: pd.DataFrame  # the peeling trajectory: coverage, density, mass, res_dim per box
    box: pd.DataFrame  # the chosen box: per restricted parameter, its min and max (and the sampled range)
    chosen: int  # the chosen box's row in ``trajectory``
    scores: pd.Series  # feature score per parameter, highest first


def sampled_cases(summary: pd.DataFrame, outcome: str) -> tuple[pd.DataFrame, pd.Series]:
    """The sampled parameters of each run (from its ``point``) and the outcome, for runs that have both."""
    if outcome not in summary:
        known = ", ".join(c for c in summary.columns if summary[c].dtype.kind in "fi" and c != "seed")
        raise DiscoveryError(f"--outcome {outcome!r} is not in the runs' summaries; numeric outcomes: {known}")
    points = summary["point"].fillna("").astype(str)
    drawn = summary.get("draw_point", pd.Series("", index=summary.index)).fillna("").astype(str)
    if not (points.str.strip().astype(bool) | drawn.str.strip().astype(bool)).any():
        raise DiscoveryError(
            "the batch has no sampled parameters (its runs have no 'point' and no posterior draw): make it with "
            "python run.py batch SCENARIO --sample lhs:N[:KEY,KEY...] or --posterior FILE --draws N"
        )
    rows = [{**(json.loads(p) if p.strip() else {}), **(json.loads(d) if d.strip() else {})}
            for p, d in zip(points, drawn, strict=True)]  # fmt: skip
    cases = pd.DataFrame(rows, index=summary.run_id).apply(pd.to_numeric, errors="coerce")
    y = pd.to_numeric(summary.set_index("run_id")[outcome], errors="coerce")
    keep = cases.notna().all(axis=1) & y.notna()
    cases, y = cases[keep], y[keep]
    varied = [c for c in cases.columns if cases[c].nunique() > 1]
    if len(cases) < 10 or not varied:
        raise DiscoveryError(
            f"{len(cases)} runs with sampled parameters and a value of {outcome}: PRIM needs 10 or more"
        )
    return cases[varied], y


def discover(
    summary: pd.DataFrame, outcome: str, above: float | None = None, below: float | None = None,
    min_coverage: float = MIN_COVERAGE, seed: int = 0,
) -> Discovery:  # fmt: skip
    """PRIM boxes and feature scores for ``outcome`` > ``above`` (or < ``below``)."""
    from ema_workbench.analysis import feature_scoring, prim

    if (above is None) == (below is None):
        raise DiscoveryError("give one threshold: --above VALUE or --below VALUE")
    cases, y = sampled_cases(summary, outcome)
    of_interest = (y > above).to_numpy() if above is not None else (y < below).to_numpy()
    if of_interest.all() or not of_interest.any():
        side = f"above {above:g}" if above is not None else f"below {below:g}"
        raise DiscoveryError(
            f"{int(of_interest.sum())} of {len(y)} runs have {outcome} {side} (range {y.min():g} to {y.max():g}): "
            "PRIM needs some runs on each side"
        )
    x = cases.reset_index(drop=True)
    try:
        algorithm = prim.Prim(x, of_interest, threshold=0.5)  # EMA Workbench 2: the threshold only stops peeling early
    except TypeError:  # EMA Workbench 3 has no threshold
        algorithm = prim.Prim(x, of_interest)
    found = algorithm.find_box()
    if found is None:
        raise DiscoveryError("PRIM found no box that holds the runs of interest better than the whole sample")
    trajectory = found.peeling_trajectory.copy()
    good = np.flatnonzero(trajectory["coverage"].to_numpy() >= min_coverage)
    chosen = int(good[-1]) if good.size else 0
    found.select(chosen)
    limits = found.box_lims[chosen] if hasattr(found, "box_lims") else found.box_lim
    box = pd.DataFrame({
        "min": limits.loc[0], "max": limits.loc[1], "sampled_min": x.min(), "sampled_max": x.max(),
    })  # fmt: skip
    box = box[(box["min"] > box.sampled_min) | (box["max"] < box.sampled_max)]
    scores = feature_scoring.get_ex_feature_scores(x, of_interest.astype(int), random_state=seed)[0]
    scores = scores.iloc[:, 0].sort_values(ascending=False) if isinstance(scores, pd.DataFrame) else scores
    return Discovery(cases, of_interest, trajectory, box, chosen, scores)


def write_discovery(found: Discovery, outcome: str, rule: str, out: Path) -> dict[str, Path]:
    """``box.csv``, ``trajectory.csv``, ``feature_scores.csv`` and ``discovery.png``/``.svg`` in ``out``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    row = found.trajectory.iloc[found.chosen]
    box = found.box.assign(coverage=row["coverage"], density=row["density"], mass=row["mass"])
    box.index.name = "parameter"
    box.to_csv(out / "box.csv")
    found.trajectory.to_csv(out / "trajectory.csv", index_label="box")
    found.scores.rename("feature_score").to_csv(out / "feature_scores.csv", index_label="parameter")

    from matplotlib.ticker import MaxNLocator

    fig, (left, right) = plt.subplots(1, 2, figsize=(13.5, 4.8), gridspec_kw={"width_ratios": [1, 1.3]})
    t = found.trajectory
    points = left.scatter(t["coverage"], t["density"], c=t["res_dim"], cmap="viridis", s=22)
    left.scatter(row["coverage"], row["density"], s=140, facecolors="none", edgecolors="#D55E00", lw=2)
    left.set_xlabel("coverage (share of the cases of interest inside the box)")
    left.set_ylabel("density (share of the box's cases that are of interest)")
    left.set_title("PRIM's peeling trajectory (circled: the box shown)", loc="left", fontsize=10)
    fig.colorbar(points, ax=left, label="parameters restricted", ticks=MaxNLocator(integer=True))
    left.grid(alpha=0.3)
    names = list(found.box.index) or list(found.scores.index[:1])
    for k, name in enumerate(names):
        lo, hi = found.cases[name].min(), found.cases[name].max()
        span = (hi - lo) or 1.0
        right.barh(k, 1.0, left=0, color="#EEEEEE")
        if name in found.box.index:
            b = found.box.loc[name]
            right.barh(k, (b["max"] - b["min"]) / span, left=(b["min"] - lo) / span, color="#0072B2")
            right.text(1.02, k, f"{b['min']:.4g} – {b['max']:.4g}  (sampled {lo:.4g} – {hi:.4g})", va="center",
                       fontsize=8)  # fmt: skip
    right.set_yticks(range(len(names)), names, fontsize=8)
    right.set_xlim(0, 1)
    right.set_xticks([0, 1], ["lowest sampled", "highest sampled"])
    right.invert_yaxis()
    right.set_title(f"The box: {outcome} {rule} in {row['density']:.0%} of its runs, "
                    f"{row['coverage']:.0%} of all such runs", loc="left", fontsize=10)  # fmt: skip
    for side in ("top", "right"):
        right.spines[side].set_visible(False)
    fig.tight_layout()
    fig.subplots_adjust(right=0.76)
    png, svg = out / "discovery.png", out / "discovery.svg"
    fig.savefig(png, dpi=140)
    fig.savefig(svg)
    plt.close(fig)
    return {"box": out / "box.csv", "trajectory": out / "trajectory.csv", "scores": out / "feature_scores.csv",
            "figure": png}  # fmt: skip
