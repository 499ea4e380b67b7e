"""The job page (with its htmx progress fragment) and GET /api/jobs/{id}: only whoever asked
for the job sees it, its progress, its result or error, and its file."""

import pytest
from django.test import Client

from vplan.jobs.models import Job
from vplan.jobs.running import claim_next_job, enqueue_job, run_next_job

pytestmark = pytest.mark.django_db

HANDLERS = "vplan.jobs.tests.handlers"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def job(controller):
    return enqueue_job(
        kind=f"{HANDLERS}.make_file", arguments={}, by=controller, title="PDF av rapporten"
    )


def test_the_page_shows_a_queued_job_polling_every_second(controller, job):
    response = _client(controller).get(f"/jobs/{job.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "PDF av rapporten" in page
    assert 'hx-trigger="every 1s"' in page
    assert "<progress" in page and 'value="0"' in page
    assert "Köad" in page
    assert "Väntar på en arbetsprocess" in page


def test_the_htmx_fragment_stops_polling_once_the_job_is_done(controller, job):
    client = _client(controller)
    running = claim_next_job(worker="w")
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<section id="job-status"')
    assert 'hx-trigger="every 1s"' in fragment and "Pågår" in fragment
    Job.objects.filter(pk=running.pk).update(state="queued", worker="")
    run_next_job(worker="w")
    fragment = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert "Klar" in fragment and 'value="100"' in fragment
    assert f'href="/jobs/{job.pk}/file/"' in fragment


def test_the_file_is_served_to_whoever_asked_for_it(controller, job):
    client = _client(controller)
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 302  # not ready yet
    run_next_job(worker="w")
    response = client.get(f"/jobs/{job.pk}/file/")
    assert response.status_code == 200
    assert response.content == b"%PDF-1"
    assert response["Content-Type"] == "application/pdf"
    assert "rapport.pdf" in response["Content-Disposition"]


def test_a_failed_job_shows_its_error(controller):
    job = enqueue_job(kind=f"{HANDLERS}.write_then_fail", arguments={}, by=controller)
    run_next_job(worker="w")
    page = _client(controller).get(f"/jobs/{job.pk}/").content.decode()
    assert "Misslyckades" in page
    assert "Rad 3: slutdatumet saknas." in page


@pytest.mark.parametrize("persona", ["admin_user", "reader", "outsider"])
def test_nobody_else_sees_the_job_or_its_file(request, persona, job):
    run_next_job(worker="w")
    client = _client(request.getfixturevalue(persona))
    for path in (
        f"/jobs/{job.pk}/",
        f"/jobs/{job.pk}/file/",
        f"/api/jobs/{job.pk}",
        f"/api/jobs/{job.pk}/file",
    ):
        assert client.get(path).status_code == 404, path


def test_signed_out_visitors_are_sent_to_sign_in_and_the_api_says_404(job):
    client = _client()
    assert client.get(f"/jobs/{job.pk}/").status_code == 302
    assert client.get(f"/jobs/{job.pk}/file/").status_code == 302
    assert client.get(f"/api/jobs/{job.pk}").status_code in (401, 404)


def test_the_api_shows_state_progress_and_result(controller, job):
    client = _client(controller)
    body = client.get(f"/api/jobs/{job.pk}").json()
    assert body["state"] == "queued" and body["kind"] == "make_file"
    assert body["progress"]["percent"] == 0 and body["file_url"] is None
    assert body["url"] == f"/api/jobs/{job.pk}" and body["page_url"] == f"/jobs/{job.pk}/"
    run_next_job(worker="w")
    body = client.get(f"/api/jobs/{job.pk}").json()
    assert (body["state"], body["result"], body["error"]) == ("done", {"message": "Klar"}, None)
    assert body["progress"]["percent"] == 100
    file = client.get(body["file_url"])
    assert file.status_code == 200 and file.content == b"%PDF-1"


def test_a_queued_job_is_cancelled_from_the_page_and_the_api(controller, job):
    client = _client(controller)
    response = client.post(f"/jobs/{job.pk}/cancel/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == Job.State.CANCELLED
    other = enqueue_job(kind=f"{HANDLERS}.count_to", arguments={}, by=controller)
    body = client.post(f"/api/jobs/{other.pk}/cancel").json()
    assert body["state"] == "cancelled"
    assert run_next_job(worker="w") is None
