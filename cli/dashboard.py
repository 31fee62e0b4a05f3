"""``python run.py dashboard``: the interactive dashboard (``app.py``) served by Solara on this machine."""

import argparse
import importlib.util
import os
import sys

HELP = "open the interactive dashboard in the browser (Mesa's Solara visualisation of app.py)"
DESCRIPTION = (
    "Serve the interactive dashboard (app.py) with `solara run` on 127.0.0.1 and print its address; "
    "open that address in a browser. Stop with Ctrl+C. Needs the viz extra: pip install -e '.[viz]'."
)
DEFAULT_PORT = 8765


def add_arguments(p: argparse.ArgumentParser):
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to serve on (default: {DEFAULT_PORT})")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 opens it to the network)",
    )


def main(args) -> int:
    if importlib.util.find_spec("solara") is None:
        print("error: the dashboard needs Solara; install it with: pip install -e '.[viz]'", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"error: --port: expected a port number from 1 to 65535, got {args.port}", file=sys.stderr)
        return 2
    from dashboard.server import serve

    print(f"Dashboard: http://{args.host}:{args.port}  (starting; Ctrl+C to stop)", flush=True)
    return serve(args.host, args.port, dict(os.environ))
