"""A reader sees the round but has nothing to edit, and a forged save is refused."""

from playwright.sync_api import expect

from vplan.followups.models import StatusReport


def test_reader_sees_statuses_without_any_control(open_session, demo, open_round):
    reader = open_session()
    reader.sign_in("reader")
    page = reader.page
    page.goto(f"/rounds/{open_round.pk}/")
    expect(page.locator(".entry-grid")).to_be_visible()
    expect(page.locator(".entry-grid select, .entry-grid textarea, form[hx-post]")).to_have_count(0)
    expect(page.locator(".entry-grid .status").first).to_be_attached()

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
