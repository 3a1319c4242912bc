"""Regenerate screenshots/browser.png: `planner serve` on the demo network, planned, as the
system's Chromium shows it (1280x800, on a fixed date).

python scripts/browser_screenshot.py      # needs Chromium at /usr/bin/chromium and Playwright
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.demo import build_demo  # noqa: E402
from planner.store import Store  # noqa: E402

TODAY = date(2026, 11, 23)  # as scripts/screenshots.py
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}


def shoot(target: Path) -> None:
    from playwright.sync_api import sync_playwright

    db = Path(tempfile.mkdtemp(prefix="planner-browser-")) / "planner.json"
    build_demo(Store.open(db), TODAY)
    planner = [sys.executable, "-m", "planner", "--db", str(db), "--today", TODAY.isoformat()]
    subprocess.run([*planner, "plan"], check=True, capture_output=True)
    server = subprocess.Popen(
        [*planner, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert server.stdout is not None
        url = next(line.strip() for line in server.stdout if line.startswith("http://"))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(url)
            page.wait_for_selector("body.-first-byte", timeout=15_000)
            page.wait_for_timeout(2_000)  # the app reads the rest of the network, then settles
            page.screenshot(path=str(target))
            browser.close()
    finally:
        server.terminate()
        server.wait(15)


def main() -> None:
    target = ROOT / "screenshots" / "browser.png"
    shoot(target)
    print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
