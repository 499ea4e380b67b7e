"""Lineage pages: links between years for controllers to decide, and the rollover review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vplan import htmx
from vplan.followups.access import access_plan_for_manage, access_plan_for_view
from vplan.lineage.decisions import decide_link
from vplan.lineage.forms import (
    DecisionForm,
    LinkFilterForm,
    RolloverReviewForm,
    RolloverYearForm,
)
from vplan.lineage.models import LineageLink
from vplan.lineage.proposals import propose_links
from vplan.lineage.rollover import carry_over, propose_rollover
from vplan.organisation import permissions
from vplan.plans.models import Activity, Plan


def _plan_for_member(user, plan_id) -> Plan:
    """Lineage is the administration's own working material: members only."""
    plan = access_plan_for_view(user, plan_id)
    if not permissions.is_member(user, plan.administration):
        raise Http404
    return plan


@login_required
@require_GET
def plan_links(request, plan_id):
    plan = _plan_for_member(request.user, plan_id)
    filters = LinkFilterForm(request.GET or None)
    links = LineageLink.objects.for_plan(plan).with_details().undecided_first()
    if filters.is_valid() and filters.cleaned_data["decision"]:
        links = links.filter(decision=filters.cleaned_data["decision"])
    context = {
        "plan": plan,
        "previous": Plan.objects.previous_of(plan).first(),
        "links": list(links),
        "filters": filters,
        "carried_over": Activity.objects.in_plan(plan)
        .filter(carried_over_from__isnull=False)
        .count(),
        "can_manage": permissions.can_manage_administration(request.user, plan.administration),
    }
    return render(request, "lineage/plan.html", context)


@login_required
@require_POST
def propose(request, plan_id):
    plan = access_plan_for_manage(request.user, plan_id)
    created = propose_links(plan=plan, by=request.user)
    messages.success(request, _("%(count)s new links proposed.") % {"count": len(created)})
    return redirect("lineage:plan", plan.pk)


@login_required
@require_POST
def decide(request, link_id):
    link = get_object_or_404(LineageLink.objects.select_related("activity"), pk=link_id)
    plan = access_plan_for_manage(request.user, link.activity.plan_id)
    form = DecisionForm(request.POST)
    status = 200
    if not form.is_valid():
        status = 422
    else:
        try:
            link = decide_link(link=link, decision=form.cleaned_data["decision"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
            status = 409
    if htmx.is_htmx(request):
        link = LineageLink.objects.with_details().get(pk=link.pk)
        context = {"link": link, "can_manage": True, "errors": form.non_field_errors()}
        return render(request, "lineage/plan.html#link-row", context, status=status)
    for error in form.non_field_errors():
        messages.error(request, error)
    return redirect("lineage:plan", plan.pk)


@login_required
@require_http_methods(["GET", "POST"])
def rollover(request, plan_id):
    plan = access_plan_for_manage(request.user, plan_id)
    year_form = RolloverYearForm(request.GET or {"year": plan.year + 1})
    context = {"plan": plan, "year_form": year_form}
    if not year_form.is_valid():
        return render(request, "lineage/rollover.html", context, status=422)
    year = year_form.cleaned_data["year"]
    try:
        proposal = propose_rollover(plan=plan, to_year=year)
    except ValidationError as error:
        year_form.add_error("year", error.messages)
        return render(request, "lineage/rollover.html", context, status=422)
    form = RolloverReviewForm(request.POST or None, proposal=proposal)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            options = {
                "choices": form.choices(),
                "leave_out": form.leave_out(),
                "promote": form.promote(),
            }
            proposal = propose_rollover(plan=plan, to_year=year, **options)
            if request.POST.get("action") == "save":
                new_plan = carry_over(plan=plan, to_year=year, by=request.user, **options)
                messages.success(
                    request,
                    _("%(count)s activities carried over into %(plan)s.")
                    % {"count": len(proposal.carried), "plan": new_plan},
                )
                return redirect("lineage:plan", new_plan.pk)
        except ValidationError as error:
            for key, errors in error.message_dict.items():
                form.add_error(key if key in form.fields else None, errors)
            status = 422
    elif form.is_bound:
        status = 422
    context.update({"proposal": proposal, "form": form})
    return render(request, "lineage/rollover.html", context, status=status)
