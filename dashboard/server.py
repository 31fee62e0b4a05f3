"""Serving the dashboard (``app.py``) with ``solara run`` on this machine, as a child process.

The dashboard runs offline: the browser talks to this server only. ``--production`` turns off
Solara's development extras, among them the hidden usage-check iframes the page would otherwise load
from solara.dev on a machine's first visit; the page's JavaScript, styles and fonts come from the
local ``solara-assets`` package through the server's ``/_solara/cdn`` route.

Each browser tab gets its own Solara kernel, holding its own model and figures. A tab that closes
cleanly tells the server (a close beacon on unload) and its kernel goes at once; a tab whose
websocket just drops (a closed or crashed browser, a killed tab, a lost beacon) leaves its kernel
waiting for a reconnect, which Solara keeps for 24 hours by default. ``KERNEL_CULL_TIMEOUT_S`` bounds
that wait: on the loopback a live page reconnects in a second or two, so half a minute is ample.
"""

import signal
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
DEFAULT_PORT = 8765
KERNEL_CULL_TIMEOUT_S = 30  # a disconnected tab's kernel (and model) is dropped this long after it left
# Solara's settings for a local dashboard (each can still be changed with its SOLARA_* variable): no
# usage reports to a third party, and kernels of closed tabs released within KERNEL_CULL_TIMEOUT_S.
SOLARA_ENV = {
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    "SOLARA_KERNEL_CULL_TIMEOUT": f"{KERNEL_CULL_TIMEOUT_S}s",
}


def command(host: str, port: int) -> list[str]:
    """The ``solara run`` command line serving ``app.py``: production mode, no version check on PyPI."""
    return [sys.executable, "-m", "solara", "run", str(APP), "--host", host, "--port", str(port),
            "--production", "--no-open", "--no-check-version"]  # fmt: skip


def serve(host: str, port: int, env: dict) -> int:
    """Run the server until it exits or this process is interrupted or terminated; its exit code."""
    server = subprocess.Popen(command(host, port), env={**SOLARA_ENV, **env})
    signal.signal(signal.SIGTERM, _interrupt)  # a terminated command takes its server with it
    try:
        return server.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)


def _interrupt(signum, frame):
    raise KeyboardInterrupt
