"""A long plan's page and its report page in the browser: contents and pages, axe clean.

The demo's plans are short; here one of them grows past a page, so that the contents (with
aria-current) and the pagination landmark are on the pages axe checks, under the strict CSP.
"""

from vplan.testing.browser import axe_violations


def test_long_plan_and_report_pages_have_no_axe_violation(open_session, demo):
    from vplan.followups.models import FollowUpRound
    from vplan.testing.factories import make_activity, report

    round = (
        FollowUpRound.objects.open()
        .filter(plan__administration=demo["administration"])
        .latest("as_of")
    )
    plan = round.plan
    goal = plan.municipal_goals.order_by("id").first()
    for n in range(60):
        activity = make_activity(plan=plan, text=f"Extra aktivitet {n}", municipal_goal=goal)
        if n % 2:
            report(activity=activity, round=round, status="Pågående")
    session = open_session()
    session.sign_in("controller")
    found = {}
    for url in [
        f"/plans/{plan.pk}/",
        f"/plans/{plan.pk}/?goal={goal.pk}&page=2",
        f"/reports/rounds/{round.pk}/",
        f"/reports/rounds/{round.pk}/?page=2",
    ]:
        session.page.goto(url)
        assert session.page.locator("nav.pagination").count() == 1, url
        assert session.page.locator('a[aria-current="page"]').count() >= 2, url
        violations = axe_violations(session.page)
        if violations:
            found[url] = violations
    assert found == {}
