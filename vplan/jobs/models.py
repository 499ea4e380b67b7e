"""Long work that must not hold a request (a large import, the PDF of a large plan) is a `Job`:
a row in the database that a worker (`vplan worker`) claims, runs and reports progress on.

The table is the queue: no broker. A job's file (a PDF) is kept in `JobFile`, in the database,
so every app server behind a load balancer serves it without a shared disk.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def active(self):
        """Jobs still to finish: queued or running."""
        return self.filter(state__in=Job.ACTIVE_STATES)

    def queued_first(self):
        """Queued jobs, oldest first: the order the workers take them in."""
        return self.filter(state=Job.State.QUEUED).order_by("created_at", "id")

    def stalled(self, *, before):
        """Running jobs whose worker has not said it is alive since `before`."""
        return self.filter(state=Job.State.RUNNING, heartbeat_at__lt=before)


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE_STATES = (State.QUEUED, State.RUNNING)
    FINISHED_STATES = (State.DONE, State.FAILED, State.CANCELLED)

    kind = models.CharField(
        _("kind"), max_length=200, help_text=_("The dotted name of the function that does it.")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=300,
        blank=True,
        help_text=_("At most one queued or running job per key."),
    )
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.QUEUED)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), default=0)
    progress_message = models.CharField(_("progress"), max_length=200, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    worker = models.CharField(_("worker"), max_length=200, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="jobs_job_state_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(state__in=["queued", "running"]) & ~Q(dedupe_key=""),
                name="jobs_one_active_job_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title or self.kind} ({self.get_state_display()})"

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED_STATES

    @property
    def percent(self) -> int:
        """How far it has come, 0-100 (100 when done)."""
        if self.state == self.State.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)


class JobFile(models.Model):
    """The file a job produced (a PDF), kept in the database: any app server can serve it."""

    job = models.OneToOneField(
        Job, verbose_name=_("job"), on_delete=models.CASCADE, related_name="file"
    )
    filename = models.CharField(_("file name"), max_length=300)
    content_type = models.CharField(_("content type"), max_length=200)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("job file")
        verbose_name_plural = _("job files")

    def __str__(self) -> str:
        return self.filename


class JobUpload(models.Model):
    """The file a job works on (an uploaded report), kept in the database until the job has
    read it, so that any worker can take the job."""

    job = models.OneToOneField(
        Job, verbose_name=_("job"), on_delete=models.CASCADE, related_name="upload"
    )
    filename = models.CharField(_("file name"), max_length=300)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("job upload")
        verbose_name_plural = _("job uploads")

    def __str__(self) -> str:
        return self.filename
