"""The demo administrator reads the audit log in Chromium: from the navigation, filtered, the
next page, the CSV download; axe-core finds no WCAG 2.1 A or AA violation, under the strict CSP
(the harness checks it and that no other origin is asked)."""

import re

from playwright.sync_api import expect

from vplan.testing.browser import axe_violations


def test_the_administrator_reads_the_audit_log_in_the_browser(open_session, demo):
    session = open_session()
    session.sign_in("admin")
    page = session.page
    found = {}

    def check(name):
        violations = axe_violations(page)
        if violations:
            found[name] = violations

    page.get_by_role("link", name="Ändringslogg", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändringslogg")
    check("log")
    page.get_by_label("Händelse").select_option(label="skapad")
    page.get_by_role("button", name="Filtrera").click()
    expect(page).to_have_url(re.compile(r"action=created"))
    expect(page.get_by_role("cell", name="Skapad").first).to_be_visible()
    check("filtered")
    page.get_by_label("Från").fill("2030-01-01")
    page.get_by_label("Till").fill("2029-01-01")
    page.get_by_role("button", name="Filtrera").click()
    expect(page.get_by_text("Slutdatumet kommer före startdatumet.").first).to_be_visible()
    check("error")

    page.goto("/audit/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner de här ändringarna som CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert found == {}
