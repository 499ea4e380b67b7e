"""The list of sent versions and their downloads: byte-identical, whatever changed since."""

import pytest
from django.urls import reverse

from vplan.reports.sending import send_report
from vplan.reports.tests.html_tree import parse_html
from vplan.testing.factories import report


@pytest.fixture
def sent(report_data, controller):
    return send_report(round=report_data.round, format="pdf", by=controller, language="sv")


def test_download_of_a_sent_version_is_byte_identical_after_data_changes(
    client, reader, report_data, sent
):
    client.force_login(reader)
    url = reverse("reports:sent_download", args=[sent.pk])
    first = client.get(url)

    report(activity=report_data.shared, round=report_data.round, status="Genomfört")
    report(activity=report_data.reading, round=report_data.round, status="Pågående")
    second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert first.content == second.content == bytes(sent.content)
    assert second["ETag"] == f'"{sent.sha256}"'
    assert second["Content-Disposition"] == (
        'attachment; filename="uppfoljning-tf-2024-2024-03-31.pdf"'
    )
    fresh = client.get(reverse("reports:download", args=[report_data.round.pk, "pdf"]))
    assert fresh.content != first.content


def test_outsider_cannot_download_a_sent_version_of_an_unpublished_round(client, outsider, sent):
    client.force_login(outsider)

    assert client.get(reverse("reports:sent_download", args=[sent.pk])).status_code == 404


def test_unknown_sent_version_is_404(client, reader, db):
    client.force_login(reader)

    assert client.get(reverse("reports:sent_download", args=[999999])).status_code == 404


def test_list_shows_each_sent_version(client, reader, report_data, sent):
    client.force_login(reader)

    response = client.get(reverse("reports:sent_list", args=[report_data.round.pk]))

    assert response.status_code == 200
    page = parse_html(response.content.decode())
    assert [h.clean_text() for h in page.iter("h1")] == ["Skickade rapporter"]
    row = page.find("tbody").find("tr")
    assert "controller" in row.clean_text()
    assert sent.sha256[:12] in row.clean_text()
    assert row.find("a", href=reverse("reports:sent_download", args=[sent.pk])) is not None
    assert page.find("form") is None or "send" not in page.find("form").attrs.get("action", "")


def test_controllers_get_the_send_form_on_the_list(client, controller, report_data):
    client.force_login(controller)

    page = parse_html(
        client.get(reverse("reports:sent_list", args=[report_data.round.pk])).content.decode()
    )

    form = page.find("form", action=reverse("reports:send", args=[report_data.round.pk]))
    assert form is not None
    select = form.find("select")
    assert page.find("label", for_=select.attrs["id"]) is not None
    assert "Ingen rapport från den här uppföljningen har skickats ännu." in page.clean_text()


def test_outsider_cannot_list_sent_versions(client, outsider, report_data):
    client.force_login(outsider)

    response = client.get(reverse("reports:sent_list", args=[report_data.round.pk]))

    assert response.status_code == 404
