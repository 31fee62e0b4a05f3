"""The 2018 prediction, month by month, with its band over seeds: what issue 18 asks the closing note to show.

    python run.py batch historical_2018 --replicates 10 --out results/y2018
    python docs/experiments/prediction_2018.py results/y2018 [--out results/y2018/prediction_2018.csv]

For each month of 2018: people entering Bosnia and Herzegovina, Montenegro and Albania and crossing into
Croatia (sums over the month), people present in Serbia and in Bosnia and Herzegovina (on the month's last
day), and each mission's days proactive, monitoring visits and courses. Each cell is the mean over the
replicates with the 5th and 95th percentiles (a 90 % band of seed noise only). Nothing here is compared with
a recorded 2018 figure: the run was never fitted to one, and the comparison is for the reader to make.
"""

import argparse
from pathlib import Path

import pandas as pd

from analysis.results import load, of_scenario

ENTERED = {"entered BA": "BA", "entered ME": "ME", "entered AL": "AL", "entered HR": "HR"}
PRESENT = {"present RS": "RS", "present BA": "BA"}


def scenario_tables(batch, scenario: str) -> dict[str, pd.DataFrame]:
    """The batch's tables cut to one scenario's runs; a clear exit if it has none."""
    try:
        return of_scenario(load(batch), scenario, batch)
    except ValueError as exc:
        raise SystemExit(str(exc)) from None


def monthly_per_run(tables: dict[str, pd.DataFrame], year: int) -> pd.DataFrame:
    """One row per run and month of ``year``: the measures above."""
    c = tables["countries"]
    c = c[c.date.dt.year == year].assign(month=lambda f: f.date.dt.to_period("M"))
    parts = []
    for name, code in ENTERED.items():
        parts.append(c[c.country == code].groupby(["run_id", "month"]).entered.sum().rename(name))
    for name, code in PRESENT.items():
        parts.append(c[c.country == code].groupby(["run_id", "month"]).present.last().rename(name))
    m = tables["missions"]
    m = m[m.date.dt.year == year].assign(month=lambda f: f.date.dt.to_period("M"))
    proactive = (m.posture == "proactive").groupby([m.run_id, m.mission, m.month]).sum()
    visits = m.groupby(["run_id", "mission", "month"]).monitoring_visits.sum()
    courses = m.groupby(["run_id", "mission", "month"]).trainings.sum()
    for label, series in (("days proactive", proactive), ("visits", visits), ("courses", courses)):
        wide = series.unstack("mission")
        wide.columns = [f"{mission} {label}" for mission in wide.columns]
        parts.append(wide)
    return pd.concat(parts, axis=1).fillna(0)


def band(per_run: pd.DataFrame) -> pd.DataFrame:
    """Mean and 5-95 % of each measure by month, as 'mean [p5-p95]' strings, plus the numbers."""
    grouped = per_run.groupby(level="month")
    mean, low, high = grouped.mean(), grouped.quantile(0.05), grouped.quantile(0.95)
    text = mean.round(0).astype(int).astype(str) + " [" + low.round(0).astype(int).astype(str)
    return text + "-" + high.round(0).astype(int).astype(str) + "]"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("batch")
    p.add_argument("--scenario", default="historical_2018")
    p.add_argument("--year", type=int, default=2018)
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    tables = scenario_tables(args.batch, args.scenario)
    runs = set(tables["summary"].run_id)
    per_run = monthly_per_run(tables, args.year)
    table = band(per_run)
    out = args.out or Path(args.batch) / f"prediction_{args.year}.csv"
    per_run.to_csv(out.with_name(out.stem + "_per_run.csv"))
    table.to_csv(out)
    print(f"{args.scenario}: {len(runs)} runs; mean [5-95 %] by month of {args.year}")
    with pd.option_context("display.width", 250, "display.max_columns", 40):
        print(table.T.to_string())
    print(f"written: {out} and {out.with_name(out.stem + '_per_run.csv')}")


if __name__ == "__main__":
    main()
