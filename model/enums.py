"""The discrete states of the model's agents, as small integer enums.

Migrant attributes are stored in numpy arrays, so each enum is an ``IntEnum`` whose values fit in
``int8``: ``status == Status.STRANDED`` works on a whole array at once.
"""

from enum import IntEnum


class Status(IntEnum):
    """Where a migrant is in the journey; every migrant is in exactly one status each day."""

    EN_ROUTE = 0  # travelling, or at a node choosing the next hop
    QUEUED = 1  # waiting at a border point to be processed
    STRANDED = 2  # refused at a border (or held on an island) and waiting
    SMUGGLED = 3  # with a smuggler, bypassing a closed border
    ARRIVED = 4  # reached the destination country
    ASYLUM = 5  # claimed asylum where refused; in a transit country may later move on
    RETURNED = 6  # readmitted to Turkey
    LEFT = 7  # left the route: gave the journey up where it was stranded, or was expelled to Turkey


# ASYLUM only where claims are pursued
TERMINAL_STATUSES = (Status.ARRIVED, Status.ASYLUM, Status.RETURNED, Status.LEFT)


class Nationality(IntEnum):
    """Nationality groups that border policies in 2015-16 told apart.

    The one declaration of the groups: event schemas, the composition of arrivals (a column per
    group in ``data/composition_schedule.csv``), the money each group carries
    (``migrants.money_median_eur_<group>``) and route choice's tables are all made from it."""

    SYR = 0
    AFG = 1
    IRQ = 2
    OTH = 3


NATIONALITY_NAMES = tuple(n.name for n in Nationality)


class Vulnerability(IntEnum):
    """Household type; it scales walking speed and the risk of exploitation."""

    SINGLE_ADULT = 0
    FAMILY = 1  # family travelling with children
    UAM = 2  # unaccompanied minor


class Policy(IntEnum):
    """A border point's policy toward people without visas, set by dated events; in order from the
    least to the most restrictive (a tie between two goes to the later)."""

    OPEN = 0
    CAP = 1  # admitted up to a daily cap
    FILTER = 2  # only the listed nationalities are admitted
    CLOSED = 3


POLICY_NAMES = tuple(p.name.lower() for p in Policy)


class Posture(IntEnum):
    """An OSCE mission's stance toward the migration crisis (seed study, section 6)."""

    BUSINESS_AS_USUAL = 0
    PROACTIVE = 1
