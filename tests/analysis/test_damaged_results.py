"""Damaged results: every file ``compare``, ``validate`` and ``sensitivity`` read is checked, and a
damaged one stops the command with one line naming it (exit code 2, no traceback), or with
``--skip-damaged`` its run is left out and listed. A batch without ``manifest.csv`` (killed before it
wrote one) is read from its runs' ``run.json``."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.results import DamagedResults, ResultsNote, load
from run import main as run_main

ROOT = Path(__file__).parents[2]
TINY = ["--people-per-agent", "1000", "--set", "end_date=2015-07-31"]


@pytest.fixture(scope="module")
def batch_made(tmp_path_factory):
    """Four runs (historical and no_closure, two seeds each), June and July 2015."""
    out = tmp_path_factory.mktemp("made") / "batch"
    assert (
        run_main(["batch", "historical", "no_closure", "--replicates", "2", *TINY, "--out", str(out), "--quiet"]) == 0
    )
    return out


@pytest.fixture(scope="module")
def run_made(tmp_path_factory):
    out = tmp_path_factory.mktemp("made") / "run"
    assert run_main(["run", "historical", *TINY, "--out", str(out), "--quiet"]) == 0
    return out


@pytest.fixture
def batch(batch_made, tmp_path):
    """A fresh copy of the batch, to damage."""
    return Path(shutil.copytree(batch_made, tmp_path / "batch"))


@pytest.fixture
def run_folder(run_made, tmp_path):
    return Path(shutil.copytree(run_made, tmp_path / "run"))


def runs_of(batch: Path) -> list[str]:
    """The batch's run ids in the manifest's order (historical seeds 0 and 1, then no_closure's)."""
    return list(pd.read_csv(batch / "manifest.csv", dtype=str).run_id)


def truncate_to_half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def command(capsys, *args) -> tuple[int, str, str]:
    code = run_main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_refused(code: int, err: str, damaged: Path, *words: str) -> None:
    """Exit code 2 and one line on stderr: ``error: <path>: <what is wrong>``."""
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {damaged}: "), err
    for word in words:
        assert word in lines[0], err


def compare_and_validate(capsys, folder: Path, tmp_path: Path):
    """(exit code, stderr) of ``compare`` and of ``validate`` on ``folder``."""
    compared = command(capsys, "compare", folder, "--out", tmp_path / "compare")
    validated = command(capsys, "validate", folder, "--no-plots", "--out", tmp_path / "validation")
    return [(compared[0], compared[2]), (validated[0], validated[2])]


def _half_parquet(batch, run):
    truncate_to_half(path := batch / "runs" / run / "countries.parquet")
    return path, ("not a readable Parquet file",)


def _empty_parquet(batch, run):
    (path := batch / "runs" / run / "borders.parquet").write_bytes(b"")
    return path, ("empty",)


def _garbage_summary(batch, run):
    (path := batch / "runs" / run / "summary.json").write_text('{"scenario": "histor', encoding="utf-8")
    return path, ("not valid JSON",)


def _empty_summary(batch, run):
    (path := batch / "runs" / run / "summary.json").write_text("{}", encoding="utf-8")
    return path, ("empty JSON object", "seed")


def _summary_without_seed(batch, run):
    path = batch / "runs" / run / "summary.json"
    summary = json.loads(path.read_text(encoding="utf-8"))
    del summary["seed"]
    path.write_text(json.dumps(summary), encoding="utf-8")
    return path, ("has no seed",)


def _empty_manifest(batch, run):
    (path := batch / "manifest.csv").write_bytes(b"")
    return path, ("empty",)


def _binary_manifest(batch, run):
    (path := batch / "manifest.csv").write_bytes(b"\xff\xfe\x00\x89PNG" + bytes(range(256)) * 4)
    return path, ("not UTF-8",)


def _visits_over_countries(batch, run):
    shutil.copyfile(batch / "runs" / run / "visits.parquet", path := batch / "runs" / run / "countries.parquet")
    return path, ("columns of the visits table", "date, country, entered")


def _table_of_another_run(batch, run):
    other = runs_of(batch)[1]
    shutil.copyfile(batch / "runs" / other / "statuses.parquet", path := batch / "runs" / run / "statuses.parquet")
    return path, ("another run",)


BATCH_DAMAGES = {
    "half a parquet file": _half_parquet,
    "an empty parquet file": _empty_parquet,
    "garbage in summary.json": _garbage_summary,
    "{} in summary.json": _empty_summary,
    "summary.json without its seed": _summary_without_seed,
    "an empty manifest.csv": _empty_manifest,
    "a binary manifest.csv": _binary_manifest,
    "visits.parquet copied over countries.parquet": _visits_over_countries,
    "a table of another run": _table_of_another_run,
}


@pytest.mark.parametrize("damage", BATCH_DAMAGES.values(), ids=BATCH_DAMAGES.keys())
def test_a_damaged_batch_file_stops_compare_and_validate_with_one_line_naming_it(damage, batch, tmp_path, capsys):
    damaged, words = damage(batch, runs_of(batch)[0])
    for code, err in compare_and_validate(capsys, batch, tmp_path):
        assert_refused(code, err, damaged, *words)
    assert not (tmp_path / "validation").exists()


def _half_csv(folder):
    truncate_to_half(path := folder / "countries.csv")
    return path, ("truncated",)


def _csv_cut_after_a_line(folder):
    lines = (path := folder / "countries.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")  # a whole number of rows
    return path, ("ends on", "truncated")


def _visits_csv_over_countries(folder):
    shutil.copyfile(folder / "visits.csv", path := folder / "countries.csv")
    return path, ("columns of the visits table",)


def _a_date_that_is_not_one(folder):
    path = folder / "statuses.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2015-07-04", "2015-07-4x"), encoding="utf-8")
    return path, ("not a date",)


def _a_count_that_is_not_one(folder):
    path = folder / "borders.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[5].split(",")
    cells[2] = "lots"
    lines[5] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, ("line 6", "not a number")


def _empty_run_summary(folder):
    (path := folder / "summary.json").write_text("{}", encoding="utf-8")
    return path, ("empty JSON object",)


RUN_DAMAGES = {
    "countries.csv cut to half its bytes": _half_csv,
    "countries.csv cut after a line": _csv_cut_after_a_line,
    "visits.csv copied over countries.csv": _visits_csv_over_countries,
    "a date that is not one": _a_date_that_is_not_one,
    "a count that is not a number": _a_count_that_is_not_one,
    "{} in summary.json": _empty_run_summary,
}


@pytest.mark.parametrize("damage", RUN_DAMAGES.values(), ids=RUN_DAMAGES.keys())
def test_a_damaged_run_folder_stops_compare_and_validate_with_one_line_naming_it(damage, run_folder, tmp_path, capsys):
    damaged, words = damage(run_folder)
    for code, err in compare_and_validate(capsys, run_folder, tmp_path):
        assert_refused(code, err, damaged, *words)


def test_a_damaged_scenario_json_stops_compare(batch, tmp_path, capsys):
    (damaged := batch / "runs" / runs_of(batch)[2] / "scenario.json").write_text("[1, 2", encoding="utf-8")
    code, _, err = command(capsys, "compare", batch, "--out", tmp_path / "compare")
    assert_refused(code, err, damaged, "not valid JSON")


def test_validate_with_sources_that_do_not_exist_says_so_in_one_line(batch, capsys):
    code, _, err = command(capsys, "validate", batch, "--sources", "/nonexistent", "--no-plots")
    assert code == 2 and "Traceback" not in err
    assert err.strip().splitlines() == [err.strip()] and "/nonexistent" in err


@pytest.mark.parametrize(
    ("name", "damage"), [("validate", _half_parquet), ("compare", _empty_summary)], ids=["validate", "compare"]
)
def test_the_commands_own_process_prints_no_traceback(name, damage, batch, tmp_path):
    damaged, _ = damage(batch, runs_of(batch)[3])
    done = subprocess.run(
        [sys.executable, "run.py", name, str(batch), "--out", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and str(damaged) in done.stderr


def test_skip_damaged_validates_the_other_runs_and_lists_the_skipped(batch, tmp_path, capsys):
    runs = runs_of(batch)
    truncate_to_half(parquet := batch / "runs" / runs[0] / "countries.parquet")
    (summary := batch / "runs" / runs[3] / "summary.json").write_text("{}", encoding="utf-8")
    out = tmp_path / "validation"
    code, stdout, err = command(capsys, "validate", batch, "--no-plots", "--out", out, "--skip-damaged")
    assert code == 0, err
    assert "skipped 2 damaged runs" in err and str(parquet) in err and str(summary) in err
    assert "Traceback" not in err
    for group in ("historical", "no_closure"):  # one replicate of each is left
        assert json.loads((out / group / "metrics.json").read_text())["replicates"] == 1
        assert f"{group}: " in stdout


def test_skip_damaged_compares_the_other_runs_and_lists_the_skipped(batch, tmp_path, capsys):
    runs = runs_of(batch)
    shutil.copyfile(
        batch / "runs" / runs[2] / "visits.parquet", damaged := batch / "runs" / runs[2] / "borders.parquet"
    )
    code, _, err = command(capsys, "compare", batch, "--out", tmp_path / "compare", "--skip-damaged")
    assert code == 0, err
    assert "skipped 1 damaged run " in err and str(damaged) in err and "Traceback" not in err
    table = pd.read_csv(tmp_path / "compare" / "summary_table.csv", index_col="scenario")
    assert table.runs.to_dict() == {"historical": 2, "no_closure": 1}


def test_skip_damaged_reads_a_batch_with_a_damaged_manifest_from_its_runs(batch):
    (batch / "manifest.csv").write_bytes(b"")
    with pytest.warns(ResultsNote, match="manifest.csv is damaged"):
        data = load(batch, skip_damaged=True)
    assert len(data["summary"]) == 4
    assert list(data["skipped"].path) == [str(batch / "manifest.csv")]


def test_load_raises_one_exception_type_whose_message_is_one_line_naming_the_file(batch):
    run = runs_of(batch)[1]
    truncate_to_half(damaged := batch / "runs" / run / "visits.parquet")
    with pytest.raises(DamagedResults) as raised:
        load(batch)
    assert isinstance(raised.value, ValueError) and raised.value.path == damaged
    assert str(raised.value).startswith(f"{damaged}: ") and "\n" not in str(raised.value)
    data = load(batch, skip_damaged=True)
    assert len(data["summary"]) == 3 and run not in set(data["countries"].run_id)
    assert data["skipped"].to_dict("records") == [
        {"run_id": run, "path": str(damaged), "problem": "not a readable Parquet file (truncated?)"}
    ]


def test_a_batch_without_manifest_csv_is_read_from_its_runs_run_json(batch, batch_made, tmp_path, capsys):
    (batch / "manifest.csv").unlink()  # as after a kill -9 of the first invocation
    with pytest.warns(ResultsNote, match="no manifest.csv"):
        data = load(batch)
    intact = load(batch_made)
    assert list(data["summary"].run_id) == list(intact["summary"].run_id)  # the plan's order
    assert list(data["manifest"].columns) == list(intact["manifest"].columns)
    pd.testing.assert_frame_equal(data["countries"], intact["countries"])
    code, stdout, err = command(capsys, "validate", batch, "--no-plots", "--out", tmp_path / "validation")
    assert code == 0, err
    assert "note: " in err and "run.json" in err and "historical: " in stdout


def test_a_batch_killed_before_any_manifest_leaves_out_its_unfinished_runs(batch):
    runs = runs_of(batch)
    (batch / "manifest.csv").unlink()
    (batch / "runs" / runs[1] / "run.json").unlink()  # still being written when the batch was killed
    with pytest.warns(ResultsNote, match="3 finished runs of the 4 planned"):
        data = load(batch)
    assert list(data["summary"].run_id) == [runs[0], runs[2], runs[3]]


SENSITIVITY = [
    "sensitivity",
    "historical",
    "--method",
    "morris",
    "--n",
    "2",
    "--outputs",
    "peak_stranded",
    "--parameters",
    "migrants.asylum_log_odds_per_week,missions.awareness_cost_eur",
    "--replicates",
    "2",
    "--workers",
    "1",
    "--quiet",
    "--people-per-agent",
    "1000",
    "--set",
    "start_date=2016-02-20",
    "--set",
    "end_date=2016-04-10",
]


@pytest.fixture(scope="module")
def sensitivity_made(tmp_path_factory):
    out = tmp_path_factory.mktemp("made") / "sensitivity"
    assert run_main([*SENSITIVITY, "--out", str(out)]) == 0
    return out


def test_sensitivity_resume_stops_at_a_damaged_summary_or_skips_it(sensitivity_made, tmp_path, capsys):
    out = Path(shutil.copytree(sensitivity_made, tmp_path / "sensitivity"))
    run = json.loads(pd.read_csv(out / "samples.csv").run_ids[0])[0]
    (damaged := out / "runs" / run / "summary.json").write_text("not json", encoding="utf-8")
    code, _, err = command(capsys, *SENSITIVITY, "--out", out, "--resume")
    assert_refused(code, err, damaged, "not valid JSON", "--skip-damaged")
    code, stdout, err = command(capsys, *SENSITIVITY, "--out", out, "--resume", "--skip-damaged")
    assert code == 0, err
    assert "skipped 1 damaged run " in err and str(damaged) in err and "peak_stranded" in stdout
