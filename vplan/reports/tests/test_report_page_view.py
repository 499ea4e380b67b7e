"""GET /reports/rounds/<id>/: the report as a page inside Vplan."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from vplan.followups.models import FollowUpRound
from vplan.reports.tests.html_tree import parse_html
from vplan.testing.factories import report


def _url(round, **query):
    url = reverse("reports:page", args=[round.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_member_reads_the_report_page(client, reader, report_data):
    client.force_login(reader)

    response = client.get(_url(report_data.round))

    assert response.status_code == 200
    page = parse_html(response.content.decode())
    assert [h.clean_text() for h in page.iter("h1")] == [
        "Uppföljning av Testförvaltningens verksamhetsplan 2024"
    ]
    assert page.find("link", href="/static/reports/report.css") is not None
    assert page.find("svg").attrs["role"] == "img"
    assert "Kvarstår från 2023" in page.clean_text()


def test_page_has_no_inline_styles_or_scripts_under_the_csp(client, reader, report_data):
    client.force_login(reader)

    response = client.get(_url(report_data.round))

    assert "style-src 'self'" in response["Content-Security-Policy"]
    page = parse_html(response.content.decode())
    assert page.find("style") is None
    assert not [e for e in page.iter() if "style" in e.attrs]
    assert not [s for s in page.iter("script") if s.clean_text()]
    assert not [e for e in page.iter() if any(a.startswith("on") for a in e.attrs)]


def test_page_as_of_a_date_shows_what_was_known_then(client, reader, report_data):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        report(activity=report_data.reading, round=report_data.round, status="Pågående")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(reader)

    newest = parse_html(client.get(_url(report_data.round)).content.decode())
    older = parse_html(client.get(_url(report_data.round, as_of=tomorrow)).content.decode())

    def status_of_reading(page):
        row = next(tr for tr in page.iter("tr") if "Stärka läsförståelsen" in tr.clean_text())
        return [td.clean_text() for td in row.iter("td")][3]

    assert status_of_reading(newest) == "Pågående"
    assert status_of_reading(older) == "Genomfört"
    assert "enligt uppgifterna den" in older.find("p", class_="report-subtitle").text


def test_bad_as_of_is_a_clear_400(client, reader, report_data):
    client.force_login(reader)

    response = client.get(_url(report_data.round, as_of="igår"))

    assert response.status_code == 400
    assert "not an ISO date" in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", None])
def test_outsider_and_anonymous_do_not_see_an_unpublished_round(
    client, outsider, report_data, persona
):
    if persona:
        client.force_login(outsider)

    assert client.get(_url(report_data.round)).status_code == 404


def test_anyone_reads_a_published_round(client, report_data):
    FollowUpRound.objects.filter(pk=report_data.round.pk).update(
        state=FollowUpRound.State.PUBLISHED
    )

    assert client.get(_url(report_data.round)).status_code == 200
