"""Benchmark: this model against FLEE on the same work, side by side, in one run.

    python benchmarks/vs_flee.py [--agents 10000 100000] [--seed 1] [--repeat 1]
                                 [--flee-python /path/to/python3.11]

Both models get the workload of ``benchmarks/workload.py``: this model's route graph (66 places, 80
edges) exported to FLEE's ``addLocation``/``linkUp``, N/300 agents a day entering at Mytilene for
300 days from 15 Aug 2015, and the same country closures on days 31, 63 and 206. Each side runs in
its own child process, one after the other, so each peak memory (RSS) is its own. Wall time covers
building the model and all 300 days (imports and interpreter start-up excluded).

FLEE is optional: ``pip install -e ".[bench]"`` (FLEE 3.1 runs on Python 3.11). Without it the
benchmark says so and measures this model only. ``--flee-python`` runs the FLEE side under another
interpreter that has FLEE (for example when this model is run on Python 3.12).
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

import measure  # noqa: E402
import workload  # noqa: E402

TARGET_RATIO = 50
TARGET_AGENTS = 100_000
INSTALL_HINT = 'pip install -e ".[bench]"  (FLEE 3.1, on Python 3.11)'


def child(side: str, workload_file: str, seed: int) -> int:
    """Run one side on the workload and report its figures (a child process)."""
    work = json.loads(Path(workload_file).read_text(encoding="utf-8"))
    if side == "model":
        import model.model  # noqa: F401  (imports are not the work: measure memory after them)

        before = measure.current_rss_mb()
        measure.report(workload.run_model(work, seed) | {"rss_before_mb": before})
        return 0
    try:
        from flee import flee  # noqa: F401
    except ImportError as e:
        measure.report({"missing": f"FLEE is not installed for {sys.executable} ({e})"})
        return 0
    before = measure.current_rss_mb()
    measure.report(workload.run_flee(work, seed) | {"rss_before_mb": before})
    return 0


def measure_side(side: str, workload_file: str, seed: int, repeat: int, python: str | None) -> dict:
    argv = [__file__, "--side", side, "--workload", workload_file, "--seed", str(seed)]
    first = measure.in_child(argv, python)
    if "missing" in first:
        return first
    return measure.median_of([first, *(measure.in_child(argv, python) for _ in range(repeat - 1))])


def line(agents: int, name: str, r: dict) -> str:
    per_s = r["agent_steps"] / r["wall_s"] if r["wall_s"] > 0 else float("nan")
    spread = f"  (runs: {', '.join(f'{w:.2f}' for w in r['walls_s'])} s)" if len(r["walls_s"]) > 1 else ""
    return (
        f"{agents:>9,}  {name:<6} {r['wall_s']:8.2f} s  {r['peak_rss_mb']:5.0f} MB ({r['rss_before_mb']:3.0f} MB)"
        f"  {r['agent_steps']:>13,}"
        f"  {per_s / 1e6:7.2f} M/s  {r['at_destinations']:>9,}{spread}"
    )


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--agents", type=int, nargs="+", default=[10_000, 100_000], help="total agents (N)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--repeat", type=int, default=1, help="runs per side and size; the median wall is shown")
    p.add_argument("--flee-python", default=None, help="interpreter for the FLEE side (default: this one)")
    p.add_argument("--side", choices=["model", "flee"], help=argparse.SUPPRESS)
    p.add_argument("--workload", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.side:
        return child(args.side, args.workload, args.seed)

    print(f"machine: {measure.machine()}")
    print(
        f"workload: {workload.DAYS} days from {workload.START}, N/{workload.DAYS} agents a day at {workload.ENTRY}, "
        "closures " + ", ".join(f"{a}-{b} day {d}" for d, a, b in workload.CLOSURES if d > 0)
    )
    print(
        f"{'agents':>9}  {'side':<6} {'wall':>10}  {'peak RSS (imports)':>18}  {'agent-steps':>13}  {'rate':>11}"
        "  at dest."
    )
    ratios, flee_missing = {}, None
    with tempfile.TemporaryDirectory() as tmp:
        for agents in args.agents:
            path = Path(tmp) / f"workload_{agents}.json"
            path.write_text(json.dumps(workload.describe(agents)), encoding="utf-8")
            ours = measure_side("model", str(path), args.seed, args.repeat, None)
            print(line(agents, "model", ours), flush=True)
            if flee_missing:
                continue
            theirs = measure_side("flee", str(path), args.seed, args.repeat, args.flee_python)
            if "missing" in theirs:
                flee_missing = theirs["missing"]
                continue
            print(line(agents, "FLEE", theirs), flush=True)
            ratios[agents] = theirs["wall_s"] / ours["wall_s"]
            print(
                f"{'':>9}  FLEE {theirs.get('flee_version', '?')} (Python {theirs['python']}) / model "
                f"(Python {ours['python']}): {ratios[agents]:.0f}x wall, "
                f"{theirs['peak_rss_mb'] / ours['peak_rss_mb']:.1f}x peak RSS",
                flush=True,
            )
    if flee_missing:
        print(f"\nFLEE MISSING: {flee_missing}.\nOnly this model was measured. Install it with: {INSTALL_HINT}")
        return 0
    if TARGET_AGENTS in ratios:
        met = "met" if ratios[TARGET_AGENTS] >= TARGET_RATIO else "NOT met"
        print(
            f"\ntarget: this model >= {TARGET_RATIO}x faster than FLEE at {TARGET_AGENTS:,} agents: "
            f"{ratios[TARGET_AGENTS]:.0f}x, {met}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
