"""``python run.py describe``: the model's parameter tables for the ODD protocol (docs/ODD.md).

python run.py describe --parameters            print the tables (Markdown)
python run.py describe --parameters --write    regenerate their block in docs/ODD.md
python run.py describe --parameters --check    exit 1 if docs/ODD.md is out of date
"""

import argparse
import sys
from pathlib import Path

HELP = "print the model's parameter tables, or regenerate or check them in docs/ODD.md"
DESCRIPTION = (
    "Parameter tables (name, meaning, unit, default, range, source) generated from the parameter models. "
    "With --write or --check, the block between the generated-parameters markers of the ODD document."
)
ODD = Path(__file__).parents[1] / "docs" / "ODD.md"


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument("--parameters", action="store_true", help="the parameter tables (the default and only content)")
    what = p.add_mutually_exclusive_group()
    what.add_argument(
        "--write",
        nargs="?",
        const=ODD,
        type=Path,
        metavar="FILE",
        help=f"rewrite the tables' block in FILE (default: {ODD.relative_to(ODD.parents[1])})",
    )
    what.add_argument(
        "--check",
        nargs="?",
        const=ODD,
        type=Path,
        metavar="FILE",
        help="exit 1 if the tables' block in FILE differs from the code's parameters",
    )


def main(args) -> int:
    from model.describe import generated_block, parameter_tables, replace_block

    tables = parameter_tables()
    target = args.write or args.check
    if target is None:
        print(tables, end="")
        return 0
    try:
        document = target.read_text(encoding="utf-8")
        current = generated_block(document)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if current == tables:
            print(f"{target}: the parameter tables are up to date")
            return 0
        print(
            f"{target}: the parameter tables are out of date; regenerate them with "
            "`python run.py describe --parameters --write`",
            file=sys.stderr,
        )
        return 1
    if current != tables:
        target.write_text(replace_block(document, tables), encoding="utf-8")
    print(f"{target}: parameter tables {'rewritten' if current != tables else 'already up to date'}")
    return 0
