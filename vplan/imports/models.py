"""A record of every imported document, so the same file is never imported twice."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vplan.followups.models import FollowUpRound
from vplan.plans.models import Plan


class DocumentImport(models.Model):
    """One imported follow-up report, identified by the SHA-256 of the file's bytes."""

    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, unique=True)
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
