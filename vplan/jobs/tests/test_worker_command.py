"""`vplan worker --once` and `--burst`, in-process."""

import io

import pytest
from django.core.management import call_command

from vplan.jobs.models import Job
from vplan.jobs.running import enqueue_job

pytestmark = pytest.mark.django_db

KIND = "vplan.jobs.tests.handlers.count_to"


def _worker(*options):
    out, err = io.StringIO(), io.StringIO()
    call_command("worker", *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_burst_runs_every_queued_job_then_stops():
    jobs = [
        enqueue_job(kind=KIND, arguments={"to": n}, by=None, title=f"Jobb {n}") for n in (1, 2, 3)
    ]
    out, err = _worker("--burst", "--name", "test-worker")
    assert set(Job.objects.values_list("state", flat=True)) == {"done"}
    for job in jobs:
        assert f"{job.pk} {job.title}:" in out
    assert "test-worker" in err
    assert "Steg" in err  # the progress line


def test_once_runs_one_job():
    enqueue_job(kind=KIND, arguments={}, by=None)
    enqueue_job(kind=KIND, arguments={}, by=None)
    _worker("--once", "--no-progress")
    assert sorted(Job.objects.values_list("state", flat=True)) == ["done", "queued"]


def test_a_failed_job_is_reported_with_its_error():
    enqueue_job(kind="vplan.jobs.tests.handlers.write_then_fail", arguments={}, by=None)
    out, _err = _worker("--burst", "--no-progress")
    assert "Rad 3: slutdatumet saknas." in out
