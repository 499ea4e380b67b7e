"""Proposed links between an activity and the same activity in the previous year's plan."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vplan.plans.models import Activity


class LinkQuerySet(models.QuerySet):
    def for_plan(self, plan):
        return self.filter(activity__plan=plan)

    def pending(self):
        return self.filter(decision=LineageLink.Decision.PENDING)

    def confirmed(self):
        return self.filter(decision=LineageLink.Decision.CONFIRMED)

    def rejected(self):
        return self.filter(decision=LineageLink.Decision.REJECTED)

    def undecided_first(self):
        """Pending links first, each group most confident first."""
        pending_first = models.Case(
            models.When(decision=LineageLink.Decision.PENDING, then=0), default=1
        )
        return self.order_by(pending_first, "-confidence", "activity__order", "activity_id")

    def with_details(self):
        return self.select_related(
            "activity__plan__administration", "predecessor__plan", "decided_by"
        )


class LineageLink(models.Model):
    """'This activity continues that one from last year': proposed, then confirmed or rejected."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="predecessor_links",
    )
    predecessor = models.ForeignKey(
        Activity,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="successor_links",
        help_text=_("The same activity in the previous year's plan."),
    )
    confidence = models.FloatField(
        _("confidence"), validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )
    reasons = models.JSONField(
        _("reasons"), default=dict, blank=True, help_text=_("What the confidence is made of.")
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("lineage link")
        verbose_name_plural = _("lineage links")
        ordering = ["-confidence", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "predecessor"], name="one_link_per_pair_of_activities"
            ),
            models.UniqueConstraint(
                fields=["activity"],
                condition=models.Q(decision="confirmed"),
                name="one_confirmed_predecessor_per_activity",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0.0) & models.Q(confidence__lte=1.0),
                name="confidence_between_0_and_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.activity} ({self.confidence:.2f})"

    def clean(self) -> None:
        if self.activity.plan.administration_id != self.predecessor.plan.administration_id:
            raise ValidationError(_("Both activities must belong to the same administration."))
        if self.predecessor.plan.year >= self.activity.plan.year:
            raise ValidationError(
                {"predecessor": _("The predecessor belongs to an earlier year's plan.")}
            )

    @property
    def confidence_percent(self) -> int:
        return round(self.confidence * 100)

    @property
    def reason_labels(self) -> list[str]:
        """What the confidence rests on, in words a controller reads."""
        from django.utils.translation import gettext

        reasons = self.reasons or {}
        labels = [
            gettext("wording %(percent)s %%") % {"percent": round(reasons.get("text", 0) * 100)}
        ]
        if reasons.get("boards"):
            labels.append(gettext("same board"))
        if reasons.get("goals"):
            labels.append(gettext("same board goal"))
        if reasons.get("marked"):
            labels.append(gettext("marked as carried over"))
        if reasons.get("postponed_into_year"):
            labels.append(gettext("postponed into this year"))
        if reasons.get("continues"):
            labels.append(gettext("text says it continues"))
        if reasons.get("unfinished"):
            labels.append(gettext("not done last year"))
        return labels

    def as_dict(self) -> dict:
        """The link as plain data (the command's --json and the API)."""

        def side(activity: Activity) -> dict:
            return {
                "id": activity.pk,
                "plan_id": activity.plan_id,
                "plan_year": activity.plan.year,
                "text": activity.text,
            }

        return {
            "id": self.pk,
            "activity": side(self.activity),
            "predecessor": side(self.predecessor),
            "confidence": self.confidence,
            "decision": self.decision,
            "decided_by": self.decided_by.get_username() if self.decided_by else None,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "reasons": self.reasons,
        }
