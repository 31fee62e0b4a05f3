"""``python run.py sensitivity``: Morris or Sobol indices over the declared parameter ranges (SALib)."""

import argparse
import json
import sys
import time
from pathlib import Path

from scenarios.loader import add_override_options

HELP = "sensitivity indices (Morris or Sobol, SALib) over the parameters' declared ranges"
DESCRIPTION = (
    "Sample the declared ranges of the parameters (all, or --parameters) with SALib, run every sample "
    "as a batch run (OUT is a batch folder: --resume finishes it), and write OUT/indices.csv (each "
    "index with its 95 % confidence half-width), OUT/indices.png/.svg and OUT/samples.csv."
)


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument("scenario", metavar="SCENARIO", help="scenario name or YAML path")
    p.add_argument("--method", choices=("morris", "sobol"), default="morris")
    p.add_argument(
        "--n",
        type=int,
        default=10,
        metavar="N",
        help="Morris: trajectories (N x (D+1) runs); Sobol: base samples, a power of 2 (N x (D+2) runs)",
    )
    p.add_argument(
        "--outputs",
        default="peak_stranded",
        metavar="METRIC,...",
        help="summary metrics, e.g. peak_stranded,smuggled_share,skopje.response_lag_days",
    )
    p.add_argument(
        "--parameters", default=None, metavar="KEY,KEY...", help="only these (default: every declared range)"
    )
    p.add_argument("--replicates", type=int, default=1, metavar="R", help="seeds per sample row, averaged (default 1)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="sampling seed; replicate r uses seed S+r")
    add_override_options(p)
    p.add_argument("--workers", type=int, default=2, metavar="W", help="local worker processes (default 2)")
    p.add_argument("--out", type=Path, default=None, help="folder (default: results/sensitivity-<scenario>-<method>)")
    p.add_argument("--resume", action="store_true", help="finish a sensitivity folder, skipping runs on disk")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def main(args) -> int:
    import pandas as pd

    from analysis import sensitivity as sa
    from scenarios.batch import run_batch
    from scenarios.loader import ScenarioError, overrides_from_args

    overrides = overrides_from_args(args)
    if args.n < 1 or args.replicates < 1:
        raise ScenarioError("--n and --replicates must be 1 or more")
    outputs = [o.strip() for o in args.outputs.split(",") if o.strip()]
    prob = sa.problem(args.parameters.split(",") if args.parameters else None)
    rows = sa.sample(prob, args.method, args.n, args.seed)
    runs, row_runs = sa.plan_samples(args.scenario, sa.row_points(prob, rows), args.replicates, args.seed, overrides)
    out = args.out or Path("results") / f"sensitivity-{Path(args.scenario).stem}-{args.method}"
    plan = {
        "scenarios": [args.scenario],
        "sensitivity": {"method": args.method, "n": args.n, "outputs": outputs, "parameters": prob["names"],
                        "bounds": prob["bounds"], "replicates": args.replicates, "seed": args.seed},
        "set": args.assignments,
    }  # fmt: skip
    print(f"{args.method}: {len(rows)} sample rows over {prob['num_vars']} parameters -> {len(runs)} runs")
    started = time.perf_counter()
    try:
        manifest = run_batch(runs, out, workers=args.workers, resume=args.resume, plan=plan, progress=not args.quiet)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    samples = pd.DataFrame(rows, columns=prob["names"])
    samples.insert(0, "run_ids", [json.dumps(ids) for ids in row_runs])
    samples.to_csv(out / "samples.csv", index_label="row")
    failed = manifest[manifest.status != "ok"]
    if len(failed):
        for row in failed.itertuples():
            print(f"  {row.status} {row.run_id}: {row.error}", file=sys.stderr)
        print(f"error: {len(failed)} runs did not finish; fix and rerun with --resume", file=sys.stderr)
        return 1
    values = sa.read_outputs(out, row_runs, outputs)
    indices = sa.analyze(prob, args.method, rows, values, args.seed)
    indices.to_csv(out / "indices.csv", index=False)
    sa.plot_indices(indices, args.method, out)
    main_index = "S1" if args.method == "sobol" else "mu_star_norm"
    for output in outputs:
        top = indices[(indices.output == output) & (indices["index"] == main_index)].nlargest(5, "value")
        ranked = ", ".join(f"{r.parameter} {r.value:.2f}±{r.conf:.2f}" for r in top.itertuples())
        print(f"  {output}: {main_index} {ranked}")
    print(f"{len(runs)} runs in {time.perf_counter() - started:.1f} s. Indices in {(out / 'indices.csv').resolve()}")
    return 0
