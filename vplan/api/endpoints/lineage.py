"""Lineage: which activity of last year's plan each activity continues, proposed by Vplan and
confirmed or rejected by a controller.

The same operations as the lineage page (vplan/lineage/views.py): `propose_links` and
`decide_link`. The links are the administration's working material: its members read them, its
controllers and administrators propose and decide; everyone else gets 404, as on the page.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from vplan.api.access import user_of
from vplan.api.errors import error_body, field_errors, summary
from vplan.api.paging import PageParams, in_stable_order
from vplan.api.schemas.common import ERRORS
from vplan.api.schemas.lineage import DecisionIn, LinkOut, PlanLinksOut
from vplan.followups.access import access_plan_for_manage, access_plan_for_view
from vplan.lineage.decisions import decide_link
from vplan.lineage.models import LineageLink
from vplan.lineage.proposals import propose_links
from vplan.organisation import permissions
from vplan.plans.models import Activity, Plan

router = Router(tags=["lineage"])


def _plan_for_member(user, plan_id: int) -> Plan:
    """As the page: members of the administration only (others: 404)."""
    plan = access_plan_for_view(user, plan_id)
    if not permissions.is_member(user, plan.administration):
        raise Http404
    return plan


@router.get("/plans/{int:plan_id}/lineage", response={200: PlanLinksOut, **ERRORS})
def plan_links(request, plan_id: int, page: Query[PageParams], decision: str | None = None):
    """The plan's links to last year's activities. `decision`: pending, confirmed or rejected.
    `links` holds `limit` of them from `offset`; `link_count` says how many there are."""
    user = user_of(request)
    plan = _plan_for_member(user, plan_id)
    links = in_stable_order(LineageLink.objects.for_plan(plan).with_details().undecided_first())
    if decision is not None:
        if decision not in LineageLink.Decision.values:
            raise ValidationError(
                {
                    "decision": _("Choose one of: %(values)s.")
                    % {"values": ", ".join(LineageLink.Decision.values)}
                }
            )
        links = links.filter(decision=decision)
    previous = Plan.objects.previous_of(plan).prefetch_related("boards").first()
    return {
        "plan": plan,
        "previous_plan": previous,
        "carried_over": Activity.objects.in_plan(plan)
        .filter(carried_over_from__isnull=False)
        .count(),
        "can_manage": permissions.can_manage_administration(user, plan.administration),
        "link_count": links.count(),
        "links": links[page.offset : page.offset + page.limit],
    }


@router.post("/plans/{int:plan_id}/lineage/propose", response={200: list[LinkOut], **ERRORS})
def propose(request, plan_id: int):
    """Propose links from the plan's activities to last year's; returns the new ones (none when
    Vplan has no plan for last year). A rejected pair is never proposed again."""
    user = user_of(request)
    plan = access_plan_for_manage(user, plan_id)
    return propose_links(plan=plan, by=user)


@router.post("/lineage-links/{int:link_id}/decide", response={200: LinkOut, **ERRORS})
def decide(request, link_id: int, payload: DecisionIn):
    """Confirm or reject a link. Confirming sets the activity's `carried_over_from` (so it shows
    'Kvarstår från <year>'); 409 when the activity already continues another confirmed one."""
    user = user_of(request)
    found = get_object_or_404(LineageLink.objects.select_related("activity"), pk=link_id)
    access_plan_for_manage(user, found.activity.plan_id)
    try:
        decided = decide_link(link=found, decision=payload.decision, by=user)
    except ValidationError as error:
        errors = field_errors(error)
        return Status(409, error_body(summary(errors), "state", errors))
    return LineageLink.objects.with_details().get(pk=decided.pk)
