"""The route maps' flows as GeoJSON, for GIS tools: one LineString per border point, scenario and period.

Each feature joins the two places a border point connects (WGS 84 longitude, latitude, as in
``places.csv``) and carries what the route maps draw: the people who crossed there per day in the
period (regular plus smuggled; each run's mean over the period, the median over runs) and the policy
in force on most days of it."""

import json
from pathlib import Path

import pandas as pd

from analysis.maps import Period, border_flow_per_day
from analysis.policy_timeline import prevailing_policy
from model.graph import RouteGraph


def flows_geojson(groups: dict[str, pd.DataFrame], periods: tuple[Period, ...]) -> dict:
    """A FeatureCollection; ``groups`` maps a scenario label to the borders table of its runs."""
    graph = RouteGraph()
    features = []
    for group, borders in groups.items():
        for period in periods:
            flow = border_flow_per_day(borders, period)
            if flow.empty:
                continue
            policy = prevailing_policy(borders, period.start, period.end)
            for b in graph.borders:
                a, z = b.from_node, b.to_node
                features.append({
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": [
                        [float(graph.lon[a]), float(graph.lat[a])], [float(graph.lon[z]), float(graph.lat[z])]]},
                    "properties": {
                        "scenario": group, "period": period.label, "start": str(period.start), "end": str(period.end),
                        "border": b.name, "from": graph.names[a], "to": graph.names[z],
                        "people_per_day": round(float(flow.get(b.name, 0.0)), 2),
                        "policy": str(policy.get(b.name, "")),
                    },
                })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def write_flows_geojson(groups: dict[str, pd.DataFrame], periods, path: Path) -> Path:
    path.write_text(json.dumps(flows_geojson(groups, periods), ensure_ascii=False) + "\n", encoding="utf-8")
    return path
