"""Who may see a job, its progress, its result and its file: whoever asked for it (and
superusers). Everyone else is told it does not exist. One condition per line."""

from django.http import Http404

from .models import Job


def access_job(user, pk) -> Job:
    try:
        job = Job.objects.get(pk=pk)
    except (Job.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if not user.is_active:
        raise Http404
    if user.is_superuser:
        return job
    if job.created_by_id != user.pk:
        raise Http404
    return job
