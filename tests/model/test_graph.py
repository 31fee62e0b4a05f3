"""The route graph: real places, every cross-border edge governed, distances close to the record."""

import csv
from pathlib import Path

import numpy as np
import pytest

from model.graph import COUNTRIES, RouteGraph, great_circle_km

SOURCES = Path(__file__).parents[2] / "model" / "data" / "sources"
CORRIDOR = [
    "Mytilene",
    "Piraeus",
    "Kavála",
    "Thessaloníki",
    "Idomeni",
    "Gevgelija",
    "Tabanovce",
    "Preševo",
    "Belgrade",
    "Horgoš",
    "Röszke",
    "Budapest",
    "Hegyeshalom",
    "Nickelsdorf",
    "Vienna",
    "Šid",
    "Tovarnik",
    "Bapska",
    "Slavonski Brod",
    "Dobova",
    "Šentilj v Slov. Goricah",
    "Spielfeld",
    "Graz",
    "Salzburg",
    "Freilassing",
    "Passau",
    "Munich",
]
BRANCHES = [
    "Kakavijë",
    "Korçë",
    "Tirana",
    "Shkodër",
    "Podgorica",
    "Sarajevo",
    "Bihać",
    "Velika Kladuša",
    "Skopje",
    "Pristina",
    "Edirne",
    "Svilengrad",
    "Sofia",
    "Dimitrovgrad",
    "Vidin",
    "Zaječar",
    "Niš",
]


@pytest.fixture(scope="module")
def graph():
    return RouteGraph()


def test_graph_has_the_corridor_and_the_branches_on_real_places(graph):
    assert graph.n_nodes >= 35
    for place in CORRIDOR + BRANCHES:
        assert place in graph.index, place
    assert set(graph.country) <= set(COUNTRIES)
    assert set(graph.kind) <= {"entry", "transit", "camp", "border", "destination"}
    assert np.all((graph.lat > 35) & (graph.lat < 50) & (graph.lon > 11) & (graph.lon < 28))


def test_every_edge_between_two_countries_is_a_border_point(graph):
    governed = {(b.from_node, b.to_node) for b in graph.borders}
    for a, b, _, _ in graph.edges:
        if graph.country[a] != graph.country[b]:
            assert (a, b) in governed
    assert all(graph.country[b.from_node] != graph.country[b.to_node] for b in graph.borders)


def test_every_place_can_reach_a_destination_but_turkey(graph):
    reach = np.isfinite(graph.road_km[:, graph.destination]).any(axis=1)
    assert reach.all()


def test_edge_lengths_match_the_distances_stated_in_sources(graph):
    """Shortest graph path against road_distances.csv: road and rail figures within 25 %; figures the
    source gives as straight-line distances against the great-circle distance, within 10 %."""
    checked = 0
    with open(SOURCES / "road_distances.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a, b = row["from"], row["to"]
            if not row["km"] or a not in graph.index or b not in graph.index:
                continue
            i, j, stated = graph.index[a], graph.index[b], float(row["km"])
            if "straight" in row["mode"] + row["note"]:
                km = great_circle_km(graph.lat[i], graph.lon[i], graph.lat[j], graph.lon[j])
                assert abs(km - stated) <= 0.10 * stated, (a, b, km, stated)
            else:
                assert abs(graph.road_km[i, j] - stated) <= 0.25 * stated, (a, b, graph.road_km[i, j], stated)
            checked += 1
    assert checked >= 5


def test_great_circle_distance_is_right_on_a_known_pair():
    # Thessaloniki-Idomeni: "65 km north-west of Thessaloniki" (road_distances.csv, straight line).
    assert great_circle_km(40.64072, 22.93493, 41.122, 22.5108) == pytest.approx(65, abs=3)
