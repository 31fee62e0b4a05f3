"""``python run.py sensitivity``: Morris or Sobol indices over the declared parameter ranges (SALib)."""

import argparse
import sys
import time
from pathlib import Path

from cli.options import add_override_options, at_least_one, name_list, seed

HELP = "sensitivity indices (Morris or Sobol, SALib) over the parameters' declared ranges"
DESCRIPTION = (
    "Sample the declared ranges of the parameters (all, or --parameters) with SALib, run every sample "
    "as a batch run (OUT is a batch folder: --resume finishes it), run the scenario's own values on "
    "--noise-seeds seeds to measure what the seeds alone do, and write OUT/indices.csv (each index with its "
    "95 % confidence half-width), OUT/noise.csv, OUT/indices.png/.svg (indices in the output's units, with "
    "the seeds' floor) and OUT/samples.csv."
)


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument("scenario", metavar="SCENARIO", help="scenario name or YAML path")
    p.add_argument("--method", choices=("morris", "sobol"), default="morris")
    p.add_argument(
        "--n",
        type=at_least_one,
        default=10,
        metavar="N",
        help="Morris: trajectories (N x (D+1) runs); Sobol: base samples, a power of 2 (N x (D+2) runs)",
    )
    p.add_argument(
        "--outputs",
        type=name_list,
        default=["peak_stranded"],
        metavar="METRIC,...",
        help="summary metrics, e.g. peak_stranded,smuggled_share,skopje.response_lag_days",
    )
    p.add_argument(
        "--parameters",
        type=name_list,
        default=None,
        metavar="KEY,KEY...",
        help="only these (default: every declared range)",
    )
    p.add_argument(
        "--replicates", type=at_least_one, default=1, metavar="R", help="seeds per sample row, averaged (default 1)"
    )
    p.add_argument("--seed", type=seed, default=0, metavar="S", help="sampling seed; replicate r uses seed S+r")
    p.add_argument(
        "--noise-seeds",
        type=int,
        default=10,
        metavar="K",
        help="runs of the scenario's own values on K seeds, to measure what the seeds alone do (default 10; "
        "0 or 1: not measured)",
    )
    add_override_options(p)
    p.add_argument("--workers", type=at_least_one, default=2, metavar="W", help="local worker processes (default 2)")
    p.add_argument("--out", type=Path, default=None, help="folder (default: results/sensitivity-<scenario>-<method>)")
    p.add_argument("--resume", action="store_true", help="finish a sensitivity folder, skipping runs on disk")
    p.add_argument(
        "--skip-damaged",
        action="store_true",
        help="with --resume: average each sample row over its runs without a damaged summary.json (listed)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def main(args) -> int:
    from analysis.results import DamagedResults, skipped_lines
    from analysis.sensitivity import run_sensitivity
    from cli.options import overrides_from_args

    outputs = args.outputs
    out = args.out or Path("results") / f"sensitivity-{Path(args.scenario).stem}-{args.method}"

    def planned(rows, prob, runs):
        print(f"{args.method}: {len(rows)} sample rows over {prob['num_vars']} parameters -> {len(runs)} runs")

    started = time.perf_counter()
    try:
        result = run_sensitivity(
            args.scenario,
            args.method,
            args.n,
            outputs,
            args.parameters,
            args.replicates,
            args.seed,
            overrides_from_args(args),
            out,
            workers=args.workers,
            resume=args.resume,
            progress=not args.quiet,
            plan_extra={"set": args.assignments},
            on_planned=planned,
            skip_damaged=args.skip_damaged,
            noise_seeds=args.noise_seeds,
        )
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DamagedResults as exc:
        hint = "delete the run's folder and rerun with --resume"
        hint += "" if args.skip_damaged else ", or add --skip-damaged"
        print(f"error: {exc} ({hint})", file=sys.stderr)
        return 2
    for line in skipped_lines(result["skipped"]):
        print(line, file=sys.stderr)
    if result["indices"] is None:
        for row in result["failed"].itertuples():
            print(f"  {row.status} {row.run_id}: {row.error}", file=sys.stderr)
        print(f"error: {len(result['failed'])} runs did not finish; fix and rerun with --resume", file=sys.stderr)
        return 1
    indices, noise = result["indices"], result["noise"]
    main_index = "S1" if args.method == "sobol" else "mu_star"
    for output in outputs:
        top = indices[(indices.output == output) & (indices["index"] == main_index)].nlargest(5, "value")
        if top.value.isna().all() or (top.value == 0).all():
            print(f"  {output}: the same in every sample run; no parameter moves it")
            continue
        ranked = ", ".join(f"{r.parameter} {r.value:,.3g}±{r.conf:,.2g}" for r in top.itertuples())
        sd = noise.loc[output, "seed_sd"]
        seeds = f"; seed noise sd {sd:,.3g} over {int(noise.loc[output, 'seeds'])} seeds" if sd == sd else ""
        print(f"  {output}: {main_index} {ranked}{seeds}")
    elapsed = time.perf_counter() - started
    print(f"{len(result['runs'])} runs in {elapsed:.1f} s. Indices in {(out / 'indices.csv').resolve()}")
    return 0
