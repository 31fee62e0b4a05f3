"""Serving the dashboard (``app.py``) with ``solara run`` on this machine, as a child process."""

import signal
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
DEFAULT_PORT = 8765
# Solara reports usage to a third party and asks PyPI for a newer version at start; a local
# dashboard needs neither (both can still be turned on with the SOLARA_* variables).
QUIET_SOLARA = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}


def command(host: str, port: int) -> list[str]:
    """The ``solara run`` command line serving ``app.py``."""
    return [sys.executable, "-m", "solara", "run", str(APP), "--host", host, "--port", str(port),
            "--no-open", "--no-check-version"]  # fmt: skip


def serve(host: str, port: int, env: dict) -> int:
    """Run the server until it exits or this process is interrupted or terminated; its exit code."""
    server = subprocess.Popen(command(host, port), env={**QUIET_SOLARA, **env})
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
