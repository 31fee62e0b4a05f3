"""Interactive dashboard of the Balkans route simulation (Mesa's Solara visualisation).

    solara run app.py            or            python run.py dashboard [--port 8765]

Watch the route open and close day by day on a map of the real places, with charts of crossings,
stranded people, smuggling and victims, and the OSCE missions' monitoring visits; change the
scenario, seed and the parameters a what-if study turns most, and press Reset to run it again.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # `solara run` from elsewhere finds the packages

from dashboard.page import Page, let_mesa_release_models  # noqa: E402, F401  (Solara serves Page: a model per session)

let_mesa_release_models()  # a closed session's models are freed, not kept by Mesa for good
