"""What refused migrants do each day, and the risks they run with smugglers.

A stranded migrant who sees that the border in front of it admits it again joins the queue, unless the
queue is longer than its patience (``queue_patience_days`` of the border's daily limit). The
others choose each day, by a multinomial logit against waiting, to divert to another route (only
if they believe one is better, and the more so the more days it saves), hire a smuggler for the leg
in front of them (only if they can pay its price today, :mod:`model.smuggling`), try to cross the
closed border alone (free, but likelier to be caught: ``borders.alone_detect_log_odds``), or claim
asylum in the country they are in (once per country: a claimant who gave a claim up is not
registered again there). The smuggling, crossing-alone and asylum log-odds rise with each week
spent stranded. Both irregular crossings end at the border, in step 6 (:mod:`model.crossing`).
People held on an island after the EU-Turkey statement can only wait, claim asylum, or be returned.
Asylum claimants in a transit country may give up the claim and move on (:func:`move_on_from_asylum`).
"""

from dataclasses import dataclass

import numpy as np

from model.border import BorderArrays
from model.enums import Status, Vulnerability
from model.kernels import (
    apply_refusal_choices,
    days_saved_by_diverting,
    logit_choices,
    rejoin_or_wait,
    stranded_view,
    stranded_where_returned,
)
from model.migrants import HELD_ON_ISLAND, Migrants, merge_sorted, rank_within_groups
from model.params_migrants import MigrantParams
from model.routing import RouteCosts

CHOICES = WAIT, DIVERT, SMUGGLE, ASYLUM, ALONE = range(5)  # what a stranded migrant may do today
# A migrant crossing a green border alone walks it in a night; with a smuggler the crossing takes
# migrants.smuggle_trip_days (finding the network, waiting for the transport).
ALONE_TRIP_DAYS = 1
DAYS_PER_MONTH = 365.25 / 12


@dataclass
class RefusalChoices:
    """Who among the stranded did what today that the day's records count (migrant indices)."""

    asylum: np.ndarray  # claimed asylum where they are
    returned: np.ndarray  # readmitted to Turkey from an island
    hired_at: np.ndarray  # the border point of each smuggler hired today (the leg's demand)

    @classmethod
    def none(cls) -> "RefusalChoices":
        return cls(*(np.zeros(0, np.int64) for _ in range(3)))


def respond_to_refusal(
    m: Migrants,
    costs: RouteCosts,
    rng,
    params: MigrantParams,
    day: int,
    readmitting: bool,
    return_node: int,
    borders: BorderArrays,
    asylum_limit: np.ndarray,
) -> RefusalChoices:
    """Each stranded migrant waits, diverts, hires a smuggler, crosses alone or claims asylum; returns
    who claimed asylum, who was returned and who hired a smuggler, for the records. ``borders`` is
    today's state of the border points (policies and prices); ``asylum_limit`` is the most claims each
    country registers today, in agents; the rest wait."""
    queue_days = borders.queue_people / np.maximum(borders.limit_people, 1e-9)
    idx = rejoin_or_wait(
        m.of_status(Status.STRANDED), m.border, m.nationality, borders.admits, queue_days,
        params.queue_patience_days, int(Status.QUEUED), m.status, m.since, day, m.days_waiting, m.money,
        params.daily_spend_eur,
    )  # fmt: skip
    if idx.size == 0:
        return RefusalChoices(asylum=idx, returned=idx, hired_at=idx)
    g = costs.graph
    weeks, at_a_border, refused_arc, price, country, claimed_here = stranded_view(
        idx, m.border, m.node, m.days_waiting, m.claimed_in, g.borders_arc, borders.price, g.country_idx
    )
    held = m.border[idx] == HELD_ON_ISLAND
    days_saved, can_divert = _diverting(costs, day, m, idx, refused_arc, params.divert_days_saved_cap)
    can_divert &= ~held
    _receive_remittances(m, idx, price, at_a_border & (m.money[idx] < price), params, rng)
    can_pay = at_a_border & (m.money[idx] >= price)

    asylum_base = (params.asylum_log_odds + params.asylum_offsets())[country]
    choice = logit_choices(
        rng.random(idx.size),
        can_divert,
        days_saved,
        can_pay,
        at_a_border,
        weeks,
        claimed_here,
        asylum_base,
        (params.divert_log_odds, params.divert_log_odds_per_day_saved),
        (params.smuggle_log_odds, params.smuggle_log_odds_per_week),
        (params.cross_alone_log_odds, params.cross_alone_log_odds_per_week),
        params.asylum_log_odds_per_week,
    )

    _turn_away_claims_over_capacity(choice, country, asylum_limit, rng)
    asylum, hired_at = apply_refusal_choices(
        idx, choice, refused_arc, price, country, m.avoid_arc, m.status, m.border, m.days_waiting, m.money,
        m.smuggle_left, m.package_left, m.ever_smuggled, m.alone, m.claimed_in,
        (int(params.smuggle_trip_days), ALONE_TRIP_DAYS), int(params.smuggle_package_borders),
        (DIVERT, SMUGGLE, ASYLUM, ALONE), (int(Status.EN_ROUTE), int(Status.SMUGGLED), int(Status.ASYLUM)),
    )  # fmt: skip

    returned = idx[:0]
    if readmitting:
        still_held = idx[held & (choice == WAIT)]
        returned = still_held[rng.random(still_held.size) < params.readmission_rate_per_day]
        m.status[returned] = Status.RETURNED
        m.node[returned] = return_node
    return RefusalChoices(asylum=asylum, returned=returned, hired_at=hired_at)


def return_by_police(
    m: Migrants,
    rng,
    rate_of_country: np.ndarray,
    to_node_of_country: np.ndarray,
    country_of_node: np.ndarray,
    off_route: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Some of the stranded in a country whose police return people (``police_return_per_day``) are taken
    back to the country they came through (``police_return_to``), where they choose their way again,
    unless that country is off the route (``off_route`` true: Turkey, whose crossings into Greece and
    Bulgaria the recorded arrivals count, re-crossings too): there they leave it (status LEFT).
    Returns the countries they left, one entry per migrant, and those they entered, one per migrant
    still on the route."""
    idx, here = stranded_where_returned(
        m.active, m.status, m.border, m.node, int(Status.STRANDED), HELD_ON_ISLAND, country_of_node, rate_of_country
    )
    if idx.size == 0:  # no draw: runs in which nobody is stranded there keep their random stream
        return idx, idx
    back = rng.random(idx.size) < rate_of_country[here]
    idx, here = idx[back], here[back]
    m.node[idx] = to_node_of_country[here]
    m.status[idx] = Status.EN_ROUTE
    m.border[idx] = -1
    m.edge[idx] = -1
    m.prev_node[idx] = -1
    m.avoid_arc[idx] = -1
    m.days_waiting[idx] = 0
    came = country_of_node[m.node[idx]]
    m.status[idx[off_route[came]]] = Status.LEFT
    return here, came[~off_route[came]]


def leave_route(m: Migrants, rng, rate: float) -> np.ndarray:
    """Each stranded migrant but those held on an island, and each claimant waiting where claims are
    pursued short of a destination (``m.waiting_claimants``: Greece), gives the journey up with daily
    chance ``rate`` (``leave_route_per_day``) and leaves the route where it is (status LEFT; a claimant
    goes back among the active to be counted out); returns them, in index order. Each leaves
    independently: the count is binomial and who leaves a uniform choice, the same law as a draw for
    each at a fraction of the random numbers."""
    if rate <= 0:  # no draw: runs without the rule keep their random stream
        return np.zeros(0, np.int64)
    idx = m.of_status(Status.STRANDED)
    idx = idx[m.border[idx] != HELD_ON_ISLAND]
    idx = _each_with_chance(idx, rate, rng)
    claimants = _each_with_chance(m.waiting_claimants, rate, rng)
    m.resume(claimants)
    gone = merge_sorted(idx, claimants)
    m.status[gone] = Status.LEFT
    return gone


def _each_with_chance(idx: np.ndarray, chance: float, rng) -> np.ndarray:
    """The elements of ``idx`` (sorted) each kept with probability ``chance``, independently, sorted."""
    k = rng.binomial(idx.size, chance)
    return np.sort(idx[rng.choice(idx.size, k, replace=False)])


def _receive_remittances(m: Migrants, idx, price, short, params: MigrantParams, rng) -> None:
    """Relatives pay a smuggler's package from the border in front for some of those who cannot pay
    its first leg (``remittances_per_month``): they deposit the fee with a smuggler's office, which
    pays each leg as it is crossed, so the migrant's money is made up to today's price of this leg
    times the legs a package covers (``smuggle_package_borders``). Paying one leg only would leave
    people broke again at the next closed border. Without it the broke would wait at a closed border
    for ever."""
    if params.remittances_per_month <= 0:
        return
    gets = short & (rng.random(idx.size) < params.remittances_per_month / DAYS_PER_MONTH)
    m.money[idx[gets]] = price[gets] * params.smuggle_package_borders


def _turn_away_claims_over_capacity(choice: np.ndarray, country: np.ndarray, limit: np.ndarray, rng) -> None:
    """Claims beyond a country's limit today, a random subset of them, become waiting."""
    claims = np.flatnonzero(choice == ASYLUM)
    claims = claims[rng.permutation(claims.size)]
    of_country = country[claims]
    order = np.argsort(of_country, kind="stable")
    claims, of_country = claims[order], of_country[order]
    choice[claims[rank_within_groups(of_country) >= limit[of_country]]] = WAIT


def _diverting(costs: RouteCosts, day: int, m: Migrants, idx: np.ndarray, refused_arc: np.ndarray, cap: float):
    """Days another route is believed to save (at most ``cap``), and whether one is better, for each
    stranded migrant, from its own row of today's option costs."""
    g = costs.graph
    row = costs.option_rows(day, m.nationality, m.destination, m.info_lag, idx)
    return days_saved_by_diverting(
        costs.option_flat, row, m.node[idx].astype(np.int64), refused_arc, g.out_arcs, costs.out_cols, float(cap)
    )


def exploit_smuggled(m: Migrants, rng, params: MigrantParams, awareness_of_node: np.ndarray) -> np.ndarray:
    """Each day with a smuggler, a migrant may be exploited (trafficked); the risk is higher for
    families and unaccompanied minors and lower where awareness has been raised. A migrant crossing
    alone has no smuggler to exploit it. Returns the newly exploited."""
    idx = m.of_status(Status.SMUGGLED)
    idx = idx[~m.exploited[idx] & ~m.alone[idx]]
    factor = np.ones(idx.size)
    vul = m.vulnerability[idx]
    factor[vul == Vulnerability.FAMILY] = params.exploitation_factor_family
    factor[vul == Vulnerability.UAM] = params.exploitation_factor_uam
    risk = params.exploitation_risk_per_day * factor
    risk *= 1 - params.awareness_risk_reduction * awareness_of_node[m.node[idx]]
    new = idx[rng.random(idx.size) < np.clip(risk, 0, 1)]
    m.exploited[new] = True
    return new


def move_on_from_asylum(
    m: Migrants,
    rng,
    params: MigrantParams,
    settles_at: np.ndarray,
    waiting_at: np.ndarray | None = None,
    country_of_node: np.ndarray | None = None,
) -> np.ndarray:
    """Claimants where claims are not pursued (``settles_at`` false at their node) set off again
    with daily probability ``asylum_move_on_per_day``, and those waiting where claims are pursued short of a
    destination (``waiting_at``: Greece; ``m.waiting_claimants``) with ``asylum_pursued_move_on_per_day``;
    returns those who did. A claim abandoned in a transit country is gone, but one pursued where the
    claimant waited stays open (``country_of_node`` gives the country): stopped at a closed border, the
    claimant may go back to it, as a claim discontinued because the applicant left may be reopened
    (Directive 2013/32/EU, art. 28(2)). Without that, every claimant who set off from Greece and was
    refused would wait at the border for good."""
    claimants = m.of_status(Status.ASYLUM)
    idx = claimants[~settles_at[m.node[claimants]]]
    leave = idx[rng.random(idx.size) < params.asylum_move_on_per_day]
    if params.asylum_pursued_move_on_per_day > 0 and waiting_at is not None:
        waiting = merge_sorted(claimants[waiting_at[m.node[claimants]]], m.waiting_claimants)
        resumed = _each_with_chance(waiting, params.asylum_pursued_move_on_per_day, rng)
        m.resume(resumed[m.is_waiting_claimant(resumed)])
        country = country_of_node[m.node[resumed]].astype(np.uint16)
        m.claimed_in[resumed] &= ~np.left_shift(np.uint16(1), country)
        leave = np.concatenate([leave, resumed])
    m.status[leave] = Status.EN_ROUTE
    m.border[leave] = -1
    return leave
