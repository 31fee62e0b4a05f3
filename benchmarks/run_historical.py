"""Benchmark: the full historical scenario, timed per phase of the day.

    python benchmarks/run_historical.py [--people-per-agent 1] [--seed 42]

Prints wall time, peak resident memory (RSS), migrant-steps per second (agents active on a day,
summed over days) and the share of time in each phase of ``RouteModel.step``.
"""

import argparse
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from model.model import RouteModel  # noqa: E402
from scenarios.loader import load_scenario  # noqa: E402

PHASES = (
    "apply_events",
    "add_arrivals",
    "update_knowledge",
    "choose_next_moves",
    "move_migrants",
    "process_border_points",
    "missions_act",
    "collect_data",
)


def timed(model: RouteModel) -> dict:
    """Wrap each phase method of ``model`` to accumulate its time."""
    spent = defaultdict(float)
    for name in PHASES:
        method = getattr(model, name)

        def wrapper(method=method, name=name):
            t = time.perf_counter()
            method()
            spent[name] += time.perf_counter() - t

        setattr(model, name, wrapper)
    return spent


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--people-per-agent", type=int, default=1)
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args(argv)
    scenario = load_scenario("historical", {"people_per_agent": args.people_per_agent})
    started = time.perf_counter()
    model = RouteModel(scenario, seed=args.seed)
    spent = timed(model)
    migrant_steps = 0
    while model.running:
        model.step()
        migrant_steps += model.migrants.active.size
    wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"historical, people_per_agent={args.people_per_agent}, seed={args.seed}: {model.migrants.n:,} agents, "
        f"{model.n_days} days"
    )
    print(
        f"wall {wall:.1f} s; peak RSS {peak_mb:.0f} MB; {migrant_steps:,} migrant-steps "
        f"({migrant_steps / wall / 1e6:.2f} M/s; {model.migrants.n * model.n_days / wall / 1e6:.1f} M agent-days/s)"
    )
    total = sum(spent.values())
    for name in PHASES:
        print(f"  {name:<22} {spent[name]:6.2f} s  {spent[name] / total:5.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
