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
