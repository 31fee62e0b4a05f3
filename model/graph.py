"""The route graph: real places (nodes) joined by road, rail, ferry and footpath edges.

Edge lengths are great-circle distances times a detour factor per mode (:data:`DETOUR_FACTOR`),
checked against the road and rail distances stated in sources (``data/sources/road_distances.csv``;
see ``tests/model/test_graph.py``). Every edge between two countries is governed by a border point, and
is oriented in the direction of travel toward the destinations: migrants choose to cross it only
that way, as they take the edges leaving an entry (the islands' ferries, the train from Svilengrad).
Other domestic edges can be taken both ways, so a refused migrant can turn back.
"""

from dataclasses import dataclass

import numpy as np

from model.graph_data import read_edges, read_nodes

COUNTRIES = ("GR", "MK", "RS", "HU", "HR", "SI", "AT", "DE", "AL", "ME", "BA", "XK", "BG", "TR")
MODES = ("walk", "bus", "train", "ferry")
# Roads and railways in the Balkans run about 30 % longer than the straight line: Gevgelija-Tabanovce
# is 138 km great-circle and 180 km by rail (road_distances.csv). Sea lanes bend less.
DETOUR_FACTOR = {"walk": 1.3, "bus": 1.3, "train": 1.3, "ferry": 1.25}
DESTINATIONS = {"DE": "Munich", "AT": "Vienna"}  # a migrant's destination: 0 Germany, 1 Austria
EARTH_RADIUS_KM = 6371.0


def great_circle_km(lat1, lon1, lat2, lon2):
    """Haversine distance in km (works on numpy arrays)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi, dlmb = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


@dataclass(frozen=True)
class Border:
    """The static description of one border crossing on the graph."""

    index: int
    name: str
    arc: int
    from_node: int
    to_node: int
    from_country: str
    to_country: str


class RouteGraph:
    """Nodes, directed arcs and border crossings as numpy arrays indexed by integer ids.

    By default the bundled graph (``model/data/nodes.csv`` and ``edges.csv``); ``nodes`` and ``edges``
    (rows with the same keys: ``name, country, lat, lon, kind`` and ``from, to, mode, border``) build
    another, such as the few places of a unit test. ``destinations`` maps a destination country to
    its place."""

    def __init__(self, nodes=None, edges=None, destinations: dict[str, str] | None = None):
        nodes = read_nodes() if nodes is None else tuple(nodes)
        self._edge_rows = read_edges() if edges is None else tuple(edges)
        destinations = DESTINATIONS if destinations is None else destinations
        self.names = [n["name"] for n in nodes]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.country = [n["country"] for n in nodes]
        self.country_idx = np.array([COUNTRIES.index(c) for c in self.country], dtype=np.int16)
        self.lat = np.array([float(n["lat"]) for n in nodes])
        self.lon = np.array([float(n["lon"]) for n in nodes])
        self.kind = [n["kind"] for n in nodes]
        self.n_nodes = len(nodes)
        self._build_edges()
        self._build_out_table()
        self.road_km = self._all_pairs_km()
        self.destination = np.array([self.index[destinations[c]] for c in DESTINATIONS], dtype=np.int16)

    def _build_edges(self):
        tails, heads, kms, modes, border_of_arc = [], [], [], [], []
        self.borders: list[Border] = []
        self.edges = []
        for row in self._edge_rows:
            a, b = self.index[row["from"]], self.index[row["to"]]
            km = float(great_circle_km(self.lat[a], self.lon[a], self.lat[b], self.lon[b]))
            km *= DETOUR_FACTOR[row["mode"]]
            mode = MODES.index(row["mode"])
            self.edges.append((a, b, km, row["mode"]))
            crosses = self.country[a] != self.country[b]
            # from an entry (an island, the land border's first town) the way leads away only: nobody
            # takes the ferry back to Lesbos to go round
            one_way = crosses or self.kind[a] == "entry"
            if crosses != bool(row["border"]):
                raise ValueError(
                    f"model/data/edges.csv: edge {row['from']}-{row['to']} joins "
                    f"{self.country[a]} and {self.country[b]}: a border name is needed exactly when they differ"
                )
            arc = len(tails)
            tails.append(a), heads.append(b), kms.append(km), modes.append(mode)
            if crosses:
                border_of_arc.append(len(self.borders))
                self.borders.append(
                    Border(len(self.borders), row["border"], arc, a, b, self.country[a], self.country[b])
                )
            else:
                border_of_arc.append(-1)
                if not one_way:
                    tails.append(b), heads.append(a), kms.append(km), modes.append(mode)
                    border_of_arc.append(-1)
        self.arc_tail = np.array(tails, dtype=np.int16)
        self.arc_head = np.array(heads, dtype=np.int16)
        self.arc_km = np.array(kms, dtype=np.float32)
        self.arc_mode = np.array(modes, dtype=np.int8)
        self.arc_border = np.array(border_of_arc, dtype=np.int16)
        self.n_arcs = len(tails)
        self.border_index = {b.name: b.index for b in self.borders}
        self.borders_arc = np.array([b.arc for b in self.borders], dtype=np.int16)
        self.borders_from = np.array([b.from_node for b in self.borders], dtype=np.int16)
        self.borders_to = np.array([b.to_node for b in self.borders], dtype=np.int16)

    def _build_out_table(self):
        """``out_arcs[node, k]``: the k-th arc leaving ``node`` (-1 pads), for vectorised choice."""
        degree = np.bincount(self.arc_tail, minlength=self.n_nodes)
        self.max_degree = int(degree.max())
        self.out_arcs = np.full((self.n_nodes, self.max_degree), -1, dtype=np.int32)
        fill = np.zeros(self.n_nodes, dtype=np.int64)
        for arc, tail in enumerate(self.arc_tail):
            self.out_arcs[tail, fill[tail]] = arc
            fill[tail] += 1

    def _all_pairs_km(self) -> np.ndarray:
        """Shortest road distance between every pair of places, ignoring borders (for mission travel)."""
        km = np.full((self.n_nodes, self.n_nodes), np.inf)
        np.fill_diagonal(km, 0.0)
        for a, b, d, _ in self.edges:
            km[a, b] = km[b, a] = min(km[a, b], d)
        for k in range(self.n_nodes):  # Floyd-Warshall on a few dozen places
            km = np.minimum(km, km[:, k : k + 1] + km[k : k + 1, :])
        return km
