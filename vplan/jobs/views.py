"""The job page: what a job is doing, a progress bar that htmx refreshes every second until the
job has ended, then its result (a link, a file to download) or its error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vplan import htmx

from .access import access_job
from .models import Job, JobFile
from .running import cancel_job


@login_required
@require_GET
def job_page(request, pk: int):
    job = access_job(request.user, pk)
    context = {"job": job, "has_file": _has_file(job)}
    if htmx.is_htmx(request):
        return render(request, "jobs/job.html#job-status", context)
    return render(request, "jobs/job.html", context)


@login_required
@require_GET
def job_file(request, pk: int):
    job = access_job(request.user, pk)
    try:
        file = JobFile.objects.get(job=job, job__state=Job.State.DONE)
    except JobFile.DoesNotExist:
        return redirect("jobs:job", pk=job.pk)
    response = HttpResponse(bytes(file.content), content_type=file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, file.filename)
    response["ETag"] = f'"{file.sha256}"'
    return response


@login_required
@require_POST
def cancel(request, pk: int):
    job = access_job(request.user, pk)
    if cancel_job(job=job):
        messages.info(request, _("The job was cancelled before it started."))
    else:
        messages.error(request, _("The job has already started and can no longer be cancelled."))
    return redirect("jobs:job", pk=job.pk)


def _has_file(job: Job) -> bool:
    return job.state == Job.State.DONE and JobFile.objects.filter(job=job).exists()
