"""Effects: each scenario against the baseline, outcome by outcome, paired by seed.

Replicate r of every scenario runs on the same seed, so a scenario's effect on an outcome is taken run
by run (its run on seed s minus the baseline's run on seed s) before it is averaged: the common random
numbers cancel. Over the pairs, the effect is the mean difference with its 90 % confidence interval
(Student's t over the pairs' differences): an interval that excludes zero is an effect the seeds'
noise does not explain. A response lag exists only in a run where the flow reached the mission's
country and the mission turned proactive, so it is paired only where both runs have one.

In a posterior-predictive batch (``batch --posterior``) every draw of the parameters runs on its own
seeds, the same in every scenario, so a pair is also a pair of draws. The effect is then the mean over
the draws of each draw's mean difference, and its interval the 5-95 % range of those draw means: where
the effect lies given what is known of the parameters (a posterior-predictive interval, which more
draws sharpen but do not narrow), with the seeds' noise of a draw's few seeds in it. Beside it, in
``seed_low`` and ``seed_high``, the range the seeds' noise alone would give a draw's mean (from the
spread of the pairs around their own draw's mean): where the two are alike, the parameters matter
little to the effect. ``contains`` says which the main interval holds. In a batch at fixed
parameters the interval is the confidence interval of the mean effect, and the seed columns repeat it.

A count of people moves in steps of ``people_per_agent``: where the runs hold fewer than
:data:`COARSE_AGENTS` agents of it on average, the row is marked ``coarse`` (too few agents to tell
an effect from the grain of the count).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis.compare import MISSIONS, Comparison, main_countries
from analysis.compare_figures import COUNTRY, MISSION
from analysis.mission_chain import mission_scopes

LEVEL = 0.90
COARSE_AGENTS = 20  # below this many agents on average a count is too coarse to compare
EFFECT_COLUMNS = (
    "scenario", "outcome", "unit", "label", "baseline_mean", "scenario_mean", "effect", "low", "high", "pairs",
    "excludes_zero", "coarse", "contains", "draws", "seed_low", "seed_high",
)  # fmt: skip
SEEDS_ONLY = "seed noise"
WITH_PARAMETERS = "parameter uncertainty and seed noise"


@dataclass(frozen=True)
class Outcome:
    name: str
    unit: str  # people, share, EUR a person, days, visits, courses, EUR
    label: str  # in plain words, for the report's sentences
    count: bool = False  # a count of people: moves in steps of people_per_agent


def run_outcomes(cmp: Comparison) -> tuple[pd.DataFrame, dict[str, Outcome]]:
    """One row per run (index ``run_id``), one column per outcome, and each outcome's description."""
    s = cmp.summary.set_index("run_id")
    table = pd.DataFrame(index=s.index)
    described: dict[str, Outcome] = {}

    def add(outcome: Outcome, values) -> None:
        table[outcome.name] = pd.to_numeric(pd.Series(values).reindex(table.index), errors="coerce")
        described[outcome.name] = outcome

    arrivals = Outcome("arrivals_at_destinations", "people", "arrivals in Austria and Germany", True)
    add(arrivals, s.get("arrivals_at_destinations"))
    add(Outcome("peak_stranded", "people", "the peak of people stranded", True), s.get("peak_stranded"))
    countries = cmp.tables["countries"]
    for c in main_countries(cmp):
        rows, where = countries[countries.country == c], COUNTRY.get(c, c)
        peak = rows.groupby("run_id").stranded.max()
        last = rows.sort_values("date").groupby("run_id").stranded.last()
        add(Outcome(f"peak_stranded.{c}", "people", f"the peak of people stranded in {where}", True), peak)
        add(Outcome(f"final_stranded.{c}", "people", f"people stranded in {where} on the last day", True), last)
    add(Outcome("smuggled_share", "share", "the share of arrivals smuggled"), s.get("smuggled_share"))
    borders = cmp.tables["borders"]
    if "smuggling_price_eur" in borders:
        paid = borders.assign(eur=borders.smuggling_price_eur * borders.smuggled).groupby("run_id")[["eur", "smuggled"]]
        sums = paid.sum()
        add(Outcome("smuggling_price_paid_eur", "EUR a person", "the mean smuggling price paid"),
            (sums.eur / sums.smuggled.where(sums.smuggled > 0)))  # fmt: skip
    exploited, identified = s.get("victims_exploited"), s.get("victims_identified")
    add(Outcome("victims_exploited", "people", "victims exploited", True), exploited)
    add(Outcome("victims_identified", "people", "victims identified", True), identified)
    if exploited is not None and identified is not None:
        rate = pd.to_numeric(identified) / pd.to_numeric(exploited).where(pd.to_numeric(exploited) > 0)
        add(Outcome("identification_rate", "share", "the share of victims identified"), rate)
    for mission in [m for m in MISSIONS if f"{m}.response_lag_days" in s]:
        name = MISSION.get(mission, mission)
        at_points = _at_mission_points(cmp, borders, mission)
        for column, word in (("detected", "smuggled crossings detected"), ("victims_identified", "victims identified")):
            add(Outcome(f"{mission}.{column}", "people", f"{word} at the {name} mission's border points", True),
                at_points[column])  # fmt: skip
        for column, unit, word in (
            ("response_lag_days", "days", "response lag"),
            ("monitoring_visits", "visits", "monitoring visits"),
            ("trainings", "courses", "courses"),
            ("budget_spent_eur", "EUR", "budget spent"),
        ):
            add(Outcome(f"{mission}.{column}", unit, f"the {name} mission's {word}"), s.get(f"{mission}.{column}"))
    return table, described


def _at_mission_points(cmp: Comparison, borders: pd.DataFrame, mission: str) -> pd.DataFrame:
    """Per run: people detected and victims identified at the border points the mission covers in the
    run's own scenario (a what-if may change a mission's countries)."""
    parts = []
    for group in cmp.groups:
        scope = mission_scopes(cmp.scenario_json(group), [mission])[mission]
        runs = borders[borders.run_id.isin(cmp.runs_of[group]) & borders.border.isin(scope.borders)]
        parts.append(runs.groupby("run_id")[["detected", "victims_identified"]].sum())
    sums = pd.concat(parts) if parts else pd.DataFrame(columns=["detected", "victims_identified"])
    return sums.reindex(cmp.summary.run_id).fillna(0)


def paired_effect(differences: np.ndarray, level: float = LEVEL) -> tuple[float, float, float]:
    """Mean of the pairs' differences and its ``level`` confidence interval (Student's t); the interval
    is NaN with fewer than two pairs."""
    d = np.asarray(differences, float)
    if d.size == 0:
        return np.nan, np.nan, np.nan
    mean = d.mean()
    if d.size < 2:
        return mean, np.nan, np.nan
    half = stats.t.ppf(0.5 + level / 2, d.size - 1) * d.std(ddof=1) / np.sqrt(d.size)
    return mean, mean - half, mean + half


def posterior_effect(differences: np.ndarray, draws: np.ndarray, level: float = LEVEL):
    """For pairs from posterior draws: the mean of the draws' mean differences, the central ``level``
    range of those draw means (parameter uncertainty and seed noise), and the range the seeds' noise
    alone would give a draw's mean (Student's t from the pairs' pooled spread within their draw, for a
    draw's number of seeds). Returns (effect, low, high, seed_low, seed_high, number of draws); an
    interval that cannot be formed is NaN."""
    d, draws = np.asarray(differences, float), np.asarray(draws)
    if d.size == 0:
        return np.nan, np.nan, np.nan, np.nan, np.nan, 0
    means = pd.Series(d).groupby(draws).mean()
    effect, k = float(means.mean()), len(means)
    tail = (1 - level) / 2
    low, high = (float(means.quantile(tail)), float(means.quantile(1 - tail))) if k > 1 else (np.nan, np.nan)
    within = d - means.reindex(draws).to_numpy()
    dof = d.size - k
    if dof > 0:
        # the spread a draw's mean over its seeds would have if only the seeds varied
        half = stats.t.ppf(0.5 + level / 2, dof) * np.sqrt((within**2).sum() / dof) / np.sqrt(d.size / k)
        seed_low, seed_high = effect - half, effect + half
    else:
        seed_low = seed_high = np.nan
    return effect, low, high, seed_low, seed_high, k


def effects(cmp: Comparison, level: float = LEVEL) -> pd.DataFrame:
    """One row per (scenario, outcome) for every scenario but the baseline (:data:`EFFECT_COLUMNS`)."""
    values, described = run_outcomes(cmp)
    summary = cmp.summary.set_index("run_id")
    # a run that did not record its resolution counts as one person per agent (every count is then fine-grained)
    ppa = pd.to_numeric(summary.get("people_per_agent", pd.Series(1, index=summary.index)), errors="coerce").fillna(1)
    base_of_seed = {cmp.seed_of[r]: r for r in cmp.runs_of[cmp.baseline]}
    rows = []
    for group in (g for g in cmp.groups if g != cmp.baseline):
        pairs = [(r, base_of_seed[cmp.seed_of[r]]) for r in cmp.runs_of[group] if cmp.seed_of[r] in base_of_seed]
        mine, theirs = [r for r, _ in pairs], [b for _, b in pairs]
        drawn = bool(mine) and all(cmp.draw_of.get(r) is not None for r in mine)
        for name, outcome in described.items():
            x, y = values.loc[mine, name].to_numpy(float), values.loc[theirs, name].to_numpy(float)
            both = ~np.isnan(x) & ~np.isnan(y)
            draws = np.array([cmp.draw_of.get(r) for r in mine], dtype=object)[both]
            if drawn:
                effect, low, high, seed_low, seed_high, k = posterior_effect(x[both] - y[both], draws, level)
                contains = WITH_PARAMETERS
            else:
                effect, low, high = paired_effect(x[both] - y[both], level)
                seed_low, seed_high, k, contains = low, high, 0, SEEDS_ONLY
            agents = np.concatenate([np.abs(x[both]) / ppa.loc[mine].to_numpy()[both],
                                     np.abs(y[both]) / ppa.loc[theirs].to_numpy()[both]])  # fmt: skip
            coarse = bool(outcome.count and both.any() and np.nanmean(agents) < COARSE_AGENTS)
            rows.append({
                "scenario": group, "outcome": name, "unit": outcome.unit, "label": outcome.label,
                "baseline_mean": y[both].mean() if both.any() else np.nan,
                "scenario_mean": x[both].mean() if both.any() else np.nan,
                "effect": effect, "low": low, "high": high, "pairs": int(both.sum()),
                "excludes_zero": bool(low > 0 or high < 0), "coarse": coarse, "contains": contains, "draws": k,
                "seed_low": seed_low, "seed_high": seed_high,
            })  # fmt: skip
    return pd.DataFrame(rows, columns=list(EFFECT_COLUMNS))


def _number(value: float, unit: str) -> str:
    value = 100 * value if unit == "share" else value
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def sentence(row) -> str:
    """The effect in plain words, e.g. "sealed_route raises victims identified at the Albania
    mission's border points by 120 (90 % interval 40–210, 10 seed pairs)"."""
    rises = row.effect > 0
    low, high = (row.low, row.high) if rises else (-row.high, -row.low)
    suffix = {"people": "", "share": " percentage points"}.get(row.unit, f" {row.unit}")
    draws = int(getattr(row, "draws", 0) or 0)
    if draws:
        spread = _posterior_spread(row, rises, draws)
    elif not np.isfinite(low):
        spread = "one seed pair: no interval"
    elif low == high:
        spread = f"the same on each of {row.pairs} seed pairs"
    else:
        bounds = f"{_number(low, row.unit)}–{_number(high, row.unit)}"
        spread = f"{int(LEVEL * 100)} % interval {bounds}, {row.pairs} seed pairs"
    return (
        f"{row.scenario} {'raises' if rises else 'lowers'} {row.label} by {_number(abs(row.effect), row.unit)}"
        f"{suffix} ({spread})"
    )


def _posterior_spread(row, rises: bool, draws: int) -> str:
    """ "90 % posterior interval 40–210 over 20 draws; seeds alone 110–130" (signs as in the sentence)."""

    def bounds(low, high) -> str:
        low, high = (low, high) if rises else (-high, -low)
        return f"{_number(low, row.unit)}–{_number(high, row.unit)}" if np.isfinite(low) else "no interval"

    text = f"{int(LEVEL * 100)} % posterior interval {bounds(row.low, row.high)} over {draws} draws"
    return text + f"; seeds alone {bounds(row.seed_low, row.seed_high)}"
