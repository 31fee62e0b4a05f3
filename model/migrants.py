"""Migrants, stored column-wise: one numpy array per attribute, one element per migrant agent.

Each daily rule (in :mod:`model.routing`, :mod:`model.movement`, :mod:`model.refusal` and
:mod:`model.crossing`) is written per migrant but applied to all of them at once, with each migrant's
own random draws from the model's seeded generator. ``active`` lists the migrants still on the move
(not arrived, not settled by an asylum claim pursued where it was made, not returned), so finished
journeys cost nothing. Claimants waiting where claims are pursued short of a destination (Greece), who
may still set off again, are kept apart in ``waiting_claimants``: the chance to set off is the only
rule that touches them, and from 2017 they are some 50,000 that every scan of ``active`` would read.
Both lists stay in index order, the order in which the rules draw for them.
"""

import numpy as np

from model import kernels
from model.enums import TERMINAL_STATUSES, Status

NO_BORDER = -1
HELD_ON_ISLAND = -2  # ``border`` value of people held at the entry after the EU-Turkey statement


def rank_within_groups(sorted_keys: np.ndarray) -> np.ndarray:
    """Each element's place (0, 1, ...) among the equal keys before it; ``sorted_keys`` must be sorted.

    Daily limits (a border's capacity, a country's asylum claims) take the first ``limit`` of each group.
    """
    return np.arange(sorted_keys.size) - np.searchsorted(sorted_keys, sorted_keys, side="left")


class Migrants:
    """Arrays of migrant attributes; ``n`` agents so far out of ``capacity`` preallocated."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        self.n = 0
        self.node = np.zeros(capacity, np.int16)  # current place, or the place last left
        self.edge = np.full(capacity, -1, np.int16)  # arc being travelled, -1 at a node
        self.km_left = np.zeros(capacity, np.float32)
        self.prev_node = np.full(capacity, -1, np.int16)
        self.status = np.zeros(capacity, np.int8)
        self.nationality = np.zeros(capacity, np.int8)
        self.vulnerability = np.zeros(capacity, np.int8)
        self.destination = np.zeros(capacity, np.int8)  # 0 Germany, 1 Austria
        self.money = np.zeros(capacity, np.float32)
        self.info_lag = np.zeros(capacity, np.int8)  # days until news reaches this migrant
        self.days_waiting = np.zeros(capacity, np.int16)
        self.border = np.full(capacity, NO_BORDER, np.int16)  # queued, refused or smuggled at
        self.avoid_arc = np.full(capacity, -1, np.int16)  # refused arc when diverting
        self.since = np.zeros(capacity, np.int16)  # day the migrant joined its queue
        self.dwell_until = np.zeros(capacity, np.int16)
        self.smuggle_left = np.zeros(capacity, np.int8)
        self.package_left = np.zeros(capacity, np.int8)  # further closed borders a smuggling network takes it on
        self.alone = np.zeros(capacity, bool)  # crossing a closed border without a smuggler (status SMUGGLED)
        self.arrival_day = np.zeros(capacity, np.int16)
        self.exploited = np.zeros(capacity, bool)
        self.identified = np.zeros(capacity, bool)
        self.ever_smuggled = np.zeros(capacity, bool)
        self.ever_refused = np.zeros(capacity, bool)
        self.claimed_in = np.zeros(capacity, np.uint16)  # bit c set: has claimed asylum in country c
        self.active = np.zeros(0, np.int64)
        self.waiting_claimants = np.zeros(0, np.int64)
        # waiting claimants by place: they neither move nor change status while they wait
        self._waiting_at_node = np.zeros(np.iinfo(self.node.dtype).max + 1, np.int64)

    def add(
        self,
        count: int,
        *,
        node: int,
        day: int,
        nationality,
        vulnerability,
        destination,
        money,
        info_lag,
        dwell_days: int,
    ) -> np.ndarray:
        """Append ``count`` new migrants at ``node``; returns their indices."""
        if self.n + count > self.capacity:
            raise RuntimeError(f"Migrants: capacity {self.capacity} exceeded (internal error)")
        idx = np.arange(self.n, self.n + count)
        self.n += count
        self.node[idx] = node
        self.status[idx] = Status.EN_ROUTE
        self.nationality[idx] = nationality
        self.vulnerability[idx] = vulnerability
        self.destination[idx] = destination
        self.money[idx] = money
        self.info_lag[idx] = info_lag
        self.arrival_day[idx] = day
        self.dwell_until[idx] = day + dwell_days
        self.active = np.concatenate([self.active, idx])
        return idx

    def drop_finished(self, asylum_final_at: np.ndarray, asylum_waits_at: np.ndarray) -> np.ndarray:
        """Remove from ``active`` the migrants whose journey has ended; returns them. An asylum claim
        ends the journey only at a node where ``asylum_final_at`` is true; claimants where it is false
        but ``asylum_waits_at`` is true move to ``waiting_claimants``."""
        keep, finished, waiting = kernels.split_finished(
            self.active,
            self.status,
            self.node,
            int(min(TERMINAL_STATUSES)),
            int(Status.ASYLUM),
            asylum_final_at,
            asylum_waits_at,
        )
        self.active = keep
        if waiting.size:
            self.waiting_claimants = merge_sorted(self.waiting_claimants, waiting)
            self._waiting_at_node += np.bincount(self.node[waiting], minlength=self._waiting_at_node.size)
        return finished

    def resume(self, idx: np.ndarray) -> None:
        """Waiting claimants ``idx`` (sorted) set off again: back among the active, in index order."""
        if idx.size == 0:
            return
        self.waiting_claimants = np.delete(self.waiting_claimants, np.searchsorted(self.waiting_claimants, idx))
        self._waiting_at_node -= np.bincount(self.node[idx], minlength=self._waiting_at_node.size)
        self.active = merge_sorted(self.active, idx)

    def waiting_counts(self, country_idx: np.ndarray, n_countries: int, n_statuses: int) -> tuple:
        """What :func:`model.kernels.count_active` gives over ``waiting_claimants`` (by country, by
        status), from the counts by place kept as claimants start and stop waiting: all of them are
        asylum claimants at a place, and from 2017 they are tens of thousands."""
        at_node = self._waiting_at_node[: country_idx.size]
        by_country = np.bincount(country_idx, weights=at_node, minlength=n_countries).astype(np.int64)
        by_status = np.zeros(n_statuses, np.int64)
        by_status[Status.ASYLUM] = at_node.sum()
        return by_country, by_status

    def is_waiting_claimant(self, idx: np.ndarray) -> np.ndarray:
        """Whether each of ``idx`` is among ``waiting_claimants``."""
        w = self.waiting_claimants
        if w.size == 0:
            return np.zeros(idx.size, bool)
        return w[np.minimum(np.searchsorted(w, idx), w.size - 1)] == idx

    def of_status(self, status: Status) -> np.ndarray:
        """Indices of active migrants in ``status``."""
        return kernels.of_status(self.active, self.status, int(status))


def merge_sorted(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Two sorted index arrays without common elements as one sorted array (one of them if the other is empty)."""
    if b.size == 0 or a.size == 0:
        return a if b.size == 0 else b
    return kernels.merge_sorted(a.astype(np.int64, copy=False), b.astype(np.int64, copy=False))
