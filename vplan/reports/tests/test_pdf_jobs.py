"""The PDF of a large round is made by a job: signed in, the download shows the job's page
("Rapporten skapas …") and then the file, the API answers 202 with the job; signed out, only a
stored file is served (otherwise "not yet available"), and publishing a large round has a worker
store its PDFs. The worker runs in-process (run_next_job)."""

import pytest
from django.test import Client
from django.urls import reverse

from vplan.followups.round_lifecycle import close_round
from vplan.jobs.models import Job, JobFile
from vplan.jobs.running import run_next_job
from vplan.organisation.models import Membership
from vplan.reports.models import Publication, PublishedFile
from vplan.reports.publication import publish_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings):
    """Every round with more than one activity counts as large here."""
    settings.VPLAN_PDF_JOB_ACTIVITIES = 1


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _download(round):
    return reverse("reports:download", args=[round.pk, "pdf"])


def _published(report_data, controller):
    round = report_data.round
    close_round(round=round, by=controller)
    return publish_round(round=round, by=controller)


def test_a_signed_in_reader_gets_the_job_page_then_the_file(large, report_data, reader):
    client = _client(reader)
    response = client.get(_download(report_data.round))
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Rapporten skapas …" in page
    assert 'hx-trigger="every 1s"' in page
    assert "PDF av" in page
    # Asking again while it is queued: the same job, not a second one.
    assert client.get(_download(report_data.round)).url == response.url
    assert Job.objects.count() == 1

    ran = run_next_job(worker="test")
    assert ran.state == Job.State.DONE, ran.error
    fragment = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert reverse("jobs:file", args=[job.pk]) in fragment
    file = client.get(reverse("jobs:file", args=[job.pk]))
    assert file.status_code == 200 and file.content.startswith(b"%PDF-")
    assert file["Content-Type"] == "application/pdf"


def test_the_api_answers_202_with_the_job_and_then_the_file(large, report_data, reader):
    client = _client(reader)
    response = client.get(f"/api/rounds/{report_data.round.pk}/report/pdf")
    assert response.status_code == 202
    body = response.json()
    assert response["Location"] == body["url"]
    assert body["state"] == "queued" and body["kind"] == "make_round_pdf"
    run_next_job(worker="test")
    body = client.get(body["url"]).json()
    assert body["state"] == "done"
    file = client.get(body["file_url"])
    assert file.status_code == 200 and file.content.startswith(b"%PDF-")


def test_an_as_of_pdf_is_a_job_of_its_own(large, report_data, reader):
    client = _client(reader)
    now = client.get(f"/api/rounds/{report_data.round.pk}/report/pdf").json()
    then = client.get(f"/api/rounds/{report_data.round.pk}/report/pdf?as_of=2024-04-01").json()
    assert now["id"] != then["id"]
    assert Job.objects.get(pk=then["id"]).arguments["as_of"].startswith("2024-04-01")


def test_small_rounds_still_download_at_once(report_data, reader):
    response = _client(reader).get(_download(report_data.round))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert not Job.objects.exists()


def test_other_formats_of_a_large_round_download_at_once(large, report_data, reader):
    response = _client(reader).get(reverse("reports:download", args=[report_data.round.pk, "csv"]))
    assert response.status_code == 200
    assert not Job.objects.exists()


def test_a_reader_who_loses_access_before_the_job_runs_gets_no_file(large, report_data, reader):
    client = _client(reader)
    job_url = client.get(_download(report_data.round)).url
    Membership.objects.filter(user=reader).delete()
    job = run_next_job(worker="test")
    assert job.state == Job.State.FAILED
    assert not JobFile.objects.exists()
    page = client.get(job_url).content.decode()
    assert "Misslyckades" in page
    assert "inte längre läsa" in page


def test_signed_out_visitors_never_make_a_pdf(large, report_data, controller):
    publication = _published(report_data, controller)
    publication_jobs = list(Job.objects.all())
    assert [job.kind.rsplit(".", 1)[-1] for job in publication_jobs] == ["make_publication_pdfs"]

    visitor = _client()
    page = visitor.get(_download(report_data.round))
    assert page.status_code == 404
    assert "inte tillgänglig än" in page.content.decode()
    api = visitor.get(f"/api/rounds/{report_data.round.pk}/report/pdf")
    assert api.status_code == 404
    assert "inte tillgänglig än" in api.json()["detail"]
    assert Job.objects.count() == 1  # the visitor queued nothing
    assert not PublishedFile.objects.exists()

    job = run_next_job(worker="test")
    assert job.state == Job.State.DONE, job.error
    stored = PublishedFile.objects.filter(publication=publication, format="pdf")
    assert stored.count() == 4  # public and members, Swedish and English
    first = visitor.get(_download(report_data.round))
    second = visitor.get(f"/api/rounds/{report_data.round.pk}/report/pdf")
    assert first.status_code == second.status_code == 200
    assert (
        first.content
        == second.content
        == bytes(stored.get(audience="public", language="sv").content)
    )
    assert Job.objects.count() == 1


def test_members_read_the_stored_pdf_of_a_publication_without_a_job(
    large, report_data, controller, reader
):
    _published(report_data, controller)
    run_next_job(worker="test")
    response = _client(reader).get(_download(report_data.round))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert Job.objects.count() == 1


def test_publishing_a_small_round_queues_nothing(report_data, controller):
    _published(report_data, controller)
    assert Publication.objects.count() == 1
    assert not Job.objects.exists()


def test_a_readers_request_for_an_older_publication_makes_the_publics_pdf_too(
    large, report_data, controller, reader
):
    publication = _published(report_data, controller)
    Job.objects.all().delete()  # as if published before large PDFs were made at publication
    visitor = _client()
    assert visitor.get(_download(report_data.round)).status_code == 404

    client = _client(reader)
    response = client.get(_download(report_data.round))
    assert response.status_code == 302
    kinds = sorted(job.kind.rsplit(".", 1)[-1] for job in Job.objects.all())
    assert kinds == ["make_publication_pdfs", "make_round_pdf"]
    while run_next_job(worker="test") is not None:
        pass
    public = visitor.get(_download(report_data.round))
    assert public.status_code == 200
    assert public.content == bytes(
        PublishedFile.objects.get(publication=publication, audience="public", language="sv").content
    )
