"""``report.html``: one self-contained page (figures embedded as PNG data, no outside files or
scripts, so it opens offline and can be mailed) that opens with each scenario's effects in plain words,
then the scenarios, what differs from the baseline, the summary table and the figures with their
captions."""

import base64
import html
import json
from datetime import datetime
from pathlib import Path

import pandas as pd

STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1, h2, h3 { font-family: Helvetica, Arial, sans-serif; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0 1.5em; display: block; overflow-x: auto;
        max-width: 100%; }  /* a wide table scrolls inside the page */
th, td { border-bottom: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
td.text { text-align: left; }
figure { margin: 1.5em 0 2.5em; }
figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { font-size: 0.9em; color: #444; }
.note { color: #555; font-size: 0.9em; }
"""
EVENT_NOISE = ("note", "source")


def flatten(params: dict, prefix: str = "") -> dict:
    """Nested parameters as ``dotted.key -> value`` (lists and leaves kept whole)."""
    out = {}
    for key, value in params.items():
        if isinstance(value, dict) and value:
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def parameter_differences(scenario: dict, baseline: dict) -> list[tuple[str, object, object]]:
    """``(key, baseline value, scenario value)`` for every parameter that differs."""
    a, b = flatten(baseline["parameters"]), flatten(scenario["parameters"])
    return [(k, a.get(k, "(absent)"), b.get(k, "(absent)")) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]


def _event_key(event: dict) -> str:
    return json.dumps({k: v for k, v in event.items() if k not in EVENT_NOISE and v is not None}, sort_keys=True)


def event_differences(scenario: dict, baseline: dict) -> tuple[list[dict], list[dict]]:
    """Events the scenario adds to the baseline's, and baseline events it drops (notes ignored)."""
    mine = {_event_key(e): e for e in scenario.get("events", [])}
    theirs = {_event_key(e): e for e in baseline.get("events", [])}
    return [e for k, e in mine.items() if k not in theirs], [e for k, e in theirs.items() if k not in mine]


def _describe_event(event: dict) -> str:
    fields = {k: v for k, v in event.items() if k not in ("date", "type", *EVENT_NOISE) and v is not None}
    text = ", ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in fields.items())
    note = f" — {event['note']}" if event.get("note") else ""
    return f"{event['date']} {event['type']} ({text}){note}"


def _fmt(value, metric: str) -> str:
    if pd.isna(value):
        return "–"
    if "share" in metric:
        return f"{value:.3f}"
    return f"{value:,.0f}" if abs(value) >= 10 else f"{value:,.1f}"


def summary_html(table: pd.DataFrame) -> str:
    """The summary table: one row per scenario, each metric as ``mean [5 % – 95 %]``."""
    metrics = [m for m in dict.fromkeys(m for m, _ in table.columns) if m != "runs"]
    head = "".join(f"<th>{html.escape(m.replace('_', ' '))}</th>" for m in metrics)
    rows = []
    for group, row in table.iterrows():
        cells = [f"<td class='text'>{html.escape(str(group))}</td>", f"<td>{int(row[('runs', '')])}</td>"]
        for m in metrics:
            mean, low, high = row[(m, "mean")], row[(m, "low")], row[(m, "high")]
            cell = "–" if pd.isna(mean) else f"{_fmt(mean, m)}<br><small>[{_fmt(low, m)} – {_fmt(high, m)}]</small>"
            cells.append(f"<td>{cell}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        f"<table id='summary-table'><thead><tr><th>scenario</th><th>runs</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _draws_text(cmp, group: str) -> str:
    draws = cmp.draws(group)
    return f"; {draws} posterior draws, the parameters of the first shown" if draws else ""


def _scenarios_html(cmp) -> str:
    base = cmp.scenario_json(cmp.baseline)
    parts = []
    for group in cmp.groups:
        sc = cmp.scenario_json(group)
        runs = cmp.summary[cmp.summary.group == group]
        p = sc["parameters"]
        seeds = ", ".join(map(str, sorted(runs.seed.astype(int))))
        parts.append(f"<h3>{html.escape(group)}{' (baseline)' if group == cmp.baseline else ''}</h3>")
        parts.append(f"<p>{html.escape(sc.get('description', '').strip())}</p>")
        parts.append(
            f"<p class='note'>{len(runs)} runs (seeds {seeds}{_draws_text(cmp, group)}); {p['start_date']} to "
            f"{p['end_date']}; "
            f"{p['people_per_agent']} people per agent.</p>"
        )
        if group == cmp.baseline:
            continue
        diffs = parameter_differences(sc, base)
        added, dropped = event_differences(sc, base)
        if not (diffs or added or dropped):
            parts.append(f"<p>Same parameters and events as {html.escape(cmp.baseline)}.</p>")
        if diffs:
            rows = "".join(
                f"<tr><td>{html.escape(k)}</td><td class='text'>{html.escape(str(a))}</td>"
                f"<td class='text'>{html.escape(str(b))}</td></tr>"
                for k, a, b in diffs
            )
            parts.append(
                f"<table><thead><tr><th>parameter</th><th>{html.escape(cmp.baseline)}</th>"
                f"<th>{html.escape(group)}</th></tr></thead><tbody>{rows}</tbody></table>"
            )
        for label, events in (("Events added", added), ("Events dropped", dropped)):
            if events:
                items = "".join(f"<li>{html.escape(_describe_event(e))}</li>" for e in events)
                parts.append(f"<p>{label} (compared with {html.escape(cmp.baseline)}):</p><ul>{items}</ul>")
    return "\n".join(parts)


def _figure_html(figure) -> str:
    data = base64.b64encode(Path(figure.png).read_bytes()).decode("ascii")
    return (
        f"<figure id='{figure.name}'><h3>{html.escape(figure.title)}</h3>"
        f"<img alt='{html.escape(figure.title)}' src='data:image/png;base64,{data}'>"
        f"<figcaption>{html.escape(figure.caption)} (Vector version: {html.escape(Path(figure.svg).name)}.)"
        "</figcaption></figure>"
    )


def _chains_html(chains: list) -> list[str]:
    """The section of the missions' chain figures, with a link to each and to its file beside the report."""
    links = " · ".join(
        f"<a href='#{f.name}'>{html.escape(f.title)}</a> (<a href='{html.escape(Path(f.png).name)}'>PNG</a>)"
        for f in chains
    )
    return [
        "<h2 id='missions'>How each mission met the flow</h2>",
        "<p>One figure per mission, every panel on the same weeks: the flow into its host countries, what it "
        "did (monitoring visits, posture, courses), what it perceived, and what changed at its border points "
        "(detection and identification). Read down a column of weeks to follow the chain from the flow to the "
        f"border.</p><p class='note'>{links}</p>",
        *[_figure_html(f) for f in chains],
    ]


def write_report(
    cmp, table: pd.DataFrame, figures: list, path: Path, sources: list[str], chains: list = (), effects=None
) -> Path:
    from analysis.effects_report import effects_html

    ppa_column = cmp.summary.get("people_per_agent", pd.Series(dtype=float))
    ppa = pd.to_numeric(ppa_column, errors="coerce").dropna().astype(int).tolist()
    body = [
        "<h1>Balkans route simulation: scenario comparison</h1>",
        f"<p class='note'>Made {datetime.now().strftime('%Y-%m-%d %H:%M')} from "
        f"{html.escape(', '.join(sources))}: {len(cmp.summary)} runs in {len(cmp.groups)} scenarios. "
        f"Baseline: {html.escape(cmp.baseline)}. Replicate r of every scenario uses the same seed, so "
        f"differences are taken run by run on the same random draws. Bands and intervals hold "
        f"{html.escape(cmp.band_contents())}.</p>",
        *(["<h2>Effects</h2>", effects_html(effects, cmp.baseline, ppa)] if effects is not None else []),
        "<h2>Scenarios</h2>",
        _scenarios_html(cmp),
        "<h2>Summary</h2>",
        "<p>Each cell is the mean over the scenario's runs and, below it, the central 90 % interval of the runs "
        "(their 5th and 95th percentiles). People are counted as people (agents times people per agent); a "
        "response lag is in days from the first week the flow into the mission's country passed "
        "missions.flow_threshold_people_per_week (warm-up included) to its first proactive day; – means no run "
        "had one: the flow never reached the country, or the mission never turned proactive after it did. "
        "'days proactive without flow' (shown where a run had any) counts the days a mission was proactive "
        "before any flow reached its country: it responded to what it heard from elsewhere.</p>",
        summary_html(table),
        "<h2>Figures</h2>",
        *[_figure_html(f) for f in figures],
        *(_chains_html(list(chains)) if chains else []),
    ]
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>Scenario comparison</title>"
        f"<style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
    path.write_text(page, encoding="utf-8")
    return path
