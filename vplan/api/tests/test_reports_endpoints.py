"""Reports through the API: read and download a round's report, send it, the sent versions, and
the administration's Word template; every refusal per persona."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

from vplan.api.tokens import create_api_token
from vplan.followups.models import FollowUpRound
from vplan.reports.models import ReportTemplate, SentReport
from vplan.reports.sending import send_report
from vplan.testing.factories import report

from .conftest import MANAGE_REFUSALS, MANAGERS

pytestmark = pytest.mark.django_db

MEMBERS = ["admin_user", "controller", "editor", "reader"]
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def word_file(text: str = "Mall") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def reported(filled_plan, editor):
    report(activity=filled_plan["bin"], round=filled_plan["round"], status="Genomfört")
    report(activity=filled_plan["shared"], round=filled_plan["round"], status="Pågående")
    return filled_plan


@pytest.mark.parametrize("persona", MEMBERS)
def test_members_read_the_report_as_data(api_as, reported, persona):
    response = api_as(persona).get(f"/rounds/{reported['round'].pk}/report")
    assert response.status_code == 200
    body = response.json()
    assert body["round"]["id"] == reported["round"].pk
    assert body["plan_year"] == 2024 and body["formats"] == ["docx", "pdf", "html", "xlsx", "csv"]
    total = body["summary"]["total"]
    assert total["total"] == 3
    assert (total["counts"]["done"], total["counts"]["ongoing"], total["counts"]["missing"]) == (
        1,
        1,
        1,
    )
    lines = [
        line
        for perspective in body["perspectives"]
        for section in perspective["sections"]
        for group in section["groups"]
        for line in group["activities"]
    ]
    done = next(line for line in lines if line["activity_id"] == reported["bin"].pk)
    assert done["status"] == "Genomfört" and done["status_category"] == "done"
    assert done["boards"] == ["BiN"]


@pytest.mark.parametrize("persona", ["outsider", "anonymous"])
def test_others_do_not_see_an_unpublished_report(api_as, reported, persona, outsider):
    round_id = reported["round"].pk
    api = api_as(persona)
    assert api.get(f"/rounds/{round_id}/report").status_code == 404
    assert api.get(f"/rounds/{round_id}/report/csv").status_code == 404
    assert api.get(f"/rounds/{round_id}/sent-reports").status_code == 404


def test_anyone_reads_a_published_report(api_as, reported):
    FollowUpRound.objects.filter(pk=reported["round"].pk).update(state="published")
    api = api_as("anonymous")
    assert api.get(f"/rounds/{reported['round'].pk}/report").status_code == 200
    assert api.get(f"/rounds/{reported['round'].pk}/report/csv").status_code == 200


@pytest.mark.parametrize("format", sorted(CONTENT_TYPES))
def test_the_report_downloads_in_each_format(api_as, reported, reader, format):
    response = api_as("reader").get(f"/rounds/{reported['round'].pk}/report/{format}")
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[format]
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=") and disposition.endswith(f'.{format}"')
    if format in ("docx", "xlsx"):
        assert response.content[:2] == b"PK"
    else:
        assert "BiN-aktivitet" in response.content.decode("utf-8-sig")


def test_the_report_downloads_as_pdf(api_as, reported, reader):
    response = api_as("reader").get(f"/rounds/{reported['round'].pk}/report/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_unknown_format_is_not_found(api_as, reported, reader):
    response = api_as("reader").get(f"/rounds/{reported['round'].pk}/report/odt")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_bad_as_of_names_the_field(api_as, reported, reader):
    api = api_as("reader")
    for path in ["report", "report/csv"]:
        response = api.get(f"/rounds/{reported['round'].pk}/{path}", as_of="31 mars")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["as_of"]


def test_as_of_shows_what_was_known_then(api_as, reported, reader):
    response = api_as("reader").get(f"/rounds/{reported['round'].pk}/report", as_of="2000-01-01")
    assert response.status_code == 200
    assert response.json()["known_at"].startswith("2000-01-01T23:59:59")
    assert response.json()["summary"]["total"]["total"] == 0


@pytest.mark.parametrize("persona", MANAGERS)
def test_managers_send_the_report_and_it_stays_frozen(api_as, reported, persona):
    api = api_as(persona)
    response = api.post(f"/rounds/{reported['round'].pk}/sent-reports", {"format": "csv"})
    assert response.status_code == 201
    sent = response.json()
    assert sent["format"] == "csv"
    assert sent["sent_by"] == {"admin_user": "admin", "controller": "controller"}[persona]
    stored = SentReport.objects.get(pk=sent["id"])
    assert sent["sha256"] == stored.sha256 and sent["size"] == stored.size
    report(activity=reported["bou"], round=reported["round"], status="Genomfört")
    listed = api.get(f"/rounds/{reported['round'].pk}/sent-reports").json()["items"]
    assert [item["id"] for item in listed] == [sent["id"]]
    download = api.get(f"/sent-reports/{sent['id']}/file")
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == sent["sha256"]
    assert download["ETag"] == f'"{sent["sha256"]}"'
    assert download["Content-Disposition"] == f'attachment; filename="{sent["filename"]}"'
    assert api.get(f"/sent-reports/{sent['id']}").json() == sent


def test_sending_names_the_sender_and_refuses_an_unknown_format(api_as, reported, controller):
    api = api_as("controller")
    sent = api.post(f"/rounds/{reported['round'].pk}/sent-reports", {"format": "html"}).json()
    assert sent["sent_by"] == "controller"
    response = api.post(f"/rounds/{reported['round'].pk}/sent-reports", {"format": "odt"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["format"]
    assert SentReport.objects.count() == 1


@pytest.mark.parametrize("persona, refusal", MANAGE_REFUSALS)
def test_only_managers_send(api_as, reported, persona, refusal, outsider):
    response = api_as(persona).post(
        f"/rounds/{reported['round'].pk}/sent-reports", {"format": "csv"}
    )
    assert response.status_code == refusal
    assert not SentReport.objects.exists()


@pytest.mark.parametrize(
    "persona, status", [("reader", 200), ("outsider", 404), ("anonymous", 404)]
)
def test_who_downloads_a_sent_version(api_as, reported, controller, persona, status, outsider):
    sent = send_report(round=reported["round"], format="csv", by=controller)
    api = api_as(persona)
    assert api.get(f"/sent-reports/{sent.pk}/file").status_code == status
    assert api.get(f"/sent-reports/{sent.pk}").status_code == status


@pytest.mark.parametrize("persona", MANAGERS)
def test_managers_upload_a_word_template_and_go_back_to_the_default(
    api_as, reported, administration, persona
):
    api = api_as(persona)
    url = f"/api/administrations/{administration.pk}/report-templates"
    upload = SimpleUploadedFile("mall.docx", word_file())
    response = api.client.post(url, {"file": upload})
    assert response.status_code == 201
    template = response.json()
    assert template["filename"] == "mall.docx" and template["is_active"]
    assert template["sha256"] == ReportTemplate.objects.get().sha256
    assert [
        t["id"]
        for t in api.get(f"/administrations/{administration.pk}/report-templates").json()["items"]
    ] == [template["id"]]
    docx = api.get(f"/rounds/{reported['round'].pk}/report/docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    default = api.post(f"/administrations/{administration.pk}/report-templates/default")
    assert default.status_code == 200 and default.json() == {"deactivated": 1}
    assert not ReportTemplate.objects.active_for(administration).exists()


def test_a_template_that_is_no_word_document_is_refused_by_field(
    api_as, administration, controller
):
    api = api_as("controller")
    url = f"/api/administrations/{administration.pk}/report-templates"
    response = api.client.post(url, {"file": SimpleUploadedFile("mall.txt", b"hej")})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["file"]
    missing = api.client.post(url, {})
    assert missing.status_code == 400 and list(missing.json()["errors"]) == ["file"]
    assert not ReportTemplate.objects.exists()


@pytest.mark.parametrize("persona, refusal", MANAGE_REFUSALS)
def test_only_managers_change_the_template(api_as, administration, persona, refusal, outsider):
    api = api_as(persona)
    base = f"/administrations/{administration.pk}/report-templates"
    upload = SimpleUploadedFile("mall.docx", word_file())
    assert api.client.post(f"/api{base}", {"file": upload}).status_code == refusal
    assert api.post(f"{base}/default").status_code == refusal
    listing = api.get(base).status_code
    assert listing == (404 if persona in ("outsider", "anonymous") else 403)
    assert not ReportTemplate.objects.exists()


def test_an_outsider_may_read_a_published_round_but_not_send_it(api_as, reported, outsider):
    FollowUpRound.objects.filter(pk=reported["round"].pk).update(state="published")
    api = api_as("outsider")
    assert api.get(f"/rounds/{reported['round'].pk}/sent-reports").status_code == 200
    response = api.post(f"/rounds/{reported['round'].pk}/sent-reports", {"format": "csv"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not SentReport.objects.exists()


def test_a_script_sends_and_uploads_with_a_token_and_a_session_needs_csrf(
    reported, administration, controller
):
    token, text = create_api_token(user=controller, name="rapportskript")
    script = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {text}"}
    round_url = f"/api/rounds/{reported['round'].pk}"
    sent = script.post(
        f"{round_url}/sent-reports", '{"format": "csv"}', content_type="application/json", **auth
    )
    assert sent.status_code == 201
    assert script.get(f"{round_url}/report/xlsx", **auth).status_code == 200
    upload = SimpleUploadedFile("mall.docx", word_file())
    templates = f"/api/administrations/{administration.pk}/report-templates"
    assert script.post(templates, {"file": upload}, **auth).status_code == 201
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(controller)
    refused = browser.post(f"{templates}/default")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    assert ReportTemplate.objects.active_for(administration).exists()


def test_the_openapi_document_describes_the_downloads_as_files(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    download = paths["/api/rounds/{round_id}/report/{format}"]["get"]["responses"]
    assert "application/pdf" in download["200"]["content"]
    assert {"401", "403", "404"} <= set(download)
    for path in [
        "/api/administrations/{administration_id}/overviews/status",
        "/api/objectplans/{object_plan_id}/report/{format}",
        "/api/objectplans/{object_plan_id}/export",
        "/api/sent-reports/{sent_id}/file",
    ]:
        assert paths[path]["get"]["responses"]["200"]["content"], path
    for path in [
        "/api/plans/{plan_id}/lineage",
        "/api/plans/{plan_id}/rollover",
        "/api/search",
        "/api/objectplans/import",
        "/api/objectplans/{object_plan_id}/budget/shared-posts",
    ]:
        assert path in paths
