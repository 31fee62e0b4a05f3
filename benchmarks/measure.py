"""Measuring helpers shared by the benchmarks: one child process per measurement, phase clocks.

Each measurement runs in a fresh child process (the same script with a child flag), so its peak
resident memory is its own: the child reports ``ru_maxrss`` of itself as one JSON line on stdout.
"""

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports ru_maxrss in kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux), to tell imports apart from the work."""
    with open("/proc/self/statm", encoding="utf-8") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def report(result: dict) -> None:
    """Child side: print ``result`` with this process's peak memory as the last line of stdout."""
    print(json.dumps(result | {"peak_rss_mb": peak_rss_mb(), "python": platform.python_version()}), flush=True)


def in_child(argv: list[str], python: str | None = None) -> dict:
    """Run ``python argv...`` and return the JSON line it printed last; raise with its stderr tail
    if it failed."""
    done = subprocess.run([python or sys.executable, *argv], capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"child {argv} exited with {done.returncode}:\n{tail}")
    return json.loads(lines[-1])


def median_of(results: list[dict]) -> dict:
    """The run with the median wall time (its own figures, not a mix of runs), and the spread."""
    ordered = sorted(results, key=lambda r: r["wall_s"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    chosen["walls_s"] = [round(r["wall_s"], 2) for r in results]
    chosen["wall_median_s"] = statistics.median(r["wall_s"] for r in results)
    return chosen


def machine() -> str:
    """Cores, CPU model and Python version: the figures mean little without them."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()} ({sys.executable})"


class PhaseClock:
    """Exclusive time per label: time spent in a wrapped call nested inside another wrapped call
    counts for the inner label only."""

    def __init__(self):
        self.spent = defaultdict(float)
        self._inner = []  # per open call, the time taken by wrapped calls nested inside it

    def wrap(self, fn, label: str):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            self._inner.append(0.0)
            try:
                return fn(*args, **kwargs)
            finally:
                total = time.perf_counter() - started
                self.spent[label] += total - self._inner.pop()
                if self._inner:
                    self._inner[-1] += total

        return timed
