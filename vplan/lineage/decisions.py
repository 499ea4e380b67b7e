"""A controller confirms or rejects a proposed link; the decision is kept and traced."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vplan.audit.trail import update_with_trail
from vplan.lineage.models import LineageLink


def decide_link(*, link: LineageLink, decision: str, by) -> LineageLink:
    """Confirm or reject `link` (deciding again changes the decision; both are recorded).

    A confirmed link also sets the activity's `carried_over_from` when it has none, so the
    'Kvarstår från <year>' marker and the chain of years follow. Rejecting a link that had set it
    clears it again.
    """
    if decision not in (LineageLink.Decision.CONFIRMED, LineageLink.Decision.REJECTED):
        raise ValidationError(
            {
                "decision": _("Choose 'confirmed' or 'rejected', not %(value)r.")
                % {"value": decision}
            }
        )
    with transaction.atomic():
        LineageLink.objects.select_for_update().get(pk=link.pk)  # lock the row, then read it
        link = LineageLink.objects.with_details().get(pk=link.pk)
        if link.decision == decision:
            return link
        activity = link.activity
        if decision == LineageLink.Decision.CONFIRMED:
            other = (
                LineageLink.objects.confirmed()
                .filter(activity=activity)
                .exclude(pk=link.pk)
                .select_related("predecessor")
                .first()
            )
            if other is not None:
                raise ValidationError(
                    {
                        "decision": _(
                            "This activity is already confirmed as continuing “%(text)s”. "
                            "Reject that link first."
                        )
                        % {"text": other.predecessor.text[:80]}
                    }
                )
        was_confirmed = link.decision == LineageLink.Decision.CONFIRMED
        update_with_trail(
            obj=link,
            by=by,
            decision=decision,
            decided_by=by if getattr(by, "is_authenticated", False) else None,
            decided_at=timezone.now(),
        )
        if decision == LineageLink.Decision.CONFIRMED and activity.carried_over_from_id is None:
            update_with_trail(obj=activity, by=by, carried_over_from=link.predecessor)
        if was_confirmed and activity.carried_over_from_id == link.predecessor_id:
            update_with_trail(obj=activity, by=by, carried_over_from=None)
        return link
