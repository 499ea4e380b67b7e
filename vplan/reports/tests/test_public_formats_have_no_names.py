"""One redaction rule for every format: a signed-out visitor reads no personal name anywhere.

The demo's published rounds carry "Senast ändrad av" in the spreadsheet formats; members of the
administration see who changed each status, the public sees the column empty, in every format
of the page and of the API, and in the sent (frozen) versions anyone may download.
"""

import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import load_workbook

from vplan.reports.sending import send_report

FORMATS = ["docx", "pdf", "html", "xlsx", "csv"]


def names() -> list[str]:
    found = set()
    for user in get_user_model().objects.all():
        found |= {user.get_full_name(), user.first_name, user.last_name}
    return sorted(n for n in found if n)


def names_in(text: str) -> list[str]:
    return [name for name in names() if re.search(rf"\b{re.escape(name)}\b", text)]


def readable_text(format: str, content: bytes) -> str:
    if format == "xlsx":
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        cells = []
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(values_only=True):
                cells += [str(value) for value in row if value is not None]
        return "\n".join(cells)
    if format == "docx":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            xml = "\n".join(
                archive.read(name).decode("utf-8", errors="replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
        return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    if format == "pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8")


@pytest.mark.parametrize("format", FORMATS)
def test_a_signed_out_visitor_reads_no_name_in_any_format(demo, format):
    round = demo["rounds"][(2025, "december")]
    client = Client()
    for url in (
        f"/reports/rounds/{round.pk}/download/{format}/",
        f"/api/rounds/{round.pk}/report/{format}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = readable_text(format, response.content)
        assert names_in(text) == [], url


def test_members_see_who_changed_each_status_in_the_spreadsheet(demo):
    round = demo["rounds"][(2025, "december")]
    client = Client()
    client.login(username="reader", password="demo")
    text = readable_text("xlsx", client.get(f"/reports/rounds/{round.pk}/download/xlsx/").content)
    assert names_in(text)


def test_a_sent_report_is_a_public_document_without_names(demo):
    round = demo["rounds"][(2025, "december")]
    sent = send_report(round=round, format="csv", by=demo["users"]["controller"])
    response = Client().get(f"/reports/sent/{sent.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert names_in(text) == []


@pytest.mark.parametrize(
    "path",
    [
        "/api/activities/{activity}",
        "/api/rounds/{round}/entries",
        "/api/rounds/{round}/report",
        "/api/plans/{plan}?round={round}",
        "/api/rounds/{round}/activities/{activity}/reports",
    ],
)
def test_the_public_api_names_nobody(demo, path):
    round = demo["rounds"][(2025, "december")]
    activity = round.plan.activities.order_by("id").first()
    url = path.format(activity=activity.pk, round=round.pk, plan=round.plan_id)
    response = Client().get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert names_in(text) == [], url
