"""Country outlines around the route for the maps (Natural Earth, public domain, shipped in
``model/data/basemap_balkans.json``; built by ``docs/experiments/make_basemap.py``, never fetched).

The route maps of ``compare`` and the dashboard's map draw them under the route graph, so a reader
sees coastlines and borders; the model itself never reads them."""

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

BASEMAP = Path(__file__).parent / "data" / "basemap_balkans.json"
LAND, OUTLINE = "#F2F0EB", "#C9C4BA"  # pale land, light grey coast and border lines: under the data


@lru_cache(maxsize=1)
def country_outlines() -> tuple[tuple[str, tuple[np.ndarray, ...]], ...]:
    """(country name, its polygons' outer rings as (n, 2) arrays of lon, lat), for each country."""
    data = json.loads(BASEMAP.read_text(encoding="utf-8"))
    return tuple(
        (f["properties"]["name"], tuple(np.asarray(polygon[0], float) for polygon in f["geometry"]["coordinates"]))
        for f in data["features"]
    )


def draw_basemap(ax) -> None:
    """Land and country outlines on ``ax`` (lon, lat axes), beneath everything else. They leave the axes'
    limits to the route drawn over them."""
    from matplotlib.collections import PolyCollection

    rings = [r for _, polygons in country_outlines() for r in polygons]
    ax.add_collection(
        PolyCollection(rings, facecolors=LAND, edgecolors=OUTLINE, linewidths=0.5, zorder=0), autolim=False
    )
