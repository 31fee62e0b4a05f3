"""``python run.py validate``: how close a run, or a batch's replicates, come to what was counted."""

import argparse
from pathlib import Path

HELP = "compare a run or a batch with the recorded counts; writes RESULTS/validation/"
DESCRIPTION = (
    "Compare simulated with observed figures (model/data/sources/transit_by_country.csv, "
    "post_closure.csv and branches_2016_2018.csv). Writes RESULTS/validation/: observations.csv (one row "
    "per recorded figure: observed, simulated, relative error, or why it is skipped; a figure quoted as "
    "'over X' or 'up to X' is a bound, in error only on its wrong side, and one given as 'X-Y' a range), "
    "metrics.json (mean relative error and FLEE's averaged relative difference over the corridor's "
    "figures, with the spread over replicates, and the same per group: corridor, branches, later, prices) "
    "and plots of observed against simulated. RESULTS is a run folder (python run.py run) or a batch "
    "folder (python run.py batch); in a batch each scenario and parameter point is validated on its own, "
    "its replicates giving the band."
)


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument(
        "results",
        nargs="?",
        type=Path,
        default=Path("results/historical"),
        metavar="RESULTS",
        help="a run folder or a batch folder (default results/historical)",
    )
    p.add_argument("--out", type=Path, default=None, help="output folder (default RESULTS/validation)")
    p.add_argument(
        "--sources",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder with transit_by_country.csv and post_closure.csv, and branches_2016_2018.csv if there "
        "(default model/data/sources)",
    )
    p.add_argument(
        "--observations",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE",
        help="CSV files of further figures, in the columns of branches_2016_2018.csv (country, place, period_start, "
        "period_end, measure, value; quote and source optional): compared like its rows, in group 'given', e.g. "
        "the counts of 2018 a historical_2018 run predicts",
    )
    p.add_argument("--no-plots", action="store_true", help="write the table and metrics only")
    p.add_argument(
        "--skip-damaged",
        action="store_true",
        help="go on without runs with a damaged file (listed); without it a damaged file stops the command",
    )


def _print_summary(name: str, metrics: dict, table):
    mre, ard = metrics["mean_relative_error_by_replicate"], metrics["averaged_relative_difference_by_replicate"]
    spread = metrics["replicates"] > 1
    print(
        f"{name}: {metrics['compared']} corridor observations compared, {metrics['forcing_checks']} forcing checks, "
        f"{metrics['skipped']} skipped ({metrics['replicates']} replicate{'s' if spread else ''})"
    )
    line = f"  mean relative error {metrics['mean_relative_error']:.3f}"
    if spread:
        line += f" (replicates: {mre['mean']:.3f} +/- {mre['sd']:.3f}, {mre['min']:.3f}-{mre['max']:.3f})"
    print(line)
    print(
        f"    ({len(metrics['bounds'])} figures quoted as bounds, 'over X' or 'up to X', count only on the wrong "
        f"side; read as points: {metrics['mean_relative_error_as_points']:.3f})"
    )
    line = (
        f"  averaged relative difference {metrics['averaged_relative_difference']:.3f} "
        f"over {len(metrics['averaged_relative_difference_dates'])} dates of people present or stranded"
    )
    if spread:
        line += f" (replicates: {ard['mean']:.3f} +/- {ard['sd']:.3f}, {ard['min']:.3f}-{ard['max']:.3f})"
    print(line)
    compared = table[table.status == "compared"]
    worst = compared[compared.group == "corridor"].sort_values("relative_error", ascending=False).head(5)
    print("  worst matched:")
    for row in worst.itertuples():
        print(
            f"    {row.relative_error:6.2f}  {row.country_or_place.split(' (')[0]} {row.measure} {row.period}: "
            f"observed {row.observed:,.0f}, simulated {row.simulated:,.0f}"
        )
    _print_groups(metrics["groups"])
    _print_branch_rows(compared[compared.group == "branches"])
    _print_branch_rows(compared[compared.group == "given"], "figures given with --observations:")


def _print_groups(groups: dict):
    print("  by group (the figures above are the corridor's):")
    for name, g in groups.items():
        if not g["compared"] + g["forcing_checks"] + g["skipped"]:
            continue  # no figure of this group at all (e.g. no --observations file)
        if not g["compared"] + g["forcing_checks"]:
            print(f"    {name}: none in the run's period ({g['skipped']} skipped)")
            continue
        print(
            f"    {name}: {g['compared']} compared, mean relative error {g['mean_relative_error']:.3f}, "
            f"{g['within_factor_2']} within a factor of 2; {g['forcing_checks']} forcing checks, {g['skipped']} skipped"
        )


def _print_branch_rows(rows, title="branch countries (Albania, Montenegro, Bosnia and Herzegovina, Kosovo):"):
    if rows.empty:
        return
    labels = [f"{r.country_or_place.split(' (')[0]} {r.measure} {r.period}" for r in rows.itertuples()]
    width = max(map(len, labels))
    print(f"  {title}")
    print(f"    {'':{width}} {'observed':>9} {'simulated':>10} {'sim/obs':>8}")
    for label, row in zip(labels, rows.itertuples(), strict=True):
        ratio = row.simulated / row.observed if row.observed else float("nan")
        print(f"    {label:{width}} {row.observed:9,.0f} {row.simulated:10,.0f} {ratio:8.2f}")


def main(args) -> int:
    import sys

    from analysis.results import DamagedResults, load, printed_notes, skipped_lines
    from analysis.validation import read_sources, validate_results
    from runs.store import writable_folder

    if args.out is not None:  # a bad --out fails before anything is read
        writable_folder(args.out, kind="validation folder", make=False)
    try:
        observations = read_sources(args.sources, tuple(args.observations))
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        with printed_notes():
            tables = load(args.results, skip_damaged=args.skip_damaged)
    except DamagedResults as exc:
        print(f"error: {exc} (--skip-damaged goes on without it)", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc}; make one with `python run.py` or `python run.py batch ...`", file=sys.stderr)
        return 2
    for line in skipped_lines(tables["skipped"]):
        print(line, file=sys.stderr)
    if tables["countries"].empty:
        left_out = f" ({len(tables['skipped'])} damaged skipped)" if len(tables["skipped"]) else ""
        print(f"error: {args.results}: no completed runs to validate{left_out}", file=sys.stderr)
        return 2
    out = args.out or args.results / "validation"
    for name, (table, metrics) in validate_results(tables, observations, out, not args.no_plots).items():
        _print_summary(name, metrics, table)
    print(f"Validation in {out.resolve()}/ (observations.csv, metrics.json{', plots/' if not args.no_plots else ''})")
    return 0
