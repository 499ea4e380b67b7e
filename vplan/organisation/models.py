"""Administrations, the boards they serve, and who holds which role where."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def canonical_board_code(code: str) -> str:
    """Board codes are written BiN, BIN, Bin ...: one canonical upper-case form."""
    return "".join(code.split()).upper()


class Administration(models.Model):
    """A förvaltning: writes the activity plan for the boards it serves."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_code = models.CharField(_("short code"), max_length=20, unique=True)
    municipality = models.CharField(_("municipality"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("administration")
        verbose_name_plural = _("administrations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_code})"

    @property
    def genitive_name(self) -> str:
        """Swedish genitive for titles: 'Utbildningsförvaltningens'."""
        return self.name if self.name.endswith(("s", "x", "z")) else f"{self.name}s"


class BoardQuerySet(models.QuerySet):
    def by_code(self, code: str):
        return self.filter(code=canonical_board_code(code))

    def active(self):
        return self.filter(is_active=True)

    def of_administration(self, administration):
        return self.filter(administration=administration)


class Board(models.Model):
    """A nämnd, with the short code the documents use (BoU, BiN ...)."""

    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Canonical upper-case code, e.g. BIN."),
    )
    display_code = models.CharField(
        _("display code"), max_length=20, help_text=_("As the reports write it, e.g. BiN.")
    )
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="boards",
        null=True,
        blank=True,
    )
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Where the board comes in lists; lower first.")
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("An inactive board keeps its history but gets no new activities."),
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        help_text=_("The board that took over when this one was merged or renamed."),
    )

    objects = BoardQuerySet.as_manager()

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["order", "display_code"]

    def __str__(self) -> str:
        return self.display_code

    def clean(self) -> None:
        self.code = canonical_board_code(self.code or self.display_code)
        if canonical_board_code(self.display_code) != self.code:
            raise ValidationError({"display_code": _("The display code must spell the code.")})
        if self.replaced_by_id is not None:
            self._clean_replacement()

    def _clean_replacement(self) -> None:
        if self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("A board cannot replace itself.")})
        if self.replaced_by.administration_id != self.administration_id:
            raise ValidationError(
                {"replaced_by": _("The replacing board belongs to the same administration.")}
            )
        if self.is_active:
            raise ValidationError({"replaced_by": _("A replaced board is no longer active.")})
        successor, seen = self.replaced_by, {self.pk}
        while successor is not None:
            if successor.pk in seen:
                raise ValidationError(
                    {"replaced_by": _("The boards would replace each other in a circle.")}
                )
            seen.add(successor.pk)
            successor = successor.replaced_by

    @property
    def current_board(self) -> "Board":
        """The board that carries on this one's work now: itself, or the last replacement."""
        board = self
        while board.replaced_by_id is not None:
            board = board.replaced_by
        return board


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    CONTROLLER = "controller", _("controller")
    EDITOR = "editor", _("editor")
    READER = "reader", _("reader")


class MembershipSource(models.TextChoices):
    """How a membership came about."""

    MANUAL = "manual", _("granted by hand")
    IMPORT = "import", _("imported from a file")
    OIDC = "oidc", _("from single sign-on")


class MembershipQuerySet(models.QuerySet):
    def current(self):
        """The memberships that hold now: not ended. Every permission decision reads these."""
        return self.filter(ended_at__isnull=True)

    def ended(self):
        return self.filter(ended_at__isnull=False)


class Membership(models.Model):
    """A user's role in an administration, on one of its boards or (board empty) on all.

    A membership is never deleted by the interface: ending it sets `ended_at`, `ended_by` and
    `end_reason`, so the history of who held which role, granted by whom and when, is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    administration = models.ForeignKey(
        Administration,
        verbose_name=_("administration"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    board = models.ForeignKey(
        Board,
        verbose_name=_("board"),
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
        help_text=_("Empty: the role applies to every board of the administration."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    granted_at = models.DateTimeField(
        _("granted at"),
        null=True,
        blank=True,
        default=timezone.now,
        help_text=_("Empty for memberships granted before the history was kept."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(
        _("source"),
        max_length=16,
        choices=MembershipSource.choices,
        default=MembershipSource.MANUAL,
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, db_index=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    end_reason = models.CharField(_("reason for ending"), max_length=500, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # One current membership per user, administration, board and role; ended ones are
            # history and may repeat. NULL boards compare unequal in a unique index, hence the
            # second constraint for the memberships on every board.
            models.UniqueConstraint(
                fields=["user", "administration", "board", "role"],
                condition=Q(ended_at__isnull=True),
                name="unique_current_membership",
                violation_error_message=_("The person already holds this role here."),
            ),
            models.UniqueConstraint(
                fields=["user", "administration", "role"],
                condition=Q(ended_at__isnull=True, board__isnull=True),
                name="unique_current_membership_all_boards",
                violation_error_message=_("The person already holds this role here."),
            ),
        ]

    def __str__(self) -> str:
        where = self.board or self.administration.short_code
        return f"{self.user} – {self.get_role_display()} – {where}"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None
