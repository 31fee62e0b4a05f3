"""A Bayesian posterior of the calibrated parameters: ABC-SMC with pyabc.

The same parameters and the same observations as the point fit (:mod:`analysis.calibration`): each
simulation runs the scenario with one draw of the parameters on the calibration's seeds and is scored
exactly as a trial is (:func:`analysis.calibration_trials.score`: the chosen metric, plus the patterns'
shortfall, plus a tenth of the branch figures' log2 error). That score is the ABC **distance** to the
record (0 would be a perfect match). The **prior** of each parameter is uniform over its declared range
(integers are rounded). ABC-SMC (Toni et al. 2009; pyabc, Schälte et al. 2022) keeps a population of
particles; each generation accepts the draws whose distance is under a threshold that tightens to the
median distance of the population before, so the last population is a sample of the approximate
posterior, with importance weights. Simulations run on a local multicore sampler, or on a Dask cluster
(``--scheduler``).
"""

import json
import math
import time
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.calibration import Dimension, with_values
from analysis.calibration_trials import evaluate, score
from runs.posterior import effective_sample_size

QUANTILES = (0.05, 0.5, 0.95)
TRANSITIONS = {
    "local": "pyabc.LocalTransition: a normal kernel around each particle with the covariance of its nearest "
    "quarter of the population",
    "normal": "pyabc.MultivariateNormalTransition: one normal kernel, the population's covariance (Silverman)",
}
PAIRS_MAX = 8  # the pair plot shows the parameters whose 90 % interval narrowed most from the prior


class Simulation:
    """One ABC simulation: the score of a draw of the parameters (picklable, for worker processes)."""

    def __init__(self, scenario_ref: str, overrides: dict, seeds: list[int], objective: str, integer: dict,
                 fit_until: str | None):  # fmt: skip
        self.scenario_ref, self.overrides, self.seeds = scenario_ref, overrides, seeds
        self.objective, self.integer, self.fit_until = objective, integer, fit_until

    def __call__(self, parameters) -> dict:
        values = {k: int(round(v)) if self.integer[k] else float(v) for k, v in dict(parameters).items()}
        result = evaluate(self.scenario_ref, with_values(self.overrides, values), self.seeds, fit_until=self.fit_until)
        return {"score": math.inf if result["error"] else score(result, self.objective)}


def distance(simulated: dict, _observed: dict) -> float:
    return simulated["score"]


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, quantiles=QUANTILES) -> list[float]:
    """Quantiles of a weighted sample: for each q, the smallest value whose cumulative weight reaches q
    (the inverse of the weighted distribution function)."""
    order = np.argsort(values)
    v, cumulative = values[order], np.cumsum(weights[order]) / weights.sum()
    return [float(v[min(np.searchsorted(cumulative, q - 1e-12), v.size - 1)]) for q in quantiles]


def posterior(
    settings: dict, space: list[Dimension], out: Path, population: int, generations: int, workers: int = 2,
    scheduler: str | None = None, point: dict | None = None, max_minutes: float | None = None,
    transition: str = "local",
) -> dict:  # fmt: skip
    """Run ABC-SMC and write ``posterior.csv`` (particles and weights; each population's in
    ``populations/posterior_t<t>.csv``), ``credible_intervals.csv``, ``pairs.png`` and ``abc.json`` into
    ``out``; returns what ``abc.json`` holds. ``point`` (optional, e.g. the optuna fit) is shown beside
    the intervals. With ``max_minutes`` no population starts after
    that wall time, and the posterior is the last one completed."""
    import pyabc

    out.mkdir(parents=True, exist_ok=True)
    bounds = {d.key: (float(d.low), float(d.value(d.count - 1))) for d in space}
    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in bounds.items()})
    overrides = {**settings["set"], "people_per_agent": settings["people_per_agent"]}
    seeds = [settings["seed"] + r for r in range(settings["replicates"])]
    simulate = Simulation(settings["scenario"], overrides, seeds, settings["objective"],
                          {d.key: d.is_integer for d in space}, settings.get("fit_until"))  # fmt: skip
    if scheduler:
        from dask.distributed import Client

        sampler = pyabc.sampler.DaskDistributedSampler(dask_client=Client(scheduler))
    elif workers > 1:
        sampler = pyabc.sampler.MulticoreEvalParallelSampler(n_procs=workers)
    else:
        sampler = pyabc.sampler.SingleCoreSampler()
    kernel = pyabc.LocalTransition() if transition == "local" else pyabc.MultivariateNormalTransition()
    abc = pyabc.ABCSMC(simulate, prior, distance, population_size=population, sampler=sampler, transitions=kernel)
    database = out / "abc.db"
    database.unlink(missing_ok=True)
    abc.new(f"sqlite:///{database}", {"score": 0.0})
    started = time.perf_counter()
    limit = {"max_walltime": timedelta(minutes=max_minutes)} if max_minutes else {}
    history = abc.run(max_nr_populations=generations, **limit)  # past the wall time: the last full population
    wall = time.perf_counter() - started

    particles, weights = history.get_distribution()
    particles = particles[list(bounds)].reset_index(drop=True)
    particles.assign(weight=weights).to_csv(out / "posterior.csv", index_label="particle")
    ess = {}
    (out / "populations").mkdir(exist_ok=True)
    for t in range(history.max_t + 1):  # each population, for a wider one when the last rests on a few particles
        earlier, w = history.get_distribution(t=t)
        earlier[list(bounds)].reset_index(drop=True).assign(weight=w).to_csv(
            out / "populations" / f"posterior_t{t}.csv", index_label="particle"
        )
        ess[t] = effective_sample_size(w)
    rows = []
    for key, (lo, hi) in bounds.items():
        q = weighted_quantiles(particles[key].to_numpy(float), weights)
        rows.append({"parameter": key, "prior_low": lo, "prior_high": hi, "mean": float(np.average(particles[key],
                     weights=weights)), "q05": q[0], "median": q[1], "q95": q[2],
                     "point_fit": (point or {}).get(key, np.nan)})  # fmt: skip
    intervals = pd.DataFrame(rows).set_index("parameter")
    intervals.to_csv(out / "credible_intervals.csv")
    narrowing = ((intervals.q95 - intervals.q05) / (intervals.prior_high - intervals.prior_low)).sort_values()
    shown = list(narrowing.index[:PAIRS_MAX])  # the parameters the record pins down most
    pairs(particles, weights, {k: bounds[k] for k in shown}, out / "pairs.png", point)
    populations = history.get_all_populations()
    summary = {
        "distance": f"calibration score: {settings['objective']} + pattern shortfall + 0.1 x branch log2 error, "
        f"over {len(seeds)} seed(s) at {settings['people_per_agent']} people per agent (0: a perfect match)",
        "prior": {k: f"uniform({lo:g}, {hi:g}), the declared range" for k, (lo, hi) in bounds.items()},
        "population_size": population,
        "populations_asked": generations,
        "populations": int(history.max_t + 1),
        "simulations": int(history.total_nr_simulations),
        # Kish's effective sample size of the last population: far below its size, a few particles carry it
        "effective_sample_size": effective_sample_size(weights),
        "effective_sample_size_by_population": [round(e, 1) for e in ess.values()],
        "epsilons": [float(e) for e in populations["epsilon"] if np.isfinite(e)],
        "wall_s": round(wall, 1),
        "sampler": "dask " + scheduler if scheduler else f"{workers} local process(es)",
        "transition": TRANSITIONS[transition],
    }
    (out / "abc.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary | {"intervals": intervals}


def pairs(particles: pd.DataFrame, weights: np.ndarray, bounds: dict, path: Path, point: dict | None) -> None:
    """A pair plot of the posterior over the parameters in ``bounds``: weighted histograms on the diagonal
    (over the prior's range), particles below it (area by weight), and the point fit if given."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = list(bounds)
    n = len(keys)
    side = max(2.1 * n + 1, 6.0)
    fig, axes = plt.subplots(n, n, figsize=(side, side), squeeze=False)
    size = 200 * weights / weights.max()
    for i, yk in enumerate(keys):
        for j, xk in enumerate(keys):
            ax = axes[i, j]
            if j > i:
                ax.set_visible(False)
                continue
            if i == j:
                ax.hist(particles[xk], bins=15, range=bounds[xk], weights=weights, color="#0072B2", alpha=0.7)
            else:
                ax.scatter(particles[xk], particles[yk], s=size, color="#0072B2", alpha=0.4, lw=0)
                ax.set_ylim(*bounds[yk])
                if point and xk in point and yk in point:
                    ax.scatter(point[xk], point[yk], marker="*", s=120, color="#D55E00", zorder=3)
            ax.set_xlim(*bounds[xk])
            ax.tick_params(labelsize=6)
            if i == n - 1:
                ax.set_xlabel(xk.split(".")[-1], fontsize=7)
            if j == 0 and i > 0:
                ax.set_ylabel(yk.split(".")[-1], fontsize=7)
    star = "; star: the point fit" if point else ""
    fig.suptitle(f"ABC-SMC posterior of the {n} parameters it narrows most\n(weighted particles over the prior's "
                 f"ranges{star})", x=0.01, ha="left", fontsize=10)  # fmt: skip
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
