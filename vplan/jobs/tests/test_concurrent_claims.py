"""Two workers claiming at once on PostgreSQL never run a job twice (SKIP LOCKED)."""

import threading

import pytest
from django.db import connection

from vplan.jobs.models import Job
from vplan.jobs.running import enqueue_job, run_next_job
from vplan.jobs.tests import handlers

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="row locks: PostgreSQL only"),
]

JOBS = 20


def test_two_workers_claiming_at_once_run_each_job_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only")
    jobs = [
        enqueue_job(kind="vplan.jobs.tests.handlers.count_to", arguments={"to": 1}, by=None)
        for _ in range(JOBS)
    ]
    handlers.RUNS.clear()
    start = threading.Barrier(2)
    done_by: dict[str, int] = {}
    errors = []

    def work(name):
        from django.db import connection as own

        try:
            start.wait()
            count = 0
            while run_next_job(worker=name) is not None:
                count += 1
            done_by[name] = count
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(handlers.RUNS) == sorted(job.pk for job in jobs)
    assert sum(done_by.values()) == JOBS
    assert set(Job.objects.values_list("state", flat=True)) == {"done"}
    assert set(Job.objects.values_list("attempts", flat=True)) == {1}
