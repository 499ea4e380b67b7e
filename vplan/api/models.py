"""Personal API tokens: a user's key for scripts, stored only as a SHA-256 hash.

A token reads only (`read`) or reads and writes (`read-write`), expires (chosen when it is made)
and can be revoked; who revoked it is kept.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The public prefix every token starts with (not a secret, whatever bandit guesses).
TOKEN_PREFIX = "vplan_"  # nosec B105
DEFAULT_LIFETIME_DAYS = 90
LONGEST_LIFETIME_DAYS = 366


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token_text() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        """Not revoked, not expired, of an active user."""
        return self.filter(
            revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )

    def matching(self, token: str):
        return self.filter(token_hash=hash_token(token))

    def of_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()


class ApiToken(models.Model):
    """One named token of one user; the token itself is shown once, when it is created."""

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        READ_WRITE = "read-write", _("read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(_("token hash (SHA-256)"), max_length=64, unique=True)
    hint = models.CharField(
        _("hint"), max_length=16, help_text=_("The token's first characters, to recognise it.")
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.READ_WRITE
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user", "-created_at"]

    def __str__(self) -> str:
        return f"{self.user} – {self.name} ({self.hint}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_read_only(self) -> bool:
        return self.scope == self.Scope.READ

    @property
    def is_usable(self) -> bool:
        return not self.is_revoked and not self.is_expired


def expiry_after(days: int, *, start: datetime.datetime | None = None) -> datetime.datetime:
    return (start or timezone.now()) + datetime.timedelta(days=days)
