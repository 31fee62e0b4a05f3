"""What keeps a batch folder whole: the record of what makes its runs comparable, and a lock.

``batch.json`` records the plan (scenarios, replicates, seed, every override including
``people_per_agent``, sweep or sample) and the model it ran (the project's version and a hash of the
model's code and data). ``--resume`` into a folder recorded with other settings or another model is
refused, since the runs on disk would mix with runs of another kind; ``--force`` sets the old folder
aside (renamed, nothing deleted) and starts anew. A lock beside the folder keeps two batch processes
from writing into it at once; it is released when its process ends, however it ends.
"""

import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from runs.store import StoreError

PACKAGE = "balkans-route"
MODEL_DIR = Path(__file__).resolve().parents[1] / "model"
# the plan's keys that decide which runs a batch holds; other keys (the time it was made) may differ
COMPARABLE = ("scenarios", "replicates", "seed", "overrides", "sweep", "sample", "posterior", "sensitivity", "model")


@cache
def model_fingerprint() -> dict:
    """The project's version and a hash of every file of the model's code and data."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for path in sorted(p for p in MODEL_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(MODEL_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        project = version(PACKAGE)
    except PackageNotFoundError:
        project = "unknown"
    return {"version": project, "code": digest.hexdigest()[:16]}


def identity(plan: dict) -> dict:
    """The comparable part of a batch's plan, with the model that runs it."""
    return {k: v for k, v in {**plan, "model": model_fingerprint()}.items() if k in COMPARABLE}


def recorded_identity(out: Path) -> dict | None:
    """The identity ``batch.json`` records (None for a folder that holds no batch)."""
    path = out / "batch.json"
    if not path.exists():
        return None
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: not a readable batch record ({exc}); use --force to start anew") from None
    if not isinstance(recorded, dict):
        raise StoreError(f"{path}: not a batch record (expected a JSON object); use --force to start anew")
    return {k: v for k, v in recorded.items() if k in COMPARABLE}


def differences(recorded: dict, wanted: dict) -> list[str]:
    """Readable differences between two identities, e.g. ``overrides (recorded {...}, now {...})``."""
    out = []
    for key in COMPARABLE:
        a, b = (
            json.loads(json.dumps(recorded.get(key), default=str)),
            json.loads(json.dumps(wanted.get(key), default=str)),
        )
        if a != b:
            what = "the model's code or data" if key == "model" else key
            out.append(f"{what} (recorded {json.dumps(a)[:80]}, now {json.dumps(b)[:80]})")
    return out


def set_aside(out: Path) -> Path:
    """Rename ``out`` to ``<out>.old-<time>`` so a new batch can start there; returns the new name."""
    aside = out.with_name(f"{out.name}.old-{datetime.now(UTC):%Y%m%dT%H%M%S}")
    os.replace(out, aside)
    return aside


@contextmanager
def locked(out: Path):
    """Hold ``.<name>.lock`` beside the batch folder for as long as the batch writes into it."""
    lock_path = out.with_name(f".{out.name}.lock")
    handle = open(lock_path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the lock's lifetime
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            message = f"{out}: another batch ({holder}) is writing into it; wait for it or choose another --out"
            raise StoreError(message) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock; a killed process's lock goes with it
