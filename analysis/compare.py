"""Comparing scenarios across batch (or single-run) folders: the runs grouped by scenario, weekly
series per run ready for bands, differences from a baseline paired by seed, and the summary table.

:func:`compare` is the whole pipeline behind ``python run.py compare``: it reads the folders, writes
every figure (PNG and SVG), ``summary_table.csv``, ``effects.csv`` (:mod:`analysis.effects`) and a
self-contained ``report.html``.
"""

import math
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.bands import interval_table, paired_differences, weekly_by_run
from analysis.result_files import SKIPPED_COLUMNS, DamagedResults, read_scenario
from analysis.results import is_batch, load
from analysis.run_plots import CORRIDORS

SUMMARY_METRICS = [
    "arrivals_at_destinations",
    "peak_stranded",
    "smuggled_share",
    "victims_exploited",
    "victims_identified",
]
MISSIONS = ("serbia", "skopje", "kosovo", "albania", "bih", "montenegro")
MAIN_COUNTRIES = 6  # stranded panels: the countries with the most people stranded at their peak


@dataclass
class Comparison:
    """The runs of several folders, grouped: a group is a scenario (and sweep point, if any)."""

    tables: dict[str, pd.DataFrame]  # countries, borders, missions, statuses, visits, trainings across all runs
    summary: pd.DataFrame  # one row per run, with a ``group`` column
    groups: list[str]  # in the order first met
    runs_of: dict[str, list[str]]  # group -> run ids
    seed_of: dict[str, int]  # run id -> seed
    run_dir: dict[str, Path]  # run id -> the folder holding its scenario.json
    baseline: str
    scenario_of: dict[str, dict] = field(default_factory=dict)  # run id -> its scenario.json, checked
    skipped: pd.DataFrame = field(default_factory=pd.DataFrame)  # run_id, path, problem of each damaged file left out
    draw_of: dict[str, int | None] = field(default_factory=dict)  # run id -> its posterior draw (None: no posterior)

    def draws(self, group: str) -> int:
        """How many posterior draws the group's runs span (0: parameters fixed, the spread is the seeds')."""
        return len({self.draw_of.get(r) for r in self.runs_of[group]} - {None})

    def band_contents(self) -> str:
        """What the bands across a group's runs hold, in words."""
        draws = [self.draws(g) for g in self.groups]
        if not any(draws):
            return "the seeds' noise (the parameters are the same in every run)"
        seeds = len(self.summary) // max(sum(draws), 1)
        return (f"parameter uncertainty and the seeds' noise ({max(draws)} posterior draws, about {seeds} seed(s) "
                "each)")  # fmt: skip

    def weekly(self, table: str, value: str | list[str], *, how="sum", where=None) -> dict[str, pd.DataFrame]:
        """Per group: a wide frame (weeks x runs) of ``value`` in ``table`` (the sum of the columns if
        several), over the rows ``where`` selects."""
        frame = self.tables[table]
        if where is not None:
            frame = frame[where(frame)]
        if not isinstance(value, str):
            frame = frame.assign(_value=frame[value].sum(axis=1))
            value = "_value"
        wide = weekly_by_run(frame, value, how=how)
        return {g: wide[[r for r in self.runs_of[g] if r in wide.columns]] for g in self.groups}

    def differences(self, per_group: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """Per non-baseline group: each run minus the baseline run on the same seed."""
        base = per_group[self.baseline]
        return {g: paired_differences(wide, base, self.seed_of) for g, wide in per_group.items() if g != self.baseline}

    def scenario_json(self, group: str) -> dict:
        run = self.runs_of[group][0]
        if run not in self.scenario_of:
            self.scenario_of[run] = read_scenario(self.run_dir[run] / "scenario.json")
        return self.scenario_of[run]


def _group_label(scenario: str, point) -> str:
    if point is None or (isinstance(point, float) and math.isnan(point)) or point == "":
        return scenario
    return f"{scenario} {point}"


def read_runs(folders: list[str | Path], baseline: str | None = None, skip_damaged: bool = False) -> Comparison:
    """All completed runs in ``folders`` (batch or single-run folders), grouped by scenario.

    Every file read is checked (:func:`analysis.results.load`, and each run's ``scenario.json``): a
    damaged one raises :class:`~analysis.results.DamagedResults`, or with ``skip_damaged`` its run is
    left out and listed in ``Comparison.skipped``."""
    names = ("countries", "borders", "missions", "statuses", "visits", "trainings")
    tables: dict[str, list[pd.DataFrame]] = {n: [] for n in names}
    summaries, run_dir, scenario_of, skipped = [], {}, {}, []
    for folder in map(Path, folders):
        data = load(folder, skip_damaged=skip_damaged)
        skipped += data["skipped"].to_dict("records")
        summary = data["summary"]
        if summary.empty:
            continue
        fresh = ~summary.run_id.isin(run_dir)  # the same run read from two folders counts once
        if not fresh.all():
            warnings.warn(f"{folder}: {(~fresh).sum()} runs already read from another folder", stacklevel=2)
        summary = summary[fresh]
        batch, intact = is_batch(folder), []
        for run in summary.run_id:
            where = folder / "runs" / run if batch else folder
            try:
                scenario_of[run] = read_scenario(where / "scenario.json")
            except DamagedResults as exc:
                if not skip_damaged:
                    raise
                skipped.append({"run_id": run, "path": str(exc.path), "problem": exc.problem})
                continue
            run_dir[run] = where
            intact.append(run)
        summary = summary[summary.run_id.isin(intact)]
        if summary.empty:
            continue
        summaries.append(summary)
        for name in tables:
            tables[name].append(data[name][data[name].run_id.isin(summary.run_id)])
    skipped = pd.DataFrame(skipped, columns=list(SKIPPED_COLUMNS))
    if not summaries:
        left_out = f" ({len(skipped)} damaged skipped)" if len(skipped) else ""
        raise FileNotFoundError(f"no completed runs in {', '.join(map(str, folders))}{left_out}")
    summary = pd.concat(summaries, ignore_index=True)
    summary["group"] = [_group_label(s, p) for s, p in zip(summary.scenario, summary.point, strict=True)]
    groups = list(dict.fromkeys(summary.group))
    baseline = baseline or ("historical" if "historical" in groups else groups[0])
    if baseline not in groups:
        raise ValueError(f"--baseline {baseline!r} is not among the scenarios read: {', '.join(groups)}")
    for (group, seed), runs in summary.groupby(["group", "seed"]):
        if len(runs) > 1:
            warnings.warn(f"{group}: {len(runs)} runs share seed {seed}; pairing uses the first", stacklevel=2)
    return Comparison(
        tables={name: pd.concat(frames, ignore_index=True) for name, frames in tables.items()},
        summary=summary,
        groups=groups,
        runs_of={g: list(summary.run_id[summary.group == g]) for g in groups},
        seed_of=dict(zip(summary.run_id, summary.seed.astype(int), strict=True)),
        run_dir=run_dir,
        baseline=baseline,
        scenario_of=scenario_of,
        skipped=skipped,
        draw_of={
            r: None if pd.isna(d) else int(d)
            for r, d in zip(summary.run_id, summary.get("draw", [None] * len(summary)), strict=True)
        },  # fmt: skip
    )


def corridor_series(cmp: Comparison) -> dict[str, dict[str, pd.DataFrame]]:
    """Weekly people entering each corridor (regular and smuggled), per group."""
    return {
        corridor: cmp.weekly("borders", ["crossings", "smuggled"], where=lambda b, names=names: b.border.isin(names))
        for corridor, names in CORRIDORS.items()
    }


def main_countries(cmp: Comparison, n: int = MAIN_COUNTRIES) -> list[str]:
    peaks = cmp.tables["countries"].groupby(["country", "run_id"], observed=True).stranded.max()
    by_country = peaks.groupby(level="country").median().sort_values(ascending=False)
    return list(by_country.index[:n])


def stranded_series(cmp: Comparison) -> dict[str, dict[str, pd.DataFrame]]:
    """People stranded in each main country (weekly mean of the daily count), per group."""
    return {
        c: cmp.weekly("countries", "stranded", how="mean", where=lambda t, c=c: t.country == c)
        for c in main_countries(cmp)
    }


def proactive_share(cmp: Comparison) -> dict[str, dict[str, pd.Series]]:
    """Per mission and group: the share of the group's replicates in a proactive posture, by week."""
    mi = cmp.tables["missions"].assign(proactive=lambda m: (m.posture == "proactive").astype(float))
    out = {}
    for mission in [m for m in MISSIONS if m in set(mi.mission)]:
        wide = weekly_by_run(mi[mi.mission == mission], "proactive", how="mean")
        out[mission] = {g: wide[[r for r in cmp.runs_of[g] if r in wide]].mean(axis=1) for g in cmp.groups}
    return out


def summary_metrics(cmp: Comparison) -> list[str]:
    """The run-level metrics of the summary table: the outcomes, each mission's response lag, and the
    days a mission was proactive before any flow reached its country, where some run had them."""
    lags = [f"{m}.response_lag_days" for m in MISSIONS if f"{m}.response_lag_days" in cmp.summary]
    ahead = [
        f"{m}.days_proactive_without_flow"
        for m in MISSIONS
        if f"{m}.days_proactive_without_flow" in cmp.summary
        and (pd.to_numeric(cmp.summary[f"{m}.days_proactive_without_flow"], errors="coerce") > 0).any()
    ]
    return [m for m in SUMMARY_METRICS if m in cmp.summary] + lags + ahead


def summary_table(cmp: Comparison) -> pd.DataFrame:
    """Mean and 90 % interval of each run-level metric, one row per group (with the run count)."""
    table = interval_table(cmp.summary, "group", summary_metrics(cmp), level=0.90)
    table.insert(0, ("runs", ""), [len(cmp.runs_of[g]) for g in table.index])
    return table


def compare(
    folders: list[str | Path], out: str | Path, baseline: str | None = None, periods=None, skip_damaged: bool = False
) -> dict:
    """Figures (PNG and SVG; the effects, and a chain figure per mission), ``summary_table.csv``,
    ``effects.csv`` and ``report.html`` into ``out``; returns their paths and ``skipped`` (the damaged
    files left out with ``skip_damaged``)."""
    from analysis.chain_compare import chain_figures
    from analysis.compare_figures import write_figures
    from analysis.effects import effects
    from analysis.effects_figure import effects_figure
    from analysis.report import write_report
    from analysis.uncertainty_figure import uncertainty_figure

    out = Path(out)
    cmp = read_runs(folders, baseline, skip_damaged)
    out.mkdir(parents=True, exist_ok=True)
    effect_rows = effects(cmp)
    effect_rows.to_csv(out / "effects.csv", index=False)
    effect_figure = effects_figure(effect_rows, cmp.baseline, out)
    sources = uncertainty_figure(cmp, out)
    figures = [f for f in (effect_figure, sources) if f] + write_figures(cmp, out, periods)
    chains = chain_figures(cmp, out)
    table = summary_table(cmp)
    flat = table.copy()
    flat.columns = [f"{m}.{s}" if s else m for m, s in table.columns]
    flat.index.name = "scenario"
    flat.to_csv(out / "summary_table.csv")
    report = write_report(cmp, table, figures, out / "report.html", [str(f) for f in folders], chains, effect_rows)
    return {
        "figures": figures + chains,
        "table": out / "summary_table.csv",
        "effects": out / "effects.csv",
        "report": report,
        "skipped": cmp.skipped,
    }
