"""Batches: the same results on any executor, safe on disk, resumable after a kill, failures reported."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import load
from runs import plan_runs, run_batch
from runs.plan import declared_ranges, latin_hypercube

ROOT = Path(__file__).parents[2]
TINY = {"people_per_agent": 1000, "start_date": "2015-08-15", "end_date": "2015-11-30"}


def _tiny_runs(replicates=2):
    return plan_runs(
        ["historical"],
        replicates=replicates,
        seed=5,
        overrides=TINY,
        sweeps={"migrants.smuggler_price_eur": [300, 900]},
    )


def _tables(folder) -> dict:
    data = load(folder)
    return {
        name: data[name]
        .sort_values(["run_id", *[c for c in ("date", "border", "country", "mission") if c in data[name]]])
        .reset_index(drop=True)
        for name in ("countries", "borders", "missions", "statuses")
    }


def _assert_same(a: dict, b: dict):
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_run_ids_are_stable_and_distinct():
    first, second = _tiny_runs(), _tiny_runs()
    assert [r.run_id for r in first] == [r.run_id for r in second]
    assert len({r.run_id for r in first}) == 4


def test_latin_hypercube_points_stay_in_the_declared_ranges():
    ranges = declared_ranges()
    points = latin_hypercube("lhs:20:migrants.smuggler_price_eur,missions.training_effect", seed=1)
    assert len(points) == 20
    for point in points:
        for key, value in point.items():
            low, high, _ = ranges[key]
            assert low <= value <= high


@pytest.mark.slow
def test_the_same_batch_gives_identical_results_on_1_and_2_workers_and_a_dask_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    runs = _tiny_runs()
    run_batch(runs, tmp_path / "one", workers=1)
    run_batch(runs, tmp_path / "two", workers=2)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        manifest = run_batch(runs, tmp_path / "dask", executor=client.get_executor())
        cli = subprocess.run(
            [
                sys.executable,
                "run.py",
                "batch",
                "historical",
                "--replicates",
                "2",
                "--seed",
                "5",
                "--quiet",
                "--sweep",
                "migrants.smuggler_price_eur=300,900",
                "--scheduler",
                cluster.scheduler_address,
                "--out",
                str(tmp_path / "cli"),
            ]
            + [f"--set={k}={v}" for k, v in TINY.items()],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert cli.returncode == 0, cli.stderr
    assert (manifest.status == "ok").all()
    one = _tables(tmp_path / "one")
    _assert_same(one, _tables(tmp_path / "two"))
    _assert_same(one, _tables(tmp_path / "dask"))
    _assert_same(one, _tables(tmp_path / "cli"))
    assert one["borders"].run_id.nunique() == 4


def test_a_failing_run_is_recorded_and_the_others_go_on(tmp_path):
    good = tmp_path / "good.yaml"
    doomed = tmp_path / "doomed.yaml"
    for path in (good, doomed):
        path.write_text(f"name: {path.stem}\nextends: historical\n", encoding="utf-8")
    runs = plan_runs([str(good), str(doomed)], replicates=2, seed=1, overrides=TINY)
    doomed.unlink()  # the file vanishes after planning: its runs fail when they load it
    manifest = run_batch(runs, tmp_path / "batch", workers=2)
    assert list(manifest.status) == ["ok", "ok", "failed", "failed"]
    assert manifest[manifest.status == "failed"].error.str.contains("no such scenario file").all()
    assert len(load(tmp_path / "batch")["summary"]) == 2
    # the manifest names each run's scenario by its name, not by the file it was read from
    assert list(manifest.scenario) == ["good", "good", "doomed", "doomed"]


def test_an_existing_batch_folder_needs_resume(tmp_path):
    runs = _tiny_runs(replicates=1)[:1]
    run_batch(runs, tmp_path)
    with pytest.raises(FileExistsError):
        run_batch(runs, tmp_path)
    assert (run_batch(runs, tmp_path, resume=True).status == "ok").all()


def test_resume_clears_the_work_folder_of_a_run_killed_mid_write(tmp_path):
    runs = _tiny_runs(replicates=1)[:1]
    run_batch(runs, tmp_path)
    stale = tmp_path / "runs" / f".tmp-{runs[0].run_id}-999999"  # its worker's pid is gone
    stale.mkdir()
    (stale / "countries.parquet").write_bytes(b"half")
    run_batch(runs, tmp_path, resume=True)
    assert not stale.exists()


@pytest.mark.slow
def test_a_batch_killed_part_way_resumes_to_exactly_the_uninterrupted_results(tmp_path):
    command = [
        sys.executable,
        "run.py",
        "batch",
        "historical",
        "--replicates",
        "6",
        "--seed",
        "11",
        "--workers",
        "2",
        "--people-per-agent",
        "1000",
        "--set",
        "end_date=2015-12-31",
        "--quiet",
    ]
    killed = tmp_path / "killed"
    proc = subprocess.Popen(
        [*command, "--out", str(killed)],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while len(list(killed.glob("runs/*/run.json"))) < 2 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = {p.parent.name: p.stat().st_mtime_ns for p in killed.glob("runs/*/run.json")}
    assert 2 <= len(finished) < 6, "the kill should land part-way"

    resumed = subprocess.run([*command, "--out", str(killed), "--resume"], cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    for run_id, mtime in finished.items():
        assert (killed / "runs" / run_id / "run.json").stat().st_mtime_ns == mtime  # not recomputed
    assert not list(killed.glob("runs/.tmp-*"))

    whole = tmp_path / "whole"
    subprocess.run([*command, "--out", str(whole)], cwd=ROOT, check=True, capture_output=True)
    _assert_same(_tables(killed), _tables(whole))


@pytest.mark.slow
def test_ctrl_c_stops_a_batch_between_runs_and_keeps_what_finished(tmp_path):
    out = tmp_path / "b"
    command = [sys.executable, "run.py", "batch", "historical", "--replicates", "12", "--seed", "3", "--workers", "2"]
    options = ["--people-per-agent", "1000", "--set", "end_date=2015-10-31", "--quiet", "--out", str(out)]
    proc = subprocess.Popen([*command, *options], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not list(out.glob("runs/*/run.json")) and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)  # to the parent only, as a terminal's Ctrl-C would reach it first
    _, stderr = proc.communicate(timeout=120)  # held until the next result, then out: no hung worker
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "--resume" in stderr
    manifest = pd.read_csv(out / "manifest.csv")
    done = set(manifest.run_id[manifest.status == "ok"])
    assert 1 <= len(done) < 12
    assert done == {p.parent.name for p in out.glob("runs/*/run.json")}
