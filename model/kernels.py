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
            if u[k] == -np.inf:  # exp(-inf) is 0 and exp(0) is 1 exactly: no call needed
                u[k] = 0.0
            elif u[k] == top:
                u[k] = 1.0
            else:
                u[k] = math.exp(u[k] - top)
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
    active: np.ndarray,
    status: np.ndarray,
    node: np.ndarray,
    first_terminal: int,
    asylum: int,
    final_at: np.ndarray,
    waits_at: np.ndarray,
) -> tuple:
    """(still active, finished, waiting claimants), each in ``active``'s order: a journey ends with a
    terminal status, except an asylum claim made where claims are not final (``final_at`` false at
    the node); such a claimant where ``waits_at`` is true is set apart, waiting on its claim."""
    keep = np.empty(active.size, np.int64)
    done = np.empty(active.size, np.int64)
    wait = np.empty(active.size, np.int64)
    k = d = w = 0
    for i in active:
        s = status[i]
        if s == asylum and not final_at[node[i]]:
            if waits_at[node[i]]:
                wait[w] = i
                w += 1
            else:
                keep[k] = i
                k += 1
        elif s < first_terminal:
            keep[k] = i
            k += 1
        else:
            done[d] = i
            d += 1
    return keep[:k], done[:d], wait[:w]


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


@njit(cache=True)
def stranded_view(
    idx: np.ndarray,
    border: np.ndarray,
    node: np.ndarray,
    days_waiting: np.ndarray,
    claimed_in: np.ndarray,
    arc_of_border: np.ndarray,
    price_of_border: np.ndarray,
    country_idx: np.ndarray,
) -> tuple:
    """What each stranded migrant ``idx`` weighs today: (weeks stranded, whether a closed border is in
    front of it (else it is held on an island), the arc it was refused (-1 if held), the smuggler's
    price for it (inf if held), its country, whether it has claimed asylum there)."""
    n = idx.size
    weeks = np.empty(n)
    at_a_border = np.empty(n, np.bool_)
    refused_arc = np.empty(n, np.int64)
    price = np.empty(n)
    country = np.empty(n, np.int64)
    claimed_here = np.empty(n, np.bool_)
    for j in range(n):
        i = idx[j]
        b = border[i]
        weeks[j] = days_waiting[i] / 7.0
        at_a_border[j] = b >= 0
        refused_arc[j] = arc_of_border[b] if b >= 0 else -1
        price[j] = price_of_border[b] if b >= 0 else np.inf
        c = country_idx[node[i]]
        country[j] = c
        claimed_here[j] = (claimed_in[i] >> c) & 1 == 1
    return weeks, at_a_border, refused_arc, price, country, claimed_here


@njit(cache=True)
def stranded_where_returned(
    active: np.ndarray,
    status: np.ndarray,
    border: np.ndarray,
    node: np.ndarray,
    stranded: int,
    held_on_island: int,
    country_of_node: np.ndarray,
    rate_of_country: np.ndarray,
) -> tuple:
    """(the stranded at a border in a country whose police return people, their countries), in
    ``active``'s order."""
    idx = np.empty(active.size, np.int64)
    country = np.empty(active.size, np.int64)
    k = 0
    for i in active:
        if status[i] == stranded and border[i] != held_on_island:
            c = country_of_node[node[i]]
            if rate_of_country[c] > 0:
                idx[k] = i
                country[k] = c
                k += 1
    return idx[:k], country[:k]


@njit(cache=True)
def count_waiting(
    active: np.ndarray,
    status: np.ndarray,
    border: np.ndarray,
    nationality: np.ndarray,
    node: np.ndarray,
    admits: np.ndarray,
    country_idx: np.ndarray,
    queued: int,
    stranded: int,
    n_countries: int,
) -> tuple:
    """The day's waiting, in one pass over ``active``: (queued at each border point, stranded at each,
    stranded at each whom it admits again, stranded in each country, held on islands included)."""
    n_borders = admits.shape[0]
    queue = np.zeros(n_borders, np.int64)
    stranded_at = np.zeros(n_borders, np.int64)
    admitted_at = np.zeros(n_borders, np.int64)
    by_country = np.zeros(n_countries, np.int64)
    for i in active:
        s = status[i]
        if s == queued:
            queue[border[i]] += 1
        elif s == stranded:
            by_country[country_idx[node[i]]] += 1
            b = border[i]
            if b >= 0:
                stranded_at[b] += 1
                if admits[b, nationality[i]]:
                    admitted_at[b] += 1
    return queue, stranded_at, admitted_at, by_country


@njit(cache=True)
def en_route(active: np.ndarray, status: np.ndarray, edge: np.ndarray, en_route_status: int, on_arc: bool):
    """The active migrants en route that travel an arc (``on_arc``) or stand at a place (not), in
    ``active``'s order."""
    out = np.empty(active.size, np.int64)
    k = 0
    for i in active:
        if status[i] == en_route_status and (edge[i] >= 0) == on_arc:
            out[k] = i
            k += 1
    return out[:k]


@njit(cache=True)
def merge_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.sort(np.concatenate([a, b]))`` for two sorted index arrays without common elements, in one pass."""
    out = np.empty(a.size + b.size, np.int64)
    i = j = 0
    for k in range(out.size):
        if j == b.size or (i < a.size and a[i] < b[j]):
            out[k] = a[i]
            i += 1
        else:
            out[k] = b[j]
            j += 1
    return out


@njit(cache=True)
def open_options(
    option_flat: np.ndarray,
    row: np.ndarray,
    node: np.ndarray,
    out_arcs: np.ndarray,
    out_cols: np.ndarray,
    out_heads: np.ndarray,
    prev_node: np.ndarray,
    avoid_arc: np.ndarray,
) -> tuple:
    """Route choice's first pass (:func:`model.routing.choose_next_arc`): for migrant i at ``node[i]``,
    option k costs ``option_flat[row[i] + out_cols[node[i], k]]``, +inf if it is the arc to avoid, or
    if it turns straight back (not while diverting) and some other option is finite. Returns the
    (migrants, degree) costs and how many tastes the second pass needs: one per finite option of
    each migrant with two or more (one with a single way on takes it)."""
    n, degree = node.size, out_arcs.shape[1]
    cost = np.empty((n, degree))
    n_draws = 0
    for i in range(n):
        v, diverting = node[i], avoid_arc[i] >= 0
        forward = False
        for k in range(degree):
            c = option_flat[row[i] + out_cols[v, k]]
            if out_arcs[v, k] == avoid_arc[i]:
                c = np.inf
            cost[i, k] = c
            if math.isfinite(c) and (diverting or out_heads[v, k] != prev_node[i]):
                forward = True
        finite = 0
        for k in range(degree):
            if forward and not diverting and out_heads[v, k] == prev_node[i]:
                cost[i, k] = np.inf
            if math.isfinite(cost[i, k]):
                finite += 1
        if finite > 1:
            n_draws += finite
    return cost, n_draws


@njit(cache=True)
def pick_arcs(
    cost: np.ndarray,
    node: np.ndarray,
    out_arcs: np.ndarray,
    exponential: np.ndarray,
    noise_days: float,
    noise_share: float,
) -> np.ndarray:
    """Route choice's second pass: each migrant takes the finite option with the lowest cost minus its
    Gumbel taste, -log(``exponential``) (one standard exponential draw per finite option, in order, for
    migrants with two or more) times (``noise_days`` + ``noise_share`` x the cost); its single finite
    option if it has one, and -1 (no way on) if it has none."""
    n, degree = cost.shape
    chosen = np.full(n, -1, np.int64)
    d = 0
    for i in range(n):
        finite, only = 0, -1
        for k in range(degree):
            if math.isfinite(cost[i, k]):
                finite += 1
                only = k
        if finite == 1:
            chosen[i] = out_arcs[node[i], only]
        elif finite > 1:
            best, best_score = -1, 0.0
            for k in range(degree):
                c = cost[i, k]
                if not math.isfinite(c):
                    continue
                score = c + math.log(exponential[d]) * (noise_days + noise_share * c)
                d += 1
                if best < 0 or score < best_score:
                    best, best_score = k, score
            chosen[i] = out_arcs[node[i], best]
    return chosen


@njit(cache=True)
def advance(
    idx: np.ndarray,
    budget: np.ndarray,
    edge: np.ndarray,
    km_left: np.ndarray,
    vulnerability: np.ndarray,
    node: np.ndarray,
    prev_node: np.ndarray,
    avoid_arc: np.ndarray,
    status: np.ndarray,
    dwell_until: np.ndarray,
    destination: np.ndarray,
    arc_mode: np.ndarray,
    arc_tail: np.ndarray,
    arc_head: np.ndarray,
    speed_of_mode: np.ndarray,
    walk: int,
    vulnerable_walk_factor: float,
    destination_node: np.ndarray,
    is_camp: np.ndarray,
    camp_dwell_days: int,
    day: int,
    arrived: int,
) -> tuple:
    """One hop of :func:`model.movement.move_along_edges` for the travellers ``idx`` with ``budget``
    days left: each covers its arc if the budget allows (at its mode's speed, families and minors
    walking slower), else goes as far as it can. One who reaches the end is at the arc's head: at its
    destination it has arrived, at a camp it stays ``camp_dwell_days``. Returns those with time left
    to choose their next arc, and their budgets."""
    go_on = np.empty(idx.size, np.int64)
    left = np.empty(idx.size)
    k = 0
    for j in range(idx.size):
        i, arc = idx[j], edge[idx[j]]
        speed = np.float64(speed_of_mode[arc_mode[arc]])
        if arc_mode[arc] == walk and vulnerability[i] != 0:
            speed = speed * vulnerable_walk_factor
        need = np.float64(km_left[i]) / speed
        if need > budget[j]:
            km_left[i] = km_left[i] - np.float32(budget[j] * speed)
            continue
        rest = budget[j] - need
        prev_node[i] = arc_tail[arc]
        node[i] = arc_head[arc]
        edge[i] = -1
        km_left[i] = 0
        avoid_arc[i] = -1
        if node[i] == destination_node[destination[i]]:
            status[i] = arrived
        elif is_camp[node[i]] and camp_dwell_days > 0:
            dwell_until[i] = day + camp_dwell_days
        elif rest > 1e-6:
            go_on[k] = i
            left[k] = rest
            k += 1
    return go_on[:k], left[:k]


@njit(cache=True)
def take_arcs(
    idx: np.ndarray,
    arc: np.ndarray,
    arc_border: np.ndarray,
    arc_km: np.ndarray,
    status: np.ndarray,
    border: np.ndarray,
    since: np.ndarray,
    edge: np.ndarray,
    km_left: np.ndarray,
    day: int,
    queued: int,
) -> np.ndarray:
    """Migrants ``idx`` take their chosen ``arc`` (-1: none): a border arc puts them in its queue from
    ``day``, any other starts them on it with its length to go. Returns who is now travelling."""
    travel = np.zeros(idx.size, np.bool_)
    for j in range(idx.size):
        a = arc[j]
        if a < 0:
            continue
        i = idx[j]
        if arc_border[a] >= 0:
            status[i] = queued
            border[i] = arc_border[a]
            since[i] = day
        else:
            edge[i] = a
            km_left[i] = arc_km[a]
            travel[j] = True
    return travel


@njit(cache=True)
def days_saved_by_diverting(
    option_flat: np.ndarray,
    row: np.ndarray,
    place: np.ndarray,
    refused_arc: np.ndarray,
    out_arcs: np.ndarray,
    out_cols: np.ndarray,
    cap: float,
) -> tuple:
    """For each stranded migrant at ``place[j]`` with its row of option costs ``row[j]``: the least cost
    of going on by the refused arc and by any other, and from them (days another way is believed to
    save, at most ``cap``; 0 if neither leads anywhere; whether another way is better)."""
    n, degree = row.size, out_arcs.shape[1]
    saved = np.empty(n)
    better = np.empty(n, np.bool_)
    for j in range(n):
        v = place[j]
        via, elsewhere = np.inf, np.inf
        for k in range(degree):
            c = option_flat[row[j] + out_cols[v, k]]
            if out_arcs[v, k] == refused_arc[j]:
                via = min(via, c)
            else:
                elsewhere = min(elsewhere, c)
        d = via - elsewhere
        if math.isnan(d) or d == -np.inf:
            d = 0.0
        elif d == np.inf:
            d = cap
        saved[j] = min(d, cap)
        better[j] = elsewhere < via
    return saved, better


@njit(cache=True)
def apply_refusal_choices(
    idx: np.ndarray,
    choice: np.ndarray,
    refused_arc: np.ndarray,
    price: np.ndarray,
    country: np.ndarray,
    avoid_arc: np.ndarray,
    status: np.ndarray,
    border: np.ndarray,
    days_waiting: np.ndarray,
    money: np.ndarray,
    smuggle_left: np.ndarray,
    package_left: np.ndarray,
    ever_smuggled: np.ndarray,
    alone: np.ndarray,
    claimed_in: np.ndarray,
    trip_days: tuple,
    package_borders: int,
    codes: tuple,
    statuses: tuple,
) -> tuple:
    """What each stranded migrant ``idx[j]`` chose (``choice[j]``, among ``codes`` = (divert,
    smuggle, asylum, alone)) takes effect: a diverter sets off again avoiding the refused arc; a
    migrant hiring a smuggler pays the leg's price and waits ``trip_days[0]`` days for the crossing,
    the network taking it on across ``package_borders`` - 1 further closed borders; one crossing alone
    goes in ``trip_days[1]``; a claimant is registered in its country. ``statuses`` = (en route,
    smuggled, asylum). Returns (the claimants, the border points of the smugglers hired), in order."""
    divert, smuggle, asylum, cross_alone = codes
    en_route, smuggled, claimant = statuses
    claimants = np.empty(idx.size, np.int64)
    hired_at = np.empty(idx.size, np.int64)
    n_claims = n_hired = 0
    for j in range(idx.size):
        i, c = idx[j], choice[j]
        if c == divert:
            avoid_arc[i] = refused_arc[j]
            status[i] = en_route
            border[i] = -1
            days_waiting[i] = 0
        elif c == smuggle:
            status[i] = smuggled
            money[i] = money[i] - price[j]
            smuggle_left[i] = trip_days[0]
            package_left[i] = package_borders - 1
            ever_smuggled[i] = True
            alone[i] = False
            hired_at[n_hired] = border[i]
            n_hired += 1
        elif c == cross_alone:
            status[i] = smuggled
            smuggle_left[i] = trip_days[1]
            package_left[i] = 0
            alone[i] = True
        elif c == asylum:
            status[i] = claimant
            claimed_in[i] = claimed_in[i] | (1 << country[j])
            claimants[n_claims] = i
            n_claims += 1
    return claimants[:n_claims], hired_at[:n_hired]


@njit(cache=True)
def rows_of(
    idx: np.ndarray,
    nationality: np.ndarray,
    destination: np.ndarray,
    info_lag: np.ndarray,
    version_of_day: np.ndarray,
    slot_of_version: np.ndarray,
    day: int,
    n_nationalities: int,
    n_destinations: int,
    row_length: int,
) -> np.ndarray:
    """:meth:`model.routing.RouteCosts.option_rows` for migrants ``idx``, read from the migrant arrays
    in one pass: where each one's row of option costs starts (the version of the policies it
    believes, its nationality and destination)."""
    rows = np.empty(idx.size, np.int64)
    for j in range(idx.size):
        i = idx[j]
        slot = np.int64(slot_of_version[version_of_day[max(day - np.int64(info_lag[i]), 0)]])
        rows[j] = ((slot * n_nationalities + nationality[i]) * n_destinations + destination[i]) * row_length
    return rows
