"""Who changed what and when, and soft deletion that can be undone."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChangeRecordQuerySet(models.QuerySet):
    def of_administrations(self, administration_ids):
        """The records of these administrations' objects; None means every record."""
        if administration_ids is None:
            return self
        return self.filter(administration_id__in=administration_ids)

    def for_log(self):
        return self.select_related("changed_by", "content_type", "administration").order_by(
            "-changed_at", "-id"
        )


class ChangeRecord(models.Model):
    """One change to one object, written explicitly by the operation that made it."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CHANGED = "changed", _("changed")
        DELETED = "deleted", _("deleted")
        RESTORED = "restored", _("restored")
        REMOVED = "removed", _("removed for real")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    administration = models.ForeignKey(
        "organisation.Administration",
        verbose_name=_("administration"),
        null=True,
        blank=True,
        # The record outlives its administration: no constraint, nothing cascades or blocks.
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text=_("Whose administrators read this record; empty for shared reference data."),
    )

    objects = ChangeRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class LiveQuerySet(models.QuerySet):
    def live(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class LiveManager(models.Manager.from_queryset(LiveQuerySet)):
    """The default manager of soft-deletable models: deleted rows are not seen."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeletable(models.Model):
    """Rows are never removed by the interface: they are marked deleted and can be restored."""

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = LiveManager()
    all_objects = models.Manager.from_queryset(LiveQuerySet)()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class PurgeDecision(models.Model):
    """A removal for real (gallring), made only by `vplan purge` under a recorded decision.

    The row stays after the removal, with the change records of what was removed: they are the
    trace that the archive law asks for."""

    reference = models.CharField(
        _("decision reference"),
        max_length=200,
        help_text=_("The decision that allows the removal, e.g. KS 2026/123."),
    )
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    executed_at = models.DateTimeField(_("executed at"), default=timezone.now, db_index=True)
    scope = models.JSONField(_("what was removed"), default=dict)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("purge decision")
        verbose_name_plural = _("purge decisions")
        ordering = ["-executed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.executed_at:%Y-%m-%d} {self.reference}"
