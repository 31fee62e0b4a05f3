"""Benchmark: the historical scenario at 100, 10 and 1 people per agent, and where the day goes.

    python benchmarks/scale.py [--people-per-agent 100 10 1] [--repeat 3] [--seed 42] [--scenario historical]

``--scenario historical historical_2018`` measures both in one session (issue 18: the 2015-18 run at
1 person per agent within 1.3 times the 2015-16 run), each in its own rows.

For each resolution, a fresh child process builds and runs the full historical scenario (1 Jun 2015
to 31 Dec 2016, recorded arrivals, every border point and mission) and reports wall time (building
the model and every day), peak resident memory (RSS), migrant-steps per second (migrants active on
a day, summed over days) and the share of the day's time in each phase:

- route choice: news reaching migrants (cost tables), refused migrants' choices, next hops, also
  those chosen on the way during movement (``choose_next_arc`` called from ``move_along_edges``);
- movement: travel along edges and the smuggled's daily risk;
- border processing: today's policies and levels (dated events), queues, refusals, detection;
- missions: the OSCE missions' monitoring, decisions and spending;
- data collection: the day's records;
- arrivals: today's new migrants at the entries.

Shares are of the time spent inside the day's phases (the rest of the wall is building the model
and the loop itself). With ``--repeat`` above 1, the run with the median wall time is shown with the walls of all runs.
Targets (issue 7): the full historical run at 1 person per agent in under 20 s and 1.5 GB.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

import measure  # noqa: E402

PHASE_OF = {  # RouteModel.step's methods, in the day's order, and the phase each belongs to
    "apply_events": "border processing",
    "add_arrivals": "arrivals",
    "update_knowledge": "route choice",
    "choose_next_moves": "route choice",
    "move_migrants": "movement",
    "process_border_points": "border processing",
    "missions_act": "missions",
    "collect_data": "data collection",
}
PHASES = ("route choice", "movement", "border processing", "missions", "data collection", "arrivals")
TARGET_WALL_S, TARGET_PEAK_MB = 20.0, 1536.0


def child(people_per_agent: int, seed: int, scenario_name: str = "historical") -> int:
    """Run the scenario once, timing each phase, and report (a child process)."""
    import model.movement
    from model.model import RouteModel
    from scenarios.loader import load_scenario

    scenario = load_scenario(scenario_name, {"people_per_agent": people_per_agent})
    clock = measure.PhaseClock()
    model.movement.choose_next_arc = clock.wrap(model.movement.choose_next_arc, "route choice")
    started = time.perf_counter()
    run = RouteModel(scenario, seed=seed)
    for method, phase in PHASE_OF.items():
        setattr(run, method, clock.wrap(getattr(run, method), phase))
    migrant_steps = 0
    while run.running:
        run.step()
        migrant_steps += run.migrants.active.size
    wall = time.perf_counter() - started
    measure.report(
        {
            "agents": int(run.migrants.n),
            "days": run.n_days,
            "wall_s": wall,
            "migrant_steps": migrant_steps,
            "phases_s": {phase: clock.spent[phase] for phase in PHASES},
        }
    )
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--people-per-agent", type=int, nargs="+", default=[100, 10, 1])
    p.add_argument("--repeat", type=int, default=3, help="runs per resolution; the median wall is shown")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--scenario", nargs="+", default=["historical"], help="scenario names (default historical)")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child(args.people_per_agent[0], args.seed, args.scenario[0])

    print(f"machine: {measure.machine()}")
    head = "".join(f"{name:>18}" for name in PHASES)
    walls, by_scenario = {}, {}
    for name in args.scenario:
        print(f"\n{name} scenario, seed {args.seed}, median of {args.repeat} run(s) in separate processes")
        print(f"{'ppa':>5} {'agents':>10} {'wall':>8} {'peak RSS':>9} {'migrant-steps':>14} {'rate':>10}  |{head}")
        results = by_scenario[name] = {}
        for ppa in args.people_per_agent:
            argv = [__file__, "--child", "--people-per-agent", str(ppa), "--seed", str(args.seed), "--scenario", name]
            r = results[ppa] = measure.median_of([measure.in_child(argv) for _ in range(args.repeat)])
            walls[name, ppa] = r["wall_s"]
            step_total = sum(r["phases_s"].values())
            shares = "".join(f"{r['phases_s'][phase] / step_total:>18.1%}" for phase in PHASES)
            print(
                f"{ppa:>5} {r['agents']:>10,} {r['wall_s']:>6.2f} s {r['peak_rss_mb']:>6.0f} MB"
                f" {r['migrant_steps']:>14,} {r['migrant_steps'] / r['wall_s'] / 1e6:>6.2f} M/s  |{shares}"
            )
            if len(r["walls_s"]) > 1:
                print(f"{'':>5} walls of the runs: {', '.join(f'{w:.2f}' for w in r['walls_s'])} s")
    for ppa in args.people_per_agent:
        if ("historical", ppa) in walls and ("historical_2018", ppa) in walls:
            ratio = walls["historical_2018", ppa] / walls["historical", ppa]
            print(f"\n{ppa} per agent: historical_2018 takes {ratio:.2f} times historical (issue 18 bound: 1.3)")
    r = by_scenario.get("historical", {}).get(1)
    if r is not None:
        met = r["wall_s"] < TARGET_WALL_S and r["peak_rss_mb"] < TARGET_PEAK_MB
        print(
            f"\ntarget: 1 person per agent under {TARGET_WALL_S:.0f} s and {TARGET_PEAK_MB / 1024:.1f} GB: "
            f"{r['wall_s']:.1f} s, {r['peak_rss_mb']:.0f} MB, {'met' if met else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
