"""``model.refusal`` on the tiny graph (tests/model/conftest.py): what stranded migrants do, the risk
of exploitation with a smuggler, and claimants moving on.

The stranded migrants' multinomial logit is made deterministic by giving one option log-odds +50
and the others -50 (against waiting, 0): the dominated options then have a chance of about 1e-22.
Unless a test says otherwise they are stranded at Idomeni by the closed main border, Idomeni-Skopje,
while the branch through Sofia is open.
"""

import numpy as np
import pytest

from model.enums import Status, Vulnerability
from model.graph import COUNTRIES
from model.migrants import HELD_ON_ISLAND
from model.params_migrants import MigrantParams
from model.refusal import exploit_smuggled, leave_route, move_on_from_asylum, respond_to_refusal, return_by_police

MAIN, BRANCH = "Idomeni-Skopje", "Idomeni-Sofia"
PRICE, SPEND = 500.0, 10.0
NO_LIMIT = np.full(len(COUNTRIES), 10**9)
ON_ROUTE = np.zeros(len(COUNTRIES), bool)  # no country where the returned leave the route


def choosing(option: str | None, **overrides) -> MigrantParams:
    """Parameters under which every stranded migrant takes ``option`` (None: all wait) if it can."""
    names = ("divert", "smuggle", "asylum", "cross_alone")
    odds = {f"{name}_log_odds": 50.0 if name == option else -50.0 for name in names}
    slopes = {f"{name}_log_odds_per_week": 0.0 for name in names[1:]} | dict(divert_log_odds_per_day_saved=0.0)
    return MigrantParams(**odds | slopes | dict(daily_spend_eur=SPEND) | overrides)


@pytest.fixture
def refuse(tiny_graph, tiny_costs, tiny_migrants, border_arrays):
    """``refuse(params, closed=(MAIN,), **kw)``: one day's responses, on day 1, after the route costs
    were updated with the ``closed`` borders refusing everyone (20 days to cross) and the rest open;
    a smuggler asks PRICE for every leg."""

    def run(params, closed=(MAIN,), readmitting=False, asylum_limit=NO_LIMIT):
        borders = border_arrays(price=np.full(len(tiny_graph.borders), PRICE))
        for name in closed:
            borders.admits[tiny_graph.border_index[name]] = False
        n = len(tiny_graph.borders)
        tiny_costs.update(1, borders.admits, np.zeros(n), np.full(n, 20.0))
        izmir = tiny_graph.index["Izmir"]
        rng = np.random.default_rng(0)
        return respond_to_refusal(tiny_migrants, tiny_costs, rng, params, 1, readmitting, izmir, borders, asylum_limit)

    return run


@pytest.fixture
def stranded(tiny_graph, tiny_migrants, add_migrants):
    """``stranded(count, border=MAIN, **attributes)``: migrants refused at ``border`` (a name, or
    HELD_ON_ISLAND for people held at Athens)."""

    def add(count, border=MAIN, **attributes):
        if border == HELD_ON_ISLAND:
            return add_migrants(
                tiny_migrants, count, "Athens", status=Status.STRANDED, border=HELD_ON_ISLAND, **attributes
            )
        b = tiny_graph.border_index[border]
        node = tiny_graph.names[tiny_graph.borders[b].from_node]
        return add_migrants(tiny_migrants, count, node, status=Status.STRANDED, border=b, **attributes)

    return add


def test_a_stranded_migrant_whose_border_admits_it_again_joins_the_queue_the_same_day(tiny_migrants, stranded, refuse):
    m = tiny_migrants
    again, still = stranded(4, border=BRANCH), stranded(6, border=MAIN)
    refuse(choosing(None))
    assert np.all(m.status[again] == Status.QUEUED) and np.all(m.since[again] == 1)
    assert np.all(m.status[still] == Status.STRANDED) and np.all(m.days_waiting[still] == 1)
    assert np.all(m.money[still] == 1000 - SPEND) and np.all(m.money[again] == 1000)


def test_with_diverting_dominant_every_stranded_migrant_diverts(tiny_graph, tiny_migrants, stranded, refuse):
    m = tiny_migrants
    idx = stranded(10, days_waiting=6)
    refuse(choosing("divert"))
    assert np.all(m.status[idx] == Status.EN_ROUTE) and np.all(m.border[idx] == -1)
    assert np.all(m.avoid_arc[idx] == tiny_graph.borders_arc[tiny_graph.border_index[MAIN]])
    assert np.all(m.days_waiting[idx] == 0)


def test_no_one_diverts_unless_another_route_is_believed_better(tiny_migrants, stranded, refuse):
    idx = stranded(10)
    refuse(choosing("divert"), closed=(MAIN, BRANCH))  # the branch is just as closed
    assert np.all(tiny_migrants.status[idx] == Status.STRANDED)


@pytest.mark.parametrize("cap, diverts", [(60.0, True), (5.0, False)])
def test_diverting_grows_likelier_with_the_days_another_route_saves_up_to_a_cap(
    tiny_migrants, stranded, refuse, cap, diverts
):
    idx = stranded(10)
    # the branch saves the closed main crossing's 20 days: -50 + 5 x 20 = +50, or -50 + 5 x 5 = -25 when capped at 5
    refuse(choosing(None, divert_log_odds_per_day_saved=5.0, divert_days_saved_cap=cap))
    assert np.all(tiny_migrants.status[idx] == (Status.EN_ROUTE if diverts else Status.STRANDED))


@pytest.mark.parametrize("option, status", [("smuggle", Status.SMUGGLED), ("asylum", Status.ASYLUM)])
def test_the_longer_migrants_are_stranded_the_likelier_they_pay_a_smuggler_or_claim_asylum(
    tiny_migrants, stranded, refuse, option, status
):
    new, old = stranded(10, days_waiting=0), stranded(10, days_waiting=69)  # a day, and ten weeks, stranded tonight
    refuse(choosing(None, **{f"{option}_log_odds_per_week": 10.0}))  # -50 + 10/7 = -48.6, -50 + 10 x 10 = +50
    assert np.all(tiny_migrants.status[new] == Status.STRANDED) and np.all(tiny_migrants.status[old] == status)


def test_with_smuggling_dominant_everyone_who_can_pay_hires_a_smuggler_and_pays(tiny_migrants, stranded, refuse):
    m, params = tiny_migrants, choosing("smuggle")
    idx = stranded(10, money=1000.0)
    refuse(params)
    assert np.all(m.status[idx] == Status.SMUGGLED) and np.all(m.ever_smuggled[idx])
    assert np.all(m.money[idx] == 1000 - SPEND - PRICE)
    assert np.all(m.smuggle_left[idx] == params.smuggle_trip_days)
    assert np.all(m.package_left[idx] == params.smuggle_package_borders - 1)


def test_a_migrant_who_cannot_pay_the_smuggler_after_the_days_spending_never_hires_one(tiny_migrants, stranded, refuse):
    m = tiny_migrants
    poor = stranded(10, money=PRICE + SPEND - 1)  # enough this morning, not after the day's spending
    refuse(choosing("smuggle"))
    assert np.all(m.status[poor] == Status.STRANDED) and not m.ever_smuggled[poor].any()
    assert np.all(m.money[poor] == PRICE - 1)


def test_relatives_pay_a_package_only_for_those_who_cannot_and_they_hire_the_smuggler_the_same_day(
    tiny_migrants, stranded, refuse
):
    m = tiny_migrants
    broke, rich = stranded(400, money=0.0), stranded(100, money=1000.0)
    held = stranded(100, border=HELD_ON_ISLAND, money=0.0)  # no smuggler in front of them: nothing to pay for
    short = stranded(100, money=PRICE + SPEND - 1)  # short of the price by one euro after the day's spending
    legs = 3
    refuse(choosing("smuggle", remittances_per_month=365.25 / 12 / 4, smuggle_package_borders=legs))
    paid = m.status[broke] == Status.SMUGGLED
    assert 0.15 < paid.mean() < 0.35  # binomial(400, 1/4): 0.25 +- 0.022
    # relatives paid the package (this leg's price for each of its legs); the smuggler took the first leg
    assert np.all(m.money[broke[paid]] == (legs - 1) * PRICE) and np.all(m.money[broke[~paid]] == 0)
    assert np.all(m.money[short[m.status[short] == Status.SMUGGLED]] == (legs - 1) * PRICE)
    assert np.all(m.money[short[m.status[short] == Status.STRANDED]] == PRICE - 1)
    assert np.all(m.money[rich] == 1000 - SPEND - PRICE)  # paid from their own money, sent nothing
    assert np.all(m.money[held] == 0) and np.all(m.status[held] == Status.STRANDED)


def test_without_remittances_the_broke_wait_at_a_closed_border(tiny_migrants, stranded, refuse):
    broke = stranded(200, money=0.0)
    refuse(choosing("smuggle", remittances_per_month=0.0))
    assert np.all(tiny_migrants.status[broke] == Status.STRANDED)


def test_with_asylum_dominant_every_stranded_migrant_claims_where_it_is(tiny_migrants, stranded, refuse):
    m = tiny_migrants
    idx = stranded(10)
    choices = refuse(choosing("asylum"))
    assert np.all(m.status[idx] == Status.ASYLUM)
    assert np.all(m.claimed_in[idx] == 1 << COUNTRIES.index("GR"))
    assert sorted(choices.asylum) == list(idx) and choices.returned.size == 0


def test_asylum_is_claimed_at_most_once_in_a_country(tiny_migrants, stranded, refuse):
    m = tiny_migrants
    claimed_here = stranded(5, claimed_in=1 << COUNTRIES.index("GR"))
    claimed_elsewhere = stranded(5, claimed_in=1 << COUNTRIES.index("MK"))
    refuse(choosing("asylum"))
    assert np.all(m.status[claimed_here] == Status.STRANDED)
    assert np.all(m.status[claimed_elsewhere] == Status.ASYLUM)
    assert np.all(m.claimed_in[claimed_elsewhere] == (1 << COUNTRIES.index("MK")) | (1 << COUNTRIES.index("GR")))


def test_a_country_registers_no_more_claims_than_its_daily_limit(tiny_migrants, stranded, refuse):
    idx = stranded(10)
    limit = NO_LIMIT.copy()
    limit[COUNTRIES.index("GR")] = 3
    choices = refuse(choosing("asylum"), asylum_limit=limit)
    assert (tiny_migrants.status[idx] == Status.ASYLUM).sum() == 3 and choices.asylum.size == 3
    assert (tiny_migrants.status[idx] == Status.STRANDED).sum() == 7


@pytest.mark.parametrize("option", ["divert", "smuggle"])
def test_people_held_on_an_island_can_neither_divert_nor_hire_a_smuggler(tiny_migrants, stranded, refuse, option):
    held = stranded(10, border=HELD_ON_ISLAND, money=5000.0)
    refuse(choosing(option))
    assert np.all(tiny_migrants.status[held] == Status.STRANDED)
    assert np.all(tiny_migrants.border[held] == HELD_ON_ISLAND)


def test_people_held_on_an_island_may_claim_asylum(tiny_migrants, stranded, refuse):
    held = stranded(10, border=HELD_ON_ISLAND)
    refuse(choosing("asylum"))
    assert np.all(tiny_migrants.status[held] == Status.ASYLUM)


@pytest.mark.parametrize("readmitting, returned", [(True, 10), (False, 0)])
def test_readmission_returns_the_people_held_when_it_runs(
    tiny_graph, tiny_migrants, stranded, refuse, readmitting, returned
):
    m = tiny_migrants
    held, refused = stranded(10, border=HELD_ON_ISLAND), stranded(5)
    choices = refuse(choosing(None, readmission_rate_per_day=1.0), readmitting=readmitting)
    assert choices.returned.size == returned and (m.status[held] == Status.RETURNED).sum() == returned
    assert (m.node[held] == tiny_graph.index["Izmir"]).sum() == returned
    assert np.all(m.status[refused] == Status.STRANDED)  # only people held on the islands are readmitted


def test_claimants_move_on_only_where_claims_are_not_pursued(tiny_graph, tiny_migrants, add_migrants):
    m = tiny_migrants
    in_greece = add_migrants(m, 6, "Idomeni", status=Status.ASYLUM, border=1)
    in_macedonia = add_migrants(m, 4, "Skopje", status=Status.ASYLUM, border=3)
    settles_at = np.array([c in ("GR", "AT", "DE") for c in tiny_graph.country])
    m.claimed_in[in_macedonia] = 1 << COUNTRIES.index("MK")
    left = move_on_from_asylum(m, np.random.default_rng(0), MigrantParams(asylum_move_on_per_day=1.0), settles_at)
    assert sorted(left) == list(in_macedonia) and np.all(m.claimed_in[in_macedonia] == 1 << COUNTRIES.index("MK"))
    assert np.all(m.status[in_macedonia] == Status.EN_ROUTE) and np.all(m.border[in_macedonia] == -1)
    assert np.all(m.status[in_greece] == Status.ASYLUM)
    nowhere = np.zeros(tiny_graph.n_nodes, bool)
    stay = move_on_from_asylum(m, np.random.default_rng(0), MigrantParams(asylum_move_on_per_day=0.0), nowhere)
    assert stay.size == 0 and np.all(m.status[in_greece] == Status.ASYLUM)


def test_claimants_waiting_in_greece_set_off_at_their_own_rate_and_those_in_the_destinations_never(
    tiny_graph, tiny_migrants, add_migrants
):
    m = tiny_migrants
    in_greece = add_migrants(m, 6, "Idomeni", status=Status.ASYLUM, border=1)
    in_austria = add_migrants(m, 4, "Vienna", status=Status.ASYLUM)
    settles_at = np.array([c in ("GR", "AT", "DE") for c in tiny_graph.country])
    waits_at = np.array([c == "GR" for c in tiny_graph.country])
    params = MigrantParams(asylum_move_on_per_day=0.0, asylum_pursued_move_on_per_day=1.0)
    claimed = np.uint16(1 << COUNTRIES.index("GR") | 1 << COUNTRIES.index("MK"))
    m.claimed_in[in_greece] = claimed
    left = move_on_from_asylum(m, np.random.default_rng(0), params, settles_at, waits_at, tiny_graph.country_idx)
    assert sorted(left) == list(in_greece) and np.all(m.border[in_greece] == -1)
    assert np.all(m.claimed_in[in_greece] == 1 << COUNTRIES.index("MK"))  # the claim in Greece stays open
    assert np.all(m.status[in_greece] == Status.EN_ROUTE) and np.all(m.status[in_austria] == Status.ASYLUM)
    m.status[in_greece] = Status.ASYLUM
    off = MigrantParams(asylum_move_on_per_day=0.0)  # the default 0: claims in Greece are final
    rng, rng2 = np.random.default_rng(2), np.random.default_rng(2)
    assert move_on_from_asylum(m, rng, off, settles_at, waits_at).size == 0
    move_on_from_asylum(m, rng2, off, settles_at)
    assert rng.random() == rng2.random()  # at 0 nothing is drawn for them: runs stay as they were


def test_exploitation_risk_scales_with_household_and_falls_with_awareness(tiny_graph, tiny_migrants, add_migrants):
    m = tiny_migrants
    smuggled = dict(status=Status.SMUGGLED, border=1)
    single = add_migrants(m, 2000, "Idomeni", vulnerability=Vulnerability.SINGLE_ADULT, **smuggled)
    family = add_migrants(m, 500, "Idomeni", vulnerability=Vulnerability.FAMILY, **smuggled)
    minor = add_migrants(m, 500, "Idomeni", vulnerability=Vulnerability.UAM, **smuggled)
    params = MigrantParams(exploitation_risk_per_day=0.4, exploitation_factor_family=2.5, exploitation_factor_uam=0.0)
    new = exploit_smuggled(m, np.random.default_rng(3), params, np.zeros(tiny_graph.n_nodes))
    assert np.all(m.exploited[family]) and not m.exploited[minor].any()
    # singles: Binomial(2000, 0.4), mean 800, sd 21.9; 100 is more than 4.5 sd
    assert abs(m.exploited[single].sum() - 800) < 100
    assert new.size == m.exploited.sum()
    again = exploit_smuggled(m, np.random.default_rng(4), params, np.zeros(tiny_graph.n_nodes))
    assert again.size > 0 and np.intersect1d(again, new).size == 0  # each victim is counted once
    aware = MigrantParams(exploitation_risk_per_day=1.0, awareness_risk_reduction=1.0)
    assert exploit_smuggled(m, np.random.default_rng(5), aware, np.ones(tiny_graph.n_nodes)).size == 0


def test_a_stranded_migrant_does_not_rejoin_a_queue_longer_than_its_patience(
    tiny_graph, tiny_costs, tiny_migrants, stranded, border_arrays
):
    m, b = tiny_migrants, tiny_graph.border_index[BRANCH]
    idx = stranded(5, border=BRANCH)
    borders = border_arrays(price=np.full(len(tiny_graph.borders), PRICE))
    borders.queue_people[b], borders.limit_people[b] = 300.0, 10.0  # 30 days of waiting ahead
    n = len(tiny_graph.borders)
    tiny_costs.update(1, borders.admits, np.zeros(n), np.full(n, 20.0))
    params = choosing(None, queue_patience_days=20.0)
    respond_to_refusal(m, tiny_costs, np.random.default_rng(0), params, 1, False, 0, borders, NO_LIMIT)
    assert np.all(m.status[idx] == Status.STRANDED)
    borders.queue_people[b] = 100.0  # 10 days: within its patience
    respond_to_refusal(m, tiny_costs, np.random.default_rng(0), params, 2, False, 0, borders, NO_LIMIT)
    assert np.all(m.status[idx] == Status.QUEUED)


def test_a_countrys_police_return_its_stranded_to_the_place_named_and_no_one_else(
    tiny_graph, tiny_migrants, stranded, add_migrants
):
    """Stranded at Skopje's closed exit (MK), every one of them is returned to Larissa (GR) at a rate of 1
    a day, and chooses its way again from there; the stranded in Greece, claimants in North Macedonia
    and those held on an island stay. With no one stranded where police return people, no random number
    is drawn."""
    g, m = tiny_graph, tiny_migrants
    caught = stranded(30, border="Skopje-Vienna")
    waiting = stranded(20)  # at Idomeni, in Greece
    held = stranded(5, border=HELD_ON_ISLAND)
    claimant = add_migrants(m, 7, "Skopje", status=Status.ASYLUM)
    rate = np.zeros(len(COUNTRIES))
    rate[COUNTRIES.index("MK")] = 1.0
    to_node = np.full(len(COUNTRIES), -1)
    to_node[COUNTRIES.index("MK")] = g.index["Larissa"]
    country_of_node = g.country_idx

    left, came = return_by_police(m, np.random.default_rng(0), rate, to_node, country_of_node, ON_ROUTE)

    assert np.all(m.node[caught] == g.index["Larissa"]) and np.all(m.status[caught] == Status.EN_ROUTE)
    assert np.all(m.border[caught] == -1) and np.all(m.days_waiting[caught] == 0)
    assert list(np.bincount(left, minlength=len(COUNTRIES))) == [30 * (c == "MK") for c in COUNTRIES]
    assert list(np.bincount(came, minlength=len(COUNTRIES))) == [30 * (c == "GR") for c in COUNTRIES]
    assert np.all(m.status[waiting] == Status.STRANDED) and np.all(m.status[held] == Status.STRANDED)
    assert np.all(m.status[claimant] == Status.ASYLUM)

    rng = np.random.default_rng(1)
    before = rng.bit_generator.state
    left, _ = return_by_police(m, rng, rate, to_node, country_of_node, ON_ROUTE)
    assert left.size == 0 and rng.bit_generator.state == before


def test_returned_off_the_route_leave_it(tiny_graph, tiny_migrants, stranded):
    """Returned into a country off the route (here Greece stands for Turkey), every one of the 30 leaves
    the route (LEFT), having left North Macedonia but entered no country on the route; nobody else changes."""
    g, m = tiny_graph, tiny_migrants
    caught = stranded(30, border="Skopje-Vienna")
    waiting = stranded(20)
    rate = np.zeros(len(COUNTRIES))
    rate[COUNTRIES.index("MK")] = 1.0
    to_node = np.full(len(COUNTRIES), g.index["Larissa"])
    off_route = np.array([c == "GR" for c in COUNTRIES])
    left, came = return_by_police(m, np.random.default_rng(0), rate, to_node, g.country_idx, off_route)
    assert np.all(m.status[caught] == Status.LEFT) and np.all(m.node[caught] == g.index["Larissa"])
    assert list(np.bincount(left, minlength=len(COUNTRIES))) == [30 * (c == "MK") for c in COUNTRIES]
    assert came.size == 0
    assert np.all(m.status[waiting] == Status.STRANDED)


def test_giving_up_takes_the_stranded_and_waiting_claimants_but_not_the_held(
    tiny_graph, tiny_migrants, stranded, add_migrants
):
    """At a daily chance of 1 every one of the 25 stranded at closed borders and the 6 claimants waiting
    in Greece leave the route where they are (the claimants back among the active, to be counted out);
    the 5 held on an island, the queued and a claimant in transit stay. At 0 no random number is drawn;
    at 0.2 about a fifth leave."""
    m = tiny_migrants
    at_main, at_exit = stranded(15), stranded(10, border="Skopje-Vienna")
    held = stranded(5, border=HELD_ON_ISLAND)
    queued = add_migrants(m, 4, "Idomeni", status=Status.QUEUED)
    transit = add_migrants(m, 3, "Skopje", status=Status.ASYLUM)
    waiting = add_migrants(m, 6, "Idomeni", status=Status.ASYLUM)
    in_greece = np.array([c == "GR" for c in tiny_graph.country])
    assert m.drop_finished(np.zeros(tiny_graph.n_nodes, bool), in_greece).size == 0  # set apart as in a run
    assert list(m.waiting_claimants) == list(waiting)
    rng = np.random.default_rng(0)
    before = rng.bit_generator.state
    assert leave_route(m, rng, 0.0).size == 0 and rng.bit_generator.state == before
    gone = leave_route(m, rng, 1.0)
    assert list(gone) == sorted([*at_main, *at_exit, *waiting]) and np.all(m.status[gone] == Status.LEFT)
    assert m.waiting_claimants.size == 0 and set(waiting) <= set(m.active)
    assert np.all(m.status[held] == Status.STRANDED) and np.all(m.status[queued] == Status.QUEUED)
    assert np.all(m.status[transit] == Status.ASYLUM)
    many = stranded(4000)
    gone = leave_route(m, np.random.default_rng(5), 0.2)
    assert 720 < gone.size < 880 and set(gone) <= set(many)  # binomial(4000, 0.2): sd about 25


def test_half_a_day_returns_about_half(tiny_graph, tiny_migrants, stranded):
    g, m = tiny_graph, tiny_migrants
    caught = stranded(4000, border="Skopje-Vienna")
    rate = np.zeros(len(COUNTRIES))
    rate[COUNTRIES.index("MK")] = 0.5
    to_node = np.full(len(COUNTRIES), g.index["Larissa"])
    left, _ = return_by_police(m, np.random.default_rng(3), rate, to_node, g.country_idx, ON_ROUTE)
    assert 1850 < left.size < 2150  # binomial(4000, 0.5): sd about 32
    assert (m.node[caught] == g.index["Larissa"]).sum() == left.size
