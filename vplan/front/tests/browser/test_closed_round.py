"""A controller closes the round, and the editor can no longer change it."""

from playwright.sync_api import expect

from vplan.followups.models import FollowUpRound, StatusReport


def test_editor_cannot_save_after_the_controller_closes_the_round(open_session, demo, open_round):
    editor, controller = open_session(), open_session()
    editor.sign_in("editor")
    controller.sign_in("controller")
    editor.page.goto(f"/rounds/{open_round.pk}/")
    row_id = editor.page.locator("tbody:has(form[hx-post])").first.get_attribute("id")

    controller.page.goto(f"/rounds/{open_round.pk}/")
    controller.page.get_by_role("link", name="Stäng uppföljningen…").click()
    # The confirmation page says what is missing before the round closes.
    expect(controller.page.get_by_role("heading", name="Status som saknas")).to_be_visible()
    controller.page.get_by_role("button", name="Stäng uppföljningen").click()
    expect(
        controller.page.get_by_text("Uppföljningen är stängd: ingen mer rapportering.")
    ).to_be_visible()
    open_round.refresh_from_db()
    assert open_round.state == FollowUpRound.State.CLOSED

    before = StatusReport.objects.count()
    row = editor.page.locator(f"#{row_id}")  # the page still shows the form it loaded
    row.locator("select").select_option(label="Pågående")
    row.locator("textarea").fill("För sent.")
    row.get_by_role("button", name="Spara").click()
    expect(row.get_by_text("tar inte längre emot rapporter", exact=False)).to_be_visible()
    expect(row).to_contain_text("För sent.")  # shown, not lost
    assert StatusReport.objects.count() == before

    editor.page.reload()
    expect(editor.page.locator("form[hx-post]")).to_have_count(0)
    expect(editor.page.locator(".ds-alert").first).to_contain_text("stängd")
