"""The import page in Chromium: upload with htmx, the preview, import; no CSP violation, no
request to another origin (the harness checks both), and axe finds no WCAG A/AA violation on
the pages. The harness is vplan/testing/browser.py, shared with the interface's browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from vplan.imports.models import DocumentImport
from vplan.testing.browser import axe_violations

from ..helpers import write_report


def signed_in_controller(open_session):
    session = open_session()
    session.sign_in("controller", password="secret-pw-1")
    return session.page


def test_a_controller_uploads_previews_and_imports(
    open_session, controller, administration, tmp_path
):
    report = write_report(tmp_path, "uppfoljning-2031.txt")
    page = signed_in_controller(open_session)
    page.goto("/import/")
    assert axe_violations(page) == []
    page.set_input_files("#id_file", str(report))
    page.click("#upload-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/import/\d+/$"))
    expect(page.locator("h1")).to_have_text("Förhandsvisning av uppfoljning-2031.txt")
    expect(page.locator(".warning-list li")).to_have_count(3)
    assert axe_violations(page) == []
    for code in ("BIN", "BOU", "XYZ"):  # no board yet: each is created, by choice
        page.select_option(f"#id_board_{code}", "create")
    page.fill("#id_name_XYZ", "Exempelnämnden")
    page.click("main form[action$='/confirm/'] button")
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("är importerad till")
    assert DocumentImport.objects.get().imported_by == controller


def test_a_bad_file_is_explained_in_place(open_session, controller, administration, tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_text("", encoding="utf-8")
    page = signed_in_controller(open_session)
    page.goto("/import/")
    page.set_input_files("#id_file", str(empty))
    page.click("#upload-form button[type=submit]")
    expect(page.locator(".ds-error-summary")).to_contain_text("tom.txt: filen är tom")
    expect(page).to_have_url(re.compile(r"/import/$"))
    assert axe_violations(page) == []
    assert not DocumentImport.objects.exists()
