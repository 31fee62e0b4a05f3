"""How ``run.py dashboard`` starts Solara, and the page's model per session, without a server or browser.

The browser test (``test_dashboard_browser.py``) checks the same end to end; these run in a second.
"""

import pytest

from dashboard import server


def test_solara_runs_in_production_mode_without_a_version_check_or_opening_a_browser():
    cmd = server.command("127.0.0.1", 8765)
    assert cmd[1:5] == ["-m", "solara", "run", str(server.APP)]
    assert {"--production", "--no-check-version", "--no-open"} <= set(cmd)
    assert cmd[cmd.index("--host") + 1] == "127.0.0.1" and cmd[cmd.index("--port") + 1] == "8765"


def test_solara_reports_no_usage_and_drops_a_closed_page_kernel_within_the_cull_timeout():
    parse_timedelta = pytest.importorskip("solara.util", reason="no Solara: pip install -e '.[viz]'").parse_timedelta
    assert server.SOLARA_ENV["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    seconds = parse_timedelta(server.SOLARA_ENV["SOLARA_KERNEL_CULL_TIMEOUT"])
    assert seconds == server.KERNEL_CULL_TIMEOUT_S and 10 <= seconds <= 300  # a reconnect window, not 24 h


def test_serve_lets_the_environment_override_solara_settings(monkeypatch):
    seen = {}

    class Child:
        def __init__(self, cmd, env):
            seen.update(cmd=cmd, env=env)

        def wait(self, timeout=None):
            return 0

        def poll(self):
            return 0

    monkeypatch.setattr(server.subprocess, "Popen", Child)
    monkeypatch.setattr(server.signal, "signal", lambda *args: None)
    assert server.serve("127.0.0.1", 9000, {"SOLARA_KERNEL_CULL_TIMEOUT": "5m", "PATH": "/bin"}) == 0
    assert seen["env"]["SOLARA_KERNEL_CULL_TIMEOUT"] == "5m" and seen["env"]["PATH"] == "/bin"
    assert seen["env"]["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert seen["cmd"] == server.command("127.0.0.1", 9000)


def test_each_session_of_the_page_builds_its_own_model(monkeypatch):
    solara = pytest.importorskip("solara", reason="no Solara: pip install -e '.[viz]'")
    import dashboard.page as page_module

    built = []
    monkeypatch.setattr(page_module, "make_page", lambda model: built.append(model) or solara.Text("page"))
    for _ in range(2):  # two sessions: two renders of the page component
        _, rc = solara.render(page_module.Page(), handle_error=False)
        rc.close()
    assert len(built) == 2 and built[0] is not built[1]
    assert built[0].date == built[1].date and built[0].days_recorded == 0
