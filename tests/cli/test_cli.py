"""The command line: help, a short run that writes every output, and one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).parents[2]


def _run(*args):
    return subprocess.run([sys.executable, "run.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_help_documents_the_options():
    out = _run("run", "--help").stdout
    for option in ("--seed", "--out", "--set", "--people-per-agent"):
        assert option in out


@pytest.mark.slow
def test_a_run_writes_tables_summary_and_plots(tmp_path):
    result = _run(
        "run",
        "historical",
        "--seed",
        "3",
        "--out",
        str(tmp_path),
        "--people-per-agent",
        "500",
        "--set",
        "end_date=2015-10-31",
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    assert str(tmp_path) in result.stdout
    countries = pd.read_csv(tmp_path / "countries.csv")
    assert list(countries.columns) == [
        "date",
        "country",
        "entered",
        "exited",
        "present",
        "stranded",
        "asylum_claims",
        "smuggled_entries",
        "alone_entries",
        "registered",
        "awareness",
    ]
    borders = pd.read_csv(tmp_path / "borders.csv")
    assert list(borders.columns) == [
        "date",
        "border",
        "crossings",
        "refused",
        "queue",
        "smuggled",
        "crossed_alone",
        "detected",
        "victims_identified",
        "stranded",
        "policy",
        "police_training",
        "frontline_training",
        "p_detect",
        "p_identify",
        "smuggling_price_eur",
    ]
    assert set(borders.policy) <= {"open", "cap", "filter", "closed"}
    assert borders.p_detect.between(0, 1).all() and borders.police_training.between(0, 1).all()
    assert (borders.smuggling_price_eur > 0).all()
    missions = pd.read_csv(tmp_path / "missions.csv")
    assert list(missions.columns) == [
        "date",
        "mission",
        "posture",
        "monitoring_visits",
        "trainings",
        "reports",
        "budget_spent",
        "perceived_risk",
    ]
    trainings = pd.read_csv(tmp_path / "trainings.csv")
    assert list(trainings.columns) == [
        "date",
        "mission",
        "border",
        "audience",
        "effective_from",
        "level_rise",
        "detection_change",
        "identification_change",
    ]
    assert len(trainings) == missions.trainings.sum() > 0  # one row per course
    assert countries["entered"].sum() % 500 == 0  # people, not agents
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["seed"] == 3 and set(summary["missions"]) == {
        "serbia",
        "skopje",
        "kosovo",
        "albania",
        "bih",
        "montenegro",
    }
    plots = {p.name for p in (tmp_path / "plots").glob("*.png")}
    assert len(plots) == 4 + 6 and {f"chain_{m}.png" for m in summary["missions"]} <= plots  # a chain figure each


def test_an_unknown_scenario_is_a_one_line_error():
    result = _run("run", "atlantis")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "unknown scenario 'atlantis'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_override_names_the_key():
    result = _run("run", "--set", "migrants.smuggler_price_eur=cheap", "--quiet")
    assert result.returncode == 2 and "migrants.smuggler_price_eur" in result.stderr
    assert "Traceback" not in result.stderr
