"""Word templates uploaded by an administration, and reports frozen when sent to the board."""

import hashlib

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
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


class PublicationQuerySet(models.QuerySet):
    def for_round(self, round: FollowUpRound):
        return self.filter(round=round)

    def latest_first(self):
        return self.order_by("-number")


class Publication(models.Model):
    """What a round showed when it was published: the report model, frozen.

    Every page, format and API response of a published round reads this, not the plan as it is
    now, so later changes to the plan (end dates, texts, places, deletions) do not reach it. The
    first publication has number 1; publishing a corrected round again adds the next number with
    its reason, and the earlier ones stay as they were.
    """

    round = models.ForeignKey(
        FollowUpRound,
        verbose_name=_("round"),
        on_delete=models.PROTECT,
        related_name="publications",
    )
    number = models.PositiveIntegerField(_("number"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    approved_boards = models.JSONField(
        _("boards approved at publication"),
        default=list,
        blank=True,
        help_text=_("The boards whose sign-off of the round was approved when it was published."),
    )
    reports = models.JSONField(
        _("report as published"),
        encoder=DjangoJSONEncoder,
        help_text=_("The report model in each interface language, as it stood when published."),
    )
    word_template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("Word template"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The template in use when the round was published; empty: the default."),
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["round", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"], name="one_publication_per_round_and_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} #{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A publication is frozen; publish a correction instead.")
        super().save(*args, **kwargs)

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class PublishedFile(models.Model):
    """A file of a publication, kept byte for byte the first time it is produced.

    The file is rendered from the frozen report model once per format, language and audience
    (with or without personal names) and then always served from here.
    """

    class Audience(models.TextChoices):
        MEMBERS = "members", _("members of the administration")
        PUBLIC = "public", _("the public")

    publication = models.ForeignKey(
        Publication,
        verbose_name=_("publication"),
        on_delete=models.PROTECT,
        related_name="files",
    )
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    language = models.CharField(_("language"), max_length=10)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("published file")
        verbose_name_plural = _("published files")
        ordering = ["publication", "format", "language", "audience"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "format", "language", "audience"],
                name="one_published_file_per_format_language_and_audience",
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication}: {self.filename} ({self.audience})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A published file is frozen.")
        super().save(*args, **kwargs)


class StoredReport(models.Model):
    """A report file a worker made of a round as its data stood, kept so that asking again for
    the same file of an unchanged round serves these bytes at once, without a new job.

    `fingerprint` is a digest of what the file was made from (vplan.reports.stored): the
    round, its plan, the counts and newest rows of its activities, placements and status
    reports, the administration's newest change record and Word template, and the "as of"
    moment. Any change gives another fingerprint, and so a new file; a published round's files
    are `PublishedFile`s instead, frozen for ever.
    """

    round = models.ForeignKey(
        FollowUpRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="+"
    )
    format = models.CharField(_("format"), max_length=8, choices=ReportFormat.choices)
    language = models.CharField(_("language"), max_length=10)
    audience = models.CharField(
        _("audience"), max_length=10, choices=PublishedFile.Audience.choices
    )
    fingerprint = models.CharField(_("fingerprint of the data"), max_length=64)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("stored report")
        verbose_name_plural = _("stored reports")
        ordering = ["round", "format", "language", "audience", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "format", "language", "audience", "fingerprint"],
                name="one_stored_report_per_fingerprint",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.audience}, {self.fingerprint[:12]})"
