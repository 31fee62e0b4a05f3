"""Batches of runs on a local process pool or a Dask cluster, written to disk as each run ends.

Layout of a batch folder::

    batch.json               the plan: scenarios, replicates, seed, overrides, sweep or sample
    manifest.csv             one row per run: id, scenario, point, parameters (the run's overrides),
                             seed, posterior draw (if any), status, error, duration, package versions
    posterior_draws.csv      with ``--posterior``: each draw's particle, seeds and parameter values
    runs/<run_id>/           countries, borders, missions, visits, statuses (.parquet), summary.json,
                             scenario.json (every parameter and event the run used), and run.json,
                             written last: its presence means the run is complete

Each run is executed by a worker that writes its own files (into a temporary folder renamed into
place), so the parent process never holds results in memory, a killed batch loses only the runs in
flight, and ``resume`` skips every run already on disk. Any ``concurrent.futures.Executor`` can run
the batch; the default is a local process pool.
"""

import json
import os
import shutil
import time
import traceback
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from runs.batch_folder import differences, identity, locked, model_fingerprint, recorded_identity, set_aside
from runs.plan import RunSpec, point_text
from runs.pool import finished
from runs.store import (
    MANIFEST_COLUMNS,
    StoreError,
    atomic_write_text,
    package_versions,
    writable_folder,
    write_csv,
    write_json,
    write_tables,
)


def execute_run(spec: RunSpec, out: str) -> dict:
    """Run one simulation and write its tables (in a worker). Never raises: a failure is recorded."""
    from model.summary import summarize
    from runs.runner import simulate, tables
    from scenarios.loader import load_scenario

    started = time.perf_counter()
    final = Path(out) / "runs" / spec.run_id
    work = final.with_name(f".tmp-{spec.run_id}-{os.getpid()}")
    entry = {
        "run_id": spec.run_id,
        "scenario": spec.label,
        "point": point_text(spec.point),
        "parameters": json.dumps(spec.overrides, sort_keys=True, default=str),
        "seed": spec.seed,
        "draw": spec.draw,
        "versions": json.dumps({**package_versions(), "model": model_fingerprint()}),
    }
    try:
        scenario = load_scenario(spec.scenario, spec.overrides)
        model = simulate(scenario, spec.seed)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        labelled = tables(model)
        for frame in labelled.values():
            frame.insert(0, "seed", spec.seed)
            frame.insert(0, "scenario", scenario.name)
            frame.insert(0, "run_id", spec.run_id)
        write_tables(labelled, work, parquet=True)
        write_json(work / "summary.json", summarize(model))
        atomic_write_text(work / "scenario.json", scenario.model_dump_json(indent=2) + "\n")
        entry.update(status="ok", error="", duration_s=round(time.perf_counter() - started, 3))
    except Exception as exc:  # a failed run is recorded and the batch goes on
        last = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" at {Path(last.filename).name}:{last.lineno}" if last else ""
        entry.update(
            status="failed",
            error=f"{type(exc).__name__}: {exc}{where}"[:1000],
            duration_s=round(time.perf_counter() - started, 3),
        )
    try:
        work.mkdir(parents=True, exist_ok=True)
        write_json(work / "run.json", entry)
        shutil.rmtree(final, ignore_errors=True)
        os.replace(work, final)
    except OSError as exc:  # the folder cannot be written (full, read-only): the manifest still says why
        shutil.rmtree(work, ignore_errors=True)
        entry.update(status="failed", error=f"{entry['error']}; not written: {exc}"[:1000].lstrip("; "))
    return entry


def completed_runs(out: Path) -> dict[str, dict]:
    """Runs on disk that finished (``run.json`` present), by id."""
    done = {}
    for marker in (out / "runs").glob("*/run.json"):
        try:
            entry = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        done[entry["run_id"]] = entry
    return done


def write_manifest(out: Path, planned: list[RunSpec], unwritten: dict[str, dict] | None = None) -> pd.DataFrame:
    """``manifest.csv``: one row per planned run, with its status (``pending`` if not on disk);
    ``unwritten`` holds the records of runs whose folder could not be written."""
    done = {**(unwritten or {}), **completed_runs(out)}
    rows = []
    for spec in planned:
        entry = done.get(spec.run_id) or {
            "run_id": spec.run_id,
            "scenario": spec.label,
            "point": point_text(spec.point),
            "parameters": json.dumps(spec.overrides, sort_keys=True, default=str),
            "seed": spec.seed,
            "draw": spec.draw,
            "status": "pending",
            "error": "",
            "duration_s": None,
            "versions": "",
        }
        rows.append(entry)
    manifest = pd.DataFrame(
        rows,
        columns=list(MANIFEST_COLUMNS),
    )
    manifest["draw"] = manifest["draw"].astype("Int64")  # blank where the batch draws no posterior
    write_csv(out / "manifest.csv", manifest, index=False)
    return manifest


def default_executor(workers: int) -> Executor:
    """A local process pool. Workers start from a fork server with the model preloaded, so the
    parent's start method is left alone and workers start fast."""
    import multiprocessing as mp

    context = mp.get_context("forkserver")
    context.set_forkserver_preload(["model.model", "runs.batch"])
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=watch_parent, initargs=(os.getpid(),)
    )


def watch_parent(parent: int, every_s: float = 1.0) -> None:
    """In a worker: exit as soon as the batch's process ``parent`` is gone (killed with SIGKILL, say),
    so no worker is left behind. The workers' own parent is the fork server, so the operating
    system's parent-death signal would not reach them."""
    import threading

    def watch():
        while True:
            time.sleep(every_s)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # the pid now belongs to someone else's process: ours is gone
                os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


@contextmanager
def cluster_executor(address: str | None):
    """An executor on the Dask scheduler at ``address`` (None: no executor), closed afterwards."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise ImportError("--scheduler needs Dask: pip install -e '.[dask]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise StoreError(f"--scheduler {address}: no Dask scheduler answered ({exc})"[:300]) from None
    try:
        yield client.get_executor()
    finally:
        client.close()


CONNECT_TIMEOUT_S = 10  # a scheduler that does not answer within this is reported, not waited for


def run_batch(
    runs: list[RunSpec],
    out: str | Path,
    *,
    workers: int = 1,
    executor: Executor | None = None,
    resume: bool = False,
    force: bool = False,
    plan: dict | None = None,
    progress: bool = False,
    tables: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Run ``runs`` and write them under ``out``; returns the manifest (a DataFrame).

    ``executor`` may be any ``concurrent.futures.Executor`` (e.g. ``distributed.Client(...).get_executor()``);
    without one, a local process pool of ``workers`` (1 = run in this process). With ``resume``,
    runs already complete on disk are skipped; without it, an existing batch folder is an error. A
    folder recorded with another plan or model is refused, or with ``force`` set aside (renamed) and
    started anew (:mod:`runs.batch_folder`). ``tables`` (file name -> frame) are written into ``out`` as CSV
    beside ``batch.json`` (the posterior draws of a posterior-predictive batch)."""
    out = writable_folder(Path(out), kind="batch folder")
    plan = {"overrides": _common_overrides(runs), **(plan or {})}
    wanted = identity(plan)
    with locked(out):
        recorded = recorded_identity(out)
        if recorded is not None and not (resume or force):
            raise FileExistsError(f"{out} already holds a batch; add --resume to finish it, or choose another --out")
        changed = differences(recorded, wanted) if recorded is not None else []
        if changed and not force:
            raise StoreError(
                f"{out}: made with other settings than these ({'; '.join(changed)}); --resume would mix two kinds "
                "of run. Use the same settings, another --out, or --force to set the old folder aside"
            )
        if recorded is not None and force and (changed or not resume):
            aside = set_aside(out)
            out = writable_folder(out, kind="batch folder")
            plan["set_aside"] = str(aside)
        for name, frame in (tables or {}).items():
            write_csv(out / name, frame, index=False)
        return _run_locked(runs, out, workers, executor, resume and not plan.get("set_aside"), plan, progress)


def _common_overrides(runs: list[RunSpec]) -> dict:
    """The overrides every run of the batch shares (``people_per_agent`` and ``--set``)."""
    if not runs:
        return {}
    first = json.dumps(runs[0].overrides, sort_keys=True, default=str)
    same = all(json.dumps(r.overrides, sort_keys=True, default=str) == first for r in runs)
    return runs[0].overrides if same else {"by_run": "see manifest.csv"}


def _run_locked(runs, out: Path, workers, executor, resume: bool, plan: dict, progress: bool) -> pd.DataFrame:
    (out / "runs").mkdir(parents=True, exist_ok=True)
    write_json(
        out / "batch.json",
        {
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "runs": len(runs),
            **plan,
            "model": model_fingerprint(),
            "versions": package_versions(),
        },
    )
    done = {k for k, v in completed_runs(out).items() if v["status"] == "ok"} if resume else set()
    if resume:  # work folders of runs killed mid-write: their pid is gone, so nothing would ever rename them
        for stale in (out / "runs").glob(".tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
    todo = [r for r in runs if r.run_id not in done]
    failed, unwritten = 0, {}
    try:
        with ExitStack() as stack:
            bar = None
            if progress:
                from tqdm import tqdm

                bar = stack.enter_context(
                    tqdm(total=len(runs), initial=len(runs) - len(todo), unit="run", desc="batch")
                )
            pool = (
                None
                if executor is None and workers <= 1
                else executor or stack.enter_context(default_executor(workers))
            )
            for _, entry in finished([(spec.run_id, (spec, str(out))) for spec in todo], pool, execute_run):
                failed += entry["status"] != "ok"
                if "not written" in entry.get("error", ""):
                    unwritten[entry["run_id"]] = entry
                if bar is not None:
                    bar.set_postfix(failed=failed)
                    bar.update(1)
    finally:  # after the pool has shut down, so runs that were already running are listed too
        manifest = write_manifest(out, runs, unwritten)
    return manifest
