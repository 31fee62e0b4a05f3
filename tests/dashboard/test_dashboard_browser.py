"""End to end: ``python run.py dashboard`` serves the page, and headless Chromium drives it.

Debian's ``chromium`` (/usr/bin/chromium) is driven by Playwright's Python package; no browser is
downloaded. The first test presses Step, checks the date readout and the charts change, moves a slider
and presses Reset, checks the run picks the value up, plays and pauses, types a bad value and finds the
parameter models' message on the page, and saves a screenshot in its temporary folder. All along it
records every request, websocket and frame the page opens and checks none leaves the loopback (the
dashboard runs offline; anything else is aborted, so a failing run does not reach out either).
The second opens and closes the page several times and checks the server drops the closed pages'
kernels (each holds a model and its figures) within ``dashboard.server.KERNEL_CULL_TIMEOUT_S``,
counting them on Solara's ``/resourcez`` endpoint, and that the page still opens afterwards.
The server runs with a fresh ``SOLARA_HOME`` and without pytest's ``PYTEST_CURRENT_TEST``, as on an
analyst's first run: Solara shows its once-per-machine usage check only then, so the test sees it.
Deselect with ``-m "not browser"``; it skips, saying why, where Chromium or Playwright is missing.
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.server import KERNEL_CULL_TIMEOUT_S
from model.fields import field_info
from model.params_migrants import MigrantParams

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SERVER_START_S = 120  # importing Mesa, Solara and the model on a busy 2-core machine
UI_TIMEOUT_MS = 60_000  # a step re-renders the charts server-side; slow when CI shares the 2 cores
FIRST_RENDER_MS = 90_000
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LOCAL_SCHEMES = {"data", "blob", "about"}  # inline images, object URLs, about:blank: no network
OPEN_CLOSE_CYCLES = 4
CULL_MARGIN_S = 30  # Solara's cull timer, a busy machine, and the polling interval

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
    folder = tmp_path_factory.mktemp("dashboard")
    log = folder / "server.log"
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_CURRENT_TEST"}
    env["SOLARA_HOME"] = str(folder / "solara-home")  # a first run on this machine, as an analyst's is
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "run.py", "dashboard", "--port", str(port)],
            cwd=ROOT,
            env=env,
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


def _launch(p):
    return p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def _leaves_loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in LOCAL_SCHEMES and parts.hostname not in LOOPBACK


def _record_what_leaves_the_loopback(context) -> list[str]:
    """Every request, websocket and frame navigation of the context's pages that leaves the loopback.

    Requests are aborted as well as recorded; a frame whose load failed shows as chrome-error://.
    """
    outside = []

    def request(route):
        if _leaves_loopback(route.request.url):
            outside.append(f"request {route.request.url}")
            route.abort()
        else:
            route.fallback()

    def watch(page):
        page.on("websocket", lambda ws: _leaves_loopback(ws.url) and outside.append(f"websocket {ws.url}"))
        page.on(
            "framenavigated",
            lambda frame: _leaves_loopback(frame.url) and outside.append(f"frame {frame.url}"),
        )

    context.route("**/*", request)
    context.on("request", lambda r: _leaves_loopback(r.url) and outside.append(f"request {r.url}"))
    context.on("page", watch)
    return outside


def _frames_and_iframes_off_the_loopback(page) -> list[str]:
    frames = [frame.url for frame in page.frames]
    iframes = page.eval_on_selector_all("iframe", "els => els.map(e => e.src || e.getAttribute('src') || '')")
    return [f"frame {url}" for url in frames if _leaves_loopback(url)] + [
        f"iframe {src}" for src in iframes if src and _leaves_loopback(src)
    ]


def _kernels(dashboard_url: str) -> dict:
    """Solara's count of live kernels (one per page session): total, with a connected or disconnected page."""
    with urllib.request.urlopen(dashboard_url + "resourcez", timeout=10) as response:
        return json.load(response)["kernels"]


@pytest.mark.slow
def test_the_dashboard_steps_plays_and_rebuilds_from_its_controls_in_a_browser(dashboard_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = _launch(p)
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 1000})
            outside = _record_what_leaves_the_loopback(context)
            page = context.new_page()
            page.set_default_timeout(UI_TIMEOUT_MS)
            page.goto(dashboard_url)
            date, what_if = page.locator(".dashboard-date"), page.locator(".dashboard-what-if")
            charts = page.locator(".dashboard-charts img")
            expect(date).to_have_text(re.compile(r"^01 June 2015"), timeout=FIRST_RENDER_MS)
            first_charts = charts.get_attribute("src")
            expect(page.get_by_text(re.compile(r"^page 0$", re.IGNORECASE))).to_be_hidden()  # no lone, nameless tab

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
            top = field_info(MigrantParams, "smuggler_price_eur")["range"][1]
            expect(what_if).to_contain_text(f"smuggler price EUR {top:,.0f}")
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
            outside += _frames_and_iframes_off_the_loopback(page)
            assert not outside, f"the page reached beyond 127.0.0.1: {sorted(set(outside))}"
        finally:
            browser.close()


@pytest.mark.slow
def test_closed_pages_leave_no_kernel_behind(dashboard_url):
    """Tabs closed without an unload beacon (the websocket just drops) lose their kernels within the cull timeout.

    Headless Chromium closing a tab sends no close beacon, so this is the path where Solara, left to
    itself, keeps a page's kernel and model for 24 hours. Each page steps its model once; the next
    page opens on the first day all the same, on a model of its own.
    """
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = _launch(p)
        try:
            for _ in range(OPEN_CLOSE_CYCLES):
                page = browser.new_page()
                page.goto(dashboard_url)
                date = page.locator(".dashboard-date")
                expect(date).to_have_text(re.compile(r"^01 June 2015"), timeout=FIRST_RENDER_MS)  # its own model
                assert _kernels(dashboard_url)["has_connected"] == 1  # this page's kernel, no other page open
                page.get_by_role("button", name="Step").click()  # steps this page's model, not the next page's
                expect(date).to_have_text(re.compile(r"^02 June 2015"), timeout=UI_TIMEOUT_MS)
                page.close()
            closed = time.monotonic()
            while (left := _kernels(dashboard_url))["has_connected"] and time.monotonic() < closed + 10:
                time.sleep(0.2)  # the server sees the last websocket go
            assert left["has_connected"] == 0 and left["total"] >= 1  # the closed pages' kernels, waiting
            deadline = closed + KERNEL_CULL_TIMEOUT_S + CULL_MARGIN_S
            while (kernels := _kernels(dashboard_url))["total"] and time.monotonic() < deadline:
                time.sleep(2)
            waited = time.monotonic() - closed
            assert kernels["total"] == 0, f"{kernels} {waited:.0f} s after {OPEN_CLOSE_CYCLES} pages were closed"

            page = browser.new_page()  # the server still serves a new page after dropping the old ones
            page.goto(dashboard_url)
            expect(page.locator(".dashboard-date")).to_have_text(re.compile(r"^01 June 2015"), timeout=FIRST_RENDER_MS)
            page.get_by_role("button", name="Step").click()
            expect(page.locator(".dashboard-date")).to_have_text(re.compile(r"^02 June 2015"), timeout=UI_TIMEOUT_MS)
            assert _kernels(dashboard_url)["total"] == 1
        finally:
            browser.close()
