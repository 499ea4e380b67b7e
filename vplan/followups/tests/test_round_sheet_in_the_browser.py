"""The round sheet in Chromium: from the round page to "Uppdatera i Excel", download the file,
change it (openpyxl, as Excel would), upload it, read the preview, save; axe finds no WCAG A/AA
violation on the upload page or the preview."""

from django.urls import reverse
from playwright.sync_api import expect

from vplan.followups.models import StatusReport
from vplan.followups.tests.test_round_sheet import edited, row_of
from vplan.testing.browser import axe_violations
from vplan.testing.factories import make_activity, make_round, report


def test_download_edit_upload_preview_and_save(open_session, tmp_path, controller, plan, board):
    round = make_round(plan=plan)
    reading = make_activity(plan=plan, text="Läsfrämjande insatser", boards=[board])
    meals = make_activity(plan=plan, text="Skolmåltider", boards=[board])
    report(activity=reading, round=round, status="Pågående", comment="Start.")
    session = open_session()
    session.sign_in("controller", password="secret-pw-1")
    page = session.page

    page.goto(reverse("followups:round", args=[round.pk]))
    page.get_by_role("link", name="Uppdatera i Excel").click()
    expect(page.locator("h1")).to_have_text("Uppdatera i Excel")
    assert axe_violations(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ned omgången som Excel").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    downloaded = tmp_path / download.suggested_filename
    download.save_as(downloaded)
    content = edited(
        downloaded.read_bytes(),
        {reading: ("Genomfört", "Klart i maj."), meals: ("Pågående", "Upphandling pågår.")},
    )
    filled = tmp_path / "ifylld.xlsx"
    filled.write_bytes(content)

    page.set_input_files("#id_file", str(filled))
    page.get_by_role("button", name="Visa vad som ändras").click()
    expect(page.locator("h1")).to_have_text("Vad filen ändrar")
    expect(page.locator(".lead")).to_contain_text("Ändrade: 2. Oförändrade: 0. Avvisade: 0.")
    reading_row = page.locator(f"#sheet-row-{row_of(content, reading)}")
    expect(reading_row).to_contain_text("Pågående → Genomfört")
    expect(reading_row).to_contain_text("Ändrad")
    assert StatusReport.objects.count() == 1  # nothing saved before the confirmation
    assert axe_violations(page) == []

    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page).to_have_url(session.base_url + reverse("followups:round", args=[round.pk]))
    expect(page.get_by_text("Sparat från Excel: 2 statusrapporter.")).to_be_visible()
    latest = {r.activity_id: r for r in StatusReport.objects.filter(round=round).current()}
    assert (latest[reading.pk].status.name, latest[reading.pk].version) == ("Genomfört", 2)
    assert (latest[meals.pk].comment, latest[meals.pk].author) == ("Upphandling pågår.", controller)
