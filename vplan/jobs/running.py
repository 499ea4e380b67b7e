"""Queue a job, claim it, run it, say how far it has come.

    enqueue_job(kind=..., arguments=..., by=...)   a queued job (or the one already asked for)
    run_next_job(worker=...)                       claim the oldest queued job and run it
    requeue_stalled_jobs()                         give a dead worker's job to another (bounded)
    cancel_job(job=...)                            a queued job will not run

A job's `kind` is the dotted name of its handler, a function in the app that owns the work
(`vplan.imports.import_jobs.run_report_import`) marked with `@job_handler`, so this app imports
no higher layer. A handler is called as `handler(job=job, progress=progress)` and returns the
result (a dict, shown on the job page and in the API) or a `JobOutcome` with a file. It keeps its
own writes all or nothing (in `transaction.atomic`), and reports progress between them; a clear
error for the user is raised as `JobFailed`.

Claiming uses `SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, so two workers never take the
same job; on SQLite every write transaction is IMMEDIATE (settings), which serialises the claims.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from . import wording
from .models import Job, JobFile, JobUpload

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
PROGRESS_EVERY_SECONDS = 0.5


def stale_after() -> datetime.timedelta:
    """How long a running job's worker may stay silent before the job is given to another."""
    return datetime.timedelta(seconds=settings.VPLAN_JOB_STALE_SECONDS)


class JobFailed(Exception):
    """A clear error that the user who asked for the job reads (the job ends as failed)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


class UnknownJobKind(ValueError):
    pass


@dataclass(frozen=True)
class ProducedFile:
    filename: str
    content_type: str
    content: bytes


@dataclass
class JobOutcome:
    result: dict[str, Any] = field(default_factory=dict)
    file: ProducedFile | None = None


def job_handler(function: Callable) -> Callable:
    """Mark a function as one a job may run (a job's kind names it by its dotted name)."""
    function.is_job_handler = True
    return function


def handler_of(kind: str) -> Callable:
    if not kind.startswith("vplan."):
        raise UnknownJobKind(kind)
    try:
        handler = import_string(kind)
    except ImportError as error:
        raise UnknownJobKind(kind) from error
    if not getattr(handler, "is_job_handler", False):
        raise UnknownJobKind(kind)
    return handler


def enqueue_job(
    *,
    kind: str,
    arguments: dict,
    by,
    title: str = "",
    dedupe_key: str = "",
    language: str | None = None,
    message=wording.WAITING,
    upload: ProducedFile | None = None,
) -> Job:
    """A queued job; with a `dedupe_key`, the queued or running job of that key if there is one,
    so that asking twice for the same thing runs it once. `upload`: a file for the job to work
    on (`upload_of(job)`), kept in the database."""
    handler_of(kind)  # refuse an unknown kind now, not in the worker
    values = {
        "kind": kind,
        "arguments": arguments,
        "title": str(title)[:300],
        "dedupe_key": dedupe_key[:300],
        "language": language or translation.get_language() or settings.LANGUAGE_CODE,
        "created_by": by if getattr(by, "is_authenticated", False) else None,
        "progress_message": _in(language, message)[:200],
    }
    if dedupe_key:
        existing = Job.objects.active().filter(dedupe_key=values["dedupe_key"]).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(**values)
            if upload is not None:
                content = bytes(upload.content)
                JobUpload.objects.create(
                    job=job, filename=upload.filename[:300], content=content, size=len(content)
                )
            return job
    except IntegrityError:  # the same job, queued a moment ago by a concurrent request
        existing = Job.objects.active().filter(dedupe_key=values["dedupe_key"]).first()
        if existing is None:
            raise
        return existing


def upload_of(job: Job) -> ProducedFile | None:
    """The file the job was given to work on, or None (no longer there)."""
    upload = JobUpload.objects.filter(job=job).first()
    if upload is None:
        return None
    return ProducedFile(filename=upload.filename, content_type="", content=bytes(upload.content))


def drop_upload(job: Job) -> None:
    """The job has read its file: it is not kept longer than needed."""
    JobUpload.objects.filter(job=job).delete()


def _in(language: str | None, text) -> str:
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        return str(text)


def claim_next_job(*, worker: str) -> Job | None:
    """Take the oldest queued job for this worker (running, one more attempt), or None."""
    with transaction.atomic():
        queued = Job.objects.queued_first()
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        job = queued.first()
        if job is None:
            return None
        now = timezone.now()
        job.state = Job.State.RUNNING
        job.started_at = now
        job.heartbeat_at = now
        job.attempts += 1
        job.worker = worker[:200]
        job.save(update_fields=["state", "started_at", "heartbeat_at", "attempts", "worker"])
    return job


class Progress:
    """The callback a handler reports progress through: `progress(done, total, message)`.

    It writes to the job's row, at most every PROGRESS_EVERY_SECONDS (the first, the last step
    and a new message always), and counts as the worker's sign of life. A handler calls it between
    its transactions, so the page sees it at once."""

    def __init__(self, job: Job, *, on_step: Callable[[Job], None] | None = None):
        self.job = job
        self.on_step = on_step
        self._written_at = 0.0

    def __call__(self, done: int, total: int, message="") -> None:
        job = self.job
        text = str(message)[:200] if message else job.progress_message
        now = time.monotonic()
        important = done in (0, total) or text != job.progress_message
        job.progress_done, job.progress_total, job.progress_message = done, total, text
        if self.on_step is not None:
            self.on_step(job)
        if not important and now - self._written_at < PROGRESS_EVERY_SECONDS:
            return
        self._written_at = now
        Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, worker=job.worker).update(
            progress_done=done,
            progress_total=total,
            progress_message=text,
            heartbeat_at=timezone.now(),
        )


def run_next_job(*, worker: str, on_step: Callable[[Job], None] | None = None) -> Job | None:
    """Claim the oldest queued job and run it to its end; the job as it ended, or None when
    there was nothing to do. Stalled jobs of dead workers are queued again first."""
    requeue_stalled_jobs()
    job = claim_next_job(worker=worker)
    if job is None:
        return None
    run_job(job, on_step=on_step)
    job.refresh_from_db()
    return job


def run_job(job: Job, *, on_step: Callable[[Job], None] | None = None) -> None:
    """Run a claimed job's handler and record how it ended."""
    with translation.override(job.language):
        try:
            handler = handler_of(job.kind)
            outcome = handler(job=job, progress=Progress(job, on_step=on_step))
        except JobFailed as error:
            _finish(job, state=Job.State.FAILED, error=error.message)
            return
        except UnknownJobKind:
            _finish(
                job, state=Job.State.FAILED, error=str(wording.UNEXPECTED % {"error": job.kind})
            )
            return
        except Exception as error:  # noqa: BLE001 - the worker's boundary: log it, fail the job, keep going
            logger.exception("Job %s (%s) failed", job.pk, job.kind)
            message = wording.UNEXPECTED % {"error": f"{type(error).__name__}: {error}"[:500]}
            _finish(job, state=Job.State.FAILED, error=str(message))
            return
        if not isinstance(outcome, JobOutcome):
            outcome = JobOutcome(result=dict(outcome or {}))
        _finish(job, state=Job.State.DONE, outcome=outcome)


def _finish(job: Job, *, state: str, error: str = "", outcome: JobOutcome | None = None) -> None:
    """The job's end and its file in one transaction, if the job is still this worker's (a job
    given to another worker after this one was taken for dead ends there, not here)."""
    with transaction.atomic():
        values = {"state": state, "finished_at": timezone.now(), "error": error}
        if outcome is not None:
            values["result"] = outcome.result
            values["progress_done"] = job.progress_total or 1
            values["progress_total"] = job.progress_total or 1
        mine = Job.objects.filter(
            pk=job.pk, state=Job.State.RUNNING, worker=job.worker, attempts=job.attempts
        )
        if not mine.update(**values):
            logger.warning("Job %s was taken over by another worker; its result is dropped", job.pk)
            return
        if outcome is not None and outcome.file is not None:
            content = bytes(outcome.file.content)
            JobFile.objects.create(
                job=job,
                filename=outcome.file.filename[:300],
                content_type=outcome.file.content_type,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
                size=len(content),
            )


def requeue_stalled_jobs() -> int:
    """Queue again the running jobs whose worker stopped giving signs of life; a job that has
    had MAX_ATTEMPTS fails with a clear error instead. How many jobs were touched."""
    now = timezone.now()
    stalled = Job.objects.stalled(before=now - stale_after())
    touched = 0
    for job in stalled.filter(attempts__gte=MAX_ATTEMPTS):
        with translation.override(job.language):
            error = str(wording.WORKER_STOPPED % {"attempts": job.attempts})
        touched += Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
            state=Job.State.FAILED, finished_at=now, error=error
        )
    for job in stalled.filter(attempts__lt=MAX_ATTEMPTS):
        touched += Job.objects.filter(pk=job.pk, state=Job.State.RUNNING).update(
            state=Job.State.QUEUED, worker="", progress_message=_in(job.language, wording.RETRYING)
        )
    return touched


def beat(*, job_id: int, worker: str) -> None:
    """The worker is alive and still at this job (the worker command calls it on a timer)."""
    Job.objects.filter(pk=job_id, state=Job.State.RUNNING, worker=worker).update(
        heartbeat_at=timezone.now()
    )


def cancel_job(*, job: Job) -> bool:
    """A queued job will not run; a running or finished one is not touched. Whether it was
    cancelled."""
    cancelled = Job.objects.filter(pk=job.pk, state=Job.State.QUEUED).update(
        state=Job.State.CANCELLED, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return bool(cancelled)
