"""Seed-paired effects of pre-emptive training at the branch crossings: a scenario against its baseline.

    python run.py batch sealed_route sealed_route_preemptive_training --replicates 10 --out results/sealed
    python docs/experiments/training_effects.py results/sealed

For each seed, the crossings counted are those the treatment's Albania, Montenegro and Bosnia and
Herzegovina missions trained on that seed (the same for both runs of the pair), from ``--since``.
Prints each measure's baseline mean, the mean seed-paired difference and its 90 % t-interval (the
mean difference plus or minus t(0.95, n-1) sd / sqrt(n)), and whether the interval excludes 0.
"""

import argparse

import numpy as np
import pandas as pd
from scipy import stats

from analysis.results import load

MISSIONS = ("albania", "montenegro", "bih")


def per_run(borders: pd.DataFrame, trained: list[str]) -> dict[str, float]:
    b = borders[borders.border.isin(trained)]
    irregular = (b.detected + b.smuggled + b.crossed_alone).sum()
    return {
        "irregular crossings (people)": float(irregular),
        "detected (people)": float(b.detected.sum()),
        "share caught": float(b.detected.sum() / irregular) if irregular else np.nan,
        "victims identified (people)": float(b.victims_identified.sum()),
        "chance of detection (mean)": float(b.p_detect.mean()),
        "chance of identification (mean)": float(b.p_identify.mean()),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("batch")
    p.add_argument("--treatment", default="sealed_route_preemptive_training")
    p.add_argument("--baseline", default="sealed_route")
    p.add_argument("--since", default="2016-03-09")
    args = p.parse_args()
    tables = load(args.batch)
    borders = tables["borders"][tables["borders"].date >= args.since]
    courses = tables["trainings"]
    rows = {}
    seeds_of = lambda scenario: set(borders[borders.scenario == scenario].seed)  # noqa: E731
    seeds = sorted(seeds_of(args.treatment) & seeds_of(args.baseline))
    for seed in seeds:
        mine = courses[(courses.scenario == args.treatment) & (courses.seed == seed) & courses.mission.isin(MISSIONS)]
        trained = sorted(set(mine.border))
        for scenario in (args.treatment, args.baseline):
            rows[scenario, seed] = per_run(borders[(borders.scenario == scenario) & (borders.seed == seed)], trained)
    print(f"{args.treatment} minus {args.baseline}, {len(seeds)} seed pairs, from {args.since}")
    for measure in rows[args.baseline, seeds[0]]:
        diff = np.array([rows[args.treatment, s][measure] - rows[args.baseline, s][measure] for s in seeds])
        half = stats.t.ppf(0.95, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff))
        low, high = diff.mean() - half, diff.mean() + half
        base = np.mean([rows[args.baseline, s][measure] for s in seeds])
        verdict = "excludes 0" if low > 0 or high < 0 else "includes 0"
        interval = f"90 % [{low:9.3f}, {high:9.3f}]"
        print(f"  {measure:34s} baseline {base:10.3f}  difference {diff.mean():9.3f}  {interval}  {verdict}")


if __name__ == "__main__":
    main()
