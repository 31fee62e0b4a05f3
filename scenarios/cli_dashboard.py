"""``python run.py dashboard``: the interactive dashboard (``app.py``) served by Solara on this machine."""

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
from pathlib import Path

HELP = "open the interactive dashboard in the browser (Mesa's Solara visualisation of app.py)"
DESCRIPTION = (
    "Serve the interactive dashboard (app.py) with `solara run` on 127.0.0.1 and print its address; "
    "open that address in a browser. Stop with Ctrl+C. Needs the viz extra: pip install -e '.[viz]'."
)
APP = Path(__file__).resolve().parent.parent / "app.py"
DEFAULT_PORT = 8765
# Solara reports usage to a third party and asks PyPI for a newer version at start; a local
# dashboard needs neither (both can still be turned on with the SOLARA_* variables).
QUIET_SOLARA = {"SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"}


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to serve on (default: {DEFAULT_PORT})")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 opens it to the network)",
    )


def command(host: str, port: int) -> list[str]:
    """The ``solara run`` command line serving ``app.py``."""
    return [sys.executable, "-m", "solara", "run", str(APP), "--host", host, "--port", str(port),
            "--no-open", "--no-check-version"]  # fmt: skip


def main(args) -> int:
    if importlib.util.find_spec("solara") is None:
        print("error: the dashboard needs Solara; install it with: pip install -e '.[viz]'", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"error: --port: expected a port number from 1 to 65535, got {args.port}", file=sys.stderr)
        return 2
    print(f"Dashboard: http://{args.host}:{args.port}  (starting; Ctrl+C to stop)", flush=True)
    env = {**QUIET_SOLARA, **os.environ}
    server = subprocess.Popen(command(args.host, args.port), env=env)
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
