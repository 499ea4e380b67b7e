"""POST /reports/rounds/<id>/send/: controllers freeze the report as sent to the board."""

import pytest
from django.urls import reverse

from vplan.followups.models import FollowUpRound
from vplan.reports.models import SentReport


def _send(client, round, format="pdf"):
    return client.post(reverse("reports:send", args=[round.pk]), {"format": format})


@pytest.mark.parametrize("persona", ["controller", "admin_user"])
def test_managers_send_a_report(client, report_data, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    response = _send(client, report_data.round, "docx")

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:sent_list", args=[report_data.round.pk])
    sent = SentReport.objects.get()
    assert (sent.round, sent.format, sent.sent_by) == (report_data.round, "docx", user)
    assert sent.is_intact


@pytest.mark.parametrize("persona", ["reader", "editor"])
def test_readers_and_editors_may_not_send(client, report_data, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert _send(client, report_data.round).status_code == 403
    assert not SentReport.objects.exists()


def test_outsider_gets_404_even_for_a_published_round(client, outsider, report_data):
    client.force_login(outsider)

    assert _send(client, report_data.round).status_code == 404
    FollowUpRound.objects.filter(pk=report_data.round.pk).update(
        state=FollowUpRound.State.PUBLISHED
    )
    assert _send(client, report_data.round).status_code == 403
    assert not SentReport.objects.exists()


def test_unknown_format_sends_nothing_and_says_why(client, controller, report_data):
    client.force_login(controller)

    response = _send(client, report_data.round, "odt")

    assert response.status_code == 302
    assert not SentReport.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Välj ett av formaten att skicka rapporten i." in page


def test_get_is_not_allowed(client, controller, report_data):
    client.force_login(controller)

    response = client.get(reverse("reports:send", args=[report_data.round.pk]))

    assert response.status_code == 405
