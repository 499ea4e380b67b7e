"""Two browsers save the same activity: the second gets a conflict and nothing is lost."""

from playwright.sync_api import expect

from vplan.followups.models import StatusReport


def test_second_save_of_the_same_activity_is_refused_with_both_versions(
    open_session, demo, open_round
):
    editor, controller = open_session(), open_session()
    editor.sign_in("editor")
    controller.sign_in("controller")
    editor.page.goto(f"/rounds/{open_round.pk}/")
    row_id = editor.page.locator("tbody:has(form[hx-post])").first.get_attribute("id")
    controller.page.goto(f"/rounds/{open_round.pk}/")  # both have the same version on screen
    activity_id = int(row_id.removeprefix("activity-"))
    before = StatusReport.objects.filter(round=open_round, activity_id=activity_id).count()

    row = editor.page.locator(f"#{row_id}")
    row.locator("textarea").fill("Redaktörens text.")
    row.locator("select").select_option(label="Pågående")
    row.get_by_role("button", name="Spara").click()
    expect(row.get_by_text("Sparat", exact=True)).to_be_visible()

    theirs = controller.page.locator(f"#{row_id}")
    theirs.locator("textarea").fill("Controllerns text.")
    theirs.locator("select").select_option(label="Genomfört")
    theirs.get_by_role("button", name="Spara").click()
    alert = controller.page.locator(f"#{row_id} .conflict")
    expect(alert).to_contain_text("Redaktörens text.")  # the version saved in between
    expect(alert).to_contain_text("Controllerns text.")  # and their own, not lost
    expect(controller.page.locator(f"#{row_id} textarea")).to_have_value("Controllerns text.")

    reports = StatusReport.objects.filter(round=open_round, activity_id=activity_id)
    assert reports.count() == before + 1
    assert reports.order_by("-version").first().comment == "Redaktörens text."

    # Choosing to keep theirs adds a version on top; the editor's stays in the history.
    controller.page.locator(f"#{row_id}").get_by_role("button", name="Spara min ändå").click()
    expect(controller.page.locator(f"#{row_id}").get_by_text("Sparat", exact=True)).to_be_visible()
    comments = list(reports.order_by("version").values_list("comment", flat=True))
    assert comments[-2:] == ["Redaktörens text.", "Controllerns text."]
