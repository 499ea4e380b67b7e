"""Single sign-on: who a provider's subject is here, and which groups give which roles."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vplan.audit.models import LiveManager, SoftDeletable
from vplan.organisation.models import Administration, Board, Role


class SignInIdentity(models.Model):
    """A user as an OpenID Connect provider knows them: the issuer and its subject (`sub`).

    The subject, not the e-mail address or the user name, is what stays the same at the provider,
    so a person renamed there is still the same person here."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="sign_in_identities",
    )
    issuer = models.CharField(_("issuer"), max_length=500)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_sign_in_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in identity")
        verbose_name_plural = _("sign-in identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_sign_in_identity")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject})"


class ClaimRoleMappingQuerySet(models.QuerySet):
    def of_administrations(self, administrations):
        return self.filter(administration__in=administrations)

    def matching(self, groups):
        return self.filter(claim_value__in=list(groups))


class ClaimRoleMapping(SoftDeletable):
    """A group (or other claim value) at the provider that gives a role here.

    Everyone whose groups claim holds `claim_value` when they sign in gets `role` in
    `administration`, on `board` or (board empty) on all its boards."""

    claim_value = models.CharField(
        _("group or claim value"),
        max_length=255,
        help_text=_("As the provider sends it: a group name, or a group's object id (Entra ID)."),
    )
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="claim_role_mappings",
    )
    board = models.ForeignKey(
        Board,
        verbose_name=_("board"),
        on_delete=models.PROTECT,
        related_name="claim_role_mappings",
        null=True,
        blank=True,
        help_text=_("Empty: the role applies to every board of the administration."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = LiveManager.from_queryset(ClaimRoleMappingQuerySet)()
    all_objects = models.Manager.from_queryset(ClaimRoleMappingQuerySet)()

    class Meta:
        verbose_name = _("group mapping")
        verbose_name_plural = _("group mappings")
        ordering = ["administration", "claim_value", "board", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim_value", "administration", "board", "role"],
                condition=models.Q(deleted_at__isnull=True),
                name="unique_live_claim_role_mapping",
            )
        ]

    def __str__(self) -> str:
        where = self.board or self.administration.short_code
        return f"{self.claim_value} → {self.get_role_display()} ({where})"
