"""Background jobs: a large import or the PDF of a large plan answers 202 with a job; poll
`GET /api/jobs/{id}` until its state is done (then `result`, and `file_url` for a file) or
failed (then `error`). Only whoever asked for a job sees it."""

from django.http import Http404, HttpResponse
from ninja import Router, Status

from vplan.api.access import user_of
from vplan.api.downloads import attachment, file_responses
from vplan.api.schemas.common import ERRORS
from vplan.api.schemas.jobs import JobOut, job_api_url
from vplan.jobs.access import access_job
from vplan.jobs.models import Job, JobFile
from vplan.jobs.running import cancel_job

router = Router(tags=["jobs"])


def accepted(job: Job, response: HttpResponse):
    """The 202 answer of an endpoint that left its work to a job: the job, and its URL in the
    Location header."""
    response["Location"] = job_api_url(job)
    return Status(202, job)


@router.get("/jobs/{int:job_id}", response={200: JobOut, **ERRORS}, url_name="job")
def get_job(request, job_id: int):
    """A job you asked for: its state, progress, and result or error."""
    return access_job(user_of(request), job_id)


@router.get(
    "/jobs/{int:job_id}/file",
    response=ERRORS,
    url_name="job_file",
    openapi_extra=file_responses(
        "application/pdf", description="The file the job made; the ETag is its SHA-256."
    ),
)
def download_job_file(request, job_id: int):
    """The file a finished job made (404 while it runs, or when it makes no file)."""
    job = access_job(user_of(request), job_id)
    file = JobFile.objects.filter(job=job, job__state=Job.State.DONE).first()
    if file is None:
        raise Http404
    return attachment(
        bytes(file.content),
        content_type=file.content_type,
        filename=file.filename,
        etag=file.sha256,
    )


@router.post("/jobs/{int:job_id}/cancel", response={200: JobOut, **ERRORS})
def cancel(request, job_id: int):
    """Cancel a queued job (a running or finished one is left as it is: see `state`)."""
    job = access_job(user_of(request), job_id)
    cancel_job(job=job)
    return job
