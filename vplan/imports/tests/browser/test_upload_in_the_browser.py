"""The import page in Chromium: upload with htmx, the preview, import; no CSP violation, no
request to another origin, and axe finds no WCAG A/AA violation on the pages.

Playwright runs in a thread of its own: the interface's browser tests keep a session-wide
Playwright running in the main thread, and the sync API allows one per thread.
"""

from __future__ import annotations

import importlib
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from vplan.front.tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, REFERENCE_DATA
from vplan.front.tests.browser.test_accessibility_axe import axe_violations
from vplan.imports.models import DocumentImport

from ..helpers import write_report

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="the browser tests need /usr/bin/chromium"),
]


@pytest.fixture
def reference_data(db):
    """Transactional tests empty the tables the data migrations filled: put them back."""
    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def in_browser(live_server):
    """in_browser(scenario) runs scenario(page) signed in as the controller; returns its result
    after checking that nothing went to another origin and the CSP blocked nothing."""

    def run(scenario):
        with ThreadPoolExecutor(max_workers=1) as pool:
            result, requests, csp_errors = pool.submit(_session, live_server.url, scenario).result()
        assert requests, "the browser made no request at all"
        assert [url for url in requests if not url.startswith(live_server.url + "/")] == []
        assert csp_errors == []
        return result

    return run


def _session(base_url: str, scenario):
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    csp_errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(base_url=base_url, locale="sv-SE")
            context.on("request", lambda request: requests.append(request.url))
            page = context.new_page()
            page.on(
                "console",
                lambda message: (
                    csp_errors.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            page.goto("/accounts/login/")
            page.fill("#id_username", "controller")
            page.fill("#id_password", "secret-pw-1")
            page.click("main button[type=submit]")
            page.wait_for_url(base_url + "/")
            return scenario(page), requests, csp_errors
        finally:
            browser.close()


def test_a_controller_uploads_previews_and_imports(
    in_browser, reference_data, controller, administration, tmp_path
):
    report = write_report(tmp_path, "uppfoljning-2031.txt")

    def scenario(page):
        seen = {}
        page.goto("/import/")
        seen["upload_axe"] = axe_violations(page)
        page.set_input_files("#id_file", str(report))
        page.click("#upload-form button[type=submit]")
        page.wait_for_url(re.compile(r"/import/\d+/$"))
        seen["h1"] = page.locator("h1").inner_text()
        seen["warnings"] = page.locator(".warning-list li").count()
        seen["preview_axe"] = axe_violations(page)
        for code in ("BIN", "BOU", "XYZ"):  # no board yet: each is created, by choice
            page.select_option(f"#id_board_{code}", "create")
        page.fill("#id_name_XYZ", "Exempelnämnden")
        page.click("main form[action$='/confirm/'] button")
        page.wait_for_url(re.compile(r"/plans/\d+/$"))
        seen["message"] = page.locator(".messages").inner_text()
        return seen

    seen = in_browser(scenario)
    assert seen["upload_axe"] == [] and seen["preview_axe"] == []
    assert seen["h1"] == "Förhandsvisning av uppfoljning-2031.txt"
    assert seen["warnings"] == 3
    assert "är importerad till" in seen["message"]
    assert DocumentImport.objects.get().imported_by == controller


def test_a_bad_file_is_explained_in_place(
    in_browser, reference_data, controller, administration, tmp_path
):
    empty = tmp_path / "tom.txt"
    empty.write_text("", encoding="utf-8")

    def scenario(page):
        page.goto("/import/")
        page.set_input_files("#id_file", str(empty))
        page.click("#upload-form button[type=submit]")
        page.wait_for_selector(".ds-error-summary")
        return page.locator(".ds-error-summary").inner_text(), page.url, axe_violations(page)

    summary, url, violations = in_browser(scenario)
    assert "tom.txt: filen är tom" in summary
    assert url.endswith("/import/")
    assert violations == []
    assert not DocumentImport.objects.exists()
