"""Late corrections (issue 18, point 8): a controller corrects a status in a closed or published
round with a required reason; it is a new version marked as such, the published report keeps
what it published (the correction is listed for its dated note), the audit trail records it."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from vplan.audit.models import ChangeRecord
from vplan.followups.late_corrections import correct_late, corrections_since_publication
from vplan.followups.models import Status, StatusReport
from vplan.followups.reporting import StatusConflict
from vplan.followups.round_lifecycle import close_round
from vplan.testing.factories import make_activity, make_round, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(plan, board, controller):
    round = make_round(plan=plan)
    activity = make_activity(plan=plan, text="Simskola för alla", boards=[board])
    report(activity=activity, round=round, status="Pågående")
    close_round(round=round, by=controller)
    return round, activity


def test_a_controller_corrects_a_closed_round_from_the_activity_page(client, controller, closed):
    round, activity = closed
    client.force_login(controller)
    page = client.get(reverse("plans:activity", args=[activity.pk])).content.decode()
    assert "i efterhand" in page
    done = Status.objects.get(name="Genomfört")
    url = reverse("followups:late_correction", args=[round.pk, activity.pk])
    client.post(
        url, {"status": done.pk, "comment": "Klart i juni", "reason": "", "expected_version": 1}
    )
    assert StatusReport.objects.filter(activity=activity).count() == 1  # no reason: refused
    client.post(
        url,
        {
            "status": done.pk,
            "comment": "Klart i juni",
            "reason": "Fel status rapporterades",
            "expected_version": 1,
        },
    )
    latest = StatusReport.objects.filter(activity=activity).order_by("version").last()
    assert (latest.version, latest.status, latest.is_late_correction) == (2, done, True)
    assert latest.late_correction_reason == "Fel status rapporterades"
    assert latest.author == controller
    assert ChangeRecord.objects.filter(changes__has_key="late_correction").count() == 1
    page = client.get(reverse("plans:activity", args=[activity.pk])).content.decode()
    assert "Fel status rapporterades" in page


def test_an_open_round_and_an_editor_get_no_late_correction(plan, board, controller, editor):
    round = make_round(plan=plan)
    activity = make_activity(plan=plan, text="Öppen", boards=[board])
    done = Status.objects.get(name="Genomfört")
    with pytest.raises(ValidationError):
        correct_late(
            activity=activity,
            round=round,
            by=controller,
            status=done,
            comment="",
            reason="x",
            expected_version=0,
        )
    close_round(round=round, by=controller)
    with pytest.raises(PermissionDenied):
        correct_late(
            activity=activity,
            round=round,
            by=editor,
            status=done,
            comment="",
            reason="x",
            expected_version=0,
        )


def test_two_corrections_of_the_same_version_give_a_conflict(controller, closed):
    round, activity = closed
    done = Status.objects.get(name="Genomfört")
    correct_late(
        activity=activity,
        round=round,
        by=controller,
        status=done,
        comment="",
        reason="Första",
        expected_version=1,
    )
    with pytest.raises(StatusConflict):
        correct_late(
            activity=activity,
            round=round,
            by=controller,
            status=done,
            comment="",
            reason="Andra",
            expected_version=1,
        )


def test_corrections_after_publication_are_listed_for_the_reports_note(controller, closed):
    from vplan.followups.round_lifecycle import publish_round

    round, activity = closed
    done = Status.objects.get(name="Genomfört")
    publish_round(round=round, by=controller)
    round.refresh_from_db()
    assert corrections_since_publication(round) == []
    correct_late(
        activity=activity,
        round=round,
        by=controller,
        status=done,
        comment="",
        reason="Rättat efter publicering",
        expected_version=1,
    )
    round.refresh_from_db()
    [note] = corrections_since_publication(round)
    assert (note.activity_id, note.report.late_correction_reason) == (
        activity.pk,
        "Rättat efter publicering",
    )
    # The public reads it as a dated note beside the published report, without the author.
    public = Client()
    page = public.get(reverse("reports:page", args=[round.pk])).content.decode()
    assert "Rättad efter publiceringen" in page and "Rättat efter publicering" in page
    listed = public.get(f"/api/rounds/{round.pk}/late-corrections").json()
    assert [item["report"]["late_correction_reason"] for item in listed["items"]] == [
        "Rättat efter publicering"
    ]
    assert listed["items"][0]["report"]["author"] == ""
    one = public.get(f"/api/rounds/{round.pk}/late-corrections", {"limit": 1, "offset": 1})
    assert one.json() == {"items": [], "count": 1}


def test_the_api_corrects_late(controller, closed):
    round, activity = closed
    api = Client()
    api.force_login(controller)
    path = f"/api/rounds/{round.pk}/activities/{activity.pk}/late-correction"
    body = {"status": "Genomfört", "comment": "", "reason": "Rättelse", "expected_version": 1}
    made = api.post(path, data=json.dumps(body), content_type="application/json")
    assert made.status_code == 201, made.content
    assert made.json()["late_correction_reason"] == "Rättelse"
    again = api.post(path, data=json.dumps(body), content_type="application/json")
    assert again.status_code == 409
