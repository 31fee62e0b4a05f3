"""Result folders never mix runs: a run replaces its folder whole, a batch folder keeps one kind of run
and one writer, and every record is strict JSON."""

import json
import math

import pytest

from model.model import RouteModel
from runs import batch_folder, plan_runs, run_batch
from runs import runner as runner_module
from runs.batch_folder import locked
from runs.runner import write_run
from runs.store import StoreError, write_json
from scenarios.loader import load_scenario

TINY = {"people_per_agent": 1000, "start_date": "2015-08-15", "end_date": "2015-09-30"}


def _model(seed: int) -> RouteModel:
    return RouteModel(load_scenario("historical", TINY), seed=seed).run()


def _files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_run_that_fails_part_way_leaves_the_previous_run_whole(tmp_path, monkeypatch):
    out = tmp_path / "run"
    write_run(_model(1), out)
    before = _files(out)

    def half(tables, folder, **kwargs):  # the disk fills after the first table
        (folder / "countries.csv").write_text("date,country\n", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runner_module, "write_tables", half)
    with pytest.raises(StoreError, match="No space left on device"):
        write_run(_model(2), out)
    assert _files(out) == before  # seed 1's tables and summary, all of them, and nothing of seed 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no work folder left behind


def test_a_new_run_replaces_every_file_of_the_old_one(tmp_path):
    out = tmp_path / "run"
    write_run(_model(1), out)
    (out / "plots").mkdir()
    (out / "plots" / "stale.png").write_bytes(b"old")
    write_run(_model(2), out)
    assert json.loads((out / "summary.json").read_text())["seed"] == 2
    assert not (out / "plots").exists()  # the old run's figures went with it


def test_a_run_will_not_replace_a_folder_holding_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="notes.txt"):
        write_run(_model(1), tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def _runs(people_per_agent=1000):
    return plan_runs(["historical"], replicates=1, seed=3, overrides={**TINY, "people_per_agent": people_per_agent})


def test_resume_with_another_people_per_agent_is_refused_and_force_starts_anew(tmp_path):
    out = tmp_path / "b"
    run_batch(_runs(1000), out)
    with pytest.raises(StoreError, match="people_per_agent"):
        run_batch(_runs(500), out, resume=True)
    manifest = run_batch(_runs(500), out, resume=True, force=True)
    assert (manifest.status == "ok").all() and len(manifest) == 1
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("b.old-")]
    assert len(aside) == 1 and (aside[0] / "manifest.csv").exists()  # the old batch kept, renamed


def test_resume_after_a_change_to_the_model_is_refused(tmp_path, monkeypatch):
    out = tmp_path / "b"
    run_batch(_runs(), out)
    changed = {**batch_folder.model_fingerprint(), "code": "0123456789abcdef"}
    monkeypatch.setattr(batch_folder, "model_fingerprint", lambda: changed)
    with pytest.raises(StoreError, match="the model's code or data"):
        run_batch(_runs(), out, resume=True)


def test_the_manifest_records_the_model_each_run_ran(tmp_path):
    manifest = run_batch(_runs(), tmp_path / "b")
    versions = json.loads(manifest.versions.iloc[0])
    assert versions["model"] == batch_folder.model_fingerprint()
    assert json.loads((tmp_path / "b" / "batch.json").read_text())["overrides"]["people_per_agent"] == 1000


def test_a_second_batch_into_a_folder_being_written_is_refused(tmp_path):
    out = tmp_path / "b"
    out.mkdir()
    with locked(out), pytest.raises(StoreError, match="another batch"):
        run_batch(_runs(), out)
    assert not (out / "batch.json").exists()


def test_records_are_strict_json_with_null_for_what_could_not_be_computed(tmp_path):
    write_json(tmp_path / "m.json", {"mre": math.nan, "spread": [1.0, math.inf], "ok": 0.5})

    def refuse(constant):
        raise ValueError(constant)

    assert json.loads((tmp_path / "m.json").read_text(), parse_constant=refuse) == {
        "mre": None,
        "spread": [1.0, None],
        "ok": 0.5,
    }
