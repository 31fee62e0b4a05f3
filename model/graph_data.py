"""Reading the bundled route graph files (``model/data/nodes.csv`` and ``edges.csv``)."""

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@cache
def read_nodes() -> tuple[dict, ...]:
    with open(DATA_DIR / "nodes.csv", encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


@cache
def read_edges() -> tuple[dict, ...]:
    with open(DATA_DIR / "edges.csv", encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


@cache
def node_names() -> frozenset[str]:
    return frozenset(row["name"] for row in read_nodes())


@cache
def border_names() -> frozenset[str]:
    return frozenset(row["border"] for row in read_edges() if row["border"])


@cache
def country_of_place() -> dict[str, str]:
    """Each place's country code, by place name."""
    return {row["name"]: row["country"] for row in read_nodes()}


@cache
def country_names() -> frozenset[str]:
    return frozenset(row["country"] for row in read_nodes())
