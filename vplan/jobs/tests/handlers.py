"""Job handlers for the tests: what a real handler does, in a few lines."""

import threading

from django.db import transaction

from vplan.jobs.models import Job
from vplan.jobs.running import JobFailed, JobOutcome, ProducedFile, job_handler

RUNS: list[int] = []
_lock = threading.Lock()


@job_handler
def count_to(*, job, progress):
    """Count to `to`, one step at a time; the result says how far."""
    with _lock:
        RUNS.append(job.pk)
    to = job.arguments.get("to", 3)
    for step in range(to + 1):
        progress(step, to, f"Steg {step}")
    return {"counted": to, "message": f"Räknade till {to}"}


@job_handler
def write_then_fail(*, job, progress):
    """Write a row, then fail: the row must not stay."""
    progress(0, 2, "Skriver")
    with transaction.atomic():
        Job.objects.create(kind="vplan.jobs.tests.handlers.count_to", title="half-written")
        raise JobFailed("Rad 3: slutdatumet saknas.")


@job_handler
def break_down(*, job, progress):
    raise RuntimeError("a bug")


@job_handler
def make_file(*, job, progress):
    progress(0, 1, "Skapar filen")
    return JobOutcome(
        result={"message": "Klar"},
        file=ProducedFile(
            filename="rapport.pdf", content_type="application/pdf", content=b"%PDF-1"
        ),
    )


def not_a_handler(*, job, progress):
    return {}
