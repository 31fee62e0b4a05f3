"""Draws from a posterior for posterior-predictive batches (``batch --posterior FILE --draws N``).

The posterior is the ``posterior.csv`` that ``calibrate --method abc`` writes: one row per particle,
one column per parameter (dotted key) and a ``weight`` column (the ABC-SMC importance weights; any
non-negative numbers, normalised here). ``N`` particles are drawn with replacement in proportion to
their weights, from a generator seeded by the batch's ``--seed``, so the same command draws the same
parameters, and every scenario of the batch runs on the same draws. A particle drawn twice is two
draws: each draw runs on its own seeds, so a heavy particle weighs in as often as it was drawn.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scenarios.loader import ScenarioError

DRAWS_FILE = "posterior_draws.csv"  # in the batch folder: draw, particle, seeds, the values


@dataclass(frozen=True)
class Draw:
    index: int  # 0..N-1, in the order drawn
    particle: int  # the row of posterior.csv (its ``particle`` column if it has one)
    values: dict  # dotted key -> value


def read_posterior(path: str | Path) -> tuple[pd.DataFrame, np.ndarray]:
    """The particles (one column per dotted key, index = particle) and their normalised weights,
    checked: every key must be a parameter with a declared range and every value inside it."""
    from runs.plan import declared_ranges

    path = Path(path)
    if not path.is_file():
        raise ScenarioError(f"--posterior {path}: no such file (expected the posterior.csv of calibrate --method abc)")
    try:
        frame = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        raise ScenarioError(f"{path}: not a readable CSV file ({str(exc).splitlines()[0]})") from None
    if "weight" not in frame:
        raise ScenarioError(f"{path}: no 'weight' column (expected particles, one column per parameter, and weight)")
    if "particle" in frame:
        frame = frame.set_index("particle")
    keys = [c for c in frame.columns if c != "weight"]
    if not keys or frame.empty:
        raise ScenarioError(f"{path}: no parameters or no particles (expected columns key.path,...,weight)")
    ranges = declared_ranges()
    for key in keys:
        if key not in ranges:
            raise ScenarioError(f"{path}: column {key!r} is not a parameter with a declared range")
        values = pd.to_numeric(frame[key], errors="coerce")
        low, high, _ = ranges[key]
        bad = values.isna() | (values < low) | (values > high)
        if bad.any():
            i = int(np.argmax(bad.to_numpy()))
            raise ScenarioError(
                f"{path}: row {i + 2}, {key} = {frame[key].iloc[i]}: expected a number within its declared "
                f"range {low:g} to {high:g}"
            )
        frame[key] = values
    weights = pd.to_numeric(frame["weight"], errors="coerce").to_numpy(float)
    if np.isnan(weights).any() or (weights < 0).any() or not weights.sum() > 0:
        raise ScenarioError(f"{path}: column 'weight': expected non-negative numbers, not all zero")
    return frame[keys], weights / weights.sum()


def sample_draws(particles: pd.DataFrame, weights: np.ndarray, n: int, seed: int) -> list[Draw]:
    """``n`` draws of the ``particles`` in proportion to their ``weights`` (reproducible from ``seed``)."""
    from runs.plan import declared_ranges

    ranges = declared_ranges()
    integer = {k: ranges[k][2] for k in particles.columns}
    rows = np.random.default_rng(seed).choice(len(particles), size=n, replace=True, p=weights)
    draws = []
    for d, row in enumerate(rows):
        values = {k: int(round(v)) if integer[k] else float(v) for k, v in particles.iloc[row].items()}
        draws.append(Draw(d, int(particles.index[row]), values))
    return draws


def draw(path: str | Path, n: int, seed: int) -> list[Draw]:
    """``n`` draws from the posterior in ``path``, in proportion to the weights (reproducible from ``seed``)."""
    return sample_draws(*read_posterior(path), n, seed)


def file_hash(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size of importance weights: far below the particle count, a few
    particles carry the posterior and draws from it repeat them."""
    weights = np.asarray(weights, float)
    return float(weights.sum() ** 2 / (weights**2).sum())


def draws_table(draws: list[Draw], seed: int, replicates: int) -> pd.DataFrame:
    """The batch folder's ``posterior_draws.csv``: each draw's particle, its seeds and its values."""
    rows = []
    for d in draws:
        first = seed + d.index * replicates
        rows.append({"draw": d.index, "particle": d.particle, "seeds": f"{first}-{first + replicates - 1}", **d.values})
    return pd.DataFrame(rows)
