"""The effects table of the scenario library, as Markdown: each what-if against historical on five
outcomes (mean of the seed-paired differences and its 90 % interval), and how many of its outcomes'
intervals exclude zero.

    python run.py batch historical early_closure hungary_open no_closure preemptive_training \
        regional_mission sealed_route sealed_route_preemptive_training thematic_mission \
        --replicates 10 --out results/library
    python run.py compare results/library --out results/library-compare
    python docs/experiments/effects_library.py results/library-compare/effects.csv
"""

import sys

import pandas as pd

OUTCOMES = {
    "arrivals_at_destinations": "arrivals AT+DE",
    "peak_stranded": "peak stranded",
    "smuggled_share": "smuggled share (points)",
    "victims_exploited": "victims exploited",
    "victims_identified": "victims identified",
}


def cell(row) -> str:
    scale = 100 if row.unit == "share" else 1
    mean, low, high = row.effect * scale, row.low * scale, row.high * scale
    digits = 2 if row.unit == "share" else 0
    text = f"{mean:+,.{digits}f} ({low:,.{digits}f} to {high:,.{digits}f})"
    return text if row.excludes_zero else f"*{text}*"


def main(path: str) -> None:
    effects = pd.read_csv(path)
    print("| scenario | " + " | ".join(OUTCOMES.values()) + " | exclude 0 / within noise |")
    print("|---|" + "---:|" * (len(OUTCOMES) + 1))
    for scenario, rows in effects.groupby("scenario", sort=False):
        by = rows.set_index("outcome")
        cells = [cell(by.loc[o]) if o in by.index else "–" for o in OUTCOMES]
        clear = int((rows.excludes_zero & ~rows.coarse).sum())
        noise = int(((rows.pairs > 1) & ~rows.excludes_zero).sum())
        print(f"| `{scenario}` | " + " | ".join(cells) + f" | {clear} / {noise} |")
    print("\nItalics: the 90 % interval includes zero (within the seeds' noise).")


if __name__ == "__main__":
    main(sys.argv[1])
