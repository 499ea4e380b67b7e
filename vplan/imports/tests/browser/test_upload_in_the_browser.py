"""The import page in Chromium: upload with htmx, the preview, import; no CSP violation, no
request to another origin, and axe finds no WCAG A/AA violation on either page."""

from __future__ import annotations

import importlib
import re

import pytest

from vplan.front.tests.browser.conftest import CHROMIUM, REFERENCE_DATA, browser, open_session
from vplan.front.tests.browser.test_accessibility_axe import axe_violations
from vplan.imports.models import DocumentImport

from ..helpers import write_report

__all__ = ["browser", "open_session"]  # the fixtures, shared with the interface's browser tests

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


def test_a_controller_uploads_previews_and_imports(
    open_session, reference_data, controller, administration, tmp_path
):
    session = open_session()
    session.sign_in("controller", "secret-pw-1")
    page = session.page
    page.goto("/import/")
    assert axe_violations(page) == []
    page.set_input_files("#id_file", str(write_report(tmp_path, "uppfoljning-2031.txt")))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/import/\d+/$"))
    assert page.locator("h1").inner_text() == "Förhandsvisning av uppfoljning-2031.txt"
    assert page.locator(".warning-list li").count() == 3
    assert axe_violations(page) == []
    page.click("main form[action$='/confirm/'] button")
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert "är importerad till" in page.locator(".messages").inner_text()
    assert DocumentImport.objects.get().imported_by == controller


def test_a_bad_file_is_explained_in_place(open_session, reference_data, controller, tmp_path):
    session = open_session()
    session.sign_in("controller", "secret-pw-1")
    page = session.page
    page.goto("/import/")
    empty = tmp_path / "tom.txt"
    empty.write_text("", encoding="utf-8")
    page.set_input_files("#id_file", str(empty))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector(".ds-error-summary")
    assert "tom.txt: filen är tom" in page.locator(".ds-error-summary").inner_text()
    assert page.url.endswith("/import/")
    assert axe_violations(page) == []
