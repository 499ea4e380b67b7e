"""The deadline week in Chromium (issue 18): an editor keeps the previous round's status with one
click on the suggestion, moves an end date with a reason from the grid, and the pages stay free
of WCAG violations."""

from playwright.sync_api import expect

from vplan.followups.models import Postponement, StatusReport
from vplan.testing.browser import axe_violations

SUGGESTED = "tbody:has(.suggestion)"


def test_editor_keeps_a_suggestion_and_moves_an_end_date(open_session, demo, open_round):
    editor = open_session()
    editor.sign_in("editor")
    page = editor.page
    page.goto(f"/rounds/{open_round.pk}/?missing=on")
    row = page.locator(SUGGESTED).first
    expect(row).to_be_attached()
    row_id = row.get_attribute("id")
    activity_id = int(row_id.removeprefix("activity-"))
    suggested = row.locator(".suggestion p").inner_text()
    assert suggested.startswith("Förslag från förra omgången")
    assert axe_violations(page) == []

    row.get_by_role("button", name="Behåll").click()
    expect(page.locator(f"#{row_id}").get_by_text("Sparat", exact=True)).to_be_visible()
    kept = StatusReport.objects.get(round=open_round, activity_id=activity_id)
    assert kept.author == demo["users"]["editor"]
    assert kept.status.name in suggested

    page.locator(f"#{row_id}").get_by_role("link", name="Flytta").click()
    page.get_by_label("Ny slutdag").fill("Förskjuts till 2027")
    page.get_by_label("Skäl").fill("Leverantören är försenad.")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Flytta slutdagen").click()
    expect(page.locator(f"#{row_id}")).to_contain_text("Förskjuts till 2027")
    move = Postponement.objects.get(activity_id=activity_id)
    assert (move.moved_to, move.reason) == ("Förskjuts till 2027", "Leverantören är försenad.")
