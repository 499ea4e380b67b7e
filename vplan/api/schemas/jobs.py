"""Background jobs: what a job is doing, how far it has come, and how it ended."""

import datetime

from django.urls import reverse
from ninja import Field, Schema

from vplan.jobs.models import Job, JobFile


class ProgressOut(Schema):
    done: int = Field(validation_alias="progress_done")
    total: int = Field(validation_alias="progress_total")
    percent: int
    message: str = Field(validation_alias="progress_message")


# A vplan.jobs.models.Job.
class JobOut(Schema):
    id: int
    kind: str = Field(description="What the job does, e.g. report_import or round_pdf.")
    title: str
    state: str = Field(description="queued, running, done, failed or cancelled.")
    progress: ProgressOut
    result: dict = Field(
        description="When done: what came of it (an import's plan_id, round_id and counts; a "
        "message; a url to go on to)."
    )
    error: str | None = Field(description="When failed: what was wrong; nothing was written.")
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    url: str = Field(description="This job in the API: poll it until the state is final.")
    page_url: str = Field(description="The job's page, with a progress bar.")
    file_url: str | None = Field(description="When done with a file: GET it here.")

    @staticmethod
    def resolve_kind(job: Job) -> str:
        return job.kind.rsplit(".", 1)[-1]

    @staticmethod
    def resolve_progress(job: Job) -> Job:
        return job

    @staticmethod
    def resolve_error(job: Job) -> str | None:
        return job.error or None

    @staticmethod
    def resolve_url(job: Job) -> str:
        return job_api_url(job)

    @staticmethod
    def resolve_page_url(job: Job) -> str:
        return reverse("jobs:job", args=[job.pk])

    @staticmethod
    def resolve_file_url(job: Job) -> str | None:
        if job.state != Job.State.DONE or not JobFile.objects.filter(job=job).exists():
            return None
        return reverse("api:job_file", args=[job.pk])


def job_api_url(job: Job) -> str:
    return reverse("api:job", args=[job.pk])
