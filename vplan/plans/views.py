"""The plan page and the activity page; plan editing for controllers."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from vplan.audit.trail import history_of
from vplan.followups.models import StatusCategory, StatusReport
from vplan.organisation import permissions
from vplan.plans.forms import PlanFilterForm
from vplan.plans.models import Activity
from vplan.plans.outline import build_outline


@require_GET
def plan_detail(request, plan_id):
    plan = permissions.access_plan_for_view(request.user, plan_id)
    rounds = list(permissions.readable_rounds(request.user).filter(plan=plan).order_by("as_of"))
    boards = list(plan.boards.all())
    filters = PlanFilterForm(request.GET, boards=boards, rounds=rounds)
    round = filters.chosen_round
    activities = list(
        filters.filter_activities(
            Activity.objects.in_plan(plan).top_level().with_plan_details().with_parts()
        )
    )
    reports = _current_reports(round)
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
    activity = permissions.access_activity_for_view(request.user, activity_id)
    activity = Activity.objects.with_plan_details().with_parts().get(pk=activity.pk)
    plan = activity.plan
    rounds = list(permissions.readable_rounds(request.user).filter(plan=plan).order_by("as_of"))
    reports = StatusReport.objects.filter(activity=activity, round__in=rounds).with_details()
    by_round = {round.pk: [] for round in rounds}
    for report in reports.order_by("-version"):
        by_round[report.round_id].append(report)
    is_member = permissions.is_member(request.user, plan.administration)
    context = {
        "activity": activity,
        "plan": plan,
        "rounds": [
            (
                round,
                by_round[round.pk],
                permissions.can_report_in_round(request.user, activity, round),
            )
            for round in rounds
        ],
        "chain_back": _readable(request.user, activity.chain_back()),
        "chain_forward": _readable(request.user, activity.chain_forward()),
        "history": history_of(activity)[:50] if is_member else [],
        "show_authors": is_member,
        "can_manage": permissions.can_manage_administration(request.user, plan.administration),
    }
    return render(request, "plans/activity.html", context)


def _current_reports(round) -> dict:
    if round is None:
        return {}
    reports = StatusReport.objects.in_round(round).current().with_details()
    return {report.activity_id: report for report in reports}


def _readable(user, activities):
    return [a for a in activities if permissions.can_read_plan(user, a.plan)]


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
