"""The comparison report in headless Chromium: it opens with the effects, every figure renders, and
nothing is fetched from outside the file (it must open offline and travel by mail)."""

from pathlib import Path

import pytest

from run import main as run_main
from runs import plan_runs, run_batch

CHROMIUM = Path("/usr/bin/chromium")
TINY = {"people_per_agent": 1000, "start_date": "2016-01-20", "end_date": "2016-04-20"}


@pytest.mark.slow
@pytest.mark.browser
def test_the_report_opens_with_the_effects_and_renders_every_figure_offline(tmp_path):
    pytest.importorskip("playwright.sync_api", reason="no Playwright: pip install playwright (no browser download)")
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium (Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    batch = tmp_path / "batch"
    run_batch(plan_runs(["historical", "sealed_route"], replicates=2, seed=5, overrides=TINY), batch, workers=1)
    out = tmp_path / "cmp"
    assert run_main(["compare", str(batch), "--out", str(out), "--baseline", "historical"]) == 0

    outside = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})

            def request(route):
                if not route.request.url.startswith(("file:", "data:", "about:")):
                    outside.append(route.request.url)
                    route.abort()
                else:
                    route.fallback()

            page.route("**/*", request)
            page.goto((out / "report.html").as_uri())
            headings = page.locator("h2").all_inner_texts()
            assert headings[0] == "Effects" and "Summary" in headings and "Figures" in headings
            assert page.locator("h2 + p + p ~ ul li, h3 + ul li").count() > 0  # sentences on the effects
            sizes = page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.complete, i.naturalWidth])")
            assert sizes and all(done and width > 300 for done, width in sizes), sizes
            page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
        finally:
            browser.close()
    assert not outside, f"the report fetched from outside the file: {outside}"
