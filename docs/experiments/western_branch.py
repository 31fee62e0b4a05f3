"""The western branch's flow 2016-18 with the dated events of the scenario marked: issue 18's figure.

    python run.py batch historical_2018 --replicates 10 --out results/y2018
    python docs/experiments/western_branch.py results/y2018 [--out docs/images/western_branch_2016_2018.png]

People crossing each leg of Greece - Albania - Montenegro - Bosnia and Herzegovina - Croatia per month
(regular crossings plus smuggled and alone), and from Serbia into Bosnia and Herzegovina: the median over
the batch's replicates with its 5-95 % band. Vertical lines are the scenario's events of 2016-18 that touch
these countries or the corridor's exits (their notes name the sources). No recorded figure is drawn: the
2018 months are a prediction, never compared with a count here.
"""

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from prediction_2018 import scenario_tables  # noqa: E402

from analysis.bands import quantile_band  # noqa: E402
from scenarios.loader import load_scenario  # noqa: E402

LEGS = {
    "Greece → Albania": ["Kakavia", "Kapshticë"],
    "Albania → Montenegro": ["Hani i Hotit", "Muriqan-Sukobin"],
    "Montenegro → Bosnia and Herz.": ["Šćepan Polje"],
    "Serbia → Bosnia and Herz.": ["Sremska Rača"],
    "Bosnia and Herz. → Croatia": ["Maljevac"],
}
COLOURS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e"]


def monthly_by_run(borders: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    b = borders[borders.border.isin(names)]
    moved = b.crossings + b.smuggled + b.get("crossed_alone", 0)
    daily = b.assign(moved=moved).pivot_table(index="date", columns="run_id", values="moved", aggfunc="sum")
    return daily.resample("MS").sum()


def _label(event, sizes: dict[str, float]) -> str:
    borders = ", ".join(getattr(event, "borders", []))
    if event.type == "police_returns":
        rate = sizes.get(event.rate_per_day, event.rate_per_day)
        return f"{event.country} police return people stranded there to {event.to_node} ({rate:.1%}/day)"
    if event.type == "border_policy":
        cap = f" {event.cap_per_day:g}/day" if event.cap_per_day is not None else ""
        return f"{borders}: {event.policy}{cap}"
    if event.type == "border_levels":
        given = {k: getattr(event, k, None) for k in ("staffing", "equipment", "capacity_per_day")}
        levels = [f"{k} {sizes.get(v, v)}" for k, v in given.items() if v is not None]
        return f"{borders}: {', '.join(levels) or 'levels'}"
    return f"{event.type.replace('_', ' ')}: {borders}"


def events_to_mark(scenario: str, start: str) -> list[tuple[pd.Timestamp, str]]:
    """The scenario's events from ``start`` that act on the western branch or on the corridor's exits."""
    loaded = load_scenario(scenario)
    out = []
    for e in loaded.events:
        named = {name for _, kind, name in e.named() if kind == "border"}
        acts_on_route = (e.type == "police_returns" or named) and "mission" not in e.type
        if pd.Timestamp(e.date) >= pd.Timestamp(start) and acts_on_route:
            label = _label(e, loaded.parameters.assumed_sizes)
            out.append((pd.Timestamp(e.date), label if len(label) <= 68 else label[:65] + "..."))
    for p in loaded.parameters.air_arrivals:
        out.append((pd.Timestamp(p.start), f"{p.people:,.0f} arrive by air at {p.place} until {p.end:%d %b %Y}"))
    return sorted(out)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("batch")
    p.add_argument("--scenario", default="historical_2018")
    p.add_argument("--start", default="2016-01-01")
    p.add_argument("--events-from", default="2016-06-01", help="mark the events from this date (default 2016-06-01)")
    p.add_argument("--out", type=Path)
    args = p.parse_args()
    tables = scenario_tables(args.batch, args.scenario)  # docs/experiments/prediction_2018.py
    runs = set(tables["summary"].run_id)
    borders = tables["borders"][tables["borders"].date >= args.start]

    events = events_to_mark(args.scenario, args.events_from)
    fig, (ax, key) = plt.subplots(2, 1, figsize=(12, 7.5), gridspec_kw={"height_ratios": [3.2, 1]})
    bands = {label: quantile_band(monthly_by_run(borders, names)) for label, names in LEGS.items()}
    top = 1.3 * max(float(b[b.index >= "2016-05-01"].high.max()) for b in bands.values())
    for colour, (label, band) in zip(COLOURS, bands.items(), strict=True):
        ax.fill_between(band.index, band.low, band.high, color=colour, alpha=0.2, lw=0)
        ax.plot(band.index, band["median"], color=colour, lw=1.8, label=label)
        spike = band[band.index < "2016-05-01"]["median"]
        if len(spike) and spike.max() > top:  # the closure's spike of March 2016: labelled, not drawn to scale
            text = f"{label}: {spike.max():,.0f} in {spike.idxmax():%B %Y}"
            ax.annotate(text, (spike.idxmax(), 0.85 * top), fontsize=8, color=colour, xytext=(6, 0),
                        textcoords="offset points")  # fmt: skip
    ax.set_ylim(0, top)
    lines = []
    for i, (when, text) in enumerate(events, start=1):
        ax.axvline(when, color="0.45", lw=0.8, ls=":")
        ax.text(when, top * (0.99 - 0.05 * (i % 2)), str(i), fontsize=7, color="0.2", ha="center", va="top",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "0.6", "lw": 0.5})  # fmt: skip
        lines.append(f"{i:>2}  {when:%d %b %Y}  {text}")
    half = (len(lines) + 1) // 2
    key.axis("off")
    for column, chunk in enumerate((lines[:half], lines[half:])):
        key.text(0.01 + 0.5 * column, 1.0, "\n".join(chunk), fontsize=7, family="monospace", va="top",
                 transform=key.transAxes)  # fmt: skip
    ax.axvspan(pd.Timestamp("2018-01-01"), borders.date.max(), color="0.92", zorder=0)
    ax.text(pd.Timestamp("2018-01-10"), top * 0.75, "2018: predicted,\nnot fitted", fontsize=8, color="0.35")
    ax.set_ylabel("people crossing per month")
    ax.set_title(
        f"Western branch, {args.scenario}: median of {len(runs)} runs with 5-95 % band; dotted lines: dated events",
        loc="left",
        fontsize=10,
    )
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0.37, 0.86), fontsize=8)
    fig.tight_layout()
    out = args.out or Path(args.batch) / "western_branch_2016_2018.png"
    fig.savefig(out, dpi=120)
    print(f"written: {out}")


if __name__ == "__main__":
    main()
