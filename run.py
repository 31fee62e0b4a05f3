"""Command line of the Balkans route simulation: command names mapped to the modules of ``cli``.

    python run.py                                   the historical 2015-16 scenario -> results/historical/
    python run.py run SCENARIO [--seed N] [--out DIR] [--set key.path=value ...]
    python run.py batch SCENARIO... --replicates N [--sweep k=v1,v2 | --sample lhs:N] [--workers W]
    python run.py compare DIR... [--baseline SCENARIO] [--out DIR]     figures and report.html
    python run.py sensitivity SCENARIO --method morris|sobol --n N --outputs metric,...
    python run.py validate [RESULTS]                                   against the recorded figures
    python run.py calibrate [SCENARIO] --trials N                      fit open parameters to the record
    python run.py discover BATCH --outcome METRIC --above V            PRIM boxes over sampled parameters
    python run.py describe --parameters [--write | --check]           the ODD's parameter tables
    python run.py dashboard [--port 8765]                              the interactive dashboard

Run ``python run.py COMMAND --help`` for each command's options. Each command lives in a module with
``HELP``, optional ``DESCRIPTION``, ``add_arguments(parser)`` and ``main(args) -> exit code``.
"""

import argparse
import importlib
import sys

COMMANDS = {name: f"cli.{name}" for name in ("run", "batch", "compare", "sensitivity", "validate", "calibrate",
                                              "discover", "describe", "dashboard")}  # fmt: skip


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="run.py",
        description="Agent-based simulation of the 2015-16 Balkans migration route: migrants, border "
        "points and OSCE field missions. With no command, runs the historical scenario.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        description = getattr(module, "DESCRIPTION", module.HELP)
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=description))
    return p


def main(argv=None) -> int:
    argv = list(argv or [])
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["run", *argv]  # no command: run (the historical scenario unless one is named)
    args = parser().parse_args(argv)
    from model.errors import InputError  # a scenario, an override or a run too large for the machine

    try:
        return importlib.import_module(COMMANDS[args.command]).main(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
