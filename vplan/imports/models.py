"""A record of every imported document (who imported which file into which round, with its
warnings), and the uploads waiting for confirmation on the import page."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vplan.followups.models import FollowUpRound
from vplan.organisation.models import Administration
from vplan.plans.models import Plan


class DocumentImport(models.Model):
    """One imported follow-up report (or a new version of one), with the SHA-256 of its file.

    A report is recognised by its content (vplan.imports.difference), not by this checksum: the
    same report as text, Word or PDF has three checksums and is imported once.
    """

    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    source_name = models.CharField(_("file name"), max_length=300)
    format = models.CharField(_("format"), max_length=20)
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="imports"
    )
    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="imports"
    )
    activity_count = models.PositiveIntegerField(_("activities"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    document = models.JSONField(
        _("parsed document"),
        default=dict,
        blank=True,
        help_text=_("The report as it was read, so the same report is known again."),
    )
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document import")
        verbose_name_plural = _("document imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.imported_at:%Y-%m-%d})"


class PendingImportQuerySet(models.QuerySet):
    def expired(self):
        """Uploads nobody confirmed or cancelled within a day."""
        return self.filter(created_at__lt=timezone.now() - PendingImport.KEPT_FOR)


class PendingImport(models.Model):
    """An uploaded report waiting for its uploader to look at the preview and confirm.

    It keeps the parsed document, so what is loaded is exactly what the preview showed, and the
    page stays stateless across workers (nothing on local disk, nothing in the session).
    Confirming or cancelling removes it; so does the next upload, a day later.
    """

    KEPT_FOR = datetime.timedelta(days=1)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    source_name = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    parsed = models.JSONField(_("parsed document"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.created_at:%Y-%m-%d %H:%M})"
