"""Tasks run in this process or on a pool, yielded as they finish, with Ctrl-C taken between results.

Batches and calibration both run their work through :func:`finished`, so an interrupted one keeps
everything already written and leaves no worker behind.
"""

import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, as_completed
from contextlib import contextmanager


def finished(
    tasks: list[tuple[object, tuple]], executor: Executor | None, run: Callable
) -> Iterator[tuple[object, dict]]:
    """``(tag, run(*args))`` for each task as it finishes: in this process, or on ``executor``."""
    if executor is None:
        for tag, args in tasks:
            yield tag, run(*args)
        return
    with _interrupt_between_results() as interrupted:
        futures = {executor.submit(run, *args): tag for tag, args in tasks}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
                if interrupted:
                    raise KeyboardInterrupt
        except BaseException:
            for future in futures:  # interrupted: what finished is on disk; drop what has not started
                future.cancel()
            if interrupted:  # a Ctrl-C reaches the workers too, which may fail first
                raise KeyboardInterrupt from None
            raise


@contextmanager
def _interrupt_between_results():
    """Hold a Ctrl-C until the next result is in (a second one interrupts at once).

    A KeyboardInterrupt inside the process pool's own code (a worker being started, a task being
    queued) can leave a worker nobody joins, and the program hangs on exit."""
    interrupted: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield interrupted
        return

    def hold(signum, frame):
        interrupted.append(signum)
        signal.signal(signal.SIGINT, previous)

    previous = signal.signal(signal.SIGINT, hold)
    try:
        yield interrupted
    finally:
        signal.signal(signal.SIGINT, previous)
    if interrupted:  # a Ctrl-C after the last result
        raise KeyboardInterrupt
