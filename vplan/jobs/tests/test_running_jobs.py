"""Queue, claim, run, fail, retry and cancel jobs through the real database."""

import datetime

import pytest
from django.utils import timezone

from vplan.jobs import running
from vplan.jobs.models import Job, JobFile
from vplan.jobs.running import (
    MAX_ATTEMPTS,
    UnknownJobKind,
    cancel_job,
    claim_next_job,
    enqueue_job,
    requeue_stalled_jobs,
    run_job,
    run_next_job,
)

pytestmark = pytest.mark.django_db

HANDLERS = "vplan.jobs.tests.handlers"


def _enqueue(name="count_to", by=None, **options):
    return enqueue_job(
        kind=f"{HANDLERS}.{name}", arguments=options.pop("arguments", {}), by=by, **options
    )


def test_a_queued_job_runs_to_done_with_its_result_and_progress(controller):
    job = _enqueue(arguments={"to": 4}, by=controller, title="Räkna")
    assert (job.state, job.created_by, job.attempts) == ("queued", controller, 0)
    ran = run_next_job(worker="w1")
    assert ran.pk == job.pk
    assert ran.state == Job.State.DONE
    assert ran.result == {"counted": 4, "message": "Räknade till 4"}
    assert (ran.progress_done, ran.progress_total, ran.percent) == (4, 4, 100)
    assert ran.progress_message == "Steg 4"
    assert (ran.attempts, ran.worker) == (1, "w1")
    assert ran.started_at and ran.finished_at and ran.finished_at >= ran.started_at
    assert run_next_job(worker="w1") is None


def test_jobs_run_oldest_first():
    first, second = _enqueue(), _enqueue()
    assert run_next_job(worker="w").pk == first.pk
    assert run_next_job(worker="w").pk == second.pk


def test_asking_twice_for_the_same_thing_gives_one_job_until_it_has_ended():
    first = _enqueue(dedupe_key="round-pdf:1")
    again = _enqueue(dedupe_key="round-pdf:1")
    other = _enqueue(dedupe_key="round-pdf:2")
    assert again.pk == first.pk and other.pk != first.pk
    run_next_job(worker="w")
    after = _enqueue(dedupe_key="round-pdf:1")
    assert after.pk != first.pk
    assert Job.objects.filter(dedupe_key="round-pdf:1").count() == 2


def test_a_failing_job_says_why_and_leaves_nothing_half_written(controller):
    job = _enqueue("write_then_fail", by=controller)
    ran = run_next_job(worker="w")
    assert ran.state == Job.State.FAILED
    assert ran.error == "Rad 3: slutdatumet saknas."
    assert ran.result == {}
    assert not Job.objects.filter(title="half-written").exists()
    assert Job.objects.count() == 1 and job.pk == ran.pk


def test_a_bug_in_a_handler_fails_the_job_with_a_clear_error_and_the_worker_goes_on():
    _enqueue("break_down")
    good = _enqueue()
    ran = run_next_job(worker="w")
    assert ran.state == Job.State.FAILED
    assert "RuntimeError: a bug" in ran.error
    assert run_next_job(worker="w").pk == good.pk


def test_only_marked_handlers_in_vplan_may_be_queued():
    for kind in (f"{HANDLERS}.not_a_handler", "os.system", f"{HANDLERS}.missing", "vplan.nope.x"):
        with pytest.raises(UnknownJobKind):
            enqueue_job(kind=kind, arguments={}, by=None)
    assert not Job.objects.exists()


def test_a_job_file_is_kept_in_the_database():
    job = _enqueue("make_file")
    run_next_job(worker="w")
    file = JobFile.objects.get(job=job)
    assert (file.filename, bytes(file.content), file.size) == ("rapport.pdf", b"%PDF-1", 6)


def _stall(job, minutes=10):
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_the_job_of_a_worker_that_stopped_beating_is_queued_again_and_runs(controller):
    job = _enqueue(by=controller)
    claimed = claim_next_job(worker="dead")
    assert claimed.state == Job.State.RUNNING
    assert run_next_job(worker="w2") is None  # still beating: not taken
    _stall(job)
    ran = run_next_job(worker="w2")
    assert (ran.pk, ran.state, ran.attempts, ran.worker) == (job.pk, "done", 2, "w2")


def test_a_job_whose_workers_keep_dying_fails_after_the_last_attempt():
    job = _enqueue()
    for _attempt in range(MAX_ATTEMPTS):
        claim_next_job(worker="dies")
        _stall(job)
        requeue_stalled_jobs()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert str(MAX_ATTEMPTS) in job.error
    assert run_next_job(worker="w") is None


def test_a_worker_taken_for_dead_does_not_overwrite_the_new_run():
    job = _enqueue()
    slow = claim_next_job(worker="slow")
    _stall(job)
    requeue_stalled_jobs()
    fast = run_next_job(worker="fast")
    assert fast.state == Job.State.DONE
    run_job(slow)  # the slow worker finally gets there
    job.refresh_from_db()
    assert (job.worker, job.attempts) == ("fast", 2)


def test_progress_writes_are_throttled_but_the_last_step_always_lands(monkeypatch):
    monkeypatch.setattr(running, "PROGRESS_EVERY_SECONDS", 3600)
    _enqueue(arguments={"to": 50})
    seen = []
    ran = run_next_job(worker="w", on_step=lambda j: seen.append(j.progress_done))
    assert seen == list(range(51))
    assert (ran.progress_done, ran.progress_total) == (50, 50)


def test_a_queued_job_can_be_cancelled_and_then_does_not_run():
    job = _enqueue()
    assert cancel_job(job=job) is True
    assert job.state == Job.State.CANCELLED and job.finished_at
    assert run_next_job(worker="w") is None
    done = _enqueue()
    run_next_job(worker="w")
    assert cancel_job(job=done) is False
    assert done.state == Job.State.DONE


def test_the_progress_message_speaks_the_language_of_whoever_asked():
    sv = _enqueue(language="sv")
    en = _enqueue(language="en")
    assert sv.progress_message == "Väntar på en arbetsprocess"
    assert en.progress_message == "Waiting for a worker"
