"""A reader sees the round but has nothing to edit, and a forged save is refused."""

from vplan.followups.models import StatusReport


def test_reader_sees_statuses_without_any_control(open_session, demo, open_round):
    reader = open_session()
    reader.sign_in("reader")
    page = reader.page
    page.goto(f"/rounds/{open_round.pk}/")
    page.locator(".entry-grid").wait_for()
    assert page.locator(".entry-grid select, .entry-grid textarea, form[hx-post]").count() == 0
    assert page.locator(".entry-grid .status").count() > 0

    activity = open_round.plan.activities.first()
    before = StatusReport.objects.count()
    token = page.evaluate("document.querySelector('input[name=csrfmiddlewaretoken]').value")
    response = page.request.post(
        f"/rounds/{open_round.pk}/activities/{activity.pk}/report/",
        form={
            "csrfmiddlewaretoken": token,
            f"a{activity.pk}-status": "1",
            f"a{activity.pk}-expected_version": "0",
        },
        headers={"Referer": reader.base_url + "/"},
    )
    assert response.status == 403
    assert StatusReport.objects.count() == before
