"""The browser harness (pytest plugin): Playwright's sync API driving Debian's Chromium against
pytest-django's live server, for every browser test of the project.

`open_session()` opens a browser context of its own (cookies, session) and records every request
its pages make; when the test ends, each session must have made requests, all of them to the
live server itself (no CDN, no external fonts or scripts), and the Content Security Policy must
have blocked nothing. Wait for the page with Playwright's auto-retrying assertions
(`expect(locator).to_have_text(...)`, `expect(page).to_have_url(...)`), never with sleeps.

Chromium is Debian's, at /usr/bin/chromium. Without it the browser tests are skipped on a
developer's machine and fail in CI (`CI=true`), so a CI without a browser never passes quietly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VENDOR = Path(__file__).resolve().parents[1] / "static" / "vendor"
VENDOR_FILES = ("htmx.min.js", "axe.min.js", "designsystemet.css")
# How long an expect() keeps retrying: generous, for a busy 2-core machine.
EXPECT_TIMEOUT_MS = 15_000
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"the browser tests need Debian's Chromium at {CHROMIUM}"
        if in_ci():
            pytest.fail(message + " (CI=true: failing, not skipping)")
        pytest.skip(message)
    missing = [name for name in VENDOR_FILES if not (VENDOR / name).exists()]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing in {VENDOR}: run `make assets` first")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' ORM calls are still
    # plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Session:
    """A browser context of its own (cookies, session), recording every request it makes."""

    def __init__(self, browser, base_url: str):
        self.base_url = base_url
        self.requests: list[str] = []
        self.csp_errors: list[str] = []
        self.context = browser.new_context(base_url=base_url, locale="sv-SE")
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("console", self._console)

    def _console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_errors.append(message.text)

    def sign_in(self, username: str, password: str = "demo") -> None:
        from playwright.sync_api import expect

        page = self.page
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        expect(page).to_have_url(self.base_url + "/")

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url + "/")]


@pytest.fixture
def open_session(browser, live_server):
    """open_session() -> a new Session on the live server; checked when the test ends."""
    sessions = []

    def open_one() -> Session:
        session = Session(browser, live_server.url)
        sessions.append(session)
        return session

    yield open_one
    for session in sessions:
        session.context.close()
    for session in sessions:
        assert session.requests, "the browser made no request at all"
        assert session.external_requests() == [], "a page asked another origin"
        assert session.csp_errors == [], "the Content Security Policy blocked something"


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page, read from the vendored
    axe.min.js and evaluated through the DevTools protocol, so the page's strict CSP stays on."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate((VENDOR / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
