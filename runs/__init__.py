"""Running scenarios: one run, plans of many, batch executors on a pool or a cluster, the result store."""

from runs.batch import run_batch
from runs.plan import RunSpec, plan_runs
from runs.runner import simulate, write_run

__all__ = ["RunSpec", "plan_runs", "run_batch", "simulate", "write_run"]
