"""The job page in Chromium: the state refreshes itself every second (htmx, no inline script:
the harness fails on any CSP violation) until the job has ended, then shows the result and stops
asking; axe finds no WCAG A/AA violation."""

from playwright.sync_api import expect

from vplan.jobs.running import enqueue_job, run_next_job
from vplan.testing.browser import axe_violations


def test_the_page_follows_the_job_until_it_is_done(open_session, controller):
    job = enqueue_job(
        kind="vplan.jobs.tests.handlers.make_file",
        arguments={},
        by=controller,
        title="PDF av Uppföljning per 31 mars",
    )
    session = open_session()
    session.sign_in("controller", password="secret-pw-1")
    page = session.page
    page.goto(f"/jobs/{job.pk}/")
    expect(page.locator("h1")).to_have_text("PDF av Uppföljning per 31 mars")
    status = page.locator("#job-status")
    expect(status.locator("h2")).to_contain_text("Köad")
    expect(status).to_have_attribute("hx-trigger", "every 1s")
    assert axe_violations(page) == []

    run_next_job(worker="browser-test")  # the worker, while the page is open

    expect(status.locator("h2")).to_contain_text("Klar")  # without reloading the page
    expect(page.locator("#job-progress")).to_have_attribute("value", "100")
    expect(page.get_by_role("link", name="Ladda ner filen")).to_have_attribute(
        "href", f"/jobs/{job.pk}/file/"
    )
    expect(page.locator("#job-status")).not_to_have_attribute("hx-trigger", "every 1s")
    assert axe_violations(page) == []
