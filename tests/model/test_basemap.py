"""The shipped basemap: the countries of the route, and every place of the route graph on their land."""

import numpy as np
from matplotlib.path import Path

from model.basemap import country_outlines
from model.graph import RouteGraph


def test_the_basemap_holds_the_route_countries():
    names = {name for name, _ in country_outlines()}
    route = {"Greece", "Macedonia", "Serbia", "Hungary", "Croatia", "Slovenia", "Austria", "Germany", "Albania",
             "Montenegro", "Kosovo", "Bosnia and Herz.", "Bulgaria", "Turkey"}  # fmt: skip
    assert route <= names


def test_every_place_lies_on_land_or_on_its_coast():
    graph = RouteGraph()
    places = np.column_stack([graph.lon, graph.lat])
    rings = [ring for _, polygons in country_outlines() for ring in polygons]
    on_land = np.zeros(len(places), bool)
    for ring in rings:
        on_land |= Path(ring).contains_points(places)
    vertices = np.concatenate(rings)
    nearest = np.array([np.hypot(*(vertices - p).T).min() for p in places[~on_land]])
    # ports (Piraeus, Ulcinj) sit on the 1:50 million coastline's far side by a few km
    assert on_land.mean() > 0.9 and (nearest < 0.1).all(), [graph.names[i] for i in np.flatnonzero(~on_land)]
