"""Two browsers save the same activity: the second gets a conflict and nothing is lost."""

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
    row.get_by_text("Sparat", exact=True).wait_for()

    theirs = controller.page.locator(f"#{row_id}")
    theirs.locator("textarea").fill("Controllerns text.")
    theirs.locator("select").select_option(label="Genomfört")
    theirs.get_by_role("button", name="Spara").click()
    alert = controller.page.locator(f"#{row_id} .conflict")
    alert.wait_for()
    assert "Redaktörens text." in alert.inner_text()  # the version saved in between
    assert "Controllerns text." in alert.inner_text()  # and their own, not lost
    assert controller.page.locator(f"#{row_id} textarea").input_value() == "Controllerns text."

    reports = StatusReport.objects.filter(round=open_round, activity_id=activity_id)
    assert reports.count() == before + 1
    assert reports.order_by("-version").first().comment == "Redaktörens text."

    # Choosing to keep theirs adds a version on top; the editor's stays in the history.
    controller.page.locator(f"#{row_id}").get_by_role("button", name="Spara min ändå").click()
    controller.page.locator(f"#{row_id}").get_by_text("Sparat", exact=True).wait_for()
    comments = list(reports.order_by("version").values_list("comment", flat=True))
    assert comments[-2:] == ["Redaktörens text.", "Controllerns text."]
