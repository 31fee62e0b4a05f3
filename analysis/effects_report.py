"""The report's opening section: each scenario's effects in plain words, what the seeds' noise cannot
tell apart, and where ``people_per_agent`` makes a count too coarse to compare."""

import html

import numpy as np
import pandas as pd

from analysis.effects import COARSE_AGENTS, LEVEL, sentence

MOST = 12  # sentences per scenario; the rest are in effects.csv


def _strength(rows: pd.DataFrame) -> pd.Series:
    """How large each effect is against its baseline (an effect on a baseline of zero ranks first)."""
    base = rows.baseline_mean.abs()
    return (rows.effect.abs() / base.where(base > 0)).fillna(np.inf)


def effects_html(effects: pd.DataFrame, baseline: str, people_per_agent: list[int]) -> str:
    if effects.empty:
        return "<p>Only the baseline was read: there are no effects to show.</p>"
    level = int(LEVEL * 100)
    posterior = bool((effects.get("draws", pd.Series([0])).fillna(0) > 0).any())
    if posterior:
        how = (
            f"Each scenario's run on a posterior draw and seed minus {html.escape(baseline)}'s run on the same draw "
            f"and seed, averaged over each draw's seeds; the effect is the mean over the draws and its interval the "
            f"{level} % range of the draws' effects. <strong>These intervals hold parameter uncertainty and the "
            "seeds' noise</strong>; beside each, the range the seeds alone would give (where the two are alike, "
            "what is unknown of the parameters matters little to that effect)."
        )
        spread = "within the spread of parameters and seeds"
    else:
        how = (
            f"Each scenario's run on a seed minus {html.escape(baseline)}'s run on the same seed, averaged over "
            f"the seed pairs, with the {level} % confidence interval of that mean (Student's t over the pairs). "
            "<strong>These intervals hold the seeds' noise only</strong>: the parameters are the same in every run "
            "(<code>batch --posterior</code> adds their uncertainty)."
        )
        spread = "within the seeds' noise"
    parts = [
        f"<p>{how} Listed here: the effects whose interval excludes zero, the largest against the baseline first. "
        "Every outcome of every scenario is in <code>effects.csv</code>.</p>"
    ]
    coarse = effects[effects.coarse].drop_duplicates("outcome")
    if len(coarse):
        ppa = ", ".join(f"{p:,}" for p in sorted(set(people_per_agent)))
        parts.append(
            f"<p class='note'><strong>Too coarse to compare:</strong> in some scenario these counts held fewer "
            f"than {COARSE_AGENTS} agents on average (a count moves in steps of the batch's people per agent, "
            f"{ppa}): {', '.join(html.escape(n) for n in coarse.label)}. They are left out below (effects.csv "
            "marks them <code>coarse</code>); run the batch at fewer people per agent to compare them.</p>"
        )
    for scenario, rows in effects.groupby("scenario", sort=False):
        clear = rows[rows.excludes_zero & ~rows.coarse]
        clear = clear.loc[_strength(clear).sort_values(ascending=False).index]
        noise = rows[(rows.pairs > 1) & ~rows.excludes_zero]
        items = "".join(f"<li>{html.escape(sentence(r))}</li>" for _, r in clear.head(MOST).iterrows())
        more = f" ({len(clear) - MOST} of them only in effects.csv)" if len(clear) > MOST else ""
        parts.append(f"<h3>{html.escape(str(scenario))}</h3>")
        parts.append(f"<ul>{items}</ul>" if items else "<p>No effect excludes zero.</p>")
        parts.append(
            f"<p class='note'>{len(clear)} effects exclude zero{more}; {len(noise)} are {spread} "
            f"(their interval includes zero); {int((rows.pairs == 0).sum())} outcomes had no pair to compare "
            "(a response lag needs the flow to reach the country and the mission to respond in both runs).</p>"
        )
    return "\n".join(parts)
