"""The plan page and the activity page; plan editing for controllers."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from vplan.followups.access import access_plan_for_view, readable_rounds
from vplan.followups.activity_page import read_activity_page
from vplan.followups.models import StatusCategory, StatusReport
from vplan.organisation import permissions
from vplan.plans.forms import PlanFilterForm
from vplan.plans.models import Activity
from vplan.plans.outline import build_outline


@require_GET
def plan_detail(request, plan_id):
    plan = access_plan_for_view(request.user, plan_id)
    rounds = list(readable_rounds(request.user).filter(plan=plan).order_by("as_of"))
    boards = list(plan.boards.all())
    filters = PlanFilterForm(request.GET, boards=boards, rounds=rounds)
    round = filters.chosen_round
    activities = list(
        filters.filter_activities(
            Activity.objects.in_plan(plan).top_level().with_plan_details().with_parts()
        )
    )
    is_member = permissions.is_member(request.user, plan.administration)
    reports = _current_reports(round, is_member=is_member)
    for activity in activities:
        activity.current_report = reports.get(activity.pk)
        for part in activity.parts.all():
            part.current_report = reports.get(part.pk)
    outline = build_outline(activities, perspective=filters.cleaned_data.get("perspective"))
    context = {
        "plan": plan,
        "rounds": rounds,
        "round": round,
        "filters": filters,
        "outline": outline,
        "counts": _counts(activities),
        "can_manage": permissions.can_manage_administration(request.user, plan.administration),
    }
    return render(request, "plans/plan.html", context)


@require_GET
def activity_detail(request, activity_id):
    page = read_activity_page(user=request.user, activity_id=activity_id)
    return render(request, "plans/activity.html", vars(page))


def _current_reports(round, *, is_member: bool) -> dict:
    if round is None:
        return {}
    reports = StatusReport.objects.current_seen_by(round, is_member=is_member).with_details()
    return {report.activity_id: report for report in reports}


def _counts(activities) -> dict:
    """How many activities are shown, per status category, without status, postponed, carried."""
    categories = [a.current_report.category if a.current_report else None for a in activities]
    return {
        "total": len(activities),
        "categories": [
            (value, label, categories.count(value)) for value, label in StatusCategory.choices
        ],
        "missing": sum(1 for a in activities if a.current_report is None),
        "postponed": sum(1 for a in activities if a.is_postponed),
        "carried_over": sum(1 for a in activities if a.carried_over_year),
    }
