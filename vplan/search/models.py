"""The state of the SQLite full-text index (PostgreSQL searches the tables themselves)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchIndexState(models.Model):
    """What the SQLite index was built from, to tell when it has gone stale."""

    fingerprint = models.CharField(_("fingerprint"), max_length=500)
    entries = models.PositiveIntegerField(_("entries"), default=0)
    built_at = models.DateTimeField(_("built at"), default=timezone.now)

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index states")

    def __str__(self) -> str:
        return f"{self.entries} entries, built {self.built_at:%Y-%m-%d %H:%M}"
