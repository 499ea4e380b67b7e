"""An editor signs in, reports status and comment for three activities and sees them saved."""

import re

from playwright.sync_api import expect

from vplan.followups.models import StatusReport

EDITABLE = "tbody:has(form[hx-post])"


def test_editor_reports_three_activities_in_place(open_session, demo, open_round):
    editor = open_session()
    editor.sign_in("editor")
    page = editor.page
    page.goto(f"/rounds/{open_round.pk}/")
    rows = page.locator(EDITABLE)
    expect(rows.nth(2)).to_be_attached()  # at least three rows to edit
    ids = [rows.nth(n).get_attribute("id") for n in range(3)]
    for n, row_id in enumerate(ids):
        row = page.locator(f"#{row_id}")
        row.locator("select").select_option(label="Pågående")
        row.locator("textarea").fill(f"Rapport nummer {n} från webbläsaren.")
        row.get_by_role("button", name="Spara").click()
        expect(row.get_by_text("Sparat", exact=True)).to_be_visible()
    expect(page.locator("#live-status")).to_have_text(re.compile(r"^Sparat:"))

    page.reload()  # saved for real, not just on screen
    for n, row_id in enumerate(ids):
        expect(page.locator(f"#{row_id} textarea")).to_have_value(
            f"Rapport nummer {n} från webbläsaren."
        )
        expect(page.locator(f"#{row_id} select option:checked")).to_have_text("Pågående")
    saved = StatusReport.objects.filter(
        round=open_round, author=demo["users"]["editor"], comment__startswith="Rapport nummer"
    )
    assert saved.count() == 3


def test_editor_reports_with_the_keyboard_alone(open_session, demo, open_round):
    editor = open_session()
    editor.sign_in("editor")
    page = editor.page
    page.goto(f"/rounds/{open_round.pk}/")
    row_id = page.locator(EDITABLE).first.get_attribute("id")
    page.locator(f"#{row_id} select").focus()
    page.keyboard.press("End")  # the last status in the list
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")  # replace the comment already there
    page.keyboard.type("Skrivet med tangentbordet.")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("type", "submit")
    page.keyboard.press("Enter")
    expect(page.locator(f"#{row_id}").get_by_text("Sparat", exact=True)).to_be_visible()
    # focus stays on the row's button after the swap, ready for the next row
    expect(page.locator(f"#{row_id}-save")).to_be_focused()
    assert StatusReport.objects.filter(comment="Skrivet med tangentbordet.").count() == 1


def test_first_tab_reaches_the_skip_link(open_session, demo):
    visitor = open_session()
    visitor.page.goto("/")
    visitor.page.keyboard.press("Tab")
    expect(visitor.page.locator(":focus")).to_have_attribute("href", "#main")
