"""End to end: ``python run.py dashboard`` serves the page, and headless Chromium drives it.

Debian's ``chromium`` (/usr/bin/chromium) is driven by Playwright's Python package; no browser is
downloaded. The test presses Step, checks the date readout and the charts change, moves a slider and
presses Reset, checks the run picks the value up, plays and pauses, types a bad value and finds the
parameter models' message on the page, and saves a screenshot in its temporary folder.
Deselect with ``-m "not browser"``; it skips, saying why, where Chromium or Playwright is missing.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SERVER_START_S = 120  # importing Mesa, Solara and the model on a busy 2-core machine
UI_TIMEOUT_MS = 60_000  # a step re-renders the charts server-side; slow when CI shares the 2 cores

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen, log: Path):
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the dashboard exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"the dashboard did not answer at {url} within {SERVER_START_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def dashboard_url(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    pytest.importorskip("playwright.sync_api", reason="no Playwright: pip install playwright (no browser download)")
    pytest.importorskip("solara", reason="no Solara: pip install -e '.[viz]'")
    port = _free_port()
    log = tmp_path_factory.mktemp("dashboard") / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "run.py", "dashboard", "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the server and its solara child end together
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_serving(url, server, log)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.mark.slow
def test_the_dashboard_steps_plays_and_rebuilds_from_its_controls_in_a_browser(dashboard_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(UI_TIMEOUT_MS)
            page.goto(dashboard_url)
            date, what_if = page.locator(".dashboard-date"), page.locator(".dashboard-what-if")
            charts = page.locator(".dashboard-charts img")
            expect(date).to_have_text(re.compile(r"^01 June 2015"), timeout=90_000)
            first_charts = charts.get_attribute("src")

            step = page.get_by_role("button", name="Step")
            for day in ("02", "03"):
                step.click()
                expect(date).to_have_text(re.compile(rf"^{day} June 2015"))
            expect(charts).not_to_have_attribute("src", first_charts)

            page.get_by_role("button", name="▶").click()  # play for two days or more, then pause
            expect(date).to_have_text(re.compile(r"^(0[5-9]|[12]\d) June 2015"))
            page.get_by_role("button", name="❚❚").click()
            expect(page.get_by_role("button", name="▶")).to_be_visible()

            price = page.locator(".v-input", has_text="smuggler price (EUR)").get_by_role("slider")
            price.focus()
            price.press("End")  # the top of the declared range
            page.get_by_role("button", name="Reset").click()
            expect(what_if).to_contain_text("smuggler price EUR 1,500")
            expect(date).to_have_text(re.compile(r"^01 June 2015"))
            reset_charts = charts.get_attribute("src")
            step.click()
            expect(date).to_have_text(re.compile(r"^02 June 2015"))
            expect(charts).not_to_have_attribute("src", reset_charts)

            people = page.get_by_label("people per agent")
            people.fill("many")
            people.press("Enter")
            page.get_by_role("button", name="Reset").click()
            expect(page.locator(".dashboard-error")).to_contain_text("people_per_agent")

            shot = tmp_path / "dashboard.png"
            page.screenshot(path=shot, full_page=True)
            assert shot.stat().st_size > 50_000  # a rendered page with map and charts, not a blank one
        finally:
            browser.close()
