"""Word, Excel and PDF files of a large round are made by a job and then stored: asking again for
an unchanged round serves the stored bytes at once (no new job), a change in the round makes a
new job, and a published round's stored file never changes. The page and the API alike; the
worker runs in-process (run_next_job)."""

import pytest
from django.test import Client
from django.urls import reverse

from vplan.followups.round_lifecycle import close_round
from vplan.jobs.models import Job, JobFile
from vplan.jobs.running import run_next_job
from vplan.plans.editing import update_activity
from vplan.reports.models import PublishedFile, StoredReport
from vplan.reports.publication import publish_round
from vplan.reports.stored import data_fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings):
    """Every round with more than one activity is large for every format here."""
    settings.VPLAN_PDF_JOB_ACTIVITIES = 1
    settings.VPLAN_REPORT_JOB_ACTIVITIES = 1


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _download(round, format):
    return reverse("reports:download", args=[round.pk, format])


def _run_jobs() -> None:
    while (job := run_next_job(worker="test")) is not None:
        assert job.state == Job.State.DONE, job.error


@pytest.mark.parametrize("format", ["docx", "xlsx"])
def test_word_and_excel_of_a_large_round_are_jobs_then_stored(large, report_data, reader, format):
    client = _client(reader)
    first = client.get(_download(report_data.round, format))
    job = Job.objects.get()
    assert first.status_code == 302 and first.url == reverse("jobs:job", args=[job.pk])
    assert job.kind.endswith("make_round_file") and job.arguments["format"] == format
    _run_jobs()
    made = bytes(JobFile.objects.get(job=job).content)
    assert made.startswith(b"PK")  # a zip: .docx and .xlsx are

    second = client.get(_download(report_data.round, format))
    third = client.get(_download(report_data.round, format))
    assert second.status_code == third.status_code == 200
    assert second.content == third.content == made
    assert Job.objects.count() == 1  # served from storage: no new job
    assert StoredReport.objects.filter(format=format).count() == 1


def test_small_rounds_make_word_and_excel_at_once(report_data, reader):
    for format in ("docx", "xlsx"):
        response = _client(reader).get(_download(report_data.round, format))
        assert response.status_code == 200 and response.content.startswith(b"PK")
    assert not Job.objects.exists()
    assert not StoredReport.objects.exists()


def test_an_unchanged_rounds_pdf_is_served_stored_and_a_change_makes_a_new_job(
    large, report_data, reader, controller
):
    client = _client(reader)
    assert client.get(_download(report_data.round, "pdf")).status_code == 302
    _run_jobs()
    stored = client.get(_download(report_data.round, "pdf"))
    assert stored.status_code == 200 and stored.content.startswith(b"%PDF-")
    assert stored.content == bytes(JobFile.objects.get().content)
    assert Job.objects.count() == 1

    update_activity(activity=report_data.reading, by=controller, text="Läsa mer varje dag")
    changed = client.get(_download(report_data.round, "pdf"))
    assert changed.status_code == 302
    assert Job.objects.count() == 2
    _run_jobs()
    again = client.get(_download(report_data.round, "pdf"))
    assert again.status_code == 200 and again.content != stored.content
    assert Job.objects.count() == 2
    # The file of the data that changed is gone; the new one is kept.
    assert StoredReport.objects.filter(format="pdf").count() == 1


def test_the_api_answers_202_then_the_stored_file_at_once(large, report_data, reader):
    client = _client(reader)
    url = f"/api/rounds/{report_data.round.pk}/report/xlsx"
    accepted = client.get(url)
    assert accepted.status_code == 202
    body = accepted.json()
    assert accepted["Location"] == body["url"] and body["kind"] == "make_round_file"
    _run_jobs()
    job = client.get(body["url"]).json()
    assert job["state"] == "done"
    from_job = client.get(job["file_url"])
    stored = client.get(url)
    assert stored.status_code == 200
    assert stored.content == from_job.content
    assert stored["Content-Type"].startswith("application/vnd.openxmlformats")
    assert Job.objects.count() == 1


def test_a_new_status_report_changes_the_fingerprint(report_data, controller):
    from vplan.followups.models import Status
    from vplan.followups.reporting import current_report, submit_status_report

    round = report_data.round
    before = data_fingerprint(round=round, format="docx")
    assert before == data_fingerprint(round=round, format="docx")
    assert before != data_fingerprint(round=round, format="xlsx")
    current = current_report(activity=report_data.reading, round=round)
    submit_status_report(
        activity=report_data.reading,
        round=round,
        author=controller,
        status=Status.objects.get(name="Genomfört"),
        comment="Klart.",
        expected_version=current.version if current else 0,
    )
    assert data_fingerprint(round=round, format="docx") != before


def test_a_published_rounds_stored_files_never_change(large, report_data, controller, reader):
    round = report_data.round
    close_round(round=round, by=controller)
    publication = publish_round(round=round, by=controller)
    visitor = _client()
    not_yet = visitor.get(_download(round, "docx"))
    assert not_yet.status_code == 404
    assert "inte tillgänglig än" in not_yet.content.decode()
    assert (
        "inte tillgänglig än" in visitor.get(f"/api/rounds/{round.pk}/report/xlsx").json()["detail"]
    )

    _run_jobs()  # the publication's job stores its files in every large format
    formats = set(
        PublishedFile.objects.filter(publication=publication).values_list("format", flat=True)
    )
    assert formats == {"pdf", "docx", "xlsx"}
    published = {
        (file.format, file.audience): (bytes(file.content), file.sha256)
        for file in PublishedFile.objects.filter(publication=publication, language="sv")
    }
    update_activity(activity=report_data.reading, by=controller, text="Ändrad efteråt")

    for format in ("docx", "xlsx", "pdf"):
        public = visitor.get(_download(round, format))
        member = _client(reader).get(f"/api/rounds/{round.pk}/report/{format}")
        assert public.status_code == member.status_code == 200
        assert public.content == published[(format, "public")][0]
        assert member.content == published[(format, "members")][0]
    assert Job.objects.count() == 1  # the publication's job only
    assert not StoredReport.objects.exists()
    after = {
        (file.format, file.audience): (bytes(file.content), file.sha256)
        for file in PublishedFile.objects.filter(publication=publication, language="sv")
    }
    assert after == published
