"""A local search for calibration (``calibrate --method local``): a coordinate pattern search from the
scenario's own values.

TPE (:func:`analysis.calibration.search`) samples the whole declared ranges, which over thirty
parameters takes thousands of trials to beat a good start. Once a fit is close, this search refines it:
it tries each parameter in turn one step up and one step down its grid (the two trials of a round run
side by side), moves to the better one if it scores lower than where it stands, and halves that
parameter's step if neither does; it stops at the number of trials, or when every step is one grid
point and a whole pass over the parameters found nothing better (a local minimum of the noisy score).
Every proposal follows from the scores before it, so the same arguments give the same trials whatever
the number of workers, and a resumed search replays the recorded trials instead of running them.
"""

from collections.abc import Callable
from concurrent.futures import Executor

from analysis.calibration_trials import SCORE, TrialLog, evaluate, trial_row
from runs.pool import finished

FIRST_STEP_SHARE = 8  # a parameter's first step is an eighth of its grid


def search_local(
    space: list,
    n_trials: int,
    seed: int,
    objective: str,
    trial_task: Callable[[dict], tuple],
    log: TrialLog,
    executor: Executor | None = None,
    extra: list[tuple[object, tuple]] = (),
    on_result: Callable[[object, dict], None] = lambda tag, result: None,
    first: dict | None = None,
) -> None:
    """Run trials until ``n_trials`` are in ``log`` or the search has converged (arguments as
    :func:`analysis.calibration.search`; ``seed`` is unused, the search has no randomness of its own)."""
    extra = list(extra)
    start = {d.key: min(max(d.index(first[d.key]), 0), d.count - 1) for d in space} if first else None
    current = start or {d.key: (d.count - 1) // 2 for d in space}
    step = {d.key: max(1, d.count // FIRST_STEP_SHARE) for d in space}
    number = 0

    def run(proposals: list[dict]) -> list[float | None]:
        """Score ``proposals`` (grid indices) as trials ``number``, ``number + 1``, ...; recorded ones are
        read from the log. Returns their scores (None for a failed trial)."""
        nonlocal number, extra
        numbered = list(enumerate(proposals, start=number))
        number += len(proposals)
        values = {n: {d.key: d.value(p[d.key]) for d in space} for n, p in numbered}
        tasks = [(n, trial_task(values[n])) for n, _ in numbered if not _recorded(log, n, values[n])]
        for tag, result in finished(extra + tasks, executor, evaluate):
            if isinstance(tag, int):
                log.append(trial_row(tag, values[tag], result, objective))
            on_result(tag, result)
        extra = []
        log.rewrite()
        return [log.rows[n][SCORE] if log.rows[n]["status"] == "ok" else None for n, _ in numbered]

    (best,) = run([current])
    best = best if best is not None else float("inf")
    while number < n_trials:
        improved = False
        for d in space:
            if number >= n_trials:
                break
            proposals = []
            for sign in (1, -1):
                index = min(max(current[d.key] + sign * step[d.key], 0), d.count - 1)
                if index != current[d.key]:
                    proposals.append({**current, d.key: index})
            proposals = proposals[: n_trials - number]
            if not proposals:
                continue
            scores = run(proposals)
            scored = [(s, i) for i, s in enumerate(scores) if s is not None]
            if scored and min(scored)[0] < best:
                best, i = min(scored)
                current = proposals[i]
                improved = True
            else:
                step[d.key] = max(1, step[d.key] // 2)
        if not improved and all(s == 1 for s in step.values()):
            break
    for tag, result in finished(extra, executor, evaluate):  # nothing was run: the baseline alone
        on_result(tag, result)


def _recorded(log: TrialLog, number: int, values: dict) -> bool:
    row = log.rows.get(number)
    return row is not None and all(row[k] == v for k, v in values.items())
