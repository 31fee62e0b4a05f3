"""Options shared by the commands, and the argument types that check a value before any work starts."""

import argparse
from datetime import date

from scenarios.loader import parse_set


def at_least_one(text: str) -> int:
    """An argparse type: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {value}")
    return value


def iso_date(text: str) -> str:
    """An argparse type: a date YYYY-MM-DD, returned in ISO form."""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def add_override_options(parser, people_per_agent_default: int | None = None) -> None:
    """``--set KEY.PATH=VALUE`` (repeatable) and ``--people-per-agent N``, shared by the commands; a
    command that needs coarse runs by default (calibrate) gives its own default."""
    parser.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override a parameter, e.g. --set migrants.smuggler_price_eur=800 (repeatable)",
    )
    parser.add_argument(
        "--people-per-agent",
        type=int,
        default=people_per_agent_default,
        metavar="N",
        help="people each migrant agent stands for; larger is faster and coarser "
        f"(default: {people_per_agent_default or 1})",
    )


def overrides_from_args(args) -> dict:
    """The nested overrides of a command's ``--set`` and ``--people-per-agent`` options."""
    overrides = parse_set(args.assignments)
    if getattr(args, "people_per_agent", None) is not None:
        overrides["people_per_agent"] = args.people_per_agent
    return overrides
