"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Every request a page makes is recorded, and each test ends by asserting that all of them went to
the live server itself: no CDN, no external fonts or scripts. Content Security Policy violations
reported on the console fail the test too. Skipped only when /usr/bin/chromium is absent.
"""

import importlib
import os
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; the test code's ORM calls are
# still plain synchronous calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.django_db(transaction=True))
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason="the browser tests need /usr/bin/chromium"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("the browser tests need /usr/bin/chromium")
    missing = [
        n for n in ("htmx.min.js", "axe.min.js", "designsystemet.css") if not (VENDOR / n).exists()
    ]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing in {VENDOR}: run `make assets` first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
        page = self.page
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_url(self.base_url + "/")

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(self.base_url + "/")]


@pytest.fixture
def open_session(browser, live_server):
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


# Transactional tests empty every table when they end, the rows the data migrations wrote too.
# (serialized_rollback cannot put them back here: Playwright's sync API runs the test in another
# context, where Django's connection object lacks the serialized contents.)
REFERENCE_DATA = [
    ("vplan.plans.migrations.0002_the_five_perspectives", "add_perspectives"),
    ("vplan.followups.migrations.0002_default_status_vocabulary", "add_statuses"),
]


@pytest.fixture
def demo(db):
    from django.apps import apps

    from vplan.demo.demo_data import load_demo

    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)
    return load_demo()


@pytest.fixture
def open_round(demo):
    from vplan.followups.models import FollowUpRound

    return (
        FollowUpRound.objects.open()
        .filter(plan__administration=demo["administration"])
        .latest("as_of")
    )
