"""Compiled loops (numba) for the few daily steps that touch every waiting migrant.

From 2017 tens of thousands wait stranded, and every one of them weighs its options each day. Written
as chains of numpy operations, each rule makes a temporary array per term; a loop over the migrants
computes the same terms in the same order of operations without them. Each kernel states the rule
it computes and is tested against the numpy expression of it on small inputs
(``tests/model/test_kernels.py``): the results agree to the last bit except that ``exp`` comes from
the C library here and from numpy's own vector code there, which can differ in the last bit
(never a different choice in the runs compared there).
"""

import math

import numpy as np
from numba import njit


@njit(cache=True)
def of_status(active: np.ndarray, status: np.ndarray, wanted: int) -> np.ndarray:
    """``active[status[active] == wanted]``, in one pass."""
    out = np.empty(active.size, np.int64)
    k = 0
    for i in active:
        if status[i] == wanted:
            out[k] = i
            k += 1
    return out[:k]


@njit(cache=True)
def logit_choices(
    draw: np.ndarray,
    can_divert: np.ndarray,
    days_saved: np.ndarray,
    can_pay: np.ndarray,
    at_a_border: np.ndarray,
    weeks: np.ndarray,
    claimed_here: np.ndarray,
    asylum_base: np.ndarray,
    divert: tuple,
    smuggle: tuple,
    alone: tuple,
    asylum_per_week: float,
) -> np.ndarray:
    """Each stranded migrant's choice (0 wait, 1 divert, 2 smuggle, 3 asylum, 4 alone) by a multinomial
    logit against waiting (utility 0), with one uniform ``draw`` each, taken as the first option whose
    running sum of probabilities passes the draw. ``divert``, ``smuggle`` and ``alone`` are each
    (log-odds, log-odds per unit: a day saved or a week stranded); ``asylum_base`` is the asylum
    log-odds of the migrant's country."""
    n = draw.size
    choice = np.zeros(n, np.int64)
    u = np.empty(5)
    for i in range(n):
        u[0] = 0.0
        u[1] = divert[0] + divert[1] * days_saved[i] if can_divert[i] else -np.inf
        u[2] = smuggle[0] + smuggle[1] * weeks[i] if can_pay[i] else -np.inf
        u[3] = -np.inf if claimed_here[i] else asylum_base[i] + asylum_per_week * weeks[i]
        u[4] = alone[0] + alone[1] * weeks[i] if at_a_border[i] else -np.inf
        top = max(max(max(max(u[0], u[1]), u[2]), u[3]), u[4])
        total = 0.0
        for k in range(5):
            u[k] = 0.0 if u[k] == -np.inf else math.exp(u[k] - top)  # exp(-inf) is 0: skip the call
            total = u[k] if k == 0 else total + u[k]
        below = u[0] / total
        c = 1 if draw[i] > below else 0
        for k in range(1, 4):
            below += u[k] / total
            c += 1 if draw[i] > below else 0
        choice[i] = c
    return choice


@njit(cache=True)
def rejoin_or_wait(
    idx: np.ndarray,
    border: np.ndarray,
    nationality: np.ndarray,
    admits: np.ndarray,
    queue_days: np.ndarray,
    patience_days: float,
    queued: int,
    status: np.ndarray,
    since: np.ndarray,
    day: int,
    days_waiting: np.ndarray,
    money: np.ndarray,
    daily_spend: float,
) -> np.ndarray:
    """Stranded migrants facing a border that admits them again and whose queue is shorter than their
    patience (in days of its limit) rejoin it today (``status`` set to ``queued``, ``since`` to
    ``day``); the others wait one more day and spend on it (money never below 0). Returns those
    still waiting."""
    rest = np.empty(idx.size, np.int64)
    k = 0
    for i in idx:
        b = border[i]
        if b >= 0 and admits[b, nationality[i]] and queue_days[b] < patience_days:
            status[i] = queued
            since[i] = day
            continue
        days_waiting[i] += 1
        money[i] = max(money[i] - daily_spend, 0.0)
        rest[k] = i
        k += 1
    return rest[:k]


@njit(cache=True)
def split_finished(
    active: np.ndarray, status: np.ndarray, node: np.ndarray, first_terminal: int, asylum: int, settles_at: np.ndarray
) -> tuple:
    """(still active, finished), each in ``active``'s order: a journey ends with a terminal status,
    except an asylum claim made where claims are not pursued (``settles_at`` false at the node)."""
    keep = np.empty(active.size, np.int64)
    done = np.empty(active.size, np.int64)
    k = d = 0
    for i in active:
        s = status[i]
        if s < first_terminal or (s == asylum and not settles_at[node[i]]):
            keep[k] = i
            k += 1
        else:
            done[d] = i
            d += 1
    return keep[:k], done[:d]


@njit(cache=True)
def count_active(
    active: np.ndarray,
    edge: np.ndarray,
    node: np.ndarray,
    status: np.ndarray,
    arc_head: np.ndarray,
    country_idx: np.ndarray,
    n_countries: int,
    n_statuses: int,
) -> tuple:
    """(people by country, people by status) among ``active``: a migrant on an arc counts in the
    country of the arc's far end."""
    by_country = np.zeros(n_countries, np.int64)
    by_status = np.zeros(n_statuses, np.int64)
    for i in active:
        e = edge[i]
        by_country[country_idx[arc_head[e] if e >= 0 else node[i]]] += 1
        by_status[status[i]] += 1
    return by_country, by_status
