"""``python run.py compare``: figures with uncertainty bands, route maps and a report from batch folders."""

import argparse
from pathlib import Path

HELP = "compare scenarios across batch or run folders: banded figures, route maps, report.html"
DESCRIPTION = (
    "Read one or more batch folders (or single-run folders), group the runs by scenario and write, "
    "into --out: weekly time series with the median and 5-95 % band across replicates, differences "
    "from the baseline paired by seed, run-level outcomes, route maps by period, a chain figure per mission "
    "(flow, visits, posture, risk, courses, detection and identification; PNG and SVG each), "
    "summary_table.csv (mean and 90 % interval per scenario), effects.csv (each scenario minus the baseline on "
    "the same seed, per outcome, with its 90 % confidence interval) and a self-contained report.html that opens "
    "with the effects in plain words."
)


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument("folders", nargs="+", metavar="DIR", help="batch folders (manifest.csv) or run folders")
    p.add_argument(
        "--baseline",
        default=None,
        metavar="SCENARIO",
        help="scenario the others are compared with (default: historical if present, else the first)",
    )
    p.add_argument("--out", type=Path, default=None, help="output folder (default: DIR/compare for one DIR)")
    p.add_argument(
        "--periods",
        default=None,
        metavar="START:END,...",
        help="route-map periods, e.g. 2015-06-01:2015-09-14,2016-03-09:2016-06-30 (default: before the "
        "Hungarian fence, autumn 2015, after the closure)",
    )
    p.add_argument(
        "--skip-damaged",
        action="store_true",
        help="go on without runs with a damaged file (listed); without it a damaged file stops the command",
    )


def main(args) -> int:
    import sys

    from analysis.compare import compare
    from analysis.maps import parse_periods
    from analysis.results import DamagedResults, printed_notes, skipped_lines
    from runs.store import writable_folder

    out = args.out or (Path(args.folders[0]) / "compare" if len(args.folders) == 1 else Path("results/compare"))
    if args.out is not None:  # a bad --out fails before anything is read (a default one is made after)
        writable_folder(args.out, kind="comparison folder", make=False)
    try:
        with printed_notes():
            periods = parse_periods(args.periods) if args.periods else None
            result = compare(args.folders, out, args.baseline, periods, skip_damaged=args.skip_damaged)
    except DamagedResults as exc:
        print(f"error: {exc} (--skip-damaged goes on without it)", file=sys.stderr)
        return 2
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for line in skipped_lines(result["skipped"]):
        print(line, file=sys.stderr)
    for figure in result["figures"]:
        print(f"  {figure.png}")
    print(f"  {result['table']}")
    print(f"  {result['effects']}")
    print(f"Report: {result['report'].resolve()}")
    return 0
