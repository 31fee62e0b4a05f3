"""A batch killed outright (SIGKILL of its process alone) leaves no worker, fork server or tracker behind."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def _state(pid: int) -> str | None:
    """The process's state letter (R, S, Z, ...), or None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None


def _descendants(pid: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_killing_the_batch_process_leaves_no_process_behind(tmp_path):
    command = [sys.executable, "run.py", "batch", "historical", "--replicates", "8", "--people-per-agent", "200",
               "--workers", "2", "--out", str(tmp_path / "b"), "--quiet"]  # fmt: skip
    batch = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    children: set[int] = set()
    while time.monotonic() < deadline and len(children) < 4:  # tracker, fork server and two workers
        time.sleep(0.5)
        children = _descendants(batch.pid)
    assert len(children) >= 4, f"the batch started only {len(children)} processes"
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_state(p) not in (None, "Z") for p in children):
        time.sleep(0.25)
    left = {p: _state(p) for p in children if _state(p) not in (None, "Z")}
    assert not left, f"processes left running 10 s after the batch was killed: {left}"
