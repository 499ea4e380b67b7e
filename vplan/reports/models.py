"""Word templates uploaded by an administration, and reports frozen when sent to the board."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vplan.followups.models import FollowUpRound
from vplan.organisation.models import Administration


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF/A (.pdf)")
    HTML = "html", _("Web page (.html)")
    XLSX = "xlsx", _("Excel (.xlsx)")
    CSV = "csv", _("CSV (.csv)")


class ReportTemplateQuerySet(models.QuerySet):
    def active_for(self, administration: Administration):
        return self.filter(administration=administration, is_active=True)


class ReportTemplate(models.Model):
    """An administration's own Word template: its styles, logo, header and footer.

    The file is kept in the database with the rest of the record, so a backup holds it too.
    At most one template per administration is active; the others stay as history.
    """

    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="report_templates",
    )
    filename = models.CharField(_("file name"), max_length=255)
    file = models.BinaryField(_("file"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ReportTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        ordering = ["administration", "-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration"],
                condition=models.Q(is_active=True),
                name="one_active_report_template_per_administration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.administration.short_code}: {self.filename}"


class SentReportQuerySet(models.QuerySet):
    def for_round(self, round: FollowUpRound):
        return self.filter(round=round)

    def without_content(self):
        """For lists: the stored bytes are only read when a version is downloaded."""
        return self.defer("content").select_related("sent_by")


class SentReport(models.Model):
    """A report as sent to the board: a public document, frozen byte for byte."""

    round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="sent_reports",
    )
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    as_of = models.DateTimeField(_("as known at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    objects = SentReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("sent report")
        verbose_name_plural = _("sent reports")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.round} – {self.filename} ({self.sent_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A sent report is frozen; send a new version instead.")
        super().save(*args, **kwargs)

    @property
    def is_intact(self) -> bool:
        """The stored bytes still have the SHA-256 recorded when the report was sent."""
        return hashlib.sha256(bytes(self.content)).hexdigest() == self.sha256

    @property
    def short_sha256(self) -> str:
        return self.sha256[:12]
