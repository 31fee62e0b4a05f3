"""Build ``model/data/basemap_balkans.json``: the outlines of the countries around the route, from
Natural Earth (public domain) as redistributed by the npm package world-atlas 2.0.2 (Natural Earth
4.1.0, 1:50 million, TopoJSON). Run once by a maintainer; the package ships the result and never
fetches anything at run time.

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz   # or fetch the tarball from the registry
    python docs/experiments/make_basemap.py package/countries-50m.json

The TopoJSON arcs are decoded (quantised, delta-encoded), the polygons that come within the box
around the route graph are kept whole, and coordinates are rounded to 0.01 degree (about
1 km, finer than a line on the maps). Output: GeoJSON, one MultiPolygon feature per country.
"""

import json
import sys
from pathlib import Path

BOX = (9.0, 33.5, 33.0, 53.0)  # lon min, lat min, lon max, lat max: the route graph with a margin
OUT = Path(__file__).parents[2] / "model" / "data" / "basemap_balkans.json"


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list, indices: list[int]) -> list[list[float]]:
    points = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])  # consecutive arcs share their joining point
    return [[round(x, 2), round(y, 2)] for x, y in points]


def main(path: str) -> None:
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    features = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = [[ring(arcs, r) for r in polygon] for polygon in polygons]
        rings = [p for p in rings if any(BOX[0] <= x <= BOX[2] and BOX[1] <= y <= BOX[3] for x, y in p[0])]
        if rings:  # the country's polygons that come within the box (islands far away are left out)
            name = geometry.get("properties", {}).get("name", "")
            features.append({"type": "Feature", "properties": {"name": name},
                             "geometry": {"type": "MultiPolygon", "coordinates": rings}})  # fmt: skip
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 4.1.0 (public domain), 1:50m admin-0 countries, via the npm package world-atlas "
        "2.0.2 (ISC); built by docs/experiments/make_basemap.py",
        "features": sorted(features, key=lambda f: f["properties"]["name"]),
    }
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(features)} countries -> {OUT} ({OUT.stat().st_size / 1000:.0f} kB)")


if __name__ == "__main__":
    main(sys.argv[1])
