"""Published is frozen: what a published round showed, in every page and format, never changes.

Driven through HTTP on the demo municipality: the controller publishes the closed round of 2026,
then postpones, edits, moves and deletes activities of that plan (and restores one). Every page,
download and API response of the round, signed out and signed in, is what it was at publication.
A correction is an explicit act: reopen, report, close, publish again with a reason.
"""

import re

from django.test import Client

from vplan.followups.models import FollowUpRound
from vplan.plans import editing
from vplan.plans.end_dates import EndDate
from vplan.reports.models import Publication

FORMATS = ["docx", "pdf", "html", "xlsx", "csv"]


def client_for(username: str | None) -> Client:
    client = Client()
    if username:
        client.login(username=username, password="demo")
    return client


def main_text(response) -> str:
    """The visible text of <main>, without tags (CSRF tokens and nonces differ per response)."""
    html = response.content.decode()
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    main = re.sub(r"<input[^>]*csrfmiddlewaretoken[^>]*>", "", main)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def everything_shown(round: FollowUpRound) -> dict:
    """Every page, file and API response of the round, as a signed-out visitor and a reader."""
    shown = {}
    for who in (None, "reader", "controller"):
        client = client_for(who)
        shown[(who, "round page")] = main_text(client.get(f"/rounds/{round.pk}/"))
        shown[(who, "report page")] = main_text(client.get(f"/reports/rounds/{round.pk}/"))
        for format in FORMATS:
            page = client.get(f"/reports/rounds/{round.pk}/download/{format}/")
            api = client.get(f"/api/rounds/{round.pk}/report/{format}")
            assert page.status_code == 200 and api.status_code == 200, (who, format)
            shown[(who, format)] = page.content
            shown[(who, f"api {format}")] = api.content
        shown[(who, "api report")] = client.get(f"/api/rounds/{round.pk}/report").json()
        shown[(who, "api entries")] = client.get(f"/api/rounds/{round.pk}/entries").json()
    return shown


def change_the_plan_afterwards(demo, controller):
    """What happens to a plan after its round was published, through the editing operations."""
    plan = demo["plans"][2026]
    activities = list(plan.activities.order_by("id"))
    postponed, renamed, deleted, restored = (
        activities[0],
        activities[1],
        activities[2],
        activities[3],
    )
    editing.change_end_date(activity=postponed, new_end=EndDate("December 2027"), by=controller)
    editing.update_activity(
        activity=renamed, text="En helt ny text efter publiceringen", by=controller
    )
    editing.delete_activity(activity=deleted, by=controller)
    editing.delete_activity(activity=restored, by=controller)
    editing.restore_activity(activity=restored, by=controller)
    goal = plan.board_goals.first()
    editing.update_board_goal(goal=goal, title="Ett nytt nämndmål", by=controller)
    return postponed, renamed, deleted


# Another round of the demo's 2026 plan is open: reopening one beside it is an explicit choice.
KEEP_OCTOBER_OPEN = {"keep_other_rounds_open": "on"}


def publish_through_the_page(round: FollowUpRound, **data):
    """As the confirmation page posts it."""
    return client_for("controller").post(f"/rounds/{round.pk}/publish/", {"confirm": "yes", **data})


def test_a_published_round_shows_what_was_published_after_the_plan_changes(demo):
    round = demo["rounds"][(2026, "augusti")]
    assert round.state == FollowUpRound.State.CLOSED
    publish_through_the_page(round)
    round.refresh_from_db()
    assert round.state == FollowUpRound.State.PUBLISHED
    at_publication = everything_shown(round)

    postponed, renamed, deleted = change_the_plan_afterwards(demo, demo["users"]["controller"])

    after = everything_shown(round)
    for key, value in at_publication.items():
        assert after[key] == value, f"{key} changed after publication"
    public_csv = at_publication[(None, "csv")].decode()
    assert "En helt ny text efter publiceringen" not in public_csv
    assert deleted.text[:40] in public_csv
    assert "December 2027" not in public_csv


def test_the_published_round_page_shows_the_published_end_date_and_deleted_activities(demo):
    round = demo["rounds"][(2026, "augusti")]
    publish_through_the_page(round)
    postponed, renamed, deleted = change_the_plan_afterwards(demo, demo["users"]["controller"])

    page = client_for(None).get(f"/rounds/{round.pk}/").content.decode()

    assert "December 2027" not in page
    assert "En helt ny text efter publiceringen" not in page
    assert f'id="activity-{deleted.pk}"' in page


def test_a_correction_is_a_dated_attributed_new_publication(demo):
    round = demo["rounds"][(2026, "augusti")]
    controller = client_for("controller")
    publish_through_the_page(round)
    first = client_for(None).get(f"/reports/rounds/{round.pk}/download/csv/").content

    controller.post(f"/rounds/{round.pk}/reopen/", KEEP_OCTOBER_OPEN)
    activity = demo["plans"][2026].activities.order_by("id").first()
    grid = controller.get(f"/api/rounds/{round.pk}/entries", {"limit": 500}).json()["items"]
    version = next(e["version"] for e in grid if e["activity_id"] == activity.pk)
    saved = controller.post(
        f"/api/rounds/{round.pk}/activities/{activity.pk}/reports",
        {"status": "Genomfört", "comment": "Rättad siffra", "expected_version": version},
        content_type="application/json",
    )
    assert saved.status_code == 201, saved.content
    # While the round is open again, the public still reads what was published.
    assert client_for(None).get(f"/reports/rounds/{round.pk}/download/csv/").content == first
    assert "Rättad siffra" not in str(client_for(None).get(f"/api/activities/{activity.pk}").json())

    controller.post(f"/rounds/{round.pk}/close/", {"confirm": "yes"})
    refused = controller.post(f"/rounds/{round.pk}/publish/", {"confirm": "yes"})
    assert "ange vad den här publiceringen rättar" in refused.content.decode()
    round.refresh_from_db()
    assert round.state == FollowUpRound.State.CLOSED

    response = controller.post(
        f"/api/rounds/{round.pk}/publish",
        {"confirm": True, "correction_reason": "Fel status för en aktivitet"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    publications = list(Publication.objects.filter(round=round).order_by("number"))
    assert [p.number for p in publications] == [1, 2]
    assert publications[1].correction_reason == "Fel status för en aktivitet"
    assert publications[1].published_by.username == "controller"

    public_report = client_for(None).get(f"/reports/rounds/{round.pk}/").content.decode()
    assert "Fel status för en aktivitet" in public_report
    assert "Karin" not in public_report  # the public sees no personal names
    member_report = client_for("reader").get(f"/api/rounds/{round.pk}/report").json()
    (correction,) = member_report["corrections"]
    assert correction["reason"] == "Fel status för en aktivitet"
    assert correction["by"]
    public_csv = client_for(None).get(f"/reports/rounds/{round.pk}/download/csv/").content
    assert "Rättad siffra" in public_csv.decode()
    assert public_csv != first


def test_a_published_file_is_rendered_once_and_served_byte_for_byte(demo):
    round = demo["rounds"][(2026, "augusti")]
    publish_through_the_page(round)
    first = client_for(None).get(f"/reports/rounds/{round.pk}/download/pdf/").content
    second = client_for(None).get(f"/api/rounds/{round.pk}/report/pdf").content
    assert first == second
    publication = Publication.objects.get(round=round)
    assert publication.files.filter(format="pdf", audience="public").count() == 1


def test_rounds_published_before_publications_were_kept_are_frozen_at_first_read(demo):
    round = demo["rounds"][(2026, "mars")]
    assert not Publication.objects.filter(round=round).exists()
    before = client_for(None).get(f"/reports/rounds/{round.pk}/download/csv/").content
    assert Publication.objects.filter(round=round).count() == 1
    change_the_plan_afterwards(demo, demo["users"]["controller"])
    assert client_for(None).get(f"/reports/rounds/{round.pk}/download/csv/").content == before


def test_the_first_publication_stays_linked_and_downloadable_after_a_correction(demo):
    round = demo["rounds"][(2026, "augusti")]
    controller = client_for("controller")
    publish_through_the_page(round)
    first = {
        f: client_for(None).get(f"/reports/rounds/{round.pk}/download/{f}/").content
        for f in ("csv", "docx")
    }
    controller.post(f"/rounds/{round.pk}/reopen/", KEEP_OCTOBER_OPEN)
    controller.post(f"/rounds/{round.pk}/close/", {"confirm": "yes"})
    controller.post(
        f"/rounds/{round.pk}/publish/", {"confirm": "yes", "correction_reason": "Ny inledning"}
    )
    assert Publication.objects.filter(round=round).count() == 2

    for who in (None, "reader"):
        client = client_for(who)
        page = client.get(f"/reports/rounds/{round.pk}/").content.decode()
        assert f"/reports/rounds/{round.pk}/?publication=1" in page
        earlier = client.get(f"/reports/rounds/{round.pk}/", {"publication": 1}).content.decode()
        assert "Ny inledning" not in main_text_of(earlier)
        assert f"/reports/rounds/{round.pk}/download/csv/?publication=1" in earlier
    public = client_for(None)
    for format, content in first.items():
        url = f"/reports/rounds/{round.pk}/download/{format}/"
        assert public.get(url, {"publication": 1}).content == content
        assert (
            public.get(f"/api/rounds/{round.pk}/report/{format}", {"publication": 1}).content
            == content
        )
    assert public.get(f"/reports/rounds/{round.pk}/", {"publication": 3}).status_code == 404
    assert public.get(f"/reports/rounds/{round.pk}/", {"publication": "x"}).status_code == 404


def main_text_of(html: str) -> str:
    main = re.search(r"<main.*?</main>", html, re.S).group(0)
    main = re.sub(r'<aside class="report-page-actions".*?</aside>', "", main, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_published_round_page_filters_by_board_and_missing_status(demo):
    round = demo["rounds"][(2026, "augusti")]
    publish_through_the_page(round)
    board = round.plan.boards.order_by("id").first()
    page = client_for(None).get(f"/rounds/{round.pk}/", {"board": board.pk}).content.decode()
    rows = re.findall(r'<tr id="activity-(\d+)"', page)
    assert rows
    codes = set(
        round.plan.activities.filter(pk__in=rows).values_list("boards__display_code", flat=True)
    )
    assert board.display_code in codes
    assert 'name="missing"' in page
