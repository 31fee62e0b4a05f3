"""Options shared by the commands, and the argument types that check a value before any work starts."""

import argparse
import re
from datetime import date

from runs.plan import MAX_SEED
from scenarios.loader import parse_set

MAX_COUNT = 100_000  # replicates, trials, samples or workers beyond this are a typo, not a plan
SCHEDULER = re.compile(r"^(tcp|tls|ws|wss|inproc|ucx)://[A-Za-z0-9.\-_\[\]:]+:\d{1,5}$")


def whole_number(low: int, high: int):
    """An argparse type: a whole number from ``low`` to ``high``."""

    def convert(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:40]!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected a whole number from {low:,} to {high:,}, got {value:,}")
        return value

    return convert


at_least_one = whole_number(1, MAX_COUNT)
seed = whole_number(0, MAX_SEED)


def scheduler_address(text: str) -> str:
    """An argparse type: a Dask scheduler's address, ``tcp://HOST:PORT``."""
    port = text.rsplit(":", 1)[-1]
    if not SCHEDULER.match(text) or not 0 < int(port) < 65536:
        raise argparse.ArgumentTypeError(f"expected an address like tcp://127.0.0.1:8786, got {text[:60]!r}")
    return text


def name_list(text: str) -> list[str]:
    """An argparse type: names separated by commas, at least one (``peak_stranded,smuggled_share``)."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError(f"expected one or more names separated by commas, got {text[:40]!r}")
    return names


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
