"""Screenshots of Vplan's main pages for the README: python scripts/screenshots.py [OUT_DIR].

Loads the demo data into a temporary SQLite database, serves it on a free local port, and drives
Debian's Chromium (Playwright's sync API) signed in as the demo editor, then the controller. Writes
docs/img/screenshot-{start,plan,round,activity,missing-people,sign-off,close}.png. Needs `make assets` first.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
VPLAN = str(Path(sys.executable).with_name("vplan"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # A throwaway demo outside the checkout: its own development key.
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/screens.sqlite3",
            "VPLAN_SECRET_KEY": os.environ.get("VPLAN_SECRET_KEY") or "screenshots-only-key",
            "VPLAN_EMAIL_URL": "console://",  # the pages that offer mail show it (nothing is sent)
        }
        subprocess.run([VPLAN, "migrate", "-v0"], env=env, check=True, cwd=tmp)
        subprocess.run(
            [VPLAN, "demo", "--no-serve"], env=env, check=True, cwd=tmp, stdout=subprocess.DEVNULL
        )
        port = free_port()
        server = subprocess.Popen(
            [VPLAN, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            cwd=tmp,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/")
            shoot(base, out)
        finally:
            server.terminate()
            server.wait(timeout=10)


def shoot(base: str, out: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="sv-SE")
        page.goto(base + "/accounts/login/")
        page.fill("#id_username", "editor")
        page.fill("#id_password", "demo")
        page.click("main button[type=submit]")
        page.wait_for_url(base + "/")
        page.screenshot(path=out / "screenshot-start.png", full_page=True)
        print("wrote", out / "screenshot-start.png")

        page.click(".cards a")  # the first open round
        page.wait_for_selector(".entry-grid")
        round_url = page.url.split("?")[0]
        page.goto(page.url + "?mine=on")  # the rows the editor reports on
        page.set_viewport_size({"width": 1280, "height": 1400})
        page.screenshot(path=out / "screenshot-round.png")
        page.set_viewport_size({"width": 1280, "height": 900})
        print("wrote", out / "screenshot-round.png")

        page.locator("main a[href*='/plans/']").first.click()  # the plan, above the heading
        page.wait_for_selector(".outline-perspective")
        page.screenshot(path=out / "screenshot-plan.png")
        print("wrote", out / "screenshot-plan.png")

        page.locator(".activity-table a[href*='/activities/']").first.click()
        page.wait_for_selector("#reports-heading")
        page.screenshot(path=out / "screenshot-activity.png", full_page=True)
        print("wrote", out / "screenshot-activity.png")
        shoot_deadline_week(browser, base, round_url, out)
        browser.close()


def shoot_deadline_week(browser, base: str, round_url: str, out: Path) -> None:
    """The controller's pages of the deadline week (docs/ui.md): who has not reported by person,
    the boards' sign-off and the close confirmation."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "controller")
    page.fill("#id_password", "demo")
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/")
    for name, path in [
        ("missing-people", "missing/people/"),
        ("sign-off", "sign-off/"),
        ("close", "close/"),
    ]:
        page.goto(round_url + path)
        page.wait_for_selector("main h1")
        page.screenshot(path=out / f"screenshot-{name}.png", full_page=True)
        print("wrote", out / f"screenshot-{name}.png")
    page.close()


if __name__ == "__main__":
    main()
