"""Route choice: each migrant picks the next hop that minimises the perceived cost to its destination.

Perceived cost (in days) of a path = travel time on each edge + at each border either the expected
wait (queue / daily limit) if the border admits the migrant's nationality, or the cost of getting
across a closed border (``closed_border_cost_days``, plus the smuggler's price for that leg over
``value_of_time_eur_per_day``, plus ``detection_cost_days`` times the chance of being caught), each
border also costing ``unfamiliar_route_cost_days`` times how little it has been crossed lately.
Migrants know the border policies as they were ``info_lag`` days ago (news spreads with a lag),
except at the border in front of them, which they see as it is today. Each migrant adds
its own Gumbel-distributed taste to each option, so equal options split the flow; its scale grows
with the option's cost (``route_noise_share``), since a long and uncertain way is misjudged by more
days than a short one (perception errors that grow with route cost: Daganzo and Sheffi 1977,
*Transportation Science* 11), which lets a few take a way that is dearer on average.

Cost-onward tables are computed once a day for each distinct state of the border policies that
some migrant still believes in, by Dijkstra's algorithm on the small graph's arcs (a few dozen places).
"""

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from model.enums import Nationality
from model.graph import DESTINATIONS, RouteGraph
from model.kernels import open_options, pick_arcs, rows_of
from model.params_migrants import MigrantParams

N_NATIONALITIES = len(Nationality)
N_DESTINATIONS = len(DESTINATIONS)
MAX_INFO_LAG_DAYS = 30


class RouteCosts:
    """Daily cost tables: today's border costs and the cost onward from each arc per believed state.

    Values are kept per arc rather than per node, and exclude turning straight back: a migrant
    never plans to walk to a dead end and back, as it never does so when choosing.
    """

    def __init__(self, graph: RouteGraph, params: MigrantParams, n_days: int):
        self.graph = graph
        self.params = params
        speeds = np.array(
            [
                params.speed_walk_km_per_day,
                params.speed_bus_km_per_day,
                params.speed_train_km_per_day,
                params.speed_ferry_km_per_day,
            ]
        )
        self.speed_of_mode = speeds.astype(np.float32)
        self.travel_days = (graph.arc_km / self.speed_of_mode[graph.arc_mode]).astype(np.float64)
        self.version_of_day = np.zeros(n_days, np.int32)
        self._states: list[np.ndarray] = []  # admits[b, nat] for each version
        self.onward = np.zeros((1, N_NATIONALITIES, N_DESTINATIONS, graph.n_arcs))
        self.slot_of_version = np.zeros(1, np.int32)
        self.border_cost_now = np.zeros((N_NATIONALITIES, len(graph.borders) + 1))
        self._next_arcs = self._arcs_after_each_arc()
        self._ends_at = np.stack([graph.arc_head == node for node in graph.destination])  # (dest, arcs)
        self._build_line_graph()
        # Choosing is done ~25 million times in a run at one person per agent: each option's cost is
        # read from one flat table by a single gather. Its extra last column (+inf) stands for the
        # -1 pads of ``out_arcs``; domestic arcs read the borders' extra zero column.
        self._border_col = np.where(graph.arc_border >= 0, graph.arc_border, len(graph.borders))
        self.out_cols = np.where(graph.out_arcs >= 0, graph.out_arcs, graph.n_arcs)
        self.out_heads = graph.arc_head[np.maximum(graph.out_arcs, 0)]
        self._option_table()

    def _arcs_after_each_arc(self) -> np.ndarray:
        """``next[a, k]``: arcs leaving the head of arc ``a`` other than straight back (-1 pads)."""
        g = self.graph
        nxt = g.out_arcs[g.arc_head]  # (arcs, degree)
        back = (nxt >= 0) & (g.arc_head[np.maximum(nxt, 0)] == g.arc_tail[:, None])
        return np.where(back, -1, nxt)

    def _build_line_graph(self):
        """The arc graph, reversed, with one sink per destination: a vertex per arc, an edge from
        each arc to each arc that may follow it (weighted by the cost of the one that follows), and
        from each arc ending at a destination to that destination's sink. Dijkstra from the sinks
        over the reversed graph gives the cost onward from every arc (only weights change daily)."""
        g = self.graph
        rows, cols = np.nonzero(self._next_arcs >= 0)
        follow = self._next_arcs[rows, cols]
        sink_rows = [np.flatnonzero(ends) for ends in self._ends_at]
        tail = np.concatenate([rows, *sink_rows])
        head = np.concatenate([follow, *[np.full(r.size, g.n_arcs + d) for d, r in enumerate(sink_rows)]])
        n = g.n_arcs + len(sink_rows)
        order = np.lexsort((tail, head))  # reversed graph: rows are heads
        self._weight_arc = np.concatenate([follow, np.full(sum(r.size for r in sink_rows), -1)])[order]
        # One block per nationality on the diagonal, so one Dijkstra call serves them all.
        blocks = np.arange(N_NATIONALITIES)[:, None] * n
        rows_all = (head[order][None, :] + blocks).ravel()
        cols_all = (tail[order][None, :] + blocks).ravel()
        size = N_NATIONALITIES * n
        self._line = csr_matrix((np.ones(rows_all.size), (rows_all, cols_all)), shape=(size, size))
        self._line.sort_indices()
        # entries were given sorted by (row, column), so data lines up with (nationality, order)
        self._n_line = n
        self._sinks = (np.arange(g.n_arcs, n)[None, :] + blocks).ravel()  # (nat, dest) order
        self._tables: dict[int, np.ndarray] = {}

    def update(self, day: int, admits: np.ndarray, wait_days: np.ndarray, closed_cost: np.ndarray):
        """Record today's policies and recompute the tables.

        ``admits[b, nat]``: border b admits nationality nat today. ``wait_days[b]``: expected wait at
        b if admitted. ``closed_cost[b]``: perceived cost of crossing b while it is closed.
        """
        if not self._states or not np.array_equal(self._states[-1], admits):
            self._states.append(admits.copy())
        now = len(self._states) - 1
        self.version_of_day[day] = now
        self.border_cost_now = self._border_costs(admits, wait_days, closed_cost)
        # A migrant who believes an older state also knows the queues as they were then: the
        # table of each older state is the one computed on the last day that state was current.
        self._tables[now] = self._onward_from_arcs(self.border_cost_now)
        first = max(0, day - MAX_INFO_LAG_DAYS)
        versions = np.unique(self.version_of_day[first : day + 1])
        self._tables = {v: self._tables[v] for v in versions}
        self.slot_of_version = np.zeros(len(self._states), np.int32)
        self.slot_of_version[versions] = np.arange(len(versions))
        self.onward = np.stack([self._tables[v] for v in versions])
        self._option_table()

    def _option_table(self):
        """``option_flat``: today's cost of taking each arc plus the cost onward from its end, per
        (believed version, nationality, destination, arc), flattened, with a last +inf column."""
        local = self.travel_days[None, :] + self.border_cost_now[:, self._border_col]  # (nat, arcs)
        n_arcs = self.graph.n_arcs
        table = np.full((*self.onward.shape[:3], n_arcs + 1), np.inf)
        table[..., :n_arcs] = local[None, :, None, :] + self.onward
        self.option_flat = table.ravel()

    def _border_costs(self, admits, wait_days, closed_cost) -> np.ndarray:
        """Cost of each border by nationality; the extra last column is 0 for domestic arcs."""
        cost = np.where(admits.T, wait_days[None, :], closed_cost[None, :])
        return np.concatenate([cost, np.zeros((N_NATIONALITIES, 1))], axis=1)

    def _onward_from_arcs(self, border_costs: np.ndarray) -> np.ndarray:
        """Least cost from the end of each arc to each destination, not turning straight back:
        (nationality, destination, arc) -> days. Dijkstra on the reversed arc graph."""
        g, n = self.graph, self._n_line
        arc_cost = self.travel_days[None, :] + border_costs[:, g.arc_border]  # (nat, arcs)
        # scipy drops zero weights as missing edges; 1e-12 days keeps the sink edges
        weights = np.where(self._weight_arc[None, :] < 0, 1e-12, arc_cost[:, np.maximum(self._weight_arc, 0)])
        self._line.data = weights.ravel()
        dist = dijkstra(self._line, directed=True, indices=self._sinks).reshape(N_NATIONALITIES, N_DESTINATIONS, -1)
        onward = np.stack([dist[nat, :, nat * n : nat * n + g.n_arcs] for nat in range(N_NATIONALITIES)])
        return np.maximum(onward - 1e-12, 0.0)

    def option_rows(self, day, nationality, destination, info_lag, idx=None) -> np.ndarray:
        """Where each migrant's row of ``option_flat`` starts: the version it believes, its
        nationality and destination. With ``idx``, the attribute arrays are the migrants' own and
        ``idx`` says whose rows; without it, they hold one value per migrant."""
        if idx is None:
            idx = np.arange(len(nationality))
        return rows_of(
            idx, nationality, destination, info_lag, self.version_of_day, self.slot_of_version, int(day),
            N_NATIONALITIES, N_DESTINATIONS, self.graph.n_arcs + 1,
        )  # fmt: skip

    def option_costs(self, day, node, nationality, destination, info_lag):
        """Perceived cost of each arc leaving each migrant's node: (arcs, costs), shapes (n, degree)."""
        row = self.option_rows(day, nationality, destination, info_lag)
        return self.graph.out_arcs[node], self.option_flat[row[:, None] + self.out_cols[node]]


def choose_next_arc(
    costs: RouteCosts,
    rng: np.random.Generator,
    params: MigrantParams,
    day: int,
    node,
    prev_node,
    avoid_arc,
    nationality,
    destination,
    info_lag,
) -> np.ndarray:
    """The arc each migrant takes next (-1: no way on). Vectorised over migrants at nodes.

    A migrant does not turn straight back to the place it came from unless it is diverting after a
    refusal (``avoid_arc`` >= 0, the refused crossing, which it then will not take) or has no
    other way.
    """
    g = costs.graph
    node = node.astype(np.int64)
    row = costs.option_rows(day, nationality, destination, info_lag)
    cost, n_draws = open_options(
        costs.option_flat,
        row,
        node,
        g.out_arcs,
        costs.out_cols,
        costs.out_heads,
        prev_node.astype(np.int64),
        avoid_arc.astype(np.int64),
    )
    # a Gumbel taste is -log of a standard exponential: drawn only for options that are open
    exponential = rng.standard_exponential(n_draws)
    return pick_arcs(
        cost, node, g.out_arcs, exponential, float(params.route_noise_days), float(params.route_noise_share)
    )
