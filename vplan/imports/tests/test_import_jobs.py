"""A large report import runs as a job: the page's confirmation and POST /api/imports hand it to
a worker (202 with the job), the job page and GET /api/jobs/{id} show its progress and then the
import's outcome or its error; all or nothing still holds. The worker runs in-process here."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from vplan.imports.models import DocumentImport, PendingImport
from vplan.jobs.models import Job, JobUpload
from vplan.jobs.running import run_next_job
from vplan.plans.models import Activity, Plan
from vplan.testing.factories import make_board

from .helpers import NEW_BOARDS, small_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_job_threshold(settings):
    """The small report has five activity rows: above three, it is a large import here."""
    settings.VPLAN_IMPORT_JOB_ACTIVITIES = 3


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _file(content: str | None = None):
    data = (content if content is not None else small_report()).encode()
    return SimpleUploadedFile("uppfoljning-2031.txt", data, content_type="text/plain")


def _api_import(client, administration, **extra):
    return client.post(
        "/api/imports", {"administration": administration.pk, "file": _file(), **extra}
    )


@pytest.fixture
def known_boards(administration):
    return [
        make_board(code=code, name=name, administration=administration)
        for code, name in [
            ("BiN", "Bildningsnämnden"),
            ("BoU", "Barn- och ungdomsnämnden"),
            ("XyZ", "Exempelnämnden"),
        ]
    ]


def test_the_api_answers_202_with_the_job_and_the_worker_imports_it(
    controller, administration, known_boards
):
    client = _client(controller)
    response = _api_import(client, administration)
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["state"] == "queued" and body["kind"] == "run_report_import"
    assert response["Location"] == body["url"] == f"/api/jobs/{body['id']}"
    assert body["title"] == "Import av uppfoljning-2031.txt"
    assert not Plan.objects.filter(year=2031).exists()  # nothing yet: the worker does it

    job = run_next_job(worker="test")
    assert job.pk == body["id"] and job.state == Job.State.DONE, job.error

    body = client.get(body["url"]).json()
    plan = Plan.objects.get(year=2031)
    record = DocumentImport.objects.get()
    result = body["result"]
    assert body["state"] == "done" and body["progress"]["percent"] == 100
    assert (result["plan_id"], result["import_id"]) == (plan.pk, record.pk)
    assert result["round_id"] == record.round_id
    assert (result["activities_created"], result["reports_created"]) == (4, 3)
    assert result["created"] is True and result["outcome"] == "imported"
    assert "är importerad till" in result["message"]
    assert record.imported_by == controller
    assert Activity.objects.filter(plan=plan).count() == 4
    assert not PendingImport.objects.exists()


def test_asking_twice_gives_two_jobs_but_the_report_is_imported_once(
    controller, administration, known_boards
):
    client = _client(controller)
    first = _api_import(client, administration).json()
    second = _api_import(client, administration).json()
    run_next_job(worker="test")
    run_next_job(worker="test")
    assert DocumentImport.objects.count() == 1
    again = client.get(second["url"]).json()
    assert again["state"] == "done"
    assert again["result"]["created"] is False
    assert "redan" in again["result"]["message"]
    assert client.get(first["url"]).json()["result"]["created"] is True


def test_a_failing_import_job_says_why_and_writes_nothing(controller, administration):
    # No boards: the report's codes are not boards of Vplan, and nobody chose what they are.
    client = _client(controller)
    response = _api_import(client, administration)
    assert response.status_code == 202
    job = run_next_job(worker="test")
    assert job.state == Job.State.FAILED
    body = client.get(response.json()["url"]).json()
    assert body["state"] == "failed" and body["result"] == {}
    assert "XYZ" in body["error"] or "XyZ" in body["error"]
    assert not Plan.objects.filter(year=2031).exists()
    assert not Activity.objects.exists()
    assert not DocumentImport.objects.exists()
    page = client.get(body["page_url"]).content.decode()
    assert "Misslyckades" in page
    assert body["error"] in page


def test_bad_board_choices_are_refused_at_once_not_in_the_job(controller, administration):
    response = _api_import(_client(controller), administration, map_board="nonsense")
    assert response.status_code == 400
    assert not Job.objects.exists()


def test_a_reader_may_not_start_an_import_job(reader, administration):
    response = _api_import(_client(reader), administration)
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_only_whoever_started_the_import_sees_its_job(
    controller, admin_user, administration, known_boards
):
    body = _api_import(_client(controller), administration).json()
    assert _client(admin_user).get(body["url"]).status_code == 404


def test_small_imports_stay_immediate(settings, controller, administration, known_boards):
    settings.VPLAN_IMPORT_JOB_ACTIVITIES = 200
    response = _api_import(_client(controller), administration)
    assert response.status_code == 201
    assert not Job.objects.exists()


def test_the_page_confirm_shows_the_job_page_then_the_plan(controller, administration):
    client = _client(controller)
    upload = client.post("/import/", {"administration": administration.pk, "file": _file()})
    assert upload.status_code == 302
    pending = PendingImport.objects.get()
    response = client.post(f"/import/{pending.pk}/confirm/", NEW_BOARDS)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Import av uppfoljning-2031.txt" in page
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    assert not Plan.objects.filter(year=2031).exists()

    run_next_job(worker="test")
    plan = Plan.objects.get(year=2031)
    fragment = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert "är importerad till" in fragment
    assert f'href="{reverse("plans:plan", args=[plan.pk])}"' in fragment
    assert "Öppna planen" in fragment
    assert Activity.objects.filter(plan=plan).count() == 4


def test_the_page_confirm_with_htmx_goes_to_the_job_page(controller, administration):
    client = _client(controller)
    client.post("/import/", {"administration": administration.pk, "file": _file()})
    pending = PendingImport.objects.get()
    response = client.post(f"/import/{pending.pk}/confirm/", NEW_BOARDS, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("jobs:job", args=[Job.objects.get().pk])


# --- a large file: even reading it is the worker's ------------------------------------------


@pytest.fixture
def large_files(settings):
    """The small report is about a kilobyte: above 100 bytes, a large file here."""
    settings.VPLAN_IMPORT_JOB_BYTES = 100


def test_a_large_file_is_read_and_loaded_by_the_worker(
    large_files, controller, administration, known_boards
):
    client = _client(controller)
    response = _api_import(client, administration)
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["id"])
    assert job.kind.endswith("run_upload_import")
    assert job.upload.filename == "uppfoljning-2031.txt"
    assert not PendingImport.objects.exists()  # not even read yet

    ran = run_next_job(worker="test")
    assert ran.state == Job.State.DONE, ran.error
    body = client.get(response.json()["url"]).json()
    plan = Plan.objects.get(year=2031)
    assert body["result"]["plan_id"] == plan.pk
    assert body["result"]["activities_created"] == 4
    assert not JobUpload.objects.exists()  # read, and then not kept


def test_a_large_file_with_a_bad_board_choice_fails_in_the_job_and_writes_nothing(
    large_files, controller, administration, known_boards
):
    client = _client(controller)
    response = _api_import(client, administration, map_board="XYZ=Ingen")
    assert response.status_code == 202
    ran = run_next_job(worker="test")
    assert ran.state == Job.State.FAILED
    assert "map_board" in ran.error and "Ingen" in ran.error
    assert not Plan.objects.filter(year=2031).exists()
    assert not DocumentImport.objects.exists()
    assert not JobUpload.objects.exists()


def test_a_large_file_that_is_no_report_is_refused_with_the_readers_error(
    large_files, controller, administration
):
    """Refused at once where the upload's kind is checked before reading, else by the job:
    either way with the reader's message, and nothing written."""
    client = _client(controller)
    file = SimpleUploadedFile("notes.csv", b"a;b;c\n" * 100, content_type="text/csv")
    response = client.post("/api/imports", {"administration": administration.pk, "file": file})
    if response.status_code == 202:
        ran = run_next_job(worker="test")
        assert ran.state == Job.State.FAILED
        error = ran.error
    else:
        assert response.status_code == 400
        assert not Job.objects.exists()
        error = response.json()["detail"]
    assert "notes.csv" in error or ".docx" in error
    assert not Plan.objects.exists()


def test_the_page_reads_a_large_file_in_a_job_then_shows_the_preview(
    large_files, settings, controller, administration
):
    settings.VPLAN_IMPORT_JOB_ACTIVITIES = 200  # loading it is quick: only reading is a job
    client = _client(controller)
    response = client.post("/import/", {"administration": administration.pk, "file": _file()})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    assert "Läser uppfoljning-2031.txt" in client.get(response.url).content.decode()
    assert not PendingImport.objects.exists()

    run_next_job(worker="test")
    pending = PendingImport.objects.get()
    fragment = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    preview_url = reverse("imports:preview", args=[pending.pk])
    assert f'href="{preview_url}"' in fragment
    assert "Se vad importen skulle skapa" in fragment
    assert client.get(preview_url).status_code == 200
    confirmed = client.post(f"/import/{pending.pk}/confirm/", NEW_BOARDS)
    plan = Plan.objects.get(year=2031)
    assert confirmed.url == reverse("plans:plan", args=[plan.pk])
