"""Figures of one run, read from the tables it wrote (``countries.csv``, ``borders.csv`` ...)."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.chain_plots import plot_chains  # noqa: E402
from analysis.date_axis import month_axis  # noqa: E402

# Okabe-Ito: distinguishable with the common forms of colour blindness, and in greyscale print.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# Each corridor is measured at the crossings that lead into it, so no one is counted twice.
CORRIDORS = {
    "Greece-North Macedonia": ["Idomeni-Gevgelija"],
    "Hungary": ["Horgoš-Röszke", "Botovo-Zákány", "Baranjsko Petrovo Selo-Beremend"],
    "Croatia-Slovenia": ["Šid-Tovarnik", "Berkasovo-Bapska"],
    "Albania-Montenegro-Bosnia": ["Kakavia", "Kapshticë", "Sremska Rača"],
    "Bulgaria": ["Kalotina-Gradina", "Vrška Čuka"],
}


def _read(run_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(run_dir / f"{name}.csv", parse_dates=["date"])


def _style(ax, ylabel: str, title: str):
    ax.set_ylabel(ylabel)
    ax.set_title(title, loc="left", fontsize=11)
    month_axis(ax)
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)


def _save(fig, path: Path):
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_flows(run_dir: Path, out: Path) -> Path:
    b = _read(run_dir, "borders")
    b["moved"] = b["crossings"] + b["smuggled"]
    weekly = b.pivot_table(index="date", columns="border", values="moved", aggfunc="sum").resample("W").sum()
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for colour, (corridor, borders) in zip(PALETTE, CORRIDORS.items(), strict=False):
        cols = [c for c in borders if c in weekly]
        ax.plot(weekly.index, weekly[cols].sum(axis=1) / 1000, color=colour, label=corridor, lw=1.8)
    _style(
        ax,
        "people crossing per week (thousands)",
        "Flows by corridor: people entering each corridor, regular and smuggled",
    )
    ax.legend(frameon=False, loc="upper right")
    path = out / "flows_by_corridor.png"
    _save(fig, path)
    return path


def plot_stranded(run_dir: Path, out: Path) -> Path:
    c = _read(run_dir, "countries")
    wide = c.pivot_table(index="date", columns="country", values="stranded", aggfunc="sum")
    wide = wide.loc[:, wide.max() > 0]
    top = wide.max().sort_values(ascending=False).index[:7]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    for colour, country in zip(PALETTE, top, strict=False):
        ax.plot(wide.index, wide[country] / 1000, color=colour, label=country, lw=1.8)
    _style(ax, "people stranded (thousands)", "Stranded by country (refused at a border and waiting)")
    ax.legend(frameon=False, loc="upper left", ncol=2)
    path = out / "stranded_by_country.png"
    _save(fig, path)
    return path


def plot_smuggling(run_dir: Path, out: Path) -> Path:
    b = _read(run_dir, "borders")
    daily = b.groupby("date")[["smuggled", "detected", "victims_identified"]].sum()
    weekly = daily.resample("W").sum()
    fig, axes = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    axes[0].plot(weekly.index, weekly["smuggled"], color=PALETTE[3], label="smuggled across a closed border")
    axes[0].plot(weekly.index, weekly["detected"], color=PALETTE[0], label="detected and returned")
    _style(axes[0], "people per week", "Smuggling")
    axes[0].legend(frameon=False, loc="upper left")
    statuses = _read(run_dir, "statuses") if (run_dir / "statuses.csv").exists() else pd.DataFrame()
    if "exploited_to_date" in statuses:  # runs written before the model recorded it have identified only
        exploited = statuses.set_index("date").exploited_to_date
        axes[1].plot(exploited.index, exploited, color=PALETTE[3], label="exploited while with smugglers")
    identified = daily["victims_identified"].cumsum()
    axes[1].plot(daily.index, identified, color=PALETTE[4], label="identified at border points")
    _style(axes[1], "people (cumulative)", "Trafficking victims: exploited, and identified")
    axes[1].legend(frameon=False, loc="upper left")
    path = out / "smuggling_and_victims.png"
    _save(fig, path)
    return path


def plot_missions(run_dir: Path, out: Path) -> Path:
    mi = _read(run_dir, "missions")
    visits = (
        mi.pivot_table(index="date", columns="mission", values="monitoring_visits", aggfunc="sum").resample("W").sum()
    )
    proactive = mi.assign(p=(mi["posture"] == "proactive").astype(int)).pivot_table(
        index="date", columns="mission", values="p", aggfunc="max"
    )
    missions = list(visits.columns)
    fig, axes = plt.subplots(2, 1, figsize=(10, 6.5), sharex=True, gridspec_kw={"height_ratios": [2, 1]})
    colour_of = {m: PALETTE[i % len(PALETTE)] for i, m in enumerate(missions)}
    visiting = [m for m in missions if visits[m].sum() > 0]
    for mission in visiting:  # a mission that never visits would be a line hidden under the others at zero
        axes[0].plot(visits.index, visits[mission], color=colour_of[mission], label=mission, lw=1.6)
    _style(axes[0], "monitoring visits per week", "OSCE missions: monitoring visits to border points")
    if visiting:
        axes[0].legend(frameon=False, ncol=3, loc="upper left")
    idle = [m for m in missions if m not in visiting]
    if idle:
        axes[0].text(0.99, 0.97, f"no visits: {', '.join(idle)}", transform=axes[0].transAxes, ha="right", va="top",
                     fontsize=9, color="#555555")  # fmt: skip
    for i, mission in enumerate(missions):
        on = proactive[mission].to_numpy() > 0
        axes[1].fill_between(proactive.index, i - 0.4, i + 0.4, where=on, color=colour_of[mission], step="mid")
    axes[1].set_yticks(range(len(missions)), missions)
    _style(axes[1], "", "Proactive posture (filled) against business as usual (blank)")
    path = out / "mission_activity.png"
    _save(fig, path)
    return path


def plot_run(run_dir: Path) -> list[Path]:
    """All single-run figures, written to ``run_dir/plots`` (with a chain figure per mission:
    :mod:`analysis.chain_plots`); returns their paths."""
    out = run_dir / "plots"
    out.mkdir(exist_ok=True)
    figures = [plot(run_dir, out) for plot in (plot_flows, plot_stranded, plot_smuggling, plot_missions)]
    return figures + plot_chains(run_dir, out)
