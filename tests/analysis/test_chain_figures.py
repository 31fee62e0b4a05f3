"""The missions' chain figures: the series they draw are the flow into the host countries counted
once, chances weighted by where people crossed, the threshold the posture answered to; one figure
per mission in a run's plots and in a comparison (with its report section), also for a mission that
met no flow and for tables an older run wrote without the newest columns."""

import json

import numpy as np
import pandas as pd
import pytest

from analysis.chain_compare import chain_figures
from analysis.chain_plots import RUN, plot_chains, proactive_spans, read_tables, summary_line
from analysis.compare import Comparison, summary_table
from analysis.mission_chain import flow_into, mission_scopes, threshold_by_day, weeks_of, weighted_chance
from analysis.report import write_report
from analysis.run_plots import plot_run

DAYS = pd.date_range("2016-01-04", periods=14)  # Monday to Sunday twice: two whole weeks
MISSIONS = ("skopje", "albania", "regional")
SCENARIO = {
    "name": "synthetic",
    "description": "three missions on a few border points",
    "parameters": {
        "start_date": "2016-01-04",
        "end_date": "2016-01-17",
        "people_per_agent": 10,
        "missions": {
            "proactive_threshold": 1.0,
            "relax_threshold": 0.2,
            "no_focal_point_factor": 2.0,
            "specs": {
                "skopje": {"name": "OSCE Mission to Skopje", "country": "MK", "focal_point_since": "2016-01-11"},
                "albania": {"name": "OSCE Presence in Albania", "country": "AL"},
                "regional": {"name": "A regional mission", "countries": ["MK", "RS"]},
            },
        },
    },
    "events": [],
}
# per day: GR -> MK at Idomeni (90 regular, 10 smuggled), MK -> RS at Tabanovce (80 regular); none into AL
BORDERS = {
    "Idomeni-Gevgelija": {"crossings": 90, "smuggled": 10, "p_detect": 0.2, "p_identify": 0.05, "price": 500},
    "Tabanovce-Miratovac": {"crossings": 80, "smuggled": 0, "p_detect": 0.6, "p_identify": 0.1, "price": 800},
    "Kakavia": {"crossings": 0, "smuggled": 0, "p_detect": 0.1, "p_identify": 0.02, "price": 450},
}
COUNTRIES = {"MK": (100, 10, 50), "RS": (80, 0, 0), "AL": (0, 0, 0), "GR": (0, 0, 0)}  # entered, smuggled, stranded


def synthetic_tables(scale: float = 1.0) -> dict[str, pd.DataFrame]:
    """A run's tables as it writes them (without run_id), every count times ``scale``."""
    borders = pd.DataFrame(
        [
            {
                "date": d,
                "border": name,
                "crossings": b["crossings"] * scale,
                "refused": 0,
                "queue": 0,
                "smuggled": b["smuggled"] * scale,
                "crossed_alone": 0,
                "detected": 0,
                "victims_identified": 0,
                "stranded": 0,
                "policy": "open",
                "police_training": 0.0,
                "frontline_training": 0.0,
                "p_detect": b["p_detect"],
                "p_identify": b["p_identify"],
                "smuggling_price_eur": b["price"] + 100 * (d >= DAYS[7]),
            }  # fmt: skip
            for d in DAYS
            for name, b in BORDERS.items()
        ]
    )
    countries = pd.DataFrame(
        [
            {
                "date": d,
                "country": c,
                "entered": e * scale,
                "exited": 0,
                "present": 0,
                "stranded": st * scale,
                "asylum_claims": 0,
                "smuggled_entries": sm * scale,
                "registered": 0,
                "awareness": 0.0,
            }  # fmt: skip
            for d in DAYS
            for c, (e, sm, st) in COUNTRIES.items()
        ]
    )
    second_week = DAYS.isin(DAYS[7:])
    missions = pd.DataFrame(
        [
            {
                "date": d,
                "mission": m,
                "posture": "proactive" if m == "skopje" and late else "business_as_usual",
                "monitoring_visits": int(m == "skopje"),
                "trainings": 0,
                "reports": 0,
                "budget_spent": 0.0,
                "perceived_risk": 1.5 if m == "skopje" and late else 0.0,
            }  # fmt: skip
            for d, late in zip(DAYS, second_week, strict=True)
            for m in MISSIONS
        ]
    )
    visits = pd.DataFrame({"date": DAYS, "mission": "skopje", "border": "Idomeni-Gevgelija", "visits": 1})
    trainings = pd.DataFrame(
        [
            {"date": DAYS[1], "mission": "skopje", "border": "Idomeni-Gevgelija", "audience": "border_police",
             "effective_from": DAYS[9], "level_rise": 0.2, "detection_change": 0.05, "identification_change": 0.01},
            {"date": DAYS[2], "mission": "regional", "border": "Tabanovce-Miratovac",
             "audience": "judges_prosecutors", "effective_from": DAYS[10], "level_rise": 0.0,
             "detection_change": 0.0, "identification_change": 0.0},
        ]
    )  # fmt: skip
    return {"countries": countries, "borders": borders, "missions": missions, "visits": visits, "trainings": trainings}


def with_run_id(tables: dict, run: str = RUN) -> dict:
    return {name: t.assign(run_id=run) for name, t in tables.items()}


@pytest.fixture
def run_dir(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir()
    for name, table in synthetic_tables().items():
        table.to_csv(folder / f"{name}.csv", index=False)
    (folder / "scenario.json").write_text(json.dumps(SCENARIO), encoding="utf-8")
    return folder


def test_a_regional_mission_counts_a_move_between_its_host_countries_once():
    tables, weeks = with_run_id(synthetic_tables()), weeks_of(pd.Series(DAYS))
    scopes = mission_scopes(SCENARIO, list(MISSIONS))
    assert "Tabanovce-Miratovac" in scopes["regional"].internal and not scopes["skopje"].internal
    region = flow_into(tables, scopes["regional"], [RUN], weeks)
    skopje = flow_into(tables, scopes["skopje"], [RUN], weeks)
    # MK's 100 a day plus RS's 80, less the 80 who came to RS from MK, the other host
    assert region["entered"][RUN].tolist() == [700.0, 700.0] == skopje["entered"][RUN].tolist()
    assert region["smuggled"][RUN].tolist() == [70.0, 70.0] and region["regular"][RUN].tolist() == [630.0, 630.0]
    assert region["stranded"][RUN].tolist() == [50.0, 50.0]  # MK's 50 a day, a weekly mean


def test_chances_are_weighted_by_the_people_who_crossed_at_each_border_point():
    tables, weeks = with_run_id(synthetic_tables()), weeks_of(pd.Series(DAYS))
    scopes = mission_scopes(SCENARIO, list(MISSIONS))
    region = weighted_chance(tables, scopes["regional"], "p_detect", [RUN], weeks)
    assert region[RUN].tolist() == pytest.approx([(0.2 * 100 + 0.6 * 80) / 180] * 2)
    # no one crossed at Albania's border points here: their plain mean
    assert weighted_chance(tables, scopes["albania"], "p_detect", [RUN], weeks)[RUN].tolist() == pytest.approx(
        [0.1, 0.1]
    )
    price = weighted_chance(tables, scopes["skopje"], "smuggling_price_eur", [RUN], weeks, weight="smuggled")
    assert price[RUN].tolist() == pytest.approx([500.0, 600.0])  # only Idomeni had anyone smuggled


def test_the_threshold_to_turn_proactive_halves_once_the_mission_has_a_focal_point():
    scope = mission_scopes(SCENARIO, ["skopje", "albania"])
    line = threshold_by_day(scope["skopje"], DAYS)
    assert line[: DAYS[6]].eq(2.0).all() and line[DAYS[7] :].eq(1.0).all()
    assert threshold_by_day(scope["albania"], DAYS).eq(2.0).all()  # never a focal point
    assert threshold_by_day(scope["albania"], DAYS, "relax").eq(0.4).all()


def test_a_run_without_a_scenario_file_covers_the_six_missions_of_2015_16():
    scopes = mission_scopes(None, ["albania", "kosovo"])
    assert scopes["albania"].countries == ("AL",) and "Kakavia" in scopes["albania"].borders
    assert not scopes["kosovo"].can_monitor and scopes["kosovo"].focal_point_from is None


def test_a_run_draws_one_chain_figure_per_mission_beside_its_other_plots(run_dir):
    paths = plot_run(run_dir)
    names = {p.name for p in paths}
    assert {f"chain_{m}.png" for m in MISSIONS} <= names and "mission_activity.png" in names
    for m in MISSIONS:
        assert (run_dir / "plots" / f"chain_{m}.png").stat().st_size > 20_000


def test_a_mission_that_met_no_flow_says_so_in_its_title(run_dir):
    tables = read_tables(run_dir)
    weeks = weeks_of(tables["countries"].date)
    scopes = mission_scopes(SCENARIO, list(MISSIONS))
    rows = tables["missions"]
    albania = summary_line(scopes["albania"], flow_into(tables, scopes["albania"], [RUN], weeks),
                           proactive_spans(rows[rows.mission == "albania"]), 0, 0)  # fmt: skip
    assert albania == "no flow reached AL; business as usual throughout; no monitoring visits; no courses"
    skopje = summary_line(scopes["skopje"], flow_into(tables, scopes["skopje"], [RUN], weeks),
                          proactive_spans(rows[rows.mission == "skopje"]), 14, 1)  # fmt: skip
    assert skopje == (
        "1,400 people entered MK; proactive from 11 Jan 2016 (1 week in all); 14 monitoring visits; 1 course"
    )


def test_an_older_run_without_the_newest_columns_still_gets_its_chain_figures(run_dir):
    borders = pd.read_csv(run_dir / "borders.csv").drop(columns=["crossed_alone", "smuggling_price_eur"])
    borders.to_csv(run_dir / "borders.csv", index=False)
    (run_dir / "trainings.csv").unlink()
    (run_dir / "visits.csv").unlink()
    (run_dir / "scenario.json").unlink()  # the six defaults: regional is then a mission of no country
    out = run_dir / "plots"
    out.mkdir()
    paths = plot_chains(run_dir, out)
    assert [p.name for p in paths] == [f"chain_{m}.png" for m in MISSIONS]
    assert all(p.stat().st_size > 20_000 for p in paths)
    tables = read_tables(run_dir)
    flow = flow_into(tables, mission_scopes(None, ["skopje"])["skopje"], [RUN], weeks_of(tables["countries"].date))
    assert flow["alone"][RUN].eq(0).all() and flow["regular"][RUN].tolist() == [630.0, 630.0]


def synthetic_comparison() -> Comparison:
    """Two scenarios of two runs each; only the second has the regional mission."""
    frames, summary, scenario_of = {}, [], {}
    for group, scale in (("base", 1.0), ("what_if", 2.0)):
        for seed in (0, 1):
            run = f"{group}-{seed}"
            tables = with_run_id(synthetic_tables(scale * (1 + 0.1 * seed)), run)
            if group == "base":
                tables["missions"] = tables["missions"][tables["missions"].mission != "regional"]
                tables["trainings"] = tables["trainings"][tables["trainings"].mission != "regional"]
            for name, table in tables.items():
                frames.setdefault(name, []).append(table)
            summary.append({"run_id": run, "scenario": group, "seed": seed, "point": "", "group": group,
                            "arrivals_at_destinations": 1000 * scale, "peak_stranded": 50 * scale})  # fmt: skip
            scenario_of[run] = {**SCENARIO, "name": group}
    return Comparison(
        tables={name: pd.concat(parts, ignore_index=True) for name, parts in frames.items()},
        summary=pd.DataFrame(summary),
        groups=["base", "what_if"],
        runs_of={g: [f"{g}-0", f"{g}-1"] for g in ("base", "what_if")},
        seed_of={f"{g}-{s}": s for g in ("base", "what_if") for s in (0, 1)},
        run_dir={},
        baseline="base",
        scenario_of=scenario_of,
    )


def test_compare_draws_a_chain_figure_per_mission_and_the_report_links_each(tmp_path):
    cmp = synthetic_comparison()
    figures = chain_figures(cmp, tmp_path)
    assert [f.name for f in figures] == [f"chain_{m}" for m in ("skopje", "albania", "regional")]
    for f in figures:
        assert f.png.stat().st_size > 20_000 and f.svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    page = write_report(cmp, summary_table(cmp), [], tmp_path / "report.html", ["synthetic"], figures).read_text(
        encoding="utf-8"
    )
    assert "How each mission met the flow" in page
    for f in figures:
        assert f"href='#{f.name}'" in page and f"id='{f.name}'" in page and f"href='{f.name}.png'" in page
    assert len(np.unique([s for s in page.split("src='")[1:]])) == len(figures)  # each embedded once
