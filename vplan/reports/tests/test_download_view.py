"""GET /reports/rounds/<id>/download/<format>/: the report file in each format."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from docx import Document

from vplan.followups.models import FollowUpRound
from vplan.testing.factories import report


@pytest.mark.parametrize(
    ("format", "content_type", "starts_with"),
    [
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            b"PK",
        ),
        ("pdf", "application/pdf", b"%PDF-"),
        ("html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("csv", "text/csv; charset=utf-8", b"\xef\xbb\xbfAktivitets-id;"),
    ],
)
def test_member_downloads_each_format(
    client, editor, report_data, format, content_type, starts_with
):
    client.force_login(editor)

    response = client.get(reverse("reports:download", args=[report_data.round.pk, format]))

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="uppfoljning-tf-2024-2024-03-31.{format}"'
    )
    assert response.content.startswith(starts_with)


def test_download_as_of_shows_the_older_status(client, reader, report_data):
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        report(activity=report_data.reading, round=report_data.round, status="Pågående")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.force_login(reader)
    url = reverse("reports:download", args=[report_data.round.pk, "csv"])

    def status_of_reading(response):
        rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        return next(row for row in rows if row[8] == "Stärka läsförståelsen i årskurs 1–3")[15]

    assert status_of_reading(client.get(url)) == "Pågående"
    assert status_of_reading(client.get(f"{url}?as_of={tomorrow}")) == "Genomfört"


def test_word_download_uses_the_uploaded_template(client, controller, report_data, administration):
    from vplan.reports.tests.word_files import word_template
    from vplan.reports.word_templates import upload_report_template

    upload_report_template(
        administration=administration,
        filename="mall.docx",
        content=word_template(header="Testkommun sidhuvud"),
        by=controller,
    )
    client.force_login(controller)

    response = client.get(reverse("reports:download", args=[report_data.round.pk, "docx"]))

    document = Document(io.BytesIO(response.content))
    assert document.sections[-1].header.paragraphs[0].text == "Testkommun sidhuvud"


def test_unknown_format_is_404(client, reader, report_data):
    client.force_login(reader)

    response = client.get(reverse("reports:download", args=[report_data.round.pk, "odt"]))

    assert response.status_code == 404


def test_outsider_gets_404_for_an_unpublished_round(client, outsider, report_data):
    client.force_login(outsider)

    response = client.get(reverse("reports:download", args=[report_data.round.pk, "pdf"]))

    assert response.status_code == 404


def test_anonymous_downloads_a_published_round(client, report_data):
    FollowUpRound.objects.filter(pk=report_data.round.pk).update(
        state=FollowUpRound.State.PUBLISHED
    )

    response = client.get(reverse("reports:download", args=[report_data.round.pk, "csv"]))

    assert response.status_code == 200


def test_bad_as_of_is_400(client, reader, report_data):
    client.force_login(reader)
    url = reverse("reports:download", args=[report_data.round.pk, "csv"])

    assert client.get(url + "?as_of=2024-13-45").status_code == 400
