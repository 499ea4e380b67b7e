"""axe-core finds no WCAG 2.0/2.1 A or AA violation on any page, signed in and signed out.

axe is read from vplan/static/vendor/axe.min.js (npm's axe-core, built by `make assets`) and
evaluated in the page through the DevTools protocol, so the page's strict CSP stays on
(`vplan.testing.browser.axe_violations`).
"""

import pytest
from playwright.sync_api import expect

from vplan.testing.browser import axe_violations


def pages(demo):
    from vplan.followups.models import FollowUpRound

    plan = demo["plans"][max(demo["plans"])]
    rounds = FollowUpRound.objects.filter(plan__administration=demo["administration"])
    open_round = rounds.open().latest("as_of")
    published = rounds.published().latest("as_of")
    closed = rounds.filter(state=FollowUpRound.State.CLOSED).latest("as_of")
    shared = next(a for a in plan.activities.all() if a.placements.count() > 1 or a.parts.exists())
    carried = plan.activities.filter(carried_over_from__isnull=False).first()
    editors_own = open_round.plan.activities.filter(boards__code="SKN").first()
    return {
        "signed_out": [
            "/",
            "/tillganglighet/",
            "/accounts/login/",
            "/accounts/password_reset/",
            f"/plans/{published.plan_id}/",
            f"/rounds/{published.pk}/",
            f"/reports/rounds/{published.pk}/",
            f"/activities/{published.plan.activities.first().pk}/",
            "/finns-inte/",
        ],
        "editor": [
            "/",
            f"/plans/{plan.pk}/",
            f"/plans/{plan.pk}/?status=missing&postponed=on",
            f"/rounds/{open_round.pk}/",
            f"/activities/{shared.pk}/",
            f"/activities/{carried.pk}/",
            f"/rounds/{open_round.pk}/sign-off/",
            f"/rounds/{open_round.pk}/activities/{editors_own.pk}/postpone/",
        ],
        "controller": [
            f"/rounds/{open_round.pk}/",
            f"/rounds/{open_round.pk}/missing/",
            f"/rounds/{open_round.pk}/missing/people/",
            f"/rounds/{open_round.pk}/missing/people/?person=none",
            f"/rounds/{open_round.pk}/sign-off/",
            f"/rounds/{open_round.pk}/postponements/",
            f"/rounds/{open_round.pk}/activities/{editors_own.pk}/responsible/",
            f"/activities/{closed.plan.activities.first().pk}/",
            f"/rounds/{open_round.pk}/close/",
            f"/rounds/{closed.pk}/publish/",
            f"/rounds/{published.pk}/reopen/",
            f"/plans/{plan.pk}/rounds/new/",
            "/search/?q=skola",
            f"/plans/{plan.pk}/edit/",
            f"/rounds/{published.pk}/",
            f"/reports/rounds/{published.pk}/",
            "/accounts/password_change/",
            "/organisation/boards/",
            f"/organisation/administrations/{demo['administration'].pk}/boards/",
            f"/organisation/boards/{demo['administration'].boards.first().pk}/",
        ],
    }


@pytest.mark.parametrize("who", ["signed_out", "editor", "controller"])
def test_no_wcag_a_or_aa_violation(open_session, demo, who):
    session = open_session()
    if who != "signed_out":
        session.sign_in(who)
    found = {}
    for url in pages(demo)[who]:
        session.page.goto(url)
        violations = axe_violations(session.page)
        if violations:
            found[url] = violations
    assert found == {}


def test_no_violation_after_an_in_place_save_and_a_conflict(open_session, demo, open_round):
    session = open_session()
    session.sign_in("editor")
    page = session.page
    page.goto(f"/rounds/{open_round.pk}/")
    row_id = page.locator("tbody:has(form[hx-post])").first.get_attribute("id")
    row = page.locator(f"#{row_id}")
    row.locator("select").select_option(label="Pågående")
    page.locator(f'#{row_id} input[name$="expected_version"]').evaluate(
        "input => input.value = '99'"
    )
    row.get_by_role("button", name="Spara").click()
    expect(page.locator(f"#{row_id} .conflict")).to_be_visible()
    assert axe_violations(page) == []
