"""The compiled loops of model.kernels against the numpy expressions of the same rules."""

import numpy as np
import pytest

from model import kernels
from model.enums import TERMINAL_STATUSES, Status


@pytest.fixture
def rng():
    return np.random.default_rng(7)


def test_of_status_selects_in_active_order(rng):
    status = rng.integers(0, len(Status), 500).astype(np.int8)
    active = np.sort(rng.choice(500, 300, replace=False))
    for s in Status:
        np.testing.assert_array_equal(kernels.of_status(active, status, int(s)), active[status[active] == s])


def _numpy_logit(draw, can_divert, days_saved, can_pay, at_a_border, weeks, claimed, base, div, smu, alo, apw):
    utility = np.zeros((5, draw.size))
    utility[1] = np.where(can_divert, div[0] + div[1] * days_saved, -np.inf)
    utility[2] = np.where(can_pay, smu[0] + smu[1] * weeks, -np.inf)
    utility[3] = np.where(claimed, -np.inf, base + apw * weeks)
    utility[4] = np.where(at_a_border, alo[0] + alo[1] * weeks, -np.inf)
    prob = np.exp(utility - utility.max(axis=0))
    prob /= prob.sum(axis=0)
    return (draw[None, :] > np.cumsum(prob, axis=0)[:-1]).sum(axis=0)


def test_logit_choices_match_the_numpy_rule(rng):
    n = 20_000
    args = (
        rng.random(n),
        rng.random(n) < 0.3,
        rng.uniform(0, 10, n),
        rng.random(n) < 0.5,
        rng.random(n) < 0.8,
        rng.integers(0, 60, n) / 7.0,
        rng.random(n) < 0.4,
        rng.normal(-3, 1, n),
        (-2.0, 0.3),
        (-4.0, 0.2),
        (-5.0, 0.1),
        0.05,
    )
    choice = kernels.logit_choices(*args)
    expected = _numpy_logit(*args)
    # the two may differ only where a draw falls within rounding of a threshold: never in this sample
    np.testing.assert_array_equal(choice, expected)
    assert set(np.unique(choice)) == {0, 1, 2, 3, 4}


def test_logit_choices_wait_when_nothing_else_is_open(rng):
    n = 100
    no = np.zeros(n, bool)
    choice = kernels.logit_choices(
        rng.random(n), no, np.zeros(n), no, no, np.ones(n), ~no, np.zeros(n), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0), 0.0
    )
    assert (choice == 0).all()


def test_rejoin_or_wait_matches_the_numpy_rule(rng):
    n, n_borders, n_nat = 400, 5, 3
    border = rng.integers(-2, n_borders, n).astype(np.int16)
    nationality = rng.integers(0, n_nat, n).astype(np.int8)
    admits = rng.random((n_borders, n_nat)) < 0.5
    queue_days = rng.uniform(0, 10, n_borders)
    status = np.full(n, Status.STRANDED, np.int8)
    since = np.zeros(n, np.int16)
    days_waiting = rng.integers(0, 30, n).astype(np.int16)
    money = rng.uniform(0, 100, n).astype(np.float32)
    idx = np.sort(rng.choice(n, 300, replace=False))

    here = np.maximum(border[idx], 0)
    retry = (border[idx] >= 0) & admits[here, nationality[idx]] & (queue_days[here] < 4.0)
    expected_rest = idx[~retry]
    expected_days = days_waiting.copy()
    expected_days[expected_rest] += 1
    expected_money = money.copy()
    expected_money[expected_rest] = np.maximum(money[expected_rest] - 15.0, 0)

    rest = kernels.rejoin_or_wait(
        idx, border, nationality, admits, queue_days, 4.0, Status.QUEUED, status, since, 9, days_waiting, money, 15.0
    )
    np.testing.assert_array_equal(rest, expected_rest)
    assert (status[idx[retry]] == Status.QUEUED).all() and (since[idx[retry]] == 9).all()
    assert (status[expected_rest] == Status.STRANDED).all()
    np.testing.assert_array_equal(days_waiting, expected_days)
    np.testing.assert_array_equal(money, expected_money)


def test_split_finished_matches_the_numpy_rule(rng):
    n, n_nodes = 500, 8
    status = rng.integers(0, len(Status), n).astype(np.int8)
    node = rng.integers(0, n_nodes, n).astype(np.int16)
    final = rng.random(n_nodes) < 0.5
    waits = ~final & (rng.random(n_nodes) < 0.5)
    active = np.sort(rng.choice(n, 350, replace=False))
    claim_open = (status[active] == Status.ASYLUM) & ~final[node[active]]
    keep = (status[active] < min(TERMINAL_STATUSES)) | claim_open
    waiting = claim_open & waits[node[active]]
    kept, done, wait = kernels.split_finished(active, status, node, min(TERMINAL_STATUSES), Status.ASYLUM, final, waits)
    np.testing.assert_array_equal(kept, active[keep & ~waiting])
    np.testing.assert_array_equal(done, active[~keep])
    np.testing.assert_array_equal(wait, active[waiting])
    assert wait.size > 0 and done.size > 0


def test_count_active_counts_travellers_where_they_are_going(rng):
    n, n_nodes, n_arcs, n_countries = 300, 6, 4, 3
    edge = rng.integers(-1, n_arcs, n).astype(np.int16)
    node = rng.integers(0, n_nodes, n).astype(np.int16)
    status = rng.integers(0, len(Status), n).astype(np.int8)
    arc_head = rng.integers(0, n_nodes, n_arcs)
    country_idx = rng.integers(0, n_countries, n_nodes)
    active = np.sort(rng.choice(n, 200, replace=False))
    by_country, by_status = kernels.count_active(
        active, edge, node, status, arc_head, country_idx, n_countries, len(Status)
    )
    at = np.where(edge[active] >= 0, arc_head[np.maximum(edge[active], 0)], node[active])
    np.testing.assert_array_equal(by_country, np.bincount(country_idx[at], minlength=n_countries))
    np.testing.assert_array_equal(by_status, np.bincount(status[active], minlength=len(Status)))


def test_stranded_view_reads_each_migrants_options():
    # three stranded: at border 0 (arc 5, price 300), at border 1 (arc 2, price 50), held on an island
    border = np.array([0, 1, -2], np.int16)
    node = np.array([1, 2, 0], np.int16)
    days_waiting = np.array([14, 3, 70], np.int16)
    claimed_in = np.array([0b10, 0b100, 0b1], np.uint16)
    country_idx = np.array([0, 1, 2])
    weeks, at_border, refused, price, country, claimed = kernels.stranded_view(
        np.arange(3), border, node, days_waiting, claimed_in, np.array([5, 2]), np.array([300.0, 50.0]), country_idx
    )
    np.testing.assert_allclose(weeks, [2.0, 3 / 7, 10.0])
    np.testing.assert_array_equal(at_border, [True, True, False])
    np.testing.assert_array_equal(refused, [5, 2, -1])
    np.testing.assert_array_equal(price, [300.0, 50.0, np.inf])
    np.testing.assert_array_equal(country, [1, 2, 0])
    np.testing.assert_array_equal(claimed, [True, True, True])


def test_days_saved_by_diverting_match_the_numpy_rule(rng):
    """Random option costs with closed (+inf) ones and pads, refused arcs among the options or none
    (-1, held on an island): the same days saved and the same verdicts as the array expression."""
    n_nodes, degree, n_arcs, n, cap = 10, 4, 25, 4000, 30.0
    out_arcs = rng.integers(0, n_arcs, (n_nodes, degree))
    out_arcs[rng.random((n_nodes, degree)) < 0.2] = -1
    out_cols = np.where(out_arcs >= 0, out_arcs, n_arcs)
    table = rng.uniform(0, 60, (3, n_arcs + 1))
    table[rng.random(table.shape) < 0.3] = np.inf
    table[:, -1] = np.inf
    place, row = rng.integers(0, n_nodes, n), rng.integers(0, 3, n) * (n_arcs + 1)
    refused = np.where(rng.random(n) < 0.9, out_arcs[place, rng.integers(0, degree, n)], -1)
    arcs, cost = out_arcs[place], table.ravel()[row[:, None] + out_cols[place]]
    via = np.where(arcs == refused[:, None], cost, np.inf).min(axis=1)
    elsewhere = np.where(arcs == refused[:, None], np.inf, cost).min(axis=1)
    with np.errstate(invalid="ignore"):
        expected = np.minimum(np.nan_to_num(via - elsewhere, posinf=cap, neginf=0.0), cap)
    saved, better = kernels.days_saved_by_diverting(table.ravel(), row, place, refused, out_arcs, out_cols, cap)
    np.testing.assert_array_equal(saved, expected)
    np.testing.assert_array_equal(better, elsewhere < via)
    assert better.any() and (~better).any() and (saved == cap).any() and (saved == 0).any()


def test_count_waiting_and_stranded_where_returned_match_the_numpy_rules(rng):
    n, n_borders, n_nat, n_nodes, n_countries = 600, 4, 3, 9, 5
    status = rng.integers(0, 4, n).astype(np.int8)
    border = rng.integers(-2, n_borders, n).astype(np.int16)
    border[status == Status.QUEUED] = np.abs(border[status == Status.QUEUED])
    nationality = rng.integers(0, n_nat, n).astype(np.int8)
    node = rng.integers(0, n_nodes, n).astype(np.int16)
    admits = rng.random((n_borders, n_nat)) < 0.5
    country_idx = rng.integers(0, n_countries, n_nodes)
    active = np.sort(rng.choice(n, 450, replace=False))

    queue, stranded_at, admitted_at, by_country = kernels.count_waiting(
        active, status, border, nationality, node, admits, country_idx, Status.QUEUED, Status.STRANDED, n_countries
    )
    queued = active[status[active] == Status.QUEUED]
    stranded = active[status[active] == Status.STRANDED]
    at = stranded[border[stranded] >= 0]
    np.testing.assert_array_equal(queue, np.bincount(border[queued], minlength=n_borders))
    np.testing.assert_array_equal(stranded_at, np.bincount(border[at], minlength=n_borders))
    again = at[admits[border[at], nationality[at]]]
    np.testing.assert_array_equal(admitted_at, np.bincount(border[again], minlength=n_borders))
    np.testing.assert_array_equal(by_country, np.bincount(country_idx[node[stranded]], minlength=n_countries))

    rate = np.array([0.0, 0.1, 0.0, 0.05, 0.2])
    idx, country = kernels.stranded_where_returned(active, status, border, node, Status.STRANDED, -2, country_idx, rate)
    expected = stranded[(border[stranded] != -2) & (rate[country_idx[node[stranded]]] > 0)]
    np.testing.assert_array_equal(idx, expected)
    np.testing.assert_array_equal(country, country_idx[node[expected]])


def test_en_route_splits_travellers_from_those_at_a_place(rng):
    n = 400
    status = rng.integers(0, len(Status), n).astype(np.int8)
    edge = rng.integers(-1, 5, n).astype(np.int16)
    active = np.sort(rng.choice(n, 300, replace=False))
    moving = status[active] == Status.EN_ROUTE
    for on_arc, expected in ((True, edge[active] >= 0), (False, edge[active] < 0)):
        got = kernels.en_route(active, status, edge, Status.EN_ROUTE, on_arc=on_arc)
        np.testing.assert_array_equal(got, active[moving & expected])


@pytest.mark.parametrize("sizes", [(0, 5), (5, 0), (1, 1), (300, 40)])
def test_merge_sorted_matches_sorting_the_union(rng, sizes):
    drawn = rng.choice(1000, sum(sizes), replace=False)
    a, b = np.sort(drawn[: sizes[0]]), np.sort(drawn[sizes[0] :])
    assert np.array_equal(kernels.merge_sorted(a, b), np.sort(drawn))


def _route_choice_numpy(
    option_flat, row, node, out_arcs, out_cols, out_heads, prev_node, avoid_arc, gumbel, days, share
):
    """Route choice as the chain of array operations it was written as before the compiled loops,
    with a Gumbel taste for every option (the closed ones' cannot matter)."""
    arcs, cost = out_arcs[node], option_flat[row[:, None] + out_cols[node]]
    cost = np.where(arcs == avoid_arc[:, None], np.inf, cost)
    back = (out_heads[node] == prev_node[:, None]) & ~(avoid_arc >= 0)[:, None]
    forward_cost = np.where(back, np.inf, cost)
    stuck = ~np.isfinite(forward_cost).any(axis=1)
    cost = np.where(stuck[:, None], cost, forward_cost)
    taste = gumbel * (days + share * np.where(np.isfinite(cost), cost, 0.0))
    pick = np.argmin(cost - taste, axis=1)
    rows = np.arange(len(pick))
    return cost, np.where(np.isfinite(cost[rows, pick]), arcs[rows, pick], -1)


def test_route_choice_passes_match_the_numpy_rule(rng):
    """Random options with closed (+inf) ones, pads, ways back and arcs to avoid: the same costs, and
    the same picks when the numpy rule's tastes for the open options of migrants with a choice are
    -log of the exponentials the second pass reads, in order."""
    n_nodes, degree, n_arcs, n = 12, 4, 30, 5000
    out_arcs = rng.integers(0, n_arcs, (n_nodes, degree))
    out_arcs[rng.random((n_nodes, degree)) < 0.2] = -1  # pads
    out_cols = np.where(out_arcs >= 0, out_arcs, n_arcs)
    out_heads = rng.integers(0, n_nodes, (n_nodes, degree))
    table = rng.uniform(0, 40, (3, n_arcs + 1))
    table[rng.random(table.shape) < 0.3] = np.inf
    table[:, -1] = np.inf
    flat = table.ravel()
    node = rng.integers(0, n_nodes, n)
    row = rng.integers(0, 3, n) * (n_arcs + 1)
    prev = rng.integers(-1, n_nodes, n)
    avoid = np.where(rng.random(n) < 0.3, out_arcs[node, rng.integers(0, degree, n)], -1)
    cost, n_draws = kernels.open_options(flat, row, node, out_arcs, out_cols, out_heads, prev, avoid)
    open_ = np.isfinite(cost)
    choosing = open_.sum(axis=1) > 1
    assert n_draws == open_[choosing].sum()
    exponential = rng.standard_exponential(n_draws)
    gumbel = np.zeros(cost.shape)
    gumbel[choosing[:, None] & open_] = -np.log(exponential)  # row by row, option by option
    expected_cost, expected = _route_choice_numpy(
        flat, row, node, out_arcs, out_cols, out_heads, prev, avoid, gumbel, 0.5, 0.2
    )
    np.testing.assert_array_equal(cost, expected_cost)
    got = kernels.pick_arcs(cost, node, out_arcs, exponential, 0.5, 0.2)
    assert np.array_equal(got, expected)
    assert (expected == -1).any() and (expected >= 0).any() and (open_.sum(axis=1) == 1).any()


def _advance_numpy(idx, budget, m, arc_mode, arc_tail, arc_head, speeds, walk, factor, dest_node, is_camp, dwell, day):
    """One hop of movement as the chain of array operations it was written as before the compiled loop."""
    arc = m["edge"][idx]
    speed = speeds[arc_mode[arc]].astype(np.float64)
    slow = (arc_mode[arc] == walk) & (m["vulnerability"][idx] != 0)
    speed = np.where(slow, speed * factor, speed)
    need = m["km_left"][idx] / speed
    done = need <= budget
    m["km_left"][idx[~done]] -= (budget[~done] * speed[~done]).astype(np.float32)
    idx, budget, arc = idx[done], budget[done] - need[done], arc[done]
    m["prev_node"][idx], m["node"][idx] = arc_tail[arc], arc_head[arc]
    m["edge"][idx], m["km_left"][idx], m["avoid_arc"][idx] = -1, 0, -1
    home = m["node"][idx] == dest_node[m["destination"][idx]]
    m["status"][idx[home]] = 4
    camp = ~home & is_camp[m["node"][idx]] & (dwell > 0)
    m["dwell_until"][idx[camp]] = day + dwell
    go_on = ~home & ~camp & (budget > 1e-6)
    return idx[go_on], budget[go_on]


def test_advance_matches_the_numpy_rule(rng):
    """Travellers on random arcs with random budgets, some reaching a destination or a camp: the same
    places, distances left, statuses and survivors, to the last bit."""
    n_nodes, n_arcs, n = 15, 40, 3000
    arc_mode, arc_tail = rng.integers(0, 4, n_arcs).astype(np.int8), rng.integers(0, n_nodes, n_arcs).astype(np.int16)
    arc_head = rng.integers(0, n_nodes, n_arcs).astype(np.int16)
    speeds = np.array([25.0, 400.0, 500.0, 300.0], np.float32)
    dest_node, is_camp = np.array([3, 7], np.int16), rng.random(n_nodes) < 0.3
    m = dict(
        edge=rng.integers(0, n_arcs, n).astype(np.int16), km_left=rng.uniform(0, 300, n).astype(np.float32),
        vulnerability=rng.integers(0, 3, n).astype(np.int8), node=np.zeros(n, np.int16),
        prev_node=np.zeros(n, np.int16), avoid_arc=rng.integers(-1, n_arcs, n).astype(np.int16),
        status=np.zeros(n, np.int8), dwell_until=np.zeros(n, np.int16),
        destination=rng.integers(0, 2, n).astype(np.int8),
    )  # fmt: skip
    copy = {k: v.copy() for k, v in m.items()}
    idx, budget = np.sort(rng.choice(n, 2000, replace=False)), rng.uniform(0, 1, 2000)
    graph = (arc_mode, arc_tail, arc_head, speeds, 0, 0.7, dest_node, is_camp, 2, 9)
    expected = _advance_numpy(idx, budget, copy, *graph)
    order = (
        "edge",
        "km_left",
        "vulnerability",
        "node",
        "prev_node",
        "avoid_arc",
        "status",
        "dwell_until",
        "destination",
    )
    got = kernels.advance(idx, budget, *(m[k] for k in order), *graph, 4)
    assert np.array_equal(got[0], expected[0]) and np.array_equal(got[1], expected[1])
    assert all(np.array_equal(m[k], copy[k]) for k in m)
    assert 0 < expected[0].size < idx.size and (m["status"] == 4).any()


def test_take_arcs_queues_at_borders_and_starts_the_rest_on_their_arc():
    """Arc 0 is a border (point 5), arc 1 is 42 km of road, -1 is no way on: one queued from day 9, one
    travelling, one left as it was."""
    idx, arc = np.array([3, 6, 8]), np.array([0, 1, -1])
    status, border, since = np.zeros(10, np.int8), np.full(10, -1, np.int16), np.zeros(10, np.int16)
    edge, km_left = np.full(10, -1, np.int16), np.zeros(10, np.float32)
    travel = kernels.take_arcs(
        idx, arc, np.array([5, -1], np.int16), np.array([0, 42], np.float32), status, border, since, edge, km_left, 9, 1
    )
    assert list(travel) == [False, True, False]
    assert (status[3], border[3], since[3], edge[3]) == (1, 5, 9, -1)
    assert (status[6], edge[6], km_left[6]) == (0, 1, 42.0) and (status[8], edge[8], border[8]) == (0, -1, -1)


def test_apply_refusal_choices_matches_the_numpy_rule(rng):
    """Random choices among wait (0), divert (1), smuggle (2), asylum (3) and alone (4): the same
    attributes, claimants and hired border points as the array assignments it replaced."""
    n, size = 2000, 3000
    idx = np.sort(rng.choice(size, n, replace=False))
    choice, refused = rng.integers(0, 5, n), rng.integers(0, 50, n)
    price, country = rng.uniform(0, 900, n), rng.integers(0, 12, n)
    m = dict(
        avoid_arc=np.full(size, -1, np.int16), status=np.full(size, 2, np.int8),
        border=rng.integers(0, 30, size).astype(np.int16), days_waiting=rng.integers(0, 90, size).astype(np.int16),
        money=rng.uniform(0, 2000, size).astype(np.float32), smuggle_left=np.zeros(size, np.int8),
        package_left=np.zeros(size, np.int8), ever_smuggled=np.zeros(size, bool), alone=rng.random(size) < 0.5,
        claimed_in=rng.integers(0, 2**12, size).astype(np.uint16),
    )  # fmt: skip
    e = {k: v.copy() for k, v in m.items()}
    divert, smuggle, alone, claim = (idx[choice == c] for c in (1, 2, 4, 3))
    e["avoid_arc"][divert], e["status"][divert], e["border"][divert] = refused[choice == 1], 0, -1
    e["days_waiting"][divert] = 0
    hired = e["border"][smuggle].astype(np.int64)
    e["status"][smuggle], e["smuggle_left"][smuggle], e["package_left"][smuggle] = 3, 4, 2
    e["money"][smuggle] -= price[choice == 2]
    e["ever_smuggled"][smuggle], e["alone"][smuggle] = True, False
    e["status"][alone], e["smuggle_left"][alone], e["package_left"][alone], e["alone"][alone] = 3, 1, 0, True
    e["status"][claim] = 5
    e["claimed_in"][claim] |= np.left_shift(np.uint16(1), country[choice == 3].astype(np.uint16))
    got = kernels.apply_refusal_choices(
        idx, choice, refused, price, country, *m.values(), (4, 1), 3, (1, 2, 3, 4), (0, 3, 5)
    )
    assert np.array_equal(got[0], claim) and np.array_equal(got[1], hired)
    for k in m:
        assert np.array_equal(m[k], e[k]), k


def test_rows_of_matches_the_numpy_rule(rng):
    n, size, day = 500, 900, 40
    idx = np.sort(rng.choice(size, n, replace=False))
    nationality, destination = rng.integers(0, 4, size).astype(np.int8), rng.integers(0, 2, size).astype(np.int8)
    info_lag = rng.integers(0, 31, size).astype(np.int8)
    version_of_day, slot_of_version = (
        np.sort(rng.integers(0, 6, 60)).astype(np.int32),
        rng.permutation(6).astype(np.int32),
    )
    believed = np.maximum(day - info_lag[idx].astype(np.int64), 0)
    slot = slot_of_version[version_of_day[believed]].astype(np.int64)
    expected = ((slot * 4 + nationality[idx]) * 2 + destination[idx]) * 82
    got = kernels.rows_of(idx, nationality, destination, info_lag, version_of_day, slot_of_version, day, 4, 2, 82)
    assert np.array_equal(got, expected)
